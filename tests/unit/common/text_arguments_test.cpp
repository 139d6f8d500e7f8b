// Typed values (hex, numbers, text) with errors that name the input.

#include <gtest/gtest.h>

#include "meridian/common/text_arguments.hpp"

namespace {

using meridian::parse_hex_argument;
using meridian::parse_number_argument;
using meridian::parse_text_argument;

TEST(text_arguments, hex_of_the_expected_length_gives_its_octets) {
  auto r = parse_hex_argument("--amf", "80:0A", 2);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, (std::vector<std::uint8_t>{0x80, 0x0a}));
  EXPECT_EQ(parse_hex_argument("--res", "01020304")->size(), 4u);
}

TEST(text_arguments, hex_of_another_length_or_not_hex_names_the_input) {
  EXPECT_EQ(parse_hex_argument("--sqn", "00", 6).error(), "--sqn: expected 6 octets (12 hex digits), got 1");
  EXPECT_EQ(parse_hex_argument("--k", "zz", 16).error(), "--k: not hex: 'z' is not a hex digit at character 0");
}

TEST(text_arguments, numbers_are_decimal_or_0x_hex_up_to_the_maximum) {
  EXPECT_EQ(parse_number_argument("--gnb-id", "0x1f", 100).value(), 31u);
  EXPECT_EQ(parse_number_argument("--nea", "3", 3).value(), 3u);
  EXPECT_EQ(parse_number_argument("--nea", "4", 3).error(), "--nea: 4 is out of range [0, 3]");
  EXPECT_EQ(parse_number_argument("--count", "1x", 9).error(), "--count: '1x' is not a number");
  EXPECT_EQ(parse_number_argument("--count", "", 9).error(), "--count: '' is not a number");
  EXPECT_EQ(parse_number_argument("--count", "0x", 9).error(), "--count: '0x' is not a number");
}

TEST(text_arguments, text_must_be_non_empty_and_within_its_length) {
  EXPECT_EQ(parse_text_argument("--snn", "5G:x").value(), "5G:x");
  EXPECT_EQ(parse_text_argument("--snn", "").error(), "--snn: must not be empty");
  EXPECT_EQ(parse_text_argument("--supi", std::string(254, 'a'), 253).error(),
            "--supi: 254 octets is longer than the 253 allowed");
}

}  // namespace
