// The NRF's, PCF's and NSSF's interfaces can be called from a coroutine, and
// their fakes answer as scripted and record what they were asked.

#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

#include "meridian/nrf/nrf_service.hpp"
#include "meridian/nssf/nssf_service.hpp"
#include "meridian/pcf/pcf_service.hpp"
#include "run_to_end.hpp"
#include "support/nrf_service_fake.hpp"
#include "support/nssf_service_fake.hpp"
#include "support/pcf_service_fake.hpp"
#include "test_values.hpp"

namespace meridian {
namespace {

using test::run_to_end;

nrf::nf_profile smf_profile() {
  nrf::nf_profile p;
  p.nf_instance_id_ = "6f1c1a8e-0000-4000-8000-000000000001";
  p.nf_type_ = sbi::nf_type::smf;
  p.nf_status_ = nrf::nf_status::registered;
  p.smf_info_ = nrf::smf_info{
      .s_nssai_smf_info_list_ = {{.s_nssai_ = test::embb(), .dnn_smf_info_list_ = {{.dnn_ = "internet"}}}},
      .tai_list_ = {}};
  nrf::nf_service s;
  s.service_instance_id_ = "pdusession-1";
  s.service_name_ = nrf::service_name::nsmf_pdusession;
  s.versions_ = {{.api_version_in_uri_ = "v1", .api_full_version_ = "1.2.0"}};
  p.nf_services_.push_back(s);
  return p;
}

// An NF's life with the NRF: register, heartbeat, deregister.
runtime::task<std::optional<std::int32_t>> register_heartbeat_deregister(nrf::nnrf_nf_management& nrf) {
  const auto id = smf_profile().nf_instance_id_;
  auto registered = co_await nrf.register_nf_instance(id, smf_profile());
  if (!registered) co_return std::nullopt;
  std::vector<nrf::nf_profile_patch> heartbeat{
      {.op_ = sbi::patch_operation::replace, .path_ = "/nfStatus", .from_ = std::nullopt,
       .value_ = nrf::nf_status::registered}};
  auto beat = co_await nrf.update_nf_instance(id, std::move(heartbeat));
  if (!beat) co_return std::nullopt;
  auto gone = co_await nrf.deregister_nf_instance(id);
  if (!gone) co_return std::nullopt;
  co_return registered->heart_beat_timer_;
}

TEST(nrf_service, register_heartbeat_deregister_reach_the_fake_in_order) {
  test::fake_nnrf_nf_management nrf;
  nrf.register_nf_instance_.will_answer_with([](const sbi::nf_instance_id&, const nrf::nf_profile& p) {
    auto stored = p;
    stored.heart_beat_timer_ = 10;
    return sbi::result<nrf::nf_profile>(stored);
  });
  nrf.update_nf_instance_.will_answer(std::optional<nrf::nf_profile>{});  // 204
  nrf.deregister_nf_instance_.will_answer(sbi::no_content{});

  EXPECT_EQ(run_to_end(register_heartbeat_deregister(nrf)), std::optional(std::optional<std::int32_t>(10)));
  EXPECT_EQ(nrf.register_nf_instance_.last<1>().nf_type_, sbi::nf_type::smf);
  EXPECT_EQ(std::get<nrf::nf_status>(nrf.update_nf_instance_.last<1>().at(0).value_), nrf::nf_status::registered);
  EXPECT_EQ(nrf.deregister_nf_instance_.last<0>(), smf_profile().nf_instance_id_);
}

runtime::task<std::size_t> find_smfs(nrf::nnrf_nf_discovery& nrf) {
  nrf::search_nf_instances_query q;
  q.target_nf_type_ = sbi::nf_type::smf;
  q.requester_nf_type_ = sbi::nf_type::amf;
  q.snssais_ = {test::embb()};
  q.dnn_ = "internet";
  auto found = co_await nrf.search_nf_instances(std::move(q));
  co_return found ? found->nf_instances_.size() : 0;
}

TEST(nrf_service, discovery_passes_the_query_and_answers_the_profiles) {
  test::fake_nnrf_nf_discovery nrf;
  nrf.search_nf_instances_.will_answer(nrf::search_result{.validity_period_ = 60, .nf_instances_ = {smf_profile()}});
  EXPECT_EQ(run_to_end(find_smfs(nrf)), 1u);
  EXPECT_EQ(nrf.search_nf_instances_.last<0>().dnn_, "internet");
  EXPECT_EQ(nrf.search_nf_instances_.last<0>().target_nf_type_, sbi::nf_type::smf);
}

runtime::task<std::string> token(nrf::nnrf_access_token& nrf) {
  nrf::access_token_req req{.nf_instance_id_ = "amf-1",
                            .nf_type_ = sbi::nf_type::amf,
                            .target_nf_type_ = sbi::nf_type::smf,
                            .scope_ = "nsmf-pdusession"};
  auto r = co_await nrf.access_token_request(std::move(req));
  if (r) co_return r->access_token_;
  if (const auto* oauth = std::get_if<nrf::access_token_err>(&r.error()))
    co_return std::string(sbi::to_string(oauth->error_));
  co_return std::string(sbi::to_string(*std::get<sbi::problem_details>(r.error()).cause_));
}

TEST(nrf_service, access_token_answers_a_token_an_oauth_error_or_a_problem) {
  test::fake_nnrf_access_token nrf;
  nrf.access_token_request_.will_answer(nrf::access_token_rsp{.access_token_ = "eyJ.x.y", .expires_in_ = 3600,
                                                               .scope_ = std::nullopt});
  nrf.access_token_request_.will_answer(std::unexpected(nrf::access_token_failure{
      nrf::access_token_err{.error_ = nrf::access_token_error::invalid_scope, .error_description_ = std::nullopt,
                            .error_uri_ = std::nullopt}}));
  EXPECT_EQ(run_to_end(token(nrf)), "eyJ.x.y");
  EXPECT_EQ(run_to_end(token(nrf)), "invalid_scope");
  EXPECT_EQ(run_to_end(token(nrf)), "SYSTEM_FAILURE");  // unscripted: the problem alternative
  EXPECT_EQ(nrf.access_token_request_.last<0>().scope_, "nsmf-pdusession");
}

runtime::task<std::optional<std::string>> am_policy(pcf::npcf_am_policy_control& pcf) {
  pcf::policy_association_request req{.notification_uri_ = "http://amf-1/am-policy",
                                      .supi_ = test::test_supi(),
                                      .access_type_ = sbi::access_type::access_3gpp,
                                      .pei_ = std::nullopt,
                                      .user_loc_ = std::nullopt,
                                      .serving_plmn_ = test::test_plmn(),
                                      .rat_type_ = sbi::rat_type::nr,
                                      .ue_ambr_ = std::nullopt,
                                      .allowed_snssais_ = {test::embb()},
                                      .guami_ = std::nullopt,
                                      .supp_feat_ = ""};
  auto created = co_await pcf.create(std::move(req));
  if (!created) co_return std::nullopt;
  pcf::policy_association_update_request up;
  up.triggers_ = {pcf::request_trigger::loc_ch};
  auto updated = co_await pcf.update(created->pol_asso_id_, std::move(up));
  auto deleted = co_await pcf.delete_policy_association(created->pol_asso_id_);
  if (!updated || !deleted) co_return std::nullopt;
  co_return created->pol_asso_id_;
}

TEST(pcf_service, am_policy_create_update_delete_use_the_association_id) {
  test::fake_npcf_am_policy_control pcf;
  pcf.create_.will_answer(pcf::policy_association_created{.pol_asso_id_ = "pa-1", .data_ = {}});
  pcf.update_.will_answer(pcf::policy_update{.resource_uri_ = "http://pcf/npcf-am-policy-control/v1/policies/pa-1",
                                             .triggers_ = {}, .rfsp_ = std::nullopt, .ue_ambr_ = std::nullopt});
  pcf.delete_policy_association_.will_answer(sbi::no_content{});
  EXPECT_EQ(run_to_end(am_policy(pcf)), std::optional(std::optional<std::string>("pa-1")));
  EXPECT_EQ(pcf.update_.last<0>(), "pa-1");
  EXPECT_EQ(pcf.delete_policy_association_.last<0>(), "pa-1");
  EXPECT_EQ(pcf.create_.last<0>().supi_, test::test_supi());
}

runtime::task<std::size_t> sm_policy(pcf::npcf_sm_policy_control& pcf) {
  pcf::sm_policy_context_data ctx{.gpsi_ = std::nullopt,
                                  .supi_ = test::test_supi(),
                                  .pdu_session_id_ = model::pdu_session_id::literal(1),
                                  .pdu_session_type_ = sbi::pdu_session_type::ipv4v6,
                                  .dnn_ = "internet",
                                  .notification_uri_ = "http://smf-1/sm-policy/1",
                                  .access_type_ = std::nullopt,
                                  .rat_type_ = std::nullopt,
                                  .serving_network_ = std::nullopt,
                                  .user_location_info_ = std::nullopt,
                                  .ue_time_zone_ = std::nullopt,
                                  .pei_ = std::nullopt,
                                  .ipv4_address_ = "10.45.0.2",
                                  .ipv6_address_prefix_ = std::nullopt,
                                  .subs_sess_ambr_ = std::nullopt,
                                  .subs_def_qos_ = std::nullopt,
                                  .slice_info_ = test::embb(),
                                  .supp_feat_ = std::nullopt};
  auto created = co_await pcf.create(std::move(ctx));
  if (!created) co_return 0;
  pcf::sm_policy_update_context_data change;
  change.rep_policy_ctrl_req_triggers_ = {pcf::policy_control_request_trigger::def_qos_ch};
  auto updated = co_await pcf.update(created->sm_policy_id_, std::move(change));
  pcf::sm_policy_delete_data end;
  auto deleted = co_await pcf.delete_sm_policy(created->sm_policy_id_, std::move(end));
  if (!updated || !deleted) co_return 0;
  co_return created->decision_.pcc_rules_.size() + updated->qos_decs_.size();
}

TEST(pcf_service, sm_policy_create_update_delete_reach_the_fake) {
  test::fake_npcf_sm_policy_control pcf;
  pcf::sm_policy_decision decision;
  decision.pcc_rules_["default"] = pcf::pcc_rule{.flow_infos_ = {}, .pcc_rule_id_ = "default",
                                                 .precedence_ = 255, .ref_qos_data_ = {"qos-9"}};
  pcf.create_.will_answer(pcf::sm_policy_created{.sm_policy_id_ = "sp-1", .decision_ = decision});
  pcf::sm_policy_decision changed;
  changed.qos_decs_["qos-9"] = pcf::qos_data{};
  pcf.update_.will_answer(changed);
  pcf.delete_sm_policy_.will_answer(sbi::no_content{});
  EXPECT_EQ(run_to_end(sm_policy(pcf)), 2u);
  EXPECT_EQ(pcf.update_.last<0>(), "sp-1");
  EXPECT_EQ(pcf.delete_sm_policy_.last<0>(), "sp-1");
  EXPECT_EQ(pcf.create_.last<0>().dnn_, "internet");
}

runtime::task<std::size_t> allowed_for_registration(nssf::nnssf_ns_selection& nssf) {
  nssf::ns_selection_query q;
  q.nf_type_ = sbi::nf_type::amf;
  q.nf_id_ = "amf-1";
  q.slice_info_request_for_registration_ = nssf::slice_info_for_registration{
      .subscribed_nssai_ = {{.subscribed_snssai_ = test::embb(), .default_indication_ = true}},
      .requested_nssai_ = {test::embb()},
      .default_configured_snssai_ind_ = std::nullopt};
  auto r = co_await nssf.get(std::move(q));
  if (!r || r->allowed_nssai_list_.empty()) co_return 0;
  co_return r->allowed_nssai_list_.front().allowed_snssai_list_.size();
}

TEST(nssf_service, ns_selection_answers_the_allowed_nssai) {
  test::fake_nnssf_ns_selection nssf;
  nssf::authorized_network_slice_info info;
  info.allowed_nssai_list_ = {{.allowed_snssai_list_ = {{.allowed_snssai_ = test::embb()}},
                               .access_type_ = sbi::access_type::access_3gpp}};
  nssf.get_.will_answer(info);
  EXPECT_EQ(run_to_end(allowed_for_registration(nssf)), 1u);
  ASSERT_TRUE(nssf.get_.last<0>().slice_info_request_for_registration_.has_value());
  EXPECT_EQ(nssf.get_.last<0>().slice_info_request_for_registration_->requested_nssai_.at(0), test::embb());
}

TEST(nssf_service, no_servable_slice_is_snssai_not_supported) {
  test::fake_nnssf_ns_selection nssf;
  nssf.get_.will_answer(std::unexpected(sbi::problem_details::of(sbi::cause::snssai_not_supported)));
  EXPECT_EQ(run_to_end(allowed_for_registration(nssf)), 0u);
}

}  // namespace
}  // namespace meridian
