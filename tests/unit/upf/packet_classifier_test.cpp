#include "meridian/upf/packet_classifier.hpp"

#include <gtest/gtest.h>

#include "upf/test_packets.hpp"
#include "upf/test_sessions.hpp"

namespace meridian::upf {
namespace {

const ipv4_address server = ipv4_from_octets(198, 51, 100, 7);

struct classifier : ::testing::Test {
  session_table table_;
  manual_clock clk_;
  packet_classifier classifier_{table_};

  /// Session 1 (TEID 100, UE .2) with extra PDRs: DNS over UDP/53 to its own
  /// FAR at higher precedence, and a QFI-5 PDR on the same tunnel.
  void SetUp() override {
    auto r = test::basic_session(1, 100, test::ue_address(2));
    far dns_far{far_id::literal(3), apply_action::forward, interface_type::core, {}, {}};
    r.fars_.push_back(dns_far);

    pdr dns_ul;
    dns_ul.id_ = pdr_id::literal(3);
    dns_ul.precedence_ = 10;
    dns_ul.pdi_.source_interface_ = interface_type::access;
    dns_ul.pdi_.local_teid_ = teid::literal(100);
    dns_ul.pdi_.ue_address_ = test::ue_address(2);
    dns_ul.pdi_.sdf_filters_.push_back(*parse_flow_description("permit out 17 from 198.51.100.0/24 53 to assigned"));
    dns_ul.far_id_ = far_id::literal(3);
    r.pdrs_.push_back(dns_ul);

    pdr dns_dl = dns_ul;
    dns_dl.id_ = pdr_id::literal(4);
    dns_dl.pdi_.source_interface_ = interface_type::core;
    dns_dl.pdi_.local_teid_.reset();
    r.pdrs_.push_back(dns_dl);

    pdr qfi5 = r.pdrs_[0];
    qfi5.id_ = pdr_id::literal(5);
    qfi5.precedence_ = 100;
    qfi5.pdi_.qfi_ = qfi::literal(5);
    r.pdrs_.push_back(qfi5);

    ASSERT_TRUE(table_.establish(r, clk_.now()).has_value());
    ASSERT_TRUE(table_.establish(test::basic_session(2, 200, test::ue_address(3)), clk_.now()).has_value());
  }

  static pdr_id id_of(const classification& c) { return c.pdr_->id_; }
};

TEST_F(classifier, when_uplink_packet_matches_a_higher_precedence_sdf_then_that_pdr_wins) {
  const auto p = test::ipv4_packet({.source_ = test::ue_address(2), .destination_ = server, .destination_port_ = 53});
  auto c = classifier_.classify_uplink(teid::literal(100), std::nullopt, p);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(id_of(*c), pdr_id::literal(3));
  EXPECT_EQ(c->session_->id(), seid::literal(1));
  EXPECT_EQ(c->tuple_.destination_port_, 53);
}

TEST_F(classifier, when_uplink_packet_misses_the_sdf_then_the_catch_all_pdr_matches) {
  const auto p = test::ipv4_packet({.source_ = test::ue_address(2), .destination_ = server, .destination_port_ = 443});
  auto c = classifier_.classify_uplink(teid::literal(100), std::nullopt, p);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(id_of(*c), pdr_id::literal(1));
}

TEST_F(classifier, when_uplink_packet_carries_a_qfi_then_the_pdr_for_that_qfi_is_chosen) {
  const auto p = test::ipv4_packet({.source_ = test::ue_address(2), .destination_ = server, .destination_port_ = 443});
  auto c = classifier_.classify_uplink(teid::literal(100), qfi::literal(5), p);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(id_of(*c), pdr_id::literal(5));
  c = classifier_.classify_uplink(teid::literal(100), qfi::literal(6), p);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(id_of(*c), pdr_id::literal(1));
}

TEST_F(classifier, when_a_pdr_has_several_sdf_filters_then_any_one_matching_selects_it) {
  auto r = test::basic_session(3, 300, test::ue_address(30));
  r.pdrs_[0].precedence_ = 1;
  r.pdrs_[0].pdi_.sdf_filters_ = {*parse_flow_description("permit out 6 from any 80 to assigned"),
                                  *parse_flow_description("permit out 17 from any 4500 to assigned")};
  pdr fallback = r.pdrs_[0];
  fallback.id_ = pdr_id::literal(9);
  fallback.precedence_ = 2;
  fallback.pdi_.sdf_filters_.clear();
  r.pdrs_.push_back(fallback);
  ASSERT_TRUE(table_.establish(r, clk_.now()).has_value());

  const auto ipsec =
      test::ipv4_packet({.source_ = test::ue_address(30), .destination_ = server, .destination_port_ = 4500});
  auto c = classifier_.classify_uplink(teid::literal(300), std::nullopt, ipsec);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(id_of(*c), pdr_id::literal(1));
  const auto other =
      test::ipv4_packet({.source_ = test::ue_address(30), .destination_ = server, .destination_port_ = 4501});
  c = classifier_.classify_uplink(teid::literal(300), std::nullopt, other);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(id_of(*c), pdr_id::literal(9));
}

TEST_F(classifier, when_tunnel_is_unknown_then_the_error_says_so) {
  const auto p = test::ipv4_packet({.source_ = test::ue_address(2)});
  auto c = classifier_.classify_uplink(teid::literal(999), std::nullopt, p);
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().code_, classify_errc::unknown_teid);
}

TEST_F(classifier, when_uplink_source_is_not_the_ue_address_then_no_pdr_matches) {
  const auto p = test::ipv4_packet({.source_ = test::ue_address(77)});
  auto c = classifier_.classify_uplink(teid::literal(100), std::nullopt, p);
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().code_, classify_errc::no_matching_pdr);
}

TEST_F(classifier, when_downlink_packet_comes_from_the_dns_server_then_the_dns_pdr_wins) {
  const auto p = test::ipv4_packet(
      {.source_ = server, .destination_ = test::ue_address(2), .source_port_ = 53, .destination_port_ = 40000});
  auto c = classifier_.classify_downlink(p);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(id_of(*c), pdr_id::literal(4));
}

TEST_F(classifier, when_downlink_packet_is_other_traffic_then_the_default_pdr_matches) {
  const auto p = test::ipv4_packet({.source_ = server, .destination_ = test::ue_address(3), .source_port_ = 443});
  auto c = classifier_.classify_downlink(p);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(id_of(*c), pdr_id::literal(2));
  EXPECT_EQ(c->session_->id(), seid::literal(2));
}

TEST_F(classifier, when_downlink_destination_has_no_session_then_the_error_says_so) {
  const auto p = test::ipv4_packet({.source_ = server, .destination_ = test::ue_address(99)});
  auto c = classifier_.classify_downlink(p);
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().code_, classify_errc::unknown_ue_address);
}

TEST_F(classifier, when_inner_packet_is_malformed_then_the_error_carries_the_decode_failure) {
  auto p = test::ipv4_packet({.source_ = test::ue_address(2)});
  p[2] = 0xff;  // Total Length beyond the buffer
  auto c = classifier_.classify_uplink(teid::literal(100), std::nullopt, p);
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().code_, classify_errc::malformed_packet);
  EXPECT_EQ(c.error().decode_.code, decode_errc::truncated);
  for (std::size_t n = 0; n < p.size(); ++n) {
    EXPECT_FALSE(classifier_.classify_downlink(std::span<const std::uint8_t>(p.data(), n)).has_value());
  }
}

TEST_F(classifier, when_packets_are_classified_as_a_batch_then_each_result_equals_the_single_packet_answer) {
  std::vector<std::vector<std::uint8_t>> bytes;
  std::vector<uplink_packet_ref> up;
  const auto add = [&](teid t, std::optional<qfi> q, std::vector<std::uint8_t> p) {
    bytes.push_back(std::move(p));
    up.push_back({t, q, {}});
  };
  add(teid::literal(100), std::nullopt,
      test::ipv4_packet({.source_ = test::ue_address(2), .destination_ = server, .destination_port_ = 53}));
  add(teid::literal(100), qfi::literal(5), test::ipv4_packet({.source_ = test::ue_address(2)}));
  add(teid::literal(999), std::nullopt, test::ipv4_packet({.source_ = test::ue_address(2)}));
  add(teid::literal(200), std::nullopt, test::ipv4_packet({.source_ = test::ue_address(3)}));
  add(teid::literal(200), std::nullopt, std::vector<std::uint8_t>{0x45, 0x00});
  add(teid::literal(100), std::nullopt, test::ipv4_packet({.source_ = test::ue_address(50)}));
  for (std::size_t i = 0; i < up.size(); ++i) up[i].packet_ = bytes[i];

  std::vector<classify_result> results(up.size());
  classifier_.classify_uplink_batch(up, results);
  std::vector<std::span<const std::uint8_t>> down;
  for (const auto& b : bytes) down.push_back(b);
  std::vector<classify_result> down_results(down.size());
  classifier_.classify_downlink_batch(down, down_results);

  for (std::size_t i = 0; i < up.size(); ++i) {
    const auto single = classifier_.classify_uplink(up[i].teid_, up[i].qfi_, up[i].packet_);
    ASSERT_EQ(results[i].has_value(), single.has_value()) << i;
    if (single) {
      EXPECT_EQ(results[i]->pdr_, single->pdr_) << i;
      EXPECT_EQ(results[i]->session_, single->session_) << i;
    } else {
      EXPECT_EQ(results[i].error().code_, single.error().code_) << i;
    }
    const auto single_down = classifier_.classify_downlink(down[i]);
    ASSERT_EQ(down_results[i].has_value(), single_down.has_value()) << i;
    if (single_down)
      EXPECT_EQ(down_results[i]->pdr_, single_down->pdr_) << i;
    else
      EXPECT_EQ(down_results[i].error().code_, single_down.error().code_) << i;
  }
  EXPECT_TRUE(results[0].has_value());
  EXPECT_EQ(results[2].error().code_, classify_errc::unknown_teid);
  EXPECT_EQ(results[4].error().code_, classify_errc::malformed_packet);
}

}  // namespace
}  // namespace meridian::upf
