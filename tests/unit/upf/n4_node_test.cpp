// The UPF's N4 node against a fake data path and a fake socket: one test per
// behaviour of TS 29.244 the node implements. Every answer is decoded with our
// PFCP codec; n4_tshark_test.cpp has tshark check them too.

#include <gtest/gtest.h>

#include <chrono>

#include "meridian/upf/n4_node.hpp"
#include "n4_fakes.hpp"

namespace meridian::upf {
namespace {

using namespace std::chrono_literals;
using pfcp::cause_value;
using test::bytes_of;
using test::request;

const n4_endpoint smf{{127, 0, 0, 2}, 8805};

n4_config test_config() {
  n4_config c;
  c.bind_address_ = {127, 0, 0, 1};
  c.n3_address_ = {127, 0, 0, 9};
  c.t1_ = 1000ms;
  c.n1_ = 2;
  c.heartbeat_interval_ = 10s;
  c.association_retry_interval_ = 5s;
  c.response_cache_time_ = 20s;
  return c;
}

class n4_node_test : public ::testing::Test {
 protected:
  void make(n4_config cfg = test_config()) { node_ = std::make_unique<n4_node>(cfg, installer_, sender_, clock_); }
  void SetUp() override { make(); }

  /// Delivers `m` from the SMF and returns the node's answer, decoded.
  pfcp::message exchange(const pfcp::message& m, const n4_endpoint& from = smf) {
    const std::size_t before = sender_.sent_.size();
    node_->on_datagram(from, bytes_of(m));
    EXPECT_EQ(sender_.sent_.size(), before + 1) << "expected exactly one answer";
    auto out = sender_.last();
    EXPECT_TRUE(out) << "the node's answer must decode";
    return out ? *out : pfcp::message{};
  }

  void associate(const n4_endpoint& from = smf, std::uint32_t recovery = 3'900'000'000u) {
    pfcp::association_setup_request r;
    r.node_id_ = test::smf_node_id();
    r.recovery_time_stamp_.value_ = recovery;
    auto rsp = exchange(request(r, ++sequence_), from);
    ASSERT_EQ(std::get<pfcp::association_setup_response>(rsp.body_).cause_.value_, cause_value::request_accepted);
  }

  /// Establishes the session of test::establishment() and returns the response.
  pfcp::message establish(std::uint64_t cp_seid = 0xc0de, std::uint8_t ue = 2) {
    return exchange(request(test::establishment(cp_seid, ue), ++sequence_, 0));
  }

  seid up_seid_of(const pfcp::message& rsp) {
    const auto& r = std::get<pfcp::session_establishment_response>(rsp.body_);
    return r.up_f_seid_ ? r.up_f_seid_->seid_ : seid{};
  }

  manual_clock clock_;
  test::fake_installer installer_;
  test::fake_sender sender_;
  std::unique_ptr<n4_node> node_;
  std::uint32_t sequence_ = 100;
};

// ---- Heartbeat and association -----------------------------------------------------------

TEST_F(n4_node_test, when_heartbeat_request_arrives_then_response_carries_our_recovery_time_stamp) {
  pfcp::heartbeat_request hb;
  hb.recovery_time_stamp_.value_ = 12345;
  auto rsp = exchange(request(hb, 7));
  EXPECT_EQ(rsp.header_.sequence_number_, 7u);
  const auto& body = std::get<pfcp::heartbeat_response>(rsp.body_);
  EXPECT_EQ(body.recovery_time_stamp_.value_, node_->recovery_time_stamp());
  // manual_clock starts at 1'700'000'000 s after 1970: plus the NTP offset.
  EXPECT_EQ(node_->recovery_time_stamp(), 1'700'000'000u + 2'208'988'800u);
}

TEST_F(n4_node_test, when_smf_sets_up_association_then_it_is_accepted_with_up_function_features) {
  pfcp::association_setup_request r;
  r.node_id_ = test::smf_node_id();
  r.recovery_time_stamp_.value_ = 1;
  auto rsp = exchange(request(r, 1));
  const auto& body = std::get<pfcp::association_setup_response>(rsp.body_);
  EXPECT_EQ(body.cause_.value_, cause_value::request_accepted);
  EXPECT_EQ(body.node_id_.ipv4_, test::v4(127, 0, 0, 1));
  ASSERT_TRUE(body.up_function_features_);
  EXPECT_TRUE(body.up_function_features_->test({0, 5}));  // FTUP: we allocate F-TEIDs
  EXPECT_TRUE(body.up_function_features_->test({0, 1}));  // BUCP: we buffer
  EXPECT_TRUE(body.up_function_features_->test({1, 1}));  // EMPU: we send End Markers
  EXPECT_TRUE(node_->associated(smf));
}

TEST_F(n4_node_test, when_upf_initiates_association_then_configured_smf_gets_setup_request_retried_until_answered) {
  auto cfg = test_config();
  cfg.smfs_.push_back({{127, 0, 0, 2}, 8805});
  make(cfg);
  node_->start();
  ASSERT_EQ(sender_.sent_.size(), 1u);
  EXPECT_EQ(sender_.sent_[0].to_, smf);
  auto req = sender_.last();
  ASSERT_TRUE(req);
  ASSERT_TRUE(std::holds_alternative<pfcp::association_setup_request>(req->body_));
  // T1 passes twice (N1 = 2): two retransmissions of the same bytes; then it gives up and retries later.
  for (int i = 0; i < 2; ++i) {
    clock_.advance(1000ms);
    node_->on_timer();
  }
  ASSERT_EQ(sender_.sent_.size(), 3u);
  EXPECT_EQ(sender_.sent_[1].bytes_, sender_.sent_[0].bytes_);
  clock_.advance(1000ms);
  node_->on_timer();
  EXPECT_EQ(node_->counters().requests_timed_out_, 1u);
  ASSERT_TRUE(node_->next_deadline());
  clock_.advance(5000ms);
  node_->on_timer();
  ASSERT_EQ(sender_.sent_.size(), 4u);
  auto again = sender_.last();
  ASSERT_TRUE(again);
  ASSERT_TRUE(std::holds_alternative<pfcp::association_setup_request>(again->body_));

  pfcp::association_setup_response ok;
  ok.node_id_ = test::smf_node_id();
  ok.cause_.value_ = cause_value::request_accepted;
  ok.recovery_time_stamp_.value_ = 42;
  pfcp::message answer = request(ok, again->header_.sequence_number_);
  node_->on_datagram(smf, bytes_of(answer));
  EXPECT_TRUE(node_->associated(smf));
}

TEST_F(n4_node_test, when_associated_then_heartbeats_are_sent_and_a_lost_peer_loses_its_association_and_sessions) {
  associate();
  establish();
  ASSERT_EQ(node_->session_count(), 1u);
  clock_.advance(10s);
  node_->on_timer();
  auto hb = sender_.last();
  ASSERT_TRUE(hb);
  ASSERT_TRUE(std::holds_alternative<pfcp::heartbeat_request>(hb->body_));
  EXPECT_EQ(std::get<pfcp::heartbeat_request>(hb->body_).recovery_time_stamp_.value_, node_->recovery_time_stamp());
  // Answered: the next one comes an interval later.
  pfcp::heartbeat_response r;
  r.recovery_time_stamp_.value_ = 3'900'000'000u;
  node_->on_datagram(smf, bytes_of(request(r, hb->header_.sequence_number_)));
  EXPECT_TRUE(node_->associated(smf));
  // Unanswered: N1 retransmissions, then the association and its sessions go.
  clock_.advance(10s);
  node_->on_timer();
  for (int i = 0; i < 3; ++i) {
    clock_.advance(1000ms);
    node_->on_timer();
  }
  EXPECT_EQ(node_->counters().heartbeat_failures_, 1u);
  EXPECT_FALSE(node_->associated(smf));
  EXPECT_EQ(node_->session_count(), 0u);
  EXPECT_EQ(installer_.removed_.size(), 1u);
}

TEST_F(n4_node_test, when_peer_recovery_time_stamp_changes_then_its_sessions_are_deleted) {
  associate(smf, 1000);
  establish(0x1);
  establish(0x2, 3);
  ASSERT_EQ(node_->session_count(), 2u);
  pfcp::heartbeat_request same;
  same.recovery_time_stamp_.value_ = 1000;
  exchange(request(same, 500));
  EXPECT_EQ(node_->session_count(), 2u);
  pfcp::heartbeat_request restarted;
  restarted.recovery_time_stamp_.value_ = 2000;
  exchange(request(restarted, 501));
  EXPECT_EQ(node_->session_count(), 0u);
  EXPECT_EQ(installer_.removed_.size(), 2u);
  EXPECT_EQ(node_->counters().peer_restarts_, 1u);
}

TEST_F(n4_node_test, when_smf_sets_up_again_with_a_new_recovery_time_stamp_then_old_sessions_are_deleted) {
  associate(smf, 1000);
  establish();
  associate(smf, 1000);
  EXPECT_EQ(node_->session_count(), 1u);
  associate(smf, 1001);
  EXPECT_EQ(node_->session_count(), 0u);
}

TEST_F(n4_node_test, when_smf_updates_the_association_then_it_is_accepted_only_when_associated) {
  pfcp::association_update_request u;
  u.node_id_ = test::smf_node_id();
  auto before = exchange(request(u, 1));
  EXPECT_EQ(std::get<pfcp::association_update_response>(before.body_).cause_.value_,
            cause_value::no_established_pfcp_association);
  associate();
  auto after = exchange(request(u, 2));
  EXPECT_EQ(std::get<pfcp::association_update_response>(after.body_).cause_.value_, cause_value::request_accepted);
}

TEST_F(n4_node_test, when_upf_asks_for_release_then_association_update_carries_sarr) {
  EXPECT_FALSE(node_->update_association(smf, true));
  associate();
  ASSERT_TRUE(node_->update_association(smf, true));
  auto req = sender_.last();
  ASSERT_TRUE(req);
  const auto& body = std::get<pfcp::association_update_request>(req->body_);
  ASSERT_TRUE(body.pfcp_association_release_request_);
  EXPECT_TRUE(body.pfcp_association_release_request_->test({0, 1}));
}

TEST_F(n4_node_test, when_smf_releases_the_association_then_its_sessions_are_deleted) {
  associate();
  establish();
  pfcp::association_release_request r;
  r.node_id_ = test::smf_node_id();
  auto rsp = exchange(request(r, 9));
  EXPECT_EQ(std::get<pfcp::association_release_response>(rsp.body_).cause_.value_, cause_value::request_accepted);
  EXPECT_FALSE(node_->associated(smf));
  EXPECT_EQ(node_->session_count(), 0u);
  auto again = exchange(request(r, 10));
  EXPECT_EQ(std::get<pfcp::association_release_response>(again.body_).cause_.value_,
            cause_value::no_established_pfcp_association);
}

// ---- Session Establishment -----------------------------------------------------------------

TEST_F(n4_node_test, when_session_establishment_arrives_without_association_then_cause_is_no_established_association) {
  auto rsp = establish(0xabc);
  const auto& body = std::get<pfcp::session_establishment_response>(rsp.body_);
  EXPECT_EQ(body.cause_.value_, cause_value::no_established_pfcp_association);
  EXPECT_EQ(rsp.header_.seid_, seid::from(0xabc));
  EXPECT_EQ(installer_.establish_calls_, 0);
  EXPECT_EQ(node_->counters().no_association_, 1u);
}

TEST_F(n4_node_test, when_session_is_established_then_rules_reach_the_data_path_and_created_pdr_has_the_chosen_teid) {
  associate();
  auto rsp = establish(0xc0de);
  EXPECT_EQ(rsp.header_.seid_, seid::from(0xc0de));  // §7.2.2.4.2: the peer's SEID
  const auto& body = std::get<pfcp::session_establishment_response>(rsp.body_);
  ASSERT_EQ(body.cause_.value_, cause_value::request_accepted);
  ASSERT_TRUE(body.up_f_seid_);
  EXPECT_NE(body.up_f_seid_->seid_, seid{});
  EXPECT_EQ(body.up_f_seid_->ipv4_, test::v4(127, 0, 0, 1));
  ASSERT_EQ(body.created_pdr_.size(), 1u);
  EXPECT_EQ(body.created_pdr_[0].pdr_id_.value_, 1);
  ASSERT_TRUE(body.created_pdr_[0].local_f_teid_);
  const teid chosen = body.created_pdr_[0].local_f_teid_->teid_;
  EXPECT_NE(chosen, teid{});
  EXPECT_EQ(body.created_pdr_[0].local_f_teid_->ipv4_, test::v4(127, 0, 0, 9));

  ASSERT_TRUE(installer_.last_rules_);
  const session_rules& r = *installer_.last_rules_;
  EXPECT_EQ(r.seid_, body.up_f_seid_->seid_);
  ASSERT_EQ(r.pdrs_.size(), 2u);
  const pdr& ul = r.pdrs_[0];
  EXPECT_EQ(ul.precedence_, 200u);
  EXPECT_EQ(ul.pdi_.source_interface_, interface_type::access);
  EXPECT_EQ(ul.pdi_.local_teid_, chosen);
  EXPECT_EQ(ul.pdi_.qfi_, qfi::from(9));
  ASSERT_EQ(ul.pdi_.sdf_filters_.size(), 1u);
  EXPECT_EQ(ul.pdi_.sdf_filters_[0].protocol_, 17);
  EXPECT_TRUE(ul.remove_outer_header_);
  const pdr& dl = r.pdrs_[1];
  EXPECT_EQ(dl.pdi_.ue_address_, ipv4_from_octets(10, 45, 0, 2));
  EXPECT_EQ(dl.far_id_, far_id::from(2));
  ASSERT_EQ(r.fars_.size(), 2u);
  EXPECT_EQ(r.fars_[0].action_, apply_action::forward);
  ASSERT_TRUE(r.fars_[1].outer_header_creation_);
  EXPECT_EQ(r.fars_[1].outer_header_creation_->teid_, teid::from(0x1234));
  EXPECT_EQ(r.fars_[1].outer_header_creation_->peer_address_, ipv4_from_octets(192, 0, 2, 10));
  EXPECT_EQ(r.fars_[1].bar_id_, bar_id::from(1));
  ASSERT_EQ(r.qers_.size(), 1u);
  EXPECT_EQ(r.qers_[0].gate_uplink_, gate::open);
  EXPECT_EQ(r.qers_[0].gate_downlink_, gate::closed);
  EXPECT_EQ(r.qers_[0].mbr_uplink_kbps_, 100'000u);
  EXPECT_EQ(r.qers_[0].mbr_downlink_kbps_, 200'000u);
  ASSERT_EQ(r.urrs_.size(), 1u);
  EXPECT_EQ(r.urrs_[0].volume_threshold_.total_, 5'000'000u);
  ASSERT_TRUE(r.bar_);
  EXPECT_EQ(node_->session_count(), 1u);
}

TEST_F(n4_node_test, when_two_sessions_are_established_then_each_gets_its_own_seid_and_teid) {
  associate();
  auto a = establish(1, 2), b = establish(2, 3);
  EXPECT_NE(up_seid_of(a), up_seid_of(b));
  const auto& ca = std::get<pfcp::session_establishment_response>(a.body_).created_pdr_;
  const auto& cb = std::get<pfcp::session_establishment_response>(b.body_).created_pdr_;
  ASSERT_EQ(ca.size(), 1u);
  ASSERT_EQ(cb.size(), 1u);
  EXPECT_NE(ca[0].local_f_teid_->teid_, cb[0].local_f_teid_->teid_);
}

TEST_F(n4_node_test, when_pdrs_share_a_choose_id_then_they_share_one_teid) {
  associate();
  auto req = test::establishment(5);
  req.create_pdr_[0].pdi_.local_f_teid_ = test::choose_teid(7);
  auto second = req.create_pdr_[0];
  second.pdr_id_.value_ = 3;
  second.precedence_.value_ = 100;
  second.pdi_.sdf_filter_.clear();
  req.create_pdr_.push_back(second);
  auto rsp = exchange(request(req, 77, 0));
  const auto& body = std::get<pfcp::session_establishment_response>(rsp.body_);
  ASSERT_EQ(body.cause_.value_, cause_value::request_accepted);
  ASSERT_EQ(body.created_pdr_.size(), 2u);
  EXPECT_EQ(body.created_pdr_[0].local_f_teid_->teid_, body.created_pdr_[1].local_f_teid_->teid_);
}

TEST_F(n4_node_test, when_a_pdr_names_an_unknown_far_then_cause_is_rule_failure_naming_the_pdr) {
  associate();
  auto req = test::establishment(5);
  req.create_pdr_[1].far_id_ = pfcp::far_id{99};
  auto rsp = exchange(request(req, 78, 0));
  const auto& body = std::get<pfcp::session_establishment_response>(rsp.body_);
  EXPECT_EQ(body.cause_.value_, cause_value::rule_creation_modification_failure);
  ASSERT_TRUE(body.failed_rule_id_);
  // §8.2.80: Rule ID Type 0 (PDR), then the 2-octet PDR ID.
  EXPECT_EQ(body.failed_rule_id_->value_, (std::vector<std::uint8_t>{0, 0, 2}));
  EXPECT_FALSE(body.up_f_seid_);
  EXPECT_EQ(node_->session_count(), 0u);
  EXPECT_EQ(node_->counters().rule_failures_, 1u);
}

TEST_F(n4_node_test, when_a_flow_description_is_unsupported_then_cause_is_rule_failure_naming_the_pdr) {
  associate();
  auto req = test::establishment(5);
  req.create_pdr_[0].pdi_.sdf_filter_[0].flow_description_ = "deny out ip from any to assigned";
  auto rsp = exchange(request(req, 79, 0));
  const auto& body = std::get<pfcp::session_establishment_response>(rsp.body_);
  EXPECT_EQ(body.cause_.value_, cause_value::rule_creation_modification_failure);
  ASSERT_TRUE(body.failed_rule_id_);
  EXPECT_EQ(body.failed_rule_id_->value_, (std::vector<std::uint8_t>{0, 0, 1}));
}

TEST_F(n4_node_test, when_every_sdf_filter_of_a_pdr_is_ipv6_then_the_pdr_is_accepted_but_not_installed) {
  // Open5GS sends such a PDR (ICMPv6 from ff02::2) with each IPv4v6 session.
  associate();
  auto req = test::establishment(5);
  auto v6 = req.create_pdr_[0];
  v6.pdr_id_.value_ = 4;
  v6.pdi_.sdf_filter_[0].flow_description_ = "permit out 58 from ff02::2/128 to assigned";
  req.create_pdr_.push_back(v6);
  // A PDR with one IPv4 and one IPv6 filter keeps the IPv4 one.
  req.create_pdr_[0].pdi_.sdf_filter_.push_back(v6.pdi_.sdf_filter_[0]);
  auto rsp = exchange(request(req, 83, 0));
  const auto& body = std::get<pfcp::session_establishment_response>(rsp.body_);
  ASSERT_EQ(body.cause_.value_, cause_value::request_accepted);
  EXPECT_EQ(body.created_pdr_.size(), 2u);  // its F-TEID is allocated all the same
  ASSERT_EQ(installer_.last_rules_->pdrs_.size(), 2u);
  EXPECT_EQ(installer_.last_rules_->pdrs_[0].pdi_.sdf_filters_.size(), 1u);
  // The CP function can still remove it.
  pfcp::session_modification_request rm;
  rm.remove_pdr_.push_back(pfcp::remove_pdr{{}, pfcp::pdr_id{4}});
  auto m = exchange(request(rm, 84, up_seid_of(rsp).value()));
  EXPECT_EQ(std::get<pfcp::session_modification_response>(m.body_).cause_.value_, cause_value::request_accepted);
}

TEST_F(n4_node_test, when_two_fars_share_an_id_then_cause_is_rule_failure_naming_the_far) {
  associate();
  auto req = test::establishment(5);
  req.create_far_[1].far_id_.value_ = 1;
  auto rsp = exchange(request(req, 80, 0));
  const auto& body = std::get<pfcp::session_establishment_response>(rsp.body_);
  EXPECT_EQ(body.cause_.value_, cause_value::rule_creation_modification_failure);
  ASSERT_TRUE(body.failed_rule_id_);
  EXPECT_EQ(body.failed_rule_id_->value_, (std::vector<std::uint8_t>{1, 0, 0, 0, 1}));
}

TEST_F(n4_node_test, when_a_failed_establishment_chose_a_teid_then_the_teid_is_given_back) {
  associate();
  auto bad = test::establishment(5);
  bad.create_pdr_[1].far_id_ = pfcp::far_id{99};
  exchange(request(bad, 81, 0));
  auto ok = establish(6);
  const auto& body = std::get<pfcp::session_establishment_response>(ok.body_);
  ASSERT_EQ(body.created_pdr_.size(), 1u);
  EXPECT_EQ(body.created_pdr_[0].local_f_teid_->teid_, teid::from(1));  // reused, not leaked
}

TEST_F(n4_node_test, when_the_smf_chooses_a_teid_in_use_then_cause_is_rule_failure_naming_the_pdr) {
  associate();
  auto first = establish(1, 2);
  const teid taken = std::get<pfcp::session_establishment_response>(first.body_).created_pdr_[0].local_f_teid_->teid_;
  auto req = test::establishment(2, 3);
  pfcp::f_teid fixed;
  fixed.teid_ = taken;
  fixed.ipv4_ = test::v4(127, 0, 0, 9);
  req.create_pdr_[0].pdi_.local_f_teid_ = fixed;
  auto rsp = exchange(request(req, 82, 0));
  const auto& body = std::get<pfcp::session_establishment_response>(rsp.body_);
  EXPECT_EQ(body.cause_.value_, cause_value::rule_creation_modification_failure);
  ASSERT_TRUE(body.failed_rule_id_);
  EXPECT_EQ(body.failed_rule_id_->value_, (std::vector<std::uint8_t>{0, 0, 1}));
}

TEST_F(n4_node_test, when_a_mandatory_ie_is_missing_then_cause_is_mandatory_ie_missing_with_the_offending_ie) {
  associate();
  auto bytes = test::without_ie(bytes_of(request(test::establishment(5), 90, 0)), pfcp::f_seid::ie_type);
  node_->on_datagram(smf, bytes);
  auto rsp = sender_.last();
  ASSERT_TRUE(rsp);
  const auto& body = std::get<pfcp::session_establishment_response>(rsp->body_);
  EXPECT_EQ(body.cause_.value_, cause_value::mandatory_ie_missing);
  ASSERT_TRUE(body.offending_ie_);
  EXPECT_EQ(body.offending_ie_->value_, pfcp::f_seid::ie_type);
  EXPECT_EQ(rsp->header_.seid_, seid{});
  EXPECT_EQ(rsp->header_.sequence_number_, 90u);
  EXPECT_EQ(node_->counters().rejected_malformed_, 1u);
}

TEST_F(n4_node_test, when_a_request_carries_an_unknown_optional_ie_then_it_is_skipped) {
  associate();
  auto m = request(test::establishment(5), 91, 0);
  auto& body = std::get<pfcp::session_establishment_request>(m.body_);
  body.layout_.unknown_.push_back(pfcp::raw_ie{4000, std::nullopt, {1, 2, 3}});
  auto rsp = exchange(m);
  EXPECT_EQ(std::get<pfcp::session_establishment_response>(rsp.body_).cause_.value_, cause_value::request_accepted);
}

// ---- Session Modification ------------------------------------------------------------------

class n4_session_test : public n4_node_test {
 protected:
  void SetUp() override {
    n4_node_test::SetUp();
    associate();
    auto rsp = establish(0xc0de);
    up_ = up_seid_of(rsp);
    teid_ = std::get<pfcp::session_establishment_response>(rsp.body_).created_pdr_.at(0).local_f_teid_->teid_;
  }
  pfcp::message modify(pfcp::session_modification_request req) {
    return exchange(request(std::move(req), ++sequence_, up_.value()));
  }
  seid up_{};
  teid teid_{};
};

TEST_F(n4_session_test, when_modification_names_an_unknown_seid_then_cause_is_session_context_not_found_with_seid_0) {
  auto rsp = exchange(request(pfcp::session_modification_request{}, 300, 0xdead));
  EXPECT_EQ(std::get<pfcp::session_modification_response>(rsp.body_).cause_.value_,
            cause_value::session_context_not_found);
  ASSERT_TRUE(rsp.header_.seid_);
  EXPECT_EQ(*rsp.header_.seid_, seid{});
  auto del = exchange(request(pfcp::session_deletion_request{}, 301, 0xdead));
  EXPECT_EQ(std::get<pfcp::session_deletion_response>(del.body_).cause_.value_, cause_value::session_context_not_found);
  EXPECT_EQ(node_->counters().session_not_found_, 2u);
}

TEST_F(n4_session_test, when_far_is_updated_with_sndem_then_the_data_path_is_asked_for_an_end_marker) {
  pfcp::session_modification_request req;
  pfcp::update_far u;
  u.far_id_.value_ = 2;
  u.update_forwarding_parameters_.emplace();
  pfcp::outer_header_creation ohc;
  ohc.description_ = pfcp::outer_header_creation::gtpu_udp_ipv4;
  ohc.teid_ = *teid::from(0x5678);
  ohc.ipv4_ = test::v4(192, 0, 2, 20);
  u.update_forwarding_parameters_->outer_header_creation_ = ohc;
  pfcp::pfcpsmreq_flags flags;
  flags.set({0, 2});  // SNDEM
  u.update_forwarding_parameters_->pfcpsmreq_flags_ = flags;
  req.update_far_.push_back(u);
  auto rsp = modify(req);
  EXPECT_EQ(rsp.header_.seid_, seid::from(0xc0de));
  ASSERT_EQ(std::get<pfcp::session_modification_response>(rsp.body_).cause_.value_, cause_value::request_accepted);
  ASSERT_EQ(installer_.last_options_.send_end_marker_.size(), 1u);
  EXPECT_EQ(installer_.last_options_.send_end_marker_[0], far_id::from(2));
  EXPECT_EQ(installer_.last_rules_->fars_[1].outer_header_creation_->teid_, teid::from(0x5678));
  EXPECT_EQ(installer_.last_rules_->fars_[1].outer_header_creation_->peer_address_, ipv4_from_octets(192, 0, 2, 20));
}

TEST_F(n4_session_test, when_far_switches_from_buffer_to_forward_then_the_new_action_is_installed) {
  pfcp::session_modification_request buffer;
  pfcp::update_far u;
  u.far_id_.value_ = 2;
  u.apply_action_ = test::action({pfcp::flags::apply_action::buff, pfcp::flags::apply_action::nocp});
  buffer.update_far_.push_back(u);
  modify(buffer);
  EXPECT_EQ(installer_.last_rules_->fars_[1].action_, apply_action::buffer_and_notify);
  u.apply_action_ = test::action({pfcp::flags::apply_action::forw});
  pfcp::session_modification_request forward;
  forward.update_far_.push_back(u);
  modify(forward);
  EXPECT_EQ(installer_.last_rules_->fars_[1].action_, apply_action::forward);
}

TEST_F(n4_session_test,
       when_modification_creates_updates_and_removes_each_rule_kind_then_the_data_path_gets_the_result) {
  pfcp::session_modification_request req;
  // Create: a PDR with its own FAR, QER and URR.
  pfcp::create_pdr p;
  p.pdr_id_.value_ = 3;
  p.precedence_.value_ = 10;
  p.pdi_.source_interface_.value_ = pfcp::interface_value::access;
  p.pdi_.local_f_teid_ = test::choose_teid();
  p.far_id_ = pfcp::far_id{3};
  p.qer_id_.push_back(pfcp::qer_id{2});
  p.urr_id_.push_back(pfcp::urr_id{2});
  req.create_pdr_.push_back(p);
  pfcp::create_far f;
  f.far_id_.value_ = 3;
  f.apply_action_ = test::action({pfcp::flags::apply_action::drop});
  req.create_far_.push_back(f);
  pfcp::create_qer q;
  q.qer_id_.value_ = 2;
  q.gate_status_ = pfcp::gate_status{1, 1};
  req.create_qer_.push_back(q);
  pfcp::create_urr c;
  c.urr_id_.value_ = 2;
  req.create_urr_.push_back(c);
  // Update: precedence of PDR 2, the QER's MBR, the URR's threshold.
  pfcp::update_pdr up;
  up.pdr_id_.value_ = 2;
  up.precedence_ = pfcp::precedence{50};
  req.update_pdr_.push_back(up);
  pfcp::update_qer uq;
  uq.qer_id_.value_ = 1;
  uq.mbr_ = pfcp::mbr{1, 2};
  uq.gate_status_ = pfcp::gate_status{1, 0};
  req.update_qer_.push_back(uq);
  pfcp::update_urr uu;
  uu.urr_id_.value_ = 1;
  uu.volume_threshold_ = pfcp::volume_threshold{std::nullopt, 77, std::nullopt};
  req.update_urr_.push_back(uu);
  auto rsp = modify(req);
  const auto& body = std::get<pfcp::session_modification_response>(rsp.body_);
  ASSERT_EQ(body.cause_.value_, cause_value::request_accepted);
  ASSERT_EQ(body.created_pdr_.size(), 1u);
  EXPECT_EQ(body.created_pdr_[0].pdr_id_.value_, 3);
  const session_rules& r = *installer_.last_rules_;
  ASSERT_EQ(r.pdrs_.size(), 3u);
  EXPECT_EQ(r.pdrs_[1].precedence_, 50u);
  EXPECT_EQ(r.fars_.size(), 3u);
  EXPECT_EQ(r.fars_[2].action_, apply_action::drop);
  ASSERT_EQ(r.qers_.size(), 2u);
  EXPECT_EQ(r.qers_[0].mbr_downlink_kbps_, 2u);
  EXPECT_EQ(r.qers_[0].gate_uplink_, gate::closed);
  EXPECT_EQ(r.qers_[0].gate_downlink_, gate::open);
  EXPECT_EQ(r.urrs_[0].volume_threshold_.uplink_, 77u);

  // Remove what was created, and the BAR.
  pfcp::session_modification_request rm;
  rm.remove_pdr_.push_back(pfcp::remove_pdr{{}, pfcp::pdr_id{3}});
  rm.remove_far_.push_back(pfcp::remove_far{{}, pfcp::far_id{3}});
  rm.remove_qer_.push_back(pfcp::remove_qer{{}, pfcp::qer_id{2}});
  rm.remove_urr_.push_back(pfcp::remove_urr{{}, pfcp::urr_id{2}});
  rm.remove_bar_ = pfcp::remove_bar{{}, pfcp::bar_id{1}};
  auto rsp2 = modify(rm);
  ASSERT_EQ(std::get<pfcp::session_modification_response>(rsp2.body_).cause_.value_, cause_value::request_accepted);
  EXPECT_EQ(installer_.last_rules_->pdrs_.size(), 2u);
  EXPECT_EQ(installer_.last_rules_->fars_.size(), 2u);
  EXPECT_EQ(installer_.last_rules_->qers_.size(), 1u);
  EXPECT_EQ(installer_.last_rules_->urrs_.size(), 1u);
  EXPECT_FALSE(installer_.last_rules_->bar_);
}

TEST_F(n4_session_test, when_modification_fails_then_old_rules_stay_and_failed_rule_is_named) {
  pfcp::session_modification_request req;
  pfcp::update_pdr up;
  up.pdr_id_.value_ = 2;
  up.far_id_ = pfcp::far_id{42};
  req.update_pdr_.push_back(up);
  auto rsp = modify(req);
  const auto& body = std::get<pfcp::session_modification_response>(rsp.body_);
  EXPECT_EQ(body.cause_.value_, cause_value::rule_creation_modification_failure);
  ASSERT_TRUE(body.failed_rule_id_);
  EXPECT_EQ(body.failed_rule_id_->value_, (std::vector<std::uint8_t>{0, 0, 2}));
  // A removal of an ID that is not there names it too.
  pfcp::session_modification_request rm;
  rm.remove_far_.push_back(pfcp::remove_far{{}, pfcp::far_id{9}});
  auto rsp2 = modify(rm);
  const auto& body2 = std::get<pfcp::session_modification_response>(rsp2.body_);
  EXPECT_EQ(body2.cause_.value_, cause_value::rule_creation_modification_failure);
  EXPECT_EQ(body2.failed_rule_id_->value_, (std::vector<std::uint8_t>{1, 0, 0, 0, 9}));
  EXPECT_EQ(installer_.table_.find(up_)->rules().pdrs_[1].far_id_, far_id::from(2));
}

TEST_F(n4_session_test, when_urr_is_queried_then_its_usage_report_is_in_the_response) {
  pfcp::session_modification_request req;
  req.query_urr_.push_back(pfcp::query_urr{{}, pfcp::urr_id{1}});
  auto rsp = modify(req);
  const auto& body = std::get<pfcp::session_modification_response>(rsp.body_);
  ASSERT_EQ(body.cause_.value_, cause_value::request_accepted);
  ASSERT_EQ(body.usage_report_.size(), 1u);
  const auto& u = body.usage_report_[0];
  EXPECT_EQ(u.urr_id_.value_, 1u);
  EXPECT_TRUE(u.usage_report_trigger_.test(pfcp::flags::usage_report_trigger::immer));
  ASSERT_TRUE(u.volume_measurement_);
  EXPECT_EQ(u.volume_measurement_->total_volume_, 1000u);
  EXPECT_EQ(u.volume_measurement_->uplink_volume_, 600u);
  EXPECT_EQ(u.volume_measurement_->downlink_number_of_packets_, 4u);
}

TEST_F(n4_session_test, when_urr_is_removed_then_its_final_usage_report_has_trigger_termr) {
  pfcp::session_modification_request req;
  pfcp::update_pdr u1, u2;
  u1.pdr_id_.value_ = 1;
  u2.pdr_id_.value_ = 2;
  // The PDRs stop naming URR 1 by naming a new URR 2 instead.
  u1.urr_id_.push_back(pfcp::urr_id{2});
  u2.urr_id_.push_back(pfcp::urr_id{2});
  req.update_pdr_ = {u1, u2};
  pfcp::create_urr c;
  c.urr_id_.value_ = 2;
  req.create_urr_.push_back(c);
  req.remove_urr_.push_back(pfcp::remove_urr{{}, pfcp::urr_id{1}});
  auto rsp = modify(req);
  const auto& body = std::get<pfcp::session_modification_response>(rsp.body_);
  ASSERT_EQ(body.cause_.value_, cause_value::request_accepted);
  ASSERT_EQ(body.usage_report_.size(), 1u);
  EXPECT_EQ(body.usage_report_[0].urr_id_.value_, 1u);
  EXPECT_TRUE(body.usage_report_[0].usage_report_trigger_.test(pfcp::flags::usage_report_trigger::termr));
  EXPECT_FALSE(body.usage_report_[0].usage_report_trigger_.test(pfcp::flags::usage_report_trigger::immer));
}

TEST_F(n4_session_test, when_pdr_with_chosen_teid_is_removed_then_the_teid_is_released) {
  pfcp::session_modification_request rm;
  rm.remove_pdr_.push_back(pfcp::remove_pdr{{}, pfcp::pdr_id{1}});
  ASSERT_EQ(std::get<pfcp::session_modification_response>(modify(rm).body_).cause_.value_,
            cause_value::request_accepted);
  auto other = establish(0xbeef, 9);
  EXPECT_EQ(std::get<pfcp::session_establishment_response>(other.body_).created_pdr_.at(0).local_f_teid_->teid_, teid_);
}

// ---- Session Deletion ----------------------------------------------------------------------

TEST_F(n4_session_test, when_session_is_deleted_then_the_final_usage_report_has_trigger_termr) {
  auto rsp = exchange(request(pfcp::session_deletion_request{}, 400, up_.value()));
  EXPECT_EQ(rsp.header_.seid_, seid::from(0xc0de));
  const auto& body = std::get<pfcp::session_deletion_response>(rsp.body_);
  ASSERT_EQ(body.cause_.value_, cause_value::request_accepted);
  ASSERT_EQ(body.usage_report_.size(), 1u);
  EXPECT_TRUE(body.usage_report_[0].usage_report_trigger_.test(pfcp::flags::usage_report_trigger::termr));
  EXPECT_EQ(body.usage_report_[0].volume_measurement_->total_volume_, 1000u);
  EXPECT_EQ(node_->session_count(), 0u);
  EXPECT_EQ(installer_.table_.size(), 0u);
}

// ---- Session Report -----------------------------------------------------------------------

TEST_F(n4_session_test, when_downlink_data_is_buffered_then_session_report_carries_a_downlink_data_report) {
  node_->on_downlink_data(up_, pdr_id::literal(2));
  auto req = sender_.last();
  ASSERT_TRUE(req);
  EXPECT_EQ(sender_.sent_.back().to_, smf);
  EXPECT_EQ(req->header_.seid_, seid::from(0xc0de));
  const auto& body = std::get<pfcp::session_report_request>(req->body_);
  EXPECT_TRUE(body.report_type_.test(pfcp::flags::report_type::dldr));
  ASSERT_TRUE(body.downlink_data_report_);
  ASSERT_EQ(body.downlink_data_report_->pdr_id_.size(), 1u);
  EXPECT_EQ(body.downlink_data_report_->pdr_id_[0].value_, 2);

  pfcp::session_report_response ok;
  ok.cause_.value_ = cause_value::request_accepted;
  node_->on_datagram(smf, bytes_of(request(ok, req->header_.sequence_number_, up_.value())));
  EXPECT_EQ(node_->counters().dropped_unexpected_, 0u);
  // Answered: no retransmission when T1 passes.
  const std::size_t sent = sender_.sent_.size();
  clock_.advance(1500ms);
  node_->on_timer();
  EXPECT_EQ(sender_.sent_.size(), sent);
}

TEST_F(n4_session_test, when_gnb_reports_an_error_indication_then_session_report_carries_the_remote_f_teid) {
  // test::establishment forwards downlink into TEID 0x1234 at 192.0.2.10.
  const std::size_t before = sender_.sent_.size();
  node_->on_error_indication(remote_f_teid{teid::literal(0x1234), ipv4_from_octets(192, 0, 2, 10)});
  ASSERT_EQ(sender_.sent_.size(), before + 1);
  auto req = sender_.last();
  ASSERT_TRUE(req);
  EXPECT_EQ(sender_.sent_.back().to_, smf);
  EXPECT_EQ(req->header_.seid_, seid::from(0xc0de));
  const auto& body = std::get<pfcp::session_report_request>(req->body_);
  EXPECT_TRUE(body.report_type_.test(pfcp::flags::report_type::erir));
  EXPECT_FALSE(body.report_type_.test(pfcp::flags::report_type::dldr));
  ASSERT_TRUE(body.error_indication_report_);
  ASSERT_EQ(body.error_indication_report_->remote_f_teid_.size(), 1u);
  const auto& f = body.error_indication_report_->remote_f_teid_[0];
  EXPECT_EQ(f.teid_, teid::literal(0x1234));
  EXPECT_EQ(f.ipv4_, test::v4(192, 0, 2, 10));
  EXPECT_FALSE(f.choose_);
}

TEST_F(n4_session_test, when_error_indication_names_a_tunnel_no_session_uses_then_nothing_is_sent) {
  const std::size_t before = sender_.sent_.size();
  node_->on_error_indication(remote_f_teid{teid::literal(0x1234), ipv4_from_octets(192, 0, 2, 11)});
  node_->on_error_indication(remote_f_teid{teid::literal(0x1235), ipv4_from_octets(192, 0, 2, 10)});
  EXPECT_EQ(sender_.sent_.size(), before);
  EXPECT_EQ(node_->counters().error_indications_unmatched_, 2u);
}

TEST_F(n4_session_test, when_usage_threshold_is_reached_then_session_report_carries_usage_report_volth) {
  node_->on_usage_threshold(up_, {urr_usage{urr_id::literal(1), {5'000'100, 5'000'000, 100, 5, 4, 1}}});
  auto req = sender_.last();
  ASSERT_TRUE(req);
  const auto& body = std::get<pfcp::session_report_request>(req->body_);
  EXPECT_TRUE(body.report_type_.test(pfcp::flags::report_type::usar));
  ASSERT_EQ(body.usage_report_.size(), 1u);
  EXPECT_TRUE(body.usage_report_[0].usage_report_trigger_.test(pfcp::flags::usage_report_trigger::volth));
  EXPECT_EQ(body.usage_report_[0].volume_measurement_->total_volume_, 5'000'100u);
}

TEST_F(n4_session_test, when_report_is_unanswered_then_it_is_retransmitted_n1_times_then_given_up) {
  node_->on_downlink_data(up_, pdr_id::literal(2));
  const auto first = sender_.sent_.back().bytes_;
  const std::size_t before = sender_.sent_.size();
  for (int i = 0; i < 3; ++i) {
    clock_.advance(1000ms);
    node_->on_timer();
  }
  ASSERT_EQ(sender_.sent_.size(), before + 2);  // N1 = 2
  EXPECT_EQ(sender_.sent_.back().bytes_, first);
  EXPECT_EQ(node_->counters().requests_retransmitted_, 2u);
  EXPECT_EQ(node_->counters().requests_timed_out_, 1u);
}

TEST_F(n4_session_test, when_smf_answers_a_report_with_session_context_not_found_then_the_session_is_deleted) {
  node_->on_downlink_data(up_, pdr_id::literal(2));
  auto req = sender_.last();
  ASSERT_TRUE(req);
  pfcp::session_report_response nf;
  nf.cause_.value_ = cause_value::session_context_not_found;
  node_->on_datagram(smf, bytes_of(request(nf, req->header_.sequence_number_, 0)));
  EXPECT_EQ(node_->session_count(), 0u);
  EXPECT_EQ(installer_.table_.size(), 0u);
}

// ---- Retransmitted requests (§6.4) ---------------------------------------------------------

TEST_F(n4_node_test, when_request_is_retransmitted_then_the_cached_response_is_sent_and_not_reapplied) {
  associate();
  const auto m = request(test::establishment(0x77), 555, 0);
  node_->on_datagram(smf, bytes_of(m));
  const auto first = sender_.sent_.back().bytes_;
  node_->on_datagram(smf, bytes_of(m));
  EXPECT_EQ(sender_.sent_.back().bytes_, first);
  EXPECT_EQ(installer_.establish_calls_, 1);
  EXPECT_EQ(node_->session_count(), 1u);
  EXPECT_EQ(node_->counters().retransmissions_answered_, 1u);
  // Once the cache time has passed the sequence number is new again.
  clock_.advance(21s);
  node_->on_timer();
  node_->on_datagram(smf, bytes_of(m));
  EXPECT_EQ(installer_.establish_calls_, 2);
}

// ---- Malformed input ------------------------------------------------------------------------

TEST_F(n4_node_test, when_version_is_not_1_then_version_not_supported_response_is_sent) {
  auto bytes = bytes_of(request(pfcp::heartbeat_request{}, 33));
  bytes[0] = static_cast<std::uint8_t>((2 << 5) | (bytes[0] & 0x1f));
  node_->on_datagram(smf, bytes);
  ASSERT_EQ(sender_.sent_.size(), 1u);
  const auto& rsp = sender_.sent_[0].bytes_;
  ASSERT_EQ(rsp.size(), 8u);
  EXPECT_EQ(rsp[0] >> 5, 1);
  EXPECT_EQ(rsp[1], 11);  // Version Not Supported Response
  EXPECT_EQ((rsp[4] << 16) | (rsp[5] << 8) | rsp[6], 33);
  EXPECT_EQ(node_->counters().version_not_supported_, 1u);
}

TEST_F(n4_node_test, when_message_type_is_unknown_then_it_is_dropped_and_counted) {
  auto bytes = bytes_of(request(pfcp::heartbeat_request{}, 34));
  bytes[1] = 200;
  node_->on_datagram(smf, bytes);
  EXPECT_TRUE(sender_.sent_.empty());
  EXPECT_EQ(node_->counters().dropped_unknown_type_, 1u);
}

TEST_F(n4_node_test, when_header_is_truncated_then_it_is_dropped_and_counted) {
  const std::vector<std::uint8_t> bytes{0x20, 0x01, 0x00};
  node_->on_datagram(smf, bytes);
  EXPECT_TRUE(sender_.sent_.empty());
  EXPECT_EQ(node_->counters().dropped_undecodable_header_, 1u);
}

TEST_F(n4_node_test, when_a_session_request_lacks_the_seid_flag_then_it_is_dropped_and_counted) {
  associate();
  const std::size_t before = sender_.sent_.size();
  node_->on_datagram(smf, bytes_of(request(pfcp::session_deletion_request{}, 35)));
  EXPECT_EQ(sender_.sent_.size(), before);
  EXPECT_EQ(node_->counters().dropped_malformed_, 1u);
}

TEST_F(n4_node_test, when_a_stray_response_arrives_then_it_is_dropped_and_counted) {
  pfcp::heartbeat_response r;
  node_->on_datagram(smf, bytes_of(request(r, 999)));
  EXPECT_TRUE(sender_.sent_.empty());
  EXPECT_EQ(node_->counters().dropped_unexpected_, 1u);
}

TEST_F(n4_node_test, when_every_message_is_truncated_at_every_byte_then_the_node_answers_or_drops_and_keeps_working) {
  associate();
  auto est = establish(0x10);
  const seid up = up_seid_of(est);
  std::vector<pfcp::message> samples;
  samples.push_back(request(pfcp::heartbeat_request{{}, pfcp::recovery_time_stamp{3'900'000'000u}}, 1));
  {
    pfcp::association_setup_request r;
    r.node_id_ = test::smf_node_id();
    r.recovery_time_stamp_.value_ = 3'900'000'000u;
    samples.push_back(request(r, 2));
    pfcp::association_update_request u;
    u.node_id_ = test::smf_node_id();
    samples.push_back(request(u, 3));
  }
  samples.push_back(request(test::establishment(0x11, 7), 4, 0));
  {
    pfcp::session_modification_request m;
    m.query_urr_.push_back(pfcp::query_urr{{}, pfcp::urr_id{1}});
    pfcp::update_far u;
    u.far_id_.value_ = 2;
    u.apply_action_ = test::action({pfcp::flags::apply_action::buff});
    m.update_far_.push_back(u);
    samples.push_back(request(m, 5, up.value()));
  }
  {
    pfcp::session_report_response r;
    r.cause_.value_ = cause_value::request_accepted;
    samples.push_back(request(r, 6, up.value()));
  }
  std::uint32_t sequence = 10'000;
  for (const auto& sample : samples) {
    auto bytes = bytes_of(sample);
    ASSERT_FALSE(bytes.empty());
    for (std::size_t n = 0; n < bytes.size(); ++n) {
      std::vector<std::uint8_t> cut(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
      // A fresh sequence number each time so that no answer comes from the cache.
      if (n >= 7) {
        const std::size_t at = (cut[0] & 0x01) ? 12 : 4;
        if (n >= at + 3) {
          ++sequence;
          cut[at] = static_cast<std::uint8_t>(sequence >> 16);
          cut[at + 1] = static_cast<std::uint8_t>(sequence >> 8);
          cut[at + 2] = static_cast<std::uint8_t>(sequence);
        }
      }
      const std::size_t before = sender_.sent_.size();
      node_->on_datagram(smf, cut);
      ASSERT_LE(sender_.sent_.size(), before + 1) << "at most one answer, cut at " << n;
      if (sender_.sent_.size() == before + 1) {
        auto answer = sender_.last();
        ASSERT_TRUE(answer) << "an answer the codec cannot decode, cut at " << n;
        std::visit(
            [&](const auto& b) {
              if constexpr (requires { b.cause_; }) {
                EXPECT_NE(b.cause_.value_, cause_value::request_accepted) << n;
              }
            },
            answer->body_);
      }
    }
  }
  EXPECT_GT(node_->counters().dropped_undecodable_header_, 0u);
  EXPECT_GT(node_->counters().rejected_malformed_, 0u);
  // Still working: the session is there and a new one can be made.
  EXPECT_EQ(node_->session_count(), 1u);
  auto again = establish(0x12, 8);
  EXPECT_EQ(std::get<pfcp::session_establishment_response>(again.body_).cause_.value_, cause_value::request_accepted);
}

TEST_F(n4_node_test,
       when_random_octets_of_valid_requests_are_changed_then_every_answer_decodes_and_the_node_keeps_working) {
  associate();
  const seid up = up_seid_of(establish(0x10));
  std::vector<std::vector<std::uint8_t>> samples;
  samples.push_back(bytes_of(request(test::establishment(0x20, 5), 1, 0)));
  {
    pfcp::session_modification_request m;
    m.query_urr_.push_back(pfcp::query_urr{{}, pfcp::urr_id{1}});
    pfcp::update_far u;
    u.far_id_.value_ = 2;
    u.apply_action_ = test::action({pfcp::flags::apply_action::forw});
    m.update_far_.push_back(u);
    samples.push_back(bytes_of(request(m, 2, up.value())));
  }
  samples.push_back(bytes_of(request(pfcp::heartbeat_request{{}, pfcp::recovery_time_stamp{3'900'000'000u}}, 3)));
  std::uint64_t state = 0x243f6a8885a308d3ull;  // a fixed seed: the same cases every run
  auto next = [&] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  std::uint32_t sequence = 50'000;
  for (int i = 0; i < 20'000; ++i) {
    auto bytes = samples[next() % samples.size()];
    const int flips = 1 + static_cast<int>(next() % 4);
    for (int f = 0; f < flips; ++f) bytes[next() % bytes.size()] = static_cast<std::uint8_t>(next());
    // Keep the request new so that the cache does not answer it.
    const std::size_t at = (bytes[0] & 0x01) ? 12 : 4;
    if (bytes.size() >= at + 3) {
      ++sequence;
      bytes[at] = static_cast<std::uint8_t>(sequence >> 16);
      bytes[at + 1] = static_cast<std::uint8_t>(sequence >> 8);
      bytes[at + 2] = static_cast<std::uint8_t>(sequence);
    }
    const std::size_t before = sender_.sent_.size();
    node_->on_datagram(smf, bytes);
    ASSERT_LE(sender_.sent_.size(), before + 1);
    if (sender_.sent_.size() == before + 1 && sender_.sent_.back().bytes_[1] != 11) {
      // Version Not Supported Response (11) has no body our codec models; the rest must decode.
      ASSERT_TRUE(sender_.last()) << "case " << i;
    }
  }
  auto again = establish(0x30, 9);
  EXPECT_EQ(std::get<pfcp::session_establishment_response>(again.body_).cause_.value_, cause_value::request_accepted);
}

// ---- Counters and sizes --------------------------------------------------------------------

TEST_F(n4_node_test, when_ten_thousand_sessions_are_established_and_deleted_then_no_state_is_left) {
  associate();
  std::vector<seid> ups;
  for (std::uint32_t i = 0; i < 10'000; ++i) {
    auto req = test::establishment(1'000 + i);
    const std::uint32_t ue = 0x0a2d'0000u + i + 1;
    for (auto& p : req.create_pdr_) {
      auto& a = *p.pdi_.ue_ip_address_[0].ipv4_;
      a = {static_cast<std::uint8_t>(ue >> 24), static_cast<std::uint8_t>(ue >> 16), static_cast<std::uint8_t>(ue >> 8),
           static_cast<std::uint8_t>(ue)};
    }
    node_->on_datagram(smf, bytes_of(request(req, 1'000 + i, 0)));
    auto rsp = sender_.last();
    ASSERT_TRUE(rsp);
    ASSERT_EQ(std::get<pfcp::session_establishment_response>(rsp->body_).cause_.value_, cause_value::request_accepted)
        << i;
    ups.push_back(up_seid_of(*rsp));
  }
  EXPECT_EQ(node_->session_count(), 10'000u);
  for (std::uint32_t i = 0; i < ups.size(); ++i)
    node_->on_datagram(smf, bytes_of(request(pfcp::session_deletion_request{}, 100'000 + i, ups[i].value())));
  EXPECT_EQ(node_->session_count(), 0u);
  EXPECT_EQ(installer_.table_.size(), 0u);
  EXPECT_EQ(node_->counters().sessions_established_, 10'000u);
  EXPECT_EQ(node_->counters().sessions_deleted_, 10'000u);
}

// ---- The data path answers later (async_session_installer) ---------------------------------

/// The fake worker holds its answers: each session request is answered when the test releases them.
class n4_async_test : public n4_node_test {
 protected:
  void SetUp() override {
    n4_node_test::SetUp();
    associate();
    installer_.hold_ = true;
  }
  /// Delivers `m` and checks that nothing is sent (its answer waits for the data path).
  void deliver_unanswered(const pfcp::message& m) {
    const std::size_t before = sender_.sent_.size();
    node_->on_datagram(smf, bytes_of(m));
    EXPECT_EQ(sender_.sent_.size(), before) << "answered before the data path did";
  }
  std::vector<pfcp::message> sent_since(std::size_t from) const {
    std::vector<pfcp::message> out;
    for (std::size_t i = from; i < sender_.sent_.size(); ++i) {
      auto m = pfcp::decode(sender_.sent_[i].bytes_);
      EXPECT_TRUE(m);
      if (m) out.push_back(*m);
    }
    return out;
  }
};

TEST_F(n4_async_test, when_an_establishment_waits_for_the_data_path_then_a_heartbeat_from_the_same_smf_is_answered) {
  deliver_unanswered(request(test::establishment(0xc0de), 700, 0));
  ASSERT_EQ(installer_.held_.size(), 1u);
  pfcp::heartbeat_request hb;
  hb.recovery_time_stamp_.value_ = 3'900'000'000u;
  auto rsp = exchange(request(hb, 701));
  EXPECT_TRUE(std::holds_alternative<pfcp::heartbeat_response>(rsp.body_));
  EXPECT_EQ(installer_.held_.size(), 1u);
}

TEST_F(n4_async_test, when_the_data_path_accepts_then_the_establishment_response_goes_out_from_the_completion) {
  deliver_unanswered(request(test::establishment(0xc0de), 702, 0));
  const std::size_t before = sender_.sent_.size();
  ASSERT_TRUE(installer_.answer_next());
  ASSERT_EQ(sender_.sent_.size(), before + 1);
  auto rsp = *sender_.last();
  EXPECT_EQ(rsp.header_.sequence_number_, 702u);
  EXPECT_EQ(rsp.header_.seid_, seid::from(0xc0de));
  const auto& body = std::get<pfcp::session_establishment_response>(rsp.body_);
  EXPECT_EQ(body.cause_.value_, cause_value::request_accepted);
  ASSERT_TRUE(body.up_f_seid_);
  ASSERT_EQ(body.created_pdr_.size(), 1u);
  EXPECT_EQ(node_->counters().sessions_established_, 1u);
}

TEST_F(n4_async_test, when_the_data_path_refuses_then_the_completion_answers_with_the_rule_failure_cause) {
  installer_.hold_ = false;
  auto first = establish(1, 2);
  installer_.hold_ = true;
  const teid taken = std::get<pfcp::session_establishment_response>(first.body_).created_pdr_[0].local_f_teid_->teid_;
  auto req = test::establishment(2, 3);
  pfcp::f_teid fixed;
  fixed.teid_ = taken;
  fixed.ipv4_ = test::v4(127, 0, 0, 9);
  req.create_pdr_[0].pdi_.local_f_teid_ = fixed;
  deliver_unanswered(request(req, 703, 0));
  EXPECT_EQ(node_->session_count(), 2u) << "the pending session exists until the data path answers";
  ASSERT_TRUE(installer_.answer_next());
  auto rsp = *sender_.last();
  EXPECT_EQ(rsp.header_.sequence_number_, 703u);
  const auto& body = std::get<pfcp::session_establishment_response>(rsp.body_);
  EXPECT_EQ(body.cause_.value_, cause_value::rule_creation_modification_failure);
  ASSERT_TRUE(body.failed_rule_id_);
  EXPECT_EQ(body.failed_rule_id_->value_, (std::vector<std::uint8_t>{0, 0, 1}));
  EXPECT_FALSE(body.up_f_seid_);
  EXPECT_EQ(node_->session_count(), 1u);
  EXPECT_EQ(node_->counters().rule_failures_, 1u);
}

TEST_F(n4_async_test, when_a_pending_request_is_retransmitted_then_it_is_not_processed_twice_and_the_answer_is_cached) {
  const auto m = request(test::establishment(0x77), 704, 0);
  deliver_unanswered(m);
  deliver_unanswered(m);
  EXPECT_EQ(installer_.establish_calls_, 1);
  EXPECT_EQ(installer_.held_.size(), 1u);
  EXPECT_EQ(node_->counters().retransmissions_in_progress_, 1u);
  ASSERT_TRUE(installer_.answer_next());
  const auto answer = sender_.sent_.back().bytes_;
  // Once sent, the answer is what a later retransmission gets, without the data path.
  node_->on_datagram(smf, bytes_of(m));
  EXPECT_EQ(sender_.sent_.back().bytes_, answer);
  EXPECT_EQ(installer_.establish_calls_, 1);
  EXPECT_TRUE(installer_.held_.empty());
  EXPECT_EQ(node_->counters().retransmissions_answered_, 1u);
  EXPECT_EQ(node_->session_count(), 1u);
}

TEST_F(n4_async_test, when_a_deletion_arrives_while_the_establishment_is_pending_then_it_is_answered_after_it) {
  deliver_unanswered(request(test::establishment(0xc0de), 705, 0));
  // The UP SEIDs are 1, 2, ...: the SMF cannot know it yet, but a peer may guess it.
  deliver_unanswered(request(pfcp::session_deletion_request{}, 706, 1));
  EXPECT_EQ(installer_.remove_calls_, 0) << "the deletion waits for the establishment's answer";
  EXPECT_EQ(node_->counters().session_requests_queued_, 1u);
  const std::size_t before = sender_.sent_.size();
  EXPECT_EQ(installer_.answer_all(), 2u);
  const auto out = sent_since(before);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].header_.sequence_number_, 705u);
  EXPECT_EQ(std::get<pfcp::session_establishment_response>(out[0].body_).cause_.value_,
            cause_value::request_accepted);
  EXPECT_EQ(out[1].header_.sequence_number_, 706u);
  const auto& del = std::get<pfcp::session_deletion_response>(out[1].body_);
  EXPECT_EQ(del.cause_.value_, cause_value::request_accepted);
  EXPECT_EQ(del.usage_report_.size(), 1u);
  EXPECT_EQ(node_->session_count(), 0u);
  EXPECT_EQ(installer_.table_.size(), 0u);
}

TEST_F(n4_async_test, when_modifications_and_a_deletion_wait_then_they_apply_and_are_answered_in_arrival_order) {
  installer_.hold_ = false;
  const seid up = up_seid_of(establish(0xc0de));
  installer_.hold_ = true;
  pfcp::session_modification_request to_buffer;
  pfcp::update_far uf;
  uf.far_id_ = pfcp::far_id{2};
  uf.apply_action_ = test::action({pfcp::flags::apply_action::buff, pfcp::flags::apply_action::nocp});
  to_buffer.update_far_.push_back(uf);
  pfcp::session_modification_request to_forward = to_buffer;
  to_forward.update_far_[0].apply_action_ = test::action({pfcp::flags::apply_action::forw});
  deliver_unanswered(request(to_buffer, 710, up.value()));
  deliver_unanswered(request(to_forward, 711, up.value()));
  deliver_unanswered(request(pfcp::session_deletion_request{}, 712, up.value()));
  EXPECT_EQ(installer_.modify_calls_, 1);
  EXPECT_EQ(installer_.answer_next(), true);
  EXPECT_EQ(installer_.modify_calls_, 2) << "the second modification starts once the first is answered";
  EXPECT_EQ(installer_.last_rules_->fars_[1].action_, apply_action::forward);
  const std::size_t before = sender_.sent_.size() - 1;
  installer_.answer_all();
  const auto out = sent_since(before);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].header_.sequence_number_, 710u);
  EXPECT_EQ(out[1].header_.sequence_number_, 711u);
  EXPECT_EQ(out[2].header_.sequence_number_, 712u);
  EXPECT_EQ(std::get<pfcp::session_deletion_response>(out[2].body_).cause_.value_, cause_value::request_accepted);
  EXPECT_EQ(node_->session_count(), 0u);
}

TEST_F(n4_async_test, when_the_association_goes_while_an_establishment_is_pending_then_its_answer_rejects_it) {
  deliver_unanswered(request(test::establishment(0xc0de), 720, 0));
  pfcp::association_release_request rel;
  rel.node_id_ = test::smf_node_id();
  exchange(request(rel, 721));
  EXPECT_EQ(node_->session_count(), 0u);
  installer_.answer_all();
  auto rsp = *sender_.last();
  EXPECT_EQ(rsp.header_.sequence_number_, 720u);
  EXPECT_EQ(std::get<pfcp::session_establishment_response>(rsp.body_).cause_.value_, cause_value::request_rejected);
  EXPECT_EQ(installer_.table_.size(), 0u) << "removed after it was installed, in order";
}

TEST_F(n4_async_test, when_the_node_is_destroyed_with_a_pending_completion_then_the_completion_does_nothing) {
  deliver_unanswered(request(test::establishment(0xc0de), 730, 0));
  deliver_unanswered(request(pfcp::session_deletion_request{}, 731, 1));
  const std::size_t before = sender_.sent_.size();
  node_.reset();
  EXPECT_EQ(installer_.answer_all(), 1u);
  EXPECT_EQ(sender_.sent_.size(), before);
}

TEST_F(n4_async_test, when_the_data_path_answers_after_thirty_seconds_then_the_response_goes_out_and_copies_were_not_reapplied) {
  const auto m = request(test::establishment(0x99), 720, 0);
  deliver_unanswered(m);
  // The SMF retransmits every 3 s for 30 s, past the 20 s response cache time;
  // the node's timers run meanwhile, and the SMF answers its heartbeats.
  for (int i = 0; i < 10; ++i) {
    clock_.advance(3s);
    const std::size_t before = sender_.sent_.size();
    node_->on_timer();
    for (const auto& out : sent_since(before)) {
      if (!std::holds_alternative<pfcp::heartbeat_request>(out.body_)) continue;
      pfcp::heartbeat_response hb;
      hb.recovery_time_stamp_.value_ = 3'900'000'000u;
      pfcp::message answer{out.header_, hb};
      node_->on_datagram(smf, bytes_of(answer));
    }
    node_->on_datagram(smf, bytes_of(m));
  }
  EXPECT_TRUE(node_->associated(smf));
  EXPECT_EQ(installer_.establish_calls_, 1) << "a copy was processed again";
  EXPECT_EQ(node_->counters().retransmissions_in_progress_, 10u);
  ASSERT_TRUE(installer_.answer_next());
  auto rsp = *sender_.last();
  EXPECT_EQ(rsp.header_.sequence_number_, 720u);
  EXPECT_EQ(rsp.header_.seid_, seid::from(0x99));
  EXPECT_EQ(std::get<pfcp::session_establishment_response>(rsp.body_).cause_.value_, cause_value::request_accepted);
  EXPECT_EQ(node_->session_count(), 1u);
}

TEST_F(n4_async_test, when_the_limit_of_requests_in_progress_is_reached_then_the_next_gets_cause_74_and_a_heartbeat_its_answer) {
  auto cfg = test_config();
  cfg.requests_in_progress_limit_ = 1;
  make(cfg);
  installer_.hold_ = false;
  associate();
  installer_.hold_ = true;
  deliver_unanswered(request(test::establishment(0x1), 730, 0));
  auto refused = exchange(request(test::establishment(0x2), 731, 0));
  EXPECT_EQ(refused.header_.sequence_number_, 731u);
  EXPECT_EQ(std::get<pfcp::session_establishment_response>(refused.body_).cause_.value_,
            cause_value::pfcp_entity_in_congestion);
  EXPECT_EQ(installer_.establish_calls_, 1);
  EXPECT_EQ(node_->counters().rejected_overload_, 1u);
  pfcp::heartbeat_request hb;
  hb.recovery_time_stamp_.value_ = 3'900'000'000u;
  EXPECT_TRUE(std::holds_alternative<pfcp::heartbeat_response>(exchange(request(hb, 732)).body_));
  // The one in progress is answered as usual, and then there is room again.
  ASSERT_TRUE(installer_.answer_next());
  deliver_unanswered(request(test::establishment(0x3), 733, 0));
  EXPECT_EQ(installer_.establish_calls_, 2);
}

}  // namespace
}  // namespace meridian::upf
