// PEI: IMEI with its Luhn check digit, IMEISV, and the TS 29.571 text form.

#include "meridian/model/pei.hpp"

#include <algorithm>

#include "text.hpp"

namespace meridian::model {

std::optional<char> pei::luhn_check_digit(std::string_view d) noexcept {
  if (d.size() != 14 || !detail::all_digits(d)) return std::nullopt;
  // TS 23.003 Annex B: double every second digit from the left (the 2nd, 4th,
  // ..., 14th), add the digits of the products and the undoubled digits; the
  // check digit brings the sum to a multiple of ten.
  unsigned sum = 0;
  for (std::size_t i = 0; i < 14; ++i) {
    unsigned v = static_cast<unsigned>(d[i] - '0');
    if (i % 2 == 1) {
      v *= 2;
      v = v / 10 + v % 10;
    }
    sum += v;
  }
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

std::optional<pei> pei::imei(std::string_view digits) noexcept {
  if (digits.size() != 15 || !detail::all_digits(digits)) return std::nullopt;
  if (luhn_check_digit(digits.substr(0, 14)) != digits[14]) return std::nullopt;
  pei p;
  p.type_ = type::imei;
  std::copy(digits.begin(), digits.end(), p.digits_.begin());
  return p;
}

std::optional<pei> pei::imeisv(std::string_view digits) noexcept {
  if (digits.size() != 16 || !detail::all_digits(digits)) return std::nullopt;
  pei p;
  p.type_ = type::imeisv;
  std::copy(digits.begin(), digits.end(), p.digits_.begin());
  return p;
}

std::optional<pei> pei::parse(std::string_view text) noexcept {
  if (text.starts_with("imei-")) return imei(text.substr(5));
  if (text.starts_with("imeisv-")) return imeisv(text.substr(7));
  return std::nullopt;
}

std::string pei::to_string() const { return (type_ == type::imei ? "imei-" : "imeisv-") + std::string(digits()); }

}  // namespace meridian::model
