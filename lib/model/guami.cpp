// AMF Identifier, GUAMI, 5G-GUTI and 5G-S-TMSI text forms.

#include "meridian/model/guami.hpp"

#include <fmt/format.h>

#include "meridian/model/guti.hpp"
#include "text.hpp"

namespace meridian::model {

std::string amf_identifier::to_string() const { return fmt::format("{:06x}", to_uint()); }

std::optional<amf_identifier> amf_identifier::parse(std::string_view text) noexcept {
  auto v = detail::parse_hex(text, 6);
  if (!v) return std::nullopt;
  return from_uint(static_cast<std::uint32_t>(*v));
}

std::string guami::to_string() const { return plmn_.to_string() + "/" + amf_id_.to_string(); }

std::optional<guami> guami::parse(std::string_view text) noexcept {
  auto parts = detail::split_last(text);
  if (!parts) return std::nullopt;
  auto p = plmn::parse(parts->head);
  auto a = amf_identifier::parse(parts->tail);
  if (!p || !a) return std::nullopt;
  return guami{*p, *a};
}

namespace {
constexpr std::string_view guti_prefix = "5g-guti-";
}

std::string guti_5g::to_string() const {
  return fmt::format("{}{}{}{:08x}", guti_prefix, guami_.plmn_.digits(), guami_.amf_id_.to_string(), tmsi_.value());
}

std::optional<guti_5g> guti_5g::parse(std::string_view text) noexcept {
  if (!text.starts_with(guti_prefix)) return std::nullopt;
  text.remove_prefix(guti_prefix.size());
  // MCC (3) + MNC (2 or 3) + AMF Identifier (6 hex) + 5G-TMSI (8 hex).
  if (text.size() != 19 && text.size() != 20) return std::nullopt;
  const std::size_t mnc_len = text.size() - 17;
  auto p = plmn::from_digits(text.substr(0, 3), text.substr(3, mnc_len));
  auto a = amf_identifier::parse(text.substr(3 + mnc_len, 6));
  auto t = detail::parse_hex(text.substr(9 + mnc_len), 8);
  if (!p || !a || !t) return std::nullopt;
  return guti_5g{guami{*p, *a}, *tmsi_5g::from(*t)};
}

std::string s_tmsi_5g::to_string() const { return fmt::format("{:012x}", to_uint()); }

std::optional<s_tmsi_5g> s_tmsi_5g::parse(std::string_view text) noexcept {
  auto v = detail::parse_hex(text, 12);
  if (!v) return std::nullopt;
  return s_tmsi_5g{*amf_set_id::from(*v >> 38 & 0x3FF), *amf_pointer::from(*v >> 32 & 0x3F),
                   *tmsi_5g::from(*v & 0xFFFFFFFFu)};
}

}  // namespace meridian::model
