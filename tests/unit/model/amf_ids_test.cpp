// AMF Identifier, GUAMI, 5G-GUTI and 5G-S-TMSI.

#include <gtest/gtest.h>

#include <unordered_set>

#include "meridian/model/guami.hpp"
#include "meridian/model/guti.hpp"

using namespace meridian::model;

TEST(guami, field_widths_are_8_10_and_6_bits) {
  EXPECT_TRUE(amf_region_id::from(255));
  EXPECT_FALSE(amf_region_id::from(256));
  EXPECT_TRUE(amf_set_id::from(1023));
  EXPECT_FALSE(amf_set_id::from(1024));
  EXPECT_TRUE(amf_pointer::from(63));
  EXPECT_FALSE(amf_pointer::from(64));
}

TEST(guami, amf_identifier_packs_region_set_pointer_into_24_bits) {
  const amf_identifier a{amf_region_id::literal(0xCA), amf_set_id::literal(0x3FF), amf_pointer::literal(0x3F)};
  EXPECT_EQ(a.to_uint(), 0xCAFFFFu);
  EXPECT_EQ(amf_identifier::from_uint(0xCAFFFF), a);
  const amf_identifier b{amf_region_id::literal(1), amf_set_id::literal(1), amf_pointer::literal(0)};
  EXPECT_EQ(b.to_string(), "010040");
  EXPECT_EQ(amf_identifier::parse("010040"), b);
}

TEST(guami, text_form_round_trips) {
  const guami g{*plmn::parse("208/93"), amf_identifier::from_uint(0xCAFE01)};
  EXPECT_EQ(g.to_string(), "208/93/cafe01");
  EXPECT_EQ(guami::parse("208/93/cafe01"), g);
  EXPECT_EQ(guami::parse("208/93/CAFE01"), g);
  for (const char* text : {"208/93", "208/93/cafe0", "208/93/cafe012", "208/93/cafe0g", "2/93/cafe01"})
    EXPECT_FALSE(guami::parse(text)) << text;
  std::unordered_set<guami> s{g, g, guami{}};
  EXPECT_EQ(s.size(), 2u);
}

TEST(guti, text_form_is_the_ue_context_id_of_ts_29_518) {
  const guti_5g g{guami{*plmn::parse("001/01"), amf_identifier::from_uint(0x010040)}, tmsi_5g::literal(0xC0000001)};
  EXPECT_EQ(g.to_string(), "5g-guti-00101010040c0000001");
  EXPECT_EQ(guti_5g::parse("5g-guti-00101010040c0000001"), g);
  const guti_5g three{guami{*plmn::parse("310/410"), amf_identifier::from_uint(0xFFFFFF)}, tmsi_5g::literal(0)};
  EXPECT_EQ(three.to_string(), "5g-guti-310410ffffff00000000");
  EXPECT_EQ(guti_5g::parse(three.to_string()), three);
}

TEST(guti, rejects_malformed_text) {
  for (const char* text : {"", "5g-guti-", "00101010040c0000001", "5g-guti-0010101004c0000001",
                           "5g-guti-001010100400c00000011", "5g-guti-0a101010040c0000001",
                           "5g-guti-00101010040c000000g", "5G-GUTI-00101010040c0000001"})
    EXPECT_FALSE(guti_5g::parse(text)) << text;
}

TEST(s_tmsi, is_48_bits_set_pointer_tmsi) {
  const s_tmsi_5g s{amf_set_id::literal(1), amf_pointer::literal(0), tmsi_5g::literal(0xC0000001)};
  EXPECT_EQ(s.to_uint(), 0x0040C0000001ull);
  EXPECT_EQ(s.to_string(), "0040c0000001");
  EXPECT_EQ(s_tmsi_5g::parse("0040c0000001"), s);
  EXPECT_EQ(s_tmsi_5g::parse("ffffffffffff")->set_.value(), 1023);
  EXPECT_FALSE(s_tmsi_5g::parse("0040c000001"));
  EXPECT_FALSE(s_tmsi_5g::parse("0040c00000012"));
}

TEST(s_tmsi, of_a_guti_drops_plmn_and_region) {
  const guti_5g g{guami{*plmn::parse("001/01"), amf_identifier::from_uint(0x7F0203)}, tmsi_5g::literal(42)};
  const auto s = s_tmsi_5g::of(g);
  EXPECT_EQ(s.set_, g.guami_.amf_id_.set_);
  EXPECT_EQ(s.pointer_, amf_pointer::literal(3));
  EXPECT_EQ(s.tmsi_.value(), 42u);
}
