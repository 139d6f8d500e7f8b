// TS 38.413 §8.7.4 NG Reset, both directions (reset all; a partial reset is
// acknowledged with the same UE-associated connections, §8.7.4.2.2):
//
//   gNB ── NG RESET ───────────────► AMF        (gNB-initiated, on_ng_reset)
//   gNB ◄─ NG RESET ACKNOWLEDGE ──── AMF
//
//   gNB ◄─ NG RESET ─────────────── AMF        (AMF-initiated, ng_reset)
//   gNB ── NG RESET ACKNOWLEDGE ───► AMF        within response_timeout

#include "../amf_n2_support.hpp"
#include "meridian/n2/n2_messages.hpp"

namespace meridian::amf {

using detail::logger;

void amf_n2::on_ng_reset(gnb_context& g, const ngap::ng_reset& m) {
  ++counters_.ng_resets_received;
  ngap::ng_reset_acknowledge ack;
  if (const auto* part = std::get_if<ngap::ue_associated_logical_ng_connection_list>(&m.reset_type_.value_)) {
    ack.ue_associated_logical_ng_connection_list_ = *part;
    // §8.7.4.2.2: the connections named (by either id) are released.
    for (const auto& item : *part) {
      const ue_ngap_context* ue = nullptr;
      if (item.amf_ue_ngap_id_)
        if (const auto id = n2::decode_amf_ue_ngap_id(*item.amf_ue_ngap_id_)) ue = ues_.find(*id);
      if (ue == nullptr && item.ran_ue_ngap_id_)
        if (const auto id = n2::decode_ran_ue_ngap_id(*item.ran_ue_ngap_id_)) ue = ues_.find(g.association, *id);
      if (ue == nullptr || ue->association != g.association) continue;
      ++counters_.ue_contexts_released_by_gnb_loss_or_reset;
      release_ue(ue->amf_id, ue_release_reason::ng_reset);
    }
  } else {
    release_ues_on(g.association, ue_release_reason::ng_reset);
  }
  logger()->info("{}: NG Reset received ({}), acknowledged", g.label(), n2::to_string(m.cause_));
  send(g, n2::make_pdu<ngap::successful_outcome>(std::move(ack)));
}

bool amf_n2::send_ng_reset(gnb_association_id a, ngap::cause c) {
  gnb_context* g = context(a);
  if (g == nullptr || !g->setup_complete || g->answers.contains(ngap::id_ng_reset)) return false;
  runtime::spawn(ng_reset(a, std::move(c)), g->procedures.token());
  return true;
}

runtime::task<void> amf_n2::ng_reset(gnb_association_id a, ngap::cause c) {
  gnb_context* g = context(a);
  if (g == nullptr) co_return;
  auto answer = g->answers.wait(ngap::id_ng_reset, cfg_.response_timeout);
  ngap::ng_reset r;
  r.cause_ = std::move(c);
  r.reset_type_.value_ = ngap::reset_all::reset_all;
  ++counters_.ng_resets_sent;
  logger()->info("{}: sending NG Reset (reset all)", g->label());
  // §8.7.4.2.1: the AMF releases every UE-associated connection with this gNB.
  release_ues_on(a, ue_release_reason::ng_reset);
  send(*g, n2::make_pdu<ngap::initiating_message>(std::move(r)));

  std::expected<ngap::ngap_pdu, runtime::runtime_error> pdu = co_await answer;
  // The context outlives every wait that did not end in cancellation.
  if (!pdu) {
    if (pdu.error() != runtime::runtime_error::timed_out) co_return;  // the association ended
    ++counters_.ng_reset_timeouts;
    if (const auto* now = find(a))
      logger()->warn("{}: NG Reset not acknowledged within {}", now->label(), detail::seconds(cfg_.response_timeout));
    co_return;
  }
  ++counters_.ng_reset_acks_received;
  if (const auto* now = find(a)) logger()->info("{}: NG Reset acknowledged", now->label());
}

}  // namespace meridian::amf
