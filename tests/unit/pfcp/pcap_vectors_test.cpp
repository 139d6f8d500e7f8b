// Every PFCP message of the shared captures (tests/vectors/pfcp_pcap_messages.json,
// extracted with tshark) decodes to the message type tshark named and
// re-encodes byte for byte.

#include <gtest/gtest.h>

#include <algorithm>

#include "meridian/common/hex.hpp"
#include "meridian/pfcp/messages.hpp"
#include "support/vectors.hpp"

namespace meridian::pfcp {
namespace {

// "PFCP Session Establishment Request" -> "session_establishment_request"
std::string tshark_name_to_ours(std::string s) {
  if (s.rfind("PFCP ", 0) == 0) s = s.substr(5);
  std::transform(s.begin(), s.end(), s.begin(),
                 [](char c) { return c == ' ' ? '_' : static_cast<char>(std::tolower(c)); });
  return s;
}

TEST(pfcp_pcap, every_captured_message_decodes_and_reencodes_byte_for_byte) {
  auto vectors = test::load_vectors("pfcp_pcap_messages.json");
  ASSERT_GE(vectors.size(), 60u);
  for (const auto& v : vectors) {
    SCOPED_TRACE(v["source"].get<std::string>() + " frame " + std::to_string(v["frame"].get<int>()));
    const auto bytes = test::hex_bytes(v["hex"]);
    auto m = decode(bytes);
    ASSERT_TRUE(m) << m.error().error_.message();
    EXPECT_EQ(message_name(m->body_), tshark_name_to_ours(v["message_type"]));
    auto again = encode(*m);
    ASSERT_TRUE(again) << again.error().message();
    EXPECT_EQ(to_hex(*again), to_hex(bytes));
    EXPECT_EQ(decode(*again), m);
  }
}

TEST(pfcp_pcap, captured_messages_use_only_ies_this_codec_knows) {
  // Nothing in the captures is left to the unknown-IE path at the top level.
  for (const auto& v : test::load_vectors("pfcp_pcap_messages.json")) {
    auto m = decode(test::hex_bytes(v["hex"]));
    ASSERT_TRUE(m);
    std::visit([](const auto& b) { EXPECT_TRUE(b.layout_.unknown_.empty()); }, m->body_);
    EXPECT_EQ(to_json_text(*m).find("unknown_ies"), std::string::npos);
  }
}

TEST(pfcp_pcap, establishment_request_fields_match_what_tshark_shows) {
  // open5gs_testsuite frame 1673: the second PDR asks the UPF to CHOOSE an
  // IPv4+IPv6 F-TEID with CHOOSE ID 5; its FAR 1 tunnels to TEID 0x3edb at 127.0.0.7.
  for (const auto& v : test::load_vectors("pfcp_pcap_messages.json")) {
    if (v["frame"] != 1673) continue;
    auto m = decode(test::hex_bytes(v["hex"]));
    ASSERT_TRUE(m);
    const auto& req = std::get<session_establishment_request>(m->body_);
    EXPECT_EQ(req.node_id_.ipv4_, (ipv4_address{127, 0, 1, 4}));
    EXPECT_EQ(req.cp_f_seid_.seid_.value(), 0x9f1u);
    ASSERT_GE(req.create_pdr_.size(), 2u);
    const auto& teid = req.create_pdr_[1].pdi_.local_f_teid_;
    ASSERT_TRUE(teid);
    EXPECT_TRUE(teid->choose_ && teid->choose_ipv4_ && teid->choose_ipv6_);
    EXPECT_EQ(teid->choose_id_, 5);
    const auto& ohc = req.create_far_[0].forwarding_parameters_->outer_header_creation_;
    ASSERT_TRUE(ohc);
    EXPECT_EQ(ohc->teid_->value(), 0x3edbu);
    EXPECT_EQ(ohc->ipv4_, (ipv4_address{127, 0, 0, 7}));
    EXPECT_TRUE(req.create_far_[0].apply_action_.test(flags::apply_action::forw));
    return;
  }
  FAIL() << "frame 1673 not in the vectors";
}

}  // namespace
}  // namespace meridian::pfcp
