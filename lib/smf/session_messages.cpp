// The 5GSM messages the SMF sends (session_messages.hpp).

#include "session_messages.hpp"

namespace meridian::smf::smf_detail {

void set_ambr(std::uint64_t bps, std::uint8_t& unit, std::uint16_t& value) noexcept {
  for (std::uint8_t u = 1; u <= 25; ++u) {
    const std::uint64_t step = nas::session_ambr::bits_per_second(u, 1);
    const std::uint64_t n = bps / step + (bps % step != 0 ? 1 : 0);
    if (n <= 0xffff) {
      unit = u;
      value = static_cast<std::uint16_t>(n);
      return;
    }
  }
  unit = 25;
  value = 0xffff;
}

nas::session_ambr to_session_ambr(std::uint64_t uplink_bps, std::uint64_t downlink_bps) noexcept {
  nas::session_ambr a;
  set_ambr(downlink_bps, a.downlink_unit_, a.downlink_);
  set_ambr(uplink_bps, a.uplink_unit_, a.uplink_);
  return a;
}

nas::qos_rules default_qos_rules(std::uint8_t qfi) {
  nas::packet_filter match_all;
  match_all.direction_ = nas::packet_filter_direction::bidirectional;
  match_all.identifier_ = 1;
  match_all.components_.push_back({nas::packet_filter_component_type::match_all, {}});
  nas::qos_rule rule;
  rule.identifier_ = 1;
  rule.operation_ = nas::qos_rule_operation::create_new;
  rule.default_rule_ = true;
  rule.packet_filters_.push_back(std::move(match_all));
  // §9.11.4.13: the default rule with a match-all filter has the lowest precedence.
  rule.precedence_ = 255;
  rule.qfi_ = qfi;
  return nas::qos_rules{{std::move(rule)}};
}

nas::qos_flow_descriptions default_qos_flow_descriptions(std::uint8_t qfi, std::uint8_t five_qi) {
  nas::qos_flow_description d;
  d.qfi_ = qfi;
  d.operation_ = nas::qos_flow_operation::create_new;
  d.e_bit_ = true;
  d.parameters_.push_back({nas::qos_flow_parameter_id::five_qi, {five_qi}});
  return nas::qos_flow_descriptions{{std::move(d)}};
}

nas::pdu_address pdu_address_of(const sm_context& ctx) {
  nas::pdu_address a;
  a.type_ = ctx.type;
  if (ctx.ipv4) a.ipv4_ = *ctx.ipv4;
  // §9.11.4.10: for IPv6 only the interface identifier; the prefix comes by Router Advertisement.
  if (ctx.ipv6_prefix) a.ipv6_interface_id_ = ctx.ipv6_interface_id;
  return a;
}

std::optional<nas::extended_pco> epco_answer(const sm_context& ctx) {
  if (!ctx.requested_epco || ctx.dnn_cfg == nullptr) return std::nullopt;
  bool want_dns4 = false, want_dns6 = false, want_mtu = false;
  for (const auto& c : ctx.requested_epco->containers_) {
    if (c.id_ == nas::pco_id::dns_server_ipv4_address) want_dns4 = true;
    if (c.id_ == nas::pco_id::dns_server_ipv6_address) want_dns6 = true;
    if (c.id_ == nas::pco_id::ipv4_link_mtu) want_mtu = true;
  }
  nas::extended_pco out;
  out.header_ = 0x80;  // ext, configuration protocol PPP (TS 24.008 §10.5.6.3)
  if (want_dns4 && ctx.ipv4) {
    for (const auto& a : ctx.dnn_cfg->dns_ipv4_)
      out.containers_.push_back({nas::pco_id::dns_server_ipv4_address, {a.begin(), a.end()}});
  }
  if (want_dns6 && ctx.ipv6_prefix) {
    for (const auto& a : ctx.dnn_cfg->dns_ipv6_)
      out.containers_.push_back({nas::pco_id::dns_server_ipv6_address, {a.begin(), a.end()}});
  }
  if (want_mtu && ctx.ipv4) {
    const std::uint16_t mtu = ctx.dnn_cfg->ipv4_link_mtu_;
    out.containers_.push_back(
        {nas::pco_id::ipv4_link_mtu, {static_cast<std::uint8_t>(mtu >> 8), static_cast<std::uint8_t>(mtu)}});
  }
  if (out.containers_.empty()) return std::nullopt;
  return out;
}

nas::pdu_session_establishment_accept establishment_accept(const sm_context& ctx) {
  nas::pdu_session_establishment_accept a;
  a.selected_pdu_session_type_.value_ = ctx.type;
  a.selected_ssc_mode_ = nas::ssc_mode{1};
  a.authorized_qos_rules_ = default_qos_rules(ctx.qfi);
  a.session_ambr_ = to_session_ambr(ctx.ambr_uplink_bps, ctx.ambr_downlink_bps);
  a.cause_ = ctx.type_cause;
  a.pdu_address_ = pdu_address_of(ctx);
  nas::s_nssai s;
  s.value_ = ctx.s_nssai;
  a.s_nssai_ = s;
  a.authorized_qos_flow_descriptions_ = default_qos_flow_descriptions(ctx.qfi, ctx.five_qi);
  a.extended_protocol_configuration_options_ = epco_answer(ctx);
  a.dnn_ = nas::dnn{ctx.dnn};
  return a;
}

}  // namespace meridian::smf::smf_detail
