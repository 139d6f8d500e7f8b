// The UE registers and deregisters against the real AMF 5GMM layer (over the
// real AUSF and UDM on the in-memory UDR), in one process: two
// implementations written apart must agree on every octet and key.

#include "ue/amf_in_process_fixture.hpp"

namespace meridian::ue::test {
namespace {

TEST_F(amf_in_process, the_ue_registers_with_the_real_amf_and_deregisters) {
  ASSERT_TRUE(ue->register_initial());
  pump();
  EXPECT_EQ(ue->state(), mm_state::registered);
  ASSERT_NE(amf_ctx(), nullptr);
  EXPECT_EQ(amf_ctx()->state, amf::mm_state::registered);
  EXPECT_EQ(mm->counters().registrations_completed, 1u);
  EXPECT_EQ(mm->counters().integrity_failures, 0u);
  EXPECT_EQ(gnb.context_setups, 1);
  // Both sides hold the same 5G-GUTI and K_AMF.
  ASSERT_TRUE(ue->guti());
  EXPECT_EQ(*ue->guti(), *amf_ctx()->guti);
  EXPECT_EQ(*ue->kamf(), *amf_ctx()->kamf);
  EXPECT_EQ(ue->allowed_nssai(), std::vector<model::s_nssai>{model::s_nssai{}});
  EXPECT_EQ(ue->t3512(), std::chrono::seconds(3600));
  ASSERT_FALSE(ue->tai_list().empty());

  ASSERT_TRUE(ue->deregister(false));
  pump();
  EXPECT_EQ(ue->state(), mm_state::deregistered);
  EXPECT_EQ(mm->counters().ue_deregistrations, 1u);
  EXPECT_EQ(gnb.releases, 1) << "the AMF released the connection (nas: deregister)";
  EXPECT_FALSE(ue->connected());
  EXPECT_EQ(ue->running_timer(), mm_timer::none);
}

TEST_F(amf_in_process, registering_again_with_the_stored_guti_goes_through_identification) {
  ASSERT_TRUE(ue->register_initial());
  pump();
  ASSERT_EQ(ue->state(), mm_state::registered);
  ASSERT_TRUE(ue->deregister(false));
  pump();
  ASSERT_EQ(ue->state(), mm_state::deregistered);
  // The AMF forgot the UE with its connection: a 5G-GUTI it does not know,
  // a Registration Request under a context it does not have (RINMR follows).
  ASSERT_TRUE(ue->register_initial());
  pump();
  EXPECT_EQ(ue->state(), mm_state::registered);
  EXPECT_EQ(mm->counters().identity_requests, 1u);
  EXPECT_EQ(mm->counters().registrations_completed, 2u);
  EXPECT_EQ(*ue->kamf(), *amf_ctx()->kamf);
}

TEST_F(amf_in_process, a_network_deregistration_is_accepted_by_the_ue) {
  ASSERT_TRUE(ue->register_initial());
  pump();
  ASSERT_EQ(ue->state(), mm_state::registered);
  ASSERT_TRUE(mm->deregister(*model::amf_ue_ngap_id::from(gnb.amf_id), false));
  pump();
  EXPECT_EQ(ue->state(), mm_state::deregistered);
  EXPECT_EQ(mm->counters().network_deregistrations, 1u);
  EXPECT_EQ(mm->counters().t3522_expiries, 0u) << "the Accept arrived";
}

TEST_F(amf_in_process, a_stale_usim_sqn_is_resynchronised_with_the_real_udm) {
  // The USIM has accepted SQNs far beyond the UDR's (another network, a restored backup).
  ASSERT_TRUE(ue->register_initial());
  pump();
  ASSERT_EQ(ue->state(), mm_state::registered);
  ASSERT_TRUE(ue->deregister(true));
  pump();
  auto& alice = hn.udr.add(ausf::test::alice, ausf::test::subscription(udr::auth_method::five_g_aka, "000000000020"));
  udm::access_and_mobility_subscription_data am;
  am.nssai_ = udm::nssai{.default_single_nssais_ = {model::s_nssai{}}, .single_nssais_ = {}};
  alice.am_data = am;
  ASSERT_TRUE(ue->register_initial());
  pump();
  EXPECT_EQ(ue->state(), mm_state::registered);
  EXPECT_EQ(mm->counters().resynchronisations, 1u);
}

}  // namespace
}  // namespace meridian::ue::test
