#include "meridian/common/hex.hpp"

#include <fmt/format.h>

namespace meridian {

std::string to_hex(std::span<const std::uint8_t> bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (std::uint8_t b : bytes) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 0x0f]);
  }
  return out;
}

std::string hex_error::message() const { return fmt::format("{} at character {}", reason, position); }

namespace {
int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::expected<std::vector<std::uint8_t>, hex_error> from_hex(std::string_view text) {
  std::size_t i = 0;
  if (text.starts_with("0x") || text.starts_with("0X")) i = 2;
  std::vector<std::uint8_t> out;
  out.reserve(text.size() / 2);
  int high = -1;
  std::size_t high_pos = 0;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ':') {
      if (high >= 0) return std::unexpected(hex_error{i, "separator inside an octet"});
      continue;
    }
    const int v = hex_value(c);
    if (v < 0) {
      // Echo printable characters; show anything else as \xNN so a stray
      // control character cannot garble the terminal.
      const auto u = static_cast<unsigned char>(c);
      const std::string shown = (u >= 0x20 && u < 0x7f) ? std::string(1, c) : fmt::format("\\x{:02x}", u);
      return std::unexpected(hex_error{i, fmt::format("'{}' is not a hex digit", shown)});
    }
    if (high < 0) {
      high = v;
      high_pos = i;
    } else {
      out.push_back(static_cast<std::uint8_t>(high << 4 | v));
      high = -1;
    }
  }
  if (high >= 0) return std::unexpected(hex_error{high_pos, "odd number of hex digits"});
  return out;
}

}  // namespace meridian
