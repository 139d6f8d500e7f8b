// CM-IDLE in the AMF (TS 24.501 §5.3.7, §5.5.1.3, §5.6.1, §5.6.2; TS 23.502
// §4.2.3, §4.2.6): a registered UE whose connection ends stays registered
// with its security context and its sessions' routing contexts; it comes
// back with a Service Request (its uplink data reactivating sessions, or
// because it was paged for the SMF's downlink), with a periodic registration
// that needs no new authentication, or not at all (implicit deregistration).

#include "amf/amf_session_fixture.hpp"

namespace meridian::amf {
namespace {

using namespace test;

struct idle_mode : session_fixture {
  void SetUp() override {
    session_fixture::SetUp();
    tmsi = ctx()->guti->tmsi_.value();
    guti = *ctx()->guti;
  }
  /// The UE's Service Request as it goes out of CM-IDLE: the cleartext IEs,
  /// and, when it has statuses to give, the whole message ciphered in the NAS
  /// message container (TS 24.501 §4.4.6); integrity protected (header type 1).
  std::vector<std::uint8_t> service_request(nas::service_type_value type,
                                            std::optional<std::uint16_t> uplink_data_status = std::nullopt,
                                            std::optional<std::uint16_t> pdu_session_status = std::nullopt) {
    nas::service_request sr;
    sr.ngksi_.ksi_ = phone.security->ngksi();
    sr.service_type_.value_ = type;
    sr.s_tmsi_ = nas::mobile_identity{nas::s_tmsi_5g_identity{.value_ = model::s_tmsi_5g::of(guti)}};
    if (uplink_data_status || pdu_session_status) {
      nas::service_request whole = sr;
      if (uplink_data_status) whole.uplink_data_status_ = nas::psi_bitmap{.psi_ = *uplink_data_status, .spare_ = {}};
      if (pdu_session_status) whole.pdu_session_status_ = nas::psi_bitmap{.psi_ = *pdu_session_status, .spare_ = {}};
      auto value = *nas::encode_nas(whole);
      EXPECT_TRUE(nas::cipher_container(*phone.security, value));
      sr.nas_message_container_ = nas::octets{std::move(value)};
    }
    return phone.seal(sr, nas::security_header_type::integrity_protected);
  }
  /// A new connection from the UE, with `nas_pdu` in the Initial UE Message.
  void connect(const std::vector<std::uint8_t>& nas_pdu) {
    gnb_sends(initial_ue_message(5, nas_pdu));
    const auto ids = amf.ues().on(gnb_a);
    ASSERT_EQ(ids.size(), 1u);
    id = ids.front().value();
  }
  void context_setup_response_with_sessions(bool ok) {
    const auto* r = out.last_initiating<ngap::initial_context_setup_request>();
    ASSERT_NE(r, nullptr);
    ngap::initial_context_setup_response resp;
    resp.amf_ue_ngap_id_ = r->amf_ue_ngap_id_;
    resp.ran_ue_ngap_id_ = r->ran_ue_ngap_id_;
    if (r->pdu_session_resource_setup_list_cxt_req_) {
      for (const auto& item : *r->pdu_session_resource_setup_list_cxt_req_) {
        if (ok) {
          if (!resp.pdu_session_resource_setup_list_cxt_res_) resp.pdu_session_resource_setup_list_cxt_res_.emplace();
          resp.pdu_session_resource_setup_list_cxt_res_->push_back(
              {.pdu_session_id_ = item.pdu_session_id_,
               .pdu_session_resource_setup_response_transfer_ = setup_response_transfer,
               .ie_extensions_ = {},
               .unknown_extensions_ = {}});
        } else {
          if (!resp.pdu_session_resource_failed_to_setup_list_cxt_res_)
            resp.pdu_session_resource_failed_to_setup_list_cxt_res_.emplace();
          resp.pdu_session_resource_failed_to_setup_list_cxt_res_->push_back(
              {.pdu_session_id_ = item.pdu_session_id_,
               .pdu_session_resource_setup_unsuccessful_transfer_ = setup_unsuccessful_transfer,
               .ie_extensions_ = {},
               .unknown_extensions_ = {}});
        }
      }
    }
    gnb_sends(n2::encode(n2::make_pdu<ngap::successful_outcome>(std::move(resp))));
  }
  /// Establishes session 1 and lets the connection go: the UE is in CM-IDLE.
  void go_idle_with_a_session() {
    establish("sm-1");
    fake_smf.update_sm_context_.will_answer(smf::sm_context_updated_data{});  // the deactivation
    release_connection();
    ASSERT_EQ(mm->idle_count(), 1u);
  }
  std::uint32_t tmsi = 0;
  model::guti_5g guti;
};

TEST_F(idle_mode, a_registered_ue_whose_connection_ends_stays_registered_with_its_sessions_deactivated) {
  go_idle_with_a_session();
  EXPECT_EQ(ctx(), nullptr);
  const mm_context* idle = mm->find_idle(*model::tmsi_5g::from(tmsi));
  ASSERT_NE(idle, nullptr);
  EXPECT_EQ(idle->state, mm_state::registered);
  ASSERT_TRUE(idle->sessions);
  EXPECT_EQ(idle->sessions->links.at(psi1).sm_context_ref, "sm-1");
  // TS 23.502 §4.2.6 step 5: the SMF is told the user plane is down.
  ASSERT_EQ(fake_smf.update_sm_context_.call_count(), 2u);
  EXPECT_EQ(fake_smf.update_sm_context_.last<0>(), "sm-1");
  EXPECT_EQ(fake_smf.update_sm_context_.last<1>().up_cnx_state_, smf::up_cnx_state::deactivated);
  EXPECT_EQ(fake_smf.release_sm_context_.call_count(), 0u);
  EXPECT_EQ(mm->counters().idle_entries, 1u);
}

TEST_F(idle_mode, a_service_request_with_uplink_data_reactivates_the_session_in_the_initial_context_setup) {
  go_idle_with_a_session();
  // The SMF answers the activation with the N2 setup transfer (TS 23.502 §4.2.3.2 step 11).
  fake_smf.update_sm_context_.will_answer(
      smf::sm_context_updated_data{.up_cnx_state_ = smf::up_cnx_state::activating,
                                   .ho_state_ = {},
                                   .n1_sm_msg_ = {},
                                   .n2_sm_info_ = setup_request_transfer,
                                   .n2_sm_info_type_ = smf::n2_sm_info_type::pdu_res_setup_req,
                                   .data_forwarding_ = {},
                                   .cause_ = {},
                                   .supported_features_ = {}});
  const std::uint32_t count = *phone.security->next_send_count();
  connect(service_request(nas::service_type_value::data, 1u << psi1, 1u << psi1));
  ASSERT_NE(ctx(), nullptr);
  EXPECT_EQ(mm->idle_count(), 0u);
  ASSERT_EQ(fake_smf.update_sm_context_.call_count(), 3u);
  EXPECT_EQ(fake_smf.update_sm_context_.last<1>().up_cnx_state_, smf::up_cnx_state::activating);

  const auto* ics = out.last_initiating<ngap::initial_context_setup_request>();
  ASSERT_NE(ics, nullptr);
  // TS 33.501 A.9: K_gNB from the uplink NAS COUNT of the Service Request.
  EXPECT_EQ(to_hex(ics->security_key_.bytes_), to_hex(security::derive_kgnb(phone.kamf(), count).bytes()));
  ASSERT_TRUE(ics->pdu_session_resource_setup_list_cxt_req_);
  ASSERT_EQ(ics->pdu_session_resource_setup_list_cxt_req_->size(), 1u);
  EXPECT_EQ((*ics->pdu_session_resource_setup_list_cxt_req_)[0].pdu_session_id_, psi1);
  EXPECT_EQ((*ics->pdu_session_resource_setup_list_cxt_req_)[0].pdu_session_resource_setup_request_transfer_,
            setup_request_transfer);
  ASSERT_TRUE(ics->ue_aggregate_maximum_bit_rate_);
  ASSERT_TRUE(ics->nas_pdu_);
  const auto accept = phone.receive(*ics->nas_pdu_);
  ASSERT_TRUE(accept);
  const auto* sa = std::get_if<nas::service_accept>(&*accept);
  ASSERT_NE(sa, nullptr);
  ASSERT_TRUE(sa->pdu_session_status_);
  EXPECT_EQ(sa->pdu_session_status_->psi_, 1u << psi1);
  ASSERT_TRUE(sa->pdu_session_reactivation_result_);
  EXPECT_EQ(sa->pdu_session_reactivation_result_->psi_, 0u);  // nothing failed

  fake_smf.update_sm_context_.will_answer(smf::sm_context_updated_data{});
  context_setup_response_with_sessions(true);
  ASSERT_EQ(fake_smf.update_sm_context_.call_count(), 4u);
  EXPECT_EQ(fake_smf.update_sm_context_.last<1>().n2_sm_info_type_, smf::n2_sm_info_type::pdu_res_setup_rsp);
  EXPECT_EQ(fake_smf.update_sm_context_.last<1>().n2_sm_info_, setup_response_transfer);
  EXPECT_EQ(mm->counters().service_accepts, 1u);
}

TEST_F(idle_mode, a_session_the_ue_no_longer_has_is_released_and_one_it_wants_but_the_amf_lacks_is_reported) {
  go_idle_with_a_session();
  fake_smf.release_sm_context_.will_answer(smf::sm_context_released_data{});
  // The UE says it has no session 1 any more, and has data for session 2 the AMF never saw.
  connect(service_request(nas::service_type_value::data, 1u << 2, 0));
  ASSERT_EQ(fake_smf.release_sm_context_.call_count(), 1u);
  EXPECT_EQ(fake_smf.release_sm_context_.last<1>().cause_, smf::cause::pdu_session_status_mismatch);
  const auto* ics = out.last_initiating<ngap::initial_context_setup_request>();
  ASSERT_NE(ics, nullptr);
  EXPECT_FALSE(ics->pdu_session_resource_setup_list_cxt_req_);
  const auto accept = phone.receive(*ics->nas_pdu_);
  const auto* sa = accept ? std::get_if<nas::service_accept>(&*accept) : nullptr;
  ASSERT_NE(sa, nullptr);
  EXPECT_EQ(sa->pdu_session_status_->psi_, 0u);
  EXPECT_EQ(sa->pdu_session_reactivation_result_->psi_, 1u << 2);
}

TEST_F(idle_mode, the_smfs_downlink_pages_the_ue_and_its_service_request_collects_the_session) {
  go_idle_with_a_session();
  const auto pagings_before = out.count<ngap::paging>();
  const auto r = smf_transfers({}, amf::ngap_ie_type::pdu_res_setup_req, setup_request_transfer);
  ASSERT_TRUE(r);
  ASSERT_TRUE(*r);
  EXPECT_EQ((*r)->cause_, amf::n1_n2_message_transfer_cause::attempting_to_reach_ue);
  ASSERT_EQ(out.count<ngap::paging>(), pagings_before + 1);
  const auto* paging = out.last_initiating<ngap::paging>();
  const auto* s_tmsi = std::get_if<ngap::five_g_s_tmsi>(&paging->ue_paging_identity_.value_);
  ASSERT_NE(s_tmsi, nullptr);
  EXPECT_EQ(n2::decode_s_tmsi(*s_tmsi), model::s_tmsi_5g::of(guti));
  ASSERT_EQ(paging->tai_list_for_paging_.size(), 1u);
  EXPECT_EQ(n2::decode_tai(paging->tai_list_for_paging_[0].tai_), (model::tai{model::plmn{}, model::tac::literal(1)}));
  // T3513: paged again while the UE does not answer.
  advance(mm->config().t3513);
  EXPECT_EQ(out.count<ngap::paging>(), pagings_before + 2);
  EXPECT_EQ(mm->counters().t3513_expiries, 1u);

  connect(service_request(nas::service_type_value::mobile_terminated_services));
  const auto* ics = out.last_initiating<ngap::initial_context_setup_request>();
  ASSERT_NE(ics, nullptr);
  ASSERT_TRUE(ics->pdu_session_resource_setup_list_cxt_req_);
  EXPECT_EQ((*ics->pdu_session_resource_setup_list_cxt_req_)[0].pdu_session_resource_setup_request_transfer_,
            setup_request_transfer);
  fake_smf.update_sm_context_.will_answer(smf::sm_context_updated_data{});
  context_setup_response_with_sessions(true);
  EXPECT_EQ(fake_smf.update_sm_context_.last<1>().n2_sm_info_type_, smf::n2_sm_info_type::pdu_res_setup_rsp);
  // Paging stopped with the answer.
  advance(mm->config().t3513 * 4);
  EXPECT_EQ(out.count<ngap::paging>(), pagings_before + 2);
}

TEST_F(idle_mode, paging_without_an_answer_stops_after_its_attempts) {
  go_idle_with_a_session();
  const auto pagings_before = out.count<ngap::paging>();
  ASSERT_TRUE(smf_transfers({}, amf::ngap_ie_type::pdu_res_setup_req, setup_request_transfer));
  for (int i = 0; i < 10; ++i) advance(mm->config().t3513);
  EXPECT_EQ(out.count<ngap::paging>(), pagings_before + static_cast<std::size_t>(mm->config().paging_attempts));
  EXPECT_EQ(mm->counters().paging_failures, 1u);
  EXPECT_TRUE(mm->find_idle(*model::tmsi_5g::from(tmsi))->sessions->queue.empty());
}

TEST_F(idle_mode, a_service_request_failing_its_integrity_check_is_rejected_and_the_context_kept) {
  go_idle_with_a_session();
  auto forged = service_request(nas::service_type_value::signalling);
  forged[3] ^= 0x01;  // the NAS-MAC
  connect(forged);
  const auto m = downlink();
  ASSERT_TRUE(m);
  const auto* reject = std::get_if<nas::service_reject>(&*m);
  ASSERT_NE(reject, nullptr);
  EXPECT_EQ(reject->cause_, nas::gmm_cause::ue_identity_cannot_be_derived);
  EXPECT_NE(mm->find_idle(*model::tmsi_5g::from(tmsi)), nullptr);
  // The real UE still gets through.
  connect(service_request(nas::service_type_value::signalling));
  EXPECT_NE(out.last_initiating<ngap::initial_context_setup_request>(), nullptr);
  EXPECT_EQ(mm->idle_count(), 0u);
}

TEST_F(idle_mode, a_service_request_for_an_unknown_5g_s_tmsi_is_rejected_with_cause_9) {
  go_idle_with_a_session();
  guti.tmsi_ = *model::tmsi_5g::from(tmsi ^ 0x5a5a5a5au);
  connect(service_request(nas::service_type_value::signalling));
  const auto m = downlink();
  ASSERT_TRUE(m);
  const auto* reject = std::get_if<nas::service_reject>(&*m);
  ASSERT_NE(reject, nullptr);
  EXPECT_EQ(reject->cause_, nas::gmm_cause::ue_identity_cannot_be_derived);
  EXPECT_EQ(mm->counters().service_rejects, 1u);
}

TEST_F(idle_mode, a_periodic_registration_is_accepted_without_authentication_and_the_ue_returns_to_idle) {
  go_idle_with_a_session();
  const auto authentications = mm->counters().authentications_started;
  nas::registration_request rr;
  rr.registration_type_.value_ = nas::registration_type_value::periodic_updating;
  rr.ngksi_.ksi_ = phone.security->ngksi();
  rr.mobile_identity_ = nas::mobile_identity{nas::guti_5g_identity{.value_ = guti}};
  connect(phone.seal(rr, nas::security_header_type::integrity_protected));
  const auto m = downlink();
  ASSERT_TRUE(m);
  const auto* accept = std::get_if<nas::registration_accept>(&*m);
  ASSERT_NE(accept, nullptr);
  const auto* g = std::get_if<nas::guti_5g_identity>(&accept->guti_->value_);
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->value_, guti);  // kept: no Registration Complete to wait for
  EXPECT_TRUE(accept->t3512_value_);
  EXPECT_EQ(mm->counters().authentications_started, authentications);
  EXPECT_EQ(mm->counters().periodic_registrations, 1u);
  // The AMF lets the connection go: the UE is back in CM-IDLE.
  fake_smf.update_sm_context_.will_answer(smf::sm_context_updated_data{});
  complete_release();
  EXPECT_EQ(mm->idle_count(), 1u);
}

TEST_F(idle_mode, a_periodic_registration_from_a_ue_without_a_context_here_is_rejected_with_cause_9) {
  go_idle_with_a_session();
  nas::registration_request rr;
  rr.registration_type_.value_ = nas::registration_type_value::periodic_updating;
  rr.ngksi_.ksi_ = 7;
  model::guti_5g stranger = guti;
  stranger.tmsi_ = *model::tmsi_5g::from(tmsi ^ 1u);
  rr.mobile_identity_ = nas::mobile_identity{nas::guti_5g_identity{.value_ = stranger}};
  connect(*nas::encode_nas(nas::gmm_message{rr}));
  const auto m = downlink();
  ASSERT_TRUE(m);
  const auto* reject = std::get_if<nas::registration_reject>(&*m);
  ASSERT_NE(reject, nullptr);
  EXPECT_EQ(reject->cause_, nas::gmm_cause::ue_identity_cannot_be_derived);
}

TEST_F(idle_mode, an_unreachable_ue_is_implicitly_deregistered) {
  go_idle_with_a_session();
  fake_smf.release_sm_context_.will_answer(smf::sm_context_released_data{});
  const auto& c = mm->config();
  advance(std::chrono::duration_cast<std::chrono::milliseconds>(c.t3512 + c.mobile_reachable_margin));
  EXPECT_EQ(mm->counters().mobile_reachable_expiries, 1u);
  EXPECT_EQ(mm->idle_count(), 1u);
  advance(std::chrono::duration_cast<std::chrono::milliseconds>(c.implicit_deregistration));
  EXPECT_EQ(mm->idle_count(), 0u);
  EXPECT_EQ(mm->counters().implicit_deregistrations, 1u);
  ASSERT_EQ(fake_smf.release_sm_context_.call_count(), 1u);
  EXPECT_EQ(fake_smf.release_sm_context_.last<0>(), "sm-1");
  const auto& stored = hn.udr.subscribers.at(ausf::test::alice).amf_3gpp;
  ASSERT_TRUE(stored);
  EXPECT_TRUE(stored->purge_flag_.value_or(false));
  // And it is not known any more.
  const auto r = smf_transfers(accept_n1, std::nullopt, {});
  ASSERT_TRUE(r);
  EXPECT_FALSE(*r);
}

TEST_F(idle_mode, a_ue_coming_back_stops_its_reachability_timers) {
  go_idle_with_a_session();
  const auto& c = mm->config();
  advance(std::chrono::duration_cast<std::chrono::milliseconds>(c.t3512));
  connect(service_request(nas::service_type_value::signalling));
  context_setup_response_with_sessions(true);
  advance(std::chrono::duration_cast<std::chrono::milliseconds>(c.mobile_reachable_margin + c.implicit_deregistration));
  EXPECT_EQ(mm->counters().mobile_reachable_expiries, 0u);
  EXPECT_EQ(mm->counters().implicit_deregistrations, 0u);
  EXPECT_NE(ctx(), nullptr);
}

TEST_F(idle_mode, an_idle_ue_deregistering_is_forgotten_with_its_sessions) {
  go_idle_with_a_session();
  fake_smf.release_sm_context_.will_answer(smf::sm_context_released_data{});
  nas::deregistration_request_ue_originating r;
  r.deregistration_type_.switch_off_ = true;
  r.ngksi_.ksi_ = phone.security->ngksi();
  r.mobile_identity_ = nas::mobile_identity{nas::guti_5g_identity{.value_ = guti}};
  connect(phone.seal(r, nas::security_header_type::integrity_protected));
  complete_release();
  EXPECT_EQ(mm->idle_count(), 0u);
  EXPECT_EQ(fake_smf.release_sm_context_.call_count(), 1u);
  EXPECT_EQ(mm->counters().ue_deregistrations, 1u);
}

}  // namespace
}  // namespace meridian::amf
