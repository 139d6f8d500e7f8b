#pragma once
// PFCP grouped information elements (TS 29.244 §7.5 and §7.4 tables). Each is
// a plain struct: a mandatory IE is a plain member, an optional or conditional
// one a std::optional, one that may repeat a std::vector. Which IE type each
// member carries, and whether it is mandatory, is declared once in
// lib/pfcp/schemas.hpp and drives decode, encode and JSON.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "meridian/pfcp/ies.hpp"

namespace meridian::pfcp {

/// An IE this codec does not know, skipped on decode (TS 29.244 §7.6.x:
/// unknown IEs are ignored) but kept so that the message re-encodes as received.
struct raw_ie {
  std::uint16_t type_ = 0;
  std::optional<std::uint16_t> enterprise_id_;  ///< vendor-specific IE (type bit 16 set)
  std::vector<std::uint8_t> value_;
  bool operator==(const raw_ie&) const = default;
};

/// How a message or grouped IE was laid out on the wire: the IE types in the
/// order received (a sender may order IEs freely) and the IEs we skipped.
/// Encoding follows order_ first, then adds what order_ does not name in schema
/// order. It is not part of the value: equal IEs in another order compare equal.
struct ie_layout {
  std::vector<std::uint16_t> order_;
  std::vector<raw_ie> unknown_;
  bool operator==(const ie_layout&) const noexcept { return true; }
};

#define MERIDIAN_PFCP_GROUPED(type_number, name_text)    \
  static constexpr std::uint16_t ie_type = type_number;  \
  static constexpr std::string_view ie_name = name_text; \
  static constexpr bool grouped = true;                  \
  ie_layout layout_ {}

/// TS 29.244 §7.5.2.2-2: PDI
struct pdi {
  MERIDIAN_PFCP_GROUPED(2, "pdi");
  source_interface source_interface_{};
  std::optional<f_teid> local_f_teid_;
  std::optional<network_instance> network_instance_;
  std::vector<ue_ip_address> ue_ip_address_;
  std::vector<sdf_filter> sdf_filter_;
  std::optional<application_id> application_id_;
  std::vector<qfi> qfi_;
  std::optional<three_gpp_interface_type> source_interface_type_;
  bool operator==(const pdi&) const = default;
};

/// TS 29.244 §7.5.2.2-1: Create PDR
struct create_pdr {
  MERIDIAN_PFCP_GROUPED(1, "create_pdr");
  pdr_id pdr_id_{};
  precedence precedence_{};
  pdi pdi_{};
  std::optional<outer_header_removal> outer_header_removal_;
  std::optional<far_id> far_id_;
  std::vector<urr_id> urr_id_;
  std::vector<qer_id> qer_id_;
  std::vector<activate_predefined_rules> activate_predefined_rules_;
  bool operator==(const create_pdr&) const = default;
};

/// TS 29.244 §7.5.2.3-2: Forwarding Parameters
struct forwarding_parameters {
  MERIDIAN_PFCP_GROUPED(4, "forwarding_parameters");
  destination_interface destination_interface_{};
  std::optional<network_instance> network_instance_;
  std::optional<redirect_information> redirect_information_;
  std::optional<outer_header_creation> outer_header_creation_;
  std::optional<transport_level_marking> transport_level_marking_;
  std::optional<forwarding_policy> forwarding_policy_;
  std::optional<three_gpp_interface_type> destination_interface_type_;
  bool operator==(const forwarding_parameters&) const = default;
};

/// TS 29.244 §7.5.2.3-3: Duplicating Parameters
struct duplicating_parameters {
  MERIDIAN_PFCP_GROUPED(5, "duplicating_parameters");
  destination_interface destination_interface_{};
  std::optional<outer_header_creation> outer_header_creation_;
  std::optional<transport_level_marking> transport_level_marking_;
  std::optional<forwarding_policy> forwarding_policy_;
  bool operator==(const duplicating_parameters&) const = default;
};

/// TS 29.244 §7.5.2.3-1: Create FAR
struct create_far {
  MERIDIAN_PFCP_GROUPED(3, "create_far");
  far_id far_id_{};
  apply_action apply_action_{};
  std::optional<forwarding_parameters> forwarding_parameters_;
  std::vector<duplicating_parameters> duplicating_parameters_;
  std::optional<bar_id> bar_id_;
  bool operator==(const create_far&) const = default;
};

/// TS 29.244 §7.5.2.4-1: Create URR
struct create_urr {
  MERIDIAN_PFCP_GROUPED(6, "create_urr");
  urr_id urr_id_{};
  measurement_method measurement_method_{};
  reporting_triggers reporting_triggers_{};
  std::optional<measurement_period> measurement_period_;
  std::optional<volume_threshold> volume_threshold_;
  std::optional<volume_quota> volume_quota_;
  std::optional<time_threshold> time_threshold_;
  std::optional<time_quota> time_quota_;
  std::optional<quota_holding_time> quota_holding_time_;
  std::optional<monitoring_time> monitoring_time_;
  std::optional<subsequent_volume_threshold> subsequent_volume_threshold_;
  std::optional<subsequent_time_threshold> subsequent_time_threshold_;
  std::optional<subsequent_volume_quota> subsequent_volume_quota_;
  std::optional<inactivity_detection_time> inactivity_detection_time_;
  std::vector<linked_urr_id> linked_urr_id_;
  std::optional<measurement_information> measurement_information_;
  bool operator==(const create_urr&) const = default;
};

/// TS 29.244 §7.5.2.5-1: Create QER
struct create_qer {
  MERIDIAN_PFCP_GROUPED(7, "create_qer");
  qer_id qer_id_{};
  std::optional<qer_correlation_id> qer_correlation_id_;
  gate_status gate_status_{};
  std::optional<mbr> mbr_;
  std::optional<gbr> gbr_;
  std::optional<qfi> qfi_;
  std::optional<rqi> rqi_;
  std::optional<paging_policy_indicator> paging_policy_indicator_;
  bool operator==(const create_qer&) const = default;
};

/// TS 29.244 §7.5.2.6-1: Create BAR
struct create_bar {
  MERIDIAN_PFCP_GROUPED(85, "create_bar");
  bar_id bar_id_{};
  std::optional<downlink_data_notification_delay> downlink_data_notification_delay_;
  bool operator==(const create_bar&) const = default;
};

/// TS 29.244 §7.5.3.2-1: Created PDR
struct created_pdr {
  MERIDIAN_PFCP_GROUPED(8, "created_pdr");
  pdr_id pdr_id_{};
  std::optional<f_teid> local_f_teid_;
  std::vector<ue_ip_address> ue_ip_address_;
  bool operator==(const created_pdr&) const = default;
};

/// TS 29.244 §7.5.3.3-1: Load Control Information
struct load_control_information {
  MERIDIAN_PFCP_GROUPED(51, "load_control_information");
  sequence_number load_control_sequence_number_{};
  metric load_metric_{};
  bool operator==(const load_control_information&) const = default;
};

/// TS 29.244 §7.5.3.4-1: Overload Control Information
struct overload_control_information {
  MERIDIAN_PFCP_GROUPED(54, "overload_control_information");
  sequence_number overload_control_sequence_number_{};
  metric overload_reduction_metric_{};
  timer period_of_validity_{};
  std::optional<oci_flags> overload_control_information_flags_;
  bool operator==(const overload_control_information&) const = default;
};

/// TS 29.244 §7.5.4.2-1: Update PDR
struct update_pdr {
  MERIDIAN_PFCP_GROUPED(9, "update_pdr");
  pdr_id pdr_id_{};
  std::optional<outer_header_removal> outer_header_removal_;
  std::optional<precedence> precedence_;
  std::optional<pdi> pdi_;
  std::optional<far_id> far_id_;
  std::vector<urr_id> urr_id_;
  std::vector<qer_id> qer_id_;
  std::vector<activate_predefined_rules> activate_predefined_rules_;
  std::vector<deactivate_predefined_rules> deactivate_predefined_rules_;
  bool operator==(const update_pdr&) const = default;
};

/// TS 29.244 §7.5.4.3-2: Update Forwarding Parameters
struct update_forwarding_parameters {
  MERIDIAN_PFCP_GROUPED(11, "update_forwarding_parameters");
  std::optional<destination_interface> destination_interface_;
  std::optional<network_instance> network_instance_;
  std::optional<redirect_information> redirect_information_;
  std::optional<outer_header_creation> outer_header_creation_;
  std::optional<transport_level_marking> transport_level_marking_;
  std::optional<forwarding_policy> forwarding_policy_;
  std::optional<pfcpsmreq_flags> pfcpsmreq_flags_;
  std::optional<three_gpp_interface_type> destination_interface_type_;
  bool operator==(const update_forwarding_parameters&) const = default;
};

/// TS 29.244 §7.5.4.3-1: Update FAR
struct update_far {
  MERIDIAN_PFCP_GROUPED(10, "update_far");
  far_id far_id_{};
  std::optional<apply_action> apply_action_;
  std::optional<update_forwarding_parameters> update_forwarding_parameters_;
  std::optional<bar_id> bar_id_;
  bool operator==(const update_far&) const = default;
};

/// TS 29.244 §7.5.4.4-1: Update URR
struct update_urr {
  MERIDIAN_PFCP_GROUPED(13, "update_urr");
  urr_id urr_id_{};
  std::optional<measurement_method> measurement_method_;
  std::optional<reporting_triggers> reporting_triggers_;
  std::optional<measurement_period> measurement_period_;
  std::optional<volume_threshold> volume_threshold_;
  std::optional<volume_quota> volume_quota_;
  std::optional<time_threshold> time_threshold_;
  std::optional<time_quota> time_quota_;
  std::optional<quota_holding_time> quota_holding_time_;
  std::optional<inactivity_detection_time> inactivity_detection_time_;
  std::vector<linked_urr_id> linked_urr_id_;
  std::optional<measurement_information> measurement_information_;
  bool operator==(const update_urr&) const = default;
};

/// TS 29.244 §7.5.4.5-1: Update QER
struct update_qer {
  MERIDIAN_PFCP_GROUPED(14, "update_qer");
  qer_id qer_id_{};
  std::optional<qer_correlation_id> qer_correlation_id_;
  std::optional<gate_status> gate_status_;
  std::optional<mbr> mbr_;
  std::optional<gbr> gbr_;
  std::optional<qfi> qfi_;
  std::optional<rqi> rqi_;
  std::optional<paging_policy_indicator> paging_policy_indicator_;
  bool operator==(const update_qer&) const = default;
};

/// TS 29.244 §7.5.4.6-1: Remove PDR
struct remove_pdr {
  MERIDIAN_PFCP_GROUPED(15, "remove_pdr");
  pdr_id pdr_id_{};
  bool operator==(const remove_pdr&) const = default;
};
/// TS 29.244 §7.5.4.7-1: Remove FAR
struct remove_far {
  MERIDIAN_PFCP_GROUPED(16, "remove_far");
  far_id far_id_{};
  bool operator==(const remove_far&) const = default;
};
/// TS 29.244 §7.5.4.8-1: Remove URR
struct remove_urr {
  MERIDIAN_PFCP_GROUPED(17, "remove_urr");
  urr_id urr_id_{};
  bool operator==(const remove_urr&) const = default;
};
/// TS 29.244 §7.5.4.9-1: Remove QER
struct remove_qer {
  MERIDIAN_PFCP_GROUPED(18, "remove_qer");
  qer_id qer_id_{};
  bool operator==(const remove_qer&) const = default;
};
/// TS 29.244 §7.5.4.10-1: Query URR
struct query_urr {
  MERIDIAN_PFCP_GROUPED(77, "query_urr");
  urr_id urr_id_{};
  bool operator==(const query_urr&) const = default;
};
/// TS 29.244 §7.5.4.11-1: Update BAR (Session Modification Request)
struct update_bar {
  MERIDIAN_PFCP_GROUPED(86, "update_bar");
  bar_id bar_id_{};
  std::optional<downlink_data_notification_delay> downlink_data_notification_delay_;
  bool operator==(const update_bar&) const = default;
};
/// TS 29.244 §7.5.4.12-1: Remove BAR
struct remove_bar {
  MERIDIAN_PFCP_GROUPED(87, "remove_bar");
  bar_id bar_id_{};
  bool operator==(const remove_bar&) const = default;
};

/// The IEs every Usage Report carries (TS 29.244 §7.5.5.2, §7.5.7.2, §7.5.8.3).
#define MERIDIAN_PFCP_USAGE_REPORT_MEMBERS                   \
  urr_id urr_id_{};                                          \
  ur_seqn ur_seqn_{};                                        \
  usage_report_trigger usage_report_trigger_{};              \
  std::optional<start_time> start_time_;                     \
  std::optional<end_time> end_time_;                         \
  std::optional<volume_measurement> volume_measurement_;     \
  std::optional<duration_measurement> duration_measurement_; \
  std::optional<ue_ip_address> ue_ip_address_;               \
  std::optional<network_instance> network_instance_;         \
  std::optional<time_of_first_packet> time_of_first_packet_; \
  std::optional<time_of_last_packet> time_of_last_packet_;   \
  std::optional<usage_information> usage_information_;       \
  std::optional<query_urr_reference> query_urr_reference_

/// TS 29.244 §7.5.5.2-1: Usage Report in a Session Modification Response
struct usage_report_session_modification_response {
  MERIDIAN_PFCP_GROUPED(78, "usage_report");
  MERIDIAN_PFCP_USAGE_REPORT_MEMBERS;
  bool operator==(const usage_report_session_modification_response&) const = default;
};
/// TS 29.244 §7.5.7.2-1: Usage Report in a Session Deletion Response
struct usage_report_session_deletion_response {
  MERIDIAN_PFCP_GROUPED(79, "usage_report");
  MERIDIAN_PFCP_USAGE_REPORT_MEMBERS;
  bool operator==(const usage_report_session_deletion_response&) const = default;
};
/// TS 29.244 §7.5.8.3-1: Usage Report in a Session Report Request
struct usage_report_session_report_request {
  MERIDIAN_PFCP_GROUPED(80, "usage_report");
  MERIDIAN_PFCP_USAGE_REPORT_MEMBERS;
  bool operator==(const usage_report_session_report_request&) const = default;
};
#undef MERIDIAN_PFCP_USAGE_REPORT_MEMBERS

/// TS 29.244 §7.5.8.2-1: Downlink Data Report
struct downlink_data_report {
  MERIDIAN_PFCP_GROUPED(83, "downlink_data_report");
  std::vector<pdr_id> pdr_id_;  ///< at least one
  std::vector<downlink_data_service_information> downlink_data_service_information_;
  bool operator==(const downlink_data_report&) const = default;
};

/// TS 29.244 §7.5.8.4-1: Error Indication Report
struct error_indication_report {
  MERIDIAN_PFCP_GROUPED(99, "error_indication_report");
  std::vector<f_teid> remote_f_teid_;  ///< at least one
  bool operator==(const error_indication_report&) const = default;
};

/// TS 29.244 §7.5.9.2-1: Update BAR (Session Report Response)
struct update_bar_session_report_response {
  MERIDIAN_PFCP_GROUPED(12, "update_bar");
  bar_id bar_id_{};
  std::optional<downlink_data_notification_delay> downlink_data_notification_delay_;
  std::optional<dl_buffering_duration> dl_buffering_duration_;
  std::optional<dl_buffering_suggested_packet_count> dl_buffering_suggested_packet_count_;
  bool operator==(const update_bar_session_report_response&) const = default;
};

/// TS 29.244 §7.4.5.1.2-1: User Plane Path Failure Report
struct user_plane_path_failure_report {
  MERIDIAN_PFCP_GROUPED(102, "user_plane_path_failure_report");
  std::vector<remote_gtp_u_peer> remote_gtp_u_peer_;  ///< at least one
  bool operator==(const user_plane_path_failure_report&) const = default;
};

/// TS 29.244 §7.4.3.1-3: PFD Context
struct pfd_context {
  MERIDIAN_PFCP_GROUPED(59, "pfd_context");
  std::vector<pfd_contents> pfd_contents_;  ///< at least one
  bool operator==(const pfd_context&) const = default;
};

/// TS 29.244 §7.4.3.1-2: Application ID's PFDs
struct application_ids_pfds {
  MERIDIAN_PFCP_GROUPED(58, "application_ids_pfds");
  application_id application_id_{};
  std::vector<pfd_context> pfd_context_;
  bool operator==(const application_ids_pfds&) const = default;
};

#undef MERIDIAN_PFCP_GROUPED

}  // namespace meridian::pfcp
