#pragma once
// The 5G NAS security context (TS 24.501 §4.4.2; TS 33.501 §6.4, §6.7): the
// keys K_NASint and K_NASenc, the selected 128-NIA and 128-NEA, ngKSI, the
// NAS connection identifier (BEARER), and the two NAS COUNTs (TS 24.501
// §4.4.3.1: uplink and downlink, each a 16-bit overflow counter and an 8-bit
// sequence number). The same context serves the UE (sends uplink), the AMF
// (sends downlink) and a capture reader following both. Protecting and
// unprotecting NAS messages with it is the nas module's business
// (meridian/nas/security.hpp): the context knows no message formats.

#include <cstdint>
#include <optional>

#include "meridian/crypto/nas_algorithms.hpp"
#include "meridian/crypto/secret.hpp"

namespace meridian::security {

enum class nas_role : std::uint8_t { ue, network };

/// TS 24.501 §4.4.3.1 NAS COUNT: 8 zero bits | NAS overflow (16) | NAS sequence number (8).
struct nas_count {
  std::uint32_t value_ = 0;  ///< 24 significant bits (0x1000000 once the overflow counter wrapped)
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

/// TS 24.501 §9.11.3.32: the NAS key set identifier value meaning "no key is available".
inline constexpr std::uint8_t ngksi_no_key = 7;

/// DIRECTION of TS 33.501 D.2.1/D.3.1: 0 uplink, 1 downlink.
inline constexpr std::uint8_t direction_uplink = 0;
inline constexpr std::uint8_t direction_downlink = 1;

/// TS 24.501 §4.4.3.1: the NAS COUNT a received sequence number stands for,
/// given a reference COUNT: the overflow counter of the reference, stepped by
/// one when the sequence number is below the reference's (it wrapped). May
/// exceed 24 bits when the overflow counter itself would wrap.
std::uint32_t estimate_nas_count(std::uint32_t reference, std::uint8_t sequence_number) noexcept;

/// A 5G NAS security context (TS 24.501 §4.4.2) in use by one side.
class nas_security_context {
 public:
  nas_security_context(nas_role role, const crypto::key128& knas_int, const crypto::key128& knas_enc,
                       crypto::nia integrity, crypto::nea ciphering,
                       std::uint8_t bearer = nas_connection_identifier_3gpp, std::uint8_t ngksi = 0);

  /// TS 33.501 Annex A.8: K_NASint and K_NASenc from K_AMF for the selected
  /// algorithms, both NAS COUNTs from 0 (TS 24.501 §4.4.3.1, a new K_AMF).
  static nas_security_context from_kamf(nas_role role, const crypto::key256& kamf, crypto::nia integrity,
                                        crypto::nea ciphering, std::uint8_t bearer = nas_connection_identifier_3gpp,
                                        std::uint8_t ngksi = 0);

  nas_role role() const noexcept { return role_; }
  const crypto::key128& knas_int() const noexcept { return knas_int_; }
  const crypto::key128& knas_enc() const noexcept { return knas_enc_; }
  crypto::nia integrity() const noexcept { return integrity_; }
  crypto::nea ciphering() const noexcept { return ciphering_; }
  std::uint8_t bearer() const noexcept { return bearer_; }
  std::uint8_t ngksi() const noexcept { return ngksi_; }

  std::uint8_t send_direction() const noexcept { return role_ == nas_role::ue ? direction_uplink : direction_downlink; }
  std::uint8_t receive_direction() const noexcept { return send_direction() ^ 1u; }

  /// The uplink and downlink NAS COUNTs: the next to send and the next expected.
  nas_count uplink_count() const noexcept { return uplink_; }
  nas_count downlink_count() const noexcept { return downlink_; }
  nas_count send_count() const noexcept { return role_ == nas_role::ue ? uplink_ : downlink_; }
  nas_count receive_count() const noexcept { return role_ == nas_role::ue ? downlink_ : uplink_; }
  void set_send_count(std::uint32_t c) noexcept { send_ref().value_ = c & 0xffffff; }
  void set_receive_count(std::uint32_t c) noexcept { receive_ref().value_ = c & 0xffffff; }

  /// The COUNT for the next message sent, or nothing when the COUNT has
  /// wrapped: a new K_AMF is needed first (TS 33.501 §6.4.3.1).
  std::optional<std::uint32_t> next_send_count() const noexcept;
  /// After a message was protected with next_send_count().
  void advance_send_count() noexcept { send_ref().value_ += 1; }

  /// The COUNT of a received message from its sequence number (estimated from
  /// the next expected COUNT), or nothing when the overflow counter would wrap.
  std::optional<std::uint32_t> receive_count_for(std::uint8_t sequence_number) const noexcept;
  /// Records a received message whose MAC verified with `count`: the next
  /// expected COUNT follows it.
  void accept_received(std::uint32_t count) noexcept;
  /// The COUNT of the last message accept_received() recorded.
  std::optional<std::uint32_t> last_received_count() const noexcept { return last_received_; }

 private:
  nas_count& send_ref() noexcept { return role_ == nas_role::ue ? uplink_ : downlink_; }
  nas_count& receive_ref() noexcept { return role_ == nas_role::ue ? downlink_ : uplink_; }

  nas_role role_;
  crypto::key128 knas_int_;
  crypto::key128 knas_enc_;
  crypto::nia integrity_;
  crypto::nea ciphering_;
  std::uint8_t bearer_;
  std::uint8_t ngksi_;
  nas_count uplink_{};
  nas_count downlink_{};
  std::optional<std::uint32_t> last_received_;
};

}  // namespace meridian::security
