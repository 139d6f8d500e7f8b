// The PFCP rules of a PDU session (pfcp_rules.hpp).

#include "pfcp_rules.hpp"

#include <initializer_list>

namespace meridian::smf::smf_detail {
namespace {

/// The UE IP Address IE of the session (TS 29.244 §8.2.62), as source or destination.
pfcp::ue_ip_address ue_address(const sm_context& ctx, bool destination) {
  pfcp::ue_ip_address ue;
  ue.destination_ = destination;
  if (ctx.ipv4) ue.ipv4_ = *ctx.ipv4;
  if (ctx.ipv6_prefix) {
    // §8.2.62: an IPv6 prefix is an address with the prefix length (IP6PL) given.
    ue.ipv6_ = *ctx.ipv6_prefix;
    ue.ipv6_prefix_length_ = 64;
  }
  return ue;
}

pfcp::pdn_type_value pdn_type_of(nas::pdu_session_type_value t) {
  switch (t) {
    case nas::pdu_session_type_value::ipv6: return pfcp::pdn_type_value::ipv6;
    case nas::pdu_session_type_value::ipv4v6: return pfcp::pdn_type_value::ipv4v6;
    case nas::pdu_session_type_value::ethernet: return pfcp::pdn_type_value::ethernet;
    case nas::pdu_session_type_value::unstructured: return pfcp::pdn_type_value::non_ip;
    default: return pfcp::pdn_type_value::ipv4;
  }
}

pfcp::apply_action action(std::initializer_list<pfcp::flag> fs) {
  pfcp::apply_action a;
  for (auto f : fs) a.set(f);
  return a;
}

}  // namespace

std::vector<std::uint8_t> dnn_labels(std::string_view dnn) {
  std::vector<std::uint8_t> out;
  std::size_t start = 0;
  while (start <= dnn.size()) {
    auto dot = dnn.find('.', start);
    if (dot == std::string_view::npos) dot = dnn.size();
    const auto label = dnn.substr(start, dot - start);
    out.push_back(static_cast<std::uint8_t>(label.size()));
    out.insert(out.end(), label.begin(), label.end());
    start = dot + 1;
  }
  return out;
}

pfcp::session_establishment_request session_establishment(const sm_context& ctx, pfcp::ipv4_address cp_address) {
  namespace aa = pfcp::flags::apply_action;
  pfcp::session_establishment_request req;
  req.cp_f_seid_.seid_ = ctx.cp_seid;
  req.cp_f_seid_.ipv4_ = cp_address;

  pfcp::create_pdr ul;
  ul.pdr_id_.value_ = uplink_pdr;
  ul.precedence_.value_ = 255;
  ul.pdi_.source_interface_.value_ = pfcp::interface_value::access;
  pfcp::f_teid choose;
  choose.choose_ = true;
  choose.choose_ipv4_ = true;
  ul.pdi_.local_f_teid_ = choose;
  ul.pdi_.ue_ip_address_.push_back(ue_address(ctx, false));
  ul.pdi_.qfi_.push_back(pfcp::qfi{ctx.qfi});
  ul.outer_header_removal_ = pfcp::outer_header_removal{};  // 0: GTP-U/UDP/IPv4
  ul.far_id_ = pfcp::far_id{uplink_far};
  ul.qer_id_ = {pfcp::qer_id{session_qer}, pfcp::qer_id{flow_qer}};

  pfcp::create_pdr dl;
  dl.pdr_id_.value_ = downlink_pdr;
  dl.precedence_.value_ = 255;
  dl.pdi_.source_interface_.value_ = pfcp::interface_value::core;
  dl.pdi_.ue_ip_address_.push_back(ue_address(ctx, true));
  dl.far_id_ = pfcp::far_id{downlink_far};
  dl.qer_id_ = {pfcp::qer_id{session_qer}, pfcp::qer_id{flow_qer}};

  pfcp::create_far to_core;
  to_core.far_id_.value_ = uplink_far;
  to_core.apply_action_ = action({aa::forw});
  pfcp::forwarding_parameters core;
  core.destination_interface_.value_ = pfcp::interface_value::core;
  to_core.forwarding_parameters_ = core;

  // No tunnel to the gNB yet (it comes with the N2 response): downlink data waits on the UPF.
  pfcp::create_far to_access;
  to_access.far_id_.value_ = downlink_far;
  to_access.apply_action_ = action({aa::buff});

  pfcp::create_qer session;
  session.qer_id_.value_ = session_qer;
  session.gate_status_ = pfcp::gate_status{0, 0};  // both open
  // §8.2.8: kilobits per second, rounded up.
  session.mbr_ = pfcp::mbr{(ctx.ambr_uplink_bps + 999) / 1000, (ctx.ambr_downlink_bps + 999) / 1000};

  pfcp::create_qer flow;
  flow.qer_id_.value_ = flow_qer;
  flow.gate_status_ = pfcp::gate_status{0, 0};
  flow.qfi_ = pfcp::qfi{ctx.qfi};

  req.create_pdr_ = {std::move(ul), std::move(dl)};
  req.create_far_ = {std::move(to_core), std::move(to_access)};
  req.create_qer_ = {std::move(session), std::move(flow)};
  req.pdn_type_ = pfcp::pdn_type{pdn_type_of(ctx.type)};
  req.apn_dnn_ = pfcp::apn_dnn{dnn_labels(ctx.dnn)};
  req.s_nssai_ = ctx.s_nssai;
  return req;
}

pfcp::session_modification_request forward_downlink_to(const gtp_tunnel_end& gnb) {
  namespace aa = pfcp::flags::apply_action;
  pfcp::update_far far;
  far.far_id_.value_ = downlink_far;
  far.apply_action_ = action({aa::forw});
  pfcp::update_forwarding_parameters fp;
  fp.destination_interface_ = pfcp::destination_interface{pfcp::interface_value::access};
  pfcp::outer_header_creation ohc;
  ohc.description_ = pfcp::outer_header_creation::gtpu_udp_ipv4;
  ohc.teid_ = *teid::from(gnb.teid_);
  ohc.ipv4_ = gnb.address_;
  fp.outer_header_creation_ = ohc;
  far.update_forwarding_parameters_ = fp;
  pfcp::session_modification_request m;
  m.update_far_.push_back(std::move(far));
  return m;
}

pfcp::session_modification_request buffer_downlink() {
  namespace aa = pfcp::flags::apply_action;
  pfcp::update_far far;
  far.far_id_.value_ = downlink_far;
  far.apply_action_ = action({aa::buff});
  pfcp::session_modification_request m;
  m.update_far_.push_back(std::move(far));
  return m;
}

}  // namespace meridian::smf::smf_detail
