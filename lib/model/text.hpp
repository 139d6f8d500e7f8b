#pragma once
// Small parsers shared by the identities' text forms. Private to lib/model.

#include <cstdint>
#include <optional>
#include <string_view>

namespace meridian::model::detail {

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

constexpr bool all_digits(std::string_view s) noexcept {
  for (char c : s)
    if (!is_digit(c)) return false;
  return true;
}

constexpr std::optional<unsigned> hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return static_cast<unsigned>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<unsigned>(c - 'a' + 10);
  if (c >= 'A' && c <= 'F') return static_cast<unsigned>(c - 'A' + 10);
  return std::nullopt;
}

/// Exactly `width` hex digits (either case), as a number.
constexpr std::optional<std::uint64_t> parse_hex(std::string_view s, std::size_t width) noexcept {
  if (s.size() != width || width == 0 || width > 16) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    auto d = hex_value(c);
    if (!d) return std::nullopt;
    v = v << 4 | *d;
  }
  return v;
}

/// A decimal number of 1..`max_digits` digits without leading zeros ("0" itself is fine), at most `max`.
constexpr std::optional<std::uint64_t> parse_decimal(std::string_view s, std::uint64_t max,
                                                     std::size_t max_digits = 3) noexcept {
  if (s.empty() || s.size() > max_digits || !all_digits(s) || (s.size() > 1 && s[0] == '0')) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) v = v * 10 + static_cast<std::uint64_t>(c - '0');
  if (v > max) return std::nullopt;
  return v;
}

/// Splits "<head>/<tail>" at the last '/': the PLMN part of "001/01/000001" and the rest.
struct split {
  std::string_view head, tail;
};
constexpr std::optional<split> split_last(std::string_view s, char sep = '/') noexcept {
  const auto p = s.rfind(sep);
  if (p == std::string_view::npos) return std::nullopt;
  return split{s.substr(0, p), s.substr(p + 1)};
}

}  // namespace meridian::model::detail
