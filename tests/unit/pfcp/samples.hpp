#pragma once
// Representative PFCP messages built field by field, one per message type,
// shared by the round-trip, truncation and tshark tests.

#include <vector>

#include "meridian/pfcp/messages.hpp"

namespace meridian::pfcp::test {

inline ipv4_address v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) { return {a, b, c, d}; }

inline node_id node_v4(std::uint8_t last) {
  node_id n;
  n.type_ = node_id::kind::ipv4;
  n.ipv4_ = v4(10, 0, 0, last);
  return n;
}

inline header node_header(std::uint32_t seq) {
  header h;
  h.sequence_number_ = seq;
  return h;
}

inline header session_header(std::uint64_t id, std::uint32_t seq) {
  header h;
  h.seid_ = *seid::from(id);
  h.sequence_number_ = seq;
  return h;
}

inline apply_action action(std::initializer_list<flag> fs) {
  apply_action a;
  a.octets_ = {0, 0};
  for (auto f : fs) a.set(f);
  return a;
}

inline cause accepted() { return cause{cause_value::request_accepted}; }

inline session_establishment_request establishment() {
  session_establishment_request m;
  m.node_id_ = node_v4(1);
  m.cp_f_seid_ = f_seid{*seid::from(0x1122334455667788), v4(10, 0, 0, 1), std::nullopt};

  create_pdr ul;
  ul.pdr_id_ = pdr_id{1};
  ul.precedence_ = precedence{200};
  ul.pdi_.source_interface_ = source_interface{interface_value::access};
  f_teid choose;
  choose.choose_ = true;
  choose.choose_ipv4_ = true;
  choose.choose_id_ = 5;
  ul.pdi_.local_f_teid_ = choose;
  ul.pdi_.network_instance_ = network_instance{{8, 'i', 'n', 't', 'e', 'r', 'n', 'e', 't'}};
  ul.pdi_.ue_ip_address_.push_back(
      ue_ip_address{v4(10, 45, 0, 2), std::nullopt, false, false, false, std::nullopt, std::nullopt});
  ul.pdi_.qfi_.push_back(qfi{9});
  ul.outer_header_removal_ = outer_header_removal{0, std::nullopt};
  ul.far_id_ = far_id{1};
  ul.urr_id_.push_back(urr_id{1});
  ul.qer_id_.push_back(qer_id{1});
  m.create_pdr_.push_back(ul);

  create_pdr dl;
  dl.pdr_id_ = pdr_id{2};
  dl.precedence_ = precedence{200};
  dl.pdi_.source_interface_ = source_interface{interface_value::core};
  dl.pdi_.ue_ip_address_.push_back(
      ue_ip_address{v4(10, 45, 0, 2), std::nullopt, true, false, false, std::nullopt, std::nullopt});
  sdf_filter sdf;
  sdf.flow_description_ = "permit out ip from any to assigned";
  dl.pdi_.sdf_filter_.push_back(sdf);
  dl.far_id_ = far_id{2};
  dl.qer_id_.push_back(qer_id{1});
  m.create_pdr_.push_back(dl);

  create_far to_core;
  to_core.far_id_ = far_id{1};
  to_core.apply_action_ = action({flags::apply_action::forw});
  to_core.forwarding_parameters_ = forwarding_parameters{};
  to_core.forwarding_parameters_->destination_interface_ = destination_interface{interface_value::core};
  m.create_far_.push_back(to_core);

  create_far to_access;
  to_access.far_id_ = far_id{2};
  to_access.apply_action_ = action({flags::apply_action::forw});
  forwarding_parameters fp;
  fp.destination_interface_ = destination_interface{interface_value::access};
  outer_header_creation ohc;
  ohc.description_ = outer_header_creation::gtpu_udp_ipv4;
  ohc.teid_ = *teid::from(0x3edb);
  ohc.ipv4_ = v4(10, 0, 1, 7);
  fp.outer_header_creation_ = ohc;
  to_access.forwarding_parameters_ = fp;
  to_access.bar_id_ = bar_id{1};
  m.create_far_.push_back(to_access);

  create_urr urr;
  urr.urr_id_ = urr_id{1};
  urr.measurement_method_.set(flags::measurement_method::volum);
  urr.measurement_method_.set(flags::measurement_method::durat);
  urr.reporting_triggers_.set(flags::reporting_triggers::volth);
  urr.reporting_triggers_.set(flags::reporting_triggers::perio);
  urr.measurement_period_ = measurement_period{60};
  urr.volume_threshold_ = volume_threshold{};
  urr.volume_threshold_->total_volume_ = 100'000'000;
  urr.volume_threshold_->uplink_volume_ = 40'000'000;
  m.create_urr_.push_back(urr);

  create_qer qer;
  qer.qer_id_ = qer_id{1};
  qer.gate_status_ = gate_status{0, 0};
  qer.mbr_ = mbr{1'000'000, 2'000'000};
  qer.gbr_ = gbr{10'000, 20'000};
  qer.qfi_ = qfi{9};
  m.create_qer_.push_back(qer);

  m.create_bar_ = create_bar{};
  m.create_bar_->bar_id_ = bar_id{1};
  m.pdn_type_ = pdn_type{pdn_type_value::ipv4};
  m.s_nssai_ = model::s_nssai{1, model::slice_differentiator::literal(0x010203)};
  m.apn_dnn_ = apn_dnn{{8, 'i', 'n', 't', 'e', 'r', 'n', 'e', 't'}};
  return m;
}

inline session_modification_request modification() {
  session_modification_request m;
  m.remove_pdr_.push_back(remove_pdr{{}, pdr_id{3}});
  update_far u;
  u.far_id_ = far_id{2};
  u.apply_action_ = action({flags::apply_action::forw});
  update_forwarding_parameters ufp;
  ufp.destination_interface_ = destination_interface{interface_value::access};
  outer_header_creation ohc;
  ohc.description_ = outer_header_creation::gtpu_udp_ipv4;
  ohc.teid_ = *teid::from(0x1234);
  ohc.ipv4_ = v4(10, 0, 1, 8);
  ufp.outer_header_creation_ = ohc;
  ufp.pfcpsmreq_flags_ = pfcpsmreq_flags{{0x02}};  // SNDEM: send end marker
  u.update_forwarding_parameters_ = ufp;
  m.update_far_.push_back(u);
  update_qer q;
  q.qer_id_ = qer_id{1};
  q.mbr_ = mbr{5000, 6000};
  m.update_qer_.push_back(q);
  m.query_urr_.push_back(query_urr{{}, urr_id{1}});
  return m;
}

inline usage_report_session_deletion_response deletion_usage_report() {
  usage_report_session_deletion_response u;
  u.urr_id_ = urr_id{1};
  u.ur_seqn_ = ur_seqn{3};
  u.usage_report_trigger_.octets_ = {0, 0x08, 0};  // TERMR
  u.start_time_ = start_time{3961831000};
  u.end_time_ = end_time{3961831139};
  volume_measurement vm;
  vm.total_volume_ = 1040;
  vm.uplink_volume_ = 520;
  vm.downlink_volume_ = 520;
  vm.total_number_of_packets_ = 10;
  vm.uplink_number_of_packets_ = 5;
  vm.downlink_number_of_packets_ = 5;
  u.volume_measurement_ = vm;
  u.duration_measurement_ = duration_measurement{139};
  return u;
}

inline session_report_request report() {
  session_report_request m;
  m.report_type_.set(flags::report_type::dldr);
  m.downlink_data_report_ = downlink_data_report{};
  m.downlink_data_report_->pdr_id_.push_back(pdr_id{2});
  return m;
}

/// One message of every type.
inline std::vector<message> every_message_type() {
  std::vector<message> out;
  out.push_back({node_header(1), heartbeat_request{{}, recovery_time_stamp{3961831000}}});
  out.push_back({node_header(1), heartbeat_response{{}, recovery_time_stamp{3961831001}}});
  {
    pfd_management_request m;
    application_ids_pfds a;
    a.application_id_ = application_id{{'a', 'p', 'p'}};
    pfd_context c;
    c.pfd_contents_.push_back(pfd_contents{{0x01, 0x00, 0x00, 0x03, 'a', 'b', 'c'}});
    a.pfd_context_.push_back(c);
    m.application_ids_pfds_.push_back(a);
    out.push_back({node_header(2), m});
  }
  out.push_back({node_header(2), pfd_management_response{{}, accepted(), std::nullopt, std::nullopt}});
  {
    association_setup_request m;
    m.node_id_ = node_v4(1);
    m.recovery_time_stamp_ = recovery_time_stamp{3961831000};
    m.cp_function_features_ = cp_function_features{{0x01}};
    out.push_back({node_header(3), m});
  }
  {
    association_setup_response m;
    m.node_id_.type_ = node_id::kind::fqdn;
    m.node_id_.fqdn_ = "upf.meridian.test";
    m.cause_ = accepted();
    m.recovery_time_stamp_ = recovery_time_stamp{3961831002};
    m.up_function_features_ = up_function_features{{0x10, 0x00}};
    out.push_back({node_header(3), m});
  }
  {
    association_update_request m;
    m.node_id_ = node_v4(2);
    m.pfcp_association_release_request_ = pfcp_association_release_request{{0x01}};
    out.push_back({node_header(4), m});
  }
  out.push_back({node_header(4), association_update_response{{}, node_v4(1), accepted(), std::nullopt, std::nullopt}});
  out.push_back({node_header(5), association_release_request{{}, node_v4(1)}});
  out.push_back({node_header(5), association_release_response{{}, node_v4(2), accepted()}});
  {
    node_report_request m;
    m.node_id_ = node_v4(2);
    m.node_report_type_.octets_ = {0x01};  // UPFR
    m.user_plane_path_failure_report_ = user_plane_path_failure_report{};
    m.user_plane_path_failure_report_->remote_gtp_u_peer_.push_back(remote_gtp_u_peer{{0x02, 10, 0, 1, 7}});
    out.push_back({node_header(6), m});
  }
  out.push_back({node_header(6), node_report_response{{}, node_v4(1), accepted(), std::nullopt}});
  out.push_back({session_header(0, 7), establishment()});
  {
    session_establishment_response m;
    m.node_id_ = node_v4(2);
    m.cause_ = accepted();
    m.up_f_seid_ = f_seid{*seid::from(0x99), v4(10, 0, 0, 2), std::nullopt};
    created_pdr c;
    c.pdr_id_ = pdr_id{1};
    c.local_f_teid_ = f_teid{false, *teid::from(0xc0bb), v4(10, 0, 1, 2), std::nullopt, false, false, std::nullopt};
    m.created_pdr_.push_back(c);
    out.push_back({session_header(0x1122334455667788, 7), m});
  }
  out.push_back({session_header(0x99, 8), modification()});
  {
    session_modification_response m;
    m.cause_ = accepted();
    usage_report_session_modification_response u;
    u.urr_id_ = urr_id{1};
    u.ur_seqn_ = ur_seqn{1};
    u.usage_report_trigger_.octets_ = {0x00, 0x00, 0x00};
    u.usage_report_trigger_.set(flags::usage_report_trigger::immer);
    u.volume_measurement_ = volume_measurement{};
    u.volume_measurement_->total_volume_ = 5;
    m.usage_report_.push_back(u);
    out.push_back({session_header(0x1122334455667788, 8), m});
  }
  out.push_back({session_header(0x99, 9), session_deletion_request{}});
  {
    session_deletion_response m;
    m.cause_ = accepted();
    m.usage_report_.push_back(deletion_usage_report());
    out.push_back({session_header(0x1122334455667788, 9), m});
  }
  out.push_back({session_header(0x1122334455667788, 10), report()});
  {
    session_report_response m;
    m.cause_ = accepted();
    m.update_bar_ = update_bar_session_report_response{};
    m.update_bar_->bar_id_ = bar_id{1};
    m.update_bar_->downlink_data_notification_delay_ = downlink_data_notification_delay{2};
    out.push_back({session_header(0x99, 10), m});
  }
  return out;
}

}  // namespace meridian::pfcp::test
