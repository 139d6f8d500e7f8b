// De-registration both ways (TS 24.501 §5.5.2), the generic configuration
// update (§5.4.4) and 5GMM STATUS (§7) on the UE's side, against the AMF double.

#include "ue/ue_fixture.hpp"

namespace meridian::ue::test {
namespace {

using deregistration = ue_fixture;

TEST_F(deregistration, a_normal_deregistration_waits_for_the_accept_under_t3521) {
  ASSERT_NO_FATAL_FAILURE(register_fully());
  ASSERT_TRUE(ue->deregister(false));
  const auto* r = amf.last_as<nas::deregistration_request_ue_originating>();
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(amf.last_protection, nas::security_header_type::integrity_protected_and_ciphered);
  EXPECT_FALSE(r->deregistration_type_.switch_off_);
  EXPECT_EQ(r->deregistration_type_.access_type_, nas::access_type::three_gpp);
  EXPECT_EQ(r->ngksi_.ksi_, 0);
  EXPECT_EQ(std::get<nas::guti_5g_identity>(r->mobile_identity_.value_).value_, test_guti());
  EXPECT_EQ(ue->state(), mm_state::deregistered_initiated);
  EXPECT_EQ(ue->running_timer(), mm_timer::t3521);
  down(amf.seal(nas::deregistration_accept_ue_originating{}));
  EXPECT_EQ(ue->state(), mm_state::deregistered);
  EXPECT_EQ(ue->running_timer(), mm_timer::none);
  EXPECT_TRUE(ue->guti()) << "a normal deregistration keeps the 5G-GUTI";
}

TEST_F(deregistration, t3521_retransmits_four_times_and_the_fifth_expiry_aborts_with_a_local_release) {
  ASSERT_NO_FATAL_FAILURE(register_fully());
  ASSERT_TRUE(ue->deregister(false));
  std::vector<std::vector<std::uint8_t>> requests{amf.uplinks.back().bytes};
  for (int expiry = 1; expiry <= 4; ++expiry) {
    advance(14999ms);
    ASSERT_EQ(requests.size(), static_cast<std::size_t>(expiry));
    advance(1ms);  // T3521 = 15 s
    ASSERT_NE(amf.last_as<nas::deregistration_request_ue_originating>(), nullptr) << expiry;
    requests.push_back(amf.uplinks.back().bytes);
    EXPECT_NE(requests[expiry], requests[expiry - 1]) << "each transmission has its own NAS COUNT";
    EXPECT_EQ(ue->state(), mm_state::deregistered_initiated);
  }
  advance(15s);
  EXPECT_EQ(requests.size(), 5u);
  EXPECT_EQ(amf.uplinks.back().bytes, requests.back()) << "nothing more is sent";
  EXPECT_EQ(ue->state(), mm_state::deregistered);
  EXPECT_EQ(amf.local_releases, 1);
  EXPECT_FALSE(ue->connected());
}

TEST_F(deregistration, a_switch_off_sends_once_and_waits_for_nothing) {
  ASSERT_NO_FATAL_FAILURE(register_fully());
  ue->on_connection_released();  // 5GMM-IDLE: the request opens a connection
  ASSERT_TRUE(ue->deregister(true));
  EXPECT_TRUE(amf.uplinks.back().initial);
  const auto* r = amf.last_as<nas::deregistration_request_ue_originating>();
  ASSERT_NE(r, nullptr);
  EXPECT_TRUE(r->deregistration_type_.switch_off_);
  EXPECT_EQ(amf.last_protection, nas::security_header_type::integrity_protected) << "an initial message";
  EXPECT_EQ(ue->state(), mm_state::null);
  EXPECT_EQ(ue->running_timer(), mm_timer::none);
  const auto sent = amf.uplinks.size();
  advance(std::chrono::minutes(2));
  EXPECT_EQ(amf.uplinks.size(), sent);
}

TEST_F(deregistration, the_connection_released_while_deregistering_ends_it_locally) {
  ASSERT_NO_FATAL_FAILURE(register_fully());
  ASSERT_TRUE(ue->deregister(false));
  ue->on_connection_released();
  EXPECT_EQ(ue->state(), mm_state::deregistered);
  EXPECT_EQ(ue->running_timer(), mm_timer::none);
}

TEST_F(deregistration, a_network_deregistration_is_accepted) {
  ASSERT_NO_FATAL_FAILURE(register_fully());
  nas::deregistration_request_ue_terminated r;
  down(amf.seal(r));
  ASSERT_NE(amf.last_as<nas::deregistration_accept_ue_terminated>(), nullptr);
  EXPECT_EQ(amf.last_protection, nas::security_header_type::integrity_protected_and_ciphered);
  EXPECT_EQ(ue->state(), mm_state::deregistered);
  const auto sent = amf.uplinks.size();
  ue->on_connection_released();
  EXPECT_EQ(amf.uplinks.size(), sent) << "no re-registration was asked for";
}

TEST_F(deregistration, a_network_deregistration_unprotected_is_discarded) {
  ASSERT_NO_FATAL_FAILURE(register_fully());
  ue->on_connection_released();
  ASSERT_TRUE(ue->deregister(false));  // a new connection, no secure exchange yet
  const auto sent = amf.uplinks.size();
  down(amf.plain(nas::deregistration_request_ue_terminated{}));
  EXPECT_EQ(amf.uplinks.size(), sent);
  EXPECT_EQ(ue->state(), mm_state::deregistered_initiated);
}

TEST_F(deregistration, re_registration_required_registers_again_after_the_release) {
  ASSERT_NO_FATAL_FAILURE(register_fully());
  nas::deregistration_request_ue_terminated r;
  r.deregistration_type_.reregistration_required_ = true;
  down(amf.seal(r));
  ASSERT_NE(amf.last_as<nas::deregistration_accept_ue_terminated>(), nullptr);
  ue->on_connection_released();
  EXPECT_TRUE(amf.uplinks.back().initial);
  EXPECT_NE(amf.last_as<nas::registration_request>(), nullptr);
  EXPECT_EQ(ue->state(), mm_state::registered_initiated);
}

TEST_F(deregistration, a_network_deregistration_with_cause_3_makes_the_usim_invalid) {
  ASSERT_NO_FATAL_FAILURE(register_fully());
  nas::deregistration_request_ue_terminated r;
  r.cause_ = nas::gmm_cause::illegal_ue;
  down(amf.seal(r));
  ASSERT_NE(amf.last_as<nas::deregistration_accept_ue_terminated>(), nullptr);
  EXPECT_EQ(ue->substate(), mm_substate::no_supi);
  EXPECT_FALSE(ue->guti());
  EXPECT_FALSE(ue->register_initial());
}

TEST_F(deregistration, a_network_deregistration_while_deregistering_wins_the_collision) {
  ASSERT_NO_FATAL_FAILURE(register_fully());
  ASSERT_TRUE(ue->deregister(false));
  down(amf.seal(nas::deregistration_request_ue_terminated{}));
  ASSERT_NE(amf.last_as<nas::deregistration_accept_ue_terminated>(), nullptr);
  EXPECT_EQ(ue->state(), mm_state::deregistered);
  EXPECT_EQ(ue->running_timer(), mm_timer::none);
}

TEST_F(deregistration, a_configuration_update_with_a_new_guti_is_completed_when_asked) {
  ASSERT_NO_FATAL_FAILURE(register_fully());
  nas::configuration_update_command c;
  c.guti_ = nas::mobile_identity{nas::guti_5g_identity{.value_ = test_guti(0x9999)}};
  c.tai_list_ = nas::tai_list{{nas::tai_list_consecutive{model::plmn{}, model::tac::literal(5), 3}}};
  const auto sent = amf.uplinks.size();
  down(amf.seal(c));
  EXPECT_EQ(amf.uplinks.size(), sent) << "no acknowledgement asked";
  EXPECT_EQ(ue->guti(), test_guti(0x9999));
  ASSERT_EQ(ue->tai_list().size(), 3u);
  EXPECT_EQ(ue->tai_list()[2].tac_, model::tac::literal(7));
  c.guti_ = nas::mobile_identity{nas::guti_5g_identity{.value_ = test_guti(0xabcd)}};
  c.configuration_update_indication_ = nas::half_octet{1};
  down(amf.seal(c));
  ASSERT_NE(amf.last_as<nas::configuration_update_complete>(), nullptr);
  EXPECT_EQ(ue->guti(), test_guti(0xabcd));
  // The next deregistration names the new 5G-GUTI.
  ASSERT_TRUE(ue->deregister(false));
  const auto* r = amf.last_as<nas::deregistration_request_ue_originating>();
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(std::get<nas::guti_5g_identity>(r->mobile_identity_.value_).value_, test_guti(0xabcd));
}

TEST_F(deregistration, a_message_the_state_does_not_expect_gets_5gmm_status_98) {
  ASSERT_NO_FATAL_FAILURE(register_fully());
  down(amf.seal(accept_message()));  // registered already
  const auto* s = amf.last_as<nas::gmm_status>();
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->cause_, nas::gmm_cause::message_type_not_compatible_with_protocol_state);
  EXPECT_EQ(ue->state(), mm_state::registered);
}

TEST_F(deregistration, an_unknown_message_type_gets_5gmm_status_97_and_garbage_never_crashes) {
  ASSERT_TRUE(ue->register_initial());
  down({0x7e, 0x00, 0xff});
  const auto* s = amf.last_as<nas::gmm_status>();
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->cause_, nas::gmm_cause::message_type_non_existent_or_not_implemented);
  // Every truncation of every downlink message of a registration: no crash, no state change.
  const auto request = amf.authentication_request();
  for (std::size_t n = 0; n < request.size(); ++n) {
    down(std::vector<std::uint8_t>(request.begin(), request.begin() + static_cast<std::ptrdiff_t>(n)));
    EXPECT_EQ(ue->state(), mm_state::registered_initiated);
  }
  const auto sent = amf.uplinks.size();
  nas::dl_nas_transport dl;
  dl.payload_container_ = nas::octets{{0x2e, 0x01, 0x01, 0xc2}};
  down(amf.plain(dl));  // not one of §4.4.4.2's: discarded, not answered
  EXPECT_EQ(amf.uplinks.size(), sent);
}

}  // namespace
}  // namespace meridian::ue::test
