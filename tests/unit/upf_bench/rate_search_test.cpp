#include "meridian/upf_bench/rate_search.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "meridian/upf_bench/bench.hpp"

namespace meridian::upf_bench {
namespace {

// A forwarder that carries `capacity` pps and drops the excess, behind a
// generator that cannot send faster than `generator_max`. `lossy` adds a
// constant loss fraction at every rate.
struct model_forwarder {
  double capacity = 1e6;
  double generator_max = 3e6;
  double lossy = 0;
  std::size_t trials = 0;

  trial_result operator()(double rate) {
    ++trials;
    trial_result r;
    r.offered_pps_ = std::min(rate, generator_max);
    r.seconds_ = 1;
    r.sent_ = static_cast<std::uint64_t>(r.offered_pps_);
    const double carried = std::min(r.offered_pps_, capacity) * (1 - lossy);
    r.received_ = static_cast<std::uint64_t>(carried);
    r.delivered_pps_ = carried;
    return r;
  }
};

std::optional<trial_result> search(model_forwarder& f, rate_search_config cfg) {
  rate_search s(cfg);
  while (auto rate = s.next_rate()) s.record(f(*rate));
  return s.best();
}

TEST(rate_search, the_first_trial_is_unpaced) {
  rate_search s({});
  ASSERT_TRUE(s.next_rate());
  EXPECT_TRUE(std::isinf(*s.next_rate()));
}

TEST(rate_search, when_the_forwarder_keeps_up_with_the_generator_then_one_trial_is_enough) {
  model_forwarder f{.capacity = 5e6, .generator_max = 2e6};
  const auto best = search(f, {.max_loss_ = 0, .max_trials_ = 8});
  ASSERT_TRUE(best);
  EXPECT_EQ(f.trials, 1u);
  EXPECT_DOUBLE_EQ(best->delivered_pps_, 2e6);
}

TEST(rate_search, when_the_forwarder_is_the_bottleneck_then_its_capacity_is_found_within_the_resolution) {
  model_forwarder f{.capacity = 1.234e6, .generator_max = 3e6};
  const auto best = search(f, {.max_loss_ = 0, .max_trials_ = 12, .resolution_ = 0.01});
  ASSERT_TRUE(best);
  EXPECT_LE(best->offered_pps_, 1.234e6);
  EXPECT_GE(best->offered_pps_, 1.234e6 * 0.98);
  EXPECT_LE(f.trials, 12u);
}

TEST(rate_search, when_capacity_is_not_the_overload_delivery_then_bisection_still_converges) {
  // Under overload this forwarder collapses (delivers a tenth of its capacity),
  // so the first guess is far too low; the search must climb back.
  struct collapsing {
    std::size_t trials = 0;
    trial_result operator()(double rate) {
      ++trials;
      trial_result r;
      r.offered_pps_ = std::min(rate, 4e6);
      r.seconds_ = 1;
      r.sent_ = static_cast<std::uint64_t>(r.offered_pps_);
      const double carried = r.offered_pps_ <= 1e6 ? r.offered_pps_ : 1e5;
      r.received_ = static_cast<std::uint64_t>(carried);
      r.delivered_pps_ = carried;
      return r;
    }
  } f;
  rate_search s({.max_loss_ = 0, .max_trials_ = 10, .resolution_ = 0.05});
  while (auto rate = s.next_rate()) s.record(f(*rate));
  ASSERT_TRUE(s.best());
  EXPECT_GE(s.best()->offered_pps_, 0.9e6);
  EXPECT_LE(s.best()->offered_pps_, 1e6);
}

TEST(rate_search, when_half_a_percent_is_tolerated_then_a_constant_small_loss_passes) {
  model_forwarder f{.capacity = 1e6, .generator_max = 3e6, .lossy = 0.001};
  EXPECT_FALSE(search(f, {.max_loss_ = 0, .max_trials_ = 8}));
  model_forwarder g{.capacity = 1e6, .generator_max = 3e6, .lossy = 0.001};
  const auto best = search(g, {.max_loss_ = 0.005, .max_trials_ = 10, .resolution_ = 0.01});
  ASSERT_TRUE(best);
  EXPECT_GE(best->offered_pps_, 0.98e6);
  EXPECT_LE(best->offered_pps_, 1.006e6);
}

TEST(rate_search, when_every_trial_loses_then_there_is_no_best_and_the_search_stops) {
  model_forwarder f{.capacity = 1e6, .generator_max = 3e6, .lossy = 0.5};
  rate_search s({.max_loss_ = 0.005, .max_trials_ = 6});
  std::size_t n = 0;
  while (auto rate = s.next_rate()) {
    s.record(f(*rate));
    ASSERT_LE(++n, 6u);
  }
  EXPECT_FALSE(s.best());
}

TEST(rate_search, when_seeded_with_an_earlier_search_then_its_trials_bracket_the_next) {
  model_forwarder f{.capacity = 1e6, .generator_max = 3e6};
  rate_search half({.max_loss_ = 0.005, .max_trials_ = 8, .resolution_ = 0.01});
  std::vector<trial_result> history;
  while (auto rate = half.next_rate()) {
    history.push_back(f(*rate));
    half.record(history.back());
  }
  rate_search zero({.max_loss_ = 0, .max_trials_ = 8, .resolution_ = 0.01});
  zero.seed(history);
  // The seeded history already holds a loss-free trial near capacity: no unpaced restart.
  const auto next = zero.next_rate();
  if (next) {
    EXPECT_FALSE(std::isinf(*next));
  }
  while (auto rate = zero.next_rate()) zero.record(f(*rate));
  ASSERT_TRUE(zero.best());
  EXPECT_GE(zero.best()->offered_pps_, 0.98e6);
  EXPECT_LE(zero.best()->offered_pps_, 1e6);
}

TEST(search_case, runs_the_half_percent_search_then_the_zero_loss_one_and_reports_both) {
  model_forwarder f{.capacity = 2e6, .generator_max = 5e6, .lossy = 0.002};
  bench_case c;
  std::size_t progress_calls = 0;
  const auto r = search_case(
      c, {.max_trials_ = 8, .resolution_ = 0.02}, [&](double rate) { return f(rate); },
      [&](std::size_t, double, const trial_result&) { ++progress_calls; });
  EXPECT_FALSE(r.zero_loss_);  // 0.2 % loss at every rate
  ASSERT_TRUE(r.half_percent_loss_);
  EXPECT_GE(r.half_percent_loss_->offered_pps_, 1.9e6);
  EXPECT_EQ(progress_calls, r.trials_);
  EXPECT_LE(r.trials_, 16u);
}

}  // namespace
}  // namespace meridian::upf_bench
