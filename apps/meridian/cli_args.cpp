#include "cli_args.hpp"

#include <charconv>

#include <fmt/format.h>

#include "command.hpp"
#include "meridian/common/hex.hpp"

namespace meridian::app {

std::vector<std::uint8_t> hex_argument(std::string_view option, std::string_view text, std::size_t octets) {
  auto bytes = from_hex(text);
  if (!bytes) throw usage_error(fmt::format("{}: not hex: {}", option, bytes.error().message()));
  if (octets != 0 && bytes->size() != octets)
    throw usage_error(fmt::format("{}: expected {} octets ({} hex digits), got {}", option, octets, 2 * octets,
                                  bytes->size()));
  return *bytes;
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

}  // namespace meridian::app
