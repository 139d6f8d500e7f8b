// UE-requested PDU session release, non-roaming (TS 23.502 §4.3.4.2;
// TS 24.501 §6.4.3 and §6.3.3 on the network side):
//
//   AMF ── UpdateSMContext (N1: PDU SESSION RELEASE REQUEST) ─► SMF
//   SMF ── PFCP Session Deletion Request ─► UPF; the address is free again
//   AMF ◄─ 200 (N1: PDU SESSION RELEASE COMMAND #36 regular deactivation, same PTI;
//              N2: PDU Session Resource Release Command Transfer) ── SMF
//   AMF ── UpdateSMContext (N2: PDU Session Resource Release Response Transfer) ─► SMF
//   AMF ── UpdateSMContext (N1: PDU SESSION RELEASE COMPLETE) ─► SMF
//   the SM context is gone; AMF ◄─ SmContextStatusNotify (RELEASED) ── SMF

#include "meridian/smf/smf.hpp"
#include "n2_transfers.hpp"
#include "smf_support.hpp"

namespace meridian::smf {

using namespace smf_detail;

sbi::awaitable<sm_context_updated_data, sm_context_update_error> session_management_function::ue_requested_release(
    std::string ref, std::uint8_t pti) {
  sm_context* ctx = find(ref);
  if (ctx == nullptr) co_return std::unexpected(update_error(sbi::cause::context_not_found, {}, "released"));
  if (ctx->state != sm_state::releasing) ++counters_.releases;
  ctx->state = sm_state::releasing;
  // A repeated request (the UE's T3582 ran out) is answered again without a second deletion.
  if (ctx->up_seid) {
    const seid up = *ctx->up_seid;
    ctx->up_seid.reset();
    n4_result<pfcp::session_deletion_response> deleted = co_await n4_.remove(up);
    ctx = find(ref);
    if (ctx == nullptr) co_return std::unexpected(update_error(sbi::cause::context_not_found, {}, "released"));
    if (!deleted || deleted->cause_.value_ != pfcp::cause_value::request_accepted) {
      ++counters_.n4_failures;
      logger()->warn("PDU session {}: PFCP session deletion failed", ctx->pdu_session_id);
    }
  }
  free_addresses(*ctx);
  ctx->dl_tunnel.reset();

  nas::pdu_session_release_command command;
  command.cause_ = nas::gsm_cause::regular_deactivation;
  sm_context_updated_data updated;
  updated.n1_sm_msg_ = encode_gsm(ctx->pdu_session_id, pti, command);
  auto n2 = release_command_transfer();
  if (n2) {
    updated.n2_sm_info_ = std::move(*n2);
    updated.n2_sm_info_type_ = n2_sm_info_type::pdu_res_rel_cmd;
  }
  logger()->info("PDU session {}: released at the UE's request", ctx->pdu_session_id);
  co_return updated;
}

runtime::task<void> session_management_function::release_complete(std::string ref) {
  sm_context* ctx = find(ref);
  if (ctx == nullptr) co_return;
  const sbi::uri uri = ctx->status_uri;
  forget(ref);
  co_await notify_released(uri);
}

}  // namespace meridian::smf
