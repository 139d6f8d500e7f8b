#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <random>
#include <vector>

#include "meridian/common/clock.hpp"
#include "meridian/runtime/task.hpp"
#include "meridian/runtime/timer_service.hpp"

using namespace meridian;
using namespace meridian::runtime;
using namespace std::chrono_literals;

namespace {

struct timers_fixture : ::testing::Test {
  manual_clock clk;
  timer_service timers{clk};
  const clock::time_point t0 = clk.now();

  void advance(clock::duration d) {
    clk.advance(d);
    timers.run_due();
  }
};

using timer_test = timers_fixture;

task<std::expected<void, runtime_error>> nap(timer_service& timers, clock::duration d) {
  co_return co_await timers.sleep_for(d);
}

// Sleeps three times and notes when it woke each time.
task<void> three_naps(timer_service& timers, std::vector<clock::time_point>& woke) {
  for (int i = 0; i < 3; ++i) {
    auto r = co_await timers.sleep_for(10s);
    if (!r) co_return;
    woke.push_back(timers.now());
  }
}

template <class T>
struct outcome {
  std::optional<std::expected<T, runtime_error>> value;
  auto sink() {
    return [this](std::expected<T, runtime_error> r) { value.emplace(std::move(r)); };
  }
};

}  // namespace

TEST_F(timer_test, timers_fire_in_deadline_order_as_the_manual_clock_advances) {
  std::vector<int> fired;
  timer a(timers), b(timers), c(timers);
  c.arm_after(30s, [&] { fired.push_back(3); });
  a.arm_after(10s, [&] { fired.push_back(1); });
  b.arm_after(20s, [&] { fired.push_back(2); });
  EXPECT_EQ(timers.pending(), 3u);
  EXPECT_EQ(timers.next_deadline(), t0 + 10s);

  clk.advance(9s);
  EXPECT_EQ(timers.run_due(), 0u);
  EXPECT_TRUE(fired.empty());
  clk.advance(12s);
  EXPECT_EQ(timers.run_due(), 2u);
  EXPECT_EQ(fired, (std::vector<int>{1, 2}));
  advance(9s);
  EXPECT_EQ(fired, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(timers.pending(), 0u);
  EXPECT_FALSE(timers.next_deadline());
  EXPECT_FALSE(a.armed());
}

TEST_F(timer_test, timers_with_the_same_deadline_fire_in_the_order_they_were_armed) {
  std::vector<int> fired;
  std::vector<std::unique_ptr<timer>> ts;
  for (int i = 0; i < 50; ++i) {
    ts.push_back(std::make_unique<timer>(timers));
    ts.back()->arm_at(t0 + 5s, [&fired, i] { fired.push_back(i); });
  }
  advance(5s);
  ASSERT_EQ(fired.size(), 50u);
  EXPECT_TRUE(std::is_sorted(fired.begin(), fired.end()));
}

TEST_F(timer_test, a_cancelled_timer_never_fires_and_cancel_after_firing_reports_false) {
  int fired = 0;
  timer a(timers), b(timers);
  a.arm_after(1s, [&] { ++fired; });
  b.arm_after(2s, [&] { ++fired; });
  EXPECT_TRUE(a.cancel());
  EXPECT_FALSE(a.cancel());
  advance(5s);
  EXPECT_EQ(fired, 1);
  EXPECT_FALSE(b.cancel()) << "b already fired";
}

TEST_F(timer_test, rearming_a_timer_replaces_its_deadline_and_callback) {
  std::vector<int> fired;
  timer a(timers);
  a.arm_after(10s, [&] { fired.push_back(1); });
  a.arm_after(3s, [&] { fired.push_back(2); });
  EXPECT_EQ(timers.pending(), 1u);
  advance(3s);
  EXPECT_EQ(fired, (std::vector<int>{2}));
  advance(10s);
  EXPECT_EQ(fired, (std::vector<int>{2}));
}

TEST_F(timer_test, destroying_an_armed_timer_cancels_it) {
  int fired = 0;
  {
    timer a(timers);
    a.arm_after(1s, [&] { ++fired; });
  }
  EXPECT_EQ(timers.pending(), 0u);
  advance(2s);
  EXPECT_EQ(fired, 0);
}

TEST_F(timer_test, a_callback_may_destroy_its_own_timer_and_arm_others) {
  auto self = std::make_unique<timer>(timers);
  timer other(timers);
  bool other_fired = false;
  self->arm_after(1s, [&] {
    self.reset();
    other.arm_after(0s, [&] { other_fired = true; });
  });
  advance(1s);
  EXPECT_EQ(self, nullptr);
  EXPECT_TRUE(other_fired) << "a timer armed already due by a callback fires in the same run_due";
}

TEST_F(timer_test, sleep_resumes_the_task_only_when_the_clock_reaches_the_deadline) {
  std::vector<clock::time_point> woke;
  outcome<void> done;
  spawn(three_naps(timers, woke), done.sink());
  EXPECT_EQ(timers.pending(), 1u);
  advance(9s);
  EXPECT_TRUE(woke.empty());
  advance(1s);
  EXPECT_EQ(woke, (std::vector<clock::time_point>{t0 + 10s}));
  advance(10s);
  advance(10s);
  EXPECT_EQ(woke, (std::vector<clock::time_point>{t0 + 10s, t0 + 20s, t0 + 30s}))
      << "each sleep starts from when the previous one woke";
  EXPECT_TRUE(done.value && *done.value);
}

TEST_F(timer_test, when_the_task_is_cancelled_during_a_sleep_then_the_sleep_ends_with_cancelled_at_once) {
  cancellation_source source;
  outcome<std::expected<void, runtime_error>> done;
  spawn(nap(timers, 1h), source.token(), done.sink());
  EXPECT_FALSE(done.value);
  source.request_cancellation();
  ASSERT_TRUE(done.value);
  ASSERT_TRUE(*done.value);
  EXPECT_EQ(**done.value, std::unexpected(runtime_error::cancelled));
  EXPECT_EQ(timers.pending(), 0u) << "the cancelled sleep's timer is disarmed";
}

TEST_F(timer_test, when_cancellation_comes_after_the_sleep_ended_then_nothing_happens) {
  cancellation_source source;
  outcome<std::expected<void, runtime_error>> done;
  spawn(nap(timers, 1s), source.token(), done.sink());
  advance(1s);
  ASSERT_TRUE(done.value);
  EXPECT_TRUE(**done.value);
  EXPECT_TRUE(source.request_cancellation());
  EXPECT_TRUE(**done.value);
}

TEST_F(timer_test, when_cancelled_before_the_sleep_then_it_returns_cancelled_without_arming) {
  cancellation_source source;
  source.request_cancellation();
  outcome<std::expected<void, runtime_error>> done;
  spawn(nap(timers, 1s), source.token(), done.sink());
  ASSERT_TRUE(done.value);
  EXPECT_EQ(**done.value, std::unexpected(runtime_error::cancelled));
  EXPECT_EQ(timers.pending(), 0u);
}

TEST_F(timer_test, a_sleep_whose_deadline_has_passed_completes_without_suspending) {
  outcome<std::expected<void, runtime_error>> done;
  spawn(nap(timers, 0s), done.sink());
  ASSERT_TRUE(done.value);
  EXPECT_TRUE(**done.value);
  EXPECT_EQ(timers.pending(), 0u);
}

TEST_F(timer_test, a_hundred_thousand_timers_are_armed_and_fire_in_deadline_order) {
  constexpr int n = 100'000;
  std::mt19937 rng(12);
  std::uniform_int_distribution<int> ms(1, 3'600'000);
  std::vector<std::unique_ptr<timer>> ts;
  ts.reserve(n);
  std::vector<clock::time_point> fired_at;
  fired_at.reserve(n);
  for (int i = 0; i < n; ++i) {
    ts.push_back(std::make_unique<timer>(timers));
    ts.back()->arm_after(std::chrono::milliseconds(ms(rng)), [&fired_at, &t = *ts.back()] {
      fired_at.push_back(t.deadline());
    });
  }
  // Cancel every third: cancelling from the middle of the heap keeps it ordered.
  std::size_t cancelled = 0;
  for (int i = 0; i < n; i += 3) cancelled += ts[static_cast<std::size_t>(i)]->cancel() ? 1 : 0;
  EXPECT_EQ(timers.pending(), n - cancelled);

  // Fire in steps of a minute, as a clock advancing by hand would.
  std::size_t fired = 0;
  for (int minute = 1; minute <= 60; ++minute) {
    clk.advance(1min);
    fired += timers.run_due();
  }
  EXPECT_EQ(fired, n - cancelled);
  EXPECT_EQ(fired_at.size(), n - cancelled);
  EXPECT_TRUE(std::is_sorted(fired_at.begin(), fired_at.end()));
  EXPECT_EQ(timers.pending(), 0u);
}

TEST(timer_service_lifetime, when_the_service_is_destroyed_first_its_timers_are_left_disarmed) {
  manual_clock clk;
  auto timers = std::make_unique<timer_service>(clk);
  timer a(*timers);
  a.arm_after(1s, [] {});
  timers.reset();
  EXPECT_FALSE(a.armed());
}
