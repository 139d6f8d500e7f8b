#pragma once
// NAS security (TS 24.501 §4.4, TS 33.501 §6.4): integrity protection with
// 128-NIA0..3 and ciphering with 128-NEA0..3 of security-protected 5GMM
// messages, the NAS COUNT (16-bit overflow counter and 8-bit sequence number)
// per direction, BEARER = the NAS connection identifier (0 for 3GPP access)
// and DIRECTION (0 uplink, 1 downlink). The same context serves the UE
// (sends uplink) and the AMF (sends downlink).

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "meridian/common/result.hpp"
#include "meridian/crypto/nas_algorithms.hpp"
#include "meridian/crypto/secret.hpp"
#include "meridian/nas/message_common.hpp"

namespace meridian::nas {

enum class nas_role : std::uint8_t { ue, network };

/// TS 24.501 §4.4.3.1 NAS COUNT: 8 zero bits | NAS overflow (16) | NAS sequence number (8).
struct nas_count {
  std::uint32_t value_ = 0;  ///< 24 significant bits
  std::uint16_t overflow() const noexcept { return static_cast<std::uint16_t>(value_ >> 8); }
  std::uint8_t sequence_number() const noexcept { return static_cast<std::uint8_t>(value_ & 0xff); }
  bool operator==(const nas_count&) const = default;
};

/// TS 33.501 §6.4.2.2: the NAS connection identifier, the BEARER input of the
/// NAS algorithms: 0x01 for 3GPP access, 0x02 for non-3GPP access (since
/// Rel-15.2.0; earlier drafts used 0 and 1, which no deployed peer speaks —
/// the free5GC, Open5GS and UERANSIM captures verify only with 0x01).
inline constexpr std::uint8_t nas_connection_identifier_3gpp = 0x01;
inline constexpr std::uint8_t nas_connection_identifier_non_3gpp = 0x02;

/// The per-message inputs of a stateless protect/unprotect (for tools and tests).
struct nas_protection_params {
  crypto::key128 knas_int;
  crypto::key128 knas_enc;
  crypto::nia integrity = crypto::nia::nia0;
  crypto::nea ciphering = crypto::nea::nea0;
  std::uint32_t count = 0;     ///< NAS COUNT; its low 8 bits are replaced by the message's sequence number on verify
  std::uint8_t direction = 0;  ///< 0 uplink, 1 downlink
  std::uint8_t bearer = nas_connection_identifier_3gpp;  ///< NAS connection identifier (BEARER)
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

/// A 5G NAS security context (TS 24.501 §4.4.2) in use by one side.
class nas_security_context {
 public:
  nas_security_context(nas_role role, const crypto::key128& knas_int, const crypto::key128& knas_enc,
                       crypto::nia integrity, crypto::nea ciphering,
                       std::uint8_t bearer = nas_connection_identifier_3gpp);

  /// Protects an outgoing plain NAS message and advances the send COUNT. Fails
  /// when the COUNT would wrap (a new key is then needed, TS 33.501 §6.4.3.1).
  encode_result<std::vector<std::uint8_t>> protect(
      std::span<const std::uint8_t> plain,
      security_header_type sht = security_header_type::integrity_protected_and_ciphered);
  /// Verifies and deciphers an incoming protected PDU; estimates the COUNT from
  /// its sequence number (the overflow counter steps when the sequence number
  /// wraps) and advances the receive COUNT only when the MAC is valid. A wrong
  /// MAC yields decode_errc::invalid_value on "NAS-MAC" at offset 2.
  decode_result<std::vector<std::uint8_t>> unprotect(std::span<const std::uint8_t> pdu);

  /// TS 24.501 §4.4.6: ciphers (or deciphers) the value of a NAS message
  /// container in place with the COUNT of the uplink message that carries it
  /// (the next send COUNT on the UE; `count` on the network side).
  encode_result<void> cipher_container(std::span<std::uint8_t> value, std::optional<std::uint32_t> count = {}) const;

  nas_count send_count() const noexcept { return send_; }
  nas_count receive_count() const noexcept { return receive_; }  ///< the next expected
  /// The COUNT of the last message unprotect() accepted.
  std::optional<std::uint32_t> last_received_count() const noexcept { return last_rx_; }
  void set_send_count(std::uint32_t c) noexcept { send_.value_ = c & 0xffffff; }
  void set_receive_count(std::uint32_t c) noexcept { receive_.value_ = c & 0xffffff; }
  std::uint8_t send_direction() const noexcept { return role_ == nas_role::ue ? 0 : 1; }

 private:
  nas_protection_params params(std::uint32_t count, std::uint8_t direction) const;
  nas_role role_;
  crypto::key128 knas_int_;
  crypto::key128 knas_enc_;
  crypto::nia integrity_;
  crypto::nea ciphering_;
  std::uint8_t bearer_;
  nas_count send_{};
  nas_count receive_{};
  std::optional<std::uint32_t> last_rx_;
};

}  // namespace meridian::nas
