// UE address pools: ranges, uniqueness, exhaustion, release, static addresses.

#include <gtest/gtest.h>

#include <set>

#include "meridian/smf/ue_address_pool.hpp"

namespace meridian::smf {
namespace {

ue_address_pool v4_pool(std::string_view cidr) {
  ue_address_pool_config c;
  c.ipv4_ = ipv4_cidr::parse(cidr);
  c.ipv6_.reset();
  return ue_address_pool(c);
}

ue_address_pool v6_pool(std::string_view prefix) {
  ue_address_pool_config c;
  c.ipv4_.reset();
  c.ipv6_ = ipv6_prefix::parse(prefix);
  return ue_address_pool(c);
}

TEST(ue_address_pool, when_a_cidr_is_parsed_then_host_bits_are_cleared_and_bad_text_is_refused) {
  auto c = ipv4_cidr::parse("10.45.1.7/16");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->to_string(), "10.45.0.0/16");
  EXPECT_FALSE(ipv4_cidr::parse("10.45.0.0"));
  EXPECT_FALSE(ipv4_cidr::parse("10.45.0.0/33"));
  EXPECT_FALSE(ipv4_cidr::parse("10.45.0/16"));
  EXPECT_FALSE(ipv4_cidr::parse("10.45.0.0/"));
  auto p = ipv6_prefix::parse("2001:db8:cafe:ffff::1/48");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->to_string(), "2001:db8:cafe::/48");
  EXPECT_FALSE(ipv6_prefix::parse("2001:db8::/129"));
  EXPECT_FALSE(ipv6_prefix::parse("2001:db8:::/48"));
}

TEST(ue_address_pool, when_the_default_pool_is_built_then_it_has_both_families_of_the_issue) {
  ue_address_pool pool{ue_address_pool_config{}};
  ASSERT_TRUE(pool.has_ipv4());
  ASSERT_TRUE(pool.has_ipv6());
  auto a = pool.allocate_ipv4();
  ASSERT_TRUE(a);
  EXPECT_TRUE(ipv4_cidr::parse("10.45.0.0/16")->contains(*a));
  auto p = pool.allocate_ipv6_prefix();
  ASSERT_TRUE(p);
  EXPECT_TRUE(ipv6_prefix::parse("2001:db8:cafe::/48")->contains(*p));
}

TEST(ue_address_pool, when_a_small_block_is_used_up_then_it_is_exhausted_and_a_release_makes_room) {
  auto pool = v4_pool("192.0.2.0/29");  // 8 addresses: network, gateway, 5 hosts, broadcast
  std::set<ipv4_address> seen;
  for (int i = 0; i < 5; ++i) {
    auto a = pool.allocate_ipv4();
    ASSERT_TRUE(a) << i;
    EXPECT_TRUE(seen.insert(*a).second) << to_string(*a) << " handed out twice";
    EXPECT_NE(*a, (ipv4_address{192, 0, 2, 0})) << "network address";
    EXPECT_NE(*a, (ipv4_address{192, 0, 2, 1})) << "gateway";
    EXPECT_NE(*a, (ipv4_address{192, 0, 2, 7})) << "broadcast";
  }
  auto none = pool.allocate_ipv4();
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error(), pool_errc::exhausted);
  EXPECT_EQ(pool.ipv4_in_use(), 5u);

  pool.release_ipv4({192, 0, 2, 4});
  EXPECT_EQ(pool.ipv4_in_use(), 4u);
  auto again = pool.allocate_ipv4();
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, (ipv4_address{192, 0, 2, 4}));
  EXPECT_FALSE(pool.allocate_ipv4());
}

TEST(ue_address_pool, when_every_address_of_a_24_is_leased_then_none_is_leased_twice) {
  auto pool = v4_pool("10.0.0.0/24");
  std::set<ipv4_address> seen;
  for (;;) {
    auto a = pool.allocate_ipv4();
    if (!a) break;
    EXPECT_TRUE(seen.insert(*a).second) << to_string(*a);
    ASSERT_LT(seen.size(), 300u);
  }
  EXPECT_EQ(seen.size(), 253u);
}

TEST(ue_address_pool, when_an_address_is_released_then_it_is_reused_last) {
  auto pool = v4_pool("10.0.0.0/24");
  auto first = pool.allocate_ipv4();
  ASSERT_TRUE(first);
  pool.release_ipv4(*first);
  auto next = pool.allocate_ipv4();
  ASSERT_TRUE(next);
  EXPECT_NE(*next, *first);
}

TEST(ue_address_pool, when_a_static_address_is_in_the_range_then_it_is_reserved_and_never_handed_out_again) {
  auto pool = v4_pool("192.0.2.0/29");
  const ipv4_address fixed{192, 0, 2, 2};  // the first one the pool would give
  auto s = pool.allocate_ipv4(fixed);
  ASSERT_TRUE(s);
  EXPECT_EQ(*s, fixed);
  for (int i = 0; i < 4; ++i) {
    auto a = pool.allocate_ipv4();
    ASSERT_TRUE(a);
    EXPECT_NE(*a, fixed);
  }
  auto twice = pool.allocate_ipv4(fixed);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error(), pool_errc::static_in_use);
  pool.release_ipv4(fixed);
  EXPECT_TRUE(pool.allocate_ipv4(fixed));
}

TEST(ue_address_pool, when_a_static_address_is_outside_the_range_then_it_is_honoured_once) {
  auto pool = v4_pool("192.0.2.0/29");
  const ipv4_address fixed{198, 51, 100, 9};
  ASSERT_TRUE(pool.allocate_ipv4(fixed));
  auto twice = pool.allocate_ipv4(fixed);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error(), pool_errc::static_in_use);
  EXPECT_EQ(pool.ipv4_in_use(), 1u);
  pool.release_ipv4(fixed);
  EXPECT_EQ(pool.ipv4_in_use(), 0u);
  EXPECT_TRUE(pool.allocate_ipv4(fixed));
}

TEST(ue_address_pool, when_ipv6_prefixes_are_leased_then_each_is_a_distinct_64_of_the_range) {
  auto pool = v6_pool("2001:db8:cafe::/62");  // four /64s; the first stays with N6
  std::set<ipv6_address> seen;
  for (int i = 0; i < 3; ++i) {
    auto p = pool.allocate_ipv6_prefix();
    ASSERT_TRUE(p);
    EXPECT_TRUE(ipv6_prefix::parse("2001:db8:cafe::/62")->contains(*p));
    for (std::size_t k = 8; k < 16; ++k) EXPECT_EQ((*p)[k], 0) << "a /64 prefix has no interface bits";
    EXPECT_NE(*p, *parse_ipv6("2001:db8:cafe::"));
    EXPECT_TRUE(seen.insert(*p).second);
  }
  auto none = pool.allocate_ipv6_prefix();
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error(), pool_errc::exhausted);
  const ipv6_address back = *seen.begin();
  pool.release_ipv6_prefix(back);
  auto again = pool.allocate_ipv6_prefix();
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, back);
}

TEST(ue_address_pool, when_a_family_is_not_configured_then_asking_for_it_says_no_pool) {
  auto pool = v4_pool("10.0.0.0/24");
  EXPECT_FALSE(pool.has_ipv6());
  auto p = pool.allocate_ipv6_prefix();
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error(), pool_errc::no_pool);
}

TEST(ue_address_pool, when_pools_are_looked_up_then_the_slice_specific_one_wins_over_any_slice) {
  ue_address_pool_config any;
  any.dnn_ = "internet";
  any.ipv4_ = ipv4_cidr::parse("10.45.0.0/16");
  ue_address_pool_config urllc = any;
  urllc.s_nssai_ = model::s_nssai{2, std::nullopt};
  urllc.ipv4_ = ipv4_cidr::parse("10.46.0.0/16");
  ue_address_pools pools({any, urllc});
  ASSERT_NE(pools.find("internet", model::s_nssai{2, std::nullopt}), nullptr);
  EXPECT_EQ(pools.find("internet", model::s_nssai{2, std::nullopt})->config().ipv4_, urllc.ipv4_);
  EXPECT_EQ(pools.find("internet", model::s_nssai{1, std::nullopt})->config().ipv4_, any.ipv4_);
  EXPECT_EQ(pools.find("ims", model::s_nssai{1, std::nullopt}), nullptr);
}

}  // namespace
}  // namespace meridian::smf
