#include <gtest/gtest.h>

#include <type_traits>
#include <unordered_set>

#include "meridian/common/strong_id.hpp"

using namespace meridian;

TEST(strong_id, accepts_the_full_range_of_the_specification_and_nothing_more) {
  EXPECT_TRUE(teid::from(0xffffffffu));
  EXPECT_FALSE(teid::from(0x100000000ull));
  EXPECT_TRUE(qfi::from(63));
  EXPECT_FALSE(qfi::from(64));
  EXPECT_EQ(seid::from(~0ull)->value(), ~0ull);
}

TEST(strong_id, different_identifiers_are_different_types) {
  static_assert(!std::is_convertible_v<teid, seid>);
  static_assert(!std::is_convertible_v<std::uint32_t, teid>);
  constexpr auto t = teid::literal(7);
  static_assert(t.value() == 7);
  EXPECT_LT(teid::literal(1), teid::literal(2));
  std::unordered_set<teid> set{teid::literal(1), teid::literal(1), teid::literal(2)};
  EXPECT_EQ(set.size(), 2u);
}
