#pragma once
// What a benchmark trial measures and how its figures are summarised: a
// latency histogram cheap enough to record every packet (log-linear buckets,
// ≤ 1.6 % relative error, no allocation per sample) and the throughput
// figures of one trial.

#include <array>
#include <cstddef>
#include <cstdint>

namespace meridian::upf_bench {

/// Latencies in nanoseconds, bucketed by power of two with 64 linear
/// sub-buckets each (the shape of an HDR histogram), from 0 to about 2^40 ns;
/// larger values land in the last bucket.
class latency_histogram {
 public:
  static constexpr unsigned sub_bucket_bits = 6;
  static constexpr unsigned max_exponent = 40;
  static constexpr std::size_t bucket_count = (max_exponent - sub_bucket_bits + 2) << sub_bucket_bits;

  void record(std::uint64_t nanoseconds) noexcept;
  void merge(const latency_histogram& other) noexcept;
  void clear() noexcept;

  std::uint64_t count() const noexcept { return count_; }
  /// The value below which a fraction `q` (0..1) of the samples lie, as the
  /// upper edge of its bucket; 0 when empty.
  std::uint64_t percentile(double q) const noexcept;
  std::uint64_t max() const noexcept { return max_; }

  /// Index of the bucket holding `v`, and that bucket's upper edge (exposed for tests).
  static std::size_t bucket_of(std::uint64_t v) noexcept;
  static std::uint64_t upper_edge(std::size_t bucket) noexcept;

 private:
  std::array<std::uint64_t, bucket_count> buckets_{};
  std::uint64_t count_ = 0;
  std::uint64_t max_ = 0;
};

/// One trial at one offered rate.
struct trial_result {
  double offered_pps_ = 0;    ///< packets the generator put on the wire per second
  double delivered_pps_ = 0;  ///< packets that reached the receiver per second (of the sending time)
  std::uint64_t sent_ = 0;
  std::uint64_t received_ = 0;
  double seconds_ = 0;  ///< how long the generator sent
  std::uint64_t latency_p50_ns_ = 0;
  std::uint64_t latency_p99_ns_ = 0;
  double forwarder_cpu_ns_per_packet_ = 0;  ///< the UPF's (or relay's) CPU time per delivered packet

  /// Fraction lost, 0..1 (0 when nothing was sent).
  double loss() const noexcept;
};

/// Gbit/s of IP packets of `packet_size` octets at `pps`.
double gbit_per_second(double pps, std::size_t packet_size) noexcept;

}  // namespace meridian::upf_bench
