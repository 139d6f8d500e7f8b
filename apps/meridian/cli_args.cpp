#include "cli_args.hpp"

#include <charconv>

#include <fmt/format.h>

#include "command.hpp"
#include "meridian/common/hex.hpp"

namespace meridian::app {

std::vector<std::uint8_t> hex_argument(std::string_view option, std::string_view text, std::size_t octets) {
  auto bytes = from_hex(text);
  if (!bytes) throw usage_error(fmt::format("{}: not hex: {}", option, bytes.error().message()));
  if (octets != 0 && bytes->size() != octets) {
    const std::size_t got = bytes->size();
    crypto::secure_wipe(*bytes);  // it may be a mistyped key
    throw usage_error(fmt::format("{}: expected {} octets ({} hex digits), got {}", option, octets, 2 * octets, got));
  }
  return std::move(*bytes);
}

std::uint64_t number_argument(std::string_view option, std::string_view text, std::uint64_t max) {
  std::uint64_t value = 0;
  int base = 10;
  std::string_view digits = text;
  if (digits.starts_with("0x") || digits.starts_with("0X")) {
    base = 16;
    digits.remove_prefix(2);
  }
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size())
    throw usage_error(fmt::format("{}: '{}' is not a number", option, text));
  if (value > max) throw usage_error(fmt::format("{}: {} is out of range [0, {}]", option, text, max));
  return value;
}

std::string hex(std::span<const std::uint8_t> bytes) { return to_hex(bytes); }

std::string text_argument(std::string_view option, std::string_view text, std::size_t max_octets) {
  if (text.empty()) throw usage_error(fmt::format("{}: must not be empty", option));
  if (text.size() > max_octets)
    throw usage_error(fmt::format("{}: {} octets is longer than the {} allowed", option, text.size(), max_octets));
  return std::string(text);
}

}  // namespace meridian::app
