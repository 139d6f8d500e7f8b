#pragma once
// Parsing of the values people type on the command line (hex keys, numbers),
// with one-line errors that name the option. Shared by the tool subcommands.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace meridian::app {

/// Hex text of exactly `octets` octets (any count when octets == 0); throws
/// usage_error naming `option` otherwise.
std::vector<std::uint8_t> hex_argument(std::string_view option, std::string_view text, std::size_t octets = 0);

/// An unsigned number (decimal, or hex with 0x) in [0, max]; throws usage_error.
std::uint64_t number_argument(std::string_view option, std::string_view text, std::uint64_t max);

/// Lowercase hex of `bytes`, for JSON output.
std::string hex(std::span<const std::uint8_t> bytes);

}  // namespace meridian::app
