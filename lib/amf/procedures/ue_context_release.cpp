// TS 38.413 §8.3.2-8.3.3 UE Context Release, as the AMF runs it:
//
//   gNB ── UE CONTEXT RELEASE REQUEST (cause) ──► AMF   the gNB asks (§8.3.2)
//   gNB ◄─ UE CONTEXT RELEASE COMMAND (ids) ───── AMF   (§8.3.3)
//   gNB ── UE CONTEXT RELEASE COMPLETE ─────────► AMF   the connection is gone
//   no Complete within response_timeout                  released all the same, counted

#include "../amf_n2_support.hpp"
#include "meridian/n2/n2_messages.hpp"

namespace meridian::amf {

using detail::logger;

void amf_n2::on_ue_context_release_request(gnb_context& g, const ngap::ue_context_release_request& m) {
  ue_ngap_context* ue = ue_for(g, m.amf_ue_ngap_id_, m.ran_ue_ngap_id_);
  if (ue == nullptr) return;
  ++counters_.ue_context_release_requests;
  logger()->debug("{}: UE Context Release Request for AMF UE NGAP ID {}: {}", g.label(), ue->amf_id.value(),
                  n2::to_string(m.cause_));
  // The AMF answers a request with the command, giving the gNB's own cause back.
  release_ue_context(ue->amf_id, m.cause_);
}

bool amf_n2::release_ue_context(model::amf_ue_ngap_id id, ngap::cause c) {
  const ue_ngap_context* ue = ues_.find(id);
  if (ue == nullptr || releasing_.contains(id.value())) return false;
  gnb_context* g = context(ue->association);
  if (g == nullptr) return false;
  releasing_.insert(id.value());
  runtime::spawn(ue_context_release(id, std::move(c)), g->procedures.token());
  return true;
}

runtime::task<void> amf_n2::ue_context_release(model::amf_ue_ngap_id id, ngap::cause c) {
  const ue_ngap_context* ue = ues_.find(id);
  gnb_context* g = ue != nullptr ? context(ue->association) : nullptr;
  if (g == nullptr) co_return;
  auto answer = g->ue_answers.wait(detail::ue_procedure_key(ngap::id_ue_context_release, id), cfg_.response_timeout);
  ngap::ue_context_release_command cmd;
  ngap::ue_ngap_id_pair pair;
  pair.amf_ue_ngap_id_ = n2::encode_amf_ue_ngap_id(ue->amf_id);
  pair.ran_ue_ngap_id_ = n2::encode_ran_ue_ngap_id(ue->ran_id);
  cmd.ue_ngap_i_ds_.value_ = std::move(pair);
  cmd.cause_ = std::move(c);
  send_ue(*ue, n2::make_pdu<ngap::initiating_message>(std::move(cmd)));

  std::expected<ngap::ngap_pdu, runtime::runtime_error> complete = co_await answer;
  // Cancelled: the association ended, and forget() releases the connection itself.
  if (!complete && complete.error() != runtime::runtime_error::timed_out) co_return;
  if (complete) {
    ++counters_.ue_context_releases;
  } else {
    ++counters_.ue_context_release_timeouts;
    logger()->warn("AMF UE NGAP ID {}: no UE Context Release Complete within {}; released", id.value(),
                   detail::seconds(cfg_.response_timeout));
  }
  release_ue(id, ue_release_reason::released);
}

}  // namespace meridian::amf
