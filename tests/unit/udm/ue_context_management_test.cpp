// The UDM's Nudm_UECM for the AMF over 3GPP access: a second AMF's
// registration deregisters the first with a DeregistrationNotification.

#include "udm_test_support.hpp"

namespace meridian::udm::test {
namespace {

model::guami guami_of(std::uint8_t region) {
  model::guami g;
  g.amf_id_.region_ = *model::amf_region_id::from(region);
  return g;
}

amf_3gpp_access_registration from_amf(const char* id, std::uint8_t region, bool initial = true) {
  amf_3gpp_access_registration r;
  r.amf_instance_id_ = id;
  r.dereg_callback_uri_ = std::string("http://") + id + "/namf-callback/v1/dereg";
  r.guami_ = guami_of(region);
  r.initial_registration_ind_ = initial;
  return r;
}

home_network with_alice() {
  home_network hn;
  hn.udr.add(alice, subscription());
  hn.amfs.deregistration_notification_.will_answer_with(
      [](const sbi::uri&, const deregistration_data&) { return sbi::result<sbi::no_content>(sbi::no_content{}); });
  return hn;
}

TEST(udm_uecm, a_first_registration_is_stored_with_its_time_and_notifies_nobody) {
  auto hn = with_alice();
  auto r = run(hn.uecm.registration_amf_3gpp_access(alice, from_amf("amf-1", 1)));
  ASSERT_TRUE(r && *r);
  ASSERT_TRUE((*r)->registration_time_.has_value());
  EXPECT_EQ(*(*r)->registration_time_,
            std::chrono::time_point_cast<std::chrono::milliseconds>(hn.clock.wall_now()));
  EXPECT_EQ(hn.udr.subscribers.at(alice).amf_3gpp->amf_instance_id_, "amf-1");
  EXPECT_EQ(hn.amfs.deregistration_notification_.call_count(), 0u);
}

TEST(udm_uecm, a_second_amfs_registration_deregisters_the_first_with_a_notification_to_its_callback) {
  auto hn = with_alice();
  ASSERT_TRUE(run(hn.uecm.registration_amf_3gpp_access(alice, from_amf("amf-1", 1))));
  auto r = run(hn.uecm.registration_amf_3gpp_access(alice, from_amf("amf-2", 2)));
  ASSERT_TRUE(r && *r);
  EXPECT_EQ(hn.udr.subscribers.at(alice).amf_3gpp->amf_instance_id_, "amf-2");
  ASSERT_EQ(hn.amfs.deregistration_notification_.call_count(), 1u);
  EXPECT_EQ(hn.amfs.deregistration_notification_.last<0>(), "http://amf-1/namf-callback/v1/dereg");
  EXPECT_EQ(hn.amfs.deregistration_notification_.last<1>().dereg_reason_, deregistration_reason::ue_initial_registration);
  EXPECT_EQ(hn.amfs.deregistration_notification_.last<1>().access_type_, sbi::access_type::access_3gpp);
  EXPECT_EQ(hn.uecm.counters().notifications_sent, 1u);
}

TEST(udm_uecm, a_mobility_registration_with_another_amf_gives_registration_area_change) {
  auto hn = with_alice();
  ASSERT_TRUE(run(hn.uecm.registration_amf_3gpp_access(alice, from_amf("amf-1", 1))));
  ASSERT_TRUE(run(hn.uecm.registration_amf_3gpp_access(alice, from_amf("amf-2", 2, false))));
  EXPECT_EQ(hn.amfs.deregistration_notification_.last<1>().dereg_reason_,
            deregistration_reason::ue_registration_area_change);
}

TEST(udm_uecm, the_same_amf_registering_again_is_not_notified) {
  auto hn = with_alice();
  ASSERT_TRUE(run(hn.uecm.registration_amf_3gpp_access(alice, from_amf("amf-1", 1))));
  ASSERT_TRUE(run(hn.uecm.registration_amf_3gpp_access(alice, from_amf("amf-1", 1))));
  EXPECT_EQ(hn.amfs.deregistration_notification_.call_count(), 0u);
}

TEST(udm_uecm, a_failed_notification_is_counted_and_the_new_registration_stands) {
  auto hn = with_alice();
  ASSERT_TRUE(run(hn.uecm.registration_amf_3gpp_access(alice, from_amf("amf-1", 1))));
  hn.amfs.deregistration_notification_.will_answer(
      std::unexpected(sbi::problem_details::of(sbi::cause::target_nf_not_reachable)));
  auto r = run(hn.uecm.registration_amf_3gpp_access(alice, from_amf("amf-2", 2)));
  ASSERT_TRUE(r && *r);
  EXPECT_EQ(hn.uecm.counters().notifications_failed, 1u);
  EXPECT_EQ(hn.udr.subscribers.at(alice).amf_3gpp->amf_instance_id_, "amf-2");
}

TEST(udm_uecm, registration_for_an_unknown_subscriber_is_user_not_found) {
  auto hn = with_alice();
  EXPECT_EQ(cause_of(run(hn.uecm.registration_amf_3gpp_access(supi_of("imsi-001010000000999"), from_amf("amf-1", 1)))),
            sbi::cause::user_not_found);
}

TEST(udm_uecm, update_with_purge_flag_from_the_registered_amf_purges_and_then_nobody_is_notified) {
  auto hn = with_alice();
  ASSERT_TRUE(run(hn.uecm.registration_amf_3gpp_access(alice, from_amf("amf-1", 1))));
  amf_3gpp_access_registration_modification purge{.guami_ = guami_of(1), .purge_flag_ = true};
  auto updated = run(hn.uecm.update_amf_3gpp_access(alice, purge));
  ASSERT_TRUE(updated && *updated);
  EXPECT_TRUE(hn.udr.subscribers.at(alice).amf_3gpp->purge_flag_.value_or(false));
  ASSERT_TRUE(run(hn.uecm.registration_amf_3gpp_access(alice, from_amf("amf-2", 2))));
  EXPECT_EQ(hn.amfs.deregistration_notification_.call_count(), 0u);  // amf-1 had purged the UE
  EXPECT_FALSE(hn.udr.subscribers.at(alice).amf_3gpp->purge_flag_.has_value());
}

TEST(udm_uecm, update_from_another_guami_or_without_registration_is_context_not_found) {
  auto hn = with_alice();
  amf_3gpp_access_registration_modification m{.guami_ = guami_of(1)};
  EXPECT_EQ(cause_of(run(hn.uecm.update_amf_3gpp_access(alice, m))), sbi::cause::context_not_found);
  ASSERT_TRUE(run(hn.uecm.registration_amf_3gpp_access(alice, from_amf("amf-1", 1))));
  amf_3gpp_access_registration_modification other{.guami_ = guami_of(9)};
  EXPECT_EQ(cause_of(run(hn.uecm.update_amf_3gpp_access(alice, other))), sbi::cause::context_not_found);
}

TEST(udm_uecm, dereg_amf_notifies_the_registered_amf_with_the_reason_and_ends_its_registration) {
  auto hn = with_alice();
  ASSERT_TRUE(run(hn.uecm.registration_amf_3gpp_access(alice, from_amf("amf-1", 1))));
  auto r = run(hn.uecm.deregistration_amf_3gpp_access(
      alice, amf_dereg_info{.dereg_reason_ = deregistration_reason::subscription_withdrawn}));
  ASSERT_TRUE(r && *r);
  ASSERT_EQ(hn.amfs.deregistration_notification_.call_count(), 1u);
  EXPECT_EQ(hn.amfs.deregistration_notification_.last<1>().dereg_reason_, deregistration_reason::subscription_withdrawn);
  EXPECT_TRUE(hn.udr.subscribers.at(alice).amf_3gpp->purge_flag_.value_or(false));
  // Nobody registered any more.
  EXPECT_EQ(cause_of(run(hn.uecm.deregistration_amf_3gpp_access(alice, amf_dereg_info{}))), sbi::cause::context_not_found);
}

}  // namespace
}  // namespace meridian::udm::test
