#include "meridian/upf/ids.hpp"

#include <gtest/gtest.h>

namespace meridian::upf {
namespace {

TEST(ipv4_address, when_text_is_a_dotted_quad_then_it_parses_and_prints_back) {
  auto a = parse_ipv4("10.45.0.255");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(*a, ipv4_from_octets(10, 45, 0, 255));
  EXPECT_EQ(to_string(*a), "10.45.0.255");
  EXPECT_EQ(parse_ipv4("0.0.0.0"), ipv4_from_octets(0, 0, 0, 0));
}

TEST(ipv4_address, when_text_is_anything_else_then_nothing_is_returned) {
  for (const char* t : {"", "10.45.0", "10.45.0.1.2", "256.0.0.1", "10.045.0.1", "10..0.1", "10.0.0.1 ", "a.b.c.d",
                        "1000.0.0.1", "10.0.0.-1", "::1"})
    EXPECT_FALSE(parse_ipv4(t).has_value()) << t;
}

}  // namespace
}  // namespace meridian::upf
