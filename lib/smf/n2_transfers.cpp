// The N2 SM information of the SMF (n2_transfers.hpp).

#include "n2_transfers.hpp"

#include "meridian/ngap/ngap.hpp"

namespace meridian::smf::smf_detail {
namespace {

ngap::pdu_session_type ngap_type(nas::pdu_session_type_value t) {
  switch (t) {
    case nas::pdu_session_type_value::ipv6: return ngap::pdu_session_type::ipv6;
    case nas::pdu_session_type_value::ipv4v6: return ngap::pdu_session_type::ipv4v6;
    case nas::pdu_session_type_value::ethernet: return ngap::pdu_session_type::ethernet;
    case nas::pdu_session_type_value::unstructured: return ngap::pdu_session_type::unstructured;
    default: return ngap::pdu_session_type::ipv4;
  }
}

std::string describe(const encode_error& e) { return e.message(); }

}  // namespace

std::expected<std::vector<std::uint8_t>, std::string> setup_request_transfer(const sm_context& ctx) {
  if (!ctx.ul_tunnel) return std::unexpected("no uplink tunnel");
  ngap::pdu_session_resource_setup_request_transfer t;
  ngap::pdu_session_aggregate_maximum_bit_rate ambr;
  ambr.pdu_session_aggregate_maximum_bit_rate_dl_ = static_cast<ngap::bit_rate>(ctx.ambr_downlink_bps);
  ambr.pdu_session_aggregate_maximum_bit_rate_ul_ = static_cast<ngap::bit_rate>(ctx.ambr_uplink_bps);
  t.pdu_session_aggregate_maximum_bit_rate_ = ambr;
  ngap::gtp_tunnel tunnel;
  // §9.3.2.4 Transport Layer Address: an IPv4 address is a 32-bit BIT STRING.
  tunnel.transport_layer_address_ =
      asn1::bit_string({ctx.ul_tunnel->address_.begin(), ctx.ul_tunnel->address_.end()}, 32);
  const std::uint32_t teid = ctx.ul_tunnel->teid_;
  tunnel.gtp_teid_ = {static_cast<std::uint8_t>(teid >> 24), static_cast<std::uint8_t>(teid >> 16),
                      static_cast<std::uint8_t>(teid >> 8), static_cast<std::uint8_t>(teid)};
  t.ul_ngu_up_tnl_information_.value_ = tunnel;
  t.pdu_session_type_ = ngap_type(ctx.type);

  ngap::qos_flow_setup_request_item flow;
  flow.qos_flow_identifier_ = ctx.qfi;
  ngap::non_dynamic5_qi_descriptor five_qi;
  five_qi.five_qi_ = ctx.five_qi;
  flow.qos_flow_level_qos_parameters_.qos_characteristics_.value_ = five_qi;
  auto& arp = flow.qos_flow_level_qos_parameters_.allocation_and_retention_priority_;
  arp.priority_level_arp_ = ctx.arp_priority_level;
  arp.pre_emption_capability_ = ctx.arp_preemption_capability ? ngap::pre_emption_capability::may_trigger_pre_emption
                                                              : ngap::pre_emption_capability::shall_not_trigger_pre_emption;
  arp.pre_emption_vulnerability_ = ctx.arp_preemption_vulnerability ? ngap::pre_emption_vulnerability::pre_emptable
                                                                    : ngap::pre_emption_vulnerability::not_pre_emptable;
  t.qos_flow_setup_request_list_.push_back(std::move(flow));

  auto bytes = ngap::encode_pdu_session_resource_setup_request_transfer(t);
  if (!bytes) return std::unexpected(describe(bytes.error()));
  return std::move(*bytes);
}

std::expected<gtp_tunnel_end, std::string> downlink_tunnel_of(std::span<const std::uint8_t> transfer) {
  auto t = ngap::decode_pdu_session_resource_setup_response_transfer(transfer);
  if (!t) return std::unexpected("undecodable PDU Session Resource Setup Response Transfer");
  const auto& up = t->dl_qos_flow_per_tnl_information_.up_transport_layer_information_;
  const auto* tunnel = std::get_if<ngap::gtp_tunnel>(&up.value_);
  if (tunnel == nullptr) return std::unexpected("DL UP transport layer information is not a GTP tunnel");
  const auto& a = tunnel->transport_layer_address_;
  // §9.3.2.4: 32 bits IPv4, 128 IPv6, 160 both (IPv4 first). The UPF's N3 is IPv4.
  if ((a.length_ != 32 && a.length_ != 160) || a.bytes_.size() < 4)
    return std::unexpected("the gNB's transport layer address is not IPv4");
  if (tunnel->gtp_teid_.size() != 4) return std::unexpected("GTP-TEID is not 4 octets");
  gtp_tunnel_end out;
  for (std::size_t i = 0; i < 4; ++i) out.address_[i] = a.bytes_[i];
  out.teid_ = (std::uint32_t{tunnel->gtp_teid_[0]} << 24) | (std::uint32_t{tunnel->gtp_teid_[1]} << 16) |
              (std::uint32_t{tunnel->gtp_teid_[2]} << 8) | tunnel->gtp_teid_[3];
  return out;
}

std::expected<std::vector<std::uint8_t>, std::string> release_command_transfer() {
  ngap::pdu_session_resource_release_command_transfer t;
  t.cause_.value_ = ngap::cause_nas::normal_release;
  auto bytes = ngap::encode_pdu_session_resource_release_command_transfer(t);
  if (!bytes) return std::unexpected(describe(bytes.error()));
  return std::move(*bytes);
}

}  // namespace meridian::smf::smf_detail
