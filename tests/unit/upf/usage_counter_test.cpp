#include "meridian/upf/usage_counter.hpp"

#include <gtest/gtest.h>

namespace meridian::upf {
namespace {

const urr_id urr1 = urr_id::literal(1);

TEST(usage_counter, when_packets_pass_then_octets_and_packets_are_counted_per_direction) {
  usage_counter c(urr1, {});
  c.add(direction::uplink, 100);
  c.add(direction::downlink, 1'000);
  c.add(direction::downlink, 500);
  const auto& m = c.measured();
  EXPECT_EQ(m.uplink_octets_, 100u);
  EXPECT_EQ(m.downlink_octets_, 1'500u);
  EXPECT_EQ(m.total_octets_, 1'600u);
  EXPECT_EQ(m.uplink_packets_, 1u);
  EXPECT_EQ(m.downlink_packets_, 2u);
  EXPECT_EQ(m.total_packets_, 3u);
}

TEST(usage_counter, when_total_volume_reaches_threshold_then_a_report_is_due_once) {
  volume_threshold t;
  t.total_ = 3'000;
  usage_counter c(urr1, t);
  EXPECT_FALSE(c.add(direction::uplink, 1'000));
  EXPECT_FALSE(c.add(direction::downlink, 1'999));
  EXPECT_TRUE(c.add(direction::downlink, 1));  // exactly reaches 3000
  EXPECT_FALSE(c.add(direction::downlink, 1'000));
  EXPECT_TRUE(c.threshold_reached());
}

TEST(usage_counter, when_report_is_taken_then_counting_restarts_and_threshold_rearms) {
  volume_threshold t;
  t.uplink_ = 1'000;
  usage_counter c(urr1, t);
  EXPECT_TRUE(c.add(direction::uplink, 1'500));
  const auto report = c.take_report();
  EXPECT_EQ(report.uplink_octets_, 1'500u);
  EXPECT_EQ(c.measured(), volume_measurement{});
  EXPECT_FALSE(c.threshold_reached());
  EXPECT_FALSE(c.add(direction::uplink, 999));
  EXPECT_TRUE(c.add(direction::uplink, 1));
}

TEST(usage_counter, when_only_downlink_threshold_is_set_then_uplink_volume_never_triggers) {
  volume_threshold t;
  t.downlink_ = 100;
  usage_counter c(urr1, t);
  EXPECT_FALSE(c.add(direction::uplink, 10'000));
  EXPECT_TRUE(c.add(direction::downlink, 100));
}

TEST(usage_counter, when_no_threshold_is_set_then_no_report_is_ever_due) {
  usage_counter c(urr1, {});
  for (int i = 0; i < 1000; ++i) EXPECT_FALSE(c.add(direction::uplink, 65'535));
}

TEST(usage_counter, when_threshold_is_lowered_below_the_measurement_then_next_packet_triggers) {
  usage_counter c(urr1, {});
  c.add(direction::uplink, 5'000);
  volume_threshold t;
  t.total_ = 1'000;
  c.set_threshold(t);
  EXPECT_TRUE(c.add(direction::uplink, 1));
}

}  // namespace
}  // namespace meridian::upf
