#include <algorithm>
#include <cctype>

#include "meridian/common/strong_id.hpp"

namespace meridian {

std::optional<supi> supi::parse(std::string_view text) {
  if (text.starts_with("imsi-")) {
    auto digits = text.substr(5);
    if (digits.size() < 5 || digits.size() > 15) return std::nullopt;
    if (!std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isdigit(c) != 0; }))
      return std::nullopt;
    return supi(type::imsi, std::string(digits));
  }
  if (text.starts_with("nai-")) {
    auto nai = text.substr(4);
    if (nai.size() > 253) return std::nullopt;  // RFC 7542 §2.2: an NAI is at most 253 octets
    // RFC 7542: username@realm; both parts non-empty, no whitespace.
    const auto at = nai.find('@');
    if (at == std::string_view::npos || at == 0 || at + 1 == nai.size()) return std::nullopt;
    if (std::any_of(nai.begin(), nai.end(), [](unsigned char c) { return std::isspace(c) != 0 || c < 0x20; }))
      return std::nullopt;
    return supi(type::nai, std::string(nai));
  }
  return std::nullopt;
}

std::string supi::to_string() const { return (type_ == type::imsi ? "imsi-" : "nai-") + value_; }

}  // namespace meridian
