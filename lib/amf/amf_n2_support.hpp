#pragma once
// What the AMF's N2 procedures share (lib/amf/amf_n2.cpp and
// lib/amf/procedures/*.cpp): the logger, the rate-limited warning kinds, the
// definition of amf_n2::warn, and the configuration as NGAP lists.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "meridian/amf/amf_n2.hpp"
#include "meridian/common/log.hpp"

namespace meridian::amf::detail {

const std::shared_ptr<spdlog::logger>& logger();

/// The kinds of warning that are rate-limited per association (issue 13: one
/// misbehaving gNB must not fill the disk); every event is still counted.
enum class warning : std::uint32_t {
  undecodable,
  unknown_procedure,
  wrong_state,
  error_indication_received,
  setup_refused,
  configuration_update_refused,
  duplicate_gnb_id,
  configuration_update_failed,
  unknown_ue_ngap_id,
  ue_context_replaced,
};
std::string_view to_string(warning w) noexcept;
constexpr std::uint32_t kind(warning w) noexcept { return static_cast<std::uint32_t>(w); }

/// The key under which a Global gNB ID is unique (PLMN, id and its length).
std::string gnb_key(const model::global_gnb_id& id);

/// TS 38.413 §9.3.3.x lists built from the configuration.
ngap::plmn_support_list plmn_support_list(const amf_config& cfg);
ngap::served_guami_list served_guami_list(const amf_config& cfg);

/// The key of a UE-associated procedure in gnb_context::ue_answers.
constexpr std::uint64_t ue_procedure_key(ngap::procedure_code p, model::amf_ue_ngap_id ue) noexcept {
  return (static_cast<std::uint64_t>(p) << 40) | ue.value();
}

/// "1.5 s"
std::string seconds(std::chrono::milliseconds d);

}  // namespace meridian::amf::detail

namespace meridian::amf {

template <class... Args>
void amf_n2::warn(const gnb_context& g, std::uint32_t k, fmt::format_string<Args...> f, Args&&... args) {
  const auto d = log_limiter_.on_event(g.association.value(), k, timers_.now());
  if (d.suppressed_before != 0) log_summary(g.association.value(), k, d.suppressed_before);
  if (d.log) detail::logger()->warn(f, std::forward<Args>(args)...);
}

}  // namespace meridian::amf
