// TS 24.501 §5.4.1.2, EAP based primary authentication with EAP-AKA' (TS
// 33.501 §6.1.3.1, RFC 9048), the UE's side:
//
//   UE ◄─ AUTHENTICATION REQUEST (ngKSI, ABBA, EAP-Request/AKA'-Challenge) ── AMF
//   UE ── AUTHENTICATION RESPONSE (EAP-Response: AKA'-Challenge with AT_RES,
//         or AT_KDF negotiation, AKA'-Synchronization-Failure with AT_AUTS,
//         AKA'-Authentication-Reject, AKA'-Client-Error) ─► AMF
//   UE ◄─ AUTHENTICATION RESULT (ngKSI, EAP-Success, ABBA) ── AMF, or the
//         EAP-Success inside the SECURITY MODE COMMAND
//   K_AUSF = EMSK's first 256 bits (Annex F), then K_SEAF and K_AMF as in
//   5G-AKA, kept with the ngKSI until a Security Mode Command takes them.
//   EAP-Failure (in AUTHENTICATION RESULT or REJECT): no key.
//
// The EAP peer itself (security::eap_aka_prime_peer) checks AUTN with the
// USIM's SQN array, AT_MAC, AT_KDF and AT_KDF_INPUT; it lives only while the
// exchange runs.

#include "meridian/security/key_hierarchy.hpp"
#include "meridian/security/serving_network_name.hpp"
#include "meridian/ue/mm.hpp"
#include "mm_support.hpp"

namespace meridian::ue {

using detail::logger;

void mm_entity::on_eap_authentication_request(const nas::authentication_request& m) {
  const std::string snn = security::serving_network_name(cfg_.serving_tai.plmn_);
  if (!eap_) {
    eap_ = std::make_unique<eap_session>();
    eap_->peer = usim_.eap_aka_prime_peer(snn);
  }
  eap_->ngksi = m.ngksi_.ksi_;
  eap_->abba = m.abba_.bytes_;
  const security::eap_peer_step step = eap_->peer->receive(m.eap_message_->bytes_);
  using a = security::eap_peer_action;
  switch (step.action) {
    case a::challenge_response:
      auth_failures_ = 0;  // a challenge the USIM accepted ends a run of failures (§5.4.1.3.7)
      break;
    case a::kdf_negotiation:
      break;
    case a::synchronization_failure:
      last_cause_ = nas::gmm_cause::synch_failure;
      break;
    case a::authentication_reject:
      // AUTN refused by the USIM (else: the network name or AT_KDF was not acceptable).
      if (step.autn_failure_)
        last_cause_ = *step.autn_failure_ == security::autn_failure::non_5g_auth_unacceptable
                          ? nas::gmm_cause::non_5g_authentication_unacceptable
                          : nas::gmm_cause::mac_failure;
      break;
    case a::client_error:
      break;
    case a::success:
    case a::failure:
      // An EAP-Success or -Failure comes in a Result, not a Request.
      return;
  }
  logger()->debug("UE {}: EAP-AKA' step {}", id_, static_cast<int>(step.action));
  if (step.response.empty()) return;
  nas::authentication_response r;
  r.eap_message_ = nas::octets{step.response};
  send(r);
}

void mm_entity::on_authentication_result(const nas::authentication_result& m) {
  if (!eap_) return;  // no exchange runs: nothing to conclude
  eap_outcome(m.eap_message_.bytes_, m.ngksi_.ksi_, m.abba_ ? &*m.abba_ : nullptr);
}

bool mm_entity::eap_outcome(std::span<const std::uint8_t> eap, std::uint8_t ngksi, const nas::abba* abba) {
  const security::eap_peer_step step = eap_->peer->receive(eap);
  const bool keyed = step.action == security::eap_peer_action::success && eap_->peer->kausf().has_value();
  if (keyed) {
    const std::string snn = security::serving_network_name(cfg_.serving_tai.plmn_);
    const crypto::key256 kseaf = security::derive_kseaf(*eap_->peer->kausf(), snn);
    const std::vector<std::uint8_t>& abba_bytes = abba != nullptr ? abba->bytes_ : eap_->abba;
    new_kamf_ = security::derive_kamf(kseaf, usim_.supi().value(), abba_bytes);
    new_ngksi_ = ngksi;
  } else {
    logger()->debug("UE {}: EAP-AKA' ended without a key", id_);
  }
  eap_.reset();
  return keyed;
}

}  // namespace meridian::ue
