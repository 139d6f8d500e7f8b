#include "meridian/common/log_rate_limit.hpp"

#include <vector>

namespace meridian::log {

rate_limit_decision rate_limiter::on_event(std::uint64_t peer, std::uint32_t kind, clock::time_point now) {
  key k{peer, kind};
  auto it = entries_.find(k);
  if (it == entries_.end()) {
    if (entries_.size() >= cfg_.max_keys) k = overflow_key;
    it = entries_.try_emplace(k, entry{now, 0, 0}).first;
  }
  entry& e = it->second;
  rate_limit_decision d;
  if (now - e.window_start >= cfg_.window) {
    d.suppressed_before = e.suppressed;
    e = entry{now, 0, 0};
  }
  if (e.logged < cfg_.burst) {
    ++e.logged;
    d.log = true;
  } else {
    ++e.suppressed;
    ++suppressed_total_;
  }
  return d;
}

void rate_limiter::drain(clock::time_point now,
                         const std::function<void(std::uint64_t, std::uint32_t, std::uint64_t)>& f) {
  for (auto& [k, e] : entries_) {
    if (now - e.window_start < cfg_.window) continue;
    if (e.suppressed != 0) f(k.peer, k.kind, e.suppressed);
    e = entry{now, 0, 0};
  }
}

void rate_limiter::forget(std::uint64_t peer,
                          const std::function<void(std::uint64_t, std::uint32_t, std::uint64_t)>& f) {
  for (const auto& [k, e] : entries_)
    if (k.peer == peer && e.suppressed != 0) f(k.peer, k.kind, e.suppressed);
  forget(peer);
}

void rate_limiter::forget(std::uint64_t peer) {
  std::erase_if(entries_, [peer](const auto& kv) { return kv.first.peer == peer; });
}

}  // namespace meridian::log
