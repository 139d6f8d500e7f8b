// TS 38.413 §8.3.1 Initial Context Setup, as the AMF runs it for the NAS
// layer (a Registration Accept or Service Accept rides in it):
//
//   gNB ◄─ INITIAL CONTEXT SETUP REQUEST (GUAMI, allowed NSSAI, UE security
//          capabilities, K_gNB, NAS-PDU, PDU sessions to set up) ── AMF
//   gNB ── INITIAL CONTEXT SETUP RESPONSE ──► AMF    AS security is on (§8.3.1.2)
//   gNB ── INITIAL CONTEXT SETUP FAILURE (cause) ──► AMF   (§8.3.1.3)
//   nothing within response_timeout: no_answer, the caller decides

#include "../amf_n2_support.hpp"
#include "meridian/n2/n2_messages.hpp"

namespace meridian::amf {

using detail::logger;

namespace {

asn1::bit_string algorithms(std::uint16_t mask) { return asn1::bit_string::from_uint(mask, 16); }

ngap::initial_context_setup_request make_request(const ue_ngap_context& ue, initial_context_setup_parameters& p) {
  ngap::initial_context_setup_request r;
  r.amf_ue_ngap_id_ = n2::encode_amf_ue_ngap_id(ue.amf_id);
  r.ran_ue_ngap_id_ = n2::encode_ran_ue_ngap_id(ue.ran_id);
  r.guami_ = n2::encode_guami(p.guami);
  for (const auto& s : p.allowed_nssai) {
    ngap::allowed_nssai_item item;
    item.s_nssai_ = n2::encode_s_nssai(s);
    r.allowed_nssai_.push_back(std::move(item));
  }
  r.ue_security_capabilities_.n_rencryption_algorithms_ = algorithms(p.nr_encryption);
  r.ue_security_capabilities_.n_rintegrity_protection_algorithms_ = algorithms(p.nr_integrity);
  r.ue_security_capabilities_.eutr_aencryption_algorithms_ = algorithms(p.eutra_encryption);
  r.ue_security_capabilities_.eutr_aintegrity_protection_algorithms_ = algorithms(p.eutra_integrity);
  const auto key = p.security_key.bytes();
  r.security_key_ = asn1::bit_string(std::vector<std::uint8_t>(key.begin(), key.end()), 256);
  if (p.masked_imeisv) r.masked_imeisv_ = asn1::bit_string::from_uint(*p.masked_imeisv, 64);
  if (!p.nas_pdu.empty()) r.nas_pdu_ = std::move(p.nas_pdu);
  if (!p.sessions.empty()) {
    ngap::pdu_session_resource_setup_list_cxt_req list;
    for (auto& session : p.sessions) {
      ngap::pdu_session_resource_setup_item_cxt_req item;
      item.pdu_session_id_ = session.pdu_session_id;
      if (!session.nas_pdu.empty()) item.nas_pdu_ = std::move(session.nas_pdu);
      item.s_nssai_ = n2::encode_s_nssai(session.s_nssai);
      item.pdu_session_resource_setup_request_transfer_ = std::move(session.transfer);
      list.push_back(std::move(item));
    }
    r.pdu_session_resource_setup_list_cxt_req_ = std::move(list);
  }
  // §9.2.2.1: the UE-AMBR is there when sessions are set up (conditional).
  if (p.ue_ambr_uplink != 0 || p.ue_ambr_downlink != 0) {
    r.ue_aggregate_maximum_bit_rate_.emplace();
    r.ue_aggregate_maximum_bit_rate_->ue_aggregate_maximum_bit_rate_dl_ = static_cast<std::int64_t>(p.ue_ambr_downlink);
    r.ue_aggregate_maximum_bit_rate_->ue_aggregate_maximum_bit_rate_ul_ = static_cast<std::int64_t>(p.ue_ambr_uplink);
  }
  // The UE Radio Capability the gNB gave earlier saves it asking the UE again (§9.3.1.74).
  if (!ue.radio_capability.empty()) r.ue_radio_capability_ = ue.radio_capability;
  return r;
}

}  // namespace

runtime::task<initial_context_setup_result> amf_n2::initial_context_setup(model::amf_ue_ngap_id id,
                                                                          initial_context_setup_parameters p) {
  const ue_ngap_context* ue = ues_.find(id);
  gnb_context* g = ue != nullptr && !releasing_.contains(id.value()) ? context(ue->association) : nullptr;
  if (g == nullptr) co_return initial_context_setup_result{};
  auto answer = g->ue_answers.wait(detail::ue_procedure_key(ngap::id_initial_context_setup, id), cfg_.response_timeout);
  ++counters_.initial_context_setups_sent;
  send_ue(*ue, n2::make_pdu<ngap::initiating_message>(make_request(*ue, p)));

  std::expected<ngap::ngap_pdu, runtime::runtime_error> pdu = co_await answer;
  initial_context_setup_result result;
  if (!pdu) {
    if (pdu.error() != runtime::runtime_error::timed_out) co_return result;  // the connection or association ended
    ++counters_.initial_context_setup_timeouts;
    logger()->warn("AMF UE NGAP ID {}: no answer to Initial Context Setup within {}", id.value(),
                   detail::seconds(cfg_.response_timeout));
    result.outcome = initial_context_setup_outcome::no_answer;
    co_return result;
  }
  if (const auto* f = n2::message_as<ngap::unsuccessful_outcome, ngap::initial_context_setup_failure>(*pdu)) {
    ++counters_.initial_context_setup_failures;
    logger()->info("AMF UE NGAP ID {}: Initial Context Setup Failure: {}", id.value(), n2::to_string(f->cause_));
    result.outcome = initial_context_setup_outcome::failed;
    result.cause = f->cause_;
    co_return result;
  }
  ++counters_.initial_context_setups_established;
  result.outcome = initial_context_setup_outcome::established;
  if (const auto* r = n2::message_as<ngap::successful_outcome, ngap::initial_context_setup_response>(*pdu)) {
    if (r->pdu_session_resource_setup_list_cxt_res_)
      for (const auto& i : *r->pdu_session_resource_setup_list_cxt_res_)
        result.sessions.push_back({.pdu_session_id = static_cast<std::uint8_t>(i.pdu_session_id_),
                                   .succeeded = true,
                                   .transfer = i.pdu_session_resource_setup_response_transfer_});
    if (r->pdu_session_resource_failed_to_setup_list_cxt_res_)
      for (const auto& i : *r->pdu_session_resource_failed_to_setup_list_cxt_res_)
        result.sessions.push_back({.pdu_session_id = static_cast<std::uint8_t>(i.pdu_session_id_),
                                   .succeeded = false,
                                   .transfer = i.pdu_session_resource_setup_unsuccessful_transfer_});
  }
  co_return result;
}

}  // namespace meridian::amf
