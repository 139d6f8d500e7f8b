// TAI and NCGI text forms: the PLMN, then the code in fixed-width hex.

#include "meridian/model/tai.hpp"

#include <fmt/format.h>

#include "meridian/model/ncgi.hpp"
#include "text.hpp"

namespace meridian::model {

std::string tai::to_string() const { return fmt::format("{}/{:06x}", plmn_.to_string(), tac_.value()); }

std::optional<tai> tai::parse(std::string_view text) noexcept {
  auto parts = detail::split_last(text);
  if (!parts) return std::nullopt;
  auto p = plmn::parse(parts->head);
  auto t = detail::parse_hex(parts->tail, 6);
  if (!p || !t) return std::nullopt;
  return tai{*p, *tac::from(*t)};
}

std::string ncgi::to_string() const { return fmt::format("{}/{:09x}", plmn_.to_string(), nci_.value()); }

std::optional<ncgi> ncgi::parse(std::string_view text) noexcept {
  auto parts = detail::split_last(text);
  if (!parts) return std::nullopt;
  auto p = plmn::parse(parts->head);
  auto n = detail::parse_hex(parts->tail, 9);
  if (!p || !n) return std::nullopt;
  return ncgi{*p, *nr_cell_identity::from(*n)};
}

}  // namespace meridian::model
