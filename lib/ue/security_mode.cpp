// TS 24.501 §5.4.2, NAS security mode control, the UE's side (TS 33.501 §6.7.2):
//
//   UE ◄─ SECURITY MODE COMMAND ── AMF      header type 3: the new context's
//         (selected algorithms, ngKSI, replayed UE security capabilities,
//          IMEISV request, additional 5G security information: RINMR)
//   the UE derives K_NASint / K_NASenc from the K_AMF the ngKSI names (the
//   one the last 5G-AKA gave, or the current one), both NAS COUNTs from 0,
//   and accepts the command only if (§5.4.2.3, §5.4.2.5):
//     its MAC verifies with the new context         else REJECT #24
//     the replayed capabilities are the UE's own    else REJECT #23
//     the algorithms are ones the UE supports, and 5G-IA0 only when
//     configured (TS 33.501 §5.5.2)                 else REJECT #23 / #24
//   UE ── SECURITY MODE COMPLETE ─► AMF     header type 4, the new context
//         now current: the IMEISV when asked; the whole Registration Request
//         in the NAS message container when the initial message went without
//         one (§4.4.6) or RINMR asks for it

#include "meridian/nas/nas.hpp"
#include "meridian/nas/security.hpp"
#include "meridian/ue/mm.hpp"
#include "mm_support.hpp"

namespace meridian::ue {

using detail::logger;

namespace {

/// TS 24.501 §9.11.3.12 Additional 5G security information, octet 3 bit 2: RINMR.
bool retransmission_of_initial_message_requested(const nas::security_mode_command& m) {
  return m.additional_5g_security_information_ && !m.additional_5g_security_information_->bytes_.empty() &&
         (m.additional_5g_security_information_->bytes_[0] & 0x02) != 0;
}

/// TS 24.501 §9.11.3.28 IMEISV request: value 1, "IMEISV requested".
bool imeisv_requested(const nas::security_mode_command& m) {
  return m.imeisv_request_ && (m.imeisv_request_->to_nibble() & 0x07) == 1;
}

}  // namespace

void mm_entity::on_security_mode_command(std::span<const std::uint8_t> pdu, const nas::security_mode_command& m) {
  // §5.4.1.2 / TS 33.501 §6.1.3.1 step 9: the EAP-Success of an
  // EAP-AKA' exchange may come in the command; K_AMF follows from it.
  if (m.eap_message_ && eap_) eap_outcome(m.eap_message_->bytes_, m.ngksi_.ksi_, m.abba_ ? &*m.abba_ : nullptr);
  // The K_AMF the ngKSI names: the one of the last authentication, or the current.
  const crypto::key256* kamf = nullptr;
  if (new_kamf_ && m.ngksi_.ksi_ == new_ngksi_) {
    kamf = &*new_kamf_;
  } else if (kamf_ && security_ && m.ngksi_.ksi_ == security_->ngksi()) {
    kamf = &*kamf_;
  }
  if (kamf == nullptr) {
    logger()->debug("UE {}: Security Mode Command for ngKSI {} with no K_AMF", id_, static_cast<int>(m.ngksi_.ksi_));
    security_mode_reject(nas::gmm_cause::security_mode_rejected_unspecified);
    return;
  }
  const unsigned nia = m.selected_nas_security_algorithms_.integrity_;
  const unsigned nea = m.selected_nas_security_algorithms_.ciphering_;
  // 128-NIA/NEA 0..3 are all this UE has; others cannot even be checked.
  if (nia > 3 || nea > 3) {
    security_mode_reject(nas::gmm_cause::ue_security_capabilities_mismatch);
    return;
  }
  security::nas_security_context candidate = security::nas_security_context::from_kamf(
      security::nas_role::ue, *kamf, static_cast<crypto::nia>(nia), static_cast<crypto::nea>(nea),
      security::nas_connection_identifier_3gpp, m.ngksi_.ksi_);
  // The MAC next: a command that does not verify is answered, not taken (TS 33.501 §6.7.2).
  auto verified = nas::unprotect(candidate, pdu);
  if (!verified) {
    logger()->debug("UE {}: Security Mode Command failed its integrity check", id_);
    security_mode_reject(nas::gmm_cause::security_mode_rejected_unspecified);
    return;
  }
  // §5.4.2.3: the replayed capabilities must be those the UE sent (a bidding-down attack otherwise).
  const nas::ue_security_capability mine = ue_security_capability();
  const auto& replayed = m.replayed_ue_security_capabilities_;
  if (replayed.ea_ != mine.ea_ || replayed.ia_ != mine.ia_ || replayed.eea_ != mine.eea_ ||
      replayed.eia_ != mine.eia_) {
    security_mode_reject(nas::gmm_cause::ue_security_capabilities_mismatch);
    return;
  }
  if (!mine.supports_ia(nia) || !mine.supports_ea(nea)) {
    security_mode_reject(nas::gmm_cause::ue_security_capabilities_mismatch);
    return;
  }
  if (nia == 0 && !cfg_.allow_nia0) {
    // §5.4.2.3: 5G-IA0 outside an emergency is not accepted.
    security_mode_reject(nas::gmm_cause::security_mode_rejected_unspecified);
    return;
  }

  // Accepted: the new context is the current one (§5.4.2.3), the command's COUNT recorded in it.
  if (new_kamf_ && kamf == &*new_kamf_) kamf_ = std::move(*new_kamf_);
  new_kamf_.reset();
  new_ngksi_ = security::ngksi_no_key;
  security_.emplace(std::move(candidate));
  secure_exchange_ = true;

  nas::security_mode_complete complete;
  if (imeisv_requested(m)) complete.imeisv_ = nas::mobile_identity{nas::imeisv{{std::string(imeisv())}}};
  if (state_ == mm_state::registered_initiated && initial_message_ &&
      (initial_without_container_ || retransmission_of_initial_message_requested(m))) {
    // §4.4.6 / §5.4.2.3: the entire (unciphered) Registration Request, as it was sent.
    complete.nas_message_container_ = nas::octets{*initial_message_};
    initial_without_container_ = false;
  }
  auto plain = nas::encode_nas(complete);
  if (!plain) return;
  auto sealed =
      nas::protect(*security_, *plain, nas::security_header_type::integrity_protected_and_ciphered_with_new_context);
  if (!sealed) return;
  lower_.send_uplink_nas(id_, *sealed);
}

void mm_entity::security_mode_reject(nas::gmm_cause cause) {
  // §5.4.2.5: the context in use before (if any) stays in use; the reject goes under it.
  last_cause_ = cause;
  logger()->debug("UE {}: Security Mode Reject #{}", id_, static_cast<int>(cause));
  nas::security_mode_reject r;
  r.cause_ = cause;
  send(r);
}

}  // namespace meridian::ue
