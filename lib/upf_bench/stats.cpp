#include "meridian/upf_bench/stats.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace meridian::upf_bench {

// Values below 2^sub_bucket_bits have a bucket each; above, each power of two
// [2^e, 2^(e+1)) is cut into 2^sub_bucket_bits equal slices, so a bucket's
// width is at most 1/64 of its values.
std::size_t latency_histogram::bucket_of(std::uint64_t v) noexcept {
  constexpr std::uint64_t linear = std::uint64_t{1} << sub_bucket_bits;
  if (v < linear) return static_cast<std::size_t>(v);
  const unsigned e = std::min<unsigned>(static_cast<unsigned>(std::bit_width(v)) - 1, max_exponent);
  if (e == max_exponent && (v >> e) > 1) return bucket_count - 1;
  const std::uint64_t slice = (v >> (e - sub_bucket_bits)) & (linear - 1);
  const std::size_t index = ((e - sub_bucket_bits + 1) << sub_bucket_bits) + static_cast<std::size_t>(slice);
  return std::min(index, bucket_count - 1);
}

std::uint64_t latency_histogram::upper_edge(std::size_t bucket) noexcept {
  constexpr std::uint64_t linear = std::uint64_t{1} << sub_bucket_bits;
  if (bucket < linear) return bucket;
  const unsigned e = static_cast<unsigned>(bucket >> sub_bucket_bits) + sub_bucket_bits - 1;
  const std::uint64_t slice = bucket & (linear - 1);
  const std::uint64_t width = std::uint64_t{1} << (e - sub_bucket_bits);
  return (std::uint64_t{1} << e) + (slice + 1) * width - 1;
}

void latency_histogram::record(std::uint64_t nanoseconds) noexcept {
  ++buckets_[bucket_of(nanoseconds)];
  ++count_;
  max_ = std::max(max_, nanoseconds);
}

void latency_histogram::merge(const latency_histogram& other) noexcept {
  for (std::size_t i = 0; i < bucket_count; ++i) buckets_[i] += other.buckets_[i];
  count_ += other.count_;
  max_ = std::max(max_, other.max_);
}

void latency_histogram::clear() noexcept {
  buckets_.fill(0);
  count_ = 0;
  max_ = 0;
}

std::uint64_t latency_histogram::percentile(double q) const noexcept {
  if (count_ == 0) return 0;
  q = std::clamp(q, 0.0, 1.0);
  // The rank of the sample asked for, 1-based: the smallest value with at
  // least q·count samples at or below it.
  const auto rank = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_))));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < bucket_count; ++i) {
    seen += buckets_[i];
    if (seen >= rank) return std::min(upper_edge(i), max_);
  }
  return max_;
}

double trial_result::loss() const noexcept {
  if (sent_ == 0) return 0;
  if (received_ >= sent_) return 0;
  return static_cast<double>(sent_ - received_) / static_cast<double>(sent_);
}

double gbit_per_second(double pps, std::size_t packet_size) noexcept {
  return pps * static_cast<double>(packet_size) * 8.0 / 1e9;
}

}  // namespace meridian::upf_bench
