#pragma once
// Writes what the pipeline hands to N6 (a packet, or a GSO super-packet from
// gso_coalescer) to the TUN. A super-packet the kernel refuses — a kernel
// without UDP segmentation in TUN, or a limit this UPF does not know — is
// written again as the packets it joined, so a refusal costs speed, never
// packets.

#include <cstdint>
#include <vector>

#include "meridian/transport/tun_device.hpp"
#include "meridian/upf/gso_coalescer.hpp"

namespace meridian::upf {

struct n6_write_outcome {
  std::uint64_t dropped_ = 0;  ///< packets lost (queue full, or refused even one by one)
  bool refused_ = false;       ///< the super-packet was refused and written as its segments
};

/// Packets `p` carries: 1, or its segments for a super-packet.
std::uint64_t packets_in(const n6_packet& p) noexcept;

/// Writes `p`; `scratch` holds the segments of a refused super-packet (grown
/// once, on the first refusal).
n6_write_outcome write_n6_packet(transport::tun_device& tun, const n6_packet& p,
                                 std::vector<std::uint8_t>& scratch) noexcept;

}  // namespace meridian::upf
