#include <gtest/gtest.h>

#include "meridian/security/aka.hpp"

using namespace meridian::security;

TEST(sqn_bytes, converts_48_bit_numbers_both_ways) {
  const sqn48 bytes{0xff, 0x9b, 0xb4, 0xd0, 0xb6, 0x07};
  EXPECT_EQ(sqn_from_bytes(bytes), 0xff9bb4d0b607ull);
  EXPECT_EQ(sqn_to_bytes(0xff9bb4d0b607ull), bytes);
  EXPECT_EQ(sqn_to_bytes(0), (sqn48{}));
}
