#pragma once
// What the gNB's N2 procedures share (lib/gnb/gnb_n2.cpp and
// lib/gnb/procedures/*.cpp): the logger, the rate-limited warning kinds, and
// the definition of gnb_n2::warn.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "meridian/common/log.hpp"
#include "meridian/gnb/gnb_n2.hpp"

namespace meridian::gnb::detail {

const std::shared_ptr<spdlog::logger>& logger();

/// "1.5 s"
std::string seconds(std::chrono::milliseconds d);

/// The warnings rate-limited per link (issue 13); every event is still counted.
enum class warning : std::uint32_t {
  undecodable,
  unknown_procedure,
  wrong_state,
  error_indication_received,
  invalid_name,
};
std::string_view to_string(warning w) noexcept;
constexpr std::uint32_t kind(warning w) noexcept { return static_cast<std::uint32_t>(w); }

/// One link has one peer: the rate limiter's peer key is constant.
inline constexpr std::uint64_t the_amf = 0;

}  // namespace meridian::gnb::detail

namespace meridian::gnb {

template <class... Args>
void gnb_n2::warn(std::uint32_t k, fmt::format_string<Args...> f, Args&&... args) {
  const auto d = log_limiter_.on_event(detail::the_amf, k, timers_.now());
  if (d.suppressed_before != 0) log_summary(k, d.suppressed_before);
  if (d.log) detail::logger()->warn(f, std::forward<Args>(args)...);
}

}  // namespace meridian::gnb
