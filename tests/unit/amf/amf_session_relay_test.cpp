// The AMF's N11 relay (TS 24.501 §5.4.5, TS 23.502 §4.3.2.2.1, §4.3.4.2):
// a registered UE's 5GSM goes to the SMF as CreateSMContext or
// UpdateSMContext, the SMF's N1N2MessageTransfer comes back as DL NAS
// Transport inside PDU Session Resource Setup / Release / Modify, and the
// gNB's transfers go back to the SMF. The SMF is a scripted fake; the UE is
// the scripted UE, which opens every downlink NAS PDU with its own keys.

#include "amf/amf_session_fixture.hpp"

namespace meridian::amf {
namespace {

using namespace test;

using session_relay = session_fixture;

TEST_F(session_relay, an_establishment_request_creates_an_sm_context_with_what_the_smf_needs) {
  fake_smf.create_sm_context_.will_answer(smf::sm_context_created{.sm_context_ref_ = "sm-1", .data_ = {}});
  ue_sends_sm(establishment_request());
  ASSERT_EQ(fake_smf.create_sm_context_.call_count(), 1u);
  const smf::sm_context_create_data& d = fake_smf.create_sm_context_.last<0>();
  EXPECT_EQ(d.supi_->to_string(), alice_context_id);
  EXPECT_EQ(d.pdu_session_id_->value(), psi1);
  EXPECT_EQ(d.dnn_, "internet");
  EXPECT_FALSE(d.selected_dnn_);
  EXPECT_EQ(d.s_nssai_, model::s_nssai{});
  EXPECT_EQ(d.request_type_, smf::request_type::initial_request);
  EXPECT_EQ(d.n1_sm_msg_, establishment_request());
  EXPECT_EQ(d.serving_nf_id_, mm->config().nf_instance_id);
  EXPECT_EQ(d.guami_, ctx()->guti->guami_);
  EXPECT_EQ(d.an_type_, sbi::access_type::access_3gpp);
  EXPECT_EQ(d.rat_type_, sbi::rat_type::nr);
  EXPECT_TRUE(d.pei_);
  EXPECT_EQ(d.sm_context_status_uri_, "http://amf.invalid/namf-callback/v1/imsi-001010000000001/sm-context-status/1");
  ASSERT_NE(link(), nullptr);
  EXPECT_EQ(link()->sm_context_ref, "sm-1");
  EXPECT_EQ(link()->dnn, "internet");
  EXPECT_EQ(mm->counters().sm_contexts_created, 1u);
}

TEST_F(session_relay, the_smfs_accept_and_setup_transfer_reach_the_gnb_and_its_answer_reaches_the_smf) {
  fake_smf.create_sm_context_.will_answer(smf::sm_context_created{.sm_context_ref_ = "sm-1", .data_ = {}});
  ue_sends_sm(establishment_request());
  const auto answered = smf_transfers(accept_n1, amf::ngap_ie_type::pdu_res_setup_req, setup_request_transfer);
  ASSERT_TRUE(answered);
  ASSERT_TRUE(*answered);
  EXPECT_EQ((*answered)->cause_, amf::n1_n2_message_transfer_cause::n1_n2_transfer_initiated);

  const auto* setup = out.last_initiating<ngap::pdu_session_resource_setup_request>();
  ASSERT_NE(setup, nullptr);
  ASSERT_EQ(setup->pdu_session_resource_setup_list_su_req_.size(), 1u);
  const auto& item = setup->pdu_session_resource_setup_list_su_req_[0];
  EXPECT_EQ(item.pdu_session_id_, psi1);
  EXPECT_EQ(item.pdu_session_resource_setup_request_transfer_, setup_request_transfer);
  EXPECT_EQ(item.s_nssai_, n2::encode_s_nssai(model::s_nssai{}));
  // The UE-AMBR of the subscription, in bit/s (TS 38.413 §9.3.1.58).
  ASSERT_TRUE(setup->ue_aggregate_maximum_bit_rate_);
  EXPECT_EQ(setup->ue_aggregate_maximum_bit_rate_->ue_aggregate_maximum_bit_rate_ul_, 100'000'000);
  EXPECT_EQ(setup->ue_aggregate_maximum_bit_rate_->ue_aggregate_maximum_bit_rate_dl_, 1'000'000'000);
  // The NAS PDU is a protected DL NAS Transport the UE opens: the SMF's accept, unchanged.
  ASSERT_TRUE(item.pdu_session_nas_pdu_);
  const auto dl = opened(*item.pdu_session_nas_pdu_);
  ASSERT_TRUE(dl);
  EXPECT_EQ(dl->payload_container_type_.value_, nas::payload_container_type_value::n1_sm_information);
  EXPECT_EQ(dl->payload_container_.bytes_, accept_n1);
  EXPECT_EQ(dl->pdu_session_id_, psi1);
  EXPECT_FALSE(dl->cause_);

  fake_smf.update_sm_context_.will_answer(smf::sm_context_updated_data{});
  gnb_answers_setup(*setup, true);
  ASSERT_EQ(fake_smf.update_sm_context_.call_count(), 1u);
  EXPECT_EQ(fake_smf.update_sm_context_.last<0>(), "sm-1");
  const auto& u = fake_smf.update_sm_context_.last<1>();
  EXPECT_EQ(u.n2_sm_info_type_, smf::n2_sm_info_type::pdu_res_setup_rsp);
  EXPECT_EQ(u.n2_sm_info_, setup_response_transfer);
}

TEST_F(session_relay, a_gnb_that_cannot_set_up_the_session_has_its_unsuccessful_transfer_reach_the_smf) {
  fake_smf.create_sm_context_.will_answer(smf::sm_context_created{.sm_context_ref_ = "sm-1", .data_ = {}});
  ue_sends_sm(establishment_request());
  ASSERT_TRUE(smf_transfers(accept_n1, amf::ngap_ie_type::pdu_res_setup_req, setup_request_transfer));
  const auto* setup = out.last_initiating<ngap::pdu_session_resource_setup_request>();
  ASSERT_NE(setup, nullptr);
  gnb_answers_setup(*setup, false);
  ASSERT_EQ(fake_smf.update_sm_context_.call_count(), 1u);
  EXPECT_EQ(fake_smf.update_sm_context_.last<1>().n2_sm_info_type_, smf::n2_sm_info_type::pdu_res_setup_fail);
  EXPECT_EQ(fake_smf.update_sm_context_.last<1>().n2_sm_info_, setup_unsuccessful_transfer);
}

TEST_F(session_relay, a_gnb_answer_that_overtakes_the_create_answer_waits_for_the_sm_context_reference) {
  // An SMF that sends its N1N2MessageTransfer before it answers CreateSMContext
  // (allowed: TS 23.502 orders neither), and a gNB that answers at once.
  fake_smf.create_sm_context_.will_answer_with([this](const smf::sm_context_create_data&) {
    EXPECT_TRUE(smf_transfers(accept_n1, amf::ngap_ie_type::pdu_res_setup_req, setup_request_transfer));
    const auto* setup = out.last_initiating<ngap::pdu_session_resource_setup_request>();
    EXPECT_NE(setup, nullptr);
    if (setup != nullptr) gnb_answers_setup(*setup, true);
    EXPECT_EQ(fake_smf.update_sm_context_.call_count(), 0u);  // no reference to send it to yet
    return sbi::result<smf::sm_context_created, smf::sm_context_create_error>(
        smf::sm_context_created{.sm_context_ref_ = "sm-9", .data_ = {}});
  });
  fake_smf.update_sm_context_.will_answer(smf::sm_context_updated_data{});
  ue_sends_sm(establishment_request());
  ASSERT_EQ(fake_smf.update_sm_context_.call_count(), 1u);
  EXPECT_EQ(fake_smf.update_sm_context_.last<0>(), "sm-9");
  EXPECT_EQ(fake_smf.update_sm_context_.last<1>().n2_sm_info_type_, smf::n2_sm_info_type::pdu_res_setup_rsp);
}

TEST_F(session_relay, without_a_dnn_the_subscriptions_default_dnn_is_selected) {
  fake_smf.create_sm_context_.will_answer(smf::sm_context_created{.sm_context_ref_ = "sm-1", .data_ = {}});
  ue_sends_sm(establishment_request(), psi1, nas::request_type_value::initial_request, std::nullopt, std::nullopt);
  ASSERT_EQ(fake_smf.create_sm_context_.call_count(), 1u);
  const auto& d = fake_smf.create_sm_context_.last<0>();
  EXPECT_EQ(d.dnn_, "internet");
  EXPECT_EQ(d.selected_dnn_, "internet");
  EXPECT_EQ(d.s_nssai_, model::s_nssai{});  // the first allowed slice
}

TEST_F(session_relay, a_dnn_is_matched_without_regard_to_case) {
  fake_smf.create_sm_context_.will_answer(smf::sm_context_created{.sm_context_ref_ = "sm-1", .data_ = {}});
  ue_sends_sm(establishment_request(), psi1, nas::request_type_value::initial_request, "IMS");
  ASSERT_EQ(fake_smf.create_sm_context_.call_count(), 1u);
  EXPECT_EQ(link()->dnn, "ims");
}

TEST_F(session_relay, an_unsubscribed_or_barred_dnn_comes_back_with_5gmm_cause_91) {
  for (const char* dnn : {"enterprise", "barred"}) {
    ue_sends_sm(establishment_request(), psi1, nas::request_type_value::initial_request, dnn);
    const auto dl = returned();
    ASSERT_TRUE(dl) << dnn;
    EXPECT_EQ(dl->cause_, nas::gmm_cause::dnn_not_supported_or_not_subscribed_in_the_slice);
    EXPECT_EQ(dl->payload_container_.bytes_, establishment_request());  // TS 24.501 §5.4.5.3.1 f)
    EXPECT_EQ(dl->pdu_session_id_, psi1);
  }
  EXPECT_EQ(fake_smf.create_sm_context_.call_count(), 0u);
  EXPECT_EQ(mm->counters().sm_messages_not_forwarded, 2u);
}

TEST_F(session_relay, a_slice_outside_the_allowed_nssai_comes_back_not_forwarded) {
  ue_sends_sm(establishment_request(), psi1, nas::request_type_value::initial_request, "internet",
              model::s_nssai{.sst_ = 2, .sd_ = {}});
  const auto dl = returned();
  ASSERT_TRUE(dl);
  EXPECT_EQ(dl->cause_, nas::gmm_cause::payload_was_not_forwarded);
  EXPECT_EQ(fake_smf.create_sm_context_.call_count(), 0u);
}

TEST_F(session_relay, a_pdu_session_id_outside_1_to_15_comes_back_not_forwarded) {
  for (std::optional<std::uint8_t> psi :
       {std::optional<std::uint8_t>{}, std::optional<std::uint8_t>{0}, std::optional<std::uint8_t>{16}}) {
    ue_sends_sm(establishment_request(), psi);
    const auto dl = returned();
    ASSERT_TRUE(dl);
    EXPECT_EQ(dl->cause_, nas::gmm_cause::payload_was_not_forwarded);
  }
  EXPECT_EQ(fake_smf.create_sm_context_.call_count(), 0u);
}

TEST_F(session_relay, 5gsm_for_a_session_without_routing_context_comes_back_not_forwarded) {
  ue_sends_sm(release_request(3), 3, std::nullopt, std::nullopt, std::nullopt);
  const auto dl = returned();
  ASSERT_TRUE(dl);
  EXPECT_EQ(dl->cause_, nas::gmm_cause::payload_was_not_forwarded);
  EXPECT_EQ(dl->pdu_session_id_, 3);
  EXPECT_EQ(fake_smf.update_sm_context_.call_count(), 0u);
}

TEST_F(session_relay, an_smf_refusal_with_a_reject_gives_the_ue_the_reject_and_forgets_the_session) {
  const std::vector<std::uint8_t> reject{0x2e, 0x01, 0x07, 0xc3, 0x1b};  // #27 missing or unknown DNN
  fake_smf.create_sm_context_.will_answer(
      std::unexpect, smf::sm_context_create_error{.error_ = sbi::problem_details::of(sbi::cause::dnn_denied),
                                                  .n1_sm_msg_ = reject,
                                                  .n2_sm_info_ = {},
                                                  .n2_sm_info_type_ = {},
                                                  .recovery_time_ = {}});
  ue_sends_sm(establishment_request());
  const auto dl = returned();
  ASSERT_TRUE(dl);
  EXPECT_EQ(dl->payload_container_.bytes_, reject);
  EXPECT_FALSE(dl->cause_);  // forwarded: the SMF's own answer
  EXPECT_EQ(link(), nullptr);
  EXPECT_EQ(mm->counters().sm_context_create_failures, 1u);
}

TEST_F(session_relay, a_ue_requested_release_goes_to_the_sm_context_and_its_command_to_gnb_and_ue) {
  establish();
  // TS 23.502 §4.3.4.2 step 3b: the SMF answers the update with the N1
  // release command and the N2 release command transfer.
  fake_smf.update_sm_context_.will_answer(
      smf::sm_context_updated_data{.up_cnx_state_ = {},
                                   .ho_state_ = {},
                                   .n1_sm_msg_ = release_command_n1,
                                   .n2_sm_info_ = release_command_transfer,
                                   .n2_sm_info_type_ = smf::n2_sm_info_type::pdu_res_rel_cmd,
                                   .data_forwarding_ = {},
                                   .cause_ = {},
                                   .supported_features_ = {}});
  ue_sends_sm(release_request(), psi1, std::nullopt, std::nullopt, std::nullopt);
  ASSERT_EQ(fake_smf.update_sm_context_.call_count(), 2u);
  EXPECT_EQ(fake_smf.update_sm_context_.last<0>(), "sm-1");
  EXPECT_EQ(fake_smf.update_sm_context_.last<1>().n1_sm_msg_, release_request());

  const auto* cmd = out.last_initiating<ngap::pdu_session_resource_release_command>();
  ASSERT_NE(cmd, nullptr);
  ASSERT_EQ(cmd->pdu_session_resource_to_release_list_rel_cmd_.size(), 1u);
  EXPECT_EQ(cmd->pdu_session_resource_to_release_list_rel_cmd_[0].pdu_session_id_, psi1);
  EXPECT_EQ(cmd->pdu_session_resource_to_release_list_rel_cmd_[0].pdu_session_resource_release_command_transfer_,
            release_command_transfer);
  ASSERT_TRUE(cmd->nas_pdu_);
  const auto dl = opened(*cmd->nas_pdu_);
  ASSERT_TRUE(dl);
  EXPECT_EQ(dl->payload_container_.bytes_, release_command_n1);

  ngap::pdu_session_resource_release_response resp;
  resp.amf_ue_ngap_id_ = cmd->amf_ue_ngap_id_;
  resp.ran_ue_ngap_id_ = cmd->ran_ue_ngap_id_;
  resp.pdu_session_resource_released_list_rel_res_.push_back(
      {.pdu_session_id_ = psi1,
       .pdu_session_resource_release_response_transfer_ = release_response_transfer,
       .ie_extensions_ = {}});
  fake_smf.update_sm_context_.will_answer(smf::sm_context_updated_data{});
  gnb_sends(n2::encode(n2::make_pdu<ngap::successful_outcome>(std::move(resp))));
  ASSERT_EQ(fake_smf.update_sm_context_.call_count(), 3u);
  EXPECT_EQ(fake_smf.update_sm_context_.last<1>().n2_sm_info_type_, smf::n2_sm_info_type::pdu_res_rel_rsp);
  EXPECT_EQ(fake_smf.update_sm_context_.last<1>().n2_sm_info_, release_response_transfer);

  // The SMF's RELEASED notification ends the routing context.
  const auto notified = meridian::test::run(mm->sm_context_status_notification(
      fake_smf.create_sm_context_.last<0>().sm_context_status_uri_,
      smf::sm_context_status_notification{
          .status_info_ = {.resource_status_ = smf::resource_status::released, .cause_ = {}, .an_type_ = {}}}));
  ASSERT_TRUE(notified);
  EXPECT_TRUE(*notified);
  EXPECT_EQ(link(), nullptr);
}

TEST_F(session_relay, deliveries_to_one_ue_wait_for_the_gnbs_answer_to_the_one_before) {
  establish("sm-1");
  fake_smf.create_sm_context_.will_answer(smf::sm_context_created{.sm_context_ref_ = "sm-2", .data_ = {}});
  ue_sends_sm(establishment_request(2), 2);
  const auto before = out.count<ngap::pdu_session_resource_setup_request>();
  // A modification of session 1 and the setup of session 2, back to back.
  ASSERT_TRUE(smf_transfers({}, amf::ngap_ie_type::pdu_res_mod_req, {0x42}, psi1));
  ASSERT_TRUE(smf_transfers(accept_n1, amf::ngap_ie_type::pdu_res_setup_req, setup_request_transfer, 2));
  EXPECT_EQ(out.count<ngap::pdu_session_resource_modify_request>(), 1u);
  EXPECT_EQ(out.count<ngap::pdu_session_resource_setup_request>(), before);  // queued behind the modify

  const auto* mod = out.last_initiating<ngap::pdu_session_resource_modify_request>();
  ngap::pdu_session_resource_modify_response resp;
  resp.amf_ue_ngap_id_ = mod->amf_ue_ngap_id_;
  resp.ran_ue_ngap_id_ = mod->ran_ue_ngap_id_;
  resp.pdu_session_resource_modify_list_mod_res_.emplace();
  resp.pdu_session_resource_modify_list_mod_res_->push_back(
      {.pdu_session_id_ = psi1, .pdu_session_resource_modify_response_transfer_ = {0x43}, .ie_extensions_ = {}});
  fake_smf.update_sm_context_.will_answer(smf::sm_context_updated_data{});
  gnb_sends(n2::encode(n2::make_pdu<ngap::successful_outcome>(std::move(resp))));
  EXPECT_EQ(fake_smf.update_sm_context_.last<1>().n2_sm_info_type_, smf::n2_sm_info_type::pdu_res_mod_rsp);
  EXPECT_EQ(out.count<ngap::pdu_session_resource_setup_request>(), before + 1);
  const auto* setup = out.last_initiating<ngap::pdu_session_resource_setup_request>();
  EXPECT_EQ(setup->pdu_session_resource_setup_list_su_req_[0].pdu_session_id_, 2);
}

TEST_F(session_relay, a_transfer_for_a_ue_this_amf_does_not_serve_is_context_not_found) {
  const auto r = smf_transfers(accept_n1, std::nullopt, {}, psi1, "imsi-001019999999999");
  ASSERT_TRUE(r);
  ASSERT_FALSE(*r);
  EXPECT_EQ(r->error().cause_, sbi::cause::context_not_found);
}

TEST_F(session_relay, an_n1_only_transfer_is_a_dl_nas_transport) {
  establish();
  ASSERT_TRUE(smf_transfers(release_command_n1, std::nullopt, {}));
  const auto dl = returned();
  ASSERT_TRUE(dl);
  EXPECT_EQ(dl->payload_container_.bytes_, release_command_n1);
  EXPECT_EQ(dl->pdu_session_id_, psi1);
}

TEST_F(session_relay, an_initial_request_on_a_session_id_in_use_releases_the_old_sm_context_first) {
  establish("sm-1");
  fake_smf.release_sm_context_.will_answer(smf::sm_context_released_data{});
  fake_smf.create_sm_context_.will_answer(smf::sm_context_created{.sm_context_ref_ = "sm-2", .data_ = {}});
  ue_sends_sm(establishment_request());
  ASSERT_EQ(fake_smf.release_sm_context_.call_count(), 1u);
  EXPECT_EQ(fake_smf.release_sm_context_.last<0>(), "sm-1");
  EXPECT_EQ(fake_smf.release_sm_context_.last<1>().cause_, smf::cause::rel_due_to_duplicate_session_id);
  EXPECT_EQ(fake_smf.create_sm_context_.call_count(), 2u);
  EXPECT_EQ(link()->sm_context_ref, "sm-2");
}

TEST_F(session_relay, the_ues_sm_contexts_are_released_when_it_deregisters) {
  establish("sm-1");
  fake_smf.release_sm_context_.will_answer(smf::sm_context_released_data{});
  nas::deregistration_request_ue_originating r;
  r.deregistration_type_.switch_off_ = true;
  r.ngksi_.ksi_ = ctx()->ngksi;
  r.mobile_identity_ = nas::mobile_identity{nas::guti_5g_identity{.value_ = *ctx()->guti}};
  uplink(phone.seal(r));
  complete_release();
  ASSERT_EQ(fake_smf.release_sm_context_.call_count(), 1u);
  EXPECT_EQ(fake_smf.release_sm_context_.last<0>(), "sm-1");
  EXPECT_EQ(mm->idle_count(), 0u);
  // And the SMF's transfers for it find no UE any more.
  const auto r2 = smf_transfers(accept_n1, std::nullopt, {});
  ASSERT_TRUE(r2);
  EXPECT_FALSE(*r2);
}

TEST_F(session_relay, other_payload_types_are_not_relayed) {
  nas::ul_nas_transport ul;
  ul.payload_container_type_.value_ = nas::payload_container_type_value::sms;
  ul.payload_container_.bytes_ = {0x01, 0x02};
  uplink(phone.seal(ul));
  EXPECT_EQ(mm->counters().unsupported_payloads, 1u);
  EXPECT_EQ(fake_smf.create_sm_context_.call_count(), 0u);
}

struct session_relay_without_smf : mm_fixture {};

TEST_F(session_relay_without_smf, 5gsm_comes_back_not_forwarded) {
  ASSERT_NE(register_ue(), 0u);
  ASSERT_TRUE(complete_registration());
  nas::ul_nas_transport ul;
  ul.payload_container_.bytes_ = establishment_request();
  ul.pdu_session_id_ = psi1;
  ul.request_type_ = nas::request_type{nas::request_type_value::initial_request};
  uplink(phone.seal(ul));
  const auto m = downlink();
  ASSERT_TRUE(m);
  const auto* dl = std::get_if<nas::dl_nas_transport>(&*m);
  ASSERT_NE(dl, nullptr);
  EXPECT_EQ(dl->cause_, nas::gmm_cause::payload_was_not_forwarded);
  EXPECT_EQ(dl->payload_container_.bytes_, establishment_request());
}

}  // namespace
}  // namespace meridian::amf
