// SUCI (TS 33.501 §6.12, Annex C; TS 23.003 §2.2B, §28.7.3): the C.4 vectors at
// the SUCI level, round trips with random keys for IMSI and NAI SUPIs, the string
// forms, and malformed input of every kind.

#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <vector>

#include "meridian/crypto/ecies.hpp"
#include "meridian/security/suci.hpp"
#include "support/vectors.hpp"

using namespace meridian;
using namespace meridian::security;
using meridian::model::supi;
using meridian::test::hex_bytes;
using meridian::test::load_vectors;
using bytes = std::vector<std::uint8_t>;

namespace {

supi make_supi(const std::string& text) {
  auto s = supi::parse(text);
  EXPECT_TRUE(s) << text;
  return s ? *s : *supi::parse("imsi-00101");
}

nlohmann::json vector_for(int scheme) {
  for (const auto& v : load_vectors("suci.json"))
    if (v.at("protection_scheme_id").get<int>() == scheme) return v;
  ADD_FAILURE() << "no vector for scheme " << scheme;
  return {};
}

/// The C.4 vectors of the ECIES profiles (protection schemes 1 and 2).
std::vector<nlohmann::json> ecies_vectors() {
  std::vector<nlohmann::json> out;
  for (const auto& v : load_vectors("suci.json"))
    if (v.at("protection_scheme_id").get<int>() != 0) out.push_back(v);
  return out;
}

/// The vector's id as a test name: every character outside [A-Za-z0-9] becomes '_'.
using meridian::test::vector_name;

/// One ctest case per C.4 ECIES vector.
class suci_ecies_vector : public ::testing::TestWithParam<nlohmann::json> {};

crypto::ecies_profile profile_of(protection_scheme s) {
  return s == protection_scheme::profile_a ? crypto::ecies_profile::a : crypto::ecies_profile::b;
}

constexpr protection_scheme ecies_schemes[] = {protection_scheme::profile_a, protection_scheme::profile_b};

suci parsed(const std::string& text) {
  auto s = parse_suci(text);
  EXPECT_TRUE(s) << text << ": " << (s ? "" : s.error().message());
  return s ? *s : suci{};
}

void expect_error(std::string_view text, suci_errc code) {
  auto s = parse_suci(text);
  ASSERT_FALSE(s) << "accepted: " << text;
  EXPECT_EQ(s.error().code, code) << text << " -> " << s.error().message();
}

}  // namespace

// ---------------------------------------------------------------- TS 33.501 C.4 vectors

TEST(suci_vectors, null_scheme_output_is_the_msin_in_bcd) {
  const auto v = vector_for(0);
  const std::string imsi = "imsi-" + v.at("mcc_mnc").get<std::string>() + v.at("msin").get<std::string>();
  conceal_options o;
  o.mnc_length = 3;
  auto s = conceal(make_supi(imsi), o);
  ASSERT_TRUE(s) << s.error().message();
  EXPECT_EQ(s->scheme_output_, hex_bytes(v.at("scheme_output")));
  EXPECT_EQ(s->home_plmn_.mcc(), "274");
  EXPECT_EQ(s->home_plmn_.mnc(), "012");
  EXPECT_EQ(to_string(*s), "suci-0-274-012-0-0-0-001002086");
  auto back = deconceal(*s, {});
  ASSERT_TRUE(back) << back.error().message();
  EXPECT_EQ(back->to_string(), imsi);
}

TEST(suci_vectors, file_holds_the_profile_a_and_profile_b_vectors) {
  const auto vs = ecies_vectors();
  ASSERT_EQ(vs.size(), 2u);
  EXPECT_EQ(vs[0].at("protection_scheme_id").get<int>(), 1);
  EXPECT_EQ(vs[1].at("protection_scheme_id").get<int>(), 2);
}

TEST_P(suci_ecies_vector, conceals_to_the_vector_output_and_deconceals_back) {
  const auto& v = GetParam();
  const int scheme = v.at("protection_scheme_id").get<int>();
  const bytes hn_pub = hex_bytes(v.at("home_network_public_key"));
  const bytes eph = hex_bytes(v.at("eph_private_key"));
  conceal_options o;
  o.scheme = static_cast<protection_scheme>(scheme);
  o.hn_public_key = hn_pub;
  o.hn_public_key_id = 1;
  o.mnc_length = 3;
  o.ephemeral_private_key = std::span<const std::uint8_t>(eph);
  const std::string imsi = v.at("supi");
  auto s = conceal(make_supi(imsi), o);
  ASSERT_TRUE(s) << s.error().message();
  EXPECT_EQ(s->scheme_output_, hex_bytes(v.at("scheme_output")));
  auto back = deconceal(*s, hex_bytes(v.at("home_network_private_key")));
  ASSERT_TRUE(back) << back.error().message();
  EXPECT_EQ(back->to_string(), imsi);
}

TEST_P(suci_ecies_vector, example_strings_deconceal_to_their_supi) {
  const auto& v = GetParam();
  const int scheme = v.at("protection_scheme_id").get<int>();
  for (const auto& ex : v.at("example_suci_strings")) {
    const std::string text = ex.at("suci");
    SCOPED_TRACE(text);
    auto s = parse_suci(text);
    ASSERT_TRUE(s) << s.error().message();
    EXPECT_EQ(s->protection_scheme_, static_cast<protection_scheme>(scheme));
    EXPECT_EQ(s->scheme_output_, hex_bytes(v.at("scheme_output")));
    EXPECT_EQ(to_string(*s), text);
    auto back = deconceal(*s, hex_bytes(v.at("home_network_private_key")));
    ASSERT_TRUE(back) << back.error().message();
    const std::string expected =
        ex.contains("decodes_to") ? ex.at("decodes_to").get<std::string>() : v.at("supi").get<std::string>();
    EXPECT_EQ(back->to_string(), expected);
  }
}

INSTANTIATE_TEST_SUITE_P(ts_33_501_c4, suci_ecies_vector, ::testing::ValuesIn(ecies_vectors()), vector_name);

// ---------------------------------------------------------------- round trips

TEST(suci_round_trip, random_keys_conceal_and_deconceal_imsi_and_nai_with_both_profiles) {
  const std::vector<std::string> supis = {"imsi-001010000000001",
                                          "imsi-31041012345678",
                                          "imsi-00101",
                                          "imsi-208930",
                                          "nai-user17@example.com",
                                          "nai-a@b",
                                          "nai-john.doe+tag@sub.op-x.example.org",
                                          "nai-\xc3\xa9lodie@example.com"};
  const std::vector<std::string> routing_indicators = {"0", "12", "678", "0123"};
  const std::uint8_t key_ids[] = {1, 27, 255};
  for (auto scheme : ecies_schemes) {
    auto hn = crypto::ecies_generate_key_pair(profile_of(scheme));
    ASSERT_TRUE(hn);
    std::size_t i = 0;
    for (const auto& text : supis) {
      for (unsigned mnc_length : {2u, 3u}) {
        const supi id = make_supi(text);
        if (id.kind() == supi::type::imsi && id.value().size() <= 3 + mnc_length) continue;
        conceal_options o;
        o.scheme = scheme;
        o.hn_public_key = hn->public_key;
        o.hn_public_key_id = key_ids[i % 3];
        o.routing_indicator = routing_indicators[i % 4];
        o.mnc_length = mnc_length;
        ++i;
        SCOPED_TRACE(text + " ri " + o.routing_indicator);
        auto s = conceal(id, o);
        ASSERT_TRUE(s) << s.error().message();
        EXPECT_EQ(s->home_network_public_key_id_, o.hn_public_key_id);
        EXPECT_EQ(s->routing_indicator_, o.routing_indicator);
        auto back = deconceal(*s, hn->private_key);
        ASSERT_TRUE(back) << back.error().message();
        EXPECT_EQ(*back, id);
        // The string form carries everything.
        const std::string str = to_string(*s);
        auto reparsed = parse_suci(str);
        ASSERT_TRUE(reparsed) << str << ": " << reparsed.error().message();
        EXPECT_EQ(*reparsed, *s) << str;
        auto back2 = deconceal(*reparsed, hn->private_key);
        ASSERT_TRUE(back2);
        EXPECT_EQ(*back2, id);
      }
    }
  }
}

TEST(suci_round_trip, null_scheme_for_imsi_and_nai) {
  for (const std::string text : {"imsi-234150999999999", "nai-user17@example.com"}) {
    const supi id = make_supi(text);
    conceal_options o;
    o.routing_indicator = "678";
    auto s = conceal(id, o);
    ASSERT_TRUE(s) << s.error().message();
    auto back = deconceal(*s, {});
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, id);
    EXPECT_EQ(parsed(to_string(*s)), *s);
    EXPECT_EQ(parsed(to_nai(*s)), *s);
  }
}

TEST(suci_round_trip, null_scheme_always_carries_key_id_zero) {
  conceal_options o;
  o.hn_public_key_id = 4;  // a key the USIM holds does not apply to the null scheme
  auto s = conceal(make_supi("imsi-001010000000001"), o);
  ASSERT_TRUE(s) << s.error().message();
  EXPECT_EQ(s->home_network_public_key_id_, 0);
  EXPECT_EQ(to_string(*s), "suci-0-001-01-0-0-0-0000000001");
}

TEST(suci_round_trip, generated_suci_differs_each_time_but_deconceals_to_the_same_supi) {
  auto hn = crypto::ecies_generate_key_pair(crypto::ecies_profile::a);
  ASSERT_TRUE(hn);
  conceal_options o;
  o.scheme = protection_scheme::profile_a;
  o.hn_public_key = hn->public_key;
  o.hn_public_key_id = 3;
  const supi id = make_supi("imsi-001010000000001");
  auto a = conceal(id, o), b = conceal(id, o);
  ASSERT_TRUE(a && b);
  EXPECT_NE(a->scheme_output_, b->scheme_output_);
  EXPECT_EQ(*deconceal(*a, hn->private_key), *deconceal(*b, hn->private_key));
}

// ---------------------------------------------------------------- string forms

TEST(suci_string, ts_23003_nai_examples_parse) {
  auto imsi = parsed("type0.rid678.schid0.userid0999999999@5gc.mnc015.mcc234.3gppnetwork.org");
  EXPECT_EQ(imsi.supi_type_, supi::type::imsi);
  EXPECT_EQ(imsi.home_plmn_.mcc(), "234");
  EXPECT_EQ(imsi.home_plmn_.mnc(), "15");  // "mnc015": a two-digit MNC with its padding zero
  EXPECT_EQ(imsi.routing_indicator_, "678");
  EXPECT_EQ(imsi.protection_scheme_, protection_scheme::null);
  EXPECT_EQ(imsi.scheme_output_, (bytes{0x90, 0x99, 0x99, 0x99, 0x99}));
  EXPECT_EQ(to_nai(imsi), "type0.rid678.schid0.userid0999999999@5gc.mnc015.mcc234.3gppnetwork.org");
  EXPECT_EQ(to_string(imsi), "suci-0-234-15-678-0-0-0999999999");
  EXPECT_EQ(*deconceal(imsi, {}), make_supi("imsi-234150999999999"));

  auto nai = parsed("type1.rid678.schid0.useriduser17@example.com");
  EXPECT_EQ(nai.supi_type_, supi::type::nai);
  EXPECT_EQ(nai.realm_, "example.com");
  EXPECT_EQ(nai.scheme_output_, (bytes{'u', 's', 'e', 'r', '1', '7'}));
  EXPECT_EQ(to_string(nai), "type1.rid678.schid0.useriduser17@example.com");
  EXPECT_EQ(*deconceal(nai, {}), make_supi("nai-user17@example.com"));
  EXPECT_EQ(parsed("suci-1-example.com-678-0-0-user17"), nai);
}

TEST(suci_string, imsi_nai_form_pads_a_two_digit_mnc) {
  auto s = parsed("suci-0-208-93-0-0-0-0000000001");
  EXPECT_EQ(to_nai(s), "type0.rid0.schid0.userid0000000001@5gc.mnc093.mcc208.3gppnetwork.org");
}

TEST(suci_string, ecies_nai_form_splits_key_ciphertext_and_tag) {
  const auto v = vector_for(1);
  auto s = parsed(v.at("example_suci_strings").at(0).at("suci").get<std::string>());
  const std::string nai = to_nai(s);
  EXPECT_EQ(nai,
            "type0.rid0.schid1.hnkey1.ecckeyb2e92f836055a255837debf850b528997ce0201cb82adfe4be1f587d07d8457d"
            ".cipcb02352410.maccddd9e730ef3fa87@5gc.mnc093.mcc208.3gppnetwork.org");
  auto back = parsed(nai);
  EXPECT_EQ(back.scheme_output_, s.scheme_output_);
  EXPECT_EQ(back.home_plmn_.mnc(), "93");
  EXPECT_EQ(back, s);
}

TEST(suci_string, a_home_network_with_a_three_digit_mnc_can_say_so) {
  const std::string text = "type0.rid1.schid0.userid123456789@5gc.mnc012.mcc310.3gppnetwork.org";
  auto two = parse_suci(text);
  ASSERT_TRUE(two);
  EXPECT_EQ(two->home_plmn_.mnc(), "12");
  auto three = parse_suci(text, 3);
  ASSERT_TRUE(three);
  EXPECT_EQ(three->home_plmn_.mnc(), "012");
  EXPECT_EQ(*deconceal(*three, {}), make_supi("imsi-310012123456789"));
  auto forced_two = parse_suci(text, 2);
  ASSERT_TRUE(forced_two);
  EXPECT_EQ(forced_two->home_plmn_.mnc(), "12");
  auto no_padding = parse_suci("type0.rid1.schid0.userid123456789@5gc.mnc512.mcc310.3gppnetwork.org", 2);
  ASSERT_FALSE(no_padding);
  EXPECT_EQ(no_padding.error().code, suci_errc::invalid_format);
  EXPECT_EQ(parse_suci(text, 4).error().code, suci_errc::invalid_parameter);
}

TEST(suci_string, nai_type_with_hyphens_in_realm_and_username) {
  auto s = parsed("suci-1-op-x.example-1.org-12-0-0-john-doe");
  EXPECT_EQ(s.realm_, "op-x.example-1.org");
  EXPECT_EQ(s.routing_indicator_, "12");
  EXPECT_EQ(s.scheme_output_, (bytes{'j', 'o', 'h', 'n', '-', 'd', 'o', 'e'}));
  EXPECT_EQ(parsed(to_string(s)), s);

  const std::string hex(2 * (32 + 3 + 8), 'a');
  auto e = parsed("suci-1-my-realm-0-1.net-0123-1-9-" + hex);
  EXPECT_EQ(e.realm_, "my-realm-0-1.net");
  EXPECT_EQ(e.routing_indicator_, "0123");
  EXPECT_EQ(e.home_network_public_key_id_, 9);
  EXPECT_EQ(parsed(to_string(e)), e);
}

TEST(suci_string, field_labels_are_exact_but_the_3gpp_realm_ignores_case) {
  expect_error("type1.RID0.schid0.userida@x.org", suci_errc::invalid_format);
  expect_error("type1.rid0.SCHID0.userida@x.org", suci_errc::invalid_format);
  auto s = parsed("type0.rid0.schid0.userid0000000001@5GC.MNC093.MCC208.3GPPNETWORK.ORG");
  EXPECT_EQ(s.home_plmn_.mcc(), "208");
  EXPECT_EQ(s.home_plmn_.mnc(), "93");
}

TEST(suci_string, hex_output_may_be_upper_case_and_is_written_lower_case) {
  const std::string hex = "B2E92F836055A255837DEBF850B528997CE0201CB82ADFE4BE1F587D07D8457DCB02352410CDDD9E730EF3FA87";
  auto s = parsed("suci-0-208-93-0-1-1-" + hex);
  std::string lower = hex;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_EQ(to_string(s), "suci-0-208-93-0-1-1-" + lower);
}

// ---------------------------------------------------------------- malformed strings

TEST(suci_string_negative, every_truncation_of_an_ecies_suci_fails_to_parse_or_to_deconceal) {
  const auto va = vector_for(1), vb = vector_for(2);
  for (const auto* v : {&va, &vb}) {
    const bytes priv = hex_bytes(v->at("home_network_private_key"));
    const std::string full = v->at("example_suci_strings").at(0).at("suci");
    auto s = parsed(full);
    for (const std::string& text : {full, to_nai(s)}) {
      for (std::size_t n = 0; n < text.size(); ++n) {
        auto t = parse_suci(std::string_view(text).substr(0, n));
        if (!t) continue;
        // A shorter ciphertext still parses; the MAC then fails.
        auto r = deconceal(*t, priv);
        ASSERT_FALSE(r) << text.substr(0, n);
        EXPECT_EQ(r.error().code, suci_errc::crypto);
      }
    }
  }
}

TEST(suci_string_negative, every_truncation_of_a_null_suci_fails_or_parses_to_something_else) {
  for (const std::string text : {"suci-0-234-15-678-0-0-0999999999", "suci-1-example.com-678-0-0-user17",
                                 "type0.rid678.schid0.userid0999999999@5gc.mnc015.mcc234.3gppnetwork.org",
                                 "type1.rid678.schid0.useriduser17@example.com"}) {
    const suci full = parsed(text);
    for (std::size_t n = 0; n < text.size(); ++n) {
      auto t = parse_suci(std::string_view(text).substr(0, n));
      if (t) {
        EXPECT_NE(*t, full) << text.substr(0, n);
      }
    }
  }
}

TEST(suci_string_negative, bad_digits_are_rejected) {
  expect_error("suci-0-2a8-93-0-0-0-0000000001", suci_errc::invalid_format);    // MCC
  expect_error("suci-0-20-93-0-0-0-0000000001", suci_errc::invalid_format);     // MCC length
  expect_error("suci-0-208-9-0-0-0-0000000001", suci_errc::invalid_format);     // MNC length
  expect_error("suci-0-208-9x-0-0-0-0000000001", suci_errc::invalid_format);    // MNC
  expect_error("suci-0-208-9345-0-0-0-0000000001", suci_errc::invalid_format);  // MNC length
  expect_error("suci-0-208-93-1a-0-0-0000000001", suci_errc::invalid_format);   // routing indicator
  expect_error("suci-0-208-93--0-0-0000000001", suci_errc::invalid_format);     // empty routing indicator
  expect_error("suci-0-208-93-12345-0-0-0000000001", suci_errc::invalid_parameter);
  expect_error("suci-0-208-93-0-0-0-00000x0001", suci_errc::invalid_format);   // MSIN
  expect_error("suci-0-208-93-0-0-0-00000000011", suci_errc::invalid_format);  // 11-digit MSIN
  expect_error("suci-0-208-935-0-0-0-0000000001", suci_errc::invalid_format);  // 16-digit IMSI
  expect_error("type0.rid6a8.schid0.userid0999999999@5gc.mnc015.mcc234.3gppnetwork.org", suci_errc::invalid_format);
  expect_error("type0.rid678.schid0.userid09999x9999@5gc.mnc015.mcc234.3gppnetwork.org", suci_errc::invalid_format);
  expect_error("type0.rid678.schid0.userid0999999999@5gc.mnc15.mcc234.3gppnetwork.org", suci_errc::invalid_format);
  expect_error("type0.rid678.schid0.userid0999999999@example.com", suci_errc::invalid_format);
}

TEST(suci_string_negative, bad_hex_is_rejected) {
  const std::string good = "b2e92f836055a255837debf850b528997ce0201cb82adfe4be1f587d07d8457dcb02352410cddd9e730ef3fa87";
  std::string bad = good;
  bad[10] = 'g';
  expect_error("suci-0-208-93-0-1-1-" + bad, suci_errc::invalid_format);
  expect_error("suci-0-208-93-0-1-1-" + good.substr(1), suci_errc::invalid_format);  // odd length
  expect_error("suci-0-208-93-0-1-1-0x" + good, suci_errc::invalid_format);
  expect_error("suci-0-208-93-0-1-1-" + good + " ", suci_errc::invalid_format);
  expect_error("suci-0-208-93-0-1-1-" + good.substr(0, 2 * 40), suci_errc::invalid_format);  // no ciphertext
  expect_error("suci-0-208-93-0-1-1-" + good + "aabbccddeeff", suci_errc::invalid_format);   // longer than an MSIN
  const std::string key(64, 'a');
  expect_error("type1.rid0.schid1.hnkey1.ecckey" + key + ".cip0g.mac0011223344556677@x.org", suci_errc::invalid_format);
  expect_error("type1.rid0.schid1.hnkey1.ecckey" + key.substr(2) + ".cip00.mac0011223344556677@x.org",
               suci_errc::invalid_format);  // 31-octet key
  expect_error("type1.rid0.schid2.hnkey1.ecckey" + key + ".cip00.mac0011223344556677@x.org",
               suci_errc::invalid_format);  // Profile B needs 33 octets
  expect_error("type1.rid0.schid1.hnkey1.ecckey" + key + ".cip00.mac00112233445566@x.org",
               suci_errc::invalid_format);  // 7-octet tag
  expect_error("type1.rid0.schid1.hnkey1.ecckey" + key + ".cip.mac0011223344556677@x.org",
               suci_errc::invalid_format);  // empty ciphertext
  EXPECT_TRUE(parse_suci("type1.rid0.schid1.hnkey1.ecckey" + key + ".cip00.mac0011223344556677@x.org"));
}

TEST(suci_string_negative, bad_scheme_and_key_ids_are_rejected) {
  const std::string out(2 * (32 + 1 + 8), '0');
  expect_error("suci-0-208-93-0-3-1-" + out, suci_errc::unsupported_scheme);
  expect_error("suci-0-208-93-0-f-1-" + out, suci_errc::unsupported_scheme);
  expect_error("suci-0-208-93-0-x-1-" + out, suci_errc::invalid_format);
  expect_error("suci-0-208-93-0-11-1-" + out, suci_errc::invalid_format);
  expect_error("suci-0-208-93-0-1-0-" + out, suci_errc::invalid_parameter);  // key id 0 with ECIES
  expect_error("suci-0-208-93-0-1-256-" + out, suci_errc::invalid_format);
  expect_error("suci-0-208-93-0-1-01-" + out, suci_errc::invalid_format);
  expect_error("suci-0-208-93-0-0-5-0000000001", suci_errc::invalid_parameter);  // key id with null scheme
  expect_error("type1.rid0.schid3.hnkey1.out00@x.org", suci_errc::unsupported_scheme);
  expect_error("type1.rid0.schid16.userida@x.org", suci_errc::invalid_format);
  expect_error("type1.rid0.schid01.userida@x.org", suci_errc::invalid_format);
  expect_error("suci-2-x.org-0-0-0-a", suci_errc::invalid_parameter);  // GLI
  expect_error("suci-8-x.org-0-0-0-a", suci_errc::invalid_format);
  expect_error("type3.rid0.schid0.userida@x.org", suci_errc::invalid_parameter);
  expect_error("typex.rid0.schid0.userida@x.org", suci_errc::invalid_format);
}

TEST(suci_string_negative, other_malformed_strings_are_rejected) {
  for (const std::string text : {"",
                                 "suci",
                                 "suci-",
                                 "suci-0",
                                 "suci-0-",
                                 "imsi-001010000000001",
                                 "SUCI-0-208-93-0-0-0-1",
                                 "type",
                                 "type1.rid0.schid0.userid@x.org",
                                 "type1.rid0.schid0.userida@",
                                 "type1.rid0.schid0.userida@x..org",
                                 "type1.rid0.schid0.userida@-x.org",
                                 "type1.rid0.schid0.userida@x.org@y",
                                 "type1.rid0.schid0.userida b@x.org",
                                 "type1.rid0.schid0.userid.a@x.org",
                                 "type1.rid0.schid0.userida..b@x.org",
                                 "type1.rid0.schid0.a@x.org",
                                 "type1.rid0.schid0.userid\xc3@x.org",
                                 "type1.rid0.schid0.userid\xc0\x80@x.org",
                                 "suci-1-x.org",
                                 "suci-1-x.org-0-0-0-",
                                 "suci-1--0-0-0-a",
                                 "suci-0-208-93-0-0-0-",
                                 "suci-0-208-93-0-0-0",
                                 "type1.rid0.schid1.hnkey1@x.org",
                                 "type1.rid0.schid1.hnkey1.ecckey00@x.org"}) {
    auto s = parse_suci(text);
    EXPECT_FALSE(s) << "accepted: " << text;
  }
}

// ---------------------------------------------------------------- conceal / deconceal errors

TEST(suci_negative, conceal_rejects_bad_parameters) {
  auto hn = crypto::ecies_generate_key_pair(crypto::ecies_profile::a);
  ASSERT_TRUE(hn);
  const supi id = make_supi("imsi-001010000000001");
  conceal_options o;
  o.scheme = protection_scheme::profile_a;
  o.hn_public_key = hn->public_key;
  o.hn_public_key_id = 1;

  auto bad_ri = o;
  bad_ri.routing_indicator = "12345";
  EXPECT_EQ(conceal(id, bad_ri).error().code, suci_errc::invalid_parameter);
  bad_ri.routing_indicator = "";
  EXPECT_EQ(conceal(id, bad_ri).error().code, suci_errc::invalid_parameter);
  auto bad_mnc = o;
  bad_mnc.mnc_length = 4;
  EXPECT_EQ(conceal(id, bad_mnc).error().code, suci_errc::invalid_parameter);
  auto zero_id = o;
  zero_id.hn_public_key_id = 0;
  EXPECT_EQ(conceal(id, zero_id).error().code, suci_errc::invalid_parameter);
  auto bad_scheme = o;
  bad_scheme.scheme = static_cast<protection_scheme>(3);
  EXPECT_EQ(conceal(id, bad_scheme).error().code, suci_errc::unsupported_scheme);
  auto short_key = o;
  const bytes k31(31, 9);
  short_key.hn_public_key = k31;
  EXPECT_EQ(conceal(id, short_key).error().code, suci_errc::crypto);
  auto zero_key = o;
  const bytes k0(32, 0);
  zero_key.hn_public_key = k0;
  EXPECT_EQ(conceal(id, zero_key).error().code, suci_errc::crypto);
  EXPECT_EQ(conceal(make_supi("imsi-00101"), o).error().code, suci_errc::invalid_supi);  // no MSIN
  EXPECT_EQ(conceal(make_supi("nai-a..b@x.org"), o).error().code, suci_errc::invalid_supi);
  EXPECT_EQ(conceal(make_supi("nai-a@x_y.org"), o).error().code, suci_errc::invalid_supi);
}

TEST(suci_negative, deconceal_reports_mac_failure_for_a_flipped_bit_anywhere_after_the_key) {
  for (auto scheme : ecies_schemes) {
    auto hn = crypto::ecies_generate_key_pair(profile_of(scheme));
    ASSERT_TRUE(hn);
    conceal_options o;
    o.scheme = scheme;
    o.hn_public_key = hn->public_key;
    o.hn_public_key_id = 7;
    auto s = conceal(make_supi("nai-someone@example.net"), o);
    ASSERT_TRUE(s);
    const std::size_t key_len = crypto::ecies_public_key_length(profile_of(scheme));
    for (std::size_t bit = key_len * 8; bit < s->scheme_output_.size() * 8; ++bit) {
      auto bad = *s;
      bad.scheme_output_[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
      auto r = deconceal(bad, hn->private_key);
      ASSERT_FALSE(r);
      EXPECT_EQ(r.error().code, suci_errc::crypto);
      EXPECT_NE(r.error().detail.find("MAC"), std::string::npos) << r.error().message();
    }
  }
}

TEST(suci_negative, deconceal_with_the_wrong_private_key_fails) {
  for (auto scheme : ecies_schemes) {
    auto hn = crypto::ecies_generate_key_pair(profile_of(scheme));
    auto other = crypto::ecies_generate_key_pair(profile_of(scheme));
    ASSERT_TRUE(hn && other);
    conceal_options o;
    o.scheme = scheme;
    o.hn_public_key = hn->public_key;
    o.hn_public_key_id = 1;
    auto s = conceal(make_supi("imsi-001010000000001"), o);
    ASSERT_TRUE(s);
    auto r = deconceal(*s, other->private_key);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, suci_errc::crypto);
    auto r2 = deconceal(*s, bytes(5, 1));
    ASSERT_FALSE(r2);
    EXPECT_EQ(r2.error().code, suci_errc::crypto);
  }
}

TEST(suci_negative, deconceal_rejects_a_truncated_scheme_output) {
  for (auto scheme : ecies_schemes) {
    auto hn = crypto::ecies_generate_key_pair(profile_of(scheme));
    ASSERT_TRUE(hn);
    conceal_options o;
    o.scheme = scheme;
    o.hn_public_key = hn->public_key;
    o.hn_public_key_id = 1;
    auto s = conceal(make_supi("imsi-001010000000001"), o);
    ASSERT_TRUE(s);
    auto bad = *s;
    while (!bad.scheme_output_.empty()) {
      bad.scheme_output_.pop_back();
      auto r = deconceal(bad, hn->private_key);
      ASSERT_FALSE(r);
      const std::size_t min = crypto::ecies_public_key_length(profile_of(scheme)) + 1 + 8;
      EXPECT_EQ(r.error().code, bad.scheme_output_.size() < min ? suci_errc::invalid_format : suci_errc::crypto);
    }
  }
}

TEST(suci_negative, deconceal_rejects_invalid_ephemeral_points) {
  auto b = crypto::ecies_generate_key_pair(crypto::ecies_profile::b);
  auto a = crypto::ecies_generate_key_pair(crypto::ecies_profile::a);
  ASSERT_TRUE(a && b);
  suci s;
  s.home_plmn_ = *model::plmn::parse("001/01");
  s.home_network_public_key_id_ = 1;
  s.protection_scheme_ = protection_scheme::profile_b;
  s.scheme_output_ = bytes(33 + 5 + 8, 0);
  s.scheme_output_[0] = 0x02;
  s.scheme_output_[32] = 0x01;  // x = 1 is not on P-256
  auto r = deconceal(s, b->private_key);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, suci_errc::crypto);
  s.scheme_output_[0] = 0x07;  // wrong prefix
  EXPECT_EQ(deconceal(s, b->private_key).error().code, suci_errc::crypto);
  s.protection_scheme_ = protection_scheme::profile_a;
  s.scheme_output_ = bytes(32 + 5 + 8, 0);  // all-zero X25519 key
  EXPECT_EQ(deconceal(s, a->private_key).error().code, suci_errc::crypto);
}

TEST(suci_negative, deconceal_rejects_a_decrypted_msin_that_is_not_bcd) {
  auto hn = crypto::ecies_generate_key_pair(crypto::ecies_profile::a);
  ASSERT_TRUE(hn);
  for (const bytes& input : {bytes{0xab}, bytes{0xf1, 0x23}, bytes{0x1f, 0x23}}) {
    auto ct = crypto::ecies_encrypt(crypto::ecies_profile::a, hn->public_key, input);
    ASSERT_TRUE(ct);
    suci s;
    s.home_plmn_ = *model::plmn::parse("001/01");
    s.protection_scheme_ = protection_scheme::profile_a;
    s.home_network_public_key_id_ = 1;
    s.scheme_output_ = ct->ephemeral_public_key;
    s.scheme_output_.insert(s.scheme_output_.end(), ct->ciphertext.begin(), ct->ciphertext.end());
    s.scheme_output_.insert(s.scheme_output_.end(), ct->mac_tag.begin(), ct->mac_tag.end());
    auto r = deconceal(s, hn->private_key);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, suci_errc::invalid_supi);
  }
}

TEST(suci_negative, deconceal_rejects_hand_built_structures_that_break_the_rules) {
  suci s;
  s.home_plmn_ = *model::plmn::parse("001/01");
  s.scheme_output_ = {0xf1, 0x23};  // 0xF filler not in the last octet
  EXPECT_EQ(deconceal(s, {}).error().code, suci_errc::invalid_format);
  s.scheme_output_ = {};
  EXPECT_EQ(deconceal(s, {}).error().code, suci_errc::invalid_format);
  s.scheme_output_ = {0x21};
  s.routing_indicator_ = "";
  EXPECT_EQ(deconceal(s, {}).error().code, suci_errc::invalid_parameter);
  s.routing_indicator_ = "0";
  s.realm_ = "x.org";
  EXPECT_EQ(deconceal(s, {}).error().code, suci_errc::invalid_format);
  s.realm_.clear();
  s.protection_scheme_ = static_cast<protection_scheme>(9);
  s.home_network_public_key_id_ = 1;
  EXPECT_EQ(deconceal(s, {}).error().code, suci_errc::unsupported_scheme);
  suci n;
  n.supi_type_ = supi::type::nai;
  n.realm_ = "x.org";
  n.scheme_output_ = {'a', '@', 'b'};
  EXPECT_EQ(deconceal(n, {}).error().code, suci_errc::invalid_format);
}

TEST(suci_error, message_names_the_kind_and_the_part) {
  auto e = parse_suci("suci-0-208-93-12345-0-0-1");
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().message(), "invalid parameter: routing indicator must be 1 to 4 digits");
}

TEST(suci_scheme_names, null_a_and_b_name_the_three_schemes_and_nothing_else_does) {
  EXPECT_EQ(parse_protection_scheme("null"), protection_scheme::null);
  EXPECT_EQ(parse_protection_scheme("A"), protection_scheme::profile_a);
  EXPECT_EQ(parse_protection_scheme("b"), protection_scheme::profile_b);
  for (const char* bad : {"", "NULL", "0", "C", "profile_a"}) EXPECT_FALSE(parse_protection_scheme(bad)) << bad;
}
