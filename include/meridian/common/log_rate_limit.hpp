#pragma once
// Repeated warnings about bad input are rate-limited per peer and kind, so one
// misbehaving peer cannot fill the disk through the log (a hostile gNB sending
// a million bad PDUs a minute made 3.8 MB of log a second). The first few
// events of a kind from a peer are logged; the rest in that window are only
// counted, and the next event after the window (or drain(), called from a
// periodic timer) yields one "N more like this" summary. Callers keep counting
// every event in their own counters: only the logging is limited.
//
// Time comes from the caller (the injected clock), so tests move it by hand.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <unordered_map>

#include "meridian/common/clock.hpp"

namespace meridian::log {

struct rate_limit_config {
  /// Events of one (peer, kind) logged in full per window.
  std::uint32_t burst = 5;
  std::chrono::nanoseconds window = std::chrono::seconds(10);
  /// Distinct (peer, kind) pairs tracked; beyond that they share one entry,
  /// so the limiter's memory stays bounded whatever the peers do.
  std::size_t max_keys = 4096;
};

/// What the caller should do with one event.
struct rate_limit_decision {
  /// Log this event in full.
  bool log = false;
  /// Events suppressed in the window that just ended; when non-zero, log one
  /// summary line ("N more like this") before (or instead of) this event.
  std::uint64_t suppressed_before = 0;
};

class rate_limiter {
 public:
  explicit rate_limiter(rate_limit_config cfg = {}) : cfg_(cfg) {}

  /// One event of `kind` (a caller's enum value) from `peer` (an association
  /// id, an address hash) at `now`.
  rate_limit_decision on_event(std::uint64_t peer, std::uint32_t kind, clock::time_point now);

  /// Summaries of every key whose window has ended with suppressed events:
  /// calls `f(peer, kind, suppressed)` and restarts those windows.
  void drain(clock::time_point now, const std::function<void(std::uint64_t, std::uint32_t, std::uint64_t)>& f);

  /// The peer is gone: its entries go too.
  void forget(std::uint64_t peer);
  /// As forget(peer), first calling `f(peer, kind, suppressed)` for each of its
  /// entries that holds suppressed events, so that the last window is reported.
  void forget(std::uint64_t peer, const std::function<void(std::uint64_t, std::uint32_t, std::uint64_t)>& f);

  std::size_t tracked_keys() const noexcept { return entries_.size(); }
  /// Every event ever suppressed (not logged in full).
  std::uint64_t suppressed_total() const noexcept { return suppressed_total_; }

 private:
  struct key {
    std::uint64_t peer;
    std::uint32_t kind;
    bool operator==(const key&) const = default;
  };
  struct key_hash {
    std::size_t operator()(const key& k) const noexcept {
      return std::hash<std::uint64_t>{}(k.peer * 0x9e3779b97f4a7c15ULL ^ k.kind);
    }
  };
  struct entry {
    clock::time_point window_start{};
    std::uint32_t logged = 0;
    std::uint64_t suppressed = 0;
  };
  static constexpr key overflow_key{~std::uint64_t{0}, ~std::uint32_t{0}};

  rate_limit_config cfg_;
  std::unordered_map<key, entry, key_hash> entries_;
  std::uint64_t suppressed_total_ = 0;
};

}  // namespace meridian::log
