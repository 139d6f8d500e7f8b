#include <gtest/gtest.h>

#include "meridian/common/clock.hpp"

using namespace meridian;
using namespace std::chrono_literals;

TEST(manual_clock, moves_only_when_advanced_and_moves_both_clocks) {
  manual_clock c;
  const auto t0 = c.now();
  const auto w0 = c.wall_now();
  EXPECT_EQ(c.now(), t0);
  c.advance(30s);
  EXPECT_EQ(c.now() - t0, 30s);
  EXPECT_EQ(c.wall_now() - w0, 30s);
}

TEST(system_clock_source, is_monotonic) {
  system_clock_source c;
  const meridian::clock& iface = c;
  const auto a = iface.now();
  const auto b = iface.now();
  EXPECT_LE(a, b);
  EXPECT_GT(iface.wall_now().time_since_epoch().count(), 0);
}
