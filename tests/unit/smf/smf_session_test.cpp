// An established PDU session through the SMF core: the gNB's tunnel, AN
// release, UE-requested release, ReleaseSMContext, and 5GSM that is wrong.

#include "smf/smf_fixture.hpp"

namespace meridian::smf::test {
namespace {

using type = nas::pdu_session_type_value;
using mode = fake_n4_port::mode;

struct smf_session : smf_fixture {
  void SetUp() override {
    smf_fixture::SetUp();
    auto r = create();
    ASSERT_TRUE(r);
    ref = r->sm_context_ref_;
    ASSERT_NE(smf->context(ref), nullptr);
  }
  std::string ref;
};

TEST_F(smf_session, when_the_gnb_gives_its_tunnel_then_the_downlink_far_forwards_to_it) {
  auto r = n2_setup_response(ref, setup_response_transfer({192, 0, 2, 50}, 0xabcd0001));
  ASSERT_TRUE(r) << (r ? "" : r.error().error_.detail_.value_or(""));
  EXPECT_EQ(r->up_cnx_state_, up_cnx_state::activated);
  ASSERT_EQ(n4.modifications.size(), 1u);
  EXPECT_EQ(n4.modifications[0].first, seid::from(0x5000));
  const auto& m = n4.modifications[0].second;
  ASSERT_EQ(m.update_far_.size(), 1u);
  const auto& far = m.update_far_[0];
  EXPECT_EQ(far.far_id_.value_, 2u);
  ASSERT_TRUE(far.apply_action_);
  EXPECT_TRUE(far.apply_action_->test(pfcp::flags::apply_action::forw));
  ASSERT_TRUE(far.update_forwarding_parameters_);
  EXPECT_EQ(far.update_forwarding_parameters_->destination_interface_->value_, pfcp::interface_value::access);
  const auto& ohc = *far.update_forwarding_parameters_->outer_header_creation_;
  EXPECT_EQ(ohc.description_, pfcp::outer_header_creation::gtpu_udp_ipv4);
  EXPECT_EQ(ohc.teid_, teid::from(0xabcd0001));
  EXPECT_EQ(ohc.ipv4_, (pfcp::ipv4_address{192, 0, 2, 50}));
  EXPECT_EQ(smf->context(ref)->state, sm_state::active);
  EXPECT_EQ(smf->context(ref)->dl_tunnel, (gtp_tunnel_end{{192, 0, 2, 50}, 0xabcd0001}));
}

TEST_F(smf_session, when_the_n2_response_is_malformed_then_the_answer_is_n2_sm_error_and_the_upf_is_left_alone) {
  for (const sbi::bytes& bad : {sbi::bytes{}, sbi::bytes{0xff}, sbi::bytes{0x00, 0x01, 0x02, 0x03, 0x04}}) {
    auto r = n2_setup_response(ref, bad);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().error_.cause_, sbi::cause::n2_sm_error);
  }
  sm_context_update_data no_info;
  no_info.n2_sm_info_type_ = n2_sm_info_type::pdu_res_setup_rsp;
  auto r = update(ref, no_info);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().error_.cause_, sbi::cause::n2_sm_error);
  EXPECT_TRUE(n4.modifications.empty());
  EXPECT_EQ(smf->context(ref)->state, sm_state::awaiting_an);
}

TEST_F(smf_session, when_the_upf_refuses_the_tunnel_then_the_update_fails) {
  n4.modify_mode = mode::no_answer;
  auto r = n2_setup_response(ref, setup_response_transfer({192, 0, 2, 50}, 7));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().error_.cause_, sbi::cause::upf_not_responding);
  EXPECT_NE(smf->context(ref)->state, sm_state::active);
}

TEST_F(smf_session, when_the_an_releases_the_user_plane_then_the_downlink_is_buffered) {
  ASSERT_TRUE(n2_setup_response(ref, setup_response_transfer({192, 0, 2, 50}, 7)));
  sm_context_update_data d;
  d.up_cnx_state_ = up_cnx_state::deactivated;
  auto r = update(ref, d);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->up_cnx_state_, up_cnx_state::deactivated);
  ASSERT_EQ(n4.modifications.size(), 2u);
  const auto& far = n4.modifications[1].second.update_far_.at(0);
  EXPECT_TRUE(far.apply_action_->test(pfcp::flags::apply_action::buff));
  EXPECT_EQ(smf->context(ref)->state, sm_state::inactive);
}

TEST_F(smf_session, when_the_ue_asks_for_release_then_the_upf_session_goes_and_the_ue_gets_the_command) {
  const ipv4_address address = *smf->context(ref)->ipv4;
  auto r = n1(ref, gsm(5, 7, nas::pdu_session_release_request{}));
  ASSERT_TRUE(r);
  ASSERT_EQ(n4.deletions.size(), 1u);
  EXPECT_EQ(n4.deletions[0], seid::from(0x5000));
  EXPECT_EQ(pool().ipv4_in_use(), 0u);
  auto g = decode_gsm(r->n1_sm_msg_);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->pti_, 7) << "the command answers the request's PTI";
  EXPECT_EQ(g->pdu_session_id_, 5);
  const auto* command = std::get_if<nas::pdu_session_release_command>(&g->message_);
  ASSERT_NE(command, nullptr);
  EXPECT_EQ(command->cause_, nas::gsm_cause::regular_deactivation);
  ASSERT_TRUE(r->n2_sm_info_);
  EXPECT_EQ(r->n2_sm_info_type_, n2_sm_info_type::pdu_res_rel_cmd);
  auto t = ngap::decode_pdu_session_resource_release_command_transfer(*r->n2_sm_info_);
  ASSERT_TRUE(t);
  EXPECT_EQ(std::get<ngap::cause_nas>(t->cause_.value_), ngap::cause_nas::normal_release);
  EXPECT_EQ(smf->context(ref)->state, sm_state::releasing);

  // The UE's retransmitted request is answered again, without a second deletion.
  auto again = n1(ref, gsm(5, 7, nas::pdu_session_release_request{}));
  ASSERT_TRUE(again);
  EXPECT_EQ(n4.deletions.size(), 1u);

  sm_context_update_data rel_rsp;
  rel_rsp.n2_sm_info_type_ = n2_sm_info_type::pdu_res_rel_rsp;
  rel_rsp.n2_sm_info_ = sbi::bytes{0x00};
  EXPECT_TRUE(update(ref, rel_rsp));
  auto done = n1(ref, gsm(5, 7, nas::pdu_session_release_complete{}));
  ASSERT_TRUE(done);
  EXPECT_EQ(smf->context(ref), nullptr);
  EXPECT_EQ(status.sm_context_status_notification_.call_count(), 1u);
  // The address can be given again.
  EXPECT_TRUE(pool().allocate_ipv4(address));
}

TEST_F(smf_session, when_release_complete_comes_without_a_release_then_the_answer_is_5gsm_status_98) {
  auto r = n1(ref, gsm(5, 7, nas::pdu_session_release_complete{}));
  ASSERT_FALSE(r);
  EXPECT_EQ(status_cause(r.error().n1_sm_msg_), nas::gsm_cause::message_type_not_compatible_with_protocol_state);
  EXPECT_NE(smf->context(ref), nullptr);
}

TEST_F(smf_session, when_the_release_request_has_no_pti_then_the_answer_is_5gsm_status_81) {
  auto r = n1(ref, gsm(5, 0, nas::pdu_session_release_request{}));
  ASSERT_FALSE(r);
  EXPECT_EQ(status_cause(r.error().n1_sm_msg_), nas::gsm_cause::invalid_pti_value);
  EXPECT_TRUE(n4.deletions.empty());
}

TEST_F(smf_session, when_5gsm_from_the_ue_is_malformed_then_the_answer_is_5gsm_status_and_the_session_stays) {
  // 5GSM STATUS has a mandatory cause: every cut of it is malformed.
  const auto good = gsm(5, 7, nas::gsm_status{nas::gsm_cause::protocol_error_unspecified, {}});
  for (std::size_t n = 1; n < good.size(); ++n) {
    auto r = n1(ref, sbi::bytes(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(n)));
    ASSERT_FALSE(r) << n;
    ASSERT_TRUE(r.error().n1_sm_msg_) << n;
    EXPECT_TRUE(status_cause(r.error().n1_sm_msg_)) << n;
  }
  auto unknown_type = n1(ref, sbi::bytes{0x2e, 0x05, 0x07, 0xee});
  ASSERT_FALSE(unknown_type);
  EXPECT_EQ(status_cause(unknown_type.error().n1_sm_msg_),
            nas::gsm_cause::message_type_non_existent_or_not_implemented);
  auto wrong_session = n1(ref, gsm(6, 7, nas::pdu_session_release_request{}));
  ASSERT_FALSE(wrong_session);
  EXPECT_EQ(status_cause(wrong_session.error().n1_sm_msg_), nas::gsm_cause::invalid_pdu_session_identity);
  auto wrong_direction = n1(ref, gsm(5, 7, nas::pdu_session_release_command{}));
  ASSERT_FALSE(wrong_direction);
  EXPECT_EQ(status_cause(wrong_direction.error().n1_sm_msg_),
            nas::gsm_cause::message_type_not_compatible_with_protocol_state);
  EXPECT_NE(smf->context(ref), nullptr);
  EXPECT_TRUE(n4.deletions.empty());
}

TEST_F(smf_session, when_the_ue_asks_for_modification_then_it_is_rejected_and_the_session_stays) {
  auto r = n1(ref, gsm(5, 9, nas::pdu_session_modification_request{}));
  ASSERT_TRUE(r);
  auto g = decode_gsm(r->n1_sm_msg_);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->pti_, 9);
  EXPECT_TRUE(std::holds_alternative<nas::pdu_session_modification_reject>(g->message_));
  EXPECT_NE(smf->context(ref), nullptr);
}

TEST_F(smf_session, when_the_ue_sends_5gsm_status_then_it_is_noted_and_nothing_is_sent_back) {
  auto r = n1(ref, gsm(5, 0, nas::gsm_status{nas::gsm_cause::protocol_error_unspecified, {}}));
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->n1_sm_msg_);
}

TEST_F(smf_session, when_the_amf_releases_the_context_then_the_upf_session_and_the_address_go) {
  auto r = run(smf->release_sm_context(ref, {}));
  ASSERT_TRUE(r && *r);
  ASSERT_EQ(n4.deletions.size(), 1u);
  EXPECT_EQ(n4.deletions[0], seid::from(0x5000));
  EXPECT_EQ(pool().ipv4_in_use(), 0u);
  EXPECT_EQ(smf->context(ref), nullptr);
  auto again = run(smf->release_sm_context(ref, {}));
  ASSERT_TRUE(again);
  ASSERT_FALSE(*again);
  EXPECT_EQ(again->error().cause_, sbi::cause::context_not_found);
  EXPECT_EQ(again->error().status_, 404);
}

TEST_F(smf_session, when_the_amf_releases_the_context_during_a_ue_requested_release_then_it_is_gone) {
  ASSERT_TRUE(n1(ref, gsm(5, 7, nas::pdu_session_release_request{})));
  auto r = run(smf->release_sm_context(ref, {}));
  ASSERT_TRUE(r && *r);
  EXPECT_EQ(smf->context(ref), nullptr);
  EXPECT_EQ(smf->context_count(), 0u);
  EXPECT_EQ(n4.deletions.size(), 1u) << "deleted once, by the UE's request";
}

TEST_F(smf_session, when_the_upf_fails_the_deletion_then_the_context_and_address_go_all_the_same) {
  n4.remove_mode = mode::no_answer;
  auto r = run(smf->release_sm_context(ref, {}));
  ASSERT_TRUE(r && *r);
  EXPECT_EQ(pool().ipv4_in_use(), 0u);
  EXPECT_EQ(smf->counters().n4_failures, 1u);
}

TEST_F(smf_session, when_the_sm_context_ref_is_unknown_then_the_answer_is_context_not_found) {
  auto u = update("no-such-ref", {});
  ASSERT_FALSE(u);
  EXPECT_EQ(u.error().error_.cause_, sbi::cause::context_not_found);
  EXPECT_EQ(u.error().error_.status_, 404);
  auto r = run(smf->release_sm_context("no-such-ref", {}));
  ASSERT_TRUE(r);
  ASSERT_FALSE(*r);
  EXPECT_EQ(r->error().cause_, sbi::cause::context_not_found);
}

}  // namespace
}  // namespace meridian::smf::test
