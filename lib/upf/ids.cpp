// Text forms of the UPF's identifiers.

#include "meridian/upf/ids.hpp"

#include <fmt/format.h>

namespace meridian::upf {

std::optional<ipv4_address> parse_ipv4(std::string_view text) noexcept {
  std::uint32_t value = 0;
  std::size_t pos = 0;
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (pos >= text.size() || text[pos] != '.') return std::nullopt;
      ++pos;
    }
    const std::size_t start = pos;
    std::uint32_t octet = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && pos - start < 3) {
      octet = octet * 10 + static_cast<std::uint32_t>(text[pos] - '0');
      ++pos;
    }
    const std::size_t digits = pos - start;
    // "010" would be octal to inet_aton; refuse the ambiguity.
    if (digits == 0 || octet > 255 || (digits > 1 && text[start] == '0')) return std::nullopt;
    value = (value << 8) | octet;
  }
  if (pos != text.size()) return std::nullopt;
  return ipv4_address::from(value);
}

std::string to_string(ipv4_address a) {
  const std::uint32_t v = a.value();
  return fmt::format("{}.{}.{}.{}", v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff);
}

}  // namespace meridian::upf
