// PLMN identity: text form and the TS 24.008 BCD octets.

#include "meridian/model/plmn.hpp"

#include <string>

namespace meridian::model {

std::optional<plmn> plmn::parse(std::string_view text) noexcept {
  if (const auto slash = text.find('/'); slash != std::string_view::npos)
    return from_digits(text.substr(0, slash), text.substr(slash + 1));
  if (text.size() < 5) return std::nullopt;
  return from_digits(text.substr(0, 3), text.substr(3));
}

std::array<std::uint8_t, 3> plmn::to_bcd() const noexcept {
  auto d = [this](std::size_t i) { return static_cast<std::uint8_t>(digits_[i] - '0'); };
  // MCC digit 2 | MCC digit 1, MNC digit 3 (or F) | MCC digit 3, MNC digit 2 | MNC digit 1.
  const std::uint8_t mnc3 = mnc_length_ == 3 ? d(5) : 0x0F;
  return {static_cast<std::uint8_t>(d(1) << 4 | d(0)), static_cast<std::uint8_t>(mnc3 << 4 | d(2)),
          static_cast<std::uint8_t>(d(4) << 4 | d(3))};
}

std::optional<plmn> plmn::from_bcd(std::span<const std::uint8_t> o) noexcept {
  if (o.size() != 3) return std::nullopt;
  // mcc1 mcc2 mcc3 mnc1 mnc2 mnc3
  const std::uint8_t d[6] = {static_cast<std::uint8_t>(o[0] & 0x0F), static_cast<std::uint8_t>(o[0] >> 4),
                             static_cast<std::uint8_t>(o[1] & 0x0F), static_cast<std::uint8_t>(o[2] & 0x0F),
                             static_cast<std::uint8_t>(o[2] >> 4),   static_cast<std::uint8_t>(o[1] >> 4)};
  for (std::size_t i = 0; i < 5; ++i)
    if (d[i] > 9) return std::nullopt;
  if (d[5] > 9 && d[5] != 0x0F) return std::nullopt;
  plmn p;
  for (std::size_t i = 0; i < 5; ++i) p.digits_[i] = static_cast<char>('0' + d[i]);
  p.digits_[5] = d[5] == 0x0F ? '0' : static_cast<char>('0' + d[5]);
  p.mnc_length_ = d[5] == 0x0F ? 2 : 3;
  return p;
}

std::string plmn::to_string() const {
  std::string s(mcc());
  s += '/';
  s += mnc();
  return s;
}

}  // namespace meridian::model
