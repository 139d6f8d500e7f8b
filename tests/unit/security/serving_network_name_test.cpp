// The serving network name of TS 33.501 §6.1.1.4 / TS 24.501 §9.12.1.

#include <gtest/gtest.h>

#include "meridian/security/serving_network_name.hpp"

using namespace meridian;
using namespace meridian::security;

TEST(serving_network_name, a_two_digit_mnc_is_written_with_a_leading_zero) {
  EXPECT_EQ(serving_network_name(*model::plmn::parse("001/01")), "5G:mnc001.mcc001.3gppnetwork.org");
  EXPECT_EQ(serving_network_name(*model::plmn::parse("208/93")), "5G:mnc093.mcc208.3gppnetwork.org");
  EXPECT_EQ(serving_network_name(*model::plmn::parse("310/410")), "5G:mnc410.mcc310.3gppnetwork.org");
}

TEST(serving_network_name, a_well_formed_name_parses_into_mcc_mnc_and_nid) {
  auto id = parse_serving_network_name("5G:mnc093.mcc208.3gppnetwork.org");
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(id->mcc, "208");
  EXPECT_EQ(id->mnc, "093");
  EXPECT_FALSE(id->nid.has_value());
  auto snpn = parse_serving_network_name("5G:mnc001.mcc999.3gppnetwork.org:000007ed9d5");
  ASSERT_TRUE(snpn.has_value());
  EXPECT_EQ(snpn->nid, "000007ed9d5");
}

TEST(serving_network_name, anything_else_is_refused) {
  for (const char* bad : {"", "5G:", "4G:mnc093.mcc208.3gppnetwork.org", "5G:mnc93.mcc208.3gppnetwork.org",
                          "5G:mnc093.mcc20.3gppnetwork.org", "5G:mnc093.mcc208.3gppnetwork.org.",
                          "5G:mnc093.mcc208.3gppnetwork.com", "5g:mnc093.mcc208.3gppnetwork.org",
                          "5G:mnc0a3.mcc208.3gppnetwork.org", "5G:mnc093.mcc208.3gppnetwork.org:123",
                          "5G:mnc093.mcc208.3gppnetwork.org:0000000000g", " 5G:mnc093.mcc208.3gppnetwork.org"}) {
    EXPECT_FALSE(parse_serving_network_name(bad).has_value()) << bad;
  }
}

TEST(serving_network_name, names_one_of_compares_the_plmn_of_the_name) {
  const std::vector<model::plmn> plmns = {*model::plmn::parse("001/01"), *model::plmn::parse("310/410")};
  EXPECT_TRUE(names_one_of("5G:mnc001.mcc001.3gppnetwork.org", plmns));
  EXPECT_TRUE(names_one_of("5G:mnc410.mcc310.3gppnetwork.org", plmns));
  EXPECT_TRUE(names_one_of("5G:mnc001.mcc001.3gppnetwork.org:000007ed9d5", plmns));
  EXPECT_FALSE(names_one_of("5G:mnc093.mcc208.3gppnetwork.org", plmns));
  EXPECT_FALSE(names_one_of("5G:mnc01.mcc001.3gppnetwork.org", plmns));
  EXPECT_FALSE(names_one_of("5G:mnc001.mcc001.3gppnetwork.org", {}));
}
