#pragma once
// What the AMF's 5GMM procedures share (lib/amf/nas/*.cpp).

#include <chrono>
#include <memory>

#include "meridian/amf/mm.hpp"
#include "meridian/common/log.hpp"
#include "meridian/nas/ies.hpp"
#include "meridian/nas/nas.hpp"
#include "meridian/nas/security.hpp"

namespace meridian::amf::mm_detail {

/// The "amf.nas" logger.
const std::shared_ptr<spdlog::logger>& logger();

/// TS 24.008 §10.5.7.4a GPRS timer 3 for `d`: the finest unit that can say
/// it, rounded up when none says it exactly; deactivated for zero.
nas::gprs_timer_3 gprs_timer_3_for(std::chrono::seconds d);

/// TS 24.501 §4.4.6: the whole initial message a UE with a security context
/// put, ciphered, in the NAS message container of its cleartext one; nothing
/// when it cannot be deciphered or is not a 5GMM message of the same type.
template <class Message>
std::optional<Message> whole_initial_message(const security::nas_security_context& sc,
                                             const nas::nas_message_container& container) {
  std::vector<std::uint8_t> value = container.bytes_;
  if (!nas::cipher_container(sc, value, sc.last_received_count())) return std::nullopt;
  auto plain = nas::decode_plain_nas(value);
  const auto* gmm = plain ? std::get_if<nas::gmm_pdu>(&*plain) : nullptr;
  const auto* m = gmm ? std::get_if<Message>(&gmm->message_) : nullptr;
  if (m == nullptr) return std::nullopt;
  return *m;
}

/// The PSI bitmap (TS 24.501 §9.11.3.44) of the PDU sessions the AMF holds for the UE.
nas::psi_bitmap pdu_session_status(const mm_context& ctx);

/// TS 38.413 §9.3.1.86: the NR/E-UTRA algorithm masks from the NAS UE
/// security capability, whose first bit is algorithm 0 (implied in NGAP).
inline std::uint16_t ngap_mask(std::uint8_t nas_bits) {
  return static_cast<std::uint16_t>(static_cast<std::uint16_t>((nas_bits << 1) & 0xff) << 8);
}

/// The Initial Context Setup parameters the UE's 5GMM context gives (GUAMI,
/// allowed NSSAI, security capabilities, K_gNB from the last uplink NAS
/// COUNT, masked IMEISV is left out); `nas_pdu` rides with it.
initial_context_setup_parameters context_setup_for(const mm_context& ctx, std::vector<std::uint8_t> nas_pdu);

}  // namespace meridian::amf::mm_detail
