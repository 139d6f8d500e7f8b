#include <gtest/gtest.h>

#include <vector>

#include "meridian/crypto/secret.hpp"

using namespace meridian::crypto;

TEST(secret, accepts_exactly_its_size) {
  const std::vector<std::uint8_t> sixteen(16, 0xab);
  auto k = key128::from(sixteen);
  ASSERT_TRUE(k);
  EXPECT_EQ(k->bytes()[15], 0xab);
  EXPECT_FALSE(key128::from(std::vector<std::uint8_t>(15)));
  EXPECT_FALSE(key128::from(std::vector<std::uint8_t>(17)));
}

TEST(secret, compares_by_content) {
  const std::vector<std::uint8_t> a(16, 1), b(16, 2);
  EXPECT_EQ(*key128::from(a), *key128::from(a));
  EXPECT_NE(*key128::from(a), *key128::from(b));
}

TEST(secure_wipe, zeroes_the_buffer) {
  std::vector<std::uint8_t> buf(32, 0x5a);
  secure_wipe(buf);
  EXPECT_EQ(buf, std::vector<std::uint8_t>(32, 0));
  EXPECT_TRUE(constant_time_equal(buf, std::vector<std::uint8_t>(32, 0)));
  EXPECT_FALSE(constant_time_equal(buf, std::vector<std::uint8_t>(31, 0)));
}
