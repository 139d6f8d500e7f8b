#pragma once
// 5GS mobility management messages, TS 24.501 §8.2 (Rel-17). One plain struct
// per message: mandatory IEs as values, optional IEs as std::optional. The IEI,
// format and length limits of each field are declared once, in the message's
// schema (lib/nas/schemas_5gmm.hpp), which drives decoding, encoding and JSON.

#include <array>
#include <cstdint>
#include <optional>
#include <variant>

#include "meridian/nas/ies.hpp"
#include "meridian/nas/message_common.hpp"

namespace meridian::nas {

using rand_value = std::array<std::uint8_t, 16>;
using autn_value = std::array<std::uint8_t, 16>;
using res_star_value = std::array<std::uint8_t, 16>;
using auts_value = std::array<std::uint8_t, 14>;

/// TS 24.501 §8.2.6 Registration request.
struct registration_request {
  static constexpr std::uint8_t message_type = 0x41;
  registration_type registration_type_;
  key_set_identifier ngksi_;
  mobile_identity mobile_identity_;
  std::optional<key_set_identifier> non_current_native_nas_ksi_;
  std::optional<octets> gmm_capability_;
  std::optional<ue_security_capability> ue_security_capability_;
  std::optional<nssai> requested_nssai_;
  std::optional<model::tai> last_visited_registered_tai_;
  std::optional<octets> s1_ue_network_capability_;
  std::optional<psi_bitmap> uplink_data_status_;
  std::optional<psi_bitmap> pdu_session_status_;
  std::optional<half_octet> mico_indication_;
  std::optional<octets> ue_status_;
  std::optional<mobile_identity> additional_guti_;
  std::optional<psi_bitmap> allowed_pdu_session_status_;
  std::optional<octets> ue_usage_setting_;
  std::optional<octets> requested_drx_parameters_;
  std::optional<octets> eps_nas_message_container_;
  std::optional<octets> ladn_indication_;
  std::optional<payload_container_type> payload_container_type_;
  std::optional<payload_container> payload_container_;
  std::optional<half_octet> network_slicing_indication_;
  std::optional<octets> update_type_;
  std::optional<octets> mobile_station_classmark_2_;
  std::optional<octets> supported_codecs_;
  std::optional<nas_message_container> nas_message_container_;
  std::optional<octets> eps_bearer_context_status_;
  std::optional<octets> requested_extended_drx_parameters_;
  std::optional<gprs_timer_3> t3324_value_;
  std::optional<octets> ue_radio_capability_id_;
  std::optional<nssai> requested_mapped_nssai_;
  std::optional<octets> additional_information_requested_;
  std::optional<octets> requested_wus_assistance_information_;
  std::optional<half_octet> n5gc_indication_;
  std::optional<octets> requested_nb_n1_mode_drx_parameters_;
  std::optional<octets> ue_request_type_;
  std::optional<octets> paging_restriction_;
  std::optional<octets> service_level_aa_container_;
  std::optional<octets> nid_;
  std::optional<octets> ms_determined_plmn_with_disaster_condition_;
  std::optional<octets> requested_peips_assistance_information_;
  std::optional<gprs_timer_3> requested_t3512_value_;
  ie_order ie_order_;
  bool operator==(const registration_request&) const = default;
};

/// TS 24.501 §8.2.7 Registration accept.
struct registration_accept {
  static constexpr std::uint8_t message_type = 0x42;
  registration_result registration_result_;
  std::optional<mobile_identity> guti_;
  std::optional<octets> equivalent_plmns_;
  std::optional<tai_list> tai_list_;
  std::optional<nssai> allowed_nssai_;
  std::optional<rejected_nssai> rejected_nssai_;
  std::optional<nssai> configured_nssai_;
  std::optional<octets> network_feature_support_;
  std::optional<psi_bitmap> pdu_session_status_;
  std::optional<psi_bitmap> pdu_session_reactivation_result_;
  std::optional<octets> pdu_session_reactivation_result_error_cause_;
  std::optional<octets> ladn_information_;
  std::optional<half_octet> mico_indication_;
  std::optional<half_octet> network_slicing_indication_;
  std::optional<octets> service_area_list_;
  std::optional<gprs_timer_3> t3512_value_;
  std::optional<gprs_timer_2> non_3gpp_deregistration_timer_value_;
  std::optional<gprs_timer_2> t3502_value_;
  std::optional<octets> emergency_number_list_;
  std::optional<octets> extended_emergency_number_list_;
  std::optional<octets> sor_transparent_container_;
  std::optional<eap_message> eap_message_;
  std::optional<half_octet> nssai_inclusion_mode_;
  std::optional<octets> operator_defined_access_category_definitions_;
  std::optional<octets> negotiated_drx_parameters_;
  std::optional<half_octet> non_3gpp_nw_policies_;
  std::optional<octets> eps_bearer_context_status_;
  std::optional<octets> negotiated_extended_drx_parameters_;
  std::optional<gprs_timer_3> t3447_value_;
  std::optional<gprs_timer_3> t3448_value_;
  std::optional<gprs_timer_3> t3324_value_;
  std::optional<octets> ue_radio_capability_id_;
  std::optional<half_octet> ue_radio_capability_id_deletion_indication_;
  std::optional<nssai> pending_nssai_;
  std::optional<octets> ciphering_key_data_;
  std::optional<octets> cag_information_list_;
  std::optional<octets> truncated_5g_s_tmsi_configuration_;
  std::optional<octets> negotiated_wus_assistance_information_;
  std::optional<octets> negotiated_nb_n1_mode_drx_parameters_;
  std::optional<octets> extended_rejected_nssai_;
  std::optional<octets> service_level_aa_container_;
  std::optional<octets> negotiated_peips_assistance_information_;
  std::optional<octets> additional_request_result_;
  std::optional<octets> nssrg_information_;
  std::optional<octets> disaster_roaming_wait_range_;
  std::optional<octets> disaster_return_wait_range_;
  std::optional<octets> list_of_plmns_to_be_used_in_disaster_condition_;
  std::optional<tai_list> forbidden_tais_for_roaming_;
  std::optional<tai_list> forbidden_tais_for_regional_provision_of_service_;
  std::optional<octets> extended_cag_information_list_;
  std::optional<octets> nsag_information_;
  ie_order ie_order_;
  bool operator==(const registration_accept&) const = default;
};

/// TS 24.501 §8.2.8 Registration complete.
struct registration_complete {
  static constexpr std::uint8_t message_type = 0x43;
  std::optional<octets> sor_transparent_container_;
  ie_order ie_order_;
  bool operator==(const registration_complete&) const = default;
};

/// TS 24.501 §8.2.9 Registration reject.
struct registration_reject {
  static constexpr std::uint8_t message_type = 0x44;
  gmm_cause cause_ = gmm_cause::protocol_error_unspecified;
  std::optional<gprs_timer_2> t3346_value_;
  std::optional<gprs_timer_2> t3502_value_;
  std::optional<eap_message> eap_message_;
  std::optional<rejected_nssai> rejected_nssai_;
  std::optional<octets> cag_information_list_;
  std::optional<octets> extended_rejected_nssai_;
  std::optional<octets> disaster_return_wait_range_;
  std::optional<octets> extended_cag_information_list_;
  std::optional<gprs_timer_3> lower_bound_timer_value_;
  std::optional<tai_list> forbidden_tais_for_roaming_;
  std::optional<tai_list> forbidden_tais_for_regional_provision_of_service_;
  ie_order ie_order_;
  bool operator==(const registration_reject&) const = default;
};

/// TS 24.501 §8.2.10 UL NAS transport.
struct ul_nas_transport {
  static constexpr std::uint8_t message_type = 0x67;
  payload_container_type payload_container_type_;
  payload_container payload_container_;
  std::optional<std::uint8_t> pdu_session_id_;
  std::optional<std::uint8_t> old_pdu_session_id_;
  std::optional<request_type> request_type_;
  std::optional<s_nssai> s_nssai_;
  std::optional<dnn> dnn_;
  std::optional<octets> additional_information_;
  std::optional<half_octet> ma_pdu_session_information_;
  std::optional<half_octet> release_assistance_indication_;
  ie_order ie_order_;
  bool operator==(const ul_nas_transport&) const = default;
};

/// TS 24.501 §8.2.11 DL NAS transport.
struct dl_nas_transport {
  static constexpr std::uint8_t message_type = 0x68;
  payload_container_type payload_container_type_;
  payload_container payload_container_;
  std::optional<std::uint8_t> pdu_session_id_;
  std::optional<octets> additional_information_;
  std::optional<gmm_cause> cause_;
  std::optional<gprs_timer_3> back_off_timer_value_;
  std::optional<gprs_timer_3> lower_bound_timer_value_;
  ie_order ie_order_;
  bool operator==(const dl_nas_transport&) const = default;
};

/// TS 24.501 §8.2.12 De-registration request (UE originating de-registration).
struct deregistration_request_ue_originating {
  static constexpr std::uint8_t message_type = 0x45;
  deregistration_type deregistration_type_;
  key_set_identifier ngksi_;
  mobile_identity mobile_identity_;
  ie_order ie_order_;
  bool operator==(const deregistration_request_ue_originating&) const = default;
};

/// TS 24.501 §8.2.13 De-registration accept (UE originating de-registration).
struct deregistration_accept_ue_originating {
  static constexpr std::uint8_t message_type = 0x46;
  ie_order ie_order_;
  bool operator==(const deregistration_accept_ue_originating&) const = default;
};

/// TS 24.501 §8.2.14 De-registration request (UE terminated de-registration).
struct deregistration_request_ue_terminated {
  static constexpr std::uint8_t message_type = 0x47;
  deregistration_type deregistration_type_;
  std::optional<gmm_cause> cause_;
  std::optional<gprs_timer_2> t3346_value_;
  std::optional<rejected_nssai> rejected_nssai_;
  std::optional<octets> cag_information_list_;
  std::optional<octets> extended_rejected_nssai_;
  std::optional<octets> disaster_return_wait_range_;
  std::optional<octets> extended_cag_information_list_;
  std::optional<gprs_timer_3> lower_bound_timer_value_;
  std::optional<tai_list> forbidden_tais_for_roaming_;
  std::optional<tai_list> forbidden_tais_for_regional_provision_of_service_;
  ie_order ie_order_;
  bool operator==(const deregistration_request_ue_terminated&) const = default;
};

/// TS 24.501 §8.2.15 De-registration accept (UE terminated de-registration).
struct deregistration_accept_ue_terminated {
  static constexpr std::uint8_t message_type = 0x48;
  ie_order ie_order_;
  bool operator==(const deregistration_accept_ue_terminated&) const = default;
};

/// TS 24.501 §8.2.16 Service request.
struct service_request {
  static constexpr std::uint8_t message_type = 0x4c;
  key_set_identifier ngksi_;
  service_type service_type_;
  mobile_identity s_tmsi_;
  std::optional<psi_bitmap> uplink_data_status_;
  std::optional<psi_bitmap> pdu_session_status_;
  std::optional<psi_bitmap> allowed_pdu_session_status_;
  std::optional<nas_message_container> nas_message_container_;
  std::optional<octets> ue_request_type_;
  std::optional<octets> paging_restriction_;
  ie_order ie_order_;
  bool operator==(const service_request&) const = default;
};

/// TS 24.501 §8.2.17 Service accept.
struct service_accept {
  static constexpr std::uint8_t message_type = 0x4e;
  std::optional<psi_bitmap> pdu_session_status_;
  std::optional<psi_bitmap> pdu_session_reactivation_result_;
  std::optional<octets> pdu_session_reactivation_result_error_cause_;
  std::optional<eap_message> eap_message_;
  std::optional<gprs_timer_3> t3448_value_;
  std::optional<octets> additional_request_result_;
  std::optional<tai_list> forbidden_tais_for_roaming_;
  std::optional<tai_list> forbidden_tais_for_regional_provision_of_service_;
  ie_order ie_order_;
  bool operator==(const service_accept&) const = default;
};

/// TS 24.501 §8.2.18 Service reject.
struct service_reject {
  static constexpr std::uint8_t message_type = 0x4d;
  gmm_cause cause_ = gmm_cause::protocol_error_unspecified;
  std::optional<psi_bitmap> pdu_session_status_;
  std::optional<gprs_timer_2> t3346_value_;
  std::optional<eap_message> eap_message_;
  std::optional<gprs_timer_3> t3448_value_;
  std::optional<octets> cag_information_list_;
  std::optional<octets> disaster_return_wait_range_;
  std::optional<octets> extended_cag_information_list_;
  std::optional<gprs_timer_3> lower_bound_timer_value_;
  std::optional<tai_list> forbidden_tais_for_roaming_;
  std::optional<tai_list> forbidden_tais_for_regional_provision_of_service_;
  ie_order ie_order_;
  bool operator==(const service_reject&) const = default;
};

/// TS 24.501 §8.2.19 Configuration update command.
struct configuration_update_command {
  static constexpr std::uint8_t message_type = 0x54;
  std::optional<half_octet> configuration_update_indication_;
  std::optional<mobile_identity> guti_;
  std::optional<tai_list> tai_list_;
  std::optional<nssai> allowed_nssai_;
  std::optional<octets> service_area_list_;
  std::optional<network_name> full_name_for_network_;
  std::optional<network_name> short_name_for_network_;
  std::optional<std::uint8_t> local_time_zone_;
  std::optional<std::array<std::uint8_t, 7>> universal_time_and_local_time_zone_;
  std::optional<octets> network_daylight_saving_time_;
  std::optional<octets> ladn_information_;
  std::optional<half_octet> mico_indication_;
  std::optional<half_octet> network_slicing_indication_;
  std::optional<nssai> configured_nssai_;
  std::optional<rejected_nssai> rejected_nssai_;
  std::optional<octets> operator_defined_access_category_definitions_;
  std::optional<half_octet> sms_indication_;
  std::optional<gprs_timer_3> t3447_value_;
  std::optional<octets> cag_information_list_;
  std::optional<octets> ue_radio_capability_id_;
  std::optional<half_octet> ue_radio_capability_id_deletion_indication_;
  std::optional<octets> registration_result_;
  std::optional<octets> truncated_5g_s_tmsi_configuration_;
  std::optional<half_octet> additional_configuration_indication_;
  std::optional<octets> extended_rejected_nssai_;
  std::optional<octets> service_level_aa_container_;
  std::optional<octets> nssrg_information_;
  std::optional<octets> disaster_roaming_wait_range_;
  std::optional<octets> disaster_return_wait_range_;
  std::optional<octets> list_of_plmns_to_be_used_in_disaster_condition_;
  std::optional<octets> extended_cag_information_list_;
  std::optional<octets> updated_peips_assistance_information_;
  std::optional<octets> nsag_information_;
  std::optional<half_octet> priority_indicator_;
  ie_order ie_order_;
  bool operator==(const configuration_update_command&) const = default;
};

/// TS 24.501 §8.2.20 Configuration update complete.
struct configuration_update_complete {
  static constexpr std::uint8_t message_type = 0x55;
  ie_order ie_order_;
  bool operator==(const configuration_update_complete&) const = default;
};

/// TS 24.501 §8.2.1 Authentication request.
struct authentication_request {
  static constexpr std::uint8_t message_type = 0x56;
  key_set_identifier ngksi_;
  abba abba_;
  std::optional<rand_value> rand_;
  std::optional<autn_value> autn_;
  std::optional<eap_message> eap_message_;
  ie_order ie_order_;
  bool operator==(const authentication_request&) const = default;
};

/// TS 24.501 §8.2.2 Authentication response.
struct authentication_response {
  static constexpr std::uint8_t message_type = 0x57;
  std::optional<res_star_value> res_star_;
  std::optional<eap_message> eap_message_;
  ie_order ie_order_;
  bool operator==(const authentication_response&) const = default;
};

/// TS 24.501 §8.2.3 Authentication result.
struct authentication_result {
  static constexpr std::uint8_t message_type = 0x5a;
  key_set_identifier ngksi_;
  eap_message eap_message_;
  std::optional<abba> abba_;
  ie_order ie_order_;
  bool operator==(const authentication_result&) const = default;
};

/// TS 24.501 §8.2.4 Authentication failure.
struct authentication_failure {
  static constexpr std::uint8_t message_type = 0x59;
  gmm_cause cause_ = gmm_cause::mac_failure;
  std::optional<auts_value> authentication_failure_parameter_;
  ie_order ie_order_;
  bool operator==(const authentication_failure&) const = default;
};

/// TS 24.501 §8.2.5 Authentication reject.
struct authentication_reject {
  static constexpr std::uint8_t message_type = 0x58;
  std::optional<eap_message> eap_message_;
  ie_order ie_order_;
  bool operator==(const authentication_reject&) const = default;
};

/// TS 24.501 §8.2.21 Identity request.
struct identity_request {
  static constexpr std::uint8_t message_type = 0x5b;
  identity_type_ie identity_type_;
  ie_order ie_order_;
  bool operator==(const identity_request&) const = default;
};

/// TS 24.501 §8.2.22 Identity response.
struct identity_response {
  static constexpr std::uint8_t message_type = 0x5c;
  mobile_identity mobile_identity_;
  ie_order ie_order_;
  bool operator==(const identity_response&) const = default;
};

/// TS 24.501 §8.2.25 Security mode command.
struct security_mode_command {
  static constexpr std::uint8_t message_type = 0x5d;
  nas_security_algorithms selected_nas_security_algorithms_;
  key_set_identifier ngksi_;
  ue_security_capability replayed_ue_security_capabilities_;
  std::optional<half_octet> imeisv_request_;
  std::optional<std::uint8_t> selected_eps_nas_security_algorithms_;
  std::optional<octets> additional_5g_security_information_;
  std::optional<eap_message> eap_message_;
  std::optional<abba> abba_;
  std::optional<octets> replayed_s1_ue_security_capabilities_;
  ie_order ie_order_;
  bool operator==(const security_mode_command&) const = default;
};

/// TS 24.501 §8.2.26 Security mode complete.
struct security_mode_complete {
  static constexpr std::uint8_t message_type = 0x5e;
  std::optional<mobile_identity> imeisv_;
  std::optional<nas_message_container> nas_message_container_;
  std::optional<mobile_identity> non_imeisv_pei_;
  ie_order ie_order_;
  bool operator==(const security_mode_complete&) const = default;
};

/// TS 24.501 §8.2.27 Security mode reject.
struct security_mode_reject {
  static constexpr std::uint8_t message_type = 0x5f;
  gmm_cause cause_ = gmm_cause::security_mode_rejected_unspecified;
  ie_order ie_order_;
  bool operator==(const security_mode_reject&) const = default;
};

/// TS 24.501 §8.2.29 5GMM status.
struct gmm_status {
  static constexpr std::uint8_t message_type = 0x64;
  gmm_cause cause_ = gmm_cause::protocol_error_unspecified;
  ie_order ie_order_;
  bool operator==(const gmm_status&) const = default;
};

/// TS 24.501 §8.2.23 Notification.
struct notification {
  static constexpr std::uint8_t message_type = 0x65;
  access_type_ie access_type_;
  ie_order ie_order_;
  bool operator==(const notification&) const = default;
};

/// TS 24.501 §8.2.24 Notification response.
struct notification_response {
  static constexpr std::uint8_t message_type = 0x66;
  std::optional<psi_bitmap> pdu_session_status_;
  ie_order ie_order_;
  bool operator==(const notification_response&) const = default;
};

/// TS 24.501 §8.2.30 Control plane service request.
struct control_plane_service_request {
  static constexpr std::uint8_t message_type = 0x4f;
  half_octet control_plane_service_type_;
  key_set_identifier ngksi_;
  std::optional<octets> ciot_small_data_container_;
  std::optional<payload_container_type> payload_container_type_;
  std::optional<payload_container> payload_container_;
  std::optional<std::uint8_t> pdu_session_id_;
  std::optional<psi_bitmap> pdu_session_status_;
  std::optional<half_octet> release_assistance_indication_;
  std::optional<psi_bitmap> uplink_data_status_;
  std::optional<nas_message_container> nas_message_container_;
  std::optional<octets> additional_information_;
  std::optional<psi_bitmap> allowed_pdu_session_status_;
  std::optional<octets> ue_request_type_;
  std::optional<octets> paging_restriction_;
  ie_order ie_order_;
  bool operator==(const control_plane_service_request&) const = default;
};

/// TS 24.501 §8.2.31 Network slice-specific authentication command.
struct network_slice_specific_authentication_command {
  static constexpr std::uint8_t message_type = 0x50;
  s_nssai s_nssai_;
  eap_message eap_message_;
  ie_order ie_order_;
  bool operator==(const network_slice_specific_authentication_command&) const = default;
};

/// TS 24.501 §8.2.32 Network slice-specific authentication complete.
struct network_slice_specific_authentication_complete {
  static constexpr std::uint8_t message_type = 0x51;
  s_nssai s_nssai_;
  eap_message eap_message_;
  ie_order ie_order_;
  bool operator==(const network_slice_specific_authentication_complete&) const = default;
};

/// TS 24.501 §8.2.33 Network slice-specific authentication result.
struct network_slice_specific_authentication_result {
  static constexpr std::uint8_t message_type = 0x52;
  s_nssai s_nssai_;
  eap_message eap_message_;
  ie_order ie_order_;
  bool operator==(const network_slice_specific_authentication_result&) const = default;
};

/// Any 5GMM message.
using gmm_message = std::variant<
    registration_request, registration_accept, registration_complete, registration_reject,
    deregistration_request_ue_originating, deregistration_accept_ue_originating, deregistration_request_ue_terminated,
    deregistration_accept_ue_terminated, service_request, service_accept, service_reject, control_plane_service_request,
    configuration_update_command, configuration_update_complete, authentication_request, authentication_response,
    authentication_reject, authentication_failure, authentication_result, identity_request, identity_response,
    security_mode_command, security_mode_complete, security_mode_reject, gmm_status, notification,
    notification_response, ul_nas_transport, dl_nas_transport, network_slice_specific_authentication_command,
    network_slice_specific_authentication_complete, network_slice_specific_authentication_result>;

}  // namespace meridian::nas
