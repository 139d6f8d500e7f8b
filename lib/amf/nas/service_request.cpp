// TS 24.501 §5.6.1 service request, as the AMF runs it for a UE coming out
// of CM-IDLE (TS 23.502 §4.2.3.2), whether it has data to send or was paged:
//
//   UE ── SERVICE REQUEST (service type, 5G-S-TMSI; integrity protected
//         with the kept context; uplink data status and PDU session status
//         in the ciphered NAS message container, §4.4.6) ─► AMF
//   no context for the 5G-S-TMSI, or the integrity check failed:
//     UE ◄─ SERVICE REJECT #9 ── AMF   (the UE registers afresh, §5.6.1.5)
//   PDU session status: sessions the UE no longer has are released at the SMF
//   each session of the uplink data status: AMF ── UpdateSMContext
//     (upCnxState ACTIVATING) ─► SMF ── N2 PDU_RES_SETUP_REQ ─► AMF
//   sessions whose N2 setup waited for the UE (paging) go with them
//   gNB ◄─ INITIAL CONTEXT SETUP REQUEST (K_gNB from the Service Request's
//          uplink NAS COUNT, the sessions, NAS-PDU: SERVICE ACCEPT (PDU
//          session status, PDU session reactivation result)) ── AMF
//   gNB ── INITIAL CONTEXT SETUP RESPONSE (per session transfers) ─► AMF
//   AMF ── UpdateSMContext (PDU_RES_SETUP_RSP / _FAIL) ─► SMF, per session
//   then whatever else waited for the UE (N1 only deliveries) is delivered.

#include <algorithm>

#include "mm_support.hpp"

#include "meridian/amf/amf_n2.hpp"
#include "meridian/nas/nas.hpp"

namespace meridian::amf {

using mm_detail::logger;

runtime::task<void> mm_layer::service_request(model::amf_ue_ngap_id ue, nas::service_request request) {
  mm_context* ctx = context(ue);
  if (ctx == nullptr) co_return;
  ++counters_.service_requests;
  if (!ctx->security || ctx->initial_unverified || ctx->state != mm_state::registered) {
    ++counters_.service_rejects;
    logger()->info("AMF UE NGAP ID {}: Service Request from a UE without a context here: Service Reject #9",
                   ue.value());
    nas::service_reject reject;
    reject.cause_ = nas::gmm_cause::ue_identity_cannot_be_derived;
    send(*ctx, reject);
    release(ue);
    co_return;
  }
  if (request.nas_message_container_) {
    auto whole =
        mm_detail::whole_initial_message<nas::service_request>(*ctx->security, *request.nas_message_container_);
    if (!whole) {
      ++counters_.service_rejects;
      nas::service_reject reject;
      reject.cause_ = nas::gmm_cause::semantically_incorrect_message;
      send(*ctx, reject);
      release(ue);
      co_return;
    }
    request = std::move(*whole);
  }
  if (const ue_ngap_context* connection = n2_.ues().find(ue); connection != nullptr && connection->tai)
    ctx->tai = connection->tai;

  // §5.6.1.4.1: sessions the UE reports as inactive are released here too.
  if (request.pdu_session_status_) release_sessions_not_in(*ctx, *request.pdu_session_status_);

  // The sessions to set up with the context: those the UE has data for, and
  // those whose setup waited for it (the reason it was paged).
  std::vector<pdu_session_resource_request> sessions;
  nas::psi_bitmap failed;
  if (ctx->sessions) {
    auto& queue = ctx->sessions->queue;
    for (auto it = queue.begin(); it != queue.end();) {
      if (it->n2_type != smf::n2_sm_info_type::pdu_res_setup_req) {
        ++it;
        continue;
      }
      const auto link = ctx->sessions->links.find(it->pdu_session_id);
      pdu_session_resource_request r{
          .pdu_session_id = it->pdu_session_id,
          .s_nssai = link != ctx->sessions->links.end() ? link->second.s_nssai : model::s_nssai{},
          .transfer = std::move(it->n2_transfer),
          .nas_pdu = {}};
      if (!it->n1_sm.empty()) r.nas_pdu = seal_n1_sm(*ctx, it->pdu_session_id, std::move(it->n1_sm));
      sessions.push_back(std::move(r));
      it = queue.erase(it);
    }
  }
  if (request.uplink_data_status_ && ctx->sessions && services_.smf != nullptr) {
    std::vector<std::pair<std::uint8_t, std::string>> wanted;
    for (const auto& [psi, link] : ctx->sessions->links) {
      const bool already =
          std::any_of(sessions.begin(), sessions.end(), [psi = psi](const auto& s) { return s.pdu_session_id == psi; });
      if (request.uplink_data_status_->has(psi) && !link.sm_context_ref.empty() && !already)
        wanted.emplace_back(psi, link.sm_context_ref);
    }
    for (auto& [psi, ref] : wanted) {
      smf::sm_context_update_data activate;
      activate.up_cnx_state_ = smf::up_cnx_state::activating;
      std::expected<smf::sm_context_updated_data, smf::sm_context_update_error> answer =
          co_await services_.smf->update_sm_context(ref, std::move(activate));
      ctx = context(ue);
      if (ctx == nullptr) co_return;
      if (answer && answer->n2_sm_info_ && answer->n2_sm_info_type_ == smf::n2_sm_info_type::pdu_res_setup_req) {
        // The session may have been released meanwhile; its slice is then the default one.
        const auto link = ctx->sessions->links.find(psi);
        sessions.push_back({.pdu_session_id = psi,
                            .s_nssai = link != ctx->sessions->links.end() ? link->second.s_nssai : model::s_nssai{},
                            .transfer = std::move(*answer->n2_sm_info_),
                            .nas_pdu = {}});
      } else {
        // §9.11.3.42: the bit of a session whose user plane could not be re-established.
        failed.psi_ = static_cast<std::uint16_t>(failed.psi_ | (1u << psi));
      }
    }
  }
  // Sessions that the UE asked for but this AMF does not hold cannot be re-established either.
  if (request.uplink_data_status_)
    for (unsigned psi = 1; psi < 16; ++psi)
      if (request.uplink_data_status_->has(psi) && (!ctx->sessions || !ctx->sessions->links.contains(psi)))
        failed.psi_ = static_cast<std::uint16_t>(failed.psi_ | (1u << psi));

  nas::service_accept accept;
  if (request.pdu_session_status_) accept.pdu_session_status_ = mm_detail::pdu_session_status(*ctx);
  if (request.uplink_data_status_) accept.pdu_session_reactivation_result_ = failed;
  auto pdu = seal(*ctx, accept, protection::as_context);
  if (pdu.empty()) co_return;
  initial_context_setup_parameters setup = mm_detail::context_setup_for(*ctx, std::move(pdu));
  if (!sessions.empty()) {
    setup.ue_ambr_uplink = ctx->ue_ambr_uplink;
    setup.ue_ambr_downlink = ctx->ue_ambr_downlink;
  }
  setup.sessions = std::move(sessions);
  initial_context_setup_result result = co_await n2_.initial_context_setup(ue, std::move(setup));
  if (result.outcome == initial_context_setup_outcome::connection_gone) co_return;
  if (result.outcome != initial_context_setup_outcome::established) {
    release(ue);
    co_return;
  }
  ++counters_.service_accepts;
  logger()->debug("AMF UE NGAP ID {}: Service Accept, {} PDU session(s) set up", ue.value(), result.sessions.size());
  for (auto& a : result.sessions) {
    smf::sm_context_update_data u;
    u.n2_sm_info_ = std::move(a.transfer);
    u.n2_sm_info_type_ =
        a.succeeded ? smf::n2_sm_info_type::pdu_res_setup_rsp : smf::n2_sm_info_type::pdu_res_setup_fail;
    co_await update_sm_context(ue, a.pdu_session_id, std::move(u));
  }
  // What else waited for the UE (N1 only, or N2 other than setup) goes now.
  ctx = context(ue);
  if (ctx != nullptr && ctx->sessions && !ctx->sessions->queue.empty() && !ctx->sessions->delivering) {
    ctx->sessions->delivering = true;
    runtime::spawn(run_deliveries(ue), ctx->sessions->procedures.token());
  }
}

}  // namespace meridian::amf
