#pragma once
// A token bucket that polices one direction of a QER's MBR (TS 29.244 §5.4.1:
// traffic above the MBR is discarded). Time is given by the caller — the data
// path reads the injected meridian::clock once per batch and passes it to every
// packet — so tests move time by hand and the hot path makes no virtual call.
//
// Integer arithmetic only: credit is kept in bits scaled by 1e9 so that
// `elapsed ns × rate bit/s` adds exactly, with no rounding drift over hours.

#include <cstddef>
#include <cstdint>

#include "meridian/common/clock.hpp"

namespace meridian::upf {

class token_bucket {
 public:
  /// The largest burst accepted; larger values are clamped so the scaled
  /// arithmetic cannot overflow (2^62 / 8e9 ≈ 576 MB).
  static constexpr std::uint64_t max_burst_bytes = (std::uint64_t{1} << 62) / 8'000'000'000ULL;

  /// A bucket that starts full. `rate_bps` 0 passes nothing.
  token_bucket(std::uint64_t rate_bps, std::uint64_t burst_bytes, clock::time_point now) noexcept;

  /// The burst the UPF uses when the control plane gives none: what the rate
  /// carries in `window` (default 10 ms), and at least two 1500-byte packets,
  /// so a single full-size packet always fits.
  static std::uint64_t default_burst_bytes(std::uint64_t rate_bps,
                                           clock::duration window = std::chrono::milliseconds(10)) noexcept;

  /// Whether a packet of `bytes` conforms at `now`; if so its tokens are taken.
  bool consume(std::size_t bytes, clock::time_point now) noexcept;
  /// Whether it would conform, without taking tokens (to check several buckets first).
  bool conforms(std::size_t bytes, clock::time_point now) noexcept;

  std::uint64_t rate_bps() const noexcept { return rate_bps_; }
  std::uint64_t burst_bytes() const noexcept { return capacity_ / scaled_bits_per_byte; }
  /// Whole bytes of credit available at the last update.
  std::uint64_t available_bytes() const noexcept { return tokens_ / scaled_bits_per_byte; }

 private:
  static constexpr std::uint64_t scale = 1'000'000'000ULL;  // ns per second
  static constexpr std::uint64_t scaled_bits_per_byte = 8 * scale;

  void refill(clock::time_point now) noexcept;

  std::uint64_t rate_bps_ = 0;
  std::uint64_t capacity_ = 0;     ///< scaled
  std::uint64_t tokens_ = 0;       ///< scaled
  std::int64_t fill_time_ns_ = 0;  ///< time after which an empty bucket is full
  clock::time_point last_{};
};

}  // namespace meridian::upf
