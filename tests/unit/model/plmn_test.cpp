#include <gtest/gtest.h>

#include <array>
#include <unordered_set>

#include "meridian/model/plmn.hpp"

using namespace meridian::model;

TEST(plmn, default_is_the_test_plmn_001_01) {
  constexpr plmn p;
  static_assert(p.mcc() == "001" && p.mnc() == "01");
  EXPECT_EQ(p.to_string(), "001/01");
}

TEST(plmn, text_forms_round_trip) {
  for (const char* text : {"001/01", "208/93", "310/410", "999/999", "000/00"}) {
    auto p = plmn::parse(text);
    ASSERT_TRUE(p) << text;
    EXPECT_EQ(p->to_string(), text);
    EXPECT_EQ(plmn::parse(p->to_string()), p);
  }
}

TEST(plmn, digits_without_a_slash_take_the_rest_as_mnc) {
  auto two = plmn::parse("00101");
  ASSERT_TRUE(two);
  EXPECT_EQ(two->mcc(), "001");
  EXPECT_EQ(two->mnc(), "01");
  EXPECT_EQ(two->mnc_length(), 2u);
  auto three = plmn::parse("310410");
  ASSERT_TRUE(three);
  EXPECT_EQ(three->mnc(), "410");
  EXPECT_EQ(three->digits(), "310410");
}

TEST(plmn, a_two_and_a_three_digit_mnc_are_different_plmns) {
  EXPECT_NE(plmn::parse("001/01"), plmn::parse("001/010"));
  EXPECT_NE(plmn::parse("001/01"), plmn::parse("001/001"));
}

TEST(plmn, rejects_malformed_text) {
  for (const char* text : {"", "0010", "001/", "/01", "01/01", "0011/01", "001/1", "001/0123", "00a/01", "001/0x",
                           "001/01/", "001-01", "0010123", " 001/01", "001 01"})
    EXPECT_FALSE(plmn::parse(text)) << text;
}

TEST(plmn, from_digits_checks_each_part) {
  EXPECT_TRUE(plmn::from_digits("001", "01"));
  EXPECT_FALSE(plmn::from_digits("01", "01"));
  EXPECT_FALSE(plmn::from_digits("001", "1"));
  EXPECT_FALSE(plmn::from_digits("001", "0001"));
  EXPECT_FALSE(plmn::from_digits("0:1", "01"));
}

TEST(plmn, bcd_of_a_two_digit_mnc_has_filler_f) {
  // TS 24.008 Figure 10.5.13: MCC2|MCC1, MNC3|MCC3, MNC2|MNC1.
  EXPECT_EQ(plmn::parse("001/01")->to_bcd(), (std::array<std::uint8_t, 3>{0x00, 0xF1, 0x10}));
  EXPECT_EQ(plmn::parse("208/93")->to_bcd(), (std::array<std::uint8_t, 3>{0x02, 0xF8, 0x39}));
}

TEST(plmn, bcd_of_a_three_digit_mnc) {
  EXPECT_EQ(plmn::parse("310/410")->to_bcd(), (std::array<std::uint8_t, 3>{0x13, 0x00, 0x14}));
  EXPECT_EQ(plmn::parse("001/001")->to_bcd(), (std::array<std::uint8_t, 3>{0x00, 0x11, 0x00}));
}

TEST(plmn, bcd_round_trips) {
  for (const char* text : {"001/01", "001/001", "208/93", "310/410", "999/99", "999/999", "000/00"}) {
    const auto p = *plmn::parse(text);
    const auto octets = p.to_bcd();
    EXPECT_EQ(plmn::from_bcd(octets), p) << text;
  }
}

TEST(plmn, bad_bcd_is_an_error_not_a_throw) {
  using o = std::array<std::uint8_t, 3>;
  EXPECT_FALSE(plmn::from_bcd(o{0xAA, 0xF1, 0x10}));  // MCC digit A
  EXPECT_FALSE(plmn::from_bcd(o{0x00, 0xFF, 0x10}));  // MCC digit 3 is F
  EXPECT_FALSE(plmn::from_bcd(o{0x00, 0xA1, 0x10}));  // MNC digit 3 is A, not F
  EXPECT_FALSE(plmn::from_bcd(o{0x00, 0xF1, 0xF0}));  // MNC digit 2 is F
  EXPECT_FALSE(plmn::from_bcd(o{0x00, 0xF1, 0x0F}));  // MNC digit 1 is F
  EXPECT_FALSE(plmn::from_bcd(std::array<std::uint8_t, 2>{0x00, 0xF1}));
  EXPECT_FALSE(plmn::from_bcd(std::array<std::uint8_t, 4>{0x00, 0xF1, 0x10, 0x00}));
  EXPECT_FALSE(plmn::from_bcd({}));
}

TEST(plmn, every_octet_triple_decodes_or_fails_cleanly_and_what_decodes_re_encodes) {
  // Exhaustive over the 2nd octet and a sample of the others: no throw, and a
  // decoded PLMN encodes back to the same octets.
  for (unsigned a : {0x00u, 0x21u, 0x99u, 0x9Au, 0xF0u})
    for (unsigned b = 0; b < 256; ++b)
      for (unsigned c : {0x00u, 0x10u, 0x99u, 0xA9u, 0x9Fu}) {
        const std::array<std::uint8_t, 3> o{static_cast<std::uint8_t>(a), static_cast<std::uint8_t>(b),
                                            static_cast<std::uint8_t>(c)};
        if (auto p = plmn::from_bcd(o)) {
          EXPECT_EQ(p->to_bcd(), o);
        }
      }
}

TEST(plmn, orders_hashes_and_is_small) {
  static_assert(sizeof(plmn) <= 8, "a PLMN is fixed-size, held inline");
  EXPECT_LT(*plmn::parse("001/01"), *plmn::parse("208/93"));
  std::unordered_set<plmn> s{*plmn::parse("001/01"), *plmn::parse("00101"), *plmn::parse("001/001")};
  EXPECT_EQ(s.size(), 2u);
}
