// A 5GSM message from the UE on an existing PDU session (UpdateSMContext
// with N1 SM), checked as TS 24.501 §7 says before any procedure sees it:
//   undecodable → 5GSM STATUS with the cause of the failure (§7.5-§7.7)
//   another PDU session identity → 5GSM STATUS #43 (§7.3.2)
//   PTI not assigned where the procedure needs one → 5GSM STATUS #81 (§7.3.1)
//   a message the network sends, or one this state does not expect →
//     5GSM STATUS #98 (§7.4)
// then: RELEASE REQUEST → pdu_session_release.cpp; RELEASE COMPLETE ends the
// context; 5GSM STATUS is noted; MODIFICATION REQUEST is rejected (UE-requested
// modification is not served yet).

#include <variant>

#include "meridian/smf/smf.hpp"
#include "smf_support.hpp"

namespace meridian::smf {

using namespace smf_detail;

sbi::awaitable<sm_context_updated_data, sm_context_update_error> session_management_function::n1_from_ue(
    std::string ref, sbi::bytes n1) {
  sm_context* ctx = find(ref);
  if (ctx == nullptr) co_return std::unexpected(update_error(sbi::cause::context_not_found, {}, "released"));
  const std::uint8_t psi = ctx->pdu_session_id;
  auto status = [&](std::uint8_t pti, nas::gsm_cause cause, std::string detail) {
    ++counters_.gsm_status_sent;
    logger()->info("PDU session {}: 5GSM STATUS #{} ({})", psi, static_cast<unsigned>(cause), detail);
    return std::unexpected(update_error(sbi::cause::n1_sm_error, gsm_status(psi, pti, cause), std::move(detail)));
  };

  auto decoded = nas::decode_plain_nas(n1);
  if (!decoded) {
    ++counters_.malformed_n1;
    const auto header = peek_gsm_header(n1);
    co_return status(header ? header->pti : 0, nas::gsm_cause_for(decoded.error()), decoded.error().message());
  }
  const auto* pdu = std::get_if<nas::gsm_pdu>(&*decoded);
  if (pdu == nullptr)
    co_return status(0, nas::gsm_cause::message_type_not_compatible_with_protocol_state, "not a 5GSM message");
  const std::uint8_t pti = pdu->pti_;
  if (pdu->pdu_session_id_ != psi)
    co_return status(pti, nas::gsm_cause::invalid_pdu_session_identity, "another PDU session identity");

  if (std::holds_alternative<nas::pdu_session_release_request>(pdu->message_)) {
    if (!pti_assigned(pti)) co_return status(pti, nas::gsm_cause::invalid_pti_value, "invalid PTI");
    // The UE has not had its accept yet: it has no session to release (§7.4).
    if (ctx->state == sm_state::establishing)
      co_return status(pti, nas::gsm_cause::message_type_not_compatible_with_protocol_state, "session not yet set up");
    sbi::result<sm_context_updated_data, sm_context_update_error> r = co_await ue_requested_release(ref, pti);
    co_return r;
  }
  if (std::holds_alternative<nas::pdu_session_release_complete>(pdu->message_)) {
    if (ctx->state != sm_state::releasing)
      co_return status(pti, nas::gsm_cause::message_type_not_compatible_with_protocol_state, "no release under way");
    co_await release_complete(ref);
    co_return sm_context_updated_data{};
  }
  if (const auto* s = std::get_if<nas::gsm_status>(&pdu->message_)) {
    logger()->info("PDU session {}: 5GSM STATUS from the UE, cause #{}", psi, static_cast<unsigned>(s->cause_));
    co_return sm_context_updated_data{};
  }
  if (std::holds_alternative<nas::pdu_session_modification_request>(pdu->message_)) {
    if (!pti_assigned(pti)) co_return status(pti, nas::gsm_cause::invalid_pti_value, "invalid PTI");
    nas::pdu_session_modification_reject reject;
    reject.cause_ = nas::gsm_cause::request_rejected_unspecified;
    sm_context_updated_data updated;
    updated.n1_sm_msg_ = encode_gsm(psi, pti, reject);
    co_return updated;
  }
  co_return status(pti, nas::gsm_cause::message_type_not_compatible_with_protocol_state,
                   std::string(nas::message_name(pdu->message_)) + " not expected from the UE");
}

}  // namespace meridian::smf
