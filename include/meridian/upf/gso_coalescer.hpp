#pragma once
// The inverse of gso_segmenter, for the uplink: IPv4 packets of one UDP or TCP
// flow that arrive back to back (a GRO train of G-PDUs usually carries
// several) are joined into one GSO super-packet with a virtio_net_hdr, so
// that a TUN opened with IFF_VNET_HDR takes many packets per write(2) and the
// kernel routes one skb instead of many; it is cut up again only where a
// device cannot carry it.
//
// Joining is exact: segmenting the super-packet the way the kernel does gives
// back the very packets that went in, byte for byte. So only packets the
// kernel's own GRO would merge are joined (net/ipv4/udp_offload.c,
// tcp_offload.c): IPv4 without options or fragmentation; the same addresses,
// ports, TOS, TTL and DF; Identification one more than the previous packet's;
// every payload but the last of the same size; a transport checksum that is
// present (UDP) and correct — the kernel recomputes it per segment, so a
// corrupted packet must not be "repaired" by us. TCP further needs the next
// sequence number, the same acknowledgement, window and options, and flags
// ACK only (PSH may end a run). Anything else passes through as it came.
//
// Packets that are not joined are not copied: the output refers to them where
// they are, so they must stay valid until the output is written. Joined packets
// are copied into buffers allocated once. Order within a flow is kept; packets
// of different flows may be reordered with respect to each other, as GRO does.
//
// Not thread-safe: one per data-path worker.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "meridian/transport/tun_device.hpp"

namespace meridian::upf {

/// One write to the TUN: a plain packet (gso_type_ none, checksums complete) or a super-packet.
struct n6_packet {
  std::span<const std::uint8_t> bytes_{};
  transport::gso_info gso_{};
};

/// Which transports may be joined. A TUN takes TCPV4 super-packets on any
/// kernel with IFF_VNET_HDR, but UDP_L4 only from Linux 6.2 (the release that
/// added USO to TUN; older kernels refuse the write with EINVAL), so UDP
/// follows tun_offloads::uso_.
struct coalesce_protocols {
  bool udp_ = true;
  bool tcp_ = true;
};

class gso_coalescer {
 public:
  /// `open_flows`: flows joined at the same time (as many GRO lists);
  /// `buffers`: super-packets assembled before the caller must write them out.
  explicit gso_coalescer(std::size_t open_flows = 8, std::size_t buffers = 16, coalesce_protocols protocols = {});

  /// Takes one IPv4 packet. False when every buffer or output entry is in
  /// use: write out finish(), clear(), and add it again (it was not taken).
  bool add(std::span<const std::uint8_t> packet) noexcept;
  /// Closes the open runs; the result holds everything added since clear().
  std::span<const n6_packet> finish() noexcept;
  /// Forgets the output (call once finish()'s result is written).
  void clear() noexcept;

  /// Packets that went into a super-packet, and super-packets made, since construction.
  std::uint64_t joined_packets() const noexcept { return joined_packets_; }
  std::uint64_t super_packets() const noexcept { return super_packets_; }

  /// The largest super-packet: the IPv4 Total Length limit.
  static constexpr std::size_t max_super_packet = 65535;
  /// Output entries between two clear() calls.
  static constexpr std::size_t output_capacity = 1024;

 private:
  struct flow_key {
    std::uint32_t source_ = 0;
    std::uint32_t destination_ = 0;
    std::uint16_t source_port_ = 0;
    std::uint16_t destination_port_ = 0;
    std::uint8_t protocol_ = 0;
    std::uint8_t tos_ = 0;
    std::uint8_t ttl_ = 0;
    bool dont_fragment_ = false;
    bool operator==(const flow_key&) const = default;
  };

  /// A packet read and checked once, when it arrives.
  struct candidate {
    flow_key key_{};
    std::span<const std::uint8_t> packet_{};
    std::size_t header_length_ = 0;  ///< IPv4 + transport header (with TCP options)
    std::uint16_t id_ = 0;
    std::uint32_t sequence_ = 0;  ///< TCP
    bool push_ = false;           ///< TCP PSH: the run ends after this packet
  };

  /// A run of packets of one flow being joined.
  struct run {
    bool open_ = false;
    flow_key key_{};
    std::span<const std::uint8_t> first_{};  ///< while the run has one packet (not copied yet)
    std::size_t buffer_ = 0;                 ///< buffer index once copied
    std::size_t length_ = 0;                 ///< octets in the buffer
    std::size_t header_length_ = 0;
    std::size_t segments_ = 0;
    std::size_t segment_size_ = 0;  ///< payload of the first packet
    std::uint16_t next_id_ = 0;
    std::uint32_t next_sequence_ = 0;
    bool closed_ = false;  ///< a shorter or PSH segment ended it
    std::uint64_t age_ = 0;
  };

  bool parse(std::span<const std::uint8_t> packet, candidate& c) const noexcept;
  bool joins(const run& r, const candidate& c) const noexcept;
  /// Starts a run with `c` in slot `r`.
  void start(run& r, const candidate& c) noexcept;
  /// Appends `c` to `r`; false when no buffer is free for the run's first copy.
  bool append(run& r, const candidate& c) noexcept;
  /// Moves the run to the output and frees the slot.
  void close(run& r) noexcept;

  coalesce_protocols protocols_;
  std::vector<run> runs_;
  std::vector<std::vector<std::uint8_t>> buffers_;
  std::vector<std::size_t> free_buffers_;
  std::vector<n6_packet> output_;
  std::uint64_t clock_ = 0;
  std::uint64_t joined_packets_ = 0;
  std::uint64_t super_packets_ = 0;
};

}  // namespace meridian::upf
