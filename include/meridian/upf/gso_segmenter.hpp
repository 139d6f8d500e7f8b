#pragma once
// Turns what a TUN with offloads hands over (transport::tun_device with
// try_offloads_) into packets that can go on the wire: a GSO super-packet — up
// to 64 KiB of one IPv4 TCP or UDP flow with a single header — is cut into
// segments of gso_size payload octets, each with its own IPv4 header (Total
// Length, Identification, header checksum), TCP sequence number and flags or
// UDP length, and a complete transport checksum. A plain packet whose checksum
// the kernel left partial (NEEDS_CSUM) is completed in place.
//
// The segments are written back to back at a fixed stride with `headroom`
// free octets before each, which is the layout one UDP GSO send of GTP-U
// packets needs: the caller writes each GTP-U header into its headroom and
// sends the whole train with one sendmsg (udp_batch_socket, segment_size =
// stride). Nothing is allocated; nothing from the packet is trusted.

#include <cstddef>
#include <cstdint>
#include <span>

#include "meridian/common/result.hpp"
#include "meridian/transport/tun_device.hpp"

namespace meridian::upf {

struct segment_layout {
  std::size_t headroom_ = 0;  ///< free octets before each segment (GTP-U header)
  std::size_t stride_ = 0;    ///< distance between segment starts; 0: headroom + largest segment
};

struct segmentation {
  std::size_t count_ = 0;           ///< segments written
  std::size_t stride_ = 0;          ///< the stride used
  std::size_t segment_length_ = 0;  ///< IP length of each segment but the last
  std::size_t last_length_ = 0;     ///< IP length of the last segment
};

/// Completes a partial transport checksum (virtio NEEDS_CSUM): the field at
/// `start + offset` holds the pseudo-header sum; the result covers `start`..end.
decode_result<void> complete_partial_checksum(std::span<std::uint8_t> packet, std::uint16_t start,
                                              std::uint16_t offset) noexcept;

/// Segments `packet` as `gso` says into `out` (see the file comment). A packet
/// without GSO comes out as one segment (its checksum completed if partial).
/// Errors: unsupported (IPv6, IP options with TSO are fine, other GSO types),
/// invalid_value/invalid_length/truncated for a malformed packet, and
/// invalid_length when `out` is too small.
decode_result<segmentation> segment_gso_packet(std::span<const std::uint8_t> packet, const transport::gso_info& gso,
                                               std::span<std::uint8_t> out, segment_layout layout) noexcept;

}  // namespace meridian::upf
