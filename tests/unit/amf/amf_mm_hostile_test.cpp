// The crash classes other AMFs have shown, driven into this AMF with its
// 5GMM layer mid-registration (issue 15): a bogus or foreign 5G-GUTI, NAS
// protected with the security context of someone else, an Initial UE Message
// repeated on the same RAN UE NGAP ID, an Uplink NAS Transport for an unknown
// AMF UE NGAP ID, a UE Context Release Complete for a UE already gone. Each
// must be answered by the protocol's means, leave the other UEs alone and
// leave no timer or context behind.

#include "amf/amf_mm_fixture.hpp"

namespace meridian::amf {
namespace {

using namespace test;

struct hostile : mm_fixture {
  /// A UE registered up to the Initial Context Setup, its NAS security on.
  void secured_ue() {
    ASSERT_NE(register_ue(), 0u);
    ASSERT_TRUE(authenticate());
    ASSERT_NE(secure(), nullptr);
    ASSERT_TRUE(ctx()->security);
  }
};

TEST_F(hostile, a_5g_guti_identity_with_a_bogus_length_is_undecodable_and_counted) {
  // Registration Request whose 5GS mobile identity says 5G-GUTI (type 2) but is 3 octets long.
  register_ue(*from_hex("7e0041790003f2f110"));
  EXPECT_EQ(mm->counters().undecodable_nas, 1u);
  EXPECT_EQ(mm->counters().registration_requests, 0u);
  EXPECT_EQ(timers.pending(), 0u);
}

TEST_F(hostile, nas_protected_with_another_ues_context_fails_its_integrity_check) {
  secured_ue();
  // Another UE's keys (a different K_AMF): the MAC cannot verify.
  security::nas_security_context stranger = security::nas_security_context::from_kamf(
      security::nas_role::ue, *crypto::key256::from(std::vector<std::uint8_t>(32, 0x5a)), crypto::nia::nia2,
      crypto::nea::nea2);
  uplink(*nas::protect(stranger, *nas::encode_nas(nas::registration_complete{}),
                       nas::security_header_type::integrity_protected_and_ciphered));
  EXPECT_EQ(mm->counters().integrity_failures, 1u);
  EXPECT_NE(ctx()->state, mm_state::registered);
}

TEST_F(hostile, a_new_context_header_when_no_security_mode_command_runs_is_discarded) {
  secured_ue();
  uplink(phone.seal(nas::registration_complete{},
                    nas::security_header_type::integrity_protected_and_ciphered_with_new_context));
  EXPECT_EQ(mm->counters().integrity_failures, 1u);
  EXPECT_NE(ctx()->state, mm_state::registered);
}

TEST_F(hostile, protected_nas_before_any_security_context_is_discarded) {
  register_ue();
  security::nas_security_context made_up = security::nas_security_context::from_kamf(
      security::nas_role::ue, *crypto::key256::from(std::vector<std::uint8_t>(32, 0x11)), crypto::nia::nia1,
      crypto::nea::nea1);
  nas::authentication_response response;
  response.res_star_ = nas::res_star_value{};
  uplink(*nas::protect(made_up, *nas::encode_nas(response), nas::security_header_type::integrity_protected));
  EXPECT_EQ(mm->counters().integrity_failures, 1u);
  EXPECT_EQ(mm->counters().authentications_rejected, 0u) << "never taken as the UE's response";
}

TEST_F(hostile, an_initial_ue_message_repeated_on_the_same_ran_ue_ngap_id_restarts_cleanly) {
  secured_ue();
  const auto old_id = id;
  register_ue();  // the same RAN UE NGAP ID 5
  EXPECT_NE(id, old_id);
  EXPECT_EQ(mm->find(*model::amf_ue_ngap_id::from(old_id)), nullptr) << "the old connection's context is gone";
  EXPECT_EQ(amf.ues().size(), 1u);
  phone = scripted_ue();
  ASSERT_TRUE(authenticate());
  ASSERT_NE(secure(), nullptr);
  ASSERT_NE(out.last_initiating<ngap::initial_context_setup_request>(), nullptr);
  context_setup_response();
  uplink(phone.seal(nas::registration_complete{}));
  EXPECT_EQ(ctx()->state, mm_state::registered);
}

TEST_F(hostile, uplink_nas_for_an_unknown_amf_ue_ngap_id_gets_an_error_indication_and_touches_no_ue) {
  secured_ue();
  const auto before = mm->counters();
  amf.on_ngap(gnb_a, uplink_nas_bytes(id + 77, 5, phone.seal(nas::registration_complete{})));
  EXPECT_NE(out.last_initiating<ngap::error_indication>(), nullptr);
  EXPECT_EQ(mm->counters().integrity_failures, before.integrity_failures);
  EXPECT_EQ(ctx()->state, mm_state::registering);
}

TEST_F(hostile, a_ue_context_release_complete_for_a_ue_already_gone_changes_nothing) {
  secured_ue();
  ngap::ue_context_release_complete done;
  done.amf_ue_ngap_id_ = static_cast<std::int64_t>(id);
  done.ran_ue_ngap_id_ = 5;
  const auto bytes = n2::encode(n2::make_pdu<ngap::successful_outcome>(std::move(done)));
  amf.on_gnb_disconnected(gnb_a);  // the UE goes with its gNB
  amf.on_gnb_connected(gnb_a);
  amf.on_ngap(gnb_a, setup_request(1));
  amf.on_ngap(gnb_a, bytes);
  EXPECT_NE(out.last_initiating<ngap::error_indication>(), nullptr);
  EXPECT_EQ(ctx(), nullptr);
  EXPECT_EQ(timers.pending(), 0u);
}

}  // namespace
}  // namespace meridian::amf
