// S-NSSAI text form.

#include "meridian/model/s_nssai.hpp"

#include <fmt/format.h>

#include "text.hpp"

namespace meridian::model {

std::string s_nssai::to_string() const {
  return sd_ ? fmt::format("{}/{:06x}", sst_, sd_->value()) : fmt::format("{}", sst_);
}

std::optional<s_nssai> s_nssai::parse(std::string_view text) noexcept {
  const auto sep = text.find_first_of("/-");
  auto sst = detail::parse_decimal(text.substr(0, sep), 255);
  if (!sst) return std::nullopt;
  s_nssai s{static_cast<std::uint8_t>(*sst), std::nullopt};
  if (sep == std::string_view::npos) return s;
  auto sd = detail::parse_hex(text.substr(sep + 1), 6);
  if (!sd) return std::nullopt;
  s.sd_ = slice_differentiator::from(*sd);
  return s;
}

}  // namespace meridian::model
