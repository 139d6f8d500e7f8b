#pragma once
// The Subscription Concealed Identifier: TS 33.501 §6.12 and Annex C (null
// scheme, ECIES Profiles A and B), TS 23.003 §2.2B (structure) and §28.7.3
// (string forms), TS 24.501 §9.11.3.4 (the scheme input: MSIN as BCD for an IMSI,
// the username for an NAI).

#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "meridian/crypto/crypto_error.hpp"
#include "meridian/crypto/ecies.hpp"
#include "meridian/model/suci.hpp"
#include "meridian/model/supi.hpp"

namespace meridian::security {

// The SUCI itself is model::suci (TS 23.003 §2.2B), shared with NAS and the
// home network; this module conceals and de-conceals it and reads and writes
// its string forms with ECIES-aware checks and detailed errors.
using model::protection_scheme;
using model::suci;

/// "null", or an ECIES profile as crypto::parse_ecies_profile reads it ("A", "B").
std::optional<protection_scheme> parse_protection_scheme(std::string_view text) noexcept;

enum class suci_errc : std::uint8_t {
  invalid_supi,        ///< the SUPI or its MCC/MNC split is malformed
  invalid_format,      ///< the SUCI string does not follow TS 23.003 §28.7.3
  invalid_parameter,   ///< routing indicator, key id or scheme out of range
  unsupported_scheme,  ///< a scheme id other than 0, 1, 2
  crypto,              ///< ECIES failed: bad key, invalid point, MAC failure
};

std::string_view to_string(suci_errc code) noexcept;

struct suci_error {
  suci_errc code;
  std::string detail;  ///< human-readable, names the offending part
  /// "invalid format: routing indicator must be 1 to 4 digits"
  std::string message() const;
};

template <class T>
using suci_result = std::expected<T, suci_error>;

struct conceal_options {
  model::protection_scheme scheme = model::protection_scheme::null;
  std::span<const std::uint8_t> hn_public_key = {};  ///< ignored for the null scheme
  /// 1 to 255 for Profiles A and B (TS 23.003 §2.2B: 0 if and only if the null
  /// scheme is used); ignored for the null scheme, whose SUCI always carries 0.
  std::uint8_t hn_public_key_id = 0;
  std::string routing_indicator = "0";
  unsigned mnc_length = 2;  ///< how many IMSI digits after the MCC are the MNC (2 or 3)
  /// A fixed ephemeral private key instead of a random one (vectors, debugging).
  std::optional<std::span<const std::uint8_t>> ephemeral_private_key = {};
};

/// UE side: conceals `id` (IMSI or NAI SUPI).
suci_result<suci> conceal(const model::supi& id, const conceal_options& options);

/// Home network side (SIDF): recovers the SUPI. `hn_private_key` is ignored for the null scheme.
suci_result<model::supi> deconceal(const suci& concealed, std::span<const std::uint8_t> hn_private_key);

/// TS 23.003 §28.7.3 string form: "suci-0-<mcc>-<mnc>-<ri>-<scheme>-<key id>-<output>"
/// for IMSI, and the NAI form "type1.rid<ri>.schid<scheme>.<...>@<realm>" for NAI.
/// The scheme output is the MSIN digits (IMSI, null scheme), the username (NAI,
/// null scheme), or lowercase hex (ECIES; in the NAI form split into
/// ".hnkey<id>.ecckey<hex>.cip<hex>.mac<hex>").
std::string to_string(const suci& s);

/// TS 23.003 §28.7.3 NAI form for either SUPI type. An IMSI-type SUCI gets the
/// realm "5gc.mnc<MNC>.mcc<MCC>.3gppnetwork.org" (TS 23.003 §28.2: a two-digit
/// MNC gets a leading zero, which parse_suci reads back as a two-digit MNC).
std::string to_nai(const suci& s);

/// Parses any of: "suci-0-<mcc>-<mnc>-<ri>-<scheme>-<key id>-<output>",
/// "suci-1-<realm>-<ri>-<scheme>-<key id>-<output>" (TS 29.571 SupiOrSuci), and
/// the NAI forms "type0...@5gc.mnc<MNC>.mcc<MCC>.3gppnetwork.org" and
/// "type1...@<realm>". Never throws; any malformed input is an error.
/// The realm of an IMSI-type NAI always holds three MNC digits and cannot tell a
/// two-digit MNC with its padding zero (TS 23.003 §28.2) from a three-digit MNC
/// that begins with 0; this overload reads "mnc0xy" as the two-digit MNC "xy".
suci_result<suci> parse_suci(std::string_view text);
/// The same, for a home network that knows its MNC length: `nai_mnc_length` (2 or
/// 3) says how to read the realm's MNC; 2 requires the padding zero.
suci_result<suci> parse_suci(std::string_view text, unsigned nai_mnc_length);

}  // namespace meridian::security
