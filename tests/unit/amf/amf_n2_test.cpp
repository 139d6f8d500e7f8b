// The AMF's N2 procedures driven by hand-built gNB messages, with a fake sender.

#include <gtest/gtest.h>

#include "meridian/amf/amf_n2.hpp"
#include "meridian/n2/n2_messages.hpp"

namespace meridian::amf {
namespace {

class recording_sender final : public amf_n2_notifier {
 public:
  void send_ngap(gnb_association_id to, std::span<const std::uint8_t> pdu) override {
    auto decoded = ngap::decode_ngap_pdu(pdu);
    ASSERT_TRUE(decoded) << "the AMF sent octets it cannot decode itself";
    sent.emplace_back(to, std::move(*decoded));
  }
  std::vector<std::pair<gnb_association_id, ngap::ngap_pdu>> sent;

  template <class Outcome, class T>
  const T* last_as() const {
    if (sent.empty()) return nullptr;
    const auto* o = std::get_if<Outcome>(&sent.back().second.value_);
    return o ? std::get_if<T>(&o->value_) : nullptr;
  }
};

const auto gnb_a = *gnb_association_id::from(1);
const auto gnb_b = *gnb_association_id::from(2);

template <class Outcome, class T>
std::vector<std::uint8_t> bytes_of(T m) {
  Outcome o;
  o.value_ = std::move(m);
  ngap::ngap_pdu pdu;
  pdu.value_ = std::move(o);
  return n2::encode(pdu);
}

ngap::supported_ta_list tas(const std::string& plmn, std::uint8_t sst) {
  ngap::broadcast_plmn_item bp;
  bp.plmn_identity_ = n2::encode_plmn(*model::plmn::parse(plmn));
  bp.tai_slice_support_list_.push_back(ngap::slice_support_item{n2::encode_s_nssai({sst, std::nullopt})});
  ngap::supported_ta_item ta;
  ta.tac_ = n2::encode_tac(model::tac::literal(1));
  ta.broadcast_plmn_list_.push_back(bp);
  return {ta};
}

std::vector<std::uint8_t> setup_request(std::uint32_t id, const std::string& plmn = "001/01", std::uint8_t sst = 1) {
  ngap::ng_setup_request r;
  r.global_ran_node_id_ = n2::encode_global_gnb_id(*model::global_gnb_id::from(*model::plmn::parse(plmn), id, 22));
  r.ran_node_name_ = "test-gnb";
  r.supported_ta_list_ = tas(plmn, sst);
  r.default_paging_drx_ = ngap::paging_drx::v128;
  return bytes_of<ngap::initiating_message>(std::move(r));
}

ngap::cause_protocol ei_cause(const recording_sender& s) {
  const auto* ei = s.last_as<ngap::initiating_message, ngap::error_indication>();
  if (ei == nullptr || !ei->cause_) return ngap::cause_protocol::unspecified;
  return std::get<ngap::cause_protocol>(ei->cause_->value_);
}

struct amf_fixture : ::testing::Test {
  manual_clock clk;
  runtime::timer_service timers{clk};
  recording_sender out;
  amf_n2 amf{amf_config{}, out, timers};
};

TEST_F(amf_fixture, when_plmn_and_slice_are_served_then_setup_response_carries_the_configuration) {
  amf.on_gnb_connected(gnb_a);
  amf.on_ngap(gnb_a, setup_request(7));
  const auto* r = out.last_as<ngap::successful_outcome, ngap::ng_setup_response>();
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->amf_name_, "meridian-amf");
  EXPECT_EQ(r->relative_amf_capacity_, 255);
  ASSERT_EQ(r->plmn_support_list_.size(), 1u);
  EXPECT_EQ(r->plmn_support_list_[0].plmn_identity_, (ngap::plmn_identity{0x00, 0xF1, 0x10}));
  ASSERT_EQ(r->served_guami_list_.size(), 1u);
  EXPECT_EQ(amf.ready_gnb_count(), 1u);
  EXPECT_EQ(amf.find(gnb_a)->id->gnb_id(), 7u);
  EXPECT_EQ(amf.find(gnb_a)->name, "test-gnb");
}

TEST_F(amf_fixture, when_plmn_is_not_served_then_setup_fails_with_unknown_plmn_and_time_to_wait) {
  amf.on_gnb_connected(gnb_a);
  amf.on_ngap(gnb_a, setup_request(7, "999/99"));
  const auto* f = out.last_as<ngap::unsuccessful_outcome, ngap::ng_setup_failure>();
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(std::get<ngap::cause_misc>(f->cause_.value_), ngap::cause_misc::unknown_plmn_or_snpn);
  EXPECT_EQ(f->time_to_wait_, ngap::time_to_wait::v10s);
  EXPECT_EQ(amf.ready_gnb_count(), 0u);
  EXPECT_EQ(amf.counters().ng_setups_rejected, 1u);
}

TEST_F(amf_fixture, when_no_slice_is_served_then_setup_fails_with_slice_not_supported) {
  amf.on_gnb_connected(gnb_a);
  amf.on_ngap(gnb_a, setup_request(7, "001/01", 2));
  const auto* f = out.last_as<ngap::unsuccessful_outcome, ngap::ng_setup_failure>();
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(std::get<ngap::cause_radio_network>(f->cause_.value_), ngap::cause_radio_network::slice_not_supported);
  EXPECT_TRUE(f->time_to_wait_);
}

TEST_F(amf_fixture, several_gnbs_are_set_up_independently_and_disconnect_leaves_no_state) {
  for (std::uint64_t i = 1; i <= 100; ++i) {
    amf.on_gnb_connected(*gnb_association_id::from(i));
    amf.on_ngap(*gnb_association_id::from(i), setup_request(static_cast<std::uint32_t>(i)));
  }
  EXPECT_EQ(amf.ready_gnb_count(), 100u);
  for (std::uint64_t i = 1; i <= 100; ++i) amf.on_gnb_disconnected(*gnb_association_id::from(i));
  EXPECT_EQ(amf.gnb_count(), 0u);
  // Reconnect: a fresh context that must set up again.
  amf.on_gnb_connected(gnb_a);
  EXPECT_FALSE(amf.find(gnb_a)->setup_complete);
  amf.on_ngap(gnb_a, setup_request(1));
  EXPECT_EQ(amf.ready_gnb_count(), 1u);
}

TEST_F(amf_fixture, when_garbage_arrives_then_error_indication_says_transfer_syntax_error_and_gnb_stays) {
  amf.on_gnb_connected(gnb_a);
  amf.on_ngap(gnb_a, setup_request(7));
  const std::vector<std::uint8_t> garbage{0xDE, 0xAD, 0xBE, 0xEF, 0x01};
  amf.on_ngap(gnb_a, garbage);
  EXPECT_EQ(ei_cause(out), ngap::cause_protocol::transfer_syntax_error);
  auto truncated = setup_request(7);
  truncated.resize(truncated.size() / 2);
  amf.on_ngap(gnb_a, truncated);
  EXPECT_EQ(ei_cause(out), ngap::cause_protocol::transfer_syntax_error);
  EXPECT_EQ(amf.counters().undecodable_messages, 2u);
  EXPECT_TRUE(amf.find(gnb_a)->setup_complete);
}

TEST_F(amf_fixture, when_ng_reset_arrives_before_setup_then_error_indication_says_wrong_state) {
  amf.on_gnb_connected(gnb_a);
  ngap::ng_reset r;
  r.cause_ = n2::misc_cause(ngap::cause_misc::om_intervention);
  r.reset_type_.value_ = ngap::reset_all::reset_all;
  amf.on_ngap(gnb_a, bytes_of<ngap::initiating_message>(r));
  EXPECT_EQ(ei_cause(out), ngap::cause_protocol::message_not_compatible_with_receiver_state);
  const auto* ei = out.last_as<ngap::initiating_message, ngap::error_indication>();
  ASSERT_TRUE(ei->criticality_diagnostics_);
  EXPECT_EQ(ei->criticality_diagnostics_->procedure_code_, ngap::id_ng_reset);
  // After NG Setup the same message is acknowledged.
  amf.on_ngap(gnb_a, setup_request(7));
  amf.on_ngap(gnb_a, bytes_of<ngap::initiating_message>(r));
  EXPECT_NE((out.last_as<ngap::successful_outcome, ngap::ng_reset_acknowledge>()), nullptr);
}

TEST_F(amf_fixture, when_gnb_sends_error_indication_then_it_is_counted_and_not_answered) {
  amf.on_gnb_connected(gnb_a);
  amf.on_ngap(gnb_a, n2::encode(n2::make_error_indication(n2::protocol_cause(ngap::cause_protocol::semantic_error))));
  EXPECT_TRUE(out.sent.empty());
  EXPECT_EQ(amf.counters().error_indications_received, 1u);
}

TEST_F(amf_fixture, ran_configuration_update_is_acknowledged_or_refused_by_its_plmns) {
  amf.on_gnb_connected(gnb_a);
  amf.on_ngap(gnb_a, setup_request(7));
  ngap::ran_configuration_update good;
  good.supported_ta_list_ = tas("001/01", 1);
  amf.on_ngap(gnb_a, bytes_of<ngap::initiating_message>(good));
  EXPECT_NE((out.last_as<ngap::successful_outcome, ngap::ran_configuration_update_acknowledge>()), nullptr);
  ngap::ran_configuration_update bad;
  bad.supported_ta_list_ = tas("999/99", 1);
  amf.on_ngap(gnb_a, bytes_of<ngap::initiating_message>(bad));
  const auto* f = out.last_as<ngap::unsuccessful_outcome, ngap::ran_configuration_update_failure>();
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(std::get<ngap::cause_misc>(f->cause_.value_), ngap::cause_misc::unknown_plmn_or_snpn);
}

TEST_F(amf_fixture, amf_configuration_update_and_ng_reset_go_only_to_set_up_gnbs) {
  amf.on_gnb_connected(gnb_a);
  amf.on_gnb_connected(gnb_b);
  amf.on_ngap(gnb_a, setup_request(7));
  out.sent.clear();
  amf.set_relative_capacity(10);
  EXPECT_EQ(amf.send_amf_configuration_update(), 1u);
  const auto* u = out.last_as<ngap::initiating_message, ngap::amf_configuration_update>();
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(out.sent.back().first, gnb_a);
  EXPECT_EQ(u->relative_amf_capacity_, 10);
  amf.on_ngap(gnb_a, bytes_of<ngap::successful_outcome>(ngap::amf_configuration_update_acknowledge{}));
  EXPECT_EQ(amf.counters().amf_configuration_updates_acknowledged, 1u);
  EXPECT_FALSE(amf.send_ng_reset(gnb_b, n2::misc_cause(ngap::cause_misc::om_intervention)));
  EXPECT_TRUE(amf.send_ng_reset(gnb_a, n2::misc_cause(ngap::cause_misc::om_intervention)));
  EXPECT_NE((out.last_as<ngap::initiating_message, ngap::ng_reset>()), nullptr);
}

// --- the procedures the AMF starts, as coroutines: answers, timers, cancellation

using namespace std::chrono_literals;

struct amf_procedure_fixture : amf_fixture {
  void SetUp() override {
    amf.on_gnb_connected(gnb_a);
    amf.on_ngap(gnb_a, setup_request(7));
    ASSERT_EQ(amf.ready_gnb_count(), 1u);
    out.sent.clear();
  }
  void advance(std::chrono::milliseconds d) {
    clk.advance(d);
    timers.run_due();
  }
  std::size_t updates_sent() const {
    std::size_t n = 0;
    for (const auto& [to, pdu] : out.sent)
      n += n2::message_as<ngap::initiating_message, ngap::amf_configuration_update>(pdu) != nullptr ? 1 : 0;
    return n;
  }
  static std::vector<std::uint8_t> update_failure(std::optional<ngap::time_to_wait> ttw) {
    ngap::amf_configuration_update_failure f;
    f.cause_ = n2::misc_cause(ngap::cause_misc::control_processing_overload);
    f.time_to_wait_ = ttw;
    return bytes_of<ngap::unsuccessful_outcome>(std::move(f));
  }
};

TEST_F(amf_procedure_fixture, an_unacknowledged_ng_reset_times_out_after_the_response_timeout) {
  ASSERT_TRUE(amf.send_ng_reset(gnb_a, n2::misc_cause(ngap::cause_misc::om_intervention)));
  EXPECT_FALSE(amf.send_ng_reset(gnb_a, n2::misc_cause(ngap::cause_misc::om_intervention))) << "one is outstanding";
  advance(4999ms);
  EXPECT_EQ(amf.counters().ng_reset_timeouts, 0u);
  advance(1ms);
  EXPECT_EQ(amf.counters().ng_reset_timeouts, 1u);
  amf.on_ngap(gnb_a, bytes_of<ngap::successful_outcome>(ngap::ng_reset_acknowledge{}));
  EXPECT_EQ(amf.counters().ng_reset_acks_received, 0u) << "too late: answers no procedure";
  EXPECT_EQ(ei_cause(out), ngap::cause_protocol::message_not_compatible_with_receiver_state);
}

TEST_F(amf_procedure_fixture, an_amf_configuration_update_refused_with_time_to_wait_is_sent_again_after_it) {
  ASSERT_EQ(amf.send_amf_configuration_update(), 1u);
  amf.on_ngap(gnb_a, update_failure(ngap::time_to_wait::v2s));
  EXPECT_EQ(amf.counters().amf_configuration_updates_failed, 1u);
  advance(1999ms);
  EXPECT_EQ(updates_sent(), 1u) << "TS 38.413 §8.7.3.3: not before Time To Wait";
  advance(1ms);
  EXPECT_EQ(updates_sent(), 2u);
  amf.on_ngap(gnb_a, bytes_of<ngap::successful_outcome>(ngap::amf_configuration_update_acknowledge{}));
  EXPECT_EQ(amf.counters().amf_configuration_updates_acknowledged, 1u);
  EXPECT_EQ(timers.pending(), 0u);
}

TEST_F(amf_procedure_fixture, a_gnb_that_keeps_refusing_is_tried_three_times_and_without_time_to_wait_once) {
  ASSERT_EQ(amf.send_amf_configuration_update(), 1u);
  for (int i = 0; i < 3; ++i) {
    amf.on_ngap(gnb_a, update_failure(ngap::time_to_wait::v1s));
    advance(1s);
  }
  EXPECT_EQ(updates_sent(), 3u);
  EXPECT_EQ(timers.pending(), 0u);
  out.sent.clear();
  ASSERT_EQ(amf.send_amf_configuration_update(), 1u);
  amf.on_ngap(gnb_a, update_failure(std::nullopt));
  advance(60s);
  EXPECT_EQ(updates_sent(), 1u);
  EXPECT_EQ(amf.counters().amf_configuration_updates_failed, 4u);
}

TEST_F(amf_procedure_fixture, a_configuration_change_during_an_update_follows_once_the_first_is_answered) {
  ASSERT_EQ(amf.send_amf_configuration_update(), 1u);
  amf.set_relative_capacity(3);
  ASSERT_EQ(amf.send_amf_configuration_update(), 1u);
  EXPECT_EQ(updates_sent(), 1u) << "one procedure at a time per gNB";
  amf.on_ngap(gnb_a, bytes_of<ngap::successful_outcome>(ngap::amf_configuration_update_acknowledge{}));
  ASSERT_EQ(updates_sent(), 2u);
  const auto* u = out.last_as<ngap::initiating_message, ngap::amf_configuration_update>();
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->relative_amf_capacity_, 3) << "the newest configuration";
  advance(5s);
  EXPECT_EQ(amf.counters().amf_configuration_update_timeouts, 1u);
}

TEST_F(amf_procedure_fixture, a_gnb_lost_mid_procedure_ends_its_procedures_and_disarms_their_timers) {
  ASSERT_EQ(amf.send_amf_configuration_update(), 1u);
  ASSERT_TRUE(amf.send_ng_reset(gnb_a, n2::misc_cause(ngap::cause_misc::om_intervention)));
  EXPECT_EQ(timers.pending(), 2u);
  amf.on_gnb_disconnected(gnb_a);
  EXPECT_EQ(timers.pending(), 0u);
  advance(10s);
  EXPECT_EQ(amf.counters().ng_reset_timeouts + amf.counters().amf_configuration_update_timeouts, 0u);
}

}  // namespace
}  // namespace meridian::amf
