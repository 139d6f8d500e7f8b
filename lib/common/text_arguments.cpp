#include "meridian/common/text_arguments.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "meridian/common/hex.hpp"

namespace meridian {

std::expected<std::vector<std::uint8_t>, std::string> parse_hex_argument(std::string_view name, std::string_view text,
                                                                         std::size_t octets) {
  auto bytes = from_hex(text);
  if (!bytes) return std::unexpected(fmt::format("{}: not hex: {}", name, bytes.error().message()));
  if (octets != 0 && bytes->size() != octets) {
    const std::size_t got = bytes->size();
    // A volatile store the optimiser keeps: common cannot use crypto's secure_wipe.
    for (volatile std::uint8_t& b : *bytes) b = 0;
    return std::unexpected(
        fmt::format("{}: expected {} octets ({} hex digits), got {}", name, octets, 2 * octets, got));
  }
  return std::move(*bytes);
}

std::expected<std::uint64_t, std::string> parse_number_argument(std::string_view name, std::string_view text,
                                                                std::uint64_t max) {
  std::uint64_t value = 0;
  int base = 10;
  std::string_view digits = text;
  if (digits.starts_with("0x") || digits.starts_with("0X")) {
    base = 16;
    digits.remove_prefix(2);
  }
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size())
    return std::unexpected(fmt::format("{}: '{}' is not a number", name, text));
  if (value > max) return std::unexpected(fmt::format("{}: {} is out of range [0, {}]", name, text, max));
  return value;
}

std::expected<std::string, std::string> parse_text_argument(std::string_view name, std::string_view text,
                                                            std::size_t max_octets) {
  if (text.empty()) return std::unexpected(fmt::format("{}: must not be empty", name));
  if (text.size() > max_octets)
    return std::unexpected(fmt::format("{}: {} octets is longer than the {} allowed", name, text.size(), max_octets));
  return std::string(text);
}

}  // namespace meridian
