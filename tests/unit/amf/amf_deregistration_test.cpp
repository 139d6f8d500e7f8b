// TS 24.501 §5.5.2 deregistration of a registered UE, both ways: the Accept
// (or none after a switch off), the UDM's purge, the connection's release
// with NGAP cause nas: deregister, and T3522.

#include "amf/amf_mm_fixture.hpp"

namespace meridian::amf {
namespace {

using namespace test;

struct deregistration : mm_fixture {
  void SetUp() override {
    mm_fixture::SetUp();
    ASSERT_NE(register_ue(), 0u);
    ASSERT_TRUE(authenticate());
    ASSERT_NE(secure(), nullptr);
    const auto* s = out.last_initiating<ngap::initial_context_setup_request>();
    ASSERT_NE(s, nullptr);
    ASSERT_TRUE(s->nas_pdu_);
    ASSERT_TRUE(phone.receive(*s->nas_pdu_));  // the UE takes the Accept (its downlink COUNT moves on)
    context_setup_response();
    uplink(phone.seal(nas::registration_complete{}));
    ASSERT_EQ(ctx()->state, mm_state::registered);
  }
  nas::deregistration_request_ue_originating request(bool switch_off) const {
    nas::deregistration_request_ue_originating r;
    r.deregistration_type_.switch_off_ = switch_off;
    r.ngksi_.ksi_ = ctx()->ngksi;
    r.mobile_identity_ = nas::mobile_identity{nas::guti_5g_identity{.value_ = *ctx()->guti}};
    return r;
  }
  bool purged() const {
    const auto& stored = hn.udr.subscribers.at(ausf::test::alice).amf_3gpp;
    return stored && stored->purge_flag_.value_or(false);
  }
  std::optional<ngap::cause_nas> release_cause() const {
    const auto* cmd = out.last_initiating<ngap::ue_context_release_command>();
    if (cmd == nullptr) return std::nullopt;
    const auto* c = std::get_if<ngap::cause_nas>(&cmd->cause_.value_);
    return c ? std::optional(*c) : std::nullopt;
  }
};

TEST_F(deregistration, a_ue_deregistering_gets_the_accept_is_purged_at_the_udm_and_released) {
  uplink(phone.seal(request(false)));
  const auto m = downlink();
  ASSERT_TRUE(m);
  EXPECT_TRUE(std::holds_alternative<nas::deregistration_accept_ue_originating>(*m));
  EXPECT_TRUE(purged());
  EXPECT_EQ(release_cause(), ngap::cause_nas::deregister);
  EXPECT_EQ(ctx()->state, mm_state::deregistered);
  EXPECT_EQ(mm->counters().ue_deregistrations, 1u);
}

TEST_F(deregistration, a_switched_off_ue_gets_no_accept) {
  const auto before = out.count<ngap::downlink_nas_transport>();
  uplink(phone.seal(request(true)));
  EXPECT_EQ(out.count<ngap::downlink_nas_transport>(), before);
  EXPECT_TRUE(purged());
  EXPECT_EQ(release_cause(), ngap::cause_nas::deregister);
}

TEST_F(deregistration, the_network_deregisters_a_ue_which_accepts) {
  ASSERT_TRUE(mm->deregister(*model::amf_ue_ngap_id::from(id), true));
  const auto m = downlink();
  ASSERT_TRUE(m);
  const auto* r = std::get_if<nas::deregistration_request_ue_terminated>(&*m);
  ASSERT_NE(r, nullptr);
  EXPECT_TRUE(r->deregistration_type_.reregistration_required_);
  EXPECT_FALSE(release_cause()) << "the AMF waits for the UE's accept";
  uplink(phone.seal(nas::deregistration_accept_ue_terminated{}));
  EXPECT_TRUE(purged());
  EXPECT_EQ(release_cause(), ngap::cause_nas::deregister);
  EXPECT_EQ(timers.pending(), 1u) << "only the UE Context Release's wait for its Complete";
}

TEST_F(deregistration, without_the_ues_accept_the_request_goes_five_times_then_the_ue_is_deregistered_anyway) {
  ASSERT_TRUE(mm->deregister(*model::amf_ue_ngap_id::from(id), false));
  const auto before = out.count<ngap::downlink_nas_transport>();
  for (int i = 0; i < 4; ++i) advance(6s);
  EXPECT_EQ(out.count<ngap::downlink_nas_transport>(), before + 4);
  EXPECT_FALSE(release_cause());
  advance(6s);
  EXPECT_EQ(mm->counters().t3522_expiries, 5u);
  EXPECT_TRUE(purged());
  EXPECT_EQ(release_cause(), ngap::cause_nas::deregister);
}

TEST_F(deregistration, an_unknown_ue_cannot_be_deregistered_by_the_network) {
  EXPECT_FALSE(mm->deregister(*model::amf_ue_ngap_id::from(id + 1000), false));
}

}  // namespace
}  // namespace meridian::amf
