// The AMF's 5GMM layer, primary authentication: a Registration Request with a
// SUCI starts 5G-AKA through the real AUSF and UDM (over the in-memory UDR),
// carried over UE-associated NGAP; the UE side is the security module's.
// T3560, a wrong RES*, the UE's Authentication Failures (synch failure and
// re-synchronisation, MAC failure, ngKSI in use), an unknown subscriber and a
// connection lost mid-procedure.

#include "amf/amf_mm_fixture.hpp"

namespace meridian::amf {
namespace {

using namespace test;

const nas::authentication_request* as_challenge(const std::optional<nas::gmm_message>& m) {
  return m ? std::get_if<nas::authentication_request>(&*m) : nullptr;
}

TEST_F(mm_fixture, a_registration_with_a_suci_runs_5g_aka_and_keeps_the_supi_and_the_ues_k_amf) {
  ASSERT_NE(register_ue(), 0u);
  const auto challenge = out.last_downlink_gmm();
  const auto* request = as_challenge(challenge);
  ASSERT_NE(request, nullptr) << "Authentication Request expected";
  ASSERT_TRUE(request->rand_ && request->autn_);
  EXPECT_EQ(request->abba_.bytes_, (std::vector<std::uint8_t>{0x00, 0x00}));
  EXPECT_EQ(request->ngksi_.ksi_, 0) << "the UE had no key (ngKSI 7): the first ngKSI";
  ASSERT_TRUE(authenticate()) << "the UE accepts the network";
  ASSERT_NE(ctx(), nullptr);
  EXPECT_EQ(ctx()->supi, ausf::test::alice);
  // K_AMF as the UE derives it from its own K_AUSF (TS 33.501 A.6, A.7).
  ASSERT_TRUE(ctx()->kamf);
  EXPECT_EQ(to_hex(ctx()->kamf->bytes()), to_hex(phone.kamf().bytes()));
  EXPECT_EQ(mm->counters().authentications_succeeded, 1u);
  EXPECT_EQ(ctx()->state, mm_state::securing) << "the Security Mode Command follows";
}

TEST_F(mm_fixture, a_wrong_res_star_gets_authentication_reject_and_the_connection_is_released) {
  register_ue();
  ASSERT_NE(as_challenge(out.last_downlink_gmm()), nullptr);
  nas::authentication_response response;
  response.res_star_ = nas::res_star_value{};  // all zero
  uplink(response);
  const auto reject = out.last_downlink_gmm();
  ASSERT_TRUE(reject);
  EXPECT_TRUE(std::holds_alternative<nas::authentication_reject>(*reject));
  const auto* cmd = out.last_initiating<ngap::ue_context_release_command>();
  ASSERT_NE(cmd, nullptr);
  EXPECT_EQ(std::get<ngap::cause_nas>(cmd->cause_.value_), ngap::cause_nas::authentication_failure);
  EXPECT_EQ(mm->counters().authentications_rejected, 1u);
}

TEST_F(mm_fixture, the_authentication_request_is_repeated_four_times_on_t3560_then_the_connection_is_released) {
  register_ue();
  ASSERT_NE(as_challenge(out.last_downlink_gmm()), nullptr);
  const auto requests = [&] { return out.count<ngap::downlink_nas_transport>(); };
  EXPECT_EQ(requests(), 1u);
  advance(5999ms);
  EXPECT_EQ(requests(), 1u);
  advance(1ms);
  EXPECT_EQ(requests(), 2u) << "TS 24.501 §5.4.1.3.7 b): sent again on the first expiry";
  EXPECT_EQ(out.last_initiating<ngap::ue_context_release_command>(), nullptr);
  for (int i = 0; i < 3; ++i) advance(6s);
  EXPECT_EQ(requests(), 5u) << "four retransmissions";
  EXPECT_EQ(out.last_initiating<ngap::ue_context_release_command>(), nullptr);
  advance(6s);  // the fifth expiry aborts
  EXPECT_EQ(requests(), 5u);
  EXPECT_EQ(mm->counters().t3560_expiries, 5u);
  EXPECT_NE(out.last_initiating<ngap::ue_context_release_command>(), nullptr);
}

TEST_F(mm_fixture, an_authentication_response_to_a_retransmitted_request_completes_5g_aka) {
  register_ue();
  const auto first = out.last_downlink_gmm();
  ASSERT_NE(as_challenge(first), nullptr);
  const auto first_count = out.sent.size();
  advance(6s);  // the request goes again, with the same RAND and AUTN
  ASSERT_GT(out.sent.size(), first_count);
  const auto again = out.last_downlink_gmm();
  ASSERT_NE(as_challenge(again), nullptr);
  EXPECT_EQ(as_challenge(again)->rand_, as_challenge(first)->rand_);
  ASSERT_TRUE(authenticate());
  EXPECT_EQ(mm->counters().authentications_succeeded, 1u);
  EXPECT_EQ(ctx()->state, mm_state::securing);
}

TEST_F(mm_fixture, a_synch_failure_resynchronises_the_sqn_through_the_udm_and_a_fresh_challenge_succeeds) {
  // The USIM has seen a far higher SQN than the home network holds (0x20):
  // the challenge is stale for it, whatever its IND (TS 33.102 §6.3.3, C.1.2).
  for (std::uint64_t ind = 0; ind < 32; ++ind) phone.usim.accept(0x100000 | ind);
  register_ue();
  const auto stale = out.last_downlink_gmm();
  const auto* request = as_challenge(stale);
  ASSERT_NE(request, nullptr);
  auto refused = security::ue_authenticate(phone.k, phone.opc, *request->rand_, *request->autn_,
                                           ausf::test::snn, phone.usim);
  ASSERT_FALSE(refused);
  ASSERT_EQ(refused.error().reason, security::autn_failure::synch_failure);
  nas::authentication_failure failure;
  failure.cause_ = nas::gmm_cause::synch_failure;
  failure.authentication_failure_parameter_ = refused.error().auts;
  uplink(failure);
  EXPECT_EQ(mm->counters().resynchronisations, 1u);
  const auto fresh = out.last_downlink_gmm();
  ASSERT_NE(as_challenge(fresh), nullptr);
  EXPECT_NE(as_challenge(fresh)->rand_, request->rand_) << "a new vector, generated after the UDM re-synchronised";
  ASSERT_TRUE(authenticate()) << "the UE accepts the re-synchronised SQN";
  EXPECT_EQ(mm->counters().authentications_succeeded, 1u);
}

TEST_F(mm_fixture, a_mac_failure_from_the_ue_gets_authentication_reject) {
  register_ue();
  ASSERT_NE(as_challenge(out.last_downlink_gmm()), nullptr);
  nas::authentication_failure failure;
  failure.cause_ = nas::gmm_cause::mac_failure;
  uplink(failure);
  const auto reject = out.last_downlink_gmm();
  ASSERT_TRUE(reject);
  EXPECT_TRUE(std::holds_alternative<nas::authentication_reject>(*reject));
  EXPECT_NE(out.last_initiating<ngap::ue_context_release_command>(), nullptr);
  EXPECT_EQ(mm->counters().authentication_failures, 1u);
}

TEST_F(mm_fixture, ngksi_already_in_use_gets_a_new_challenge_with_another_ngksi) {
  register_ue();
  const auto first = out.last_downlink_gmm();
  ASSERT_NE(as_challenge(first), nullptr);
  nas::authentication_failure failure;
  failure.cause_ = nas::gmm_cause::ngksi_already_in_use;
  uplink(failure);
  const auto second = out.last_downlink_gmm();
  ASSERT_NE(as_challenge(second), nullptr);
  EXPECT_NE(as_challenge(second)->ngksi_.ksi_, as_challenge(first)->ngksi_.ksi_);
  ASSERT_TRUE(authenticate());
  EXPECT_EQ(ctx()->ngksi, as_challenge(second)->ngksi_.ksi_);
}

TEST_F(mm_fixture, an_unknown_subscriber_gets_registration_reject_5gs_services_not_allowed) {
  register_ue(unknown_registration_request_hex);
  const auto reject = out.last_downlink_gmm();
  ASSERT_TRUE(reject);
  const auto* r = std::get_if<nas::registration_reject>(&*reject);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->cause_, nas::gmm_cause::fivegs_services_not_allowed);
  EXPECT_NE(out.last_initiating<ngap::ue_context_release_command>(), nullptr);
  EXPECT_EQ(mm->counters().authentications_rejected, 1u);
}

TEST_F(mm_fixture, a_connection_lost_mid_authentication_ends_the_procedure_and_its_timer) {
  register_ue();
  ASSERT_NE(as_challenge(out.last_downlink_gmm()), nullptr);
  EXPECT_EQ(timers.pending(), 1u);  // T3560
  amf.on_gnb_disconnected(gnb_a);
  EXPECT_EQ(timers.pending(), 0u);
  EXPECT_EQ(ctx(), nullptr);
  advance(10s);
  EXPECT_EQ(mm->counters().t3560_expiries, 0u);
}

TEST_F(mm_fixture, an_undecodable_nas_pdu_is_counted_and_nothing_is_sent) {
  register_ue();
  const std::size_t before = out.sent.size();
  uplink(std::vector<std::uint8_t>{0x7E, 0x00});
  EXPECT_EQ(mm->counters().undecodable_nas, 1u);
  EXPECT_EQ(out.sent.size(), before);
}

}  // namespace
}  // namespace meridian::amf
