#pragma once
// What the UDR keeps about one subscriber (issue 14): the long-term
// credentials, the SQN, the subscribed slices and per-DNN session settings,
// and what the UDM writes back (authentication status, the serving AMF).
// Also the home network's SUCI keys. The store (subscriber_store.hpp) keeps
// these; the repository (data_repository.hpp) answers TS 29.505 resources
// from them.
//
// Key material (K, OP/OPc, the home network private keys) lives in
// crypto::secret and never reaches a log line.

#include <array>
#include <cstdint>
#include <expected>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "meridian/crypto/ecies.hpp"
#include "meridian/crypto/secret.hpp"
#include "meridian/model/s_nssai.hpp"
#include "meridian/model/supi.hpp"
#include "meridian/sbi_types/common_data.hpp"
#include "meridian/udr/udr_service.hpp"

namespace meridian::udr {

/// The 48-bit SQN of TS 33.102 Annex C: SEQ (the high 48 - IND bits) || IND.
inline constexpr std::uint64_t sqn_max = (std::uint64_t{1} << 48) - 1;
/// TS 33.102 C.3.2 recommends 5 bits of IND; longer values are allowed up to this.
inline constexpr unsigned ind_length_max = 16;

/// The home network's view of a subscriber's SQN (TS 29.505 SequenceNumber in
/// typed form): the last SQN handed out and how it splits into SEQ and IND.
struct sqn_state {
  std::uint64_t sqn_ = 0;    ///< SEQ || IND, 48 bits: the last SQN used
  unsigned ind_length_ = 5;  ///< bits of IND
  udr::sqn_scheme scheme_ = udr::sqn_scheme::non_time_based;
  std::map<std::string, std::int32_t> last_indexes_{};  ///< last IND per AUSF / serving network
  std::optional<udr::sign> dif_sign_{};

  std::uint64_t seq() const noexcept { return sqn_ >> ind_length_; }
  std::uint64_t ind() const noexcept { return sqn_ & ((std::uint64_t{1} << ind_length_) - 1); }
  bool operator==(const sqn_state&) const = default;
};

/// "00000000002a": the 12 lowercase hex digits of TS 29.505 SequenceNumber.sqn.
std::string sqn_to_hex(std::uint64_t sqn);
/// The SQN of 12 hex digits (either case), or nothing.
std::optional<std::uint64_t> sqn_from_hex(std::string_view text) noexcept;

/// The wire form of a stored SQN state, and back (nothing when the wire form is
/// out of range: an sqn that is not 12 hex digits, an indLength outside 0..16).
udr::sequence_number to_sequence_number(const sqn_state& s);
std::optional<sqn_state> from_sequence_number(const udr::sequence_number& s);

/// Whether the stored 16 octets are the operator variant configuration field
/// OP or the derived OPc (TS 35.206 §4.1).
enum class op_kind : std::uint8_t { op, opc };

/// A subscribed S-NSSAI; default ones are in the Default S-NSSAIs (TS 23.501 §5.15.3).
struct subscribed_snssai {
  model::s_nssai snssai_{};
  bool default_ = false;
  bool operator==(const subscribed_snssai&) const = default;
};

/// One DNN's session settings on one S-NSSAI (TS 29.503 DnnConfiguration and
/// the DnnInfo that SMF selection reads).
struct session_config {
  model::s_nssai snssai_{};
  sbi::dnn dnn_{};
  bool default_dnn_ = false;  ///< DnnInfo.defaultDnnIndicator
  sbi::pdu_session_type default_pdu_session_type_ = sbi::pdu_session_type::ipv4;
  std::vector<sbi::pdu_session_type> allowed_pdu_session_types_{sbi::pdu_session_type::ipv4};
  sbi::ssc_mode default_ssc_mode_ = sbi::ssc_mode::ssc_mode_1;
  std::vector<sbi::ssc_mode> allowed_ssc_modes_{sbi::ssc_mode::ssc_mode_1};
  sbi::qos_5qi qos_5qi_ = 9;
  sbi::arp arp_{};
  sbi::ambr session_ambr_{.uplink_ = "1 Gbps", .downlink_ = "1 Gbps"};
  std::optional<std::string> static_ipv4_{};  ///< "10.45.0.2"
  std::optional<std::string> static_ipv6_{};  ///< "2001:db8::2" or a prefix "2001:db8:1::/64"
  bool operator==(const session_config&) const = default;
};

/// Everything the UDR provisions for one subscriber.
struct subscriber {
  model::supi supi_;
  crypto::key128 k_{};    ///< the permanent key K
  crypto::key128 op_{};   ///< OP or OPc, as op_kind_ says
  op_kind op_kind_ = op_kind::opc;
  std::array<std::uint8_t, 2> amf_{0x80, 0x00};  ///< the authentication management field
  sqn_state sqn_{};
  udr::auth_method auth_method_ = udr::auth_method::five_g_aka;
  std::vector<subscribed_snssai> nssai_{};
  std::vector<session_config> sessions_{};
  sbi::ambr ue_ambr_{.uplink_ = "1 Gbps", .downlink_ = "1 Gbps"};
  std::vector<sbi::rat_type> rat_restrictions_{};  ///< RATs the subscriber may NOT use

  /// OPc: the stored value, or derived from K and OP.
  crypto::key128 opc() const;
  bool operator==(const subscriber&) const = default;
};

/// The first problem that makes `s` unfit to store, for a person ("sqn: ..."),
/// or nothing: SQN within 48 bits, IND length within 0..16, at least one
/// default S-NSSAI, each session on a subscribed S-NSSAI with its defaults
/// among its allowed values, one session per (S-NSSAI, DNN), at most one
/// default DNN per S-NSSAI, static addresses that parse, bit rates of TS 29.571
/// form, a 5QI and an ARP priority in range.
std::optional<std::string> validate(const subscriber& s);

/// TS 29.571 BitRate: "<digits>[.<digits>] <bps|Kbps|Mbps|Gbps|Tbps>".
bool is_bit_rate(std::string_view text) noexcept;

/// A home network public/private key pair for SUCI de-concealment (TS 33.501
/// Annex C), named by its Home Network Public Key Identifier (1..255).
struct hn_key {
  std::uint8_t key_id_ = 1;
  crypto::ecies_profile profile_ = crypto::ecies_profile::a;
  crypto::key256 private_key_{};
  std::vector<std::uint8_t> public_key_{};  ///< derived from the private key (A: 32 octets, B: 33 compressed)
  bool operator==(const hn_key&) const = default;
};

/// The key pair whose private key is `private_key` (the public key derived),
/// or the reason it is unusable (a Profile B scalar out of range, a key id 0).
std::expected<hn_key, std::string> make_hn_key(std::uint8_t key_id, crypto::ecies_profile profile,
                                               std::span<const std::uint8_t> private_key);
/// A fresh key pair.
std::expected<hn_key, std::string> generate_hn_key(std::uint8_t key_id, crypto::ecies_profile profile);

/// "A" / "B", and back.
std::string_view profile_name(crypto::ecies_profile p) noexcept;
std::optional<crypto::ecies_profile> profile_from_name(std::string_view text) noexcept;

}  // namespace meridian::udr
