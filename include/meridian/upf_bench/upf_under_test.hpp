#pragma once
// The UPF being measured, seen only from outside — over PFCP (N4) as a test
// SMF, and over N3/N6 — so that ours and anyone else's are measured the same
// way. Either `meridian upf` started by the benchmark in the upf namespace
// (pinned to the forwarder's CPU), or an external UPF the user starts there
// after the benchmark printed the addresses and set-up it must use.

#include <cstddef>
#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "meridian/pfcp/messages.hpp"
#include "meridian/upf_bench/bench.hpp"
#include "meridian/upf_bench/packets.hpp"
#include "meridian/upf_bench/topology.hpp"

namespace meridian::upf_bench {

struct bench_options;

/// QoS settings for the sessions installed.
struct session_qos {
  double mbr_bps_ = 0;  ///< uplink and downlink MBR per session (0: no QER)
};

/// The QFI the benchmark's uplink packets carry and its sessions' PDRs match.
inline constexpr std::uint8_t bench_qfi = 9;

/// The Session Establishment Request (TS 29.244 §7.5.2) for one benchmark
/// session: uplink PDR on the N3 F-TEID (CHOOSE when `choose_teid`, else the
/// session's TEID on the upf N3 address) and the UE address, QFI bench_qfi,
/// outer header removal, FAR to the core; downlink PDR on the UE address from
/// the core, FAR to access with GTP-U outer header creation towards the gNB;
/// with an MBR, one QER on both PDRs.
pfcp::session_establishment_request session_establishment(const topology_plan& plan, const bench_session& s,
                                                          seid cp_seid, bool choose_teid, const session_qos& qos);

class upf_under_test {
 public:
  virtual ~upf_under_test() = default;
  /// As printed in the table: "meridian upf" or "external UPF".
  virtual std::string name() const = 0;
  /// Replaces the installed sessions with `count` new ones (PFCP Session
  /// Deletion, then Session Establishment), returning them in the order installed.
  virtual std::expected<std::vector<bench_session>, std::string> install_sessions(std::size_t count, session_qos qos,
                                                                                  std::ostream& progress) = 0;
  /// The UPF's CPU time so far, ns (0 when unknown).
  virtual std::uint64_t cpu_ns() const = 0;
  virtual bool cpu_known() const = 0;
  /// The QER MBR case: sessions with an MBR, offered twice the MBR, delivered per session.
  virtual std::expected<mbr_result, std::string> run_mbr_case(const bench_options& options, int generator_cpu,
                                                              std::ostream& progress) = 0;
};

/// Starts (or, with options.external_upf_, waits for) the UPF and completes
/// PFCP association with it.
std::expected<std::unique_ptr<upf_under_test>, std::string> start_upf_under_test(const topology& topo,
                                                                                 const bench_options& options,
                                                                                 int forwarder_cpu,
                                                                                 std::ostream& progress,
                                                                                 const std::function<bool()>& stop);

}  // namespace meridian::upf_bench
