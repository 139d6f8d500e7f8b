#pragma once
// The traffic generator and the receiver on the far side, and one trial at an
// offered rate. The generator is built to cost less than the forwarder it
// measures: uplink G-PDUs are patched from a template into trains that one
// UDP GSO send carries (UDP_SEGMENT, many trains per sendmmsg); downlink
// datagrams go the same way, a short train per UE. Rate control paces bursts
// (about 100 µs of traffic each) against the clock. The receiver drains GRO
// sockets on a thread of its own and counts what carries the current trial's
// probe, with a latency histogram and, on request, a count per session.
//
// Sockets are created in the topology's namespaces (gnb: uplink sender and
// downlink receiver on N3; dn: downlink sender and uplink receiver on N6).

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "meridian/upf_bench/packets.hpp"
#include "meridian/upf_bench/stats.hpp"
#include "meridian/upf_bench/topology.hpp"

namespace meridian::upf_bench {

enum class direction : std::uint8_t { uplink, downlink, both };
std::string_view to_string(direction d) noexcept;
/// "ul", "dl", and "both" (or to_string's "ul+dl").
std::optional<direction> parse_direction(std::string_view text) noexcept;

struct traffic_config {
  direction direction_ = direction::uplink;
  std::size_t inner_size_ = 64;  ///< the UE's IPv4 packet, both directions
  std::vector<bench_session> sessions_{};
  double trial_seconds_ = 0.3;                 ///< sending time per trial
  double drain_seconds_ = 0.2;                 ///< longest wait for stragglers after sending
  std::size_t downlink_packets_per_flow_ = 8;  ///< consecutive downlink packets to one UE
  std::size_t uplink_packets_per_flow_ = 8;    ///< consecutive uplink packets from one UE
  bool count_per_flow_ = false;                ///< keep a received count per session (for MBR)
  /// A packet that arrives later than this after it was sent counts as lost
  /// (0: no bound). RFC 2544 sets none, but with a 250 ms trial a forwarder
  /// with a deep socket buffer would otherwise pass at rates it cannot sustain.
  std::uint64_t max_latency_ns_ = 10'000'000;
  int receiver_cpu_ = -1;          ///< pin the receiver thread here (-1: no pinning)
  std::uint16_t ue_port_ = 40000;  ///< the UE side's UDP port (inner source uplink, destination downlink)
};

/// CPU time of the forwarder under test, in nanoseconds since some start.
using cpu_clock = std::function<std::uint64_t()>;

/// Sum of on-CPU time of every thread of `pid` (/proc/<pid>/task/*/schedstat), ns.
std::uint64_t process_cpu_ns(int pid);
/// On-CPU time of thread `tid` of this process (/proc/self/task/<tid>/schedstat), ns.
std::uint64_t thread_cpu_ns(int tid);

/// Pins the calling thread to `cpu` (no-op for -1); false when refused.
bool pin_current_thread(int cpu) noexcept;

class traffic_engine {
 public:
  static std::expected<std::unique_ptr<traffic_engine>, std::string> create(const topology& topo, traffic_config cfg);
  ~traffic_engine();
  traffic_engine(const traffic_engine&) = delete;
  traffic_engine& operator=(const traffic_engine&) = delete;

  /// Sends for trial_seconds_ at `rate_pps` packets per second in total
  /// (split evenly between directions for `both`; rate_search::unpaced for as
  /// fast as the generator goes) from the calling thread, waits for the
  /// stragglers and reports. `forwarder_cpu`, when set, is read before and after.
  trial_result run_trial(double rate_pps, const cpu_clock& forwarder_cpu = {});

  /// Packets received per session in the last trial (empty unless count_per_flow_).
  std::vector<std::uint64_t> received_per_flow() const;
  /// The uplink packet writer's header size (what a relay strips).
  std::size_t uplink_outer_overhead() const noexcept;

  struct state;

 private:
  explicit traffic_engine(std::unique_ptr<state> s);
  std::unique_ptr<state> state_;
};

}  // namespace meridian::upf_bench
