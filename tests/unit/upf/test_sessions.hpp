#pragma once
// Session rules shaped like those an SMF installs for one PDU session: an
// uplink PDR on the N3 tunnel, a downlink PDR on the UE address, a FAR each.

#include "meridian/upf/rules.hpp"

namespace meridian::upf::test {

inline session_rules basic_session(std::uint64_t seid_value, std::uint32_t teid_value, ipv4_address ue) {
  session_rules r;
  r.seid_ = *seid::from(seid_value);

  pdr ul;
  ul.id_ = pdr_id::literal(1);
  ul.precedence_ = 255;
  ul.pdi_.source_interface_ = interface_type::access;
  ul.pdi_.local_teid_ = *teid::from(teid_value);
  ul.pdi_.ue_address_ = ue;
  ul.remove_outer_header_ = true;
  ul.far_id_ = far_id::literal(1);
  r.pdrs_.push_back(ul);

  pdr dl;
  dl.id_ = pdr_id::literal(2);
  dl.precedence_ = 255;
  dl.pdi_.source_interface_ = interface_type::core;
  dl.pdi_.ue_address_ = ue;
  dl.far_id_ = far_id::literal(2);
  r.pdrs_.push_back(dl);

  far to_n6;
  to_n6.id_ = far_id::literal(1);
  to_n6.action_ = apply_action::forward;
  to_n6.destination_interface_ = interface_type::core;
  r.fars_.push_back(to_n6);

  far to_gnb;
  to_gnb.id_ = far_id::literal(2);
  to_gnb.action_ = apply_action::forward;
  to_gnb.destination_interface_ = interface_type::access;
  to_gnb.outer_header_creation_ =
      outer_header_creation{*teid::from(0x1000'0000u + teid_value), ipv4_from_octets(192, 0, 2, 10), 2152};
  r.fars_.push_back(to_gnb);
  return r;
}

/// Adds `q` (QFI 9 unless it names one) and a volume URR (ID 1) to `r`, both
/// applied by every PDR.
inline session_rules with_qer_and_urr(session_rules r, qer q = {}) {
  q.id_ = qer_id::literal(1);
  if (!q.qfi_) q.qfi_ = qfi::literal(9);
  r.qers_.push_back(q);
  urr u;
  u.id_ = urr_id::literal(1);
  r.urrs_.push_back(u);
  for (pdr& p : r.pdrs_) {
    p.qer_ids_.push_back(q.id_);
    p.urr_ids_.push_back(u.id_);
  }
  return r;
}

inline ipv4_address ue_address(std::uint32_t n) { return *ipv4_address::from(0x0a2d'0000u + n); }

}  // namespace meridian::upf::test
