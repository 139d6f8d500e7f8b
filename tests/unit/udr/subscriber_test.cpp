// The subscriber record's rules and the SQN's text forms.

#include <gtest/gtest.h>

#include "udr_test_support.hpp"

namespace meridian::udr {
namespace {

using test::full_subscriber;

TEST(udr_subscriber, a_complete_subscriber_is_valid) { EXPECT_EQ(validate(full_subscriber()), std::nullopt); }

TEST(udr_subscriber, each_broken_rule_is_named) {
  struct broken {
    void (*change)(subscriber&);
    std::string_view says;
  };
  const broken cases[] = {
      {[](subscriber& s) { s.sqn_.sqn_ = sqn_max + 1; }, "sqn"},
      {[](subscriber& s) { s.sqn_.ind_length_ = 17; }, "ind_length"},
      {[](subscriber& s) { s.nssai_.clear(); s.sessions_.clear(); }, "at least one S-NSSAI"},
      {[](subscriber& s) { for (auto& n : s.nssai_) n.default_ = false; }, "default one"},
      {[](subscriber& s) { s.nssai_.push_back(s.nssai_[0]); }, "listed twice"},
      {[](subscriber& s) { s.sessions_[0].snssai_ = *model::s_nssai::parse("7"); }, "not subscribed"},
      {[](subscriber& s) { s.sessions_[0].default_pdu_session_type_ = sbi::pdu_session_type::ethernet; },
       "default PDU session type"},
      {[](subscriber& s) { s.sessions_[0].default_ssc_mode_ = sbi::ssc_mode::ssc_mode_2; }, "default SSC mode"},
      {[](subscriber& s) { s.sessions_[0].arp_.priority_level_ = 0; }, "ARP priority"},
      {[](subscriber& s) { s.sessions_[0].session_ambr_.uplink_ = "fast"; }, "session AMBR"},
      {[](subscriber& s) { s.sessions_[0].static_ipv4_ = "10.45.0.300"; }, "not an IPv4 address"},
      {[](subscriber& s) { s.sessions_[0].static_ipv6_ = "2001:db8::/129"; }, "not an IPv6"},
      {[](subscriber& s) { s.sessions_[0].dnn_.clear(); }, "1 to 100 characters"},
      {[](subscriber& s) { s.sessions_.push_back(s.sessions_[0]); }, "listed twice"},
      {[](subscriber& s) {
         s.sessions_.push_back(s.sessions_[0]);
         s.sessions_.back().dnn_ = "other";
       },
       "more than one default DNN"},
      {[](subscriber& s) { s.ue_ambr_.downlink_ = "1Gbps"; }, "ue_ambr"},
      {[](subscriber& s) { s.auth_method_ = auth_method::eap_tls; }, "auth_method"},
  };
  for (const auto& c : cases) {
    auto s = full_subscriber();
    c.change(s);
    const auto problem = validate(s);
    ASSERT_TRUE(problem) << c.says;
    EXPECT_NE(problem->find(c.says), std::string::npos) << *problem;
  }
}

TEST(udr_subscriber, bit_rates_follow_ts_29_571) {
  for (const char* good : {"1 Gbps", "100 Mbps", "0.5 Kbps", "12 bps", "3 Tbps"}) EXPECT_TRUE(is_bit_rate(good)) << good;
  for (const char* bad : {"", "1Gbps", "1 gbps", "1. Mbps", ".5 Mbps", "1 Gbps ", "x Mbps", "1  Mbps"})
    EXPECT_FALSE(is_bit_rate(bad)) << bad;
}

TEST(udr_subscriber, sqn_text_is_twelve_hex_digits_split_into_seq_and_ind) {
  EXPECT_EQ(sqn_to_hex(0x2a), "00000000002a");
  EXPECT_EQ(sqn_from_hex("FFFFFFFFFFFF"), sqn_max);
  EXPECT_EQ(sqn_from_hex("00000000002A"), 0x2au);
  EXPECT_FALSE(sqn_from_hex("2a"));
  EXPECT_FALSE(sqn_from_hex("00000000002g"));
  EXPECT_FALSE(sqn_from_hex("-0000000002a"));
  const sqn_state s{.sqn_ = 0x43, .ind_length_ = 5};
  EXPECT_EQ(s.seq(), 2u);
  EXPECT_EQ(s.ind(), 3u);
}

TEST(udr_subscriber, the_sequence_number_wire_form_round_trips_and_rejects_what_is_out_of_range) {
  const sqn_state s{.sqn_ = 0x123456789abc, .ind_length_ = 6, .scheme_ = sqn_scheme::general,
                    .last_indexes_ = {{"ausf-1", 4}}, .dif_sign_ = sign::negative};
  const auto wire = to_sequence_number(s);
  EXPECT_EQ(wire.sqn_, "123456789abc");
  EXPECT_EQ(from_sequence_number(wire), s);
  auto bad = wire;
  bad.ind_length_ = 17;
  EXPECT_FALSE(from_sequence_number(bad));
  bad = wire;
  bad.sqn_ = "1234";
  EXPECT_FALSE(from_sequence_number(bad));
}

TEST(udr_subscriber, a_home_network_key_from_a_private_key_has_its_public_key_derived) {
  // TS 33.501 C.4.3 (Profile A): the home network private key and its public key.
  auto priv = from_hex("c53c22208b61860b06c62e5406a7b330c2b577aa5558981510d128247d38bd1d");
  auto pub = from_hex("5a8d38864820197c3394b92613b20b91633cbd897119273bf8e4a6f4eec0a650");
  auto key = make_hn_key(7, crypto::ecies_profile::a, *priv);
  ASSERT_TRUE(key);
  EXPECT_EQ(key->public_key_, *pub);
  EXPECT_EQ(key->key_id_, 7);
  // TS 33.501 C.4.4 (Profile B): the public key compressed.
  auto priv_b = from_hex("f1ab1074477ebcc7f554ea1c5fc368b1616730155e0041ac447d6301975fecda");
  auto key_b = make_hn_key(8, crypto::ecies_profile::b, *priv_b);
  ASSERT_TRUE(key_b);
  EXPECT_EQ(to_hex(key_b->public_key_), "0272da71976234ce833a6907425867b82e074d44ef907dfb4b3e21c1c2256ebcd1");
  EXPECT_FALSE(make_hn_key(0, crypto::ecies_profile::a, *priv));
  EXPECT_FALSE(make_hn_key(1, crypto::ecies_profile::a, std::span(*priv).first(31)));
  // Profile B: zero is not a scalar in [1, n-1].
  const std::vector<std::uint8_t> zero(32, 0);
  EXPECT_FALSE(make_hn_key(1, crypto::ecies_profile::b, zero));
}

}  // namespace
}  // namespace meridian::udr
