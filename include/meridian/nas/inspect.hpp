#pragma once
// One NAS-5GS PDU as a person chasing a "MAC failure" wants to see it (what
// `meridian decode nas` prints): decoded and, given the keys, its NAS-MAC
// verified and its payload deciphered (TS 24.501 §4.4.3, TS 33.501 §6.4.3), as
// JSON or as an indented "name: value" tree.

#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "meridian/nas/security.hpp"

namespace meridian::nas {

/// A PDU that decoded (and, with keys, whose payload deciphered and decoded).
struct inspection {
  /// The PDU as JSON (nas::to_json with the deciphered message); with keys,
  /// "security": {"mac_valid", "count", "direction": "ul" | "dl"} at the end.
  std::string json_;
  /// With keys: whether NAS-MAC verified, and the NAS COUNT it was checked with
  /// (the given COUNT with the message's sequence number as its low 8 bits).
  std::optional<bool> mac_valid_;
  std::uint32_t count_ = 0;
};

enum class inspect_errc : std::uint8_t {
  undecodable,    ///< the PDU, or the payload the keys deciphered, does not decode
  not_protected,  ///< keys were given for a plain message
};

struct inspect_error {
  inspect_errc code_ = inspect_errc::undecodable;
  std::string message_;  ///< names what failed and its byte offset
};

/// Decodes `pdu`; with `keys`, verifies and deciphers a protected one. A
/// protected PDU without keys shows its payload only when it is readable
/// (integrity protected only, or null ciphering); an integrity-protected
/// payload that does not decode is an error. A wrong NAS-MAC is no error: the
/// inspection says so (mac_valid_ false) as long as the payload decodes.
/// `indent` as nlohmann::json::dump (< 0: one line).
std::expected<inspection, inspect_error> inspect(std::span<const std::uint8_t> pdu,
                                                 const std::optional<nas_protection_params>& keys, int indent = -1);

/// JSON text as an indented tree for people: "name: value" per line, two
/// spaces per level, array elements as "- value" (or "- [i]" above a
/// structured one). Text that is not JSON comes back as it is.
std::string json_tree(std::string_view json_text);

}  // namespace meridian::nas
