// Global gNB ID text form.

#include "meridian/model/global_gnb_id.hpp"

#include <fmt/format.h>

#include "text.hpp"

namespace meridian::model {

std::string global_gnb_id::id_string() const { return fmt::format("0x{:06x}", id_); }

std::string global_gnb_id::to_string() const {
  return fmt::format("{}/{:x}/{}", plmn_.to_string(), id_, unsigned{length_bits_});
}

std::optional<global_gnb_id> global_gnb_id::parse(std::string_view text) noexcept {
  auto last = detail::split_last(text);
  if (!last) return std::nullopt;
  auto bits = detail::parse_decimal(last->tail, 32, 2);
  auto mid = detail::split_last(last->head);
  if (!bits || !mid || mid->tail.empty() || mid->tail.size() > 8) return std::nullopt;
  auto id = detail::parse_hex(mid->tail, mid->tail.size());
  auto p = plmn::parse(mid->head);
  if (!id || !p) return std::nullopt;
  return from(*p, static_cast<std::uint32_t>(*id), static_cast<unsigned>(*bits));
}

}  // namespace meridian::model
