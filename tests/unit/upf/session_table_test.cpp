#include "meridian/upf/session_table.hpp"

#include <gtest/gtest.h>

#include "upf/test_packets.hpp"
#include "upf/test_sessions.hpp"

namespace meridian::upf {
namespace {

using namespace std::chrono_literals;

TEST(session_table, when_session_is_established_then_it_is_found_by_seid_teid_and_ue_address) {
  session_table table;
  manual_clock clk;
  auto s = table.establish(test::basic_session(1, 100, test::ue_address(2)), clk.now());
  ASSERT_TRUE(s.has_value()) << s.error().message();
  EXPECT_EQ(table.find(seid::literal(1)), *s);
  EXPECT_EQ(table.find_by_teid(teid::literal(100)), *s);
  EXPECT_EQ(table.find_by_ue_address(test::ue_address(2)), *s);
  EXPECT_EQ(table.find_by_teid(teid::literal(101)), nullptr);
  EXPECT_EQ(table.size(), 1u);
}

TEST(session_table, when_seid_exists_then_establishment_is_refused) {
  session_table table;
  manual_clock clk;
  ASSERT_TRUE(table.establish(test::basic_session(1, 100, test::ue_address(2)), clk.now()));
  auto again = table.establish(test::basic_session(1, 101, test::ue_address(3)), clk.now());
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code_, rules_errc::duplicate_seid);
}

TEST(session_table, when_teid_belongs_to_another_session_then_establishment_is_refused_and_leaves_no_trace) {
  session_table table;
  manual_clock clk;
  session* first = *table.establish(test::basic_session(1, 100, test::ue_address(2)), clk.now());
  auto clash = table.establish(test::basic_session(2, 100, test::ue_address(3)), clk.now());
  ASSERT_FALSE(clash.has_value());
  EXPECT_EQ(clash.error().code_, rules_errc::teid_in_use);
  EXPECT_EQ(table.find_by_teid(teid::literal(100)), first);
  EXPECT_EQ(table.find_by_ue_address(test::ue_address(3)), nullptr);
  EXPECT_EQ(table.find(seid::literal(2)), nullptr);
}

TEST(session_table, when_ue_address_belongs_to_another_session_then_establishment_is_refused) {
  session_table table;
  manual_clock clk;
  ASSERT_TRUE(table.establish(test::basic_session(1, 100, test::ue_address(2)), clk.now()));
  auto clash = table.establish(test::basic_session(2, 101, test::ue_address(2)), clk.now());
  ASSERT_FALSE(clash.has_value());
  EXPECT_EQ(clash.error().code_, rules_errc::ue_address_in_use);
  EXPECT_EQ(table.find_by_teid(teid::literal(101)), nullptr);
}

TEST(session_table, when_pdr_names_a_missing_rule_then_the_error_names_the_pdr) {
  session_table table;
  manual_clock clk;
  auto r = test::basic_session(1, 100, test::ue_address(2));
  r.pdrs_[1].qer_ids_.push_back(qer_id::literal(9));
  auto s = table.establish(r, clk.now());
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error(), (rules_error{rules_errc::unknown_qer, 2}));

  r = test::basic_session(1, 100, test::ue_address(2));
  r.pdrs_[0].far_id_ = far_id::literal(42);
  EXPECT_EQ(table.establish(r, clk.now()).error().code_, rules_errc::unknown_far);

  r = test::basic_session(1, 100, test::ue_address(2));
  r.pdrs_[0].far_id_.reset();
  EXPECT_EQ(table.establish(r, clk.now()).error().code_, rules_errc::missing_far);

  r = test::basic_session(1, 100, test::ue_address(2));
  r.fars_.push_back(r.fars_[0]);
  EXPECT_EQ(table.establish(r, clk.now()).error().code_, rules_errc::duplicate_rule_id);

  r = test::basic_session(1, 100, test::ue_address(2));
  r.pdrs_[1].pdi_.ue_address_.reset();
  EXPECT_EQ(table.establish(r, clk.now()).error().code_, rules_errc::no_key);
  EXPECT_EQ(table.size(), 0u);
}

TEST(session_table, when_session_is_removed_then_its_keys_are_gone_and_can_be_reused) {
  session_table table;
  manual_clock clk;
  ASSERT_TRUE(table.establish(test::basic_session(1, 100, test::ue_address(2)), clk.now()));
  EXPECT_TRUE(table.remove(seid::literal(1)));
  EXPECT_FALSE(table.remove(seid::literal(1)));
  EXPECT_EQ(table.find_by_teid(teid::literal(100)), nullptr);
  EXPECT_EQ(table.find_by_ue_address(test::ue_address(2)), nullptr);
  EXPECT_TRUE(table.establish(test::basic_session(2, 100, test::ue_address(2)), clk.now()));
}

TEST(session_table, when_session_is_modified_then_new_keys_replace_old_and_usage_is_kept) {
  session_table table;
  manual_clock clk;
  auto r = test::basic_session(1, 100, test::ue_address(2));
  r.urrs_.push_back(urr{urr_id::literal(1), {}});
  r.pdrs_[0].urr_ids_.push_back(urr_id::literal(1));
  session* s = *table.establish(r, clk.now());
  const auto packet = test::ipv4_packet({.source_ = test::ue_address(2)});
  s->apply(s->tunnel_pdrs()[0], direction::uplink, packet, clk.now());

  r.pdrs_[0].pdi_.local_teid_ = teid::literal(200);
  auto m = table.modify(r, clk.now());
  ASSERT_TRUE(m.has_value()) << m.error().message();
  EXPECT_EQ(table.find_by_teid(teid::literal(100)), nullptr);
  EXPECT_EQ(table.find_by_teid(teid::literal(200)), *m);
  EXPECT_EQ(table.find_by_ue_address(test::ue_address(2)), *m);
  EXPECT_EQ((*m)->find_usage(urr_id::literal(1))->measured().uplink_octets_, packet.size());
}

TEST(session_table, when_modification_is_refused_then_the_old_rules_stay) {
  session_table table;
  manual_clock clk;
  session* s = *table.establish(test::basic_session(1, 100, test::ue_address(2)), clk.now());
  ASSERT_TRUE(table.establish(test::basic_session(2, 300, test::ue_address(3)), clk.now()));
  auto bad = test::basic_session(1, 300, test::ue_address(2));
  EXPECT_EQ(table.modify(bad, clk.now()).error().code_, rules_errc::teid_in_use);
  EXPECT_EQ(table.find_by_teid(teid::literal(100)), s);
  EXPECT_EQ(table.modify(test::basic_session(9, 1, test::ue_address(9)), clk.now()).error().code_,
            rules_errc::unknown_seid);
}

TEST(session_table, when_many_sessions_come_and_go_then_every_lookup_stays_right) {
  session_table table({.expected_sessions_ = 16, .session_ = {}});  // forces growth
  manual_clock clk;
  constexpr std::uint32_t n = 20'000;
  for (std::uint32_t i = 1; i <= n; ++i)
    ASSERT_TRUE(table.establish(test::basic_session(i, i, test::ue_address(i)), clk.now()));
  for (std::uint32_t i = 1; i <= n; i += 2) ASSERT_TRUE(table.remove(*seid::from(i)));
  for (std::uint32_t i = 1; i <= n; ++i) {
    session* by_teid = table.find_by_teid(*teid::from(i));
    session* by_ue = table.find_by_ue_address(test::ue_address(i));
    if (i % 2 == 1) {
      ASSERT_EQ(by_teid, nullptr);
      ASSERT_EQ(by_ue, nullptr);
    } else {
      ASSERT_NE(by_teid, nullptr);
      ASSERT_EQ(by_teid->id(), *seid::from(i));
      ASSERT_EQ(by_ue, by_teid);
    }
  }
}

// --- enforcement of one PDR on one packet -------------------------------------

struct enforcement : ::testing::Test {
  session_table table_;
  manual_clock clk_;
  std::vector<std::uint8_t> uplink_packet_ = test::ipv4_packet({.source_ = test::ue_address(2), .payload_ = 1372});

  session& make(session_rules r) {
    auto s = table_.establish(std::move(r), clk_.now());
    EXPECT_TRUE(s.has_value());
    return **s;
  }
};

TEST_F(enforcement, when_far_forwards_then_the_packet_is_forwarded_with_that_far) {
  session& s = make(test::basic_session(1, 100, test::ue_address(2)));
  auto v = s.apply(s.tunnel_pdrs()[0], direction::uplink, uplink_packet_, clk_.now());
  EXPECT_EQ(v.disposition_, disposition::forward);
  EXPECT_EQ(v.far_->id_, far_id::literal(1));
}

TEST_F(enforcement, when_far_drops_then_the_packet_is_dropped_and_not_counted) {
  auto r = test::basic_session(1, 100, test::ue_address(2));
  r.fars_[0].action_ = apply_action::drop;
  r.urrs_.push_back(urr{urr_id::literal(1), {}});
  r.pdrs_[0].urr_ids_.push_back(urr_id::literal(1));
  session& s = make(r);
  EXPECT_EQ(s.apply(s.tunnel_pdrs()[0], direction::uplink, uplink_packet_, clk_.now()).disposition_,
            disposition::drop_far);
  EXPECT_EQ(s.find_usage(urr_id::literal(1))->measured().total_packets_, 0u);
}

TEST_F(enforcement, when_gate_is_closed_then_packets_in_that_direction_are_dropped) {
  auto r = test::basic_session(1, 100, test::ue_address(2));
  r.qers_.push_back(qer{qer_id::literal(1), gate::closed, gate::open, {}, {}, {}});
  r.pdrs_[0].qer_ids_.push_back(qer_id::literal(1));
  r.pdrs_[1].qer_ids_.push_back(qer_id::literal(1));
  session& s = make(r);
  EXPECT_EQ(s.apply(s.tunnel_pdrs()[0], direction::uplink, uplink_packet_, clk_.now()).disposition_,
            disposition::drop_gate_closed);
  EXPECT_EQ(s.apply(s.ue_address_pdrs()[0], direction::downlink, uplink_packet_, clk_.now()).disposition_,
            disposition::forward);
}

TEST_F(enforcement, when_rate_exceeds_mbr_then_excess_packets_are_dropped) {
  auto r = test::basic_session(1, 100, test::ue_address(2));
  const std::uint64_t mbr_kbps = 2'000;  // 2 Mbit/s uplink
  r.qers_.push_back(qer{qer_id::literal(1), gate::open, gate::open, mbr_kbps, {}, {}});
  r.pdrs_[0].qer_ids_.push_back(qer_id::literal(1));
  session& s = make(r);
  // Offer 4 Mbit/s for 10 simulated seconds.
  const auto gap = std::chrono::nanoseconds(uplink_packet_.size() * 8 * 1'000'000'000ULL / 4'000'000);
  std::uint64_t forwarded = 0;
  std::uint64_t dropped = 0;
  for (auto t = clock::duration::zero(); t < 10s; t += gap) {
    auto v = s.apply(s.tunnel_pdrs()[0], direction::uplink, uplink_packet_, clk_.now());
    if (v.disposition_ == disposition::forward)
      forwarded += uplink_packet_.size();
    else if (v.disposition_ == disposition::drop_mbr)
      ++dropped;
    clk_.advance(gap);
  }
  EXPECT_GT(dropped, 0u);
  EXPECT_NEAR(static_cast<double>(forwarded) * 8 / 10.0, 2'000'000.0, 0.05 * 2'000'000.0);
}

TEST_F(enforcement, when_any_of_several_qers_refuses_then_the_packet_is_dropped) {
  auto r = test::basic_session(1, 100, test::ue_address(2));
  r.qers_.push_back(qer{qer_id::literal(1), gate::open, gate::open, 1'000'000, {}, {}});  // session AMBR-like
  r.qers_.push_back(qer{qer_id::literal(2), gate::open, gate::open, 8, {}, {}});          // 8 kbit/s flow
  r.pdrs_[0].qer_ids_ = {qer_id::literal(1), qer_id::literal(2)};
  session& s = make(r);
  int forwarded = 0;
  for (int i = 0; i < 100; ++i)
    if (s.apply(s.tunnel_pdrs()[0], direction::uplink, uplink_packet_, clk_.now()).disposition_ == disposition::forward)
      ++forwarded;
  EXPECT_EQ(forwarded, 2);  // the 3000-byte minimum burst of the 8 kbit/s QER
}

TEST_F(enforcement, when_a_pdr_names_more_qers_and_urrs_than_fit_inline_then_all_apply) {
  auto r = test::basic_session(1, 100, test::ue_address(2));
  for (std::uint32_t i = 1; i <= 4; ++i) {
    r.qers_.push_back(qer{*qer_id::from(i), i == 4 ? gate::closed : gate::open, gate::open, {}, {}, {}});
    r.urrs_.push_back(urr{*urr_id::from(i), {}});
    r.pdrs_[0].qer_ids_.push_back(*qer_id::from(i));
    r.pdrs_[1].urr_ids_.push_back(*urr_id::from(i));
  }
  r.pdrs_[1].qer_ids_ = {qer_id::literal(1), qer_id::literal(2), qer_id::literal(3)};
  session& s = make(r);
  EXPECT_EQ(s.apply(s.tunnel_pdrs()[0], direction::uplink, uplink_packet_, clk_.now()).disposition_,
            disposition::drop_gate_closed);  // the fourth QER's gate
  EXPECT_EQ(s.apply(s.ue_address_pdrs()[0], direction::downlink, uplink_packet_, clk_.now()).disposition_,
            disposition::forward);
  for (std::uint32_t i = 1; i <= 4; ++i)
    EXPECT_EQ(s.find_usage(*urr_id::from(i))->measured().downlink_octets_, uplink_packet_.size()) << i;
}

TEST_F(enforcement, when_usage_reaches_the_volume_threshold_then_a_report_is_due) {
  auto r = test::basic_session(1, 100, test::ue_address(2));
  volume_threshold t;
  t.total_ = 3 * uplink_packet_.size();
  r.urrs_.push_back(urr{urr_id::literal(1), t});
  r.pdrs_[0].urr_ids_.push_back(urr_id::literal(1));
  session& s = make(r);
  EXPECT_FALSE(s.apply(s.tunnel_pdrs()[0], direction::uplink, uplink_packet_, clk_.now()).usage_report_due_);
  EXPECT_FALSE(s.apply(s.tunnel_pdrs()[0], direction::uplink, uplink_packet_, clk_.now()).usage_report_due_);
  EXPECT_TRUE(s.apply(s.tunnel_pdrs()[0], direction::uplink, uplink_packet_, clk_.now()).usage_report_due_);
  EXPECT_FALSE(s.apply(s.tunnel_pdrs()[0], direction::uplink, uplink_packet_, clk_.now()).usage_report_due_);
}

TEST_F(enforcement, when_far_buffers_then_packets_wait_and_the_first_triggers_a_notification) {
  auto r = test::basic_session(1, 100, test::ue_address(2));
  r.fars_[1].action_ = apply_action::buffer_and_notify;
  r.bar_ = bar{bar_id::literal(1), std::uint8_t{3}};
  r.fars_[1].bar_id_ = bar_id::literal(1);
  session& s = make(r);
  const auto dl =
      test::ipv4_packet({.source_ = ipv4_from_octets(198, 51, 100, 7), .destination_ = test::ue_address(2)});
  const compiled_pdr& p = s.ue_address_pdrs()[0];
  EXPECT_EQ(s.apply(p, direction::downlink, dl, clk_.now()).disposition_, disposition::buffered_notify);
  EXPECT_EQ(s.apply(p, direction::downlink, dl, clk_.now()).disposition_, disposition::buffered);
  EXPECT_EQ(s.apply(p, direction::downlink, dl, clk_.now()).disposition_, disposition::buffered);
  EXPECT_EQ(s.apply(p, direction::downlink, dl, clk_.now()).disposition_, disposition::drop_buffer_full);

  // The SMF switches the FAR to forward: the buffered packets survive the modification.
  r.fars_[1].action_ = apply_action::forward;
  session* m = *table_.modify(r, clk_.now());
  std::size_t flushed = m->buffer().drain([&](std::span<const std::uint8_t> pkt, pdr_id id) {
    EXPECT_EQ(pkt.size(), dl.size());
    EXPECT_EQ(id, pdr_id::literal(2));
  });
  EXPECT_EQ(flushed, 3u);
}

}  // namespace
}  // namespace meridian::upf
