#pragma once
// TS 29.571 §5.2.2 BitRate: "<number>[.<fraction>] <unit>" with unit one of
// bps, Kbps, Mbps, Gbps, Tbps (decimal multiples), as the SBI carries
// AMBRs and MBRs; NGAP and PFCP carry the same rates as integers (bit/s,
// kbit/s), so every NF that sits between them converts.

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

namespace meridian::sbi {

/// The rate in bit/s, or nothing when `text` does not follow the pattern
/// "^\d+(\.\d+)? (bps|Kbps|Mbps|Gbps|Tbps)$" or overflows 64 bits.
inline std::optional<std::uint64_t> parse_bit_rate(std::string_view text) noexcept {
  const auto space = text.find(' ');
  if (space == std::string_view::npos || space == 0) return std::nullopt;
  const std::string_view number = text.substr(0, space);
  const std::string_view unit = text.substr(space + 1);
  std::uint64_t multiplier = 0;
  if (unit == "bps")
    multiplier = 1;
  else if (unit == "Kbps")
    multiplier = 1'000;
  else if (unit == "Mbps")
    multiplier = 1'000'000;
  else if (unit == "Gbps")
    multiplier = 1'000'000'000;
  else if (unit == "Tbps")
    multiplier = 1'000'000'000'000;
  else
    return std::nullopt;
  const auto dot = number.find('.');
  const std::string_view whole = number.substr(0, dot);
  const std::string_view fraction = dot == std::string_view::npos ? std::string_view{} : number.substr(dot + 1);
  if (dot != std::string_view::npos && fraction.empty()) return std::nullopt;
  std::uint64_t w = 0;
  const auto [wend, werr] = std::from_chars(whole.data(), whole.data() + whole.size(), w);
  if (werr != std::errc{} || wend != whole.data() + whole.size()) return std::nullopt;
  if (w > UINT64_MAX / multiplier) return std::nullopt;
  std::uint64_t rate = w * multiplier;
  // The fraction's digits below 1 bit/s are dropped.
  std::uint64_t scale = multiplier;
  for (const char c : fraction) {
    if (c < '0' || c > '9') return std::nullopt;
    scale /= 10;
    rate += static_cast<std::uint64_t>(c - '0') * scale;
  }
  return rate;
}

/// `bits_per_second` as a TS 29.571 BitRate, in the largest unit that says it exactly.
inline std::string format_bit_rate(std::uint64_t bits_per_second) {
  static constexpr std::pair<std::uint64_t, std::string_view> units[] = {
      {1'000'000'000'000, "Tbps"}, {1'000'000'000, "Gbps"}, {1'000'000, "Mbps"}, {1'000, "Kbps"}};
  for (const auto& [m, name] : units)
    if (bits_per_second != 0 && bits_per_second % m == 0) return fmt::format("{} {}", bits_per_second / m, name);
  return fmt::format("{} bps", bits_per_second);
}

}  // namespace meridian::sbi
