#pragma once
// All sessions of one data-path worker, indexed three ways: by SEID for the
// N4 handler, by local TEID for packets arriving in a GTP-U tunnel, and by UE
// IPv4 address for packets arriving from N6. The two data-path indexes are
// open-addressing tables (flat_index): a lookup costs the same with one
// session or a million, and never allocates. There is no fixed session limit;
// `expected_sessions` only pre-sizes the indexes.
//
// Not thread-safe by design: each worker owns its table (DESIGN.md, Runtime),
// and the N4 handler changes it on that worker's thread.

#include <cstddef>
#include <cstdint>
#include <expected>
#include <memory>
#include <unordered_map>

#include "meridian/common/clock.hpp"
#include "meridian/upf/flat_index.hpp"
#include "meridian/upf/session.hpp"

namespace meridian::upf {

struct session_table_config {
  std::size_t expected_sessions_ = 1024;
  session_config session_{};
};

class session_table {
 public:
  explicit session_table(session_table_config cfg = {});

  /// Installs a new session (Session Establishment).
  std::expected<session*, rules_error> establish(session_rules rules, clock::time_point now);
  /// Replaces a session's rules (Session Modification), keeping its usage
  /// measurements and buffered packets. On error the old rules stay in force.
  std::expected<session*, rules_error> modify(session_rules rules, clock::time_point now);
  /// Removes a session (Session Deletion); false when there is none.
  bool remove(seid id);

  session* find(seid id) noexcept;
  /// Data path: the session owning local TEID `t`, or nullptr.
  session* find_by_teid(teid t) const noexcept { return by_teid_.find(t.value()); }
  /// Data path: the session whose UE has IPv4 address `a`, or nullptr.
  session* find_by_ue_address(ipv4_address a) const noexcept { return by_ue_address_.find(a.value()); }

  /// Cache hints for batched lookups (see packet_classifier's batch calls).
  void prefetch_teid(teid t) const noexcept { by_teid_.prefetch(t.value()); }
  void prefetch_ue_address(ipv4_address a) const noexcept { by_ue_address_.prefetch(a.value()); }

  std::size_t size() const noexcept { return sessions_.size(); }

 private:
  std::expected<void, rules_error> index(session& s, const session* replacing);
  void unindex(const session& s) noexcept;

  session_table_config config_;
  std::unordered_map<std::uint64_t, std::unique_ptr<session>> sessions_;
  flat_index<session> by_teid_;
  flat_index<session> by_ue_address_;
};

}  // namespace meridian::upf
