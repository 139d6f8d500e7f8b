#include <gtest/gtest.h>

#include "meridian/common/hex.hpp"

using namespace meridian;
using bytes = std::vector<std::uint8_t>;

TEST(hex, encodes_lowercase_without_separators) {
  EXPECT_EQ(to_hex(bytes{0x00, 0x7e, 0xab, 0xff}), "007eabff");
  EXPECT_EQ(to_hex(bytes{}), "");
}

TEST(hex, decodes_either_case_with_wireshark_separators_and_prefix) {
  EXPECT_EQ(*from_hex("007EabFF"), (bytes{0x00, 0x7e, 0xab, 0xff}));
  EXPECT_EQ(*from_hex("7e:00:41"), (bytes{0x7e, 0x00, 0x41}));
  EXPECT_EQ(*from_hex("0x7e 00\n41"), (bytes{0x7e, 0x00, 0x41}));
  EXPECT_EQ(*from_hex(""), bytes{});
}

TEST(hex, when_digit_count_is_odd_then_error_points_at_the_lone_digit) {
  auto r = from_hex("7e0");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().position, 2u);
  EXPECT_NE(r.error().message().find("odd"), std::string::npos);
}

TEST(hex, when_character_is_not_hex_then_error_names_it_and_its_position) {
  auto r = from_hex("7e0g");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().position, 3u);
  EXPECT_NE(r.error().message().find("'g'"), std::string::npos);
  EXPECT_FALSE(from_hex("7 e"));
}

TEST(hex, when_bad_character_is_not_printable_then_error_shows_it_escaped) {
  auto r = from_hex(std::string("7e\x1b", 3));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("'\\x1b'"), std::string::npos) << r.error().message();
}
