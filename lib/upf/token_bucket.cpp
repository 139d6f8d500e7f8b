// Token-bucket policing for QER MBRs; see token_bucket.hpp.

#include "meridian/upf/token_bucket.hpp"

#include <algorithm>
#include <limits>

namespace meridian::upf {

token_bucket::token_bucket(std::uint64_t rate_bps, std::uint64_t burst_bytes, clock::time_point now) noexcept
    : rate_bps_(rate_bps),
      capacity_(std::min(burst_bytes, max_burst_bytes) * scaled_bits_per_byte),
      tokens_(capacity_),
      last_(now) {
  // Past this interval an emptied bucket is full again; capping the elapsed
  // time here keeps `elapsed × rate` far from overflowing.
  fill_time_ns_ =
      rate_bps_ == 0 ? std::numeric_limits<std::int64_t>::max() : static_cast<std::int64_t>(capacity_ / rate_bps_ + 1);
}

std::uint64_t token_bucket::default_burst_bytes(std::uint64_t rate_bps, clock::duration window) noexcept {
  const auto ns = static_cast<std::uint64_t>(std::max<std::int64_t>(window.count(), 0));
  // rate × window / 8 without overflow for any sane rate: divide first.
  const std::uint64_t bytes = (rate_bps / 8) * ns / scale + ((rate_bps % 8) * ns) / (8 * scale);
  return std::clamp<std::uint64_t>(bytes, 3000, max_burst_bytes);
}

void token_bucket::refill(clock::time_point now) noexcept {
  const std::int64_t elapsed = (now - last_).count();
  if (elapsed <= 0) return;  // same instant, or a clock that went back: no credit
  last_ = now;
  if (elapsed >= fill_time_ns_) {
    tokens_ = capacity_;
    return;
  }
  tokens_ = std::min(capacity_, tokens_ + static_cast<std::uint64_t>(elapsed) * rate_bps_);
}

bool token_bucket::conforms(std::size_t bytes, clock::time_point now) noexcept {
  refill(now);
  return static_cast<std::uint64_t>(bytes) <= tokens_ / scaled_bits_per_byte;
}

bool token_bucket::consume(std::size_t bytes, clock::time_point now) noexcept {
  refill(now);
  if (static_cast<std::uint64_t>(bytes) > tokens_ / scaled_bits_per_byte) return false;
  tokens_ -= static_cast<std::uint64_t>(bytes) * scaled_bits_per_byte;
  return true;
}

}  // namespace meridian::upf
