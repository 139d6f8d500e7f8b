// EAP-AKA' on the UE's side (TS 24.501 §5.4.1.2, TS 33.501 §6.1.3.1) against
// the AMF double, which plays the AUSF's EAP server from the security
// module: the challenge answered with AT_RES under K_aut, the EAP-Success in
// an Authentication Result or in the Security Mode Command giving the K_AMF
// both sides derive from EMSK, a stale SQN answered with
// AKA'-Synchronization-Failure and AT_AUTS, a wrong network name, EAP-Failure.

#include "meridian/security/eap_aka_prime.hpp"
#include "ue/ue_fixture.hpp"

namespace meridian::ue::test {
namespace {

using eap_authentication = ue_fixture;
namespace eap = security::eap;

TEST_F(eap_authentication, the_challenge_is_answered_and_the_success_gives_the_k_amf_of_the_network) {
  ASSERT_TRUE(ue->register_initial());
  down(amf.eap_authentication_request(0, 7));
  const auto* r = amf.last_as<nas::authentication_response>();
  ASSERT_NE(r, nullptr);
  EXPECT_FALSE(r->res_star_);
  const auto p = amf_double::eap_of(*r);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->identifier_, 7);
  ASSERT_TRUE(amf.eap_accept(*r)) << "AT_RES is XRES and AT_MAC verifies under K_aut";
  down(amf.authentication_result(true, 7));
  ASSERT_NE(secure(), nullptr) << "the Security Mode Command verifies with the K_AMF from EMSK";
  EXPECT_EQ(*ue->kamf(), *amf.kamf);
  down(amf.seal(accept_message()));
  EXPECT_EQ(ue->state(), mm_state::registered);
}

TEST_F(eap_authentication, the_eap_success_may_come_inside_the_security_mode_command) {
  ASSERT_TRUE(ue->register_initial());
  down(amf.eap_authentication_request(0, 3));
  const auto* r = amf.last_as<nas::authentication_response>();
  ASSERT_NE(r, nullptr);
  ASSERT_TRUE(amf.eap_accept(*r));
  amf_double::smc_options o;
  o.eap = amf_double::eap_end(true, 3);
  ASSERT_NE(secure(o), nullptr);
  EXPECT_EQ(*ue->kamf(), *amf.kamf);
}

TEST_F(eap_authentication, a_stale_sqn_is_answered_with_synchronization_failure_and_auts) {
  ASSERT_NO_FATAL_FAILURE(register_fully());
  amf.sqn_he = security::sqn_he_state{0x20};  // the SQN of the first challenge again
  down(amf.seal(amf.eap_authentication_request(1, 9)));
  const auto* r = amf.last_as<nas::authentication_response>();
  ASSERT_NE(r, nullptr);
  const auto p = amf_double::eap_of(*r);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->subtype_, eap::aka_subtype::synchronization_failure);
  ASSERT_TRUE(p->attributes_.auts_);
  // The AUTS verifies for the home network and carries the USIM's SQN_MS.
  EXPECT_EQ(security::verify_auts(amf.k, amf.opc, amf.av->rand, *p->attributes_.auts_),
            ue->sim().sqn_state().sqn_ms());
  EXPECT_EQ(ue->last_cause(), nas::gmm_cause::synch_failure);
}

TEST_F(eap_authentication, a_challenge_for_another_serving_network_is_rejected) {
  ASSERT_TRUE(ue->register_initial());
  down(amf.eap_authentication_request(0, 1, "5G:mnc093.mcc208.3gppnetwork.org"));
  const auto* r = amf.last_as<nas::authentication_response>();
  ASSERT_NE(r, nullptr);
  const auto p = amf_double::eap_of(*r);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->subtype_, eap::aka_subtype::authentication_reject);
  EXPECT_FALSE(amf.eap_accept(*r));
}

TEST_F(eap_authentication, an_eap_failure_leaves_no_key_and_the_security_mode_command_is_rejected) {
  ASSERT_TRUE(ue->register_initial());
  down(amf.eap_authentication_request(0, 2));
  const auto* r = amf.last_as<nas::authentication_response>();
  ASSERT_NE(r, nullptr);
  ASSERT_TRUE(amf.eap_accept(*r));
  down(amf.authentication_result(false, 2));
  down(amf.security_mode_command(ue->ue_security_capability(), {}));
  const auto* rj = amf.last_as<nas::security_mode_reject>();
  ASSERT_NE(rj, nullptr);
  EXPECT_EQ(rj->cause_, nas::gmm_cause::security_mode_rejected_unspecified);
  EXPECT_EQ(ue->security_context(), nullptr);
}

}  // namespace
}  // namespace meridian::ue::test
