// TS 29.571 §5.2.2 BitRate: the text the SBI carries for AMBRs and MBRs,
// read and written as bit/s.

#include <gtest/gtest.h>

#include "meridian/sbi_types/bit_rate.hpp"

namespace meridian::sbi {
namespace {

TEST(bit_rate, reads_each_unit_of_the_pattern) {
  EXPECT_EQ(parse_bit_rate("0 bps"), 0u);
  EXPECT_EQ(parse_bit_rate("64 Kbps"), 64'000u);
  EXPECT_EQ(parse_bit_rate("1 Mbps"), 1'000'000u);
  EXPECT_EQ(parse_bit_rate("2 Gbps"), 2'000'000'000u);
  EXPECT_EQ(parse_bit_rate("3 Tbps"), 3'000'000'000'000u);
}

TEST(bit_rate, reads_a_fraction_down_to_one_bit_per_second) {
  EXPECT_EQ(parse_bit_rate("1.5 Mbps"), 1'500'000u);
  EXPECT_EQ(parse_bit_rate("0.001 Kbps"), 1u);
  EXPECT_EQ(parse_bit_rate("0.0001 Kbps"), 0u);  // below one bit/s: dropped
}

TEST(bit_rate, refuses_what_the_pattern_does_not_allow) {
  for (const char* bad : {"", "1", "1Mbps", "1  Mbps", "1 mbps", "1 MBps", "-1 Mbps", "1. Mbps", ".5 Mbps", "1.x Mbps",
                          "x Mbps", "1 Mbps ", " 1 Mbps", "18446744073709551616 bps", "18446744073709552 Kbps"})
    EXPECT_FALSE(parse_bit_rate(bad)) << '"' << bad << '"';
}

TEST(bit_rate, writes_the_largest_exact_unit_and_reads_back) {
  EXPECT_EQ(format_bit_rate(0), "0 bps");
  EXPECT_EQ(format_bit_rate(1'000'000'000), "1 Gbps");
  EXPECT_EQ(format_bit_rate(1'500'000), "1500 Kbps");
  EXPECT_EQ(format_bit_rate(999), "999 bps");
  for (std::uint64_t v : {0ull, 1ull, 999ull, 1'000ull, 1'234'000ull, 5'000'000'000'000ull})
    EXPECT_EQ(parse_bit_rate(format_bit_rate(v)), v);
}

}  // namespace
}  // namespace meridian::sbi
