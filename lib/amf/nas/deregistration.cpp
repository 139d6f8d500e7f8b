// TS 24.501 §5.5.2 deregistration, both ways (TS 23.502 §4.2.2.3.2, §4.2.2.3.3):
//
//   UE-initiated (§5.5.2.2):
//   UE ── DEREGISTRATION REQUEST (switch off?, 5G-GUTI) ─► AMF
//   UE ◄─ DEREGISTRATION ACCEPT ── AMF              (not after a switch off)
//   AMF ── Nudm_UECM_Update (purgeFlag) ─► UDM       (the UE was registered)
//   gNB ◄─ UE CONTEXT RELEASE COMMAND (nas: deregister) ── AMF
//
//   network-initiated (§5.5.2.3):
//   UE ◄─ DEREGISTRATION REQUEST (re-registration required?) ── AMF, T3522
//   UE ── DEREGISTRATION ACCEPT ─► AMF     (or the fifth expiry of T3522)
//   AMF ── Nudm_UECM_Update (purgeFlag) ─► UDM
//   gNB ◄─ UE CONTEXT RELEASE COMMAND (nas: deregister) ── AMF

#include "meridian/amf/amf_n2.hpp"
#include "meridian/nas/nas.hpp"
#include "mm_support.hpp"

namespace meridian::amf {

using mm_detail::logger;

runtime::task<void> mm_layer::purge_at_udm(model::supi supi) {
  udm::amf_3gpp_access_registration_modification purge;
  purge.guami_ = n2_.config().served_guamis.empty() ? model::guami{} : n2_.config().served_guamis.front();
  purge.purge_flag_ = true;
  std::expected<sbi::no_content, sbi::problem_details> purged =
      co_await services_.uecm.update_amf_3gpp_access(std::move(supi), std::move(purge));
  // CONTEXT_NOT_FOUND: another AMF registered since; nothing of ours to purge.
  if (!purged)
    logger()->debug("the UDM did not purge ({})",
                    sbi::to_string(purged.error().cause_.value_or(sbi::cause::system_failure)));
}

runtime::task<void> mm_layer::ue_deregistration(model::amf_ue_ngap_id ue,
                                                nas::deregistration_request_ue_originating request) {
  mm_context* ctx = context(ue);
  if (ctx == nullptr) co_return;
  ++counters_.ue_deregistrations;
  const bool was_registered = ctx->state == mm_state::registered || ctx->state == mm_state::registering;
  ctx->state = mm_state::deregistered;
  logger()->info("AMF UE NGAP ID {}: UE-initiated deregistration{}", ue.value(),
                 request.deregistration_type_.switch_off_ ? " (switch off)" : "");
  // §5.5.2.2.2: a switched-off UE hears nothing more.
  if (!request.deregistration_type_.switch_off_) send(*ctx, nas::deregistration_accept_ue_originating{});
  if (was_registered && ctx->supi) {
    co_await purge_at_udm(*ctx->supi);
    if (context(ue) == nullptr) co_return;
  }
  release(ue, ngap::cause_nas::deregister);
}

bool mm_layer::deregister(model::amf_ue_ngap_id ue, bool reregistration_required) {
  mm_context* ctx = context(ue);
  if (ctx == nullptr || !ctx->security) return false;
  restart(*ctx, network_deregistration(ue, reregistration_required));
  return true;
}

runtime::task<void> mm_layer::network_deregistration(model::amf_ue_ngap_id ue, bool reregistration_required) {
  mm_context* ctx = context(ue);
  if (ctx == nullptr) co_return;
  ++counters_.network_deregistrations;
  const bool was_registered = ctx->state == mm_state::registered || ctx->state == mm_state::registering;
  ctx->state = mm_state::deregistered;
  nas::deregistration_request_ue_terminated request;
  request.deregistration_type_.reregistration_required_ = reregistration_required;
  request.deregistration_type_.access_type_ = nas::access_type::three_gpp;
  // §5.5.2.3.4: the procedure ends on the fifth expiry of T3522 just as on the Accept.
  std::optional<nas::gmm_message> accepted = co_await exchange(
      ue, std::move(request), {nas::deregistration_accept_ue_terminated::message_type, 0}, cfg_.t3522,
      &counters_.t3522_expiries);
  ctx = context(ue);
  if (ctx == nullptr) co_return;
  if (!accepted) logger()->info("AMF UE NGAP ID {}: deregistered without the UE's accept", ue.value());
  if (was_registered && ctx->supi) {
    co_await purge_at_udm(*ctx->supi);
    if (context(ue) == nullptr) co_return;
  }
  release(ue, ngap::cause_nas::deregister);
}

}  // namespace meridian::amf
