#pragma once
// The N2 capture both N2 nodes open from their `pcap_` path.

#include <expected>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "meridian/common/clock.hpp"
#include "meridian/core/node_error.hpp"
#include "meridian/transport/sctp_pcap_mirror.hpp"

namespace meridian::core {

/// The capture file, or nothing when `path` is empty.
inline std::expected<std::shared_ptr<transport::sctp_pcap_mirror>, node_error> open_n2_capture(
    const std::string& path, const clock& clk) {
  if (path.empty()) return nullptr;
  auto m = transport::sctp_pcap_mirror::create(path, clk);
  if (!m)
    return std::unexpected(
        node_error{node_error::kind::capture, fmt::format("cannot create {}: {}", path, m.error().message())});
  return *m;
}

}  // namespace meridian::core
