#pragma once
// The subscription concealed identifier, as a value. Concealing and
// de-concealing it (ECIES) is the security module's work.

#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "meridian/model/plmn.hpp"
#include "meridian/model/supi.hpp"

namespace meridian::model {

/// TS 33.501 Annex C.1: protection scheme identifier, 4 bits (3..11 reserved,
/// 12..15 HPLMN proprietary: those are values outside the named ones).
enum class protection_scheme : std::uint8_t { null = 0, profile_a = 1, profile_b = 2 };

/// Why suci::parse_with_reason refused a string.
struct suci_parse_error {
  enum class kind : std::uint8_t {
    format,     ///< not the string form: a field missing, of the wrong syntax
    parameter,  ///< a field of the right form but out of range (routing indicator, key id, SUPI type 2..7)
  };
  kind kind_ = kind::format;
  std::string detail_;  ///< names the offending field: "routing indicator must be 1 to 4 digits"
};

/// TS 23.003 §2.2B: SUCI = SUPI type + home network identifier + routing
/// indicator + protection scheme id + home network public key id + scheme output.
struct suci {
  supi::type supi_type_ = supi::type::imsi;
  plmn home_plmn_;     ///< the home network identifier of an IMSI-type SUCI
  std::string realm_;  ///< the home network identifier of an NAI-type SUCI
  std::string routing_indicator_ = "0";   ///< 1 to 4 decimal digits
  protection_scheme protection_scheme_ = protection_scheme::null;  ///< 4 bits
  std::uint8_t home_network_public_key_id_ = 0;  ///< 0 if and only if the null scheme is used
  /// Null scheme: the MSIN in BCD (TS 24.501 Figure 9.11.3.4.3a) or the NAI
  /// username; ECIES: ephemeral public key || ciphertext || MAC tag.
  std::vector<std::uint8_t> scheme_output_;

  /// TS 29.503 §6.1.3.2 / TS 29.571 SupiOrSuci string form:
  /// "suci-0-<mcc>-<mnc>-<ri>-<scheme (hex digit)>-<key id>-<output>" for IMSI,
  /// "suci-1-<realm>-<ri>-..." for NAI; the output is the MSIN digits or the
  /// username for the null scheme, lowercase hex otherwise.
  std::string to_string() const;
  /// Parses that form. Checks each field's syntax and range (and that the null
  /// scheme has key id 0); whether a scheme output can be de-concealed is the
  /// security module's question (security::parse_suci, which also reads the
  /// NAI form, builds on this one parser).
  static std::optional<suci> parse(std::string_view text);
  /// The same, saying why a string is refused.
  static std::expected<suci, suci_parse_error> parse_with_reason(std::string_view text);

  /// The MSIN digits of an IMSI-type null-scheme SUCI, else nothing.
  std::optional<std::string> msin() const;

  bool operator==(const suci&) const = default;
};

/// TS 24.501 Figure 9.11.3.4.3a: decimal digits as BCD, two per octet, the
/// first in bits 1-4, an odd count filled with F in bits 5-8 of the last octet.
std::vector<std::uint8_t> digits_to_bcd(std::string_view digits);
/// The inverse of digits_to_bcd: nothing for an empty input, a nibble above 9,
/// or an F anywhere but the high half of the last octet.
std::optional<std::string> bcd_to_digits(std::span<const std::uint8_t> bcd);
/// BCD as text whatever it holds, for string forms that cannot fail: valid
/// digits as themselves, anything else with hex nibbles (which no parser takes).
std::string bcd_to_text(std::span<const std::uint8_t> bcd);

}  // namespace meridian::model
