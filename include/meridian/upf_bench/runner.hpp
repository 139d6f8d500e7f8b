#pragma once
// `meridian bench upf` without the command line: builds the topology, runs
// the ceiling relays and the UPF under test through the same cases, and
// returns the report. Progress goes to a stream, one line per case and per
// trial; `stop()` is polled between trials (SIGINT), after which everything
// built is torn down and the cases done so far are reported.

#include <cstddef>
#include <expected>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "meridian/upf_bench/bench.hpp"
#include "meridian/upf_bench/traffic.hpp"

namespace meridian::upf_bench {

struct bench_options {
  std::vector<forwarder_kind> forwarders_{forwarder_kind::relay_mmsg, forwarder_kind::relay_gro_gso,
                                          forwarder_kind::upf};
  std::vector<direction> directions_{direction::uplink, direction::downlink, direction::both};
  std::vector<std::size_t> sizes_{64, 512, 1400};
  std::vector<std::size_t> sessions_{1, 1000, 100000};
  std::size_t relay_sessions_ = 1000;  ///< the relay does no lookup: one session count is enough
  double trial_seconds_ = 0.25;
  /// Consecutive packets of one UE before the next, both directions: what a
  /// forwarder that joins a flow's packets (GRO, GSO) can join at most.
  std::size_t packets_per_flow_ = 8;
  search_settings search_{};
  bool pin_ = true;  ///< forwarder on CPU 0, generator and receiver on CPU 1 (when there are two)
  /// The UPF under test: `meridian upf` started from this binary, or (external)
  /// one the user starts in the upf namespace.
  std::string meridian_binary_{};
  bool external_upf_ = false;
  std::ostream* instructions_ = nullptr;  ///< where the external UPF's set-up is printed (stdout)
  /// The test SMF sends Source/Destination Interface Type (TS 29.244 §8.2.118);
  /// optional IEs, which false leaves out (docs/bench_upf.md).
  bool interface_types_ = true;
  /// QER MBR case: per-session MBR (bit/s of IP packets); 0 skips it.
  double mbr_bps_ = 0;
  std::size_t mbr_sessions_ = 10;
};

/// Sets quick (CI-size) values: fewer sizes, sessions and directions, short trials.
void make_quick(bench_options& o);

struct machine_info {
  unsigned cpus_ = 0;
  std::string cpu_model_{};
  std::string kernel_{};
  std::string load_average_{};  ///< /proc/loadavg's first three fields when the run started
};
machine_info describe_machine();

struct bench_report {
  machine_info machine_{};
  std::vector<case_result> cases_{};
  std::optional<mbr_result> mbr_{};
  std::vector<std::string> notes_{};   ///< pinning, N4 placement
  std::vector<std::string> errors_{};  ///< what could not be measured and why (the command then exits 1)
  double wall_seconds_ = 0;
  bool interrupted_ = false;
};

std::expected<bench_report, std::string> run_benchmark(const bench_options& options, std::ostream& progress,
                                                       const std::function<bool()>& stop);

/// Machine, notes, the table and the MBR figures, as markdown.
std::string format_report(const bench_report& r);

/// The same figures as JSON (`--json FILE`), for scripts and docs/performance.md:
/// the command line, the machine, notes and errors, every case with both
/// searches' fastest trial (null when none passed) and its ceiling, the MBR
/// figures. `indent` as nlohmann::json::dump.
std::string report_json(const bench_report& r, std::string_view command_line, int indent = 2);

/// True when the run measured everything it was asked to: not interrupted, no
/// error, every case with figures (the command's exit status 0).
bool report_complete(const bench_report& r) noexcept;

}  // namespace meridian::upf_bench
