#pragma once
// CSPRNG octets drawn a kilobyte at a time. Every authentication needs fresh
// random octets twice (the UDM's RAND, the AUSF's authCtxId), and one call of
// OpenSSL's DRBG costs about as much as a whole Milenage run; drawing 1 KiB at
// once makes that cost 1/64 per use. The UDM's system_rand_source() uses one;
// the composition root hands the AUSF another (lib/core/home_network.cpp).
// The octets are as unpredictable as the generator's; each is handed out once
// and wiped from the pool as it goes. A forked child throws the pool away (it
// would otherwise repeat its parent's octets). One pool belongs to one thread.

#include <pthread.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <span>

#include "meridian/crypto/random.hpp"
#include "meridian/crypto/secret.hpp"

namespace meridian::udm {

class random_pool {
 public:
  random_pool() noexcept { watch_forks(); }
  ~random_pool() { crypto::wipe_object(buffer_); }
  random_pool(const random_pool&) = delete;
  random_pool& operator=(const random_pool&) = delete;

  /// Fills `out`; false when the generator fails (the caller must not go on
  /// with predictable octets).
  bool draw(std::span<std::uint8_t> out) noexcept {
    if (out.size() > buffer_.size()) return static_cast<bool>(crypto::random_bytes(out));
    const unsigned forks = fork_count().load(std::memory_order_relaxed);
    if (forks != forks_seen_ || buffer_.size() - used_ < out.size()) {
      if (!crypto::random_bytes(buffer_)) return false;
      used_ = 0;
      forks_seen_ = forks;
    }
    const auto from = buffer_.begin() + static_cast<std::ptrdiff_t>(used_);
    std::copy_n(from, out.size(), out.begin());
    std::fill_n(from, out.size(), std::uint8_t{0});
    used_ += out.size();
    return true;
  }

 private:
  static std::atomic<unsigned>& fork_count() noexcept {
    static std::atomic<unsigned> n{0};
    return n;
  }
  static void watch_forks() noexcept {
    static const int registered = ::pthread_atfork(nullptr, nullptr, [] { fork_count().fetch_add(1); });
    (void)registered;
  }

  std::array<std::uint8_t, 1024> buffer_{};
  std::size_t used_ = buffer_.size();  // empty until the first draw
  unsigned forks_seen_ = 0;
};

}  // namespace meridian::udm
