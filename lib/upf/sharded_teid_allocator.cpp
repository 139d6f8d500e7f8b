// TEID allocation with the worker in the TEID; see sharded_teid_allocator.hpp.

#include "meridian/upf/sharded_teid_allocator.hpp"

#include <limits>

namespace meridian::upf {

std::size_t worker_for_key(std::uint64_t key, std::size_t worker_count) noexcept {
  if (worker_count <= 1) return 0;
  // The high bits of a Fibonacci product mix every bit of the key.
  const std::uint64_t h = ((key ^ (key >> 32)) * 0x9E3779B97F4A7C15ULL) >> 32;
  return static_cast<std::size_t>(h % worker_count);
}

sharded_teid_allocator::sharded_teid_allocator(std::size_t worker_count)
    : worker_count_(worker_count == 0 ? 1 : worker_count), next_(worker_count_, 0) {}

std::optional<teid> sharded_teid_allocator::allocate(std::size_t worker) {
  if (worker >= worker_count_) return std::nullopt;
  std::lock_guard lock(mutex_);
  constexpr std::uint64_t space = std::uint64_t{std::numeric_limits<std::uint32_t>::max()} + 1;
  // Candidates are k·N + worker; at most space/N of them, each tried once.
  const std::uint64_t candidates = (space - worker + worker_count_ - 1) / worker_count_;
  for (std::uint64_t tries = 0; tries < candidates; ++tries) {
    std::uint64_t& k = next_[worker];
    const std::uint64_t value = k * worker_count_ + worker;
    k = (k + 1) % candidates;
    if (value == 0) continue;
    if (used_.insert(static_cast<std::uint32_t>(value)).second) return teid::from(value);
  }
  return std::nullopt;
}

bool sharded_teid_allocator::reserve(teid t) {
  std::lock_guard lock(mutex_);
  return used_.insert(t.value()).second;
}

void sharded_teid_allocator::release(teid t) {
  std::lock_guard lock(mutex_);
  used_.erase(t.value());
}

std::size_t sharded_teid_allocator::in_use() const {
  std::lock_guard lock(mutex_);
  return used_.size();
}

}  // namespace meridian::upf
