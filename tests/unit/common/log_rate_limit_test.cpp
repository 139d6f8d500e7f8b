// Bad input from one peer cannot fill the disk through the log (issue 13):
// a bounded number of full lines per window, then one summary, and every
// event still counted.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>

#include "meridian/common/clock.hpp"
#include "meridian/common/log_rate_limit.hpp"

using namespace meridian;
using namespace std::chrono_literals;

namespace {
constexpr std::uint32_t undecodable = 1;
constexpr std::uint32_t wrong_state = 2;
}  // namespace

TEST(log_rate_limit, when_ten_thousand_events_arrive_in_a_window_then_only_the_burst_is_logged) {
  manual_clock clk;
  log::rate_limiter limiter({.burst = 5, .window = 10s});
  int logged = 0;
  for (int i = 0; i < 10'000; ++i)
    if (limiter.on_event(7, undecodable, clk.now()).log) ++logged;
  EXPECT_EQ(logged, 5);
  EXPECT_EQ(limiter.suppressed_total(), 9'995u);
}

TEST(log_rate_limit, when_the_window_ends_then_the_next_event_carries_the_summary_and_is_logged) {
  manual_clock clk;
  log::rate_limiter limiter({.burst = 2, .window = 10s});
  for (int i = 0; i < 7; ++i) limiter.on_event(7, undecodable, clk.now());
  clk.advance(10s);
  const auto d = limiter.on_event(7, undecodable, clk.now());
  EXPECT_TRUE(d.log);
  EXPECT_EQ(d.suppressed_before, 5u);
  EXPECT_EQ(limiter.on_event(7, undecodable, clk.now()).suppressed_before, 0u) << "a summary is given once";
}

TEST(log_rate_limit, peers_and_kinds_are_limited_separately) {
  manual_clock clk;
  log::rate_limiter limiter({.burst = 1, .window = 10s});
  EXPECT_TRUE(limiter.on_event(7, undecodable, clk.now()).log);
  EXPECT_FALSE(limiter.on_event(7, undecodable, clk.now()).log);
  EXPECT_TRUE(limiter.on_event(7, wrong_state, clk.now()).log);
  EXPECT_TRUE(limiter.on_event(8, undecodable, clk.now()).log);
}

TEST(log_rate_limit, drain_reports_each_ended_window_with_suppressed_events_once) {
  manual_clock clk;
  log::rate_limiter limiter({.burst = 1, .window = 10s});
  for (int i = 0; i < 4; ++i) limiter.on_event(7, undecodable, clk.now());
  limiter.on_event(8, undecodable, clk.now());
  int calls = 0;
  std::uint64_t reported = 0;
  auto collect = [&](std::uint64_t peer, std::uint32_t kind, std::uint64_t n) {
    ++calls;
    EXPECT_EQ(peer, 7u);
    EXPECT_EQ(kind, undecodable);
    reported += n;
  };
  limiter.drain(clk.now() + 5s, collect);
  EXPECT_EQ(calls, 0) << "the window has not ended";
  clk.advance(10s);
  limiter.drain(clk.now(), collect);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(reported, 3u);
  limiter.drain(clk.now() + 20s, collect);
  EXPECT_EQ(calls, 1);
}

TEST(log_rate_limit, when_peers_keep_coming_then_memory_stays_bounded_and_peers_can_be_forgotten) {
  manual_clock clk;
  log::rate_limiter limiter({.burst = 1, .window = 10s, .max_keys = 100});
  for (std::uint64_t peer = 0; peer < 10'000; ++peer) limiter.on_event(peer, undecodable, clk.now());
  EXPECT_LE(limiter.tracked_keys(), 101u);
  limiter.forget(3);
  EXPECT_LE(limiter.tracked_keys(), 100u);
}

TEST(log_rate_limit, when_a_peer_is_forgotten_then_its_suppressed_events_are_reported_once) {
  manual_clock clk;
  log::rate_limiter limiter({.burst = 1, .window = 10s});
  for (int i = 0; i < 4; ++i) limiter.on_event(7, undecodable, clk.now());
  limiter.on_event(7, wrong_state, clk.now());  // logged in full: nothing to report
  limiter.on_event(8, undecodable, clk.now());
  limiter.on_event(8, undecodable, clk.now());
  std::uint64_t reported = 0;
  int calls = 0;
  limiter.forget(7, [&](std::uint64_t peer, std::uint32_t kind, std::uint64_t n) {
    ++calls;
    EXPECT_EQ(peer, 7u);
    EXPECT_EQ(kind, undecodable);
    reported += n;
  });
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(reported, 3u);
  EXPECT_EQ(limiter.tracked_keys(), 1u) << "peer 8 is kept";
}
