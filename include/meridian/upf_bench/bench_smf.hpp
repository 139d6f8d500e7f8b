#pragma once
// The benchmark's test SMF towards the UPF being measured: PFCP association
// (SMF- or UPF-initiated), what the UPF's UP Function Features say about
// F-TEID allocation, and the Session Establishment of the benchmark's sessions,
// many in flight. It runs an n4_peer::client on the caller's io_context and
// needs no network namespace, so tests drive it against a UPF double on
// loopback.

#include <chrono>
#include <cstddef>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <asio/io_context.hpp>

#include "meridian/n4_peer/client.hpp"
#include "meridian/pfcp/messages.hpp"
#include "meridian/upf_bench/packets.hpp"
#include "meridian/upf_bench/topology.hpp"
#include "meridian/upf_bench/upf_under_test.hpp"

namespace meridian::upf_bench {

/// TS 29.244 §8.2.25, Table 8.2.25-1: FTUP is octet 5 bit 5 (octet 5 bit 1 is
/// BUCP). With it the UP function allocates F-TEIDs, and the SMF sends CHOOSE.
inline constexpr pfcp::flag feature_ftup{0, 5};

/// Whether a UPF announcing `features` allocates F-TEIDs (FTUP set); no features: it does not.
bool upf_allocates_f_teids(const std::optional<pfcp::up_function_features>& features) noexcept;

class bench_smf {
 public:
  /// Binds the client (cfg) towards the UPF at `upf`.
  static std::expected<std::unique_ptr<bench_smf>, std::string> create(asio::io_context& io, n4_peer::client_config cfg,
                                                                       n4_peer::endpoint upf);
  ~bench_smf();
  bench_smf(const bench_smf&) = delete;
  bench_smf& operator=(const bench_smf&) = delete;

  /// One SMF-initiated Association Setup (§6.2.6.2), waiting at most `wait`
  /// for its answer; a UPF-initiated one (§6.2.6.3) counts too. True once associated.
  bool try_associate(std::chrono::milliseconds wait);
  bool associated() const noexcept { return associated_; }
  /// From the association: the UPF allocates F-TEIDs, so sessions ask it to CHOOSE.
  bool ftup() const noexcept { return ftup_; }

  /// Establishes `sessions` (CP SEIDs first_cp_seid, +1, ...) with at most
  /// `in_flight` requests outstanding, within `limit`; with FTUP each
  /// session's uplink TEID becomes the one the UPF chose. Stops at the first failure.
  std::expected<void, std::string> establish(std::vector<bench_session>& sessions, std::uint64_t first_cp_seid,
                                             const topology_plan& plan, const session_qos& qos, std::size_t in_flight,
                                             std::chrono::milliseconds limit);

  /// PFCP Association Release (§6.2.8); true when the UPF answered within `wait`.
  bool release(std::chrono::milliseconds wait);

  n4_peer::client& client() noexcept { return *client_; }
  void stop();

 private:
  bench_smf(asio::io_context& io, std::unique_ptr<n4_peer::client> c, n4_peer::endpoint upf);
  void learn_features(const std::optional<pfcp::up_function_features>& f);

  asio::io_context& io_;
  std::unique_ptr<n4_peer::client> client_;
  n4_peer::endpoint upf_;
  bool associated_ = false;
  bool ftup_ = false;
};

}  // namespace meridian::upf_bench
