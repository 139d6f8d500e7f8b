// TS 24.501 §5.4.1.2 EAP based primary authentication, with EAP-AKA' (RFC
// 9048) as the AUSF runs it (TS 33.501 §6.1.3.1); the AMF carries EAP
// packets it does not read:
//
//   AMF ◄─ UEAuthenticationCtx (EAP_AKA_PRIME, EAP-Request/AKA'-Challenge) ── AUSF
//   UE ◄─ AUTHENTICATION REQUEST (ngKSI, ABBA, EAP message) ── AMF, T3560
//   UE ── AUTHENTICATION RESPONSE (EAP message: EAP-Response/AKA'-Challenge,
//         or -Synchronization-Failure, -Authentication-Reject, -Client-Error) ─► AMF
//   AMF ── eap-session (the UE's EAP-Response) ─► AUSF, which answers with
//     another EAP-Request (after a re-synchronisation or a KDF negotiation):
//       the next AUTHENTICATION REQUEST round
//     EAP-Success, K_SEAF and the SUPI: K_AMF (TS 33.501 A.7); the EAP-Success
//       reaches the UE in the SECURITY MODE COMMAND that follows (TS 24.501
//       §5.4.1.2 lets it ride there instead of in an AUTHENTICATION RESULT)
//     EAP-Failure: AUTHENTICATION REJECT with the EAP-Failure, release
//
// Authentication Failure #71 (ngKSI already in use) gets one new ngKSI, as in
// 5G-AKA; the UE's other failures travel inside EAP.

#include "mm_support.hpp"

#include "meridian/amf/amf_n2.hpp"
#include "meridian/nas/nas.hpp"
#include "meridian/security/key_hierarchy.hpp"

namespace meridian::amf {

using mm_detail::logger;

namespace {

/// TS 33.501 §A.7.1: ABBA 0x0000.
constexpr std::array<std::uint8_t, 2> abba{0x00, 0x00};

/// RFC 3748 §4: the EAP Code of a packet (1 Request, 2 Response, 3 Success, 4 Failure).
std::uint8_t eap_code(const std::vector<std::uint8_t>& packet) { return packet.empty() ? 0 : packet[0]; }

/// Rounds of EAP-Request the AMF carries before giving up: a challenge, a
/// re-synchronised challenge, a KDF negotiation, and one more.
constexpr int max_rounds = 4;

}  // namespace

runtime::task<bool> mm_layer::eap_authentication(model::amf_ue_ngap_id ue, ausf::ue_authentication_ctx started,
                                                 std::uint8_t ngksi) {
  mm_context* ctx = context(ue);
  if (ctx == nullptr) co_return false;
  const auto* first = std::get_if<ausf::eap_payload>(&started.auth_data_5g_);
  const auto link = started.links_.find("eap-session");
  const auto fail = [this, ue](std::vector<std::uint8_t> eap_failure) {
    ++counters_.authentications_rejected;
    mm_context* c = context(ue);
    if (c == nullptr) return;
    c->state = mm_state::deregistered;
    nas::authentication_reject reject;
    if (!eap_failure.empty()) reject.eap_message_ = nas::octets{std::move(eap_failure)};
    send(*c, reject);
    release(ue, ngap::cause_nas::authentication_failure);
  };
  if (first == nullptr || first->empty() || link == started.links_.end()) {
    logger()->info("AMF UE NGAP ID {}: the AUSF's EAP-AKA' start has no EAP-Request or no eap-session link",
                   ue.value());
    fail({});
    co_return false;
  }
  const std::string auth_ctx_id(ausf::auth_ctx_id_of(link->second.href_));
  std::vector<std::uint8_t> payload = *first;
  bool ngksi_changed = false;

  for (int round = 0; round < max_rounds; ++round) {
    ctx = context(ue);
    if (ctx == nullptr) co_return false;
    ctx->state = mm_state::authenticating;
    nas::authentication_request request;
    request.ngksi_.ksi_ = ngksi;
    request.abba_.bytes_.assign(abba.begin(), abba.end());
    request.eap_message_ = nas::octets{payload};
    std::optional<nas::gmm_message> answer = co_await exchange(
        ue, std::move(request), {nas::authentication_response::message_type, nas::authentication_failure::message_type},
        cfg_.t3560, &counters_.t3560_expiries);
    ctx = context(ue);
    if (ctx == nullptr) co_return false;
    if (!answer) {
      ctx->state = mm_state::deregistered;
      release(ue);
      co_return false;
    }
    if (const auto* failure = std::get_if<nas::authentication_failure>(&*answer)) {
      ++counters_.authentication_failures;
      if (failure->cause_ == nas::gmm_cause::ngksi_already_in_use && !ngksi_changed) {
        ngksi_changed = true;
        ngksi = static_cast<std::uint8_t>((ngksi + 1) % 7);
        --round;  // the same EAP-Request again, under another ngKSI
        continue;
      }
      fail({});
      co_return false;
    }
    const auto& response = std::get<nas::authentication_response>(*answer);
    if (!response.eap_message_ || response.eap_message_->bytes_.empty()) {
      fail({});
      co_return false;
    }
    // AMF ── eap-session (EAP-Response) ─► AUSF
    ausf::eap_session session;
    session.eap_payload_ = response.eap_message_->bytes_;
    std::expected<ausf::eap_session, sbi::problem_details> next =
        co_await services_.ausf.eap_session(auth_ctx_id, std::move(session));
    ctx = context(ue);
    if (ctx == nullptr) co_return false;
    if (!next) {
      logger()->info("AMF UE NGAP ID {}: the AUSF refused the EAP session ({})", ue.value(),
                     sbi::to_string(next.error().cause_.value_or(sbi::cause::system_failure)));
      fail({});
      co_return false;
    }
    const auto kseaf = next->k_seaf_ ? crypto::key256::from(*next->k_seaf_) : std::nullopt;
    if (next->auth_result_ == ausf::auth_result::authentication_success && kseaf && next->supi_) {
      ctx->state = mm_state::authenticated;
      ctx->supi = next->supi_;
      ctx->ngksi = ngksi;
      ctx->kamf = security::derive_kamf(*kseaf, next->supi_->value(), abba);
      // The EAP-Success goes to the UE with the Security Mode Command.
      ctx->eap_success = next->eap_payload_.value_or(std::vector<std::uint8_t>{});
      ++counters_.authentications_succeeded;
      logger()->info("AMF UE NGAP ID {}: EAP-AKA' complete", ue.value());
      co_return true;
    }
    std::vector<std::uint8_t> packet = next->eap_payload_.value_or(std::vector<std::uint8_t>{});
    if (next->auth_result_ == ausf::auth_result::authentication_failure || eap_code(packet) != 1) {
      logger()->info("AMF UE NGAP ID {}: EAP-AKA' failed at the AUSF; Authentication Reject", ue.value());
      fail(eap_code(packet) == 4 ? std::move(packet) : std::vector<std::uint8_t>{});
      co_return false;
    }
    payload = std::move(packet);  // the next EAP-Request
  }
  logger()->info("AMF UE NGAP ID {}: EAP-AKA' did not end within {} rounds", ue.value(), max_rounds);
  fail({});
  co_return false;
}

}  // namespace meridian::amf
