// SUPI text form (TS 29.571 Supi).

#include "meridian/model/supi.hpp"

#include <algorithm>
#include <cctype>

#include "text.hpp"

namespace meridian::model {

std::optional<supi> supi::parse(std::string_view text) {
  if (text.starts_with("imsi-")) {
    auto digits = text.substr(5);
    // TS 23.003 §2.2: an IMSI is MCC (3) + MNC (2..3) + MSIN, at most 15 digits.
    if (digits.size() < 5 || digits.size() > 15 || !detail::all_digits(digits)) return std::nullopt;
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

}  // namespace meridian::model
