#include "meridian/upf/token_bucket.hpp"

#include <cmath>

#include <gtest/gtest.h>

namespace meridian::upf {
namespace {

using namespace std::chrono_literals;

TEST(token_bucket, when_bucket_is_new_then_a_full_burst_passes_at_once) {
  manual_clock clk;
  token_bucket b(1'000'000, 10'000, clk.now());
  EXPECT_TRUE(b.consume(6'000, clk.now()));
  EXPECT_TRUE(b.consume(4'000, clk.now()));
  EXPECT_FALSE(b.consume(1, clk.now()));
}

TEST(token_bucket, when_time_passes_then_credit_returns_at_the_rate) {
  manual_clock clk;
  token_bucket b(8'000'000, 1'500, clk.now());  // 1 MB/s
  ASSERT_TRUE(b.consume(1'500, clk.now()));
  clk.advance(1ms);  // 1000 bytes of credit
  EXPECT_FALSE(b.consume(1'001, clk.now()));
  EXPECT_TRUE(b.consume(1'000, clk.now()));
}

TEST(token_bucket, when_idle_for_long_then_credit_stops_at_the_burst) {
  manual_clock clk;
  token_bucket b(1'000'000'000'000ULL, 100'000, clk.now());  // 1 Tbit/s: no overflow
  clk.advance(std::chrono::hours(24 * 365));
  EXPECT_EQ(b.burst_bytes(), 100'000u);
  EXPECT_TRUE(b.consume(100'000, clk.now()));
  EXPECT_FALSE(b.consume(1, clk.now()));
}

TEST(token_bucket, when_rate_is_zero_then_nothing_passes_after_the_burst) {
  manual_clock clk;
  token_bucket b(0, 0, clk.now());
  clk.advance(10s);
  EXPECT_FALSE(b.consume(1, clk.now()));
  EXPECT_TRUE(b.consume(0, clk.now()));
}

TEST(token_bucket, when_checking_conformance_then_no_credit_is_taken) {
  manual_clock clk;
  token_bucket b(1'000'000, 3'000, clk.now());
  EXPECT_TRUE(b.conforms(3'000, clk.now()));
  EXPECT_TRUE(b.conforms(3'000, clk.now()));
  EXPECT_EQ(b.available_bytes(), 3'000u);
}

TEST(token_bucket, when_burst_is_huge_then_it_is_clamped_not_overflowed) {
  manual_clock clk;
  token_bucket b(1'000, ~std::uint64_t{0}, clk.now());
  EXPECT_EQ(b.burst_bytes(), token_bucket::max_burst_bytes);
}

TEST(token_bucket, when_no_burst_is_configured_then_the_default_holds_ten_milliseconds_or_two_packets) {
  EXPECT_EQ(token_bucket::default_burst_bytes(100'000'000), 125'000u);  // 100 Mbit/s × 10 ms
  EXPECT_EQ(token_bucket::default_burst_bytes(64'000), 3'000u);
}

// The acceptance criterion of issue #7: offered twice the MBR for 10 simulated
// seconds, the policed flow stays within 5 % of the MBR.
TEST(token_bucket, when_rate_exceeds_mbr_then_excess_packets_are_dropped) {
  for (std::uint64_t rate : {64'000ULL, 1'000'000ULL, 10'000'000ULL, 100'000'000ULL, 1'000'000'000ULL}) {
    manual_clock clk;
    token_bucket b(rate, token_bucket::default_burst_bytes(rate), clk.now());
    constexpr std::size_t packet = 1'400;
    const auto sim = 10s;
    // Packets every `gap` so that the offered load is 2 × rate.
    const auto gap = std::chrono::nanoseconds(packet * 8 * 1'000'000'000ULL / (2 * rate));
    std::uint64_t passed = 0;
    std::uint64_t offered = 0;
    for (auto t = clock::duration::zero(); t < sim; t += gap) {
      offered += packet;
      if (b.consume(packet, clk.now())) passed += packet;
      clk.advance(gap);
    }
    const double achieved_bps = static_cast<double>(passed) * 8 / 10.0;
    EXPECT_NEAR(achieved_bps, static_cast<double>(rate), 0.05 * static_cast<double>(rate)) << "rate " << rate;
    EXPECT_LT(passed, offered);
  }
}

TEST(token_bucket, when_rate_is_below_mbr_then_every_packet_passes) {
  manual_clock clk;
  const std::uint64_t rate = 10'000'000;
  token_bucket b(rate, token_bucket::default_burst_bytes(rate), clk.now());
  const auto gap = std::chrono::nanoseconds(1'400ULL * 8 * 1'000'000'000ULL / (rate / 2));
  for (int i = 0; i < 10'000; ++i) {
    ASSERT_TRUE(b.consume(1'400, clk.now())) << "packet " << i;
    clk.advance(gap);
  }
}

}  // namespace
}  // namespace meridian::upf
