#pragma once
// What the UE's 5GMM procedures share (lib/ue/*.cpp).

#include <memory>
#include <vector>

#include "meridian/common/log.hpp"
#include "meridian/model/tai.hpp"
#include "meridian/nas/ies.hpp"

namespace meridian::ue::detail {

/// The "ue.nas" logger. Per-UE lines are at debug level: 100,000 UEs.
const std::shared_ptr<spdlog::logger>& logger();

/// TS 24.501 §9.11.3.9: every TAI a 5GS tracking area identity list names.
std::vector<model::tai> tais_of(const nas::tai_list& list);

}  // namespace meridian::ue::detail
