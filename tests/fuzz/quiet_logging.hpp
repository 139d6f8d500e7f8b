#pragma once
// Fuzz targets that drive whole components (a node, a worker) would log every
// refusal; at millions of inputs that is only noise and time.

#include "meridian/common/log.hpp"

namespace meridian::fuzz {

/// Turns logging off, once per process.
inline void quiet_logging() {
  static const bool quiet = [] {
    log::configure(log::logging_config{log::level::off, {}});
    return true;
  }();
  (void)quiet;
}

}  // namespace meridian::fuzz
