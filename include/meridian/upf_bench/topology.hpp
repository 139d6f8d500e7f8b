#pragma once
// The benchmark's own network: three network namespaces, gnb | upf | dn,
// joined by veth pairs (N3 between gnb and upf, N6 between upf and dn), with
// addresses from private ranges and a route in dn towards the UE pool via the
// upf namespace. N4 runs over the upf namespace's loopback (the test SMF's
// socket is created inside it), so PFCP never competes with the measured
// traffic. Everything is removed when the topology object goes away; the
// namespaces of runs that were killed (their pid is gone) are removed by the
// next create().
//
// The calling thread can enter a namespace for a while (enter()): sockets
// created there stay in that namespace, so one thread can own sockets in all
// three.

#include <array>
#include <cstdint>
#include <expected>
#include <string>
#include <vector>

#include "meridian/common/ip_framing.hpp"

namespace meridian::upf_bench {

enum class bench_node : std::uint8_t { gnb, upf, dn };

/// The addresses the benchmark uses (and prints for an external UPF).
struct topology_plan {
  std::array<std::uint8_t, 4> gnb_n3_{10, 150, 3, 1};
  std::array<std::uint8_t, 4> upf_n3_{10, 150, 3, 2};
  std::array<std::uint8_t, 4> upf_n6_{10, 150, 6, 1};
  std::array<std::uint8_t, 4> dn_n6_{10, 150, 6, 2};
  std::uint8_t n3_n6_prefix_ = 24;
  std::array<std::uint8_t, 4> ue_pool_{10, 160, 0, 0};  ///< 10.160.0.0/12: room for 1M sessions
  std::uint8_t ue_pool_prefix_ = 12;
  std::array<std::uint8_t, 4> upf_n4_{127, 0, 0, 1};  ///< on lo in the upf namespace
  std::array<std::uint8_t, 4> smf_n4_{127, 0, 0, 2};  ///< on lo in the upf namespace
  std::uint16_t dn_port_ = 9000;                      ///< the data network's UDP port (uplink receiver)
  std::string n3_interface_ = "n3";                   ///< the veth's name on both ends
  std::string n6_interface_ = "n6";
};

/// "10.150.3.1"
std::string to_string(const std::array<std::uint8_t, 4>& address);

/// Runs a program (no shell) and waits for it; the error carries its output.
std::expected<void, std::string> run_program(const std::vector<std::string>& argv);

class topology {
 public:
  /// Creates the namespaces `<prefix>-gnb`, `<prefix>-upf`, `<prefix>-dn`
  /// (prefix e.g. "mrd-bench-<pid>"), the veth pairs, addresses and routes.
  /// Needs CAP_SYS_ADMIN and CAP_NET_ADMIN; the error says what failed.
  static std::expected<topology, std::string> create(const std::string& prefix, topology_plan plan = {});

  topology(topology&& other) noexcept;
  topology& operator=(topology&&) = delete;
  topology(const topology&) = delete;
  topology& operator=(const topology&) = delete;
  ~topology();

  const topology_plan& plan() const noexcept { return plan_; }
  const std::string& netns_name(bench_node node) const noexcept { return names_[static_cast<std::size_t>(node)]; }
  /// An open descriptor of the namespace (for setns in a child process).
  int netns_fd(bench_node node) const noexcept { return fds_[static_cast<std::size_t>(node)]; }

  /// Runs `ip -n <namespace> <args...>`.
  std::expected<void, std::string> ip(bench_node node, const std::vector<std::string>& args) const;

  /// Moves the calling thread into `node`'s namespace until the guard ends.
  class scoped_netns {
   public:
    scoped_netns(scoped_netns&&) = delete;
    ~scoped_netns();
    bool ok() const noexcept { return ok_; }

   private:
    friend class topology;
    explicit scoped_netns(int target) noexcept;
    int original_ = -1;
    bool ok_ = false;
  };
  scoped_netns enter(bench_node node) const noexcept { return scoped_netns(netns_fd(node)); }

 private:
  topology() = default;
  void destroy() noexcept;

  topology_plan plan_{};
  std::array<std::string, 3> names_{};
  std::array<int, 3> fds_{-1, -1, -1};
  bool owned_ = false;
};

/// Removes namespaces named `mrd-bench-<pid>-*` whose process no longer runs
/// (left behind by a run that was killed with SIGKILL). Returns how many.
std::size_t remove_stale_namespaces();

}  // namespace meridian::upf_bench
