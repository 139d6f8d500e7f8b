// What the AMF's 5GMM procedures share.

#include "mm_support.hpp"

#include <array>

namespace meridian::amf::mm_detail {

const std::shared_ptr<spdlog::logger>& logger() {
  static const auto l = log::get("amf.nas");
  return l;
}

nas::gprs_timer_3 gprs_timer_3_for(std::chrono::seconds d) {
  // TS 24.008 Table 10.5.163a: the unit codes, finest first, and their seconds.
  struct unit {
    std::uint8_t code;
    std::int64_t seconds;
  };
  static constexpr std::array<unit, 7> units{{{3, 2}, {4, 30}, {5, 60}, {0, 600}, {1, 3600}, {2, 36000}, {6, 1152000}}};
  const std::int64_t s = d.count();
  if (s <= 0) return nas::gprs_timer_3{7, 0};  // deactivated
  for (const auto& u : units)
    if (s % u.seconds == 0 && s / u.seconds <= 31)
      return nas::gprs_timer_3{u.code, static_cast<std::uint8_t>(s / u.seconds)};
  for (const auto& u : units)
    if ((s + u.seconds - 1) / u.seconds <= 31)
      return nas::gprs_timer_3{u.code, static_cast<std::uint8_t>((s + u.seconds - 1) / u.seconds)};
  return nas::gprs_timer_3{6, 31};
}

}  // namespace meridian::amf::mm_detail
