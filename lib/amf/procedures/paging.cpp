// TS 38.413 §8.5.1 Paging (class 2: no answer; the UE answers with a Service
// Request through whichever gNB it camps on):
//
//   gNB ◄─ PAGING (UE Paging Identity: 5G-S-TMSI, TAI List for Paging) ── AMF
//
// Sent to each set-up gNB that supports a TA of the list (its Supported TA
// List of NG Setup or RAN Configuration Update), so a network of many gNBs
// is not flooded with pagings for TAs they do not serve.

#include <algorithm>

#include "../amf_n2_support.hpp"
#include "meridian/n2/n2_messages.hpp"

namespace meridian::amf {

namespace {

bool supports_any(const ngap::supported_ta_list& supported, const std::vector<model::tai>& tais) {
  for (const auto& ta : supported) {
    const auto tac = n2::decode_tac(ta.tac_);
    if (!tac) continue;
    for (const auto& bp : ta.broadcast_plmn_list_) {
      const auto plmn = n2::decode_plmn(bp.plmn_identity_);
      if (plmn && std::find(tais.begin(), tais.end(), model::tai{*plmn, *tac}) != tais.end()) return true;
    }
  }
  return false;
}

}  // namespace

std::size_t amf_n2::send_paging(const model::s_tmsi_5g& who, const std::vector<model::tai>& tais) {
  if (tais.empty()) return 0;
  ngap::paging p;
  p.ue_paging_identity_.value_ = n2::encode_s_tmsi(who);
  for (const auto& t : tais)
    p.tai_list_for_paging_.push_back({.tai_ = n2::encode_tai(t), .ie_extensions_ = {}, .unknown_extensions_ = {}});
  const ngap::ngap_pdu pdu = n2::make_pdu<ngap::initiating_message>(std::move(p));
  std::size_t paged = 0;
  for (auto& [a, g] : gnbs_) {
    if (!g.setup_complete || !supports_any(g.supported_tas, tais)) continue;
    send(g, pdu);
    ++paged;
  }
  counters_.pagings_sent += paged;
  return paged;
}

}  // namespace meridian::amf
