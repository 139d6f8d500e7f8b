// The access network's half of the user plane (TS 23.502 §4.3.2.2.1 steps
// 14-16, §4.2.6 AN release):
//
//   AMF ── UpdateSMContext (N2: PDU Session Resource Setup Response Transfer) ─► SMF
//   SMF ── PFCP Session Modification (FAR 2: FORW, outer header creation
//          GTP-U/UDP/IPv4 to the gNB's DL F-TEID) ─► UPF
//   AMF ◄─ 200 (upCnxState ACTIVATED) ── SMF
//
//   AMF ── UpdateSMContext (upCnxState DEACTIVATED) ─► SMF
//   SMF ── PFCP Session Modification (FAR 2: BUFF) ─► UPF
//   AMF ◄─ 200 (upCnxState DEACTIVATED) ── SMF

#include "meridian/smf/smf.hpp"
#include "n2_transfers.hpp"
#include "pfcp_rules.hpp"
#include "smf_support.hpp"

namespace meridian::smf {

using namespace smf_detail;

sbi::awaitable<sm_context_updated_data, sm_context_update_error> session_management_function::an_tunnel_setup(
    std::string ref, sbi::bytes transfer) {
  auto dl = downlink_tunnel_of(transfer);
  if (!dl) {
    ++counters_.malformed_n2;
    logger()->info("SM context {}: {}", ref, dl.error());
    co_return std::unexpected(update_error(sbi::cause::n2_sm_error, {}, dl.error()));
  }
  sm_context* ctx = find(ref);
  if (ctx == nullptr) co_return std::unexpected(update_error(sbi::cause::context_not_found, {}, "released"));
  if (!ctx->up_seid || ctx->state == sm_state::releasing)
    co_return std::unexpected(
        update_error(sbi::cause::modification_not_allowed, {}, "no user plane to connect the tunnel to"));
  const seid up = *ctx->up_seid;
  n4_result<pfcp::session_modification_response> answer = co_await n4_.modify(up, forward_downlink_to(*dl));
  ctx = find(ref);
  if (ctx == nullptr) co_return std::unexpected(update_error(sbi::cause::context_not_found, {}, "released"));
  if (!answer || answer->cause_.value_ != pfcp::cause_value::request_accepted) {
    ++counters_.n4_failures;
    logger()->warn("PDU session {}: PFCP session modification failed", ctx->pdu_session_id);
    co_return std::unexpected(update_error(answer ? sbi::cause::network_failure : sbi::cause::upf_not_responding,
                                           {}, "the UPF did not take the downlink tunnel"));
  }
  ctx->dl_tunnel = *dl;
  ctx->state = sm_state::active;
  ++counters_.an_tunnels_set_up;
  sm_context_updated_data updated;
  updated.up_cnx_state_ = up_cnx_state::activated;
  co_return updated;
}

sbi::awaitable<sm_context_updated_data, sm_context_update_error> session_management_function::an_release(
    std::string ref) {
  sm_context* ctx = find(ref);
  if (ctx == nullptr) co_return std::unexpected(update_error(sbi::cause::context_not_found, {}, "released"));
  if (ctx->up_seid && ctx->state != sm_state::releasing) {
    const seid up = *ctx->up_seid;
    n4_result<pfcp::session_modification_response> answer = co_await n4_.modify(up, buffer_downlink());
    ctx = find(ref);
    if (ctx == nullptr) co_return std::unexpected(update_error(sbi::cause::context_not_found, {}, "released"));
    if (!answer || answer->cause_.value_ != pfcp::cause_value::request_accepted) ++counters_.n4_failures;
  }
  ctx->dl_tunnel.reset();
  // An establishment under way keeps its state: it has its own course to run.
  if (ctx->state != sm_state::releasing && ctx->state != sm_state::establishing) ctx->state = sm_state::inactive;
  sm_context_updated_data updated;
  updated.up_cnx_state_ = up_cnx_state::deactivated;
  co_return updated;
}

}  // namespace meridian::smf
