#pragma once
// EAP-AKA' packets (RFC 9048, over the EAP-AKA format of RFC 4187 and the EAP
// header of RFC 3748) as 5G uses them between the UE and the AUSF (TS 33.501
// §6.1.3.1): the AKA'-Challenge, Authentication-Reject, Synchronization-Failure
// and Client-Error exchanges, EAP-Success and EAP-Failure, and AT_MAC
// (HMAC-SHA-256-128 keyed with K_aut, RFC 9048 §3.4.2).
//
// Pure: no state, no logging. decode() never throws or reads out of bounds;
// every malformed input is a decode_error with its byte offset.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "meridian/common/result.hpp"
#include "meridian/crypto/secret.hpp"

namespace meridian::security::eap {

/// RFC 3748 §4: Code.
enum class code : std::uint8_t { request = 1, response = 2, success = 3, failure = 4 };

/// RFC 9048 §8 (IANA EAP method type): EAP-AKA'.
inline constexpr std::uint8_t method_type_aka_prime = 50;

/// RFC 4187 §11 subtypes (IANA "EAP-AKA and EAP-SIM Parameters", Subtypes)
/// that EAP-AKA' uses.
enum class aka_subtype : std::uint8_t {
  challenge = 1,
  authentication_reject = 2,
  synchronization_failure = 4,
  identity = 5,
  notification = 12,
  reauthentication = 13,
  client_error = 14,
};

/// RFC 4187 §11 attribute types (IANA, the non-skippable 0..127 and the
/// skippable 128..255) that this codec reads and writes.
enum class attribute_type : std::uint8_t {
  at_rand = 1,
  at_autn = 2,
  at_res = 3,
  at_auts = 4,
  at_mac = 11,
  at_notification = 12,
  at_client_error_code = 22,
  at_kdf_input = 23,
  at_kdf = 24,
  at_checkcode = 134,
  at_result_ind = 135,
};

/// RFC 9048 §3.2 AT_KDF value 1: CK'/IK' of TS 33.402 A.2 and the PRF' of §3.4.
inline constexpr std::uint16_t kdf_ck_ik_prime_prf = 1;

/// RFC 4187 §10.20 AT_CLIENT_ERROR_CODE 0: "unable to process packet".
inline constexpr std::uint16_t client_error_unable_to_process = 0;

/// The attributes of one EAP-AKA' packet (RFC 4187 §10, RFC 9048 §3.1-3.2),
/// each present or not. Decoding keeps them, whatever the subtype; which ones
/// a subtype requires is the protocol's question, not the codec's.
struct aka_attributes {
  std::optional<std::array<std::uint8_t, 16>> rand_{};  ///< AT_RAND (§10.6), one RAND
  std::optional<std::array<std::uint8_t, 16>> autn_{};  ///< AT_AUTN (§10.7)
  std::optional<std::vector<std::uint8_t>> res_{};      ///< AT_RES (§10.8): RES, 4..16 octets
  std::optional<std::array<std::uint8_t, 14>> auts_{};  ///< AT_AUTS (§10.9)
  std::optional<std::string> kdf_input_{};              ///< AT_KDF_INPUT (RFC 9048 §3.1): the network name
  std::vector<std::uint16_t> kdf_{};                    ///< AT_KDF (RFC 9048 §3.2), in order; may repeat
  std::optional<std::vector<std::uint8_t>> checkcode_{};  ///< AT_CHECKCODE (§10.13): empty or 32 octets
  bool result_ind_ = false;                             ///< AT_RESULT_IND (§10.14)
  std::optional<std::uint16_t> notification_{};         ///< AT_NOTIFICATION (§10.19)
  std::optional<std::uint16_t> client_error_code_{};    ///< AT_CLIENT_ERROR_CODE (§10.20)
  std::optional<std::array<std::uint8_t, 16>> mac_{};   ///< AT_MAC (§10.15; HMAC-SHA-256-128 in AKA')
  bool operator==(const aka_attributes&) const = default;
};

/// One EAP packet of the EAP-AKA' method. EAP-Success and EAP-Failure carry
/// only the code and identifier (subtype and attributes are ignored for them).
struct packet {
  eap::code code_ = eap::code::request;
  std::uint8_t identifier_ = 0;
  aka_subtype subtype_ = aka_subtype::challenge;
  aka_attributes attributes_{};
  bool operator==(const packet&) const = default;
};

/// Reads one EAP packet: the EAP header (octets beyond its Length are link
/// padding and ignored, RFC 3748 §4.1), then for a Request or Response the
/// method type (only 50, EAP-AKA'), subtype and attributes. An unknown
/// non-skippable attribute (type below 128), a wrong attribute length or a
/// repeated attribute (other than AT_KDF) is an error; unknown skippable ones
/// are skipped.
decode_result<packet> decode(std::span<const std::uint8_t> bytes) noexcept;

/// Writes `p`; Request and Response attributes in the order aka_attributes
/// declares them, every padding octet zero. Fails for a RES outside 4..16
/// octets, an AT_CHECKCODE other than 0 or 32 octets, or a packet longer than
/// the 16-bit Length.
encode_result<std::vector<std::uint8_t>> encode(const packet& p);

/// RFC 9048 §3.4.2: AT_MAC's value, HMAC-SHA-256 under K_aut over the whole
/// packet with the MAC value zeroed, cut to 16 octets.
/// `p.attributes_.mac_` is ignored (treated as zeros).
encode_result<std::array<std::uint8_t, 16>> compute_mac(const packet& p, const crypto::key256& k_aut);

/// `p` encoded with its AT_MAC computed under K_aut.
encode_result<std::vector<std::uint8_t>> encode_with_mac(packet p, const crypto::key256& k_aut);

/// True when `received` is a well-formed Request or Response carrying an
/// AT_MAC, and that MAC is the one K_aut gives over these very octets (the
/// attribute order as sent; constant-time comparison).
bool mac_verifies(std::span<const std::uint8_t> received, const crypto::key256& k_aut);

/// The EAP-Request/AKA'-Challenge of TS 33.501 §6.1.3.1 step 3 (RFC 9048 §3):
/// AT_RAND, AT_AUTN, AT_KDF (1), AT_KDF_INPUT (the serving network name) and
/// AT_MAC under K_aut.
packet challenge_request(std::uint8_t identifier, const std::array<std::uint8_t, 16>& rand,
                         const std::array<std::uint8_t, 16>& autn, std::string network_name);

}  // namespace meridian::security::eap
