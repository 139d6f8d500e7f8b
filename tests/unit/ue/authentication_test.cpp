// 5G-AKA on the UE's side (TS 24.501 §5.4.1.3) against the AMF double, which
// runs the home network's side from the security module: the response, each
// failure the UE sends (#20, #21 with AUTS, #26, #71) with T3520, the
// network judged not genuine, the reject, and identification (§5.4.3).

#include "ue/ue_fixture.hpp"

namespace meridian::ue::test {
namespace {

using authentication = ue_fixture;

TEST_F(authentication, a_genuine_challenge_gets_the_res_star_the_network_expects) {
  ASSERT_TRUE(ue->register_initial());
  down(amf.authentication_request());
  const auto* r = amf.last_as<nas::authentication_response>();
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(amf.last_protection, nas::security_header_type::plain);
  EXPECT_TRUE(amf.accept(*r));
  EXPECT_EQ(ue->running_timer(), mm_timer::t3510) << "T3510 goes on";
}

TEST_F(authentication, a_wrong_mac_gets_cause_20_stops_t3510_and_starts_t3520_until_the_next_challenge) {
  ASSERT_TRUE(ue->register_initial());
  auto request = amf.authentication_request();
  request.back() ^= 0x01;  // the last octet of AUTN: MAC-A
  down(request);
  const auto* f = amf.last_as<nas::authentication_failure>();
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->cause_, nas::gmm_cause::mac_failure);
  EXPECT_FALSE(f->authentication_failure_parameter_);
  EXPECT_EQ(ue->running_timer(), mm_timer::t3520);
  advance(14s);
  EXPECT_EQ(ue->state(), mm_state::registered_initiated) << "T3510 is stopped while T3520 runs";
  ASSERT_NO_FATAL_FAILURE(authenticate());
  EXPECT_EQ(ue->running_timer(), mm_timer::t3510) << "a new challenge stops T3520 and restarts T3510";
}

TEST_F(authentication, a_stale_sqn_gets_cause_21_with_auts_and_after_resynchronisation_the_ue_authenticates) {
  ASSERT_NO_FATAL_FAILURE(register_fully());
  // The home network forgets: it hands out an SQN the USIM has seen.
  amf.sqn_he = security::sqn_he_state{0x20};
  down(amf.seal(amf.authentication_request(1)));
  const auto* f = amf.last_as<nas::authentication_failure>();
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->cause_, nas::gmm_cause::synch_failure);
  ASSERT_TRUE(f->authentication_failure_parameter_);
  // The AUTS carries SQN_MS under MAC-S: the home network verifies it and resynchronises.
  ASSERT_TRUE(amf.resynchronise(*f));
  EXPECT_EQ(ue->running_timer(), mm_timer::t3520);
  down(amf.seal(amf.authentication_request(1)));
  const auto* r = amf.last_as<nas::authentication_response>();
  ASSERT_NE(r, nullptr);
  EXPECT_TRUE(amf.accept(*r));
  EXPECT_EQ(ue->running_timer(), mm_timer::none) << "T3520 stops; no timer ran before it";
}

TEST_F(authentication, the_amf_separation_bit_clear_gets_cause_26) {
  ASSERT_TRUE(ue->register_initial());
  down(amf.authentication_request(0, {0x00, 0x00}));
  const auto* f = amf.last_as<nas::authentication_failure>();
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->cause_, nas::gmm_cause::non_5g_authentication_unacceptable);
}

TEST_F(authentication, the_ngksi_of_the_context_in_use_gets_cause_71) {
  ASSERT_NO_FATAL_FAILURE(register_fully());
  down(amf.seal(amf.authentication_request(0)));  // ngKSI 0 is the current context's
  const auto* f = amf.last_as<nas::authentication_failure>();
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->cause_, nas::gmm_cause::ngksi_already_in_use);
  EXPECT_EQ(amf.last_protection, nas::security_header_type::integrity_protected_and_ciphered);
}

TEST_F(authentication, three_failures_in_a_row_mean_the_network_is_not_genuine) {
  ASSERT_TRUE(ue->register_initial());
  for (int i = 0; i < 3; ++i) {
    auto request = amf.authentication_request();
    request.back() ^= 0x01;
    down(request);
  }
  EXPECT_EQ(amf.local_releases, 1);
  EXPECT_EQ(ue->state(), mm_state::deregistered);
  EXPECT_EQ(ue->attempt_counter(), 1);
  EXPECT_EQ(ue->running_timer(), mm_timer::t3511);
}

TEST_F(authentication, t3520_expiry_means_the_network_is_not_genuine) {
  ASSERT_TRUE(ue->register_initial());
  auto request = amf.authentication_request();
  request.back() ^= 0x01;
  down(request);
  advance(15s);
  EXPECT_EQ(amf.local_releases, 1);
  EXPECT_EQ(ue->attempt_counter(), 1);
  EXPECT_EQ(ue->running_timer(), mm_timer::t3511);
}

TEST_F(authentication, an_authentication_reject_makes_the_usim_invalid_and_deletes_the_registration_data) {
  ASSERT_NO_FATAL_FAILURE(register_fully());
  ue->on_connection_released();
  ASSERT_TRUE(ue->deregister(false));
  down(amf.plain(nas::authentication_reject{}));
  EXPECT_EQ(ue->state(), mm_state::deregistered);
  EXPECT_EQ(ue->substate(), mm_substate::no_supi);
  EXPECT_EQ(ue->status(), update_status::roaming_not_allowed);
  EXPECT_FALSE(ue->guti());
  EXPECT_EQ(ue->security_context(), nullptr);
  EXPECT_EQ(ue->running_timer(), mm_timer::none) << "T3521 stops";
  EXPECT_FALSE(ue->register_initial());
}

TEST_F(authentication, an_identity_request_for_the_suci_is_answered_before_security_with_a_fresh_suci) {
  ASSERT_TRUE(ue->register_initial());
  nas::identity_request ir;
  ir.identity_type_.value_ = nas::identity_type::suci;
  down(amf.plain(ir));
  const auto* r = amf.last_as<nas::identity_response>();
  ASSERT_NE(r, nullptr);
  const auto* suci = std::get_if<nas::suci_imsi>(&r->mobile_identity_.value_);
  ASSERT_NE(suci, nullptr);
  EXPECT_EQ(suci->msin(), "0000000001");
  EXPECT_EQ(ue->running_timer(), mm_timer::t3510);
}

TEST_F(authentication, an_identity_request_for_the_imeisv_needs_integrity_protection) {
  ASSERT_TRUE(ue->register_initial());
  nas::identity_request ir;
  ir.identity_type_.value_ = nas::identity_type::imeisv;
  const auto sent = amf.uplinks.size();
  down(amf.plain(ir));
  EXPECT_EQ(amf.uplinks.size(), sent) << "§4.4.4.2: discarded";
  ASSERT_NO_FATAL_FAILURE(authenticate());
  ASSERT_NE(secure(), nullptr);
  down(amf.seal(ir));
  const auto* r = amf.last_as<nas::identity_response>();
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(std::get<nas::imeisv>(r->mobile_identity_.value_).digits_, imeisv_digits);
  ir.identity_type_.value_ = nas::identity_type::imei;
  down(amf.seal(ir));
  r = amf.last_as<nas::identity_response>();
  ASSERT_NE(r, nullptr);
  // TS 23.003 §6.2.1: the 14 digits of TAC and SNR and the Luhn check digit.
  EXPECT_EQ(std::get<nas::imei>(r->mobile_identity_.value_).digits_, "353490069873319");
}

}  // namespace
}  // namespace meridian::ue::test
