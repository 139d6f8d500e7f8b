#pragma once
// Local TEIDs for the UPF's tunnels (TS 29.244 §5.5.3: the UP function
// allocates the F-TEID when the CP function sets CHOOSE), with the data-path
// worker written into them: a TEID allocated for worker w satisfies
// teid % worker_count == w, which is what the N3 sockets' reuseport program
// computes to steer each G-PDU to the worker that owns its tunnel. The data
// path places a session on the worker of its first local TEID, so sessions
// whose TEIDs come from here are served without any hand-over; the N4 node
// picks the worker per session (worker_for_seid spreads them).
//
// Thread-safe: the N4 thread allocates, anything may release; control-plane rate.

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <unordered_set>
#include <vector>

#include "meridian/common/strong_id.hpp"
#include "meridian/upf/ids.hpp"

namespace meridian::upf {

/// A worker for a key (UE address, SEID) among `worker_count`: a
/// multiplicative hash, so consecutive keys spread over the workers.
std::size_t worker_for_key(std::uint64_t key, std::size_t worker_count) noexcept;
inline std::size_t worker_for_ue_address(ipv4_address ue, std::size_t worker_count) noexcept {
  return worker_for_key(ue.value(), worker_count);
}
inline std::size_t worker_for_seid(seid s, std::size_t worker_count) noexcept {
  return worker_for_key(s.value(), worker_count);
}

/// The worker a TEID allocated by sharded_teid_allocator belongs to.
constexpr std::size_t worker_for_teid(teid t, std::size_t worker_count) noexcept {
  return worker_count <= 1 ? 0 : static_cast<std::size_t>(t.value() % worker_count);
}

class sharded_teid_allocator {
 public:
  explicit sharded_teid_allocator(std::size_t worker_count = 1);

  /// A TEID not in use whose worker_for_teid() is `worker`; never 0 (TEID 0 is
  /// reserved for path management, TS 29.281 §5.1). Nothing when all ~4·10^9 are taken.
  std::optional<teid> allocate(std::size_t worker);
  /// Marks a TEID chosen by someone else (the CP function) as taken; false if it already was.
  bool reserve(teid t);
  void release(teid t);

  std::size_t worker_count() const noexcept { return worker_count_; }
  std::size_t in_use() const;

 private:
  std::size_t worker_count_;
  mutable std::mutex mutex_;
  std::vector<std::uint64_t> next_;  ///< per worker: the next multiplier to try
  std::unordered_set<std::uint32_t> used_;
};

}  // namespace meridian::upf
