// EAP-AKA' as the AMF runs it (TS 24.501 §5.4.1.2, TS 33.501 §6.1.3.1): a
// subscriber whose authentication method is EAP-AKA' registers through the
// real AUSF and UDM; the UE side is the project's EAP-AKA' peer
// (security::eap_aka_prime_peer) in the scripted UE, which derives K_AUSF,
// K_SEAF and K_AMF on its own and takes the Security Mode Command only if its
// MAC verifies under those keys.

#include "amf/amf_mm_fixture.hpp"

namespace meridian::amf {
namespace {

using namespace test;

struct eap_registration : mm_fixture {
  void SetUp() override {
    mm_fixture::SetUp();
    hn.udr.subscribers.at(ausf::test::alice).authentication = ausf::test::subscription(udr::auth_method::eap_aka_prime);
  }
  const nas::authentication_request* challenge() {
    last_ = downlink();
    return last_ ? std::get_if<nas::authentication_request>(&*last_) : nullptr;
  }
  std::optional<nas::gmm_message> last_;
};

TEST_F(eap_registration, a_subscriber_with_eap_aka_prime_registers_and_the_smc_carries_the_eap_success) {
  ASSERT_NE(register_ue(), 0u);
  const auto* request = challenge();
  ASSERT_NE(request, nullptr);
  ASSERT_TRUE(request->eap_message_);
  EXPECT_FALSE(request->rand_);                    // EAP, not 5G-AKA
  EXPECT_EQ(request->eap_message_->bytes_[0], 1);  // EAP-Request
  auto response = phone.answer(*request);
  ASSERT_TRUE(response);
  EXPECT_EQ(phone.last_eap_action, security::eap_peer_action::challenge_response);
  uplink(*response);

  const auto* command = secure();
  ASSERT_NE(command, nullptr) << "the UE could not verify the Security Mode Command with its own K_AMF";
  ASSERT_TRUE(command->eap_message_);
  EXPECT_EQ(command->eap_message_->bytes_[0], 3);  // EAP-Success
  EXPECT_TRUE(phone.eap->authenticated());
  EXPECT_EQ(ctx()->state, mm_state::registering);
  EXPECT_EQ(ctx()->supi->to_string(), "imsi-001010000000001");
  EXPECT_EQ(to_hex(ctx()->kamf->bytes()), to_hex(phone.kamf().bytes()));

  const auto* s = out.last_initiating<ngap::initial_context_setup_request>();
  ASSERT_NE(s, nullptr);
  ASSERT_TRUE(phone.receive(*s->nas_pdu_));
  context_setup_response();
  uplink(phone.seal(nas::registration_complete{}));
  EXPECT_EQ(ctx()->state, mm_state::registered);
  EXPECT_EQ(mm->counters().authentications_succeeded, 1u);
}

TEST_F(eap_registration, a_ue_whose_sqn_is_ahead_resynchronises_inside_eap_and_registers) {
  // The USIM has seen a far higher SQN than the home network holds (0x20):
  // its EAP-Response is a Synchronization-Failure with AT_AUTS, the AUSF
  // re-synchronises at the UDM and sends a new challenge in the same session.
  for (std::uint64_t ind = 0; ind < 32; ++ind) phone.usim.accept(0x100000 | ind);
  ASSERT_NE(register_ue(), 0u);
  const auto* request = challenge();
  ASSERT_NE(request, nullptr);
  auto response = phone.answer(*request);
  ASSERT_TRUE(response);
  ASSERT_EQ(phone.last_eap_action, security::eap_peer_action::synchronization_failure);
  const auto first = request->eap_message_->bytes_;
  uplink(*response);
  const auto* again = challenge();
  ASSERT_NE(again, nullptr) << "the AUSF's re-synchronised challenge, carried in a new Authentication Request";
  EXPECT_NE(again->eap_message_->bytes_, first);
  auto second = phone.answer(*again);
  ASSERT_TRUE(second);
  EXPECT_EQ(phone.last_eap_action, security::eap_peer_action::challenge_response);
  uplink(*second);
  ASSERT_NE(secure(), nullptr);
  EXPECT_TRUE(phone.eap->authenticated());
}

TEST_F(eap_registration, a_ue_with_other_keys_refuses_the_network_and_gets_authentication_reject_with_eap_failure) {
  phone.k = *crypto::key128::from(*from_hex("00112233445566778899aabbccddeeff"));
  ASSERT_NE(register_ue(), 0u);
  const auto* request = challenge();
  ASSERT_NE(request, nullptr);
  auto response = phone.answer(*request);
  ASSERT_TRUE(response);
  EXPECT_EQ(phone.last_eap_action, security::eap_peer_action::authentication_reject);
  uplink(*response);
  const auto m = downlink();
  ASSERT_TRUE(m);
  const auto* reject = std::get_if<nas::authentication_reject>(&*m);
  ASSERT_NE(reject, nullptr);
  ASSERT_TRUE(reject->eap_message_);
  EXPECT_EQ(reject->eap_message_->bytes_[0], 4);  // EAP-Failure
  EXPECT_NE(out.last_initiating<ngap::ue_context_release_command>(), nullptr);
  EXPECT_EQ(mm->counters().authentications_rejected, 1u);
}

TEST_F(eap_registration, an_authentication_response_without_an_eap_message_is_rejected) {
  ASSERT_NE(register_ue(), 0u);
  ASSERT_NE(challenge(), nullptr);
  uplink(nas::authentication_response{});
  const auto m = downlink();
  ASSERT_TRUE(m);
  EXPECT_TRUE(std::holds_alternative<nas::authentication_reject>(*m));
}

}  // namespace
}  // namespace meridian::amf
