#pragma once
// What the AMF's 5GMM procedures share (lib/amf/nas/*.cpp).

#include <chrono>
#include <memory>

#include "meridian/amf/mm.hpp"
#include "meridian/common/log.hpp"
#include "meridian/nas/ies.hpp"

namespace meridian::amf::mm_detail {

/// The "amf.nas" logger.
const std::shared_ptr<spdlog::logger>& logger();

/// TS 24.008 §10.5.7.4a GPRS timer 3 for `d`: the finest unit that can say
/// it, rounded up when none says it exactly; deactivated for zero.
nas::gprs_timer_3 gprs_timer_3_for(std::chrono::seconds d);

}  // namespace meridian::amf::mm_detail
