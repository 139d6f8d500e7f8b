// `meridian bench upf`'s typed options into the benchmark's options.

#include <gtest/gtest.h>

#include <fmt/format.h>

#include "meridian/upf_bench/bench_arguments.hpp"
#include "meridian/upf_bench/packets.hpp"

namespace meridian::upf_bench {
namespace {

TEST(bench_arguments, nothing_given_keeps_every_default) {
  const auto o = bench_options_from({});
  ASSERT_TRUE(o.has_value());
  const bench_options defaults;
  EXPECT_EQ(o->forwarders_, defaults.forwarders_);
  EXPECT_EQ(o->directions_, defaults.directions_);
  EXPECT_EQ(o->sizes_, defaults.sizes_);
  EXPECT_EQ(o->sessions_, defaults.sessions_);
  EXPECT_DOUBLE_EQ(o->trial_seconds_, defaults.trial_seconds_);
  EXPECT_TRUE(o->pin_);
  EXPECT_TRUE(o->interface_types_);
  EXPECT_FALSE(o->external_upf_);
  EXPECT_DOUBLE_EQ(o->mbr_bps_, 0);
}

TEST(bench_arguments, quick_comes_first_and_each_option_given_replaces_its_part) {
  bench_arguments a;
  a.quick_ = true;
  a.sizes_ = "100,,1400";
  a.forwarders_ = "upf,relay-gro";
  a.trial_ms_ = 50;
  a.mbr_mbps_ = 2.5;
  a.no_pin_ = true;
  const auto o = bench_options_from(a);
  ASSERT_TRUE(o.has_value());
  EXPECT_EQ(o->sizes_, (std::vector<std::size_t>{100, 1400}));
  EXPECT_EQ(o->forwarders_, (std::vector<forwarder_kind>{forwarder_kind::upf, forwarder_kind::relay_gro_gso}));
  EXPECT_EQ(o->directions_, (std::vector<direction>{direction::uplink}));  // --quick's
  EXPECT_EQ(o->sessions_, (std::vector<std::size_t>{1, 1000}));            // --quick's
  EXPECT_DOUBLE_EQ(o->trial_seconds_, 0.05);
  EXPECT_DOUBLE_EQ(o->mbr_bps_, 2.5e6);
  EXPECT_FALSE(o->pin_);
}

// The error for one option's text (a fresh bench_arguments each: GCC 12 warns
// falsely (-Wrestrict) on reassigning the strings of a reset one).
std::string error_for(std::string bench_arguments::*option, std::string text) {
  bench_arguments a;
  a.*option = std::move(text);
  const auto o = bench_options_from(a);
  EXPECT_FALSE(o.has_value());
  return o ? std::string() : o.error();
}

TEST(bench_arguments, a_bad_item_is_named_with_its_option_and_range) {
  EXPECT_EQ(error_for(&bench_arguments::sizes_, "64,1"),
            fmt::format("--sizes: '1' is not a number in {}..{}", min_inner_size, max_inner_size));
  EXPECT_EQ(error_for(&bench_arguments::sessions_, "10x"), "--sessions: '10x' is not a number in 1..1000000");
  EXPECT_EQ(error_for(&bench_arguments::sessions_, "99999999999999999999999"),
            "--sessions: '99999999999999999999999' is not a number in 1..1000000");
  EXPECT_EQ(error_for(&bench_arguments::sessions_, ","), "--sessions: empty list");
  EXPECT_EQ(error_for(&bench_arguments::directions_, "ul,up"), "--directions: 'up' is not one of ul, dl, both");
  EXPECT_EQ(error_for(&bench_arguments::forwarders_, "dpdk"),
            "--forwarders: 'dpdk' is not one of relay-mmsg, relay-gro, upf");
}

}  // namespace
}  // namespace meridian::upf_bench
