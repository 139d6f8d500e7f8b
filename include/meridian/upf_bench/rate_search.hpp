#pragma once
// Binary search on the offered rate for the highest rate a forwarder carries
// within a loss bound (RFC 2544 §26.1 throughput, with a loss tolerance).
// Pure logic: the caller runs each trial at next_rate() and records it, so
// the search is tested against model forwarders without any traffic.

#include <cstddef>
#include <limits>
#include <optional>
#include <span>
#include <vector>

#include "meridian/upf_bench/stats.hpp"

namespace meridian::upf_bench {

struct rate_search_config {
  double max_loss_ = 0;         ///< 0 for zero loss, 0.005 for 0.5 %
  std::size_t max_trials_ = 8;  ///< bounds the time a search takes
  double resolution_ = 0.02;    ///< stop once the bracket is this narrow, relative to its top
  double min_rate_pps_ = 1000;  ///< below this a forwarder is reported as failing
};

class rate_search {
 public:
  /// A trial at this rate means "as fast as the generator can send".
  static constexpr double unpaced = std::numeric_limits<double>::infinity();

  explicit rate_search(rate_search_config cfg) : cfg_(cfg) {}

  /// Adds trials made earlier (e.g. by the 0.5 % search before the 0 % one)
  /// without counting them against max_trials_.
  void seed(std::span<const trial_result> earlier);

  /// The offered rate of the next trial, or nothing when the search is over.
  /// The first trial is unpaced; the next tries the rate the forwarder
  /// delivered under that overload; then the bracket is halved.
  std::optional<double> next_rate() const;
  void record(const trial_result& r);

  /// The passing trial with the highest offered rate, if any passed.
  std::optional<trial_result> best() const;
  std::size_t trials() const noexcept { return own_trials_; }

 private:
  bool passes(const trial_result& r) const noexcept { return r.loss() <= cfg_.max_loss_; }

  rate_search_config cfg_;
  std::vector<trial_result> history_{};
  std::size_t own_trials_ = 0;
};

}  // namespace meridian::upf_bench
