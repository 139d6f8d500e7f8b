// TS 24.501 §5.4.4 generic UE configuration update with a new 5G-GUTI: the
// Configuration Update Command (acknowledgement requested), T3555 and its
// retransmissions, and the old 5G-TMSI freed once the UE completes it.

#include "amf/amf_session_fixture.hpp"

namespace meridian::amf {
namespace {

using namespace test;

using configuration_update = session_fixture;

const nas::configuration_update_command* as_command(const std::optional<nas::gmm_message>& m) {
  return m ? std::get_if<nas::configuration_update_command>(&*m) : nullptr;
}

TEST_F(configuration_update, a_new_guti_is_the_ues_once_it_completes_the_command) {
  const model::guti_5g old = *ctx()->guti;
  ASSERT_TRUE(mm->reallocate_guti(*model::amf_ue_ngap_id::from(id)));
  const auto m = downlink();
  const auto* command = as_command(m);
  ASSERT_NE(command, nullptr);
  ASSERT_TRUE(command->configuration_update_indication_);
  EXPECT_EQ(command->configuration_update_indication_->value_ & 0x01, 0x01);  // ACK requested
  ASSERT_TRUE(command->guti_);
  const auto* fresh = std::get_if<nas::guti_5g_identity>(&command->guti_->value_);
  ASSERT_NE(fresh, nullptr);
  EXPECT_NE(fresh->value_.tmsi_, old.tmsi_);
  EXPECT_EQ(fresh->value_.guami_, old.guami_);
  EXPECT_EQ(*ctx()->guti, old);  // not before the Complete

  uplink(phone.seal(nas::configuration_update_complete{}));
  EXPECT_EQ(*ctx()->guti, fresh->value_);
  EXPECT_EQ(mm->counters().guti_reallocations, 1u);
  // The UE with the new 5G-GUTI is found by it once idle.
  fake_smf.update_sm_context_.will_answer(smf::sm_context_updated_data{});
  release_connection();
  EXPECT_NE(mm->find_idle(fresh->value_.tmsi_), nullptr);
  EXPECT_EQ(mm->find_idle(old.tmsi_), nullptr);
}

TEST_F(configuration_update, without_the_complete_the_command_goes_five_times_and_the_old_guti_stays) {
  const model::guti_5g old = *ctx()->guti;
  const auto before = out.count<ngap::downlink_nas_transport>();
  ASSERT_TRUE(mm->reallocate_guti(*model::amf_ue_ngap_id::from(id)));
  for (int i = 0; i < 5; ++i) advance(mm->config().t3555);
  EXPECT_EQ(out.count<ngap::downlink_nas_transport>(), before + 5);
  EXPECT_EQ(mm->counters().t3555_expiries, 5u);
  EXPECT_EQ(*ctx()->guti, old);
  EXPECT_EQ(mm->counters().guti_reallocations, 0u);
}

TEST_F(configuration_update, a_ue_that_is_not_registered_and_connected_gets_none) {
  EXPECT_FALSE(mm->reallocate_guti(*model::amf_ue_ngap_id::from(id + 1000)));
  fake_smf.update_sm_context_.will_answer(smf::sm_context_updated_data{});
  release_connection();
  EXPECT_FALSE(mm->reallocate_guti(*model::amf_ue_ngap_id::from(id)));
}

}  // namespace
}  // namespace meridian::amf
