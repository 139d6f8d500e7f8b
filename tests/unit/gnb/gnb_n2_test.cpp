// The gNB's N2 procedures (coroutines on the runtime) against a scripted AMF,
// with time moved by hand: `clk.advance(d); timers.run_due();`.

#include <gtest/gtest.h>

#include "meridian/gnb/gnb_n2.hpp"
#include "meridian/n2/n2_messages.hpp"

namespace meridian::gnb {
namespace {

using namespace std::chrono_literals;

class fake_runtime final : public gnb_n2_notifier {
 public:
  void send_ngap(std::span<const std::uint8_t> pdu) override {
    auto decoded = ngap::decode_ngap_pdu(pdu);
    ASSERT_TRUE(decoded) << "the gNB sent octets it cannot decode itself";
    sent.push_back(std::move(*decoded));
  }
  void connect() override { connects.push_back(clk.now()); }
  void on_ready_changed(bool ready) override { readiness.push_back(ready); }

  template <class Outcome, class T>
  const T* last_as() const {
    if (sent.empty()) return nullptr;
    const auto* o = std::get_if<Outcome>(&sent.back().value_);
    return o ? std::get_if<T>(&o->value_) : nullptr;
  }
  explicit fake_runtime(const manual_clock& c) : clk(c) {}
  const manual_clock& clk;
  std::vector<ngap::ngap_pdu> sent;
  /// When the gNB asked for a new association.
  std::vector<clock::time_point> connects;
  std::vector<bool> readiness;
};

template <class Outcome, class T>
std::vector<std::uint8_t> bytes_of(T m) {
  Outcome o;
  o.value_ = std::move(m);
  ngap::ngap_pdu pdu;
  pdu.value_ = std::move(o);
  return n2::encode(pdu);
}

std::vector<std::uint8_t> setup_response() {
  ngap::ng_setup_response r;
  r.amf_name_ = "amf-under-test";
  r.served_guami_list_.push_back(ngap::served_guami_item{n2::encode_guami({})});
  r.relative_amf_capacity_ = 100;
  ngap::plmn_support_item p;
  p.plmn_identity_ = n2::encode_plmn({});
  p.slice_support_list_.push_back(ngap::slice_support_item{n2::encode_s_nssai({})});
  r.plmn_support_list_.push_back(p);
  return bytes_of<ngap::successful_outcome>(std::move(r));
}

std::vector<std::uint8_t> setup_failure(std::optional<ngap::time_to_wait> ttw) {
  ngap::ng_setup_failure f;
  f.cause_ = n2::misc_cause(ngap::cause_misc::unknown_plmn_or_snpn);
  f.time_to_wait_ = ttw;
  return bytes_of<ngap::unsuccessful_outcome>(std::move(f));
}

struct gnb_fixture : ::testing::Test {
  manual_clock clk;
  runtime::timer_service timers{clk};
  fake_runtime rt{clk};
  gnb_config cfg;
  gnb_n2 gnb{cfg, "127.0.0.1:38412", timers, rt};

  void advance(std::chrono::milliseconds d) {
    clk.advance(d);
    timers.run_due();
  }

  std::size_t setup_requests() const {
    std::size_t n = 0;
    for (const auto& p : rt.sent)
      if (const auto* im = std::get_if<ngap::initiating_message>(&p.value_))
        n += std::holds_alternative<ngap::ng_setup_request>(im->value_) ? 1 : 0;
    return n;
  }
  void set_up() {
    gnb.on_connected();
    gnb.on_ngap(setup_response());
    ASSERT_EQ(gnb.state(), n2_state::ready);
  }
};

TEST_F(gnb_fixture, when_connected_then_ng_setup_request_names_the_configured_gnb) {
  gnb.on_connected();
  const auto* r = rt.last_as<ngap::initiating_message, ngap::ng_setup_request>();
  ASSERT_NE(r, nullptr);
  const auto id = n2::decode_global_gnb_id(r->global_ran_node_id_);
  ASSERT_TRUE(id);
  EXPECT_EQ(id->gnb_id(), 1u);
  EXPECT_EQ(id->length_bits(), 22u);
  EXPECT_EQ(id->plmn_id().to_string(), "001/01");
  EXPECT_EQ(r->ran_node_name_, "meridian-gnb");
  ASSERT_EQ(r->supported_ta_list_.size(), 1u);
  EXPECT_EQ(n2::decode_tac(r->supported_ta_list_[0].tac_), model::tac::literal(1));
  gnb.on_ngap(setup_response());
  EXPECT_EQ(gnb.state(), n2_state::ready);
  EXPECT_EQ(gnb.amf_name(), "amf-under-test");
}

TEST_F(gnb_fixture, when_setup_fails_with_time_to_wait_then_retry_waits_that_long_and_then_succeeds) {
  gnb.on_connected();
  gnb.on_ngap(setup_failure(ngap::time_to_wait::v10s));
  EXPECT_EQ(gnb.state(), n2_state::waiting_to_retry);
  EXPECT_EQ(gnb.retry_at(), clk.now() + 10s);
  advance(9s);  // too early: nothing
  EXPECT_EQ(setup_requests(), 1u);
  advance(1s);
  EXPECT_EQ(setup_requests(), 2u);
  gnb.on_ngap(setup_response());
  EXPECT_EQ(gnb.state(), n2_state::ready);
  EXPECT_EQ(gnb.counters().ng_setup_failures, 1u);
}

TEST_F(gnb_fixture, when_setup_fails_without_time_to_wait_then_back_off_doubles_to_the_cap) {
  gnb.on_connected();
  std::vector<std::chrono::milliseconds> waits;
  for (int i = 0; i < 8; ++i) {
    gnb.on_ngap(setup_failure(std::nullopt));
    waits.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(gnb.retry_at() - clk.now()));
    advance(waits.back());
  }
  EXPECT_EQ(waits.front(), 1000ms);
  EXPECT_EQ(waits[1], 2000ms);
  EXPECT_EQ(waits[2], 4000ms);
  EXPECT_EQ(waits.back(), 32000ms);
  EXPECT_EQ(setup_requests(), 9u);
}

TEST_F(gnb_fixture, when_amf_does_not_answer_then_setup_is_retried) {
  gnb.on_connected();
  advance(4999ms);
  EXPECT_EQ(gnb.state(), n2_state::setup_pending);
  advance(1ms);
  EXPECT_EQ(gnb.state(), n2_state::waiting_to_retry);
  advance(1s);
  EXPECT_EQ(setup_requests(), 2u);
  EXPECT_EQ(gnb.counters().ng_setup_timeouts, 1u);
}

TEST_F(gnb_fixture, when_association_is_lost_then_it_reconnects_with_back_off_and_sets_up_again) {
  set_up();
  gnb.on_disconnected();
  EXPECT_EQ(gnb.state(), n2_state::disconnected);
  const auto lost = clk.now();
  advance(999ms);
  EXPECT_TRUE(rt.connects.empty());
  advance(1ms);
  ASSERT_EQ(rt.connects.size(), 1u);
  EXPECT_EQ(rt.connects.back(), lost + 1s);
  gnb.on_disconnected();  // the reconnect attempt failed too
  advance(2s);
  ASSERT_EQ(rt.connects.size(), 2u);
  EXPECT_EQ(rt.connects.back(), lost + 3s);
  gnb.on_connected();
  gnb.on_ngap(setup_response());
  EXPECT_EQ(gnb.state(), n2_state::ready);
  EXPECT_EQ(setup_requests(), 2u);
  EXPECT_EQ(gnb.next_backoff(), 1000ms);  // success resets the back-off
}

TEST_F(gnb_fixture, ng_reset_from_amf_is_acknowledged_once_set_up) {
  ngap::ng_reset r;
  r.cause_ = n2::misc_cause(ngap::cause_misc::om_intervention);
  r.reset_type_.value_ = ngap::reset_all::reset_all;
  gnb.on_connected();
  gnb.on_ngap(bytes_of<ngap::initiating_message>(r));  // before NG Setup: wrong state
  const auto* ei = rt.last_as<ngap::initiating_message, ngap::error_indication>();
  ASSERT_NE(ei, nullptr);
  EXPECT_EQ(std::get<ngap::cause_protocol>(ei->cause_->value_),
            ngap::cause_protocol::message_not_compatible_with_receiver_state);
  gnb.on_ngap(setup_response());
  gnb.on_ngap(bytes_of<ngap::initiating_message>(r));
  EXPECT_NE((rt.last_as<ngap::successful_outcome, ngap::ng_reset_acknowledge>()), nullptr);
  EXPECT_EQ(gnb.counters().ng_resets_received, 1u);
}

TEST_F(gnb_fixture, amf_configuration_update_is_acknowledged_and_applied) {
  set_up();
  ngap::amf_configuration_update u;
  u.amf_name_ = "renamed";
  u.relative_amf_capacity_ = 7;
  gnb.on_ngap(bytes_of<ngap::initiating_message>(u));
  EXPECT_NE((rt.last_as<ngap::successful_outcome, ngap::amf_configuration_update_acknowledge>()), nullptr);
  EXPECT_EQ(gnb.amf_name(), "renamed");
  EXPECT_EQ(gnb.relative_amf_capacity(), 7);
}

TEST_F(gnb_fixture, gnb_started_ng_reset_and_ran_configuration_update_need_a_set_up_association) {
  EXPECT_FALSE(gnb.send_ng_reset(n2::misc_cause(ngap::cause_misc::om_intervention)));
  set_up();
  EXPECT_TRUE(gnb.send_ng_reset(n2::misc_cause(ngap::cause_misc::om_intervention)));
  EXPECT_NE((rt.last_as<ngap::initiating_message, ngap::ng_reset>()), nullptr);
  gnb.on_ngap(bytes_of<ngap::successful_outcome>(ngap::ng_reset_acknowledge{}));
  EXPECT_EQ(gnb.counters().ng_reset_acks_received, 1u);
  EXPECT_TRUE(gnb.send_ran_configuration_update());
  EXPECT_NE((rt.last_as<ngap::initiating_message, ngap::ran_configuration_update>()), nullptr);
  gnb.on_ngap(bytes_of<ngap::successful_outcome>(ngap::ran_configuration_update_acknowledge{}));
  EXPECT_EQ(gnb.counters().ran_configuration_updates_acknowledged, 1u);
}

TEST_F(gnb_fixture, when_garbage_arrives_then_error_indication_and_state_is_kept) {
  set_up();
  const std::vector<std::uint8_t> garbage{0x7F, 0xFF, 0x00};
  gnb.on_ngap(garbage);
  const auto* ei = rt.last_as<ngap::initiating_message, ngap::error_indication>();
  ASSERT_NE(ei, nullptr);
  EXPECT_EQ(std::get<ngap::cause_protocol>(ei->cause_->value_), ngap::cause_protocol::transfer_syntax_error);
  EXPECT_EQ(gnb.state(), n2_state::ready);
  EXPECT_EQ(gnb.counters().undecodable_messages, 1u);
}

// --- the procedures as coroutines: answers, timers and cancellation ----------

TEST_F(gnb_fixture, a_late_ng_setup_response_after_the_timeout_is_a_message_in_the_wrong_state) {
  gnb.on_connected();
  advance(5s);  // setup_response_timeout: the attempt is over, a retry is scheduled
  ASSERT_EQ(gnb.state(), n2_state::waiting_to_retry);
  gnb.on_ngap(setup_response());
  EXPECT_NE((rt.last_as<ngap::initiating_message, ngap::error_indication>()), nullptr);
  EXPECT_EQ(gnb.counters().messages_in_wrong_state, 1u);
  EXPECT_EQ(gnb.state(), n2_state::waiting_to_retry);
  advance(1s);  // the retry's answer is taken
  gnb.on_ngap(setup_response());
  EXPECT_EQ(gnb.state(), n2_state::ready);
}

TEST_F(gnb_fixture, an_association_lost_during_ng_setup_ends_the_procedure_and_leaves_only_the_reconnect_timer) {
  gnb.on_connected();
  ASSERT_EQ(timers.pending(), 1u);  // the response timer
  gnb.on_disconnected();
  EXPECT_EQ(timers.pending(), 1u) << "the setup's timer is gone; the reconnect's is armed";
  advance(5s);
  EXPECT_EQ(setup_requests(), 1u) << "the cancelled procedure never retries";
  EXPECT_EQ(gnb.counters().ng_setup_timeouts, 0u);
  gnb.on_ngap(setup_response());  // an answer for nobody
  EXPECT_EQ(gnb.counters().messages_in_wrong_state, 1u);
}

TEST_F(gnb_fixture, an_amf_restart_on_the_association_starts_a_fresh_ng_setup) {
  set_up();
  gnb.on_connected();  // SCTP restart: the AMF's N2 state is gone
  EXPECT_EQ(setup_requests(), 2u);
  EXPECT_EQ(gnb.state(), n2_state::setup_pending);
  EXPECT_EQ(rt.readiness, (std::vector<bool>{true, false}));
  gnb.on_ngap(setup_response());
  EXPECT_EQ(gnb.state(), n2_state::ready);
  EXPECT_EQ(rt.readiness, (std::vector<bool>{true, false, true}));
}

TEST_F(gnb_fixture, an_unanswered_ng_reset_times_out_and_only_one_runs_at_a_time) {
  set_up();
  ASSERT_TRUE(gnb.send_ng_reset(n2::misc_cause(ngap::cause_misc::om_intervention)));
  EXPECT_FALSE(gnb.send_ng_reset(n2::misc_cause(ngap::cause_misc::om_intervention))) << "one is outstanding";
  advance(5s);
  EXPECT_EQ(gnb.counters().ng_reset_timeouts, 1u);
  EXPECT_EQ(gnb.counters().ng_reset_acks_received, 0u);
  EXPECT_TRUE(gnb.send_ng_reset(n2::misc_cause(ngap::cause_misc::om_intervention)));
  EXPECT_EQ(gnb.counters().ng_resets_sent, 2u);
  gnb.on_ngap(bytes_of<ngap::successful_outcome>(ngap::ng_reset_acknowledge{}));
  EXPECT_EQ(gnb.counters().ng_reset_acks_received, 1u);
  EXPECT_EQ(timers.pending(), 0u);
}

TEST_F(gnb_fixture, a_refused_ran_configuration_update_holds_the_next_one_back_for_the_time_to_wait) {
  set_up();
  ASSERT_TRUE(gnb.send_ran_configuration_update());
  ngap::ran_configuration_update_failure f;
  f.cause_ = n2::misc_cause(ngap::cause_misc::unknown_plmn_or_snpn);
  f.time_to_wait_ = ngap::time_to_wait::v5s;
  gnb.on_ngap(bytes_of<ngap::unsuccessful_outcome>(f));
  EXPECT_EQ(gnb.counters().ran_configuration_updates_failed, 1u);
  advance(4s);
  EXPECT_FALSE(gnb.send_ran_configuration_update()) << "TS 38.413 §8.7.2.3: not before Time To Wait";
  advance(1s);
  EXPECT_TRUE(gnb.send_ran_configuration_update());
  advance(5s);
  EXPECT_EQ(gnb.counters().ran_configuration_update_timeouts, 1u);
}

TEST_F(gnb_fixture, an_unsolicited_ng_reset_acknowledge_is_a_message_in_the_wrong_state) {
  set_up();
  gnb.on_ngap(bytes_of<ngap::successful_outcome>(ngap::ng_reset_acknowledge{}));
  EXPECT_NE((rt.last_as<ngap::initiating_message, ngap::error_indication>()), nullptr);
  EXPECT_EQ(gnb.counters().messages_in_wrong_state, 1u);
  EXPECT_EQ(gnb.counters().ng_reset_acks_received, 0u);
}

TEST(gnb_n2_lifetime, destroying_the_link_mid_procedure_ends_its_procedures_and_disarms_their_timers) {
  manual_clock clk;
  runtime::timer_service timers(clk);
  fake_runtime rt(clk);
  {
    gnb_n2 gnb(gnb_config{}, "127.0.0.1:38412", timers, rt);
    gnb.on_connected();
    gnb.on_ngap(setup_failure(ngap::time_to_wait::v60s));  // now sleeping for 60 s
    ASSERT_EQ(timers.pending(), 1u);
  }
  EXPECT_EQ(timers.pending(), 0u);
  clk.advance(60s);
  EXPECT_EQ(timers.run_due(), 0u);
  EXPECT_EQ(rt.sent.size(), 1u) << "nothing runs after the link is gone";
}

}  // namespace
}  // namespace meridian::gnb
