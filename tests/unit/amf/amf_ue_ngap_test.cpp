// UE-associated NGAP in the AMF (TS 38.413 §8.3, §8.6, §10.6): connections,
// AMF UE NGAP ID allocation, NAS transport both ways, UE Context Release as a
// coroutine with its timer, and the known crash classes of other AMFs.

#include <set>

#include <gtest/gtest.h>

#include "meridian/amf/amf_n2.hpp"
#include "amf/amf_test_messages.hpp"
#include "meridian/n2/n2_messages.hpp"

namespace meridian::amf {
namespace {

using namespace std::chrono_literals;
using test::nr_location;
using test::setup_request;

class recording_sender final : public amf_n2_notifier {
 public:
  void send_ngap(gnb_association_id to, std::span<const std::uint8_t> pdu) override { send_ue_ngap(to, 0, pdu); }
  void send_ue_ngap(gnb_association_id to, std::uint16_t stream, std::span<const std::uint8_t> pdu) override {
    auto decoded = ngap::decode_ngap_pdu(pdu);
    ASSERT_TRUE(decoded) << "the AMF sent octets it cannot decode itself";
    sent.push_back({to, stream, std::move(*decoded)});
  }
  struct message {
    gnb_association_id to;
    std::uint16_t stream;
    ngap::ngap_pdu pdu;
  };
  std::vector<message> sent;

  template <class Outcome, class T>
  const T* last_as() const {
    return sent.empty() ? nullptr : n2::message_as<Outcome, T>(sent.back().pdu);
  }
};

class recording_nas final : public ue_nas_handler {
 public:
  void on_initial_nas(const ue_ngap_context& ue, std::span<const std::uint8_t> nas, const ngap::initial_ue_message&) override {
    initial.push_back({ue.amf_id, {nas.begin(), nas.end()}});
  }
  void on_uplink_nas(const ue_ngap_context& ue, std::span<const std::uint8_t> nas) override {
    uplink.push_back({ue.amf_id, {nas.begin(), nas.end()}});
  }
  void on_ue_context_released(model::amf_ue_ngap_id ue, ue_release_reason why) override {
    released.emplace_back(ue, why);
  }
  std::vector<std::pair<model::amf_ue_ngap_id, std::vector<std::uint8_t>>> initial;
  std::vector<std::pair<model::amf_ue_ngap_id, std::vector<std::uint8_t>>> uplink;
  std::vector<std::pair<model::amf_ue_ngap_id, ue_release_reason>> released;
};

const auto gnb_a = *gnb_association_id::from(1);
const auto gnb_b = *gnb_association_id::from(2);

template <class M>
std::vector<std::uint8_t> initiating(M m) {
  return n2::encode(n2::make_pdu<ngap::initiating_message>(std::move(m)));
}

// A Registration Request's first octets stand in for any NAS PDU: the AMF's
// NGAP side passes NAS through untouched.
const std::vector<std::uint8_t> nas_pdu{0x7E, 0x00, 0x41, 0x79, 0x00, 0x0D};

std::vector<std::uint8_t> initial_ue_message(std::uint32_t ran_id, std::uint32_t tac = 1) {
  return test::initial_ue_message(ran_id, nas_pdu, tac);
}

std::vector<std::uint8_t> uplink_nas(std::int64_t amf_id, std::int64_t ran_id) {
  ngap::uplink_nas_transport m;
  m.amf_ue_ngap_id_ = amf_id;
  m.ran_ue_ngap_id_ = ran_id;
  m.nas_pdu_ = {0x7E, 0x00, 0x43};
  m.user_location_information_ = nr_location(1, 0x11);
  return initiating(std::move(m));
}

std::vector<std::uint8_t> release_complete(std::int64_t amf_id, std::int64_t ran_id) {
  ngap::ue_context_release_complete c;
  c.amf_ue_ngap_id_ = amf_id;
  c.ran_ue_ngap_id_ = ran_id;
  return n2::encode(n2::make_pdu<ngap::successful_outcome>(std::move(c)));
}

struct ue_fixture : ::testing::Test {
  manual_clock clk;
  runtime::timer_service timers{clk};
  recording_sender out;
  recording_nas nas;
  amf_n2 amf{amf_config{}, out, timers};

  void SetUp() override {
    amf.set_nas_handler(&nas);
    amf.on_gnb_connected(gnb_a);
    amf.on_ngap(gnb_a, setup_request(1));
    amf.on_gnb_connected(gnb_b);
    amf.on_ngap(gnb_b, setup_request(2));
    ASSERT_EQ(amf.ready_gnb_count(), 2u);
    out.sent.clear();
  }
  void advance(std::chrono::milliseconds d) {
    clk.advance(d);
    timers.run_due();
  }
  /// The AMF UE NGAP ID the AMF gave the last new connection.
  std::int64_t last_amf_id() const { return static_cast<std::int64_t>(nas.initial.back().first.value()); }
  ngap::cause_radio_network error_indication_cause() const {
    const auto* ei = out.last_as<ngap::initiating_message, ngap::error_indication>();
    if (ei == nullptr || !ei->cause_) return ngap::cause_radio_network::unspecified;
    return std::get<ngap::cause_radio_network>(ei->cause_->value_);
  }
};

TEST_F(ue_fixture, an_initial_ue_message_makes_a_connection_and_hands_its_nas_pdu_up) {
  amf.on_ngap(gnb_a, initial_ue_message(7), 3);
  ASSERT_EQ(nas.initial.size(), 1u);
  EXPECT_EQ(nas.initial[0].second, nas_pdu);
  const ue_ngap_context* ue = amf.ues().find(nas.initial[0].first);
  ASSERT_NE(ue, nullptr);
  EXPECT_EQ(ue->ran_id.value(), 7u);
  EXPECT_EQ(ue->association, gnb_a);
  EXPECT_EQ(ue->stream, 3u);
  ASSERT_TRUE(ue->tai);
  EXPECT_EQ(ue->tai->tac_.value(), 1u);
  ASSERT_TRUE(ue->ncgi);
  EXPECT_EQ(ue->ncgi->nci_.value(), 0x10u);
  EXPECT_TRUE(out.sent.empty()) << "nothing is answered at the NGAP level";
}

TEST_F(ue_fixture, downlink_and_uplink_nas_transport_carry_both_ids_on_the_ues_stream) {
  amf.on_ngap(gnb_a, initial_ue_message(7), 3);
  const auto id = nas.initial[0].first;
  ASSERT_TRUE(amf.send_downlink_nas(id, std::vector<std::uint8_t>{0x7E, 0x00, 0x56}));
  const auto* d = out.last_as<ngap::initiating_message, ngap::downlink_nas_transport>();
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->amf_ue_ngap_id_, last_amf_id());
  EXPECT_EQ(d->ran_ue_ngap_id_, 7);
  EXPECT_EQ(d->nas_pdu_, (std::vector<std::uint8_t>{0x7E, 0x00, 0x56}));
  EXPECT_EQ(out.sent.back().to, gnb_a);
  EXPECT_EQ(out.sent.back().stream, 3u);
  amf.on_ngap(gnb_a, uplink_nas(last_amf_id(), 7), 3);
  ASSERT_EQ(nas.uplink.size(), 1u);
  EXPECT_EQ(nas.uplink[0].first, id);
  EXPECT_EQ(amf.ues().find(id)->ncgi->nci_.value(), 0x11u) << "the location follows the UE";
  EXPECT_FALSE(amf.send_downlink_nas(*model::amf_ue_ngap_id::from(999'999), nas_pdu));
}

TEST_F(ue_fixture, uplink_nas_for_an_unknown_amf_ue_ngap_id_gets_an_error_indication_with_the_ids) {
  amf.on_ngap(gnb_a, uplink_nas(424242, 9));
  EXPECT_EQ(error_indication_cause(), ngap::cause_radio_network::unknown_local_ue_ngap_id);
  const auto* ei = out.last_as<ngap::initiating_message, ngap::error_indication>();
  EXPECT_EQ(ei->amf_ue_ngap_id_, 424242);
  EXPECT_EQ(ei->ran_ue_ngap_id_, 9);
  EXPECT_TRUE(nas.uplink.empty());
  EXPECT_EQ(amf.counters().unknown_ue_ngap_ids, 1u);
}

TEST_F(ue_fixture, ids_that_do_not_belong_together_or_come_from_another_gnb_are_inconsistent) {
  amf.on_ngap(gnb_a, initial_ue_message(7));
  amf.on_ngap(gnb_a, uplink_nas(last_amf_id(), 8));  // wrong RAN UE NGAP ID
  EXPECT_EQ(error_indication_cause(), ngap::cause_radio_network::inconsistent_remote_ue_ngap_id);
  amf.on_ngap(gnb_b, uplink_nas(last_amf_id(), 7));  // the right ids from the wrong gNB
  EXPECT_EQ(error_indication_cause(), ngap::cause_radio_network::inconsistent_remote_ue_ngap_id);
  EXPECT_EQ(out.sent.back().to, gnb_b);
  EXPECT_TRUE(nas.uplink.empty());
  EXPECT_EQ(amf.counters().inconsistent_ue_ngap_ids, 2u);
}

TEST_F(ue_fixture, a_repeated_initial_ue_message_on_the_same_ran_ue_ngap_id_replaces_the_old_connection) {
  amf.on_ngap(gnb_a, initial_ue_message(7));
  const auto first = nas.initial.back().first;
  amf.on_ngap(gnb_a, initial_ue_message(7));
  const auto second = nas.initial.back().first;
  EXPECT_NE(first, second);
  ASSERT_EQ(nas.released.size(), 1u);
  EXPECT_EQ(nas.released[0], std::make_pair(first, ue_release_reason::replaced));
  EXPECT_EQ(amf.ues().size(), 1u);
  EXPECT_EQ(amf.counters().ue_contexts_replaced, 1u);
  amf.on_ngap(gnb_b, initial_ue_message(7));  // the same RAN id on another gNB is another UE
  EXPECT_EQ(amf.ues().size(), 2u);
}

TEST_F(ue_fixture, a_release_request_is_answered_by_the_command_and_complete_ends_the_connection) {
  amf.on_ngap(gnb_a, initial_ue_message(7), 2);
  const auto id = nas.initial.back().first;
  ngap::ue_context_release_request r;
  r.amf_ue_ngap_id_ = last_amf_id();
  r.ran_ue_ngap_id_ = 7;
  r.cause_ = n2::radio_network_cause(ngap::cause_radio_network::user_inactivity);
  amf.on_ngap(gnb_a, initiating(std::move(r)), 2);
  const auto* cmd = out.last_as<ngap::initiating_message, ngap::ue_context_release_command>();
  ASSERT_NE(cmd, nullptr);
  const auto* pair = std::get_if<ngap::ue_ngap_id_pair>(&cmd->ue_ngap_i_ds_.value_);
  ASSERT_NE(pair, nullptr);
  EXPECT_EQ(pair->amf_ue_ngap_id_, last_amf_id());
  EXPECT_EQ(pair->ran_ue_ngap_id_, 7);
  EXPECT_EQ(std::get<ngap::cause_radio_network>(cmd->cause_.value_), ngap::cause_radio_network::user_inactivity);
  EXPECT_EQ(out.sent.back().stream, 2u);
  EXPECT_FALSE(amf.release_ue_context(id, n2::misc_cause(ngap::cause_misc::unspecified))) << "one release at a time";
  EXPECT_NE(amf.ues().find(id), nullptr) << "kept until Complete";
  amf.on_ngap(gnb_a, release_complete(last_amf_id(), 7), 2);
  EXPECT_EQ(amf.ues().find(id), nullptr);
  ASSERT_EQ(nas.released.size(), 1u);
  EXPECT_EQ(nas.released[0].second, ue_release_reason::released);
  EXPECT_EQ(amf.counters().ue_context_releases, 1u);
  EXPECT_EQ(timers.pending(), 0u);
}

TEST_F(ue_fixture, a_release_complete_for_a_ue_already_gone_gets_an_error_indication_and_nothing_else) {
  amf.on_ngap(gnb_a, initial_ue_message(7));
  const auto amf_id = last_amf_id();
  ASSERT_TRUE(amf.release_ue_context(nas.initial.back().first, n2::misc_cause(ngap::cause_misc::om_intervention)));
  amf.on_ngap(gnb_a, release_complete(amf_id, 7));
  amf.on_ngap(gnb_a, release_complete(amf_id, 7));  // again: that UE is gone
  EXPECT_EQ(error_indication_cause(), ngap::cause_radio_network::unknown_local_ue_ngap_id);
  EXPECT_EQ(nas.released.size(), 1u);
  EXPECT_EQ(amf.counters().ue_context_releases, 1u);
}

TEST_F(ue_fixture, without_a_complete_the_connection_is_released_after_the_response_timeout) {
  amf.on_ngap(gnb_a, initial_ue_message(7));
  const auto id = nas.initial.back().first;
  ASSERT_TRUE(amf.release_ue_context(id, n2::misc_cause(ngap::cause_misc::om_intervention)));
  advance(4999ms);
  EXPECT_NE(amf.ues().find(id), nullptr);
  advance(1ms);
  EXPECT_EQ(amf.ues().find(id), nullptr);
  EXPECT_EQ(amf.counters().ue_context_release_timeouts, 1u);
  ASSERT_EQ(nas.released.size(), 1u);
}

TEST_F(ue_fixture, losing_a_gnb_releases_its_connections_only_and_ends_their_procedures) {
  amf.on_ngap(gnb_a, initial_ue_message(1));
  amf.on_ngap(gnb_a, initial_ue_message(2));
  amf.on_ngap(gnb_b, initial_ue_message(1));
  ASSERT_TRUE(amf.release_ue_context(nas.initial[0].first, n2::misc_cause(ngap::cause_misc::om_intervention)));
  ASSERT_EQ(timers.pending(), 1u);
  amf.on_gnb_disconnected(gnb_a);
  EXPECT_EQ(timers.pending(), 0u);
  EXPECT_EQ(amf.ues().size(), 1u);
  EXPECT_EQ(nas.released.size(), 2u);
  for (const auto& [id, why] : nas.released) EXPECT_EQ(why, ue_release_reason::association_lost);
  EXPECT_NE(amf.ues().find(nas.initial[2].first), nullptr);
  advance(10s);
  EXPECT_EQ(amf.counters().ue_context_release_timeouts, 0u);
}

TEST_F(ue_fixture, a_partial_ng_reset_releases_the_connections_it_names_and_a_full_one_all_of_the_gnb) {
  amf.on_ngap(gnb_a, initial_ue_message(1));
  amf.on_ngap(gnb_a, initial_ue_message(2));
  amf.on_ngap(gnb_a, initial_ue_message(3));
  ngap::ng_reset partial;
  partial.cause_ = n2::misc_cause(ngap::cause_misc::om_intervention);
  ngap::ue_associated_logical_ng_connection_item by_ran;
  by_ran.ran_ue_ngap_id_ = 2;
  partial.reset_type_.value_ = ngap::ue_associated_logical_ng_connection_list{by_ran};
  amf.on_ngap(gnb_a, initiating(std::move(partial)));
  EXPECT_NE((out.last_as<ngap::successful_outcome, ngap::ng_reset_acknowledge>()), nullptr);
  EXPECT_EQ(amf.ues().size(), 2u);
  ASSERT_EQ(nas.released.size(), 1u);
  EXPECT_EQ(nas.released[0].first, nas.initial[1].first);
  ngap::ng_reset all;
  all.cause_ = n2::misc_cause(ngap::cause_misc::om_intervention);
  all.reset_type_.value_ = ngap::reset_all::reset_all;
  amf.on_ngap(gnb_a, initiating(std::move(all)));
  EXPECT_EQ(amf.ues().size(), 0u);
  EXPECT_EQ(amf.counters().ue_contexts_released_by_gnb_loss_or_reset, 3u);
}

TEST_F(ue_fixture, without_a_nas_layer_a_new_ue_is_released_at_once) {
  amf.set_nas_handler(nullptr);
  amf.on_ngap(gnb_a, initial_ue_message(7));
  EXPECT_NE((out.last_as<ngap::initiating_message, ngap::ue_context_release_command>()), nullptr);
  EXPECT_EQ(amf.ues().size(), 1u) << "until the gNB completes the release";
  advance(5s);
  EXPECT_EQ(amf.ues().size(), 0u);
}

TEST_F(ue_fixture, ue_associated_messages_before_ng_setup_are_in_the_wrong_state) {
  const auto gnb_c = *gnb_association_id::from(3);
  amf.on_gnb_connected(gnb_c);
  amf.on_ngap(gnb_c, initial_ue_message(7));
  const auto* ei = out.last_as<ngap::initiating_message, ngap::error_indication>();
  ASSERT_NE(ei, nullptr);
  EXPECT_EQ(std::get<ngap::cause_protocol>(ei->cause_->value_),
            ngap::cause_protocol::message_not_compatible_with_receiver_state);
  EXPECT_EQ(amf.ues().size(), 0u);
}

TEST_F(ue_fixture, ten_thousand_ues_get_distinct_amf_ue_ngap_ids) {
  std::set<std::uint64_t> ids;
  for (std::uint32_t i = 0; i < 10'000; ++i) amf.on_ngap(i % 2 ? gnb_a : gnb_b, initial_ue_message(i / 2));
  for (const auto& [id, nas_pdu] : nas.initial) ids.insert(id.value());
  EXPECT_EQ(ids.size(), 10'000u);
  EXPECT_EQ(amf.ues().size(), 10'000u);
}

}  // namespace
}  // namespace meridian::amf
