#pragma once
// NAS security (TS 24.501 §4.4, TS 33.501 §6.4): integrity protection with
// 128-NIA0..3 and ciphering with 128-NEA0..3 of security-protected 5GMM
// messages (TS 24.501 §9.1.1), statelessly from explicit inputs or over the
// NAS security context of the security module
// (meridian/security/nas_security_context.hpp), which keeps the keys,
// algorithms, BEARER and both NAS COUNTs for the UE, the AMF and a capture
// reader alike.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "meridian/common/result.hpp"
#include "meridian/crypto/nas_algorithms.hpp"
#include "meridian/crypto/secret.hpp"
#include "meridian/nas/message_common.hpp"
#include "meridian/security/nas_security_context.hpp"

namespace meridian::nas {

/// The per-message inputs of a stateless protect/unprotect (for tools and tests).
struct nas_protection_params {
  crypto::key128 knas_int;
  crypto::key128 knas_enc;
  crypto::nia integrity = crypto::nia::nia0;
  crypto::nea ciphering = crypto::nea::nea0;
  std::uint32_t count = 0;     ///< NAS COUNT; its low 8 bits are replaced by the message's sequence number on verify
  std::uint8_t direction = 0;  ///< 0 uplink, 1 downlink
  std::uint8_t bearer = security::nas_connection_identifier_3gpp;  ///< NAS connection identifier (BEARER)
};

struct unprotected_message {
  std::vector<std::uint8_t> plain_;  ///< the plain NAS message (deciphered when the header type says so)
  bool mac_valid_ = false;
  std::uint32_t count_ = 0;  ///< the NAS COUNT used
  security_header_type security_header_type_ = security_header_type::plain;
};

/// Builds a security-protected PDU (header type 1..4) around `plain` with the
/// COUNT in `p` (the sequence number octet is its low 8 bits).
encode_result<std::vector<std::uint8_t>> protect_nas(std::span<const std::uint8_t> plain, security_header_type sht,
                                                     const nas_protection_params& p);
/// Verifies the MAC of a security-protected PDU and deciphers it. A wrong MAC
/// is not an error here: mac_valid_ says so, and the deciphered bytes are
/// returned for inspection; a malformed PDU or algorithm failure is.
decode_result<unprotected_message> verify_and_decipher(std::span<const std::uint8_t> pdu,
                                                       const nas_protection_params& p);

/// The stateless inputs of `context` for one message with `count` in `direction`.
nas_protection_params protection_params(const security::nas_security_context& context, std::uint32_t count,
                                        std::uint8_t direction);

/// Protects an outgoing plain NAS message with the context's send COUNT and
/// advances it. Fails when the COUNT has wrapped (a new key is then needed,
/// TS 33.501 §6.4.3.1).
encode_result<std::vector<std::uint8_t>> protect(
    security::nas_security_context& context, std::span<const std::uint8_t> plain,
    security_header_type sht = security_header_type::integrity_protected_and_ciphered);

/// Verifies and deciphers an incoming protected PDU; estimates the COUNT from
/// its sequence number (the overflow counter steps when the sequence number
/// wraps) and advances the receive COUNT only when the MAC is valid. A wrong
/// MAC yields decode_errc::invalid_value on "NAS-MAC" at offset 2.
decode_result<std::vector<std::uint8_t>> unprotect(security::nas_security_context& context,
                                                   std::span<const std::uint8_t> pdu);

/// TS 24.501 §4.4.6: ciphers (or deciphers) the value of a NAS message
/// container in place with the COUNT of the uplink message that carries it
/// (the next send COUNT on the UE; the last received COUNT, or `count`, on the
/// network side).
encode_result<void> cipher_container(const security::nas_security_context& context, std::span<std::uint8_t> value,
                                     std::optional<std::uint32_t> count = {});

}  // namespace meridian::nas
