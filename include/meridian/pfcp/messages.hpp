#pragma once
// PFCP messages (TS 29.244 §7.4 node messages, §7.5 session messages), one
// struct each, and the entry points to decode, encode and render them. The IE
// list of each message is declared once, in lib/pfcp/schemas.hpp.

#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "meridian/common/result.hpp"
#include "meridian/pfcp/grouped_ies.hpp"
#include "meridian/pfcp/header.hpp"
#include "meridian/pfcp/ies.hpp"

namespace meridian::pfcp {

#define MERIDIAN_PFCP_MESSAGE(type_enum)                        \
  static constexpr message_type type = message_type::type_enum; \
  ie_layout layout_ {}

/// TS 29.244 §7.4.2.1
struct heartbeat_request {
  MERIDIAN_PFCP_MESSAGE(heartbeat_request);
  recovery_time_stamp recovery_time_stamp_{};
  bool operator==(const heartbeat_request&) const = default;
};
/// TS 29.244 §7.4.2.2
struct heartbeat_response {
  MERIDIAN_PFCP_MESSAGE(heartbeat_response);
  recovery_time_stamp recovery_time_stamp_{};
  bool operator==(const heartbeat_response&) const = default;
};
/// TS 29.244 §7.4.3.1
struct pfd_management_request {
  MERIDIAN_PFCP_MESSAGE(pfd_management_request);
  std::vector<application_ids_pfds> application_ids_pfds_;
  std::optional<node_id> node_id_;
  bool operator==(const pfd_management_request&) const = default;
};
/// TS 29.244 §7.4.3.2
struct pfd_management_response {
  MERIDIAN_PFCP_MESSAGE(pfd_management_response);
  cause cause_{};
  std::optional<offending_ie> offending_ie_;
  std::optional<node_id> node_id_;
  bool operator==(const pfd_management_response&) const = default;
};
/// TS 29.244 §7.4.4.1
struct association_setup_request {
  MERIDIAN_PFCP_MESSAGE(association_setup_request);
  node_id node_id_{};
  recovery_time_stamp recovery_time_stamp_{};
  std::optional<up_function_features> up_function_features_;
  std::optional<cp_function_features> cp_function_features_;
  std::vector<user_plane_ip_resource_information> user_plane_ip_resource_information_;
  bool operator==(const association_setup_request&) const = default;
};
/// TS 29.244 §7.4.4.2
struct association_setup_response {
  MERIDIAN_PFCP_MESSAGE(association_setup_response);
  node_id node_id_{};
  cause cause_{};
  recovery_time_stamp recovery_time_stamp_{};
  std::optional<up_function_features> up_function_features_;
  std::optional<cp_function_features> cp_function_features_;
  std::vector<user_plane_ip_resource_information> user_plane_ip_resource_information_;
  bool operator==(const association_setup_response&) const = default;
};
/// TS 29.244 §7.4.4.3
struct association_update_request {
  MERIDIAN_PFCP_MESSAGE(association_update_request);
  node_id node_id_{};
  std::optional<up_function_features> up_function_features_;
  std::optional<cp_function_features> cp_function_features_;
  std::optional<pfcp_association_release_request> pfcp_association_release_request_;
  std::optional<graceful_release_period> graceful_release_period_;
  std::vector<user_plane_ip_resource_information> user_plane_ip_resource_information_;
  bool operator==(const association_update_request&) const = default;
};
/// TS 29.244 §7.4.4.4
struct association_update_response {
  MERIDIAN_PFCP_MESSAGE(association_update_response);
  node_id node_id_{};
  cause cause_{};
  std::optional<up_function_features> up_function_features_;
  std::optional<cp_function_features> cp_function_features_;
  bool operator==(const association_update_response&) const = default;
};
/// TS 29.244 §7.4.4.5
struct association_release_request {
  MERIDIAN_PFCP_MESSAGE(association_release_request);
  node_id node_id_{};
  bool operator==(const association_release_request&) const = default;
};
/// TS 29.244 §7.4.4.6
struct association_release_response {
  MERIDIAN_PFCP_MESSAGE(association_release_response);
  node_id node_id_{};
  cause cause_{};
  bool operator==(const association_release_response&) const = default;
};
/// TS 29.244 §7.4.5.1
struct node_report_request {
  MERIDIAN_PFCP_MESSAGE(node_report_request);
  node_id node_id_{};
  node_report_type node_report_type_{};
  std::optional<user_plane_path_failure_report> user_plane_path_failure_report_;
  bool operator==(const node_report_request&) const = default;
};
/// TS 29.244 §7.4.5.2
struct node_report_response {
  MERIDIAN_PFCP_MESSAGE(node_report_response);
  node_id node_id_{};
  cause cause_{};
  std::optional<offending_ie> offending_ie_;
  bool operator==(const node_report_response&) const = default;
};
/// TS 29.244 §7.5.2
struct session_establishment_request {
  MERIDIAN_PFCP_MESSAGE(session_establishment_request);
  node_id node_id_{};
  f_seid cp_f_seid_{};
  std::vector<create_pdr> create_pdr_;  ///< at least one
  std::vector<create_far> create_far_;  ///< at least one
  std::vector<create_urr> create_urr_;
  std::vector<create_qer> create_qer_;
  std::optional<create_bar> create_bar_;
  std::optional<pdn_type> pdn_type_;
  std::optional<user_plane_inactivity_timer> user_plane_inactivity_timer_;
  std::optional<user_id> user_id_;
  std::optional<apn_dnn> apn_dnn_;
  std::optional<model::s_nssai> s_nssai_;
  bool operator==(const session_establishment_request&) const = default;
};
/// TS 29.244 §7.5.3
struct session_establishment_response {
  MERIDIAN_PFCP_MESSAGE(session_establishment_response);
  node_id node_id_{};
  cause cause_{};
  std::optional<offending_ie> offending_ie_;
  std::optional<f_seid> up_f_seid_;
  std::vector<created_pdr> created_pdr_;
  std::optional<load_control_information> load_control_information_;
  std::optional<overload_control_information> overload_control_information_;
  std::optional<failed_rule_id> failed_rule_id_;
  bool operator==(const session_establishment_response&) const = default;
};
/// TS 29.244 §7.5.4
struct session_modification_request {
  MERIDIAN_PFCP_MESSAGE(session_modification_request);
  std::optional<f_seid> cp_f_seid_;
  std::vector<remove_pdr> remove_pdr_;
  std::vector<remove_far> remove_far_;
  std::vector<remove_urr> remove_urr_;
  std::vector<remove_qer> remove_qer_;
  std::optional<remove_bar> remove_bar_;
  std::vector<create_pdr> create_pdr_;
  std::vector<create_far> create_far_;
  std::vector<create_urr> create_urr_;
  std::vector<create_qer> create_qer_;
  std::optional<create_bar> create_bar_;
  std::vector<update_pdr> update_pdr_;
  std::vector<update_far> update_far_;
  std::vector<update_urr> update_urr_;
  std::vector<update_qer> update_qer_;
  std::optional<update_bar> update_bar_;
  std::optional<pfcpsmreq_flags> pfcpsmreq_flags_;
  std::vector<query_urr> query_urr_;
  std::optional<user_plane_inactivity_timer> user_plane_inactivity_timer_;
  std::optional<query_urr_reference> query_urr_reference_;
  bool operator==(const session_modification_request&) const = default;
};
/// TS 29.244 §7.5.5
struct session_modification_response {
  MERIDIAN_PFCP_MESSAGE(session_modification_response);
  cause cause_{};
  std::optional<offending_ie> offending_ie_;
  std::vector<created_pdr> created_pdr_;
  std::optional<load_control_information> load_control_information_;
  std::optional<overload_control_information> overload_control_information_;
  std::vector<usage_report_session_modification_response> usage_report_;
  std::optional<failed_rule_id> failed_rule_id_;
  bool operator==(const session_modification_response&) const = default;
};
/// TS 29.244 §7.5.6
struct session_deletion_request {
  MERIDIAN_PFCP_MESSAGE(session_deletion_request);
  bool operator==(const session_deletion_request&) const = default;
};
/// TS 29.244 §7.5.7
struct session_deletion_response {
  MERIDIAN_PFCP_MESSAGE(session_deletion_response);
  cause cause_{};
  std::optional<offending_ie> offending_ie_;
  std::optional<load_control_information> load_control_information_;
  std::optional<overload_control_information> overload_control_information_;
  std::vector<usage_report_session_deletion_response> usage_report_;
  bool operator==(const session_deletion_response&) const = default;
};
/// TS 29.244 §7.5.8
struct session_report_request {
  MERIDIAN_PFCP_MESSAGE(session_report_request);
  report_type report_type_{};
  std::optional<downlink_data_report> downlink_data_report_;
  std::vector<usage_report_session_report_request> usage_report_;
  std::optional<error_indication_report> error_indication_report_;
  std::optional<load_control_information> load_control_information_;
  std::optional<overload_control_information> overload_control_information_;
  std::optional<pfcpsrreq_flags> pfcpsrreq_flags_;
  bool operator==(const session_report_request&) const = default;
};
/// TS 29.244 §7.5.9
struct session_report_response {
  MERIDIAN_PFCP_MESSAGE(session_report_response);
  cause cause_{};
  std::optional<offending_ie> offending_ie_;
  std::optional<update_bar_session_report_response> update_bar_;
  std::optional<pfcpsrrsp_flags> pfcpsrrsp_flags_;
  std::optional<f_seid> cp_f_seid_;
  bool operator==(const session_report_response&) const = default;
};

#undef MERIDIAN_PFCP_MESSAGE

using message_body =
    std::variant<heartbeat_request, heartbeat_response, pfd_management_request, pfd_management_response,
                 association_setup_request, association_setup_response, association_update_request,
                 association_update_response, association_release_request, association_release_response,
                 node_report_request, node_report_response, session_establishment_request,
                 session_establishment_response, session_modification_request, session_modification_response,
                 session_deletion_request, session_deletion_response, session_report_request, session_report_response>;

/// A whole PFCP message. header_.message_type_ follows the body on encode.
struct message {
  header header_{};
  message_body body_;
  bool operator==(const message&) const = default;
};

/// Why a message could not be decoded, with what a PFCP entity needs to
/// answer it (TS 29.244 §7.6): the header when it could be read, the Cause to
/// send and the Offending IE.
struct decode_failure {
  decode_error error_{};
  std::optional<header> header_;  ///< present when the header itself decoded
  cause_value cause_ = cause_value::request_rejected;
  std::optional<std::uint16_t> offending_ie_;  ///< the IE type that is missing or wrong
  /// One line: what failed at which offset, then the Offending IE and the
  /// Cause a request would be answered with (once the header decoded).
  std::string message() const;
  bool operator==(const decode_failure&) const = default;
};

/// Decodes one PFCP message (the first, when FO says more follow; header_.length_
/// then says where the next one starts). Unknown IEs are skipped and kept in
/// the layout; vendor-specific IEs likewise.
std::expected<message, decode_failure> decode(std::span<const std::uint8_t> datagram);

/// Encodes a message; the header's type, S and length come from the body and
/// the header fields.
encode_result<std::vector<std::uint8_t>> encode(const message& m);

/// The message's name, e.g. "session_establishment_request".
std::string_view message_name(const message_body& b) noexcept;
std::string_view to_string(message_type t) noexcept;

/// The message as JSON text (for logs and `meridian decode pfcp`).
std::string to_json_text(const message& m, int indent = 2);

}  // namespace meridian::pfcp
