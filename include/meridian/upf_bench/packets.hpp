#pragma once
// The packets the benchmark sends and how receivers read them back. Every
// generated packet carries a probe (our own measurement payload, inside the
// inner UDP datagram) with the trial it belongs to, the session (flow) it was
// sent for, a sequence number and its send time, so the receiver on the far
// side computes loss and latency from what arrives and ignores stragglers of
// earlier trials.
//
// Uplink packets are GTP-U G-PDUs (TS 29.281) with a PDU Session Container
// (TS 38.415 UL PDU SESSION INFORMATION) around an IPv4/UDP packet from the
// UE; they are written by copying a template made once with the gtpu codec and
// patching the per-packet fields, so generating one costs a few dozen octets
// of writes. Downlink packets leave the data network as plain UDP datagrams
// whose payload is the probe, and come back to the gNB side as G-PDUs.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "meridian/common/ip_framing.hpp"
#include "meridian/common/strong_id.hpp"

namespace meridian::upf_bench {

/// Identifies the benchmark's payload (and a packet of someone else as not ours).
inline constexpr std::uint32_t probe_magic = 0x4d524442;  // "MRDB"
inline constexpr std::size_t probe_size = 28;
inline constexpr std::size_t ipv4_header_size = 20;
inline constexpr std::size_t udp_header_size = 8;
/// The smallest inner IPv4 packet that holds a probe.
inline constexpr std::size_t min_inner_size = ipv4_header_size + udp_header_size + probe_size;
/// The largest inner packet that fits an N3 veth with MTU 1500 once wrapped in
/// GTP-U (16), UDP (8) and IPv4 (20).
inline constexpr std::size_t max_inner_size = 1456;

struct probe {
  std::uint32_t trial_ = 0;
  std::uint32_t flow_ = 0;  ///< index of the session the packet was sent for
  std::uint64_t sequence_ = 0;
  std::uint64_t sent_ns_ = 0;  ///< CLOCK_MONOTONIC when sent
  bool operator==(const probe&) const = default;
};

/// Writes the probe at the start of `out` (at least probe_size octets).
void write_probe(std::span<std::uint8_t> out, const probe& p) noexcept;
/// The probe at the start of `payload`; nothing when it is too short or not ours.
std::optional<probe> read_probe(std::span<const std::uint8_t> payload) noexcept;

/// One PDU session as the benchmark uses it.
struct bench_session {
  teid uplink_teid_{};                        ///< the UPF's F-TEID for N3 (the gNB sends to it)
  std::array<std::uint8_t, 4> ue_address_{};  ///< the UE's IPv4 address
  teid downlink_teid_{};                      ///< the gNB's F-TEID (the UPF sends to it)
};

struct uplink_layout {
  std::size_t inner_size_ = 64;    ///< octets of the UE's IPv4 packet, min_inner_size..max_inner_size
  ipv4_endpoint destination_{};    ///< in the data network (the inner packet's destination)
  std::uint16_t ue_port_ = 40000;  ///< the inner UDP source port
  std::uint8_t qfi_ = 9;           ///< in the PDU Session Container
};

/// Writes uplink G-PDUs: octets [0, packet_size()) of each packet.
class uplink_packet_writer {
 public:
  /// Fails (nothing) when the inner size is outside min_inner_size..max_inner_size.
  static std::optional<uplink_packet_writer> create(const uplink_layout& layout);

  std::size_t packet_size() const noexcept { return template_.size(); }
  std::size_t gtpu_header_size() const noexcept { return gtpu_header_size_; }
  /// Offset of the probe in a packet: GTP-U header + IPv4 + UDP.
  std::size_t probe_offset() const noexcept { return gtpu_header_size_ + ipv4_header_size + udp_header_size; }

  /// One complete packet for `s` carrying `p` into `out` (at least packet_size()
  /// octets), with IPv4 Identification `id` and a correct UDP checksum: what a
  /// host's UDP socket sends, so that a UPF may join consecutive packets of a
  /// session as GRO would.
  void write(std::span<std::uint8_t> out, const bench_session& s, const probe& p, std::uint16_t id) const noexcept;

 private:
  std::vector<std::uint8_t> template_{};
  std::size_t gtpu_header_size_ = 0;
  std::uint32_t header_sum_without_source_ = 0;  ///< IPv4 header checksum sum without the source address
  /// UDP checksum sum without the source address and the probe: pseudo-header
  /// destination, protocol and length, the UDP header, the filler after the probe.
  std::uint32_t udp_sum_without_source_and_probe_ = 0;
};

/// Octets of UDP payload a downlink packet carries so that the UE receives an
/// IPv4 packet of `inner_size` octets.
constexpr std::size_t downlink_payload_size(std::size_t inner_size) noexcept {
  return inner_size - ipv4_header_size - udp_header_size;
}

/// Writes an IPv4 header (no options, DF, TTL 64, checksum filled in) and a UDP
/// header with checksum 0 (allowed for IPv4, RFC 768) for `payload_size` octets;
/// uplink_packet_writer then fills in the checksum per packet.
void write_ipv4_udp_headers(std::span<std::uint8_t> out, const ipv4_endpoint& source, const ipv4_endpoint& destination,
                            std::size_t payload_size) noexcept;

/// The probe of a downlink G-PDU as the gNB side receives it; nothing for
/// anything that is not a G-PDU around an IPv4/UDP packet carrying our probe.
std::optional<probe> read_downlink_gpdu(std::span<const std::uint8_t> packet) noexcept;

/// Synthetic sessions for forwarders that do not need PFCP (the ceiling relay):
/// uplink TEIDs 1.., UE addresses counted up from `ue_pool_base`, downlink TEIDs 0x10000000 + i.
std::vector<bench_session> synthetic_sessions(std::size_t count, std::array<std::uint8_t, 4> ue_pool_base);

}  // namespace meridian::upf_bench
