// TS 24.501 §5.4.4 generic UE configuration update, as the AMF uses it to
// give a registered, connected UE a new 5G-GUTI (TS 33.501 §6.12.3: a fresh
// 5G-TMSI now and then keeps the UE from being tracked by it):
//
//   UE ◄─ CONFIGURATION UPDATE COMMAND (acknowledgement requested, new
//         5G-GUTI) ── AMF, T3555
//   UE ── CONFIGURATION UPDATE COMPLETE ─► AMF: the new 5G-GUTI is the UE's,
//         the old 5G-TMSI is free again
//
// On each of the first four expiries of T3555 the command goes again; on the
// fifth the procedure is aborted (§5.4.4.5 b) and the UE keeps its old
// 5G-GUTI here (the AMF does not hold both: a UE that did take the new one
// and goes idle is then unknown by it and registers afresh after Service
// Reject #9).

#include "mm_support.hpp"

#include "meridian/amf/amf_n2.hpp"
#include "meridian/nas/nas.hpp"

namespace meridian::amf {

using mm_detail::logger;

bool mm_layer::reallocate_guti(model::amf_ue_ngap_id ue) {
  mm_context* ctx = context(ue);
  if (ctx == nullptr || ctx->state != mm_state::registered || !ctx->security || !ctx->guti) return false;
  restart(*ctx, configuration_update(ue));
  return true;
}

runtime::task<void> mm_layer::configuration_update(model::amf_ue_ngap_id ue) {
  mm_context* ctx = context(ue);
  if (ctx == nullptr) co_return;
  const model::guti_5g fresh{.guami_ = ctx->guti->guami_, .tmsi_ = allocate_tmsi()};
  nas::configuration_update_command command;
  command.configuration_update_indication_ = nas::half_octet{0x01};  // ACK: acknowledgement requested
  command.guti_ = nas::mobile_identity{nas::guti_5g_identity{.value_ = fresh}};
  std::optional<nas::gmm_message> done =
      co_await exchange(ue, std::move(command), {nas::configuration_update_complete::message_type, 0}, cfg_.t3555,
                        &counters_.t3555_expiries);
  ctx = context(ue);
  if (ctx == nullptr || !done) {
    tmsis_in_use_.erase(fresh.tmsi_.value());
    if (ctx != nullptr) logger()->info("AMF UE NGAP ID {}: no Configuration Update Complete; 5G-GUTI kept", ue.value());
    co_return;
  }
  tmsis_in_use_.erase(ctx->guti->tmsi_.value());
  ctx->guti = fresh;
  ++counters_.guti_reallocations;
  logger()->info("AMF UE NGAP ID {}: new 5G-GUTI {}", ue.value(), fresh.to_string());
}

}  // namespace meridian::amf
