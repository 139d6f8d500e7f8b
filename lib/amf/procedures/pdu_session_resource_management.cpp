// TS 38.413 §8.2 PDU Session Management procedures, as the AMF runs them
// for the SMF (the transfers are the SMF's; the AMF only carries them):
//
//   gNB ◄─ PDU SESSION RESOURCE SETUP REQUEST (per session: S-NSSAI, NAS-PDU,
//          Setup Request Transfer) ── AMF
//   gNB ── PDU SESSION RESOURCE SETUP RESPONSE (Response Transfers, and
//          Unsuccessful Transfers for the sessions it could not set up) ──► AMF
//
//   gNB ◄─ PDU SESSION RESOURCE RELEASE COMMAND (NAS-PDU, Release Command Transfers)
//   gNB ── PDU SESSION RESOURCE RELEASE RESPONSE (Release Response Transfers)
//
//   gNB ◄─ PDU SESSION RESOURCE MODIFY REQUEST (NAS-PDU, Modify Request Transfers)
//   gNB ── PDU SESSION RESOURCE MODIFY RESPONSE (Response / Unsuccessful Transfers)
//
// Each is class 1: the gNB's answer, or nothing within response_timeout.

#include "../amf_n2_support.hpp"
#include "meridian/n2/n2_messages.hpp"

namespace meridian::amf {

using detail::logger;

namespace {

pdu_session_resource_answer answer_of(std::int64_t psi, bool succeeded, asn1::octet_string transfer) {
  return pdu_session_resource_answer{
      .pdu_session_id = static_cast<std::uint8_t>(psi), .succeeded = succeeded, .transfer = std::move(transfer)};
}

std::string_view procedure_name(ngap::procedure_code p) {
  switch (p) {
    case ngap::id_pdu_session_resource_setup:
      return "PDU Session Resource Setup";
    case ngap::id_pdu_session_resource_release:
      return "PDU Session Resource Release";
    default:
      return "PDU Session Resource Modify";
  }
}

}  // namespace

runtime::task<std::expected<ngap::ngap_pdu, pdu_session_resource_outcome>> amf_n2::ue_request(model::amf_ue_ngap_id id,
                                                                                              ngap::procedure_code p,
                                                                                              ngap::ngap_pdu request) {
  const ue_ngap_context* ue = ues_.find(id);
  gnb_context* g = ue != nullptr && !releasing_.contains(id.value()) ? context(ue->association) : nullptr;
  if (g == nullptr) co_return std::unexpected(pdu_session_resource_outcome::connection_gone);
  auto answer = g->ue_answers.wait(detail::ue_procedure_key(p, id), cfg_.response_timeout);
  send_ue(*ue, request);
  std::expected<ngap::ngap_pdu, runtime::runtime_error> pdu = co_await answer;
  if (pdu) co_return std::move(*pdu);
  if (pdu.error() == runtime::runtime_error::timed_out) {
    ++counters_.pdu_session_resource_timeouts;
    logger()->warn("AMF UE NGAP ID {}: no answer to {} within {}", id.value(), procedure_name(p),
                   detail::seconds(cfg_.response_timeout));
    co_return std::unexpected(pdu_session_resource_outcome::no_answer);
  }
  if (pdu.error() == runtime::runtime_error::duplicate_key)
    logger()->error("AMF UE NGAP ID {}: a second {} while one runs (the caller must serialise them)", id.value(),
                    procedure_name(p));
  co_return std::unexpected(pdu_session_resource_outcome::connection_gone);
}

runtime::task<pdu_session_resource_result> amf_n2::pdu_session_resource_setup(
    model::amf_ue_ngap_id id, std::vector<pdu_session_resource_request> sessions,
    std::optional<ngap::ue_aggregate_maximum_bit_rate> ue_ambr) {
  pdu_session_resource_result result;
  const ue_ngap_context* ue = ues_.find(id);
  if (ue == nullptr) co_return result;
  ngap::pdu_session_resource_setup_request r;
  r.amf_ue_ngap_id_ = n2::encode_amf_ue_ngap_id(ue->amf_id);
  r.ran_ue_ngap_id_ = n2::encode_ran_ue_ngap_id(ue->ran_id);
  for (auto& s : sessions) {
    ngap::pdu_session_resource_setup_item_su_req item;
    item.pdu_session_id_ = s.pdu_session_id;
    if (!s.nas_pdu.empty()) item.pdu_session_nas_pdu_ = std::move(s.nas_pdu);
    item.s_nssai_ = n2::encode_s_nssai(s.s_nssai);
    item.pdu_session_resource_setup_request_transfer_ = std::move(s.transfer);
    r.pdu_session_resource_setup_list_su_req_.push_back(std::move(item));
  }
  r.ue_aggregate_maximum_bit_rate_ = std::move(ue_ambr);
  ++counters_.pdu_session_resource_setups_sent;
  std::expected<ngap::ngap_pdu, pdu_session_resource_outcome> pdu = co_await ue_request(
      id, ngap::id_pdu_session_resource_setup, n2::make_pdu<ngap::initiating_message>(std::move(r)));
  if (!pdu) {
    result.outcome = pdu.error();
    co_return result;
  }
  result.outcome = pdu_session_resource_outcome::answered;
  if (const auto* rsp = n2::message_as<ngap::successful_outcome, ngap::pdu_session_resource_setup_response>(*pdu)) {
    if (rsp->pdu_session_resource_setup_list_su_res_)
      for (const auto& i : *rsp->pdu_session_resource_setup_list_su_res_)
        result.items.push_back(answer_of(i.pdu_session_id_, true, i.pdu_session_resource_setup_response_transfer_));
    if (rsp->pdu_session_resource_failed_to_setup_list_su_res_)
      for (const auto& i : *rsp->pdu_session_resource_failed_to_setup_list_su_res_)
        result.items.push_back(
            answer_of(i.pdu_session_id_, false, i.pdu_session_resource_setup_unsuccessful_transfer_));
  }
  co_return result;
}

runtime::task<pdu_session_resource_result> amf_n2::pdu_session_resource_release(
    model::amf_ue_ngap_id id, std::vector<pdu_session_resource_request> sessions, std::vector<std::uint8_t> nas_pdu) {
  pdu_session_resource_result result;
  const ue_ngap_context* ue = ues_.find(id);
  if (ue == nullptr) co_return result;
  ngap::pdu_session_resource_release_command c;
  c.amf_ue_ngap_id_ = n2::encode_amf_ue_ngap_id(ue->amf_id);
  c.ran_ue_ngap_id_ = n2::encode_ran_ue_ngap_id(ue->ran_id);
  if (!nas_pdu.empty()) c.nas_pdu_ = std::move(nas_pdu);
  for (auto& s : sessions) {
    ngap::pdu_session_resource_to_release_item_rel_cmd item;
    item.pdu_session_id_ = s.pdu_session_id;
    item.pdu_session_resource_release_command_transfer_ = std::move(s.transfer);
    c.pdu_session_resource_to_release_list_rel_cmd_.push_back(std::move(item));
  }
  ++counters_.pdu_session_resource_releases_sent;
  std::expected<ngap::ngap_pdu, pdu_session_resource_outcome> pdu = co_await ue_request(
      id, ngap::id_pdu_session_resource_release, n2::make_pdu<ngap::initiating_message>(std::move(c)));
  if (!pdu) {
    result.outcome = pdu.error();
    co_return result;
  }
  result.outcome = pdu_session_resource_outcome::answered;
  if (const auto* rsp = n2::message_as<ngap::successful_outcome, ngap::pdu_session_resource_release_response>(*pdu))
    for (const auto& i : rsp->pdu_session_resource_released_list_rel_res_)
      result.items.push_back(answer_of(i.pdu_session_id_, true, i.pdu_session_resource_release_response_transfer_));
  co_return result;
}

runtime::task<pdu_session_resource_result> amf_n2::pdu_session_resource_modify(
    model::amf_ue_ngap_id id, std::vector<pdu_session_resource_request> sessions) {
  pdu_session_resource_result result;
  const ue_ngap_context* ue = ues_.find(id);
  if (ue == nullptr) co_return result;
  ngap::pdu_session_resource_modify_request r;
  r.amf_ue_ngap_id_ = n2::encode_amf_ue_ngap_id(ue->amf_id);
  r.ran_ue_ngap_id_ = n2::encode_ran_ue_ngap_id(ue->ran_id);
  for (auto& s : sessions) {
    ngap::pdu_session_resource_modify_item_mod_req item;
    item.pdu_session_id_ = s.pdu_session_id;
    if (!s.nas_pdu.empty()) item.nas_pdu_ = std::move(s.nas_pdu);
    item.pdu_session_resource_modify_request_transfer_ = std::move(s.transfer);
    r.pdu_session_resource_modify_list_mod_req_.push_back(std::move(item));
  }
  ++counters_.pdu_session_resource_modifies_sent;
  std::expected<ngap::ngap_pdu, pdu_session_resource_outcome> pdu = co_await ue_request(
      id, ngap::id_pdu_session_resource_modify, n2::make_pdu<ngap::initiating_message>(std::move(r)));
  if (!pdu) {
    result.outcome = pdu.error();
    co_return result;
  }
  result.outcome = pdu_session_resource_outcome::answered;
  if (const auto* rsp = n2::message_as<ngap::successful_outcome, ngap::pdu_session_resource_modify_response>(*pdu)) {
    if (rsp->pdu_session_resource_modify_list_mod_res_)
      for (const auto& i : *rsp->pdu_session_resource_modify_list_mod_res_)
        result.items.push_back(answer_of(i.pdu_session_id_, true, i.pdu_session_resource_modify_response_transfer_));
    if (rsp->pdu_session_resource_failed_to_modify_list_mod_res_)
      for (const auto& i : *rsp->pdu_session_resource_failed_to_modify_list_mod_res_)
        result.items.push_back(
            answer_of(i.pdu_session_id_, false, i.pdu_session_resource_modify_unsuccessful_transfer_));
  }
  co_return result;
}

}  // namespace meridian::amf
