#pragma once
// The one declaration of every 5GMM message (TS 24.501 §8.2, Rel-17 tables):
// each IE's member, format, IEI and length limits (total length in octets, as
// in the specification's tables; `n` where the table says n).

#include "meridian/nas/messages_5gmm.hpp"
#include "schema.hpp"

namespace meridian::nas::detail {

/// TS 24.501 Table 8.2.6.1.1
MERIDIAN_NAS_SCHEMA(registration_request, "Registration request")
using fields = std::tuple<
    H<"5GS registration type", &m::registration_type_>, H<"ngKSI", &m::ngksi_>,
    LVE<"5GS mobile identity", &m::mobile_identity_, 3, n>,
    TV1<"Non-current native NAS key set identifier", &m::non_current_native_nas_ksi_, 0xc>,
    TLV<"5GMM capability", &m::gmm_capability_, 0x10, 3, 15>,
    TLV<"UE security capability", &m::ue_security_capability_, 0x2e, 4, 10>,
    TLV<"Requested NSSAI", &m::requested_nssai_, 0x2f, 4, 74>,
    TV<"Last visited registered TAI", &m::last_visited_registered_tai_, 0x52, 7>,
    TLV<"S1 UE network capability", &m::s1_ue_network_capability_, 0x17, 4, 15>,
    TLV<"Uplink data status", &m::uplink_data_status_, 0x40, 4, 34>,
    TLV<"PDU session status", &m::pdu_session_status_, 0x50, 4, 34>, TV1<"MICO indication", &m::mico_indication_, 0xb>,
    TLV<"UE status", &m::ue_status_, 0x2b, 3, 3>, TLVE<"Additional GUTI", &m::additional_guti_, 0x77, 14, 14>,
    TLV<"Allowed PDU session status", &m::allowed_pdu_session_status_, 0x25, 4, 34>,
    TLV<"UE's usage setting", &m::ue_usage_setting_, 0x18, 3, 3>,
    TLV<"Requested DRX parameters", &m::requested_drx_parameters_, 0x51, 3, 3>,
    TLVE<"EPS NAS message container", &m::eps_nas_message_container_, 0x70, 4, n>,
    TLVE<"LADN indication", &m::ladn_indication_, 0x74, 3, 811>,
    TV1<"Payload container type", &m::payload_container_type_, 0x8>,
    TLVE<"Payload container", &m::payload_container_, 0x7b, 4, 65538>,
    TV1<"Network slicing indication", &m::network_slicing_indication_, 0x9>,
    TLV<"5GS update type", &m::update_type_, 0x53, 3, 3>,
    TLV<"Mobile station classmark 2", &m::mobile_station_classmark_2_, 0x41, 5, 5>,
    TLV<"Supported codecs", &m::supported_codecs_, 0x42, 5, n>,
    TLVE<"NAS message container", &m::nas_message_container_, 0x71, 4, n>,
    TLV<"EPS bearer context status", &m::eps_bearer_context_status_, 0x60, 4, 4>,
    TLV<"Requested extended DRX parameters", &m::requested_extended_drx_parameters_, 0x6e, 3, 4>,
    TLV<"T3324 value", &m::t3324_value_, 0x6a, 3, 3>,
    TLV<"UE radio capability ID", &m::ue_radio_capability_id_, 0x67, 3, n>,
    TLV<"Requested mapped NSSAI", &m::requested_mapped_nssai_, 0x35, 3, 42>,
    TLV<"Additional information requested", &m::additional_information_requested_, 0x48, 3, 3>,
    TLV<"Requested WUS assistance information", &m::requested_wus_assistance_information_, 0x1a, 3, n>,
    TV1<"N5GC indication", &m::n5gc_indication_, 0xa>,
    TLV<"Requested NB-N1 mode DRX parameters", &m::requested_nb_n1_mode_drx_parameters_, 0x30, 3, 3>,
    TLV<"UE request type", &m::ue_request_type_, 0x29, 3, 3>,
    TLV<"Paging restriction", &m::paging_restriction_, 0x28, 3, 35>,
    TLVE<"Service-level-AA container", &m::service_level_aa_container_, 0x72, 6, n>, TLV<"NID", &m::nid_, 0x32, 8, 8>,
    TLV<"MS determined PLMN with disaster condition", &m::ms_determined_plmn_with_disaster_condition_, 0x16, 5, 5>,
    TLV<"Requested PEIPS assistance information", &m::requested_peips_assistance_information_, 0x2a, 3, n>,
    TLV<"Requested T3512 value", &m::requested_t3512_value_, 0x3b, 3, 3>>;
};

/// TS 24.501 Table 8.2.7.1.1
MERIDIAN_NAS_SCHEMA(registration_accept, "Registration accept")
using fields = std::tuple<
    LV<"5GS registration result", &m::registration_result_, 2, 2>, TLVE<"5G-GUTI", &m::guti_, 0x77, 14, 14>,
    TLV<"Equivalent PLMNs", &m::equivalent_plmns_, 0x4a, 5, 47>, TLV<"TAI list", &m::tai_list_, 0x54, 9, 114>,
    TLV<"Allowed NSSAI", &m::allowed_nssai_, 0x15, 4, 74>, TLV<"Rejected NSSAI", &m::rejected_nssai_, 0x11, 4, 42>,
    TLV<"Configured NSSAI", &m::configured_nssai_, 0x31, 4, 146>,
    TLV<"5GS network feature support", &m::network_feature_support_, 0x21, 3, 5>,
    TLV<"PDU session status", &m::pdu_session_status_, 0x50, 4, 34>,
    TLV<"PDU session reactivation result", &m::pdu_session_reactivation_result_, 0x26, 4, 34>,
    TLVE<"PDU session reactivation result error cause", &m::pdu_session_reactivation_result_error_cause_, 0x72, 5, 515>,
    TLVE<"LADN information", &m::ladn_information_, 0x79, 12, 1715>, TV1<"MICO indication", &m::mico_indication_, 0xb>,
    TV1<"Network slicing indication", &m::network_slicing_indication_, 0x9>,
    TLV<"Service area list", &m::service_area_list_, 0x27, 6, 114>, TLV<"T3512 value", &m::t3512_value_, 0x5e, 3, 3>,
    TLV<"Non-3GPP de-registration timer value", &m::non_3gpp_deregistration_timer_value_, 0x5d, 3, 3>,
    TLV<"T3502 value", &m::t3502_value_, 0x16, 3, 3>,
    TLV<"Emergency number list", &m::emergency_number_list_, 0x34, 5, 50>,
    TLVE<"Extended emergency number list", &m::extended_emergency_number_list_, 0x7a, 7, 65538>,
    TLVE<"SOR transparent container", &m::sor_transparent_container_, 0x73, 20, n>,
    TLVE<"EAP message", &m::eap_message_, 0x78, 7, 1503>, TV1<"NSSAI inclusion mode", &m::nssai_inclusion_mode_, 0xa>,
    TLVE<"Operator-defined access category definitions", &m::operator_defined_access_category_definitions_, 0x76, 3, n>,
    TLV<"Negotiated DRX parameters", &m::negotiated_drx_parameters_, 0x51, 3, 3>,
    TV1<"Non-3GPP NW policies", &m::non_3gpp_nw_policies_, 0xd>,
    TLV<"EPS bearer context status", &m::eps_bearer_context_status_, 0x60, 4, 4>,
    TLV<"Negotiated extended DRX parameters", &m::negotiated_extended_drx_parameters_, 0x6e, 3, 4>,
    TLV<"T3447 value", &m::t3447_value_, 0x6c, 3, 3>, TLV<"T3448 value", &m::t3448_value_, 0x6b, 3, 3>,
    TLV<"T3324 value", &m::t3324_value_, 0x6a, 3, 3>,
    TLV<"UE radio capability ID", &m::ue_radio_capability_id_, 0x67, 3, n>,
    TV1<"UE radio capability ID deletion indication", &m::ue_radio_capability_id_deletion_indication_, 0xe>,
    TLV<"Pending NSSAI", &m::pending_nssai_, 0x39, 2, 146>,
    TLVE<"Ciphering key data", &m::ciphering_key_data_, 0x74, 34, n>,
    TLVE<"CAG information list", &m::cag_information_list_, 0x75, 3, n>,
    TLV<"Truncated 5G-S-TMSI configuration", &m::truncated_5g_s_tmsi_configuration_, 0x1b, 3, 3>,
    TLV<"Negotiated WUS assistance information", &m::negotiated_wus_assistance_information_, 0x1c, 3, n>,
    TLV<"Negotiated NB-N1 mode DRX parameters", &m::negotiated_nb_n1_mode_drx_parameters_, 0x29, 3, 3>,
    TLV<"Extended rejected NSSAI", &m::extended_rejected_nssai_, 0x68, 5, 90>,
    TLVE<"Service-level-AA container", &m::service_level_aa_container_, 0x7b, 6, n>,
    TLV<"Negotiated PEIPS assistance information", &m::negotiated_peips_assistance_information_, 0x33, 3, n>,
    TLV<"5GS additional request result", &m::additional_request_result_, 0x35, 3, 3>,
    TLVE<"NSSRG information", &m::nssrg_information_, 0x70, 7, 4099>,
    TLV<"Disaster roaming wait range", &m::disaster_roaming_wait_range_, 0x14, 4, 4>,
    TLV<"Disaster return wait range", &m::disaster_return_wait_range_, 0x2c, 4, 4>,
    TLV<"List of PLMNs to be used in disaster condition", &m::list_of_plmns_to_be_used_in_disaster_condition_, 0x13, 2,
        n>,
    TLV<"Forbidden TAI(s) for the list of \"5GS forbidden tracking areas for roaming\"",
        &m::forbidden_tais_for_roaming_, 0x1d, 9, 114>,
    TLV<"Forbidden TAI(s) for the list of \"5GS forbidden tracking areas for regional provision of service\"",
        &m::forbidden_tais_for_regional_provision_of_service_, 0x1e, 9, 114>,
    TLVE<"Extended CAG information list", &m::extended_cag_information_list_, 0x71, 3, n>,
    TLVE<"NSAG information", &m::nsag_information_, 0x7c, 9, 3143>>;
}
;

/// TS 24.501 Table 8.2.8.1.1
MERIDIAN_NAS_SCHEMA(registration_complete, "Registration complete")
using fields = std::tuple<TLVE<"SOR transparent container", &m::sor_transparent_container_, 0x73, 20, n>>;
}
;

/// TS 24.501 Table 8.2.9.1.1
MERIDIAN_NAS_SCHEMA(registration_reject, "Registration reject")
using fields = std::tuple<
    V<"5GMM cause", &m::cause_, 1>, TLV<"T3346 value", &m::t3346_value_, 0x5f, 3, 3>,
    TLV<"T3502 value", &m::t3502_value_, 0x16, 3, 3>, TLVE<"EAP message", &m::eap_message_, 0x78, 7, 1503>,
    TLV<"Rejected NSSAI", &m::rejected_nssai_, 0x69, 4, 42>,
    TLVE<"CAG information list", &m::cag_information_list_, 0x75, 3, n>,
    TLV<"Extended rejected NSSAI", &m::extended_rejected_nssai_, 0x68, 5, 90>,
    TLV<"Disaster return wait range", &m::disaster_return_wait_range_, 0x2c, 4, 4>,
    TLVE<"Extended CAG information list", &m::extended_cag_information_list_, 0x71, 3, n>,
    TLV<"Lower bound timer value", &m::lower_bound_timer_value_, 0x3a, 3, 3>,
    TLV<"Forbidden TAI(s) for the list of \"5GS forbidden tracking areas for roaming\"",
        &m::forbidden_tais_for_roaming_, 0x1d, 9, 114>,
    TLV<"Forbidden TAI(s) for the list of \"5GS forbidden tracking areas for regional provision of service\"",
        &m::forbidden_tais_for_regional_provision_of_service_, 0x1e, 9, 114>>;
}
;

/// TS 24.501 Table 8.2.10.1.1
MERIDIAN_NAS_SCHEMA(ul_nas_transport, "UL NAS transport")
using fields =
    std::tuple<H<"Payload container type", &m::payload_container_type_>, spare_h,
               LVE<"Payload container", &m::payload_container_, 3, 65537>,
               TV<"PDU session ID", &m::pdu_session_id_, 0x12, 2>,
               TV<"Old PDU session ID", &m::old_pdu_session_id_, 0x59, 2>, TV1<"Request type", &m::request_type_, 0x8>,
               TLV<"S-NSSAI", &m::s_nssai_, 0x22, 3, 10>, TLV<"DNN", &m::dnn_, 0x25, 3, 102>,
               TLV<"Additional information", &m::additional_information_, 0x24, 3, n>,
               TV1<"MA PDU session information", &m::ma_pdu_session_information_, 0xa>,
               TV1<"Release assistance indication", &m::release_assistance_indication_, 0xf>>;
}
;

/// TS 24.501 Table 8.2.11.1.1
MERIDIAN_NAS_SCHEMA(dl_nas_transport, "DL NAS transport")
using fields = std::tuple<
    H<"Payload container type", &m::payload_container_type_>, spare_h,
    LVE<"Payload container", &m::payload_container_, 3, 65537>, TV<"PDU session ID", &m::pdu_session_id_, 0x12, 2>,
    TLV<"Additional information", &m::additional_information_, 0x24, 3, n>, TV<"5GMM cause", &m::cause_, 0x58, 2>,
    TLV<"Back-off timer value", &m::back_off_timer_value_, 0x37, 3, 3>,
    TLV<"Lower bound timer value", &m::lower_bound_timer_value_, 0x3a, 3, 3>>;
}
;

/// TS 24.501 Table 8.2.12.1.1
MERIDIAN_NAS_SCHEMA(deregistration_request_ue_originating, "Deregistration request (UE originating)")
using fields = std::tuple<H<"De-registration type", &m::deregistration_type_>, H<"ngKSI", &m::ngksi_>,
                          LVE<"5GS mobile identity", &m::mobile_identity_, 3, n>>;
}
;

/// TS 24.501 Table 8.2.13.1.1
MERIDIAN_NAS_SCHEMA(deregistration_accept_ue_originating, "Deregistration accept (UE originating)")
using fields = std::tuple<>;
}
;

/// TS 24.501 Table 8.2.14.1.1
MERIDIAN_NAS_SCHEMA(deregistration_request_ue_terminated, "Deregistration request (UE terminated)")
using fields = std::tuple<
    H<"De-registration type", &m::deregistration_type_>, spare_h, TV<"5GMM cause", &m::cause_, 0x58, 2>,
    TLV<"T3346 value", &m::t3346_value_, 0x5f, 3, 3>, TLV<"Rejected NSSAI", &m::rejected_nssai_, 0x6d, 4, 42>,
    TLVE<"CAG information list", &m::cag_information_list_, 0x75, 3, n>,
    TLV<"Extended rejected NSSAI", &m::extended_rejected_nssai_, 0x68, 5, 90>,
    TLV<"Disaster return wait range", &m::disaster_return_wait_range_, 0x2c, 4, 4>,
    TLVE<"Extended CAG information list", &m::extended_cag_information_list_, 0x71, 3, n>,
    TLV<"Lower bound timer value", &m::lower_bound_timer_value_, 0x3a, 3, 3>,
    TLV<"Forbidden TAI(s) for the list of \"5GS forbidden tracking areas for roaming\"",
        &m::forbidden_tais_for_roaming_, 0x1d, 9, 114>,
    TLV<"Forbidden TAI(s) for the list of \"5GS forbidden tracking areas for regional provision of service\"",
        &m::forbidden_tais_for_regional_provision_of_service_, 0x1e, 9, 114>>;
}
;

/// TS 24.501 Table 8.2.15.1.1
MERIDIAN_NAS_SCHEMA(deregistration_accept_ue_terminated, "Deregistration accept (UE terminated)")
using fields = std::tuple<>;
}
;

/// TS 24.501 Table 8.2.16.1.1
MERIDIAN_NAS_SCHEMA(service_request, "Service request")
using fields =
    std::tuple<H<"ngKSI", &m::ngksi_>, H<"Service type", &m::service_type_>, LVE<"5G-S-TMSI", &m::s_tmsi_, 9, 9>,
               TLV<"Uplink data status", &m::uplink_data_status_, 0x40, 4, 34>,
               TLV<"PDU session status", &m::pdu_session_status_, 0x50, 4, 34>,
               TLV<"Allowed PDU session status", &m::allowed_pdu_session_status_, 0x25, 4, 34>,
               TLVE<"NAS message container", &m::nas_message_container_, 0x71, 4, n>,
               TLV<"UE request type", &m::ue_request_type_, 0x29, 3, 3>,
               TLV<"Paging restriction", &m::paging_restriction_, 0x28, 3, 35>>;
}
;

/// TS 24.501 Table 8.2.17.1.1
MERIDIAN_NAS_SCHEMA(service_accept, "Service accept")
using fields = std::tuple<
    TLV<"PDU session status", &m::pdu_session_status_, 0x50, 4, 34>,
    TLV<"PDU session reactivation result", &m::pdu_session_reactivation_result_, 0x26, 4, 34>,
    TLVE<"PDU session reactivation result error cause", &m::pdu_session_reactivation_result_error_cause_, 0x72, 5, 515>,
    TLVE<"EAP message", &m::eap_message_, 0x78, 7, 1503>, TLV<"T3448 value", &m::t3448_value_, 0x6b, 3, 3>,
    TLV<"5GS additional request result", &m::additional_request_result_, 0x34, 3, 3>,
    TLV<"Forbidden TAI(s) for the list of \"5GS forbidden tracking areas for roaming\"",
        &m::forbidden_tais_for_roaming_, 0x1d, 9, 114>,
    TLV<"Forbidden TAI(s) for the list of \"5GS forbidden tracking areas for regional provision of service\"",
        &m::forbidden_tais_for_regional_provision_of_service_, 0x1e, 9, 114>>;
}
;

/// TS 24.501 Table 8.2.18.1.1
MERIDIAN_NAS_SCHEMA(service_reject, "Service reject")
using fields = std::tuple<
    V<"5GMM cause", &m::cause_, 1>, TLV<"PDU session status", &m::pdu_session_status_, 0x50, 4, 34>,
    TLV<"T3346 value", &m::t3346_value_, 0x5f, 3, 3>, TLVE<"EAP message", &m::eap_message_, 0x78, 7, 1503>,
    TLV<"T3448 value", &m::t3448_value_, 0x6b, 3, 3>,
    TLVE<"CAG information list", &m::cag_information_list_, 0x75, 3, n>,
    TLV<"Disaster return wait range", &m::disaster_return_wait_range_, 0x2c, 4, 4>,
    TLVE<"Extended CAG information list", &m::extended_cag_information_list_, 0x71, 3, n>,
    TLV<"Lower bound timer value", &m::lower_bound_timer_value_, 0x3a, 3, 3>,
    TLV<"Forbidden TAI(s) for the list of \"5GS forbidden tracking areas for roaming\"",
        &m::forbidden_tais_for_roaming_, 0x1d, 9, 114>,
    TLV<"Forbidden TAI(s) for the list of \"5GS forbidden tracking areas for regional provision of service\"",
        &m::forbidden_tais_for_regional_provision_of_service_, 0x1e, 9, 114>>;
}
;

/// TS 24.501 Table 8.2.30.1.1
MERIDIAN_NAS_SCHEMA(control_plane_service_request, "Control plane service request")
using fields = std::tuple<H<"Control plane service type", &m::control_plane_service_type_>, H<"ngKSI", &m::ngksi_>,
                          TLV<"CIoT small data container", &m::ciot_small_data_container_, 0x6f, 4, 257>,
                          TV1<"Payload container type", &m::payload_container_type_, 0x8>,
                          TLVE<"Payload container", &m::payload_container_, 0x7b, 4, 65538>,
                          TV<"PDU session ID", &m::pdu_session_id_, 0x12, 2>,
                          TLV<"PDU session status", &m::pdu_session_status_, 0x50, 4, 34>,
                          TV1<"Release assistance indication", &m::release_assistance_indication_, 0xf>,
                          TLV<"Uplink data status", &m::uplink_data_status_, 0x40, 4, 34>,
                          TLVE<"NAS message container", &m::nas_message_container_, 0x71, 4, n>,
                          TLV<"Additional information", &m::additional_information_, 0x24, 3, n>,
                          TLV<"Allowed PDU session status", &m::allowed_pdu_session_status_, 0x25, 4, 34>,
                          TLV<"UE request type", &m::ue_request_type_, 0x29, 3, 3>,
                          TLV<"Paging restriction", &m::paging_restriction_, 0x28, 3, 35>>;
}
;

/// TS 24.501 Table 8.2.19.1.1
MERIDIAN_NAS_SCHEMA(configuration_update_command, "Configuration update command")
using fields = std::tuple<
    TV1<"Configuration update indication", &m::configuration_update_indication_, 0xd>,
    TLVE<"5G-GUTI", &m::guti_, 0x77, 14, 14>, TLV<"TAI list", &m::tai_list_, 0x54, 9, 114>,
    TLV<"Allowed NSSAI", &m::allowed_nssai_, 0x15, 4, 74>,
    TLV<"Service area list", &m::service_area_list_, 0x27, 6, 114>,
    TLV<"Full name for network", &m::full_name_for_network_, 0x43, 3, n>,
    TLV<"Short name for network", &m::short_name_for_network_, 0x45, 3, n>,
    TV<"Local time zone", &m::local_time_zone_, 0x46, 2>,
    TV<"Universal time and local time zone", &m::universal_time_and_local_time_zone_, 0x47, 8>,
    TLV<"Network daylight saving time", &m::network_daylight_saving_time_, 0x49, 3, 3>,
    TLVE<"LADN information", &m::ladn_information_, 0x79, 3, 1715>, TV1<"MICO indication", &m::mico_indication_, 0xb>,
    TV1<"Network slicing indication", &m::network_slicing_indication_, 0x9>,
    TLV<"Configured NSSAI", &m::configured_nssai_, 0x31, 4, 146>,
    TLV<"Rejected NSSAI", &m::rejected_nssai_, 0x11, 4, 42>,
    TLVE<"Operator-defined access category definitions", &m::operator_defined_access_category_definitions_, 0x76, 3, n>,
    TV1<"SMS indication", &m::sms_indication_, 0xf>, TLV<"T3447 value", &m::t3447_value_, 0x6c, 3, 3>,
    TLVE<"CAG information list", &m::cag_information_list_, 0x75, 3, n>,
    TLV<"UE radio capability ID", &m::ue_radio_capability_id_, 0x67, 3, n>,
    TV1<"UE radio capability ID deletion indication", &m::ue_radio_capability_id_deletion_indication_, 0xa>,
    TLV<"5GS registration result", &m::registration_result_, 0x44, 3, 3>,
    TLV<"Truncated 5G-S-TMSI configuration", &m::truncated_5g_s_tmsi_configuration_, 0x1b, 3, 3>,
    TV1<"Additional configuration indication", &m::additional_configuration_indication_, 0xc>,
    TLV<"Extended rejected NSSAI", &m::extended_rejected_nssai_, 0x68, 5, 90>,
    TLVE<"Service-level-AA container", &m::service_level_aa_container_, 0x72, 6, n>,
    TLVE<"NSSRG information", &m::nssrg_information_, 0x70, 7, 4099>,
    TLV<"Disaster roaming wait range", &m::disaster_roaming_wait_range_, 0x14, 4, 4>,
    TLV<"Disaster return wait range", &m::disaster_return_wait_range_, 0x2c, 4, 4>,
    TLV<"List of PLMNs to be used in disaster condition", &m::list_of_plmns_to_be_used_in_disaster_condition_, 0x13, 2,
        n>,
    TLVE<"Extended CAG information list", &m::extended_cag_information_list_, 0x71, 3, n>,
    TLV<"Updated PEIPS assistance information", &m::updated_peips_assistance_information_, 0x1f, 3, n>,
    TLVE<"NSAG information", &m::nsag_information_, 0x73, 9, 3143>,
    TV1<"Priority indicator", &m::priority_indicator_, 0xe>>;
}
;

/// TS 24.501 Table 8.2.20.1.1
MERIDIAN_NAS_SCHEMA(configuration_update_complete, "Configuration update complete")
using fields = std::tuple<>;
}
;

/// TS 24.501 Table 8.2.1.1.1
MERIDIAN_NAS_SCHEMA(authentication_request, "Authentication request")
using fields = std::tuple<H<"ngKSI", &m::ngksi_>, spare_h, LV<"ABBA", &m::abba_, 3, n>,
                          TV<"Authentication parameter RAND", &m::rand_, 0x21, 17>,
                          TLV<"Authentication parameter AUTN", &m::autn_, 0x20, 18, 18>,
                          TLVE<"EAP message", &m::eap_message_, 0x78, 7, 1503>>;
}
;

/// TS 24.501 Table 8.2.2.1.1
MERIDIAN_NAS_SCHEMA(authentication_response, "Authentication response")
using fields = std::tuple<TLV<"Authentication response parameter", &m::res_star_, 0x2d, 18, 18>,
                          TLVE<"EAP message", &m::eap_message_, 0x78, 7, 1503>>;
}
;

/// TS 24.501 Table 8.2.5.1.1
MERIDIAN_NAS_SCHEMA(authentication_reject, "Authentication reject")
using fields = std::tuple<TLVE<"EAP message", &m::eap_message_, 0x78, 7, 1503>>;
}
;

/// TS 24.501 Table 8.2.4.1.1
MERIDIAN_NAS_SCHEMA(authentication_failure, "Authentication failure")
using fields = std::tuple<V<"5GMM cause", &m::cause_, 1>,
                          TLV<"Authentication failure parameter", &m::authentication_failure_parameter_, 0x30, 16, 16>>;
}
;

/// TS 24.501 Table 8.2.3.1.1
MERIDIAN_NAS_SCHEMA(authentication_result, "Authentication result")
using fields = std::tuple<H<"ngKSI", &m::ngksi_>, spare_h, LVE<"EAP message", &m::eap_message_, 6, 1502>,
                          TLV<"ABBA", &m::abba_, 0x38, 4, n>>;
}
;

/// TS 24.501 Table 8.2.21.1.1
MERIDIAN_NAS_SCHEMA(identity_request, "Identity request")
using fields = std::tuple<H<"Identity type", &m::identity_type_>, spare_h>;
}
;

/// TS 24.501 Table 8.2.22.1.1
MERIDIAN_NAS_SCHEMA(identity_response, "Identity response")
using fields = std::tuple<LVE<"Mobile identity", &m::mobile_identity_, 3, n>>;
}
;

/// TS 24.501 Table 8.2.25.1.1
MERIDIAN_NAS_SCHEMA(security_mode_command, "Security mode command")
using fields =
    std::tuple<V<"Selected NAS security algorithms", &m::selected_nas_security_algorithms_, 1>, H<"ngKSI", &m::ngksi_>,
               spare_h, LV<"Replayed UE security capabilities", &m::replayed_ue_security_capabilities_, 3, 9>,
               TV1<"IMEISV request", &m::imeisv_request_, 0xe>,
               TV<"Selected EPS NAS security algorithms", &m::selected_eps_nas_security_algorithms_, 0x57, 2>,
               TLV<"Additional 5G security information", &m::additional_5g_security_information_, 0x36, 3, 3>,
               TLVE<"EAP message", &m::eap_message_, 0x78, 7, 1503>, TLV<"ABBA", &m::abba_, 0x38, 4, n>,
               TLV<"Replayed S1 UE security capabilities", &m::replayed_s1_ue_security_capabilities_, 0x19, 4, 7>>;
}
;

/// TS 24.501 Table 8.2.26.1.1
MERIDIAN_NAS_SCHEMA(security_mode_complete, "Security mode complete")
using fields = std::tuple<TLVE<"IMEISV", &m::imeisv_, 0x77, 12, 12>,
                          TLVE<"NAS message container", &m::nas_message_container_, 0x71, 4, n>,
                          TLVE<"non-IMEISV PEI", &m::non_imeisv_pei_, 0x78, 7, n>>;
}
;

/// TS 24.501 Table 8.2.27.1.1
MERIDIAN_NAS_SCHEMA(security_mode_reject, "Security mode reject")
using fields = std::tuple<V<"5GMM cause", &m::cause_, 1>>;
}
;

/// TS 24.501 Table 8.2.29.1.1
MERIDIAN_NAS_SCHEMA(gmm_status, "5GMM status")
using fields = std::tuple<V<"5GMM cause", &m::cause_, 1>>;
}
;

/// TS 24.501 Table 8.2.23.1.1
MERIDIAN_NAS_SCHEMA(notification, "Notification")
using fields = std::tuple<H<"Access type", &m::access_type_>, spare_h>;
}
;

/// TS 24.501 Table 8.2.24.1.1
MERIDIAN_NAS_SCHEMA(notification_response, "Notification response")
using fields = std::tuple<TLV<"PDU session status", &m::pdu_session_status_, 0x50, 4, 34>>;
}
;

/// TS 24.501 Table 8.2.31.1.1
MERIDIAN_NAS_SCHEMA(network_slice_specific_authentication_command, "Network slice-specific authentication command")
using fields = std::tuple<LV<"S-NSSAI", &m::s_nssai_, 2, 9>, LVE<"EAP message", &m::eap_message_, 6, 1502>>;
}
;

/// TS 24.501 Table 8.2.32.1.1
MERIDIAN_NAS_SCHEMA(network_slice_specific_authentication_complete, "Network slice-specific authentication complete")
using fields = std::tuple<LV<"S-NSSAI", &m::s_nssai_, 2, 9>, LVE<"EAP message", &m::eap_message_, 6, 1502>>;
}
;

/// TS 24.501 Table 8.2.33.1.1
MERIDIAN_NAS_SCHEMA(network_slice_specific_authentication_result, "Network slice-specific authentication result")
using fields = std::tuple<LV<"S-NSSAI", &m::s_nssai_, 2, 9>, LVE<"EAP message", &m::eap_message_, 6, 1502>>;
}
;

}  // namespace meridian::nas::detail
