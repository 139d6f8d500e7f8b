#pragma once
// Hex text <-> bytes, for tools, logs and test vectors.

#include <cstdint>
#include <expected>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace meridian {

/// Lowercase hex, two digits per octet, no separators.
std::string to_hex(std::span<const std::uint8_t> bytes);

struct hex_error {
  std::size_t position;  ///< index of the offending character in the input
  std::string reason;
  std::string message() const;
};

/// Parses hex digits (either case). Whitespace and ':' between octets are
/// ignored so that text copied from Wireshark works; an optional "0x" prefix is
/// accepted. An odd number of digits or any other character is an error.
std::expected<std::vector<std::uint8_t>, hex_error> from_hex(std::string_view text);

}  // namespace meridian
