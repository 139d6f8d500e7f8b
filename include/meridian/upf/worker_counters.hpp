#pragma once
// The counters of one data-path worker. Each is written only by the worker
// that owns it (a relaxed load and store: no locked instruction, and the
// block is cache-line aligned so no two workers write the same line); any
// thread may read them for statistics. The list of counters is declared once,
// here, and drives both the storage and the names printed.

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace meridian::upf {

enum class worker_counter : std::uint8_t {
  n3_datagrams,      ///< GTP-U datagrams received on N3 (GRO segments counted one by one)
  uplink_packets,    ///< T-PDUs forwarded towards N6 (or onward by outer header creation)
  uplink_octets,     ///< their inner IP octets
  n6_packets,        ///< IP packets read from the TUN (after GSO segmentation)
  downlink_packets,  ///< G-PDUs sent on N3
  downlink_octets,   ///< their inner IP octets
  malformed_gtpu,    ///< GTP-U that failed to decode: dropped
  gtpu_trailing_octets,  ///< GTP-U datagrams with octets after the Length's end: handled by the Length, not dropped
  unsupported_gtpu,  ///< comprehension-required extension header we do not know, or a message we do not act on
  echo_requests,     ///< Echo Requests answered (TS 29.281 §7.2.1)
  error_indications_received,    ///< from a peer: the far end of a tunnel has no context
  error_indications_reported,    ///< of those, passed to N4 for an Error Indication Report
  error_indications_unreported,  ///< not passed on: an IPv6 peer address, or over the rate limit
  unknown_teid,                  ///< G-PDUs for a tunnel no session owns
  error_indications_sent,        ///< TS 29.281 §7.3.1
  error_indications_suppressed,  ///< not sent: over the rate limit
  malformed_inner,               ///< T-PDU or N6 packet that is not a well-formed IPv4 packet
  unknown_ue_address,            ///< N6 packet for an address no session owns
  no_matching_pdr,
  dropped_far,  ///< FAR action DROP
  dropped_gate_closed,
  dropped_mbr,
  buffered,
  dropped_buffer_full,
  dropped_no_tunnel,  ///< FAR forwards towards access without Outer Header Creation
  drained,            ///< buffered packets released by a modification
  end_markers_sent,
  usage_reports,             ///< threshold reports raised
  handed_over,               ///< packets passed to the worker that owns them
  handover_dropped,          ///< the owner's ring was full
  n3_send_dropped,           ///< refused by the N3 socket
  n6_write_dropped,          ///< refused by the TUN (queue full or error)
  n6_super_packets,          ///< GSO super-packets written to the TUN (each joined several uplink packets)
  n6_super_packets_refused,  ///< refused by the TUN: written again as their packets, one by one
  n3_trains,                 ///< UDP GSO trains sent on N3 (each carried several G-PDUs)
  ipv6_on_n6,                ///< IPv6 read from the TUN (e.g. the kernel's router solicitations): not forwarded
  count_
};

inline constexpr std::size_t worker_counter_count = static_cast<std::size_t>(worker_counter::count_);

std::string_view to_string(worker_counter c) noexcept;

using worker_counter_values = std::array<std::uint64_t, worker_counter_count>;

class alignas(64) worker_counters {
 public:
  /// Only the owning worker calls this.
  void add(worker_counter c, std::uint64_t n = 1) noexcept {
    auto& v = values_[static_cast<std::size_t>(c)];
    v.store(v.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
  }
  std::uint64_t get(worker_counter c) const noexcept {
    return values_[static_cast<std::size_t>(c)].load(std::memory_order_relaxed);
  }
  worker_counter_values snapshot() const noexcept {
    worker_counter_values out{};
    for (std::size_t i = 0; i < worker_counter_count; ++i) out[i] = values_[i].load(std::memory_order_relaxed);
    return out;
  }

 private:
  std::array<std::atomic<std::uint64_t>, worker_counter_count> values_{};
};

}  // namespace meridian::upf
