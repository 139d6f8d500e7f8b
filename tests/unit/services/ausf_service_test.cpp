// The AUSF's interface can be called from a coroutine through a whole 5G AKA
// (authenticate, then confirm on the link it answered), and its fake answers
// as scripted and records what it was asked.

#include <gtest/gtest.h>

#include <string>

#include "meridian/ausf/ausf_service.hpp"
#include "run_to_end.hpp"
#include "support/ausf_service_fake.hpp"
#include "test_values.hpp"

namespace meridian {
namespace {

using test::run_to_end;

// What the AMF (SEAF) does: start, follow the "5g-aka" link, confirm RES*.
runtime::task<std::optional<sbi::bytes>> five_g_aka(ausf::nausf_ue_authentication& ausf, sbi::bytes res_star) {
  ausf::authentication_info info{.supi_or_suci_ = test::test_suci(),
                                 .serving_network_name_ = test::serving_network_name};
  auto ctx = co_await ausf.authenticate(std::move(info));
  if (!ctx || !std::holds_alternative<ausf::av_5g_aka>(ctx->auth_data_5g_)) co_return std::nullopt;
  const auto link = ctx->links_.find("5g-aka");
  if (link == ctx->links_.end()) co_return std::nullopt;
  std::string auth_ctx_id(ausf::auth_ctx_id_of(link->second.href_));
  ausf::confirmation_data data{.res_star_ = std::move(res_star)};
  auto confirmed = co_await ausf.confirm_5g_aka(std::move(auth_ctx_id), std::move(data));
  if (!confirmed || confirmed->auth_result_ != ausf::auth_result::authentication_success) co_return std::nullopt;
  co_return confirmed->kseaf_;
}

ausf::ue_authentication_ctx challenge() {
  ausf::ue_authentication_ctx ctx;
  ctx.auth_type_ = udm::auth_type::five_g_aka;
  ctx.auth_data_5g_ = ausf::av_5g_aka{
      .rand_ = sbi::bytes(16, 1), .hxres_star_ = sbi::bytes(16, 2), .autn_ = sbi::bytes(16, 3)};
  ctx.links_["5g-aka"] = {.href_ = "http://ausf/nausf-auth/v1/ue-authentications/ctx-7/5g-aka-confirmation"};
  return ctx;
}

TEST(ausf_service, five_g_aka_follows_the_link_and_gets_kseaf) {
  test::fake_nausf_ue_authentication ausf;
  ausf.authenticate_.will_answer(challenge());
  ausf.confirm_5g_aka_.will_answer(ausf::confirmation_data_response{
      .auth_result_ = ausf::auth_result::authentication_success, .supi_ = test::test_supi(),
      .kseaf_ = sbi::bytes(32, 9)});

  EXPECT_EQ(run_to_end(five_g_aka(ausf, sbi::bytes(16, 7))), std::optional<sbi::bytes>(sbi::bytes(32, 9)));
  EXPECT_EQ(ausf.authenticate_.last<0>().serving_network_name_, test::serving_network_name);
  EXPECT_EQ(ausf.confirm_5g_aka_.last<0>(), "ctx-7");
  EXPECT_EQ(ausf.confirm_5g_aka_.last<1>().res_star_, sbi::bytes(16, 7));
}

TEST(ausf_service, a_failed_confirmation_gives_no_key) {
  test::fake_nausf_ue_authentication ausf;
  ausf.authenticate_.will_answer(challenge());
  ausf.confirm_5g_aka_.will_answer(ausf::confirmation_data_response{
      .auth_result_ = ausf::auth_result::authentication_failure, .supi_ = std::nullopt, .kseaf_ = std::nullopt});
  const auto kseaf = run_to_end(five_g_aka(ausf, sbi::bytes(16, 0)));
  ASSERT_TRUE(kseaf.has_value());  // the task ended
  EXPECT_FALSE(kseaf->has_value());
}

TEST(ausf_service, authentication_rejected_stops_before_confirmation) {
  test::fake_nausf_ue_authentication ausf;
  ausf.authenticate_.will_answer(std::unexpected(sbi::problem_details::of(sbi::cause::authentication_rejected)));
  const auto kseaf = run_to_end(five_g_aka(ausf, sbi::bytes(16, 0)));
  ASSERT_TRUE(kseaf.has_value());
  EXPECT_FALSE(kseaf->has_value());
  EXPECT_EQ(ausf.confirm_5g_aka_.call_count(), 0u);
}

runtime::task<std::optional<ausf::auth_result>> eap_round(ausf::nausf_ue_authentication& ausf, std::string id) {
  ausf::eap_session s;
  s.eap_payload_ = sbi::bytes{2, 1, 0, 4};
  auto r = co_await ausf.eap_session(std::move(id), std::move(s));
  if (!r) co_return std::nullopt;
  co_return r->auth_result_;
}

TEST(ausf_service, eap_session_carries_the_payload_and_the_context_id) {
  test::fake_nausf_ue_authentication ausf;
  ausf::eap_session done;
  done.auth_result_ = ausf::auth_result::authentication_success;
  ausf.eap_session_.will_answer(done);
  const auto result = run_to_end(eap_round(ausf, "ctx-9"));
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(*result, ausf::auth_result::authentication_success);
  EXPECT_EQ(ausf.eap_session_.last<0>(), "ctx-9");
  EXPECT_EQ(ausf.eap_session_.last<1>().eap_payload_, (sbi::bytes{2, 1, 0, 4}));
}

TEST(ausf_service, auth_ctx_id_is_read_from_the_links_href) {
  EXPECT_EQ(ausf::auth_ctx_id_of("http://a/nausf-auth/v1/ue-authentications/abc/5g-aka-confirmation"), "abc");
  EXPECT_EQ(ausf::auth_ctx_id_of("/nausf-auth/v1/ue-authentications/xyz/eap-session"), "xyz");
  EXPECT_EQ(ausf::auth_ctx_id_of("/nausf-auth/v1/ue-authentications/last"), "last");
  EXPECT_EQ(ausf::auth_ctx_id_of("http://a/other/path"), "");
  EXPECT_EQ(ausf::auth_ctx_id_of(""), "");
}

}  // namespace
}  // namespace meridian
