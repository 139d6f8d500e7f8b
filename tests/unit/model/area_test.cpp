// S-NSSAI, TAI, NCGI and Global gNB ID.

#include <gtest/gtest.h>

#include <unordered_set>

#include "meridian/model/global_gnb_id.hpp"
#include "meridian/model/ncgi.hpp"
#include "meridian/model/s_nssai.hpp"
#include "meridian/model/tai.hpp"

using namespace meridian::model;

TEST(s_nssai, text_forms_round_trip) {
  for (const char* text : {"1", "0", "255", "1/010203", "2/000000", "3/ffffff", "128/abcdef"}) {
    auto s = s_nssai::parse(text);
    ASSERT_TRUE(s) << text;
    EXPECT_EQ(s->to_string(), text);
  }
  auto s = s_nssai::parse("1-0A0B0C");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->sst_, 1);
  EXPECT_EQ(s->sd_, slice_differentiator::from(0x0A0B0C));
  EXPECT_EQ(s->to_string(), "1/0a0b0c");
}

TEST(s_nssai, rejects_out_of_range_and_malformed_text) {
  for (const char* text : {"", "256", "-1", "01", "1/", "1/01020", "1/0102030", "1/01020g", "x", "1/010203/"})
    EXPECT_FALSE(s_nssai::parse(text)) << text;
  EXPECT_FALSE(slice_differentiator::from(0x1000000)) << "SD is 24 bits";
  EXPECT_TRUE(slice_differentiator::from(0xFFFFFF));
}

TEST(s_nssai, with_and_without_sd_differ_and_hash) {
  const s_nssai a{1, std::nullopt}, b{1, slice_differentiator::literal(0)};
  EXPECT_NE(a, b);
  std::unordered_set<s_nssai> set{a, b, a};
  EXPECT_EQ(set.size(), 2u);
}

TEST(tai, text_form_is_plmn_then_six_hex_digits) {
  const tai t{*plmn::parse("208/93"), tac::literal(0x000001)};
  EXPECT_EQ(t.to_string(), "208/93/000001");
  EXPECT_EQ(tai::parse("208/93/000001"), t);
  EXPECT_EQ(tai::parse("20893/000001"), t);
  EXPECT_EQ(tai::parse("001/01/FFFFFF")->tac_.value(), 0xFFFFFFu);
}

TEST(tai, rejects_malformed_text_and_tac_wider_than_24_bits) {
  for (const char* text : {"", "001/01", "001/01/", "001/01/1", "001/01/0000001", "001/01/00000g", "01/01/000001"})
    EXPECT_FALSE(tai::parse(text)) << text;
  EXPECT_FALSE(tac::from(0x1000000));
}

TEST(ncgi, nci_is_36_bits_in_nine_hex_digits) {
  EXPECT_TRUE(nr_cell_identity::from((1ull << 36) - 1));
  EXPECT_FALSE(nr_cell_identity::from(1ull << 36));
  const ncgi c{*plmn::parse("001/01"), nr_cell_identity::literal(0x000000010)};
  EXPECT_EQ(c.to_string(), "001/01/000000010");
  EXPECT_EQ(ncgi::parse("001/01/000000010"), c);
  EXPECT_EQ(ncgi::parse("001/01/fffffffff")->nci_.value(), (1ull << 36) - 1);
  EXPECT_FALSE(ncgi::parse("001/01/00000001"));
  EXPECT_FALSE(ncgi::parse("001/01/1000000000"));
  EXPECT_FALSE(ncgi::parse("001/01/00000001z"));
}

TEST(global_gnb_id, id_length_is_22_to_32_bits_and_the_id_must_fit) {
  const auto p = *plmn::parse("001/01");
  EXPECT_TRUE(global_gnb_id::from(p, 0x3FFFFF, 22));
  EXPECT_FALSE(global_gnb_id::from(p, 0x400000, 22));
  EXPECT_TRUE(global_gnb_id::from(p, 0xFFFFFFFF, 32));
  EXPECT_FALSE(global_gnb_id::from(p, 1, 21));
  EXPECT_FALSE(global_gnb_id::from(p, 1, 33));
  constexpr global_gnb_id d;
  static_assert(d.gnb_id() == 1 && d.length_bits() == 22);
}

TEST(global_gnb_id, text_form_round_trips) {
  const auto g = *global_gnb_id::from(*plmn::parse("208/93"), 0xABCDE, 24);
  EXPECT_EQ(g.to_string(), "208/93/abcde/24");
  EXPECT_EQ(g.id_string(), "0x0abcde");
  EXPECT_EQ(global_gnb_id::parse("208/93/abcde/24"), g);
  EXPECT_FALSE(global_gnb_id::parse("208/93/400000/22"));
  EXPECT_FALSE(global_gnb_id::parse("208/93/1/21"));
  EXPECT_FALSE(global_gnb_id::parse("208/93/123456789/32"));
  EXPECT_FALSE(global_gnb_id::parse("208/93//22"));
  EXPECT_FALSE(global_gnb_id::parse("208/93/1"));
}
