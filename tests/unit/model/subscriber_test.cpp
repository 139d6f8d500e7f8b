// SUCI and PEI.

#include <gtest/gtest.h>

#include "meridian/model/pei.hpp"
#include "meridian/model/suci.hpp"

using namespace meridian::model;

TEST(suci, null_scheme_imsi_example_of_ts_23_003) {
  // TS 23.003 §2.2B / TS 29.503: MCC 208, MNC 93, routing indicator 0000, null
  // scheme, key id 0, MSIN 0000000001.
  auto s = suci::parse("suci-0-208-93-0000-0-0-0000000001");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->supi_type_, supi::type::imsi);
  EXPECT_EQ(s->home_plmn_, plmn::parse("208/93"));
  EXPECT_EQ(s->routing_indicator_, "0000");
  EXPECT_EQ(s->protection_scheme_, protection_scheme::null);
  EXPECT_EQ(s->home_network_public_key_id_, 0);
  EXPECT_EQ(s->scheme_output_, (std::vector<std::uint8_t>{0x00, 0x00, 0x00, 0x00, 0x10}));
  EXPECT_EQ(s->msin(), "0000000001");
  EXPECT_EQ(s->to_string(), "suci-0-208-93-0000-0-0-0000000001");
}

TEST(suci, text_forms_round_trip) {
  for (const char* text : {"suci-0-001-01-0000-0-0-0000000001", "suci-0-310-410-1-0-0-12345",
                           "suci-0-208-93-678-1-27-0a0b0c", "suci-0-208-93-0-2-255-00ff",
                           "suci-1-example.com-0-0-0-user.name", "suci-1-op-x.example-1.org-12-1-3-abcdef",
                           "suci-1-realm.org-0-0-0-us-er"}) {
    auto s = suci::parse(text);
    ASSERT_TRUE(s) << text;
    EXPECT_EQ(s->to_string(), text);
  }
}

TEST(suci, nai_realm_ends_before_the_routing_indicator) {
  auto s = suci::parse("suci-1-my-realm-0-1.net-7-1-5-aabb");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->supi_type_, supi::type::nai);
  EXPECT_EQ(s->realm_, "my-realm-0-1.net");
  EXPECT_EQ(s->routing_indicator_, "7");
  EXPECT_EQ(s->home_network_public_key_id_, 5);
  EXPECT_EQ(s->scheme_output_, (std::vector<std::uint8_t>{0xAA, 0xBB}));
  EXPECT_FALSE(s->msin());
}

TEST(suci, rejects_malformed_text) {
  for (const char* text : {
           "", "suci-", "suci-0-208-93-0000-0-0", "suci-0-208-93-0000-0-0-",           // no output
           "supi-0-208-93-0000-0-0-0000000001",                                          // prefix
           "suci-2-208-93-0000-0-0-0000000001",                                          // SUPI type GCI
           "suci-0-20-93-0000-0-0-0000000001", "suci-0-208-9-0000-0-0-0000000001",      // MCC, MNC
           "suci-0-208-93-00000-0-0-0000000001", "suci-0-208-93--0-0-0000000001",       // routing indicator
           "suci-0-208-93-0a00-0-0-0000000001",                                          //
           "suci-0-208-93-0000-00-0-0000000001", "suci-0-208-93-0000-g-0-0000000001",   // scheme
           "suci-0-208-93-0000-0-1-0000000001",                                          // null scheme, key id 1
           "suci-0-208-93-0000-1-256-00", "suci-0-208-93-0000-1-01-00",                  // key id
           "suci-0-208-93-0000-0-0-000000000a", "suci-0-208-93-0000-0-0-00000000001",   // MSIN: digits, <= 10
           "suci-0-208-93-0000-1-1-abc", "suci-0-208-93-0000-1-1-zz",                    // hex output
       })
    EXPECT_FALSE(suci::parse(text)) << text;
}

TEST(suci, a_refusal_says_whether_a_field_is_malformed_or_out_of_range_and_names_it) {
  struct refusal {
    const char* text;
    suci_parse_error::kind kind;
    const char* detail;
  };
  using enum suci_parse_error::kind;
  for (const auto& r : {
           refusal{"supi-0-208-93-0-0-0-1", format, "a SUCI starts with \"suci-\""},
           refusal{"suci-0-2a8-93-0-0-0-1", format, "MCC must be 3 digits"},
           refusal{"suci-0-208-9-0-0-0-1", format, "MNC must be 2 or 3 digits"},
           refusal{"suci-0-208-93-1a-0-0-1", format, "routing indicator must be digits"},
           refusal{"suci-0-208-93-12345-0-0-1", parameter, "routing indicator must be 1 to 4 digits"},
           refusal{"suci-0-208-93-0-x-1-00", format, "protection scheme id must be one hex digit"},
           refusal{"suci-0-208-93-0-1-256-00", format, "home network public key id must be a number 0 to 255"},
           refusal{"suci-0-208-93-0-0-5-1", parameter, "home network public key id must be 0 for the null scheme"},
           refusal{"suci-0-208-93-0-0-0-", format, "missing scheme output"},
           refusal{"suci-0-208-93-0-1-1-abc", format, "scheme output must be an even number of hex digits"},
           refusal{"suci-2-x.org-0-0-0-a", parameter, "SUPI type 2 (GLI, GCI or spare) is not supported"},
           refusal{"suci-8-x.org-0-0-0-a", format, "SUPI type must be a digit 0 to 7"},
       }) {
    auto s = suci::parse_with_reason(r.text);
    ASSERT_FALSE(s) << r.text;
    EXPECT_EQ(s.error().kind_, r.kind) << r.text;
    EXPECT_EQ(s.error().detail_, r.detail) << r.text;
    EXPECT_FALSE(suci::parse(r.text)) << r.text;
  }
  auto ok = suci::parse_with_reason("suci-0-208-93-0000-0-0-0000000001");
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, *suci::parse("suci-0-208-93-0000-0-0-0000000001"));
}

TEST(suci, bcd_text_renders_whatever_the_octets_hold) {
  EXPECT_EQ(bcd_to_text(digits_to_bcd("12345")), "12345");
  EXPECT_EQ(bcd_to_text(std::vector<std::uint8_t>{0x2A, 0xF1}), "a21");
}

TEST(suci, msin_bcd_helpers_round_trip_and_refuse_bad_nibbles) {
  EXPECT_EQ(digits_to_bcd("12345"), (std::vector<std::uint8_t>{0x21, 0x43, 0xF5}));
  EXPECT_EQ(bcd_to_digits(digits_to_bcd("12345")), "12345");
  EXPECT_EQ(bcd_to_digits(digits_to_bcd("1234")), "1234");
  EXPECT_FALSE(bcd_to_digits(std::vector<std::uint8_t>{0x2A}));
  EXPECT_FALSE(bcd_to_digits(std::vector<std::uint8_t>{0xF1, 0x32}));  // F not in the last octet
  EXPECT_FALSE(bcd_to_digits({}));
}

TEST(pei, imei_needs_the_right_luhn_check_digit) {
  // TS 23.003 Annex B: 49015420323751 has check digit 8.
  EXPECT_EQ(pei::luhn_check_digit("49015420323751"), '8');
  EXPECT_EQ(pei::luhn_check_digit("00000000000000"), '0');
  auto p = pei::parse("imei-490154203237518");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->kind(), pei::type::imei);
  EXPECT_EQ(p->digits(), "490154203237518");
  EXPECT_EQ(p->tac(), "49015420");
  EXPECT_EQ(p->to_string(), "imei-490154203237518");
  for (char wrong = '0'; wrong <= '9'; ++wrong) {
    if (wrong != '8') {
      EXPECT_FALSE(pei::imei(std::string("49015420323751") + wrong)) << wrong;
    }
  }
}

TEST(pei, imeisv_has_16_digits_and_no_check_digit) {
  auto p = pei::parse("imeisv-4901542032375101");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->kind(), pei::type::imeisv);
  EXPECT_EQ(p->to_string(), "imeisv-4901542032375101");
  EXPECT_NE(pei::parse("imei-490154203237518"), pei::parse("imeisv-4901542032375181"));
}

TEST(pei, rejects_malformed_text) {
  for (const char* text : {"", "imei-", "imei-49015420323751", "imei-4901542032375180", "imei-49015420323751a",
                           "imeisv-490154203237510", "imeisv-49015420323751000", "imeisv-490154203237510x",
                           "490154203237518", "IMEI-490154203237518", "mac-00-11-22-33-44-55"})
    EXPECT_FALSE(pei::parse(text)) << text;
  EXPECT_FALSE(pei::luhn_check_digit("4901542032375"));
}
