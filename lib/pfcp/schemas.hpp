#pragma once
// Which IEs each PFCP grouped IE and message carries (TS 29.244 §7.4, §7.5
// tables), declared once: presence M (mandatory), C (conditional), O
// (optional); how many may appear follows from the member's type. This list
// is all that decode, encode and JSON know about a message's contents.

#include "meridian/pfcp/messages.hpp"
#include "schema.hpp"

namespace meridian::pfcp::detail {

#define MERIDIAN_PFCP_SCHEMA(type) \
  template <>                      \
  struct schema_of<type> {         \
    using m = type;                \
    using fields = std::tuple <
#define MERIDIAN_PFCP_END \
  > ;                     \
  }

// ---- grouped IEs ---------------------------------------------------------------

MERIDIAN_PFCP_SCHEMA(pdi)
M<&m::source_interface_>, O<&m::local_f_teid_>, O<&m::network_instance_>, O<&m::ue_ip_address_>, O<&m::sdf_filter_>,
    O<&m::application_id_>, O<&m::qfi_>, O<&m::source_interface_type_> MERIDIAN_PFCP_END;

MERIDIAN_PFCP_SCHEMA(create_pdr)
M<&m::pdr_id_>, M<&m::precedence_>, M<&m::pdi_>, C<&m::outer_header_removal_>, C<&m::far_id_>, C<&m::urr_id_>,
    C<&m::qer_id_>, C<&m::activate_predefined_rules_> MERIDIAN_PFCP_END;

MERIDIAN_PFCP_SCHEMA(forwarding_parameters)
M<&m::destination_interface_>, O<&m::network_instance_>, C<&m::redirect_information_>, C<&m::outer_header_creation_>,
    C<&m::transport_level_marking_>, C<&m::forwarding_policy_>, O<&m::destination_interface_type_> MERIDIAN_PFCP_END;

MERIDIAN_PFCP_SCHEMA(duplicating_parameters)
M<&m::destination_interface_>, C<&m::outer_header_creation_>, C<&m::transport_level_marking_>,
    C<&m::forwarding_policy_> MERIDIAN_PFCP_END;

MERIDIAN_PFCP_SCHEMA(create_far)
M<&m::far_id_>, M<&m::apply_action_>, C<&m::forwarding_parameters_>, C<&m::duplicating_parameters_>,
    O<&m::bar_id_> MERIDIAN_PFCP_END;

MERIDIAN_PFCP_SCHEMA(create_urr)
M<&m::urr_id_>, M<&m::measurement_method_>, M<&m::reporting_triggers_>, C<&m::measurement_period_>,
    C<&m::volume_threshold_>, C<&m::volume_quota_>, C<&m::time_threshold_>, C<&m::time_quota_>,
    C<&m::quota_holding_time_>, C<&m::monitoring_time_>, C<&m::subsequent_volume_threshold_>,
    C<&m::subsequent_time_threshold_>, C<&m::subsequent_volume_quota_>, C<&m::inactivity_detection_time_>,
    C<&m::linked_urr_id_>, C<&m::measurement_information_> MERIDIAN_PFCP_END;

MERIDIAN_PFCP_SCHEMA(create_qer)
M<&m::qer_id_>, C<&m::qer_correlation_id_>, M<&m::gate_status_>, C<&m::mbr_>, C<&m::gbr_>, C<&m::qfi_>, C<&m::rqi_>,
    C<&m::paging_policy_indicator_> MERIDIAN_PFCP_END;

MERIDIAN_PFCP_SCHEMA(create_bar)
M<&m::bar_id_>, C<&m::downlink_data_notification_delay_> MERIDIAN_PFCP_END;

MERIDIAN_PFCP_SCHEMA(created_pdr)
M<&m::pdr_id_>, C<&m::local_f_teid_>, C<&m::ue_ip_address_> MERIDIAN_PFCP_END;

MERIDIAN_PFCP_SCHEMA(load_control_information)
M<&m::load_control_sequence_number_>, M<&m::load_metric_> MERIDIAN_PFCP_END;

MERIDIAN_PFCP_SCHEMA(overload_control_information)
M<&m::overload_control_sequence_number_>, M<&m::overload_reduction_metric_>, M<&m::period_of_validity_>,
    C<&m::overload_control_information_flags_> MERIDIAN_PFCP_END;

MERIDIAN_PFCP_SCHEMA(update_pdr)
M<&m::pdr_id_>, C<&m::outer_header_removal_>, C<&m::precedence_>, C<&m::pdi_>, C<&m::far_id_>, C<&m::urr_id_>,
    C<&m::qer_id_>, C<&m::activate_predefined_rules_>, C<&m::deactivate_predefined_rules_> MERIDIAN_PFCP_END;

MERIDIAN_PFCP_SCHEMA(update_forwarding_parameters)
C<&m::destination_interface_>, C<&m::network_instance_>, C<&m::redirect_information_>, C<&m::outer_header_creation_>,
    C<&m::transport_level_marking_>, C<&m::forwarding_policy_>, C<&m::pfcpsmreq_flags_>,
    O<&m::destination_interface_type_> MERIDIAN_PFCP_END;

MERIDIAN_PFCP_SCHEMA(update_far)
M<&m::far_id_>, C<&m::apply_action_>, C<&m::update_forwarding_parameters_>, C<&m::bar_id_> MERIDIAN_PFCP_END;

MERIDIAN_PFCP_SCHEMA(update_urr)
M<&m::urr_id_>, C<&m::measurement_method_>, C<&m::reporting_triggers_>, C<&m::measurement_period_>,
    C<&m::volume_threshold_>, C<&m::volume_quota_>, C<&m::time_threshold_>, C<&m::time_quota_>,
    C<&m::quota_holding_time_>, C<&m::inactivity_detection_time_>, C<&m::linked_urr_id_>,
    C<&m::measurement_information_> MERIDIAN_PFCP_END;

MERIDIAN_PFCP_SCHEMA(update_qer)
M<&m::qer_id_>, C<&m::qer_correlation_id_>, C<&m::gate_status_>, C<&m::mbr_>, C<&m::gbr_>, C<&m::qfi_>, C<&m::rqi_>,
    C<&m::paging_policy_indicator_> MERIDIAN_PFCP_END;

MERIDIAN_PFCP_SCHEMA(remove_pdr) M<&m::pdr_id_> MERIDIAN_PFCP_END;
MERIDIAN_PFCP_SCHEMA(remove_far) M<&m::far_id_> MERIDIAN_PFCP_END;
MERIDIAN_PFCP_SCHEMA(remove_urr) M<&m::urr_id_> MERIDIAN_PFCP_END;
MERIDIAN_PFCP_SCHEMA(remove_qer) M<&m::qer_id_> MERIDIAN_PFCP_END;
MERIDIAN_PFCP_SCHEMA(query_urr) M<&m::urr_id_> MERIDIAN_PFCP_END;
MERIDIAN_PFCP_SCHEMA(remove_bar) M<&m::bar_id_> MERIDIAN_PFCP_END;

MERIDIAN_PFCP_SCHEMA(update_bar)
M<&m::bar_id_>, C<&m::downlink_data_notification_delay_> MERIDIAN_PFCP_END;

#define MERIDIAN_PFCP_USAGE_REPORT_FIELDS                                                                        \
  M<&m::urr_id_>, M<&m::ur_seqn_>, M<&m::usage_report_trigger_>, C<&m::start_time_>, C<&m::end_time_>,           \
      C<&m::volume_measurement_>, C<&m::duration_measurement_>, C<&m::ue_ip_address_>, C<&m::network_instance_>, \
      C<&m::time_of_first_packet_>, C<&m::time_of_last_packet_>, C<&m::usage_information_>,                      \
      C<&m::query_urr_reference_>
MERIDIAN_PFCP_SCHEMA(usage_report_session_modification_response) MERIDIAN_PFCP_USAGE_REPORT_FIELDS MERIDIAN_PFCP_END;
MERIDIAN_PFCP_SCHEMA(usage_report_session_deletion_response) MERIDIAN_PFCP_USAGE_REPORT_FIELDS MERIDIAN_PFCP_END;
MERIDIAN_PFCP_SCHEMA(usage_report_session_report_request) MERIDIAN_PFCP_USAGE_REPORT_FIELDS MERIDIAN_PFCP_END;
#undef MERIDIAN_PFCP_USAGE_REPORT_FIELDS

MERIDIAN_PFCP_SCHEMA(downlink_data_report)
M<&m::pdr_id_>, C<&m::downlink_data_service_information_> MERIDIAN_PFCP_END;

MERIDIAN_PFCP_SCHEMA(error_indication_report) M<&m::remote_f_teid_> MERIDIAN_PFCP_END;

MERIDIAN_PFCP_SCHEMA(update_bar_session_report_response)
M<&m::bar_id_>, C<&m::downlink_data_notification_delay_>, C<&m::dl_buffering_duration_>,
    C<&m::dl_buffering_suggested_packet_count_> MERIDIAN_PFCP_END;

MERIDIAN_PFCP_SCHEMA(user_plane_path_failure_report) M<&m::remote_gtp_u_peer_> MERIDIAN_PFCP_END;
MERIDIAN_PFCP_SCHEMA(pfd_context) M<&m::pfd_contents_> MERIDIAN_PFCP_END;
MERIDIAN_PFCP_SCHEMA(application_ids_pfds) M<&m::application_id_>, C<&m::pfd_context_> MERIDIAN_PFCP_END;

// ---- node messages (§7.4) ----------------------------------------------------------

MERIDIAN_PFCP_SCHEMA(heartbeat_request) M<&m::recovery_time_stamp_> MERIDIAN_PFCP_END;
MERIDIAN_PFCP_SCHEMA(heartbeat_response) M<&m::recovery_time_stamp_> MERIDIAN_PFCP_END;

MERIDIAN_PFCP_SCHEMA(pfd_management_request)
O<&m::application_ids_pfds_>, O<&m::node_id_> MERIDIAN_PFCP_END;
MERIDIAN_PFCP_SCHEMA(pfd_management_response)
M<&m::cause_>, C<&m::offending_ie_>, O<&m::node_id_> MERIDIAN_PFCP_END;

MERIDIAN_PFCP_SCHEMA(association_setup_request)
M<&m::node_id_>, M<&m::recovery_time_stamp_>, C<&m::up_function_features_>, C<&m::cp_function_features_>,
    O<&m::user_plane_ip_resource_information_> MERIDIAN_PFCP_END;
MERIDIAN_PFCP_SCHEMA(association_setup_response)
M<&m::node_id_>, M<&m::cause_>, M<&m::recovery_time_stamp_>, C<&m::up_function_features_>, C<&m::cp_function_features_>,
    O<&m::user_plane_ip_resource_information_> MERIDIAN_PFCP_END;
MERIDIAN_PFCP_SCHEMA(association_update_request)
M<&m::node_id_>, O<&m::up_function_features_>, O<&m::cp_function_features_>, C<&m::pfcp_association_release_request_>,
    C<&m::graceful_release_period_>, O<&m::user_plane_ip_resource_information_> MERIDIAN_PFCP_END;
MERIDIAN_PFCP_SCHEMA(association_update_response)
M<&m::node_id_>, M<&m::cause_>, O<&m::up_function_features_>, O<&m::cp_function_features_> MERIDIAN_PFCP_END;
MERIDIAN_PFCP_SCHEMA(association_release_request) M<&m::node_id_> MERIDIAN_PFCP_END;
MERIDIAN_PFCP_SCHEMA(association_release_response) M<&m::node_id_>, M<&m::cause_> MERIDIAN_PFCP_END;

MERIDIAN_PFCP_SCHEMA(node_report_request)
M<&m::node_id_>, M<&m::node_report_type_>, C<&m::user_plane_path_failure_report_> MERIDIAN_PFCP_END;
MERIDIAN_PFCP_SCHEMA(node_report_response)
M<&m::node_id_>, M<&m::cause_>, C<&m::offending_ie_> MERIDIAN_PFCP_END;

// ---- session messages (§7.5) ----------------------------------------------------------

MERIDIAN_PFCP_SCHEMA(session_establishment_request)
M<&m::node_id_>, M<&m::cp_f_seid_>, M<&m::create_pdr_>, M<&m::create_far_>, C<&m::create_urr_>, C<&m::create_qer_>,
    O<&m::create_bar_>, C<&m::pdn_type_>, O<&m::user_plane_inactivity_timer_>, O<&m::user_id_>, O<&m::apn_dnn_>,
    O<&m::s_nssai_> MERIDIAN_PFCP_END;
MERIDIAN_PFCP_SCHEMA(session_establishment_response)
M<&m::node_id_>, M<&m::cause_>, C<&m::offending_ie_>, C<&m::up_f_seid_>, C<&m::created_pdr_>,
    O<&m::load_control_information_>, O<&m::overload_control_information_>, C<&m::failed_rule_id_> MERIDIAN_PFCP_END;

MERIDIAN_PFCP_SCHEMA(session_modification_request)
C<&m::cp_f_seid_>, C<&m::remove_pdr_>, C<&m::remove_far_>, C<&m::remove_urr_>, C<&m::remove_qer_>, C<&m::remove_bar_>,
    C<&m::create_pdr_>, C<&m::create_far_>, C<&m::create_urr_>, C<&m::create_qer_>, C<&m::create_bar_>,
    C<&m::update_pdr_>, C<&m::update_far_>, C<&m::update_urr_>, C<&m::update_qer_>, C<&m::update_bar_>,
    C<&m::pfcpsmreq_flags_>, C<&m::query_urr_>, C<&m::user_plane_inactivity_timer_>,
    C<&m::query_urr_reference_> MERIDIAN_PFCP_END;
MERIDIAN_PFCP_SCHEMA(session_modification_response)
M<&m::cause_>, C<&m::offending_ie_>, C<&m::created_pdr_>, O<&m::load_control_information_>,
    O<&m::overload_control_information_>, C<&m::usage_report_>, C<&m::failed_rule_id_> MERIDIAN_PFCP_END;

template <>
struct schema_of<session_deletion_request> {
  using fields = std::tuple<>;
};
MERIDIAN_PFCP_SCHEMA(session_deletion_response)
M<&m::cause_>, C<&m::offending_ie_>, O<&m::load_control_information_>, O<&m::overload_control_information_>,
    C<&m::usage_report_> MERIDIAN_PFCP_END;

MERIDIAN_PFCP_SCHEMA(session_report_request)
M<&m::report_type_>, C<&m::downlink_data_report_>, C<&m::usage_report_>, C<&m::error_indication_report_>,
    O<&m::load_control_information_>, O<&m::overload_control_information_>, C<&m::pfcpsrreq_flags_> MERIDIAN_PFCP_END;
MERIDIAN_PFCP_SCHEMA(session_report_response)
M<&m::cause_>, C<&m::offending_ie_>, C<&m::update_bar_>, C<&m::pfcpsrrsp_flags_>, C<&m::cp_f_seid_> MERIDIAN_PFCP_END;

#undef MERIDIAN_PFCP_SCHEMA
#undef MERIDIAN_PFCP_END

}  // namespace meridian::pfcp::detail
