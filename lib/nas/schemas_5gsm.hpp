#pragma once
// The one declaration of every 5GSM message (TS 24.501 §8.3, Rel-17 tables).

#include "meridian/nas/messages_5gsm.hpp"
#include "schema.hpp"

namespace meridian::nas::detail {

/// TS 24.501 Table 8.3.1.1.1
MERIDIAN_NAS_SCHEMA(pdu_session_establishment_request, "PDU session establishment request")
using fields = std::tuple<
    V<"Integrity protection maximum data rate", &m::integrity_protection_maximum_data_rate_, 2>,
    TV1<"PDU session type", &m::pdu_session_type_, 0x9>, TV1<"SSC mode", &m::ssc_mode_, 0xa>,
    TLV<"5GSM capability", &m::gsm_capability_, 0x28, 3, 15>,
    TV<"Maximum number of supported packet filters", &m::maximum_number_of_supported_packet_filters_, 0x55, 3>,
    TV1<"Always-on PDU session requested", &m::always_on_pdu_session_requested_, 0xb>,
    TLV<"SM PDU DN request container", &m::sm_pdu_dn_request_container_, 0x39, 3, 255>,
    TLVE<"Extended protocol configuration options", &m::extended_protocol_configuration_options_, 0x7b, 4, 65538>,
    TLV<"IP header compression configuration", &m::ip_header_compression_configuration_, 0x66, 5, 257>,
    TLV<"DS-TT Ethernet port MAC address", &m::ds_tt_ethernet_port_mac_address_, 0x6e, 8, 8>,
    TLV<"UE-DS-TT residence time", &m::ue_ds_tt_residence_time_, 0x6f, 10, 10>,
    TLVE<"Port management information container", &m::port_management_information_container_, 0x7c, 8, 65538>,
    TLV<"Ethernet header compression configuration", &m::ethernet_header_compression_configuration_, 0x1f, 3, 3>,
    TLV<"Suggested interface identifier", &m::suggested_interface_identifier_, 0x29, 11, 11>,
    TLVE<"Service-level-AA container", &m::service_level_aa_container_, 0x72, 6, n>,
    TLVE<"Requested MBS container", &m::requested_mbs_container_, 0x70, 8, 65538>,
    TLV<"PDU session pair ID", &m::pdu_session_pair_id_, 0x34, 3, 3>, TLV<"RSN", &m::rsn_, 0x35, 3, 3>>;
};

/// TS 24.501 Table 8.3.2.1.1
MERIDIAN_NAS_SCHEMA(pdu_session_establishment_accept, "PDU session establishment accept")
using fields = std::tuple<
    H<"Selected PDU session type", &m::selected_pdu_session_type_>, H<"Selected SSC mode", &m::selected_ssc_mode_>,
    LVE<"Authorized QoS rules", &m::authorized_qos_rules_, 6, 65538>, LV<"Session AMBR", &m::session_ambr_, 7, 7>,
    TV<"5GSM cause", &m::cause_, 0x59, 2>, TLV<"PDU address", &m::pdu_address_, 0x29, 7, 31>,
    TV<"RQ timer value", &m::rq_timer_value_, 0x56, 2>, TLV<"S-NSSAI", &m::s_nssai_, 0x22, 3, 10>,
    TV1<"Always-on PDU session indication", &m::always_on_pdu_session_indication_, 0x8>,
    TLVE<"Mapped EPS bearer contexts", &m::mapped_eps_bearer_contexts_, 0x75, 7, 65538>,
    TLVE<"EAP message", &m::eap_message_, 0x78, 7, 1503>,
    TLVE<"Authorized QoS flow descriptions", &m::authorized_qos_flow_descriptions_, 0x79, 6, 65538>,
    TLVE<"Extended protocol configuration options", &m::extended_protocol_configuration_options_, 0x7b, 4, 65538>,
    TLV<"DNN", &m::dnn_, 0x25, 3, 102>,
    TLV<"5GSM network feature support", &m::gsm_network_feature_support_, 0x17, 3, 15>,
    TLV<"Serving PLMN rate control", &m::serving_plmn_rate_control_, 0x18, 4, 4>,
    TLVE<"ATSSS container", &m::atsss_container_, 0x77, 3, 65538>,
    TV1<"Control plane only indication", &m::control_plane_only_indication_, 0xc>,
    TLV<"IP header compression configuration", &m::ip_header_compression_configuration_, 0x66, 5, 257>,
    TLV<"Ethernet header compression configuration", &m::ethernet_header_compression_configuration_, 0x1f, 3, 3>,
    TLVE<"Service-level-AA container", &m::service_level_aa_container_, 0x72, 6, n>,
    TLVE<"Received MBS container", &m::received_mbs_container_, 0x71, 9, 65538>>;
}
;

/// TS 24.501 Table 8.3.3.1.1
MERIDIAN_NAS_SCHEMA(pdu_session_establishment_reject, "PDU session establishment reject")
using fields = std::tuple<
    V<"5GSM cause", &m::cause_, 1>, TLV<"Back-off timer value", &m::back_off_timer_value_, 0x37, 3, 3>,
    TV1<"Allowed SSC mode", &m::allowed_ssc_mode_, 0xf>, TLVE<"EAP message", &m::eap_message_, 0x78, 7, 1503>,
    TLV<"5GSM congestion re-attempt indicator", &m::congestion_reattempt_indicator_, 0x61, 3, 3>,
    TLVE<"Extended protocol configuration options", &m::extended_protocol_configuration_options_, 0x7b, 4, 65538>,
    TLV<"Re-attempt indicator", &m::reattempt_indicator_, 0x1d, 3, 3>,
    TLVE<"Service-level-AA container", &m::service_level_aa_container_, 0x72, 6, n>>;
}
;

/// TS 24.501 Table 8.3.4.1.1
MERIDIAN_NAS_SCHEMA(pdu_session_authentication_command, "PDU session authentication command")
using fields = std::tuple<
    LVE<"EAP message", &m::eap_message_, 6, 1502>,
    TLVE<"Extended protocol configuration options", &m::extended_protocol_configuration_options_, 0x7b, 4, 65538>>;
}
;

/// TS 24.501 Table 8.3.5.1.1
MERIDIAN_NAS_SCHEMA(pdu_session_authentication_complete, "PDU session authentication complete")
using fields = std::tuple<
    LVE<"EAP message", &m::eap_message_, 6, 1502>,
    TLVE<"Extended protocol configuration options", &m::extended_protocol_configuration_options_, 0x7b, 4, 65538>>;
}
;

/// TS 24.501 Table 8.3.6.1.1
MERIDIAN_NAS_SCHEMA(pdu_session_authentication_result, "PDU session authentication result")
using fields = std::tuple<
    TLVE<"EAP message", &m::eap_message_, 0x78, 7, 1503>,
    TLVE<"Extended protocol configuration options", &m::extended_protocol_configuration_options_, 0x7b, 4, 65538>>;
}
;

/// TS 24.501 Table 8.3.7.1.1
MERIDIAN_NAS_SCHEMA(pdu_session_modification_request, "PDU session modification request")
using fields = std::tuple<
    TLV<"5GSM capability", &m::gsm_capability_, 0x28, 3, 15>, TV<"5GSM cause", &m::cause_, 0x59, 2>,
    TV<"Maximum number of supported packet filters", &m::maximum_number_of_supported_packet_filters_, 0x55, 3>,
    TV1<"Always-on PDU session requested", &m::always_on_pdu_session_requested_, 0xb>,
    TV<"Integrity protection maximum data rate", &m::integrity_protection_maximum_data_rate_, 0x13, 3>,
    TLVE<"Requested QoS rules", &m::requested_qos_rules_, 0x7a, 7, 65538>,
    TLVE<"Requested QoS flow descriptions", &m::requested_qos_flow_descriptions_, 0x79, 6, 65538>,
    TLVE<"Mapped EPS bearer contexts", &m::mapped_eps_bearer_contexts_, 0x75, 7, 65538>,
    TLVE<"Extended protocol configuration options", &m::extended_protocol_configuration_options_, 0x7b, 4, 65538>,
    TLVE<"Port management information container", &m::port_management_information_container_, 0x7c, 4, 65538>,
    TLV<"IP header compression configuration", &m::ip_header_compression_configuration_, 0x66, 3, 257>,
    TLV<"Ethernet header compression configuration", &m::ethernet_header_compression_configuration_, 0x1f, 3, 3>,
    TLVE<"Requested MBS container", &m::requested_mbs_container_, 0x70, 8, 65538>,
    TLVE<"Service-level-AA container", &m::service_level_aa_container_, 0x72, 6, n>>;
}
;

/// TS 24.501 Table 8.3.8.1.1
MERIDIAN_NAS_SCHEMA(pdu_session_modification_reject, "PDU session modification reject")
using fields = std::tuple<
    V<"5GSM cause", &m::cause_, 1>, TLV<"Back-off timer value", &m::back_off_timer_value_, 0x37, 3, 3>,
    TLV<"5GSM congestion re-attempt indicator", &m::congestion_reattempt_indicator_, 0x61, 3, 3>,
    TLVE<"Extended protocol configuration options", &m::extended_protocol_configuration_options_, 0x7b, 4, 65538>,
    TLV<"Re-attempt indicator", &m::reattempt_indicator_, 0x1d, 3, 3>>;
}
;

/// TS 24.501 Table 8.3.9.1.1
MERIDIAN_NAS_SCHEMA(pdu_session_modification_command, "PDU session modification command")
using fields = std::tuple<
    TV<"5GSM cause", &m::cause_, 0x59, 2>, TLV<"Session AMBR", &m::session_ambr_, 0x2a, 8, 8>,
    TV<"RQ timer value", &m::rq_timer_value_, 0x56, 2>,
    TV1<"Always-on PDU session indication", &m::always_on_pdu_session_indication_, 0x8>,
    TLVE<"Authorized QoS rules", &m::authorized_qos_rules_, 0x7a, 7, 65538>,
    TLVE<"Mapped EPS bearer contexts", &m::mapped_eps_bearer_contexts_, 0x75, 7, 65538>,
    TLVE<"Authorized QoS flow descriptions", &m::authorized_qos_flow_descriptions_, 0x79, 6, 65538>,
    TLVE<"Extended protocol configuration options", &m::extended_protocol_configuration_options_, 0x7b, 4, 65538>,
    TLVE<"ATSSS container", &m::atsss_container_, 0x77, 3, 65538>,
    TLV<"IP header compression configuration", &m::ip_header_compression_configuration_, 0x66, 3, 257>,
    TLVE<"Port management information container", &m::port_management_information_container_, 0x7c, 4, 65538>,
    TLV<"Serving PLMN rate control", &m::serving_plmn_rate_control_, 0x1e, 4, 4>,
    TLV<"Ethernet header compression configuration", &m::ethernet_header_compression_configuration_, 0x1f, 3, 3>,
    TLVE<"Received MBS container", &m::received_mbs_container_, 0x71, 9, 65538>,
    TLVE<"Service-level-AA container", &m::service_level_aa_container_, 0x72, 6, n>>;
}
;

/// TS 24.501 Table 8.3.10.1.1
MERIDIAN_NAS_SCHEMA(pdu_session_modification_complete, "PDU session modification complete")
using fields = std::tuple<
    TLVE<"Extended protocol configuration options", &m::extended_protocol_configuration_options_, 0x7b, 4, 65538>,
    TLVE<"Port management information container", &m::port_management_information_container_, 0x7c, 4, 65538>>;
}
;

/// TS 24.501 Table 8.3.11.1.1
MERIDIAN_NAS_SCHEMA(pdu_session_modification_command_reject, "PDU session modification command reject")
using fields =
    std::tuple<V<"5GSM cause", &m::cause_, 1>, TLVE<"Extended protocol configuration options",
                                                    &m::extended_protocol_configuration_options_, 0x7b, 4, 65538>>;
}
;

/// TS 24.501 Table 8.3.12.1.1
MERIDIAN_NAS_SCHEMA(pdu_session_release_request, "PDU session release request")
using fields = std::tuple<
    TV<"5GSM cause", &m::cause_, 0x59, 2>,
    TLVE<"Extended protocol configuration options", &m::extended_protocol_configuration_options_, 0x7b, 4, 65538>>;
}
;

/// TS 24.501 Table 8.3.13.1.1
MERIDIAN_NAS_SCHEMA(pdu_session_release_reject, "PDU session release reject")
using fields =
    std::tuple<V<"5GSM cause", &m::cause_, 1>, TLVE<"Extended protocol configuration options",
                                                    &m::extended_protocol_configuration_options_, 0x7b, 4, 65538>>;
}
;

/// TS 24.501 Table 8.3.14.1.1
MERIDIAN_NAS_SCHEMA(pdu_session_release_command, "PDU session release command")
using fields = std::tuple<
    V<"5GSM cause", &m::cause_, 1>, TLV<"Back-off timer value", &m::back_off_timer_value_, 0x37, 3, 3>,
    TLVE<"EAP message", &m::eap_message_, 0x78, 7, 1503>,
    TLV<"5GSM congestion re-attempt indicator", &m::congestion_reattempt_indicator_, 0x61, 3, 3>,
    TLVE<"Extended protocol configuration options", &m::extended_protocol_configuration_options_, 0x7b, 4, 65538>,
    TV1<"Access type", &m::access_type_, 0xd>,
    TLVE<"Service-level-AA container", &m::service_level_aa_container_, 0x72, 6, n>>;
}
;

/// TS 24.501 Table 8.3.15.1.1
MERIDIAN_NAS_SCHEMA(pdu_session_release_complete, "PDU session release complete")
using fields = std::tuple<
    TV<"5GSM cause", &m::cause_, 0x59, 2>,
    TLVE<"Extended protocol configuration options", &m::extended_protocol_configuration_options_, 0x7b, 4, 65538>>;
}
;

/// TS 24.501 Table 8.3.16.1.1
MERIDIAN_NAS_SCHEMA(gsm_status, "5GSM status")
using fields = std::tuple<V<"5GSM cause", &m::cause_, 1>>;
}
;

}  // namespace meridian::nas::detail
