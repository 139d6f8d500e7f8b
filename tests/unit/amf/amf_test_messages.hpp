#pragma once
// NGAP messages a gNB sends, built for the AMF's tests (UE-associated NGAP and 5GMM).

#include <cstdint>
#include <vector>

#include "meridian/n2/n2_messages.hpp"
#include "meridian/n2/n2_types.hpp"

namespace meridian::amf::test {

/// NG Setup Request of gNB `id` (22 bits) in PLMN 001/01, TAC 1, SST 1: what the default AMF serves.
inline std::vector<std::uint8_t> setup_request(std::uint32_t id) {
  ngap::ng_setup_request r;
  r.global_ran_node_id_ = n2::encode_global_gnb_id(*model::global_gnb_id::from(model::plmn{}, id, 22));
  ngap::broadcast_plmn_item bp;
  bp.plmn_identity_ = n2::encode_plmn(model::plmn{});
  bp.tai_slice_support_list_.push_back(ngap::slice_support_item{n2::encode_s_nssai({})});
  ngap::supported_ta_item ta;
  ta.tac_ = n2::encode_tac(model::tac::literal(1));
  ta.broadcast_plmn_list_.push_back(bp);
  r.supported_ta_list_ = {ta};
  r.default_paging_drx_ = ngap::paging_drx::v128;
  return n2::encode(n2::make_pdu<ngap::initiating_message>(std::move(r)));
}

/// User Location Information (NR) in PLMN 001/01.
inline ngap::user_location_information nr_location(std::uint32_t tac = 1, std::uint64_t cell = 0x10) {
  ngap::user_location_information_nr nr;
  nr.tai_ = n2::encode_tai(model::tai{model::plmn{}, *model::tac::from(tac)});
  nr.nr_cgi_ = n2::encode_ncgi(model::ncgi{model::plmn{}, *model::nr_cell_identity::from(cell)});
  ngap::user_location_information uli;
  uli.value_ = std::move(nr);
  return uli;
}

/// Initial UE Message carrying `nas_pdu`.
inline std::vector<std::uint8_t> initial_ue_message(std::uint32_t ran_id, const std::vector<std::uint8_t>& nas_pdu,
                                                    std::uint32_t tac = 1) {
  ngap::initial_ue_message m;
  m.ran_ue_ngap_id_ = ran_id;
  m.nas_pdu_ = nas_pdu;
  m.user_location_information_ = nr_location(tac);
  m.rrc_establishment_cause_ = ngap::rrc_establishment_cause::mo_signalling;
  return n2::encode(n2::make_pdu<ngap::initiating_message>(std::move(m)));
}

/// Uplink NAS Transport carrying `nas_pdu` for the UE with these ids.
inline std::vector<std::uint8_t> uplink_nas_bytes(std::uint64_t amf_id, std::uint32_t ran_id,
                                                  std::vector<std::uint8_t> nas_pdu) {
  ngap::uplink_nas_transport u;
  u.amf_ue_ngap_id_ = static_cast<std::int64_t>(amf_id);
  u.ran_ue_ngap_id_ = ran_id;
  u.nas_pdu_ = std::move(nas_pdu);
  u.user_location_information_ = nr_location();
  return n2::encode(n2::make_pdu<ngap::initiating_message>(std::move(u)));
}

}  // namespace meridian::amf::test
