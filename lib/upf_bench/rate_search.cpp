#include "meridian/upf_bench/rate_search.hpp"

#include <algorithm>
#include <cmath>

namespace meridian::upf_bench {

void rate_search::seed(std::span<const trial_result> earlier) {
  history_.insert(history_.end(), earlier.begin(), earlier.end());
}

void rate_search::record(const trial_result& r) {
  history_.push_back(r);
  ++own_trials_;
}

std::optional<trial_result> rate_search::best() const {
  std::optional<trial_result> b;
  for (const auto& r : history_)
    if (passes(r) && (!b || r.offered_pps_ > b->offered_pps_)) b = r;
  return b;
}

std::optional<double> rate_search::next_rate() const {
  if (own_trials_ >= cfg_.max_trials_) return std::nullopt;
  if (history_.empty()) return unpaced;

  // The bracket: the highest rate that passed, the lowest above it that failed.
  // Rates are what the generator achieved, not what was asked of it.
  double lo = 0;
  for (const auto& r : history_)
    if (passes(r)) lo = std::max(lo, r.offered_pps_);
  const trial_result* hi = nullptr;
  std::size_t failures = 0;
  for (const auto& r : history_) {
    if (passes(r) || r.offered_pps_ <= lo) continue;
    ++failures;
    if (hi == nullptr || r.offered_pps_ < hi->offered_pps_) hi = &r;
  }
  if (hi == nullptr) return std::nullopt;  // nothing failed above the best pass
  if (hi->offered_pps_ < cfg_.min_rate_pps_) return std::nullopt;
  if ((hi->offered_pps_ - lo) / hi->offered_pps_ <= cfg_.resolution_) return std::nullopt;

  // After one overload and nothing else, what the forwarder delivered under
  // overload is the best guess of what it carries without loss.
  if (failures == 1 && lo == 0) {
    const double guess = hi->delivered_pps_ * (1.0 - cfg_.max_loss_);
    if (guess > cfg_.min_rate_pps_ && guess < hi->offered_pps_ * (1.0 - cfg_.resolution_)) return guess;
  }
  const double mid = (lo + hi->offered_pps_) / 2;
  if (mid < cfg_.min_rate_pps_) return std::nullopt;
  return mid;
}

}  // namespace meridian::upf_bench
