#include "meridian/upf_bench/stats.hpp"

#include <gtest/gtest.h>

#include <random>

namespace meridian::upf_bench {
namespace {

TEST(latency_histogram, when_empty_then_every_percentile_is_zero) {
  latency_histogram h;
  EXPECT_EQ(h.percentile(0.5), 0u);
  EXPECT_EQ(h.percentile(0.99), 0u);
}

TEST(latency_histogram, when_values_are_small_then_percentiles_are_exact) {
  latency_histogram h;
  for (std::uint64_t v = 1; v <= 50; ++v) h.record(v);
  EXPECT_EQ(h.percentile(0.5), 25u);
  EXPECT_EQ(h.percentile(0.98), 49u);
  EXPECT_EQ(h.percentile(1.0), 50u);
}

TEST(latency_histogram, when_one_sample_is_an_outlier_then_p99_of_a_hundred_ignores_it_and_max_keeps_it) {
  latency_histogram h;
  for (int i = 0; i < 99; ++i) h.record(10'000);
  h.record(5'000'000);
  EXPECT_NEAR(static_cast<double>(h.percentile(0.99)), 10'000, 10'000 / 64.0);
  EXPECT_EQ(h.percentile(1.0), 5'000'000u);
  EXPECT_EQ(h.max(), 5'000'000u);
}

TEST(latency_histogram, percentiles_of_a_uniform_distribution_are_within_bucket_error) {
  latency_histogram h;
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<std::uint64_t> d(0, 1'000'000);
  for (int i = 0; i < 200'000; ++i) h.record(d(rng));
  EXPECT_NEAR(static_cast<double>(h.percentile(0.5)), 500'000, 500'000 * 0.025);
  EXPECT_NEAR(static_cast<double>(h.percentile(0.99)), 990'000, 990'000 * 0.025);
}

TEST(latency_histogram, every_value_lies_in_a_bucket_whose_upper_edge_is_within_two_percent) {
  for (std::uint64_t v : {0ull, 1ull, 63ull, 64ull, 65ull, 127ull, 128ull, 1000ull, 123'456ull, 987'654'321ull,
                          (1ull << 40) - 1, 1ull << 40}) {
    const auto b = latency_histogram::bucket_of(v);
    ASSERT_LT(b, latency_histogram::bucket_count) << v;
    const auto edge = latency_histogram::upper_edge(b);
    EXPECT_GE(edge, v) << v;
    EXPECT_LE(static_cast<double>(edge - v), static_cast<double>(v) / 50.0 + 1) << v;
    if (b > 0) {
      EXPECT_LT(latency_histogram::upper_edge(b - 1), v) << v;
    }
  }
}

TEST(latency_histogram, when_two_are_merged_then_counts_add_up) {
  latency_histogram a, b;
  a.record(100);
  b.record(300);
  b.record(300);
  a.merge(b);
  EXPECT_EQ(a.count(), 3u);
  EXPECT_NEAR(static_cast<double>(a.percentile(0.5)), 300, 300 / 64.0 + 1);
}

TEST(trial_result, loss_is_the_fraction_not_received) {
  trial_result r;
  EXPECT_EQ(r.loss(), 0);
  r.sent_ = 1000;
  r.received_ = 995;
  EXPECT_DOUBLE_EQ(r.loss(), 0.005);
  r.received_ = 1001;  // a duplicate is no negative loss
  EXPECT_EQ(r.loss(), 0);
}

TEST(throughput, gbit_per_second_counts_ip_packet_bits) {
  EXPECT_DOUBLE_EQ(gbit_per_second(1e6, 1400), 11.2);
  EXPECT_DOUBLE_EQ(gbit_per_second(1e6, 64), 0.512);
}

}  // namespace
}  // namespace meridian::upf_bench
