#pragma once
// Joins the G-PDUs one flush sends on N3 into UDP GSO trains: consecutive
// datagrams to the same peer with the same size (the last of a run may be
// shorter) are copied back to back and sent with one segment size, so the
// kernel builds one skb for the run and cuts it up only at the device
// (udp_batch_socket sends them as separate datagrams where GSO is missing).
// A downlink GSO super-packet read from the TUN becomes such a run: its
// segments belong to one flow, hence one tunnel, and are all gso_size long.
//
// Runs follow the kernel's limits for UDP_SEGMENT: at most 64 segments
// (UDP_MAX_SEGMENTS on older kernels), 65,507 octets (the largest UDP/IPv4
// payload), and a segment that fits the path without fragmentation, which a
// GSO send refuses where a single send would fragment.
//
// Not thread-safe: one per data-path worker.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "meridian/transport/udp_batch_socket.hpp"

namespace meridian::upf {

class n3_train_builder {
 public:
  static constexpr std::size_t max_segments = 64;
  static constexpr std::size_t max_train_octets = 65507;

  /// `buffer_octets`: room for the joined runs of one flush; `max_segment`:
  /// the largest datagram that may go in a train (path MTU − IPv4 − UDP).
  n3_train_builder(std::size_t buffer_octets, std::size_t max_segment);

  /// The datagrams to send: `in` with its runs joined. Refers to `in`'s bytes
  /// and to this builder's buffer, both valid until the next build().
  std::span<const transport::outgoing_datagram> build(std::span<const transport::outgoing_datagram> in) noexcept;

  /// Trains made by the last build().
  std::size_t trains() const noexcept { return trains_; }

 private:
  std::vector<std::uint8_t> buffer_;
  std::vector<transport::outgoing_datagram> out_;
  std::size_t max_segment_;
  std::size_t trains_ = 0;
};

}  // namespace meridian::upf
