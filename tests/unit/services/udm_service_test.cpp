// The UDM's interfaces can be called from a coroutine, and their fakes answer
// as scripted and record what they were asked.

#include <gtest/gtest.h>

#include <string>

#include "meridian/udm/udm_service.hpp"
#include "run_to_end.hpp"
#include "support/udm_service_fake.hpp"
#include "test_values.hpp"

namespace meridian {
namespace {

using test::run_to_end;

// What the AUSF does with the UEAU service: ask for an AV for a SUCI, and
// report the outcome for the SUPI the UDM resolved.
runtime::task<std::string> get_vector_then_confirm(udm::nudm_ue_authentication& udm, sbi::supi_or_suci ue) {
  udm::authentication_info_request request{.serving_network_name_ = test::serving_network_name,
                                           .ausf_instance_id_ = "ausf-1"};
  auto result = co_await udm.get(std::move(ue), std::move(request));
  if (!result) co_return std::string(sbi::to_string(*result.error().cause_));
  if (!result->supi_) co_return "no supi";
  udm::auth_event event{.nf_instance_id_ = "ausf-1",
                        .success_ = true,
                        .auth_type_ = result->auth_type_,
                        .serving_network_name_ = test::serving_network_name};
  auto confirmed = co_await udm.result_confirmation(*result->supi_, std::move(event));
  if (!confirmed) co_return "confirmation failed";
  co_return std::string(sbi::to_string(result->auth_type_));
}

TEST(udm_service, ue_authentication_get_answers_the_scripted_vector_and_records_the_suci) {
  test::fake_nudm_ue_authentication udm;
  udm::authentication_info_result answer;
  answer.auth_type_ = udm::auth_type::five_g_aka;
  answer.authentication_vector_ = udm::av_5g_he_aka{.rand_ = sbi::bytes(16, 0x11),
                                                    .xres_star_ = sbi::bytes(16, 0x22),
                                                    .autn_ = sbi::bytes(16, 0x33),
                                                    .kausf_ = sbi::bytes(32, 0x44)};
  answer.supi_ = test::test_supi();
  udm.get_.will_answer(answer);
  udm.result_confirmation_.will_answer_with([](const model::supi&, const udm::auth_event& e) { return e; });

  EXPECT_EQ(run_to_end(get_vector_then_confirm(udm, test::test_suci())), "5G_AKA");

  ASSERT_EQ(udm.get_.call_count(), 1u);
  EXPECT_EQ(udm.get_.last<0>(), sbi::supi_or_suci{test::test_suci()});
  EXPECT_EQ(udm.get_.last<1>().serving_network_name_, test::serving_network_name);
  ASSERT_EQ(udm.result_confirmation_.call_count(), 1u);
  EXPECT_EQ(udm.result_confirmation_.last<0>(), test::test_supi());
  EXPECT_TRUE(udm.result_confirmation_.last<1>().success_);
}

TEST(udm_service, ue_authentication_get_passes_a_problem_through_to_the_caller) {
  test::fake_nudm_ue_authentication udm;
  udm.get_.will_answer(std::unexpected(sbi::problem_details::of(sbi::cause::user_not_found)));
  EXPECT_EQ(run_to_end(get_vector_then_confirm(udm, test::test_supi())), "USER_NOT_FOUND");
  EXPECT_EQ(udm.result_confirmation_.call_count(), 0u);
}

TEST(udm_service, an_unscripted_call_answers_system_failure) {
  test::fake_nudm_ue_authentication udm;
  EXPECT_EQ(run_to_end(get_vector_then_confirm(udm, test::test_supi())), "SYSTEM_FAILURE");
}

runtime::task<std::size_t> count_dnns_of_default_slice(udm::nudm_sdm& sdm, model::supi supi) {
  auto nssai = co_await sdm.get_nssai(supi, std::nullopt);
  if (!nssai || nssai->default_single_nssais_.empty()) co_return 0;
  udm::sm_data_query query{.single_nssai_ = nssai->default_single_nssais_.front()};
  auto sm = co_await sdm.get_sm_data(supi, std::move(query));
  if (!sm || sm->empty()) co_return 0;
  co_return sm->front().dnn_configurations_.size();
}

TEST(udm_service, sdm_answers_nssai_and_sm_data_in_turn) {
  test::fake_nudm_sdm sdm;
  sdm.get_nssai_.will_answer(udm::nssai{.default_single_nssais_ = {test::embb()}, .single_nssais_ = {}});
  udm::dnn_configuration internet;
  internet.pdu_session_types_.default_session_type_ = sbi::pdu_session_type::ipv4;
  internet.ssc_modes_.default_ssc_mode_ = sbi::ssc_mode::ssc_mode_1;
  internet.session_ambr_ = sbi::ambr{.uplink_ = "1 Gbps", .downlink_ = "2 Gbps"};
  udm::session_management_subscription_data sm{.single_nssai_ = test::embb(),
                                               .dnn_configurations_ = {{"internet", internet}},
                                               .internal_group_ids_ = {}};
  sdm.get_sm_data_.will_answer(udm::sm_subs_data{sm});

  EXPECT_EQ(run_to_end(count_dnns_of_default_slice(sdm, test::test_supi())), 1u);
  ASSERT_EQ(sdm.get_sm_data_.call_count(), 1u);
  EXPECT_EQ(sdm.get_sm_data_.last<1>().single_nssai_, test::embb());
  EXPECT_EQ(sdm.get_am_data_.call_count(), 0u);
}

runtime::task<bool> register_then_deregister(udm::nudm_uecm& uecm, udm::amf_3gpp_access_registration r) {
  const auto supi = *r.supi_;
  auto registered = co_await uecm.registration_amf_3gpp_access(supi, std::move(r));
  if (!registered) co_return false;
  udm::amf_dereg_info info{.dereg_reason_ = udm::deregistration_reason::ue_initial_registration};
  auto gone = co_await uecm.deregistration_amf_3gpp_access(supi, info);
  co_return gone.has_value();
}

TEST(udm_service, uecm_registration_and_deregistration_reach_the_fake) {
  test::fake_nudm_uecm uecm;
  uecm.registration_amf_3gpp_access_.will_answer_with(
      [](const model::supi&, const udm::amf_3gpp_access_registration& r) { return r; });
  uecm.deregistration_amf_3gpp_access_.will_answer(sbi::no_content{});
  udm::amf_3gpp_access_registration r;
  r.amf_instance_id_ = "amf-1";
  r.dereg_callback_uri_ = "http://amf-1/namf-callback/v1/dereg";
  r.rat_type_ = sbi::rat_type::nr;
  r.supi_ = test::test_supi();

  EXPECT_EQ(run_to_end(register_then_deregister(uecm, r)), true);
  EXPECT_EQ(uecm.registration_amf_3gpp_access_.last<1>().dereg_callback_uri_, r.dereg_callback_uri_);
  EXPECT_EQ(uecm.deregistration_amf_3gpp_access_.last<1>().dereg_reason_,
            udm::deregistration_reason::ue_initial_registration);
}

runtime::task<bool> notify(udm::nudm_uecm_deregistration_notification& amf, sbi::uri uri) {
  udm::deregistration_data data{.dereg_reason_ = udm::deregistration_reason::subscription_withdrawn,
                                .access_type_ = sbi::access_type::access_3gpp};
  auto r = co_await amf.deregistration_notification(std::move(uri), data);
  co_return r.has_value();
}

TEST(udm_service, deregistration_notification_goes_to_the_callback_uri) {
  test::fake_nudm_uecm_deregistration_notification amf;
  amf.deregistration_notification_.will_answer(sbi::no_content{});
  EXPECT_EQ(run_to_end(notify(amf, "http://amf-1/dereg")), true);
  EXPECT_EQ(amf.deregistration_notification_.last<0>(), "http://amf-1/dereg");
  EXPECT_EQ(amf.deregistration_notification_.last<1>().dereg_reason_,
            udm::deregistration_reason::subscription_withdrawn);
}

}  // namespace
}  // namespace meridian
