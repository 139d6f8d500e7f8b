#pragma once
// Values people type (on a command line, in a tool's form): hex octets,
// numbers, non-empty text. Each parser names the input in its one-line error
// ("--sqn: expected 6 octets (12 hex digits), got 1"), so every tool reports
// a bad value the same way.

#include <cstddef>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace meridian {

/// Hex text of exactly `octets` octets (any count when octets == 0). A value
/// of the wrong length is wiped before the error returns: it may be a mistyped key.
std::expected<std::vector<std::uint8_t>, std::string> parse_hex_argument(std::string_view name, std::string_view text,
                                                                         std::size_t octets = 0);

/// An unsigned number, decimal or hex with 0x, in [0, max].
std::expected<std::uint64_t, std::string> parse_number_argument(std::string_view name, std::string_view text,
                                                                std::uint64_t max);

/// Text of 1..max_octets octets (a serving network name, a SUPI value). The
/// TS 33.220 KDF codes each parameter's length in two octets, hence the default.
std::expected<std::string, std::string> parse_text_argument(std::string_view name, std::string_view text,
                                                            std::size_t max_octets = 65535);

}  // namespace meridian
