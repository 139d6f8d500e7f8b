#pragma once
// 5GS session management messages, TS 24.501 §8.3 (Rel-17). The PDU session
// identity and PTI of the 5GSM header live in gsm_pdu (nas.hpp); each struct
// holds the message's IEs. Schemas: lib/nas/schemas_5gsm.hpp.

#include <array>
#include <cstdint>
#include <optional>
#include <variant>

#include "meridian/nas/ies.hpp"
#include "meridian/nas/message_common.hpp"

namespace meridian::nas {

/// TS 24.501 §8.3.1 PDU session establishment request.
struct pdu_session_establishment_request {
  static constexpr std::uint8_t message_type = 0xc1;
  integrity_protection_maximum_data_rate integrity_protection_maximum_data_rate_;
  std::optional<pdu_session_type> pdu_session_type_;
  std::optional<ssc_mode> ssc_mode_;
  std::optional<octets> gsm_capability_;
  std::optional<std::array<std::uint8_t, 2>> maximum_number_of_supported_packet_filters_;
  std::optional<half_octet> always_on_pdu_session_requested_;
  std::optional<octets> sm_pdu_dn_request_container_;
  std::optional<extended_pco> extended_protocol_configuration_options_;
  std::optional<octets> ip_header_compression_configuration_;
  std::optional<octets> ds_tt_ethernet_port_mac_address_;
  std::optional<octets> ue_ds_tt_residence_time_;
  std::optional<octets> port_management_information_container_;
  std::optional<octets> ethernet_header_compression_configuration_;
  std::optional<octets> suggested_interface_identifier_;
  std::optional<octets> service_level_aa_container_;
  std::optional<octets> requested_mbs_container_;
  std::optional<octets> pdu_session_pair_id_;
  std::optional<octets> rsn_;
  ie_order ie_order_;
  bool operator==(const pdu_session_establishment_request&) const = default;
};

/// TS 24.501 §8.3.2 PDU session establishment accept.
struct pdu_session_establishment_accept {
  static constexpr std::uint8_t message_type = 0xc2;
  pdu_session_type selected_pdu_session_type_;
  ssc_mode selected_ssc_mode_;
  qos_rules authorized_qos_rules_;
  session_ambr session_ambr_;
  std::optional<gsm_cause> cause_;
  std::optional<pdu_address> pdu_address_;
  std::optional<gprs_timer> rq_timer_value_;
  std::optional<s_nssai> s_nssai_;
  std::optional<half_octet> always_on_pdu_session_indication_;
  std::optional<octets> mapped_eps_bearer_contexts_;
  std::optional<eap_message> eap_message_;
  std::optional<qos_flow_descriptions> authorized_qos_flow_descriptions_;
  std::optional<extended_pco> extended_protocol_configuration_options_;
  std::optional<dnn> dnn_;
  std::optional<octets> gsm_network_feature_support_;
  std::optional<octets> serving_plmn_rate_control_;
  std::optional<octets> atsss_container_;
  std::optional<half_octet> control_plane_only_indication_;
  std::optional<octets> ip_header_compression_configuration_;
  std::optional<octets> ethernet_header_compression_configuration_;
  std::optional<octets> service_level_aa_container_;
  std::optional<octets> received_mbs_container_;
  ie_order ie_order_;
  bool operator==(const pdu_session_establishment_accept&) const = default;
};

/// TS 24.501 §8.3.3 PDU session establishment reject.
struct pdu_session_establishment_reject {
  static constexpr std::uint8_t message_type = 0xc3;
  gsm_cause cause_ = gsm_cause::request_rejected_unspecified;
  std::optional<gprs_timer_3> back_off_timer_value_;
  std::optional<half_octet> allowed_ssc_mode_;
  std::optional<eap_message> eap_message_;
  std::optional<octets> congestion_reattempt_indicator_;
  std::optional<extended_pco> extended_protocol_configuration_options_;
  std::optional<octets> reattempt_indicator_;
  std::optional<octets> service_level_aa_container_;
  ie_order ie_order_;
  bool operator==(const pdu_session_establishment_reject&) const = default;
};

/// TS 24.501 §8.3.4 PDU session authentication command.
struct pdu_session_authentication_command {
  static constexpr std::uint8_t message_type = 0xc5;
  eap_message eap_message_;
  std::optional<extended_pco> extended_protocol_configuration_options_;
  ie_order ie_order_;
  bool operator==(const pdu_session_authentication_command&) const = default;
};

/// TS 24.501 §8.3.5 PDU session authentication complete.
struct pdu_session_authentication_complete {
  static constexpr std::uint8_t message_type = 0xc6;
  eap_message eap_message_;
  std::optional<extended_pco> extended_protocol_configuration_options_;
  ie_order ie_order_;
  bool operator==(const pdu_session_authentication_complete&) const = default;
};

/// TS 24.501 §8.3.6 PDU session authentication result.
struct pdu_session_authentication_result {
  static constexpr std::uint8_t message_type = 0xc7;
  std::optional<eap_message> eap_message_;
  std::optional<extended_pco> extended_protocol_configuration_options_;
  ie_order ie_order_;
  bool operator==(const pdu_session_authentication_result&) const = default;
};

/// TS 24.501 §8.3.7 PDU session modification request.
struct pdu_session_modification_request {
  static constexpr std::uint8_t message_type = 0xc9;
  std::optional<octets> gsm_capability_;
  std::optional<gsm_cause> cause_;
  std::optional<std::array<std::uint8_t, 2>> maximum_number_of_supported_packet_filters_;
  std::optional<half_octet> always_on_pdu_session_requested_;
  std::optional<integrity_protection_maximum_data_rate> integrity_protection_maximum_data_rate_;
  std::optional<qos_rules> requested_qos_rules_;
  std::optional<qos_flow_descriptions> requested_qos_flow_descriptions_;
  std::optional<octets> mapped_eps_bearer_contexts_;
  std::optional<extended_pco> extended_protocol_configuration_options_;
  std::optional<octets> port_management_information_container_;
  std::optional<octets> ip_header_compression_configuration_;
  std::optional<octets> ethernet_header_compression_configuration_;
  std::optional<octets> requested_mbs_container_;
  std::optional<octets> service_level_aa_container_;
  ie_order ie_order_;
  bool operator==(const pdu_session_modification_request&) const = default;
};

/// TS 24.501 §8.3.8 PDU session modification reject.
struct pdu_session_modification_reject {
  static constexpr std::uint8_t message_type = 0xca;
  gsm_cause cause_ = gsm_cause::request_rejected_unspecified;
  std::optional<gprs_timer_3> back_off_timer_value_;
  std::optional<octets> congestion_reattempt_indicator_;
  std::optional<extended_pco> extended_protocol_configuration_options_;
  std::optional<octets> reattempt_indicator_;
  ie_order ie_order_;
  bool operator==(const pdu_session_modification_reject&) const = default;
};

/// TS 24.501 §8.3.9 PDU session modification command.
struct pdu_session_modification_command {
  static constexpr std::uint8_t message_type = 0xcb;
  std::optional<gsm_cause> cause_;
  std::optional<session_ambr> session_ambr_;
  std::optional<gprs_timer> rq_timer_value_;
  std::optional<half_octet> always_on_pdu_session_indication_;
  std::optional<qos_rules> authorized_qos_rules_;
  std::optional<octets> mapped_eps_bearer_contexts_;
  std::optional<qos_flow_descriptions> authorized_qos_flow_descriptions_;
  std::optional<extended_pco> extended_protocol_configuration_options_;
  std::optional<octets> atsss_container_;
  std::optional<octets> ip_header_compression_configuration_;
  std::optional<octets> port_management_information_container_;
  std::optional<octets> serving_plmn_rate_control_;
  std::optional<octets> ethernet_header_compression_configuration_;
  std::optional<octets> received_mbs_container_;
  std::optional<octets> service_level_aa_container_;
  ie_order ie_order_;
  bool operator==(const pdu_session_modification_command&) const = default;
};

/// TS 24.501 §8.3.10 PDU session modification complete.
struct pdu_session_modification_complete {
  static constexpr std::uint8_t message_type = 0xcc;
  std::optional<extended_pco> extended_protocol_configuration_options_;
  std::optional<octets> port_management_information_container_;
  ie_order ie_order_;
  bool operator==(const pdu_session_modification_complete&) const = default;
};

/// TS 24.501 §8.3.11 PDU session modification command reject.
struct pdu_session_modification_command_reject {
  static constexpr std::uint8_t message_type = 0xcd;
  gsm_cause cause_ = gsm_cause::request_rejected_unspecified;
  std::optional<extended_pco> extended_protocol_configuration_options_;
  ie_order ie_order_;
  bool operator==(const pdu_session_modification_command_reject&) const = default;
};

/// TS 24.501 §8.3.12 PDU session release request.
struct pdu_session_release_request {
  static constexpr std::uint8_t message_type = 0xd1;
  std::optional<gsm_cause> cause_;
  std::optional<extended_pco> extended_protocol_configuration_options_;
  ie_order ie_order_;
  bool operator==(const pdu_session_release_request&) const = default;
};

/// TS 24.501 §8.3.13 PDU session release reject.
struct pdu_session_release_reject {
  static constexpr std::uint8_t message_type = 0xd2;
  gsm_cause cause_ = gsm_cause::request_rejected_unspecified;
  std::optional<extended_pco> extended_protocol_configuration_options_;
  ie_order ie_order_;
  bool operator==(const pdu_session_release_reject&) const = default;
};

/// TS 24.501 §8.3.14 PDU session release command.
struct pdu_session_release_command {
  static constexpr std::uint8_t message_type = 0xd3;
  gsm_cause cause_ = gsm_cause::regular_deactivation;
  std::optional<gprs_timer_3> back_off_timer_value_;
  std::optional<eap_message> eap_message_;
  std::optional<octets> congestion_reattempt_indicator_;
  std::optional<extended_pco> extended_protocol_configuration_options_;
  std::optional<access_type_ie> access_type_;
  std::optional<octets> service_level_aa_container_;
  ie_order ie_order_;
  bool operator==(const pdu_session_release_command&) const = default;
};

/// TS 24.501 §8.3.15 PDU session release complete.
struct pdu_session_release_complete {
  static constexpr std::uint8_t message_type = 0xd4;
  std::optional<gsm_cause> cause_;
  std::optional<extended_pco> extended_protocol_configuration_options_;
  ie_order ie_order_;
  bool operator==(const pdu_session_release_complete&) const = default;
};

/// TS 24.501 §8.3.16 5GSM status.
struct gsm_status {
  static constexpr std::uint8_t message_type = 0xd6;
  gsm_cause cause_ = gsm_cause::protocol_error_unspecified;
  ie_order ie_order_;
  bool operator==(const gsm_status&) const = default;
};

/// Any 5GSM message.
using gsm_message =
    std::variant<pdu_session_establishment_request, pdu_session_establishment_accept, pdu_session_establishment_reject,
                 pdu_session_authentication_command, pdu_session_authentication_complete,
                 pdu_session_authentication_result, pdu_session_modification_request, pdu_session_modification_reject,
                 pdu_session_modification_command, pdu_session_modification_complete,
                 pdu_session_modification_command_reject, pdu_session_release_request, pdu_session_release_reject,
                 pdu_session_release_command, pdu_session_release_complete, gsm_status>;

}  // namespace meridian::nas
