// The AMF's and the SMF's interfaces can be called from a coroutine (a PDU
// session establishment relayed over N11 and the SMF's N1N2 transfer back),
// and their fakes answer as scripted and record what they were asked.

#include <gtest/gtest.h>

#include <string>

#include "meridian/amf/amf_service.hpp"
#include "meridian/smf/smf_service.hpp"
#include "run_to_end.hpp"
#include "support/amf_service_fake.hpp"
#include "support/smf_service_fake.hpp"
#include "test_values.hpp"

namespace meridian {
namespace {

using test::run_to_end;

const model::pdu_session_id session_5 = model::pdu_session_id::literal(5);

smf::sm_context_create_data establishment_request() {
  smf::sm_context_create_data d;
  d.supi_ = test::test_supi();
  d.pdu_session_id_ = session_5;
  d.dnn_ = "internet";
  d.s_nssai_ = test::embb();
  d.serving_nf_id_ = "amf-1";
  d.request_type_ = smf::request_type::initial_request;
  d.n1_sm_msg_ = sbi::bytes{0x2e, 0x05, 0x01, 0xc1};  // PDU Session Establishment Request
  d.an_type_ = sbi::access_type::access_3gpp;
  d.sm_context_status_uri_ = "http://amf-1/status/5";
  return d;
}

// What the AMF does on UL NAS Transport with a 5GSM message: create the SM
// context, then hand the gNB's N2 answer to the SMF.
runtime::task<std::string> establish(smf::nsmf_pdu_session& smf) {
  auto created = co_await smf.create_sm_context(establishment_request());
  if (!created) co_return "rejected: " + std::string(sbi::to_string(*created.error().error_.cause_));
  smf::sm_context_update_data up;
  up.n2_sm_info_ = sbi::bytes{0x00, 0x03};
  up.n2_sm_info_type_ = smf::n2_sm_info_type::pdu_res_setup_rsp;
  auto updated = co_await smf.update_sm_context(created->sm_context_ref_, std::move(up));
  if (!updated) co_return "update failed";
  co_return std::string(sbi::to_string(updated->up_cnx_state_.value_or(smf::up_cnx_state::deactivated)));
}

TEST(smf_service, create_then_update_sm_context_uses_the_created_reference) {
  test::fake_nsmf_pdu_session smf;
  smf.create_sm_context_.will_answer(smf::sm_context_created{.sm_context_ref_ = "ctx-42", .data_ = {}});
  smf.update_sm_context_.will_answer(smf::sm_context_updated_data{.up_cnx_state_ = smf::up_cnx_state::activated});

  EXPECT_EQ(run_to_end(establish(smf)), "ACTIVATED");
  EXPECT_EQ(smf.create_sm_context_.last<0>().n1_sm_msg_, (sbi::bytes{0x2e, 0x05, 0x01, 0xc1}));
  EXPECT_EQ(smf.update_sm_context_.last<0>(), "ctx-42");
  EXPECT_EQ(smf.update_sm_context_.last<1>().n2_sm_info_type_, smf::n2_sm_info_type::pdu_res_setup_rsp);
}

TEST(smf_service, create_error_carries_the_problem_and_the_n1_reject) {
  test::fake_nsmf_pdu_session smf;
  smf::sm_context_create_error error;
  error.error_ = sbi::problem_details::of(sbi::cause::dnn_denied);
  error.n1_sm_msg_ = sbi::bytes{0x2e, 0x05, 0x01, 0xc3, 0x1b};  // PDU Session Establishment Reject #27
  smf.create_sm_context_.will_answer(std::unexpected(error));
  EXPECT_EQ(run_to_end(establish(smf)), "rejected: DNN_DENIED");
  EXPECT_EQ(smf.update_sm_context_.call_count(), 0u);
}

TEST(smf_service, unscripted_create_answers_system_failure_inside_the_error_body) {
  test::fake_nsmf_pdu_session smf;
  EXPECT_EQ(run_to_end(establish(smf)), "rejected: SYSTEM_FAILURE");
}

runtime::task<bool> release(smf::nsmf_pdu_session& smf, std::string ref) {
  smf::sm_context_release_data d;
  d.cause_ = smf::cause::rel_due_to_reactivation;
  auto r = co_await smf.release_sm_context(std::move(ref), std::move(d));
  co_return r.has_value();
}

TEST(smf_service, release_sm_context_reaches_the_fake_and_context_not_found_comes_back) {
  test::fake_nsmf_pdu_session smf;
  smf.release_sm_context_.will_answer(smf::sm_context_released_data{});
  smf.release_sm_context_.will_answer(std::unexpected(sbi::problem_details::of(sbi::cause::context_not_found)));
  EXPECT_EQ(run_to_end(release(smf, "ctx-1")), true);
  EXPECT_EQ(run_to_end(release(smf, "ctx-1")), false);
  EXPECT_EQ(smf.release_sm_context_.call_count(), 2u);
  EXPECT_EQ(smf.release_sm_context_.last<1>().cause_, smf::cause::rel_due_to_reactivation);
}

runtime::task<bool> notify_released(smf::nsmf_sm_context_status_notification& amf) {
  smf::sm_context_status_notification n;
  n.status_info_.resource_status_ = smf::resource_status::released;
  sbi::uri uri = "http://amf-1/status/5";
  auto r = co_await amf.sm_context_status_notification(std::move(uri), std::move(n));
  co_return r.has_value();
}

TEST(smf_service, sm_context_status_notification_reaches_the_amf_side_fake) {
  test::fake_nsmf_sm_context_status_notification amf;
  amf.sm_context_status_notification_.will_answer(sbi::no_content{});
  EXPECT_EQ(run_to_end(notify_released(amf)), true);
  EXPECT_EQ(amf.sm_context_status_notification_.last<0>(), "http://amf-1/status/5");
  EXPECT_EQ(amf.sm_context_status_notification_.last<1>().status_info_.resource_status_,
            smf::resource_status::released);
}

// What the SMF does after a session is set up on the UPF: send the accept to
// the UE and the resource setup request to the gNB through the AMF.
runtime::task<std::optional<amf::n1_n2_message_transfer_cause>> send_accept(amf::namf_communication& amf) {
  amf::n1_n2_message_transfer_req_data req;
  req.n1_message_container_ = amf::n1_message_container{.n1_message_class_ = amf::n1_message_class::sm,
                                                        .n1_message_content_ = sbi::bytes{0x2e, 0x05, 0x01, 0xc2}};
  req.n2_info_container_ = amf::n2_info_container{
      .n2_information_class_ = amf::n2_information_class::sm,
      .sm_info_ = amf::n2_sm_information{.pdu_session_id_ = session_5,
                                         .n2_info_content_ = amf::n2_info_content{
                                             .ngap_message_type_ = std::nullopt,
                                             .ngap_ie_type_ = amf::ngap_ie_type::pdu_res_setup_req,
                                             .ngap_data_ = sbi::bytes{0x00, 0x00, 0x04}},
                                         .s_nssai_ = test::embb(),
                                         .subject_to_ho_ = std::nullopt}};
  req.pdu_session_id_ = session_5;
  std::string ue_context_id = test::test_supi().to_string();
  auto r = co_await amf.n1_n2_message_transfer(std::move(ue_context_id), std::move(req));
  if (!r) co_return std::nullopt;
  co_return r->cause_;
}

TEST(amf_service, n1_n2_message_transfer_carries_both_containers_to_the_ue_context) {
  test::fake_namf_communication amf;
  amf.n1_n2_message_transfer_.will_answer(amf::n1_n2_message_transfer_rsp_data{
      .cause_ = amf::n1_n2_message_transfer_cause::n1_n2_transfer_initiated});
  EXPECT_EQ(run_to_end(send_accept(amf)),
            std::optional(amf::n1_n2_message_transfer_cause::n1_n2_transfer_initiated));
  EXPECT_EQ(amf.n1_n2_message_transfer_.last<0>(), "imsi-001010000000001");
  const auto& req = amf.n1_n2_message_transfer_.last<1>();
  ASSERT_TRUE(req.n2_info_container_ && req.n2_info_container_->sm_info_);
  EXPECT_EQ(req.n2_info_container_->sm_info_->pdu_session_id_, session_5);
  EXPECT_EQ(req.n1_message_container_->n1_message_class_, amf::n1_message_class::sm);
}

TEST(amf_service, n1_n2_message_transfer_to_an_unknown_ue_is_context_not_found) {
  test::fake_namf_communication amf;
  amf.n1_n2_message_transfer_.will_answer(std::unexpected(sbi::problem_details::of(sbi::cause::context_not_found)));
  const auto cause = run_to_end(send_accept(amf));
  ASSERT_TRUE(cause.has_value());  // the task ended
  EXPECT_FALSE(cause->has_value());
}

}  // namespace
}  // namespace meridian
