// NAS security mode control on the UE's side (TS 24.501 §5.4.2, TS 33.501
// §6.7.2) against the AMF double: each algorithm pair, the checks that make
// the UE reject (#23, #24), and NAS COUNT / replay protection afterwards
// (§4.4.3, §4.4.4.2).

#include "ue/ue_fixture.hpp"

namespace meridian::ue::test {
namespace {

using security_mode = ue_fixture;

TEST_F(security_mode, every_nea_and_nia_from_1_to_3_with_every_nea_is_taken_into_use) {
  for (int nia = 1; nia <= 3; ++nia) {
    for (int nea = 0; nea <= 3; ++nea) {
      amf = amf_double{};
      make_ue();
      ASSERT_TRUE(ue->register_initial());
      ASSERT_NO_FATAL_FAILURE(authenticate());
      amf_double::smc_options o;
      o.nia = static_cast<crypto::nia>(nia);
      o.nea = static_cast<crypto::nea>(nea);
      ASSERT_NE(secure(o), nullptr) << "NIA" << nia << " NEA" << nea;
      down(amf.seal(accept_message()));
      ASSERT_NE(amf.last_as<nas::registration_complete>(), nullptr) << "NIA" << nia << " NEA" << nea;
      EXPECT_EQ(ue->security_context()->ciphering(), o.nea);
    }
  }
}

TEST_F(security_mode, nia0_is_refused_with_cause_24_unless_configured) {
  ASSERT_TRUE(ue->register_initial());
  ASSERT_NO_FATAL_FAILURE(authenticate());
  amf_double::smc_options o;
  o.nia = crypto::nia::nia0;
  o.nea = crypto::nea::nea0;
  down(amf.security_mode_command(ue->ue_security_capability(), o));
  const auto* r = amf.last_as<nas::security_mode_reject>();
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->cause_, nas::gmm_cause::security_mode_rejected_unspecified);
  EXPECT_EQ(amf.last_protection, nas::security_header_type::plain) << "no context was in use";
  EXPECT_EQ(ue->security_context(), nullptr);

  cfg.allow_nia0 = true;
  amf = amf_double{};
  make_ue();
  ASSERT_TRUE(ue->register_initial());
  ASSERT_NO_FATAL_FAILURE(authenticate());
  EXPECT_NE(secure(o), nullptr);
}

TEST_F(security_mode, altered_replayed_capabilities_get_cause_23) {
  ASSERT_TRUE(ue->register_initial());
  ASSERT_NO_FATAL_FAILURE(authenticate());
  amf_double::smc_options o;
  auto bid_down = ue->ue_security_capability();
  bid_down.ea_ = 0x80;  // as if the UE had offered NEA0 only
  o.replayed = bid_down;
  down(amf.security_mode_command(ue->ue_security_capability(), o));
  const auto* r = amf.last_as<nas::security_mode_reject>();
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->cause_, nas::gmm_cause::ue_security_capabilities_mismatch);
  EXPECT_EQ(ue->security_context(), nullptr);
}

TEST_F(security_mode, an_algorithm_the_ue_lacks_gets_cause_23) {
  cfg.supported_ea = 0xe0;  // 5G-EA0..2
  make_ue();
  ASSERT_TRUE(ue->register_initial());
  ASSERT_NO_FATAL_FAILURE(authenticate());
  amf_double::smc_options o;
  o.nea = crypto::nea::nea3;
  down(amf.security_mode_command(ue->ue_security_capability(), o));
  const auto* r = amf.last_as<nas::security_mode_reject>();
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->cause_, nas::gmm_cause::ue_security_capabilities_mismatch);
}

TEST_F(security_mode, a_command_whose_mac_fails_gets_cause_24_and_then_the_release_is_an_abnormal_case) {
  ASSERT_TRUE(ue->register_initial());
  ASSERT_NO_FATAL_FAILURE(authenticate());
  amf_double::smc_options o;
  o.corrupt_mac = true;
  down(amf.security_mode_command(ue->ue_security_capability(), o));
  const auto* r = amf.last_as<nas::security_mode_reject>();
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->cause_, nas::gmm_cause::security_mode_rejected_unspecified);
  EXPECT_EQ(ue->security_context(), nullptr);
  // The AMF releases after a reject (§5.4.2.5); the registration failed.
  ue->on_connection_released();
  EXPECT_EQ(ue->attempt_counter(), 1);
  EXPECT_EQ(ue->running_timer(), mm_timer::t3511);
}

TEST_F(security_mode, a_command_for_an_ngksi_without_key_gets_cause_24) {
  ASSERT_TRUE(ue->register_initial());
  ASSERT_NO_FATAL_FAILURE(authenticate(2));
  amf.ngksi_ = 3;  // the network names a key set the UE never derived
  down(amf.security_mode_command(ue->ue_security_capability(), {}));
  const auto* r = amf.last_as<nas::security_mode_reject>();
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->cause_, nas::gmm_cause::security_mode_rejected_unspecified);
}

TEST_F(security_mode, without_an_imeisv_request_the_complete_carries_none) {
  ASSERT_TRUE(ue->register_initial());
  ASSERT_NO_FATAL_FAILURE(authenticate());
  amf_double::smc_options o;
  o.imeisv = false;
  const auto* c = secure(o);
  ASSERT_NE(c, nullptr);
  EXPECT_FALSE(c->imeisv_);
}

TEST_F(security_mode, after_security_a_replayed_or_plain_message_is_discarded) {
  ASSERT_NO_FATAL_FAILURE(register_fully());
  nas::configuration_update_command cuc;
  cuc.configuration_update_indication_ = nas::half_octet{1};  // ACK requested
  const auto once = amf.seal(cuc);
  down(once);
  ASSERT_NE(amf.last_as<nas::configuration_update_complete>(), nullptr);
  const auto sent = amf.uplinks.size();
  down(once);  // the same NAS COUNT again
  EXPECT_EQ(amf.uplinks.size(), sent) << "a replay must fail its integrity check (§4.4.3.1)";
  down(amf.plain(cuc));
  EXPECT_EQ(amf.uplinks.size(), sent) << "plain after the secure exchange (§4.4.4.2)";
  nas::registration_reject rj;
  rj.cause_ = nas::gmm_cause::illegal_ue;
  down(amf.plain(rj));
  EXPECT_EQ(ue->state(), mm_state::registered);
  auto forged = amf.seal(cuc);
  forged[3] ^= 0xff;  // NAS-MAC
  down(forged);
  EXPECT_EQ(amf.uplinks.size(), sent);
  // A message with the next COUNT after the forged one is still taken.
  down(amf.seal(cuc));
  EXPECT_EQ(amf.uplinks.size(), sent + 1);
}

TEST_F(security_mode, each_uplink_message_uses_the_next_nas_count) {
  ASSERT_NO_FATAL_FAILURE(register_fully());
  // Complete (COUNT 0 of the new context), Registration Complete (1).
  EXPECT_EQ(ue->security_context()->uplink_count().value_, 2u);
  EXPECT_EQ(amf.ctx->uplink_count().value_, 2u) << "the network verified both in order";
}

}  // namespace
}  // namespace meridian::ue::test
