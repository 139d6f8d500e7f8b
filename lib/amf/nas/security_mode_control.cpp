// TS 24.501 §5.4.2 NAS security mode control, as the AMF runs it after 5G-AKA
// (TS 33.501 §6.7.2):
//
//   the AMF picks the first integrity and ciphering algorithms of its
//   priority lists that the UE supports, and derives K_NASint / K_NASenc
//   from K_AMF (TS 33.501 A.8), both NAS COUNTs from zero
//   UE ◄─ SECURITY MODE COMMAND (algorithms, ngKSI, replayed UE security
//         capabilities, IMEISV request, [RINMR]) ── AMF      header type 3, T3560
//   UE ── SECURITY MODE COMPLETE (IMEISV, NAS message container) ─► AMF
//         header type 4: checked with the new context, which is then in use
//   UE ── SECURITY MODE REJECT (cause) ─► AMF: the procedure that asked ends,
//         the connection is released (§5.4.2.5)

#include "meridian/amf/amf_n2.hpp"
#include "meridian/nas/nas.hpp"
#include "mm_support.hpp"

namespace meridian::amf {

using mm_detail::logger;

namespace {

template <class Algorithm, class Supports>
std::optional<Algorithm> first_supported(const std::vector<Algorithm>& order, Supports supports) {
  for (const auto a : order)
    if (supports(static_cast<unsigned>(a))) return a;
  return std::nullopt;
}

}  // namespace

runtime::task<std::optional<nas::security_mode_complete>> mm_layer::security_mode_control(model::amf_ue_ngap_id ue,
                                                                                           bool retransmit_initial) {
  mm_context* ctx = context(ue);
  if (ctx == nullptr || !ctx->kamf || !ctx->ue_security_capability) co_return std::nullopt;
  const auto& capability = *ctx->ue_security_capability;
  const auto nia =
      first_supported(cfg_.integrity_order, [&](unsigned n) { return capability.supports_ia(n); });
  const auto nea =
      first_supported(cfg_.ciphering_order, [&](unsigned n) { return capability.supports_ea(n); });
  if (!nia || !nea) {
    logger()->info("AMF UE NGAP ID {}: no NAS algorithm of this AMF's lists is supported by the UE", ue.value());
    reject(ue, nas::gmm_cause::ue_security_capabilities_mismatch);
    co_return std::nullopt;
  }
  ctx->new_security.emplace(security::nas_security_context::from_kamf(
      security::nas_role::network, *ctx->kamf, *nia, *nea, security::nas_connection_identifier_3gpp, ctx->ngksi));

  nas::security_mode_command command;
  command.selected_nas_security_algorithms_.integrity_ = static_cast<std::uint8_t>(*nia);
  command.selected_nas_security_algorithms_.ciphering_ = static_cast<std::uint8_t>(*nea);
  command.ngksi_.ksi_ = ctx->ngksi;
  command.replayed_ue_security_capabilities_ = capability;
  // TS 24.501 §9.11.3.28 IMEISV request: value 1, "IMEISV requested".
  if (cfg_.request_imeisv) command.imeisv_request_ = nas::half_octet{1};
  // §9.11.3.12 Additional 5G security information, RINMR (bit 2): the
  // initial message could not be checked, so the UE sends it whole again.
  if (retransmit_initial) command.additional_5g_security_information_ = nas::octets{{0x02}};
  // After EAP-AKA', the EAP-Success rides with the command (TS 24.501 §5.4.1.2).
  if (!ctx->eap_success.empty()) command.eap_message_ = nas::octets{std::exchange(ctx->eap_success, {})};
  ctx->state = mm_state::securing;
  std::optional<nas::gmm_message> answer =
      co_await exchange(ue, std::move(command),
                        {nas::security_mode_complete::message_type, nas::security_mode_reject::message_type},
                        cfg_.t3560, &counters_.t3560_expiries, protection::new_context);
  ctx = context(ue);
  if (ctx == nullptr) co_return std::nullopt;
  auto* complete = answer ? std::get_if<nas::security_mode_complete>(&*answer) : nullptr;
  if (complete == nullptr) {
    // §5.4.2.5: a rejected (or unanswered) command leaves the context that was in use.
    if (answer) {
      ++counters_.security_modes_rejected;
      logger()->info("AMF UE NGAP ID {}: Security Mode Reject, 5GMM cause #{}", ue.value(),
                     static_cast<int>(std::get<nas::security_mode_reject>(*answer).cause_));
    }
    ctx->new_security.reset();
    ctx->state = mm_state::deregistered;
    release(ue);
    co_return std::nullopt;
  }
  // The Complete verified with the new context (open() took it under header type 4): in use now.
  ctx->security = std::move(ctx->new_security);
  ctx->new_security.reset();
  if (complete->imeisv_)
    if (const auto* sv = std::get_if<nas::imeisv>(&complete->imeisv_->value_)) ctx->pei = model::pei::imeisv(sv->digits_);
  ++counters_.security_modes_completed;
  logger()->info("AMF UE NGAP ID {}: NAS security on (128-NIA{}, 128-NEA{})", ue.value(), static_cast<int>(*nia),
                 static_cast<int>(*nea));
  co_return std::move(*complete);
}

}  // namespace meridian::amf
