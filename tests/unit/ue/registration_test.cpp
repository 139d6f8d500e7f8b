// Initial registration (TS 24.501 §5.5.1.2) against the AMF double: what the
// UE sends, what it stores, the reject causes by class (§5.5.1.2.5) and the
// abnormal cases with the attempt counter, T3510, T3511 and T3502 (§5.5.1.2.7).

#include "ue/ue_fixture.hpp"

namespace meridian::ue::test {
namespace {

using registration = ue_fixture;

TEST_F(registration, without_a_security_context_the_initial_request_is_plain_with_cleartext_ies_and_the_suci) {
  ASSERT_TRUE(ue->register_initial());
  ASSERT_EQ(amf.uplinks.size(), 1u);
  EXPECT_TRUE(amf.uplinks[0].initial) << "the Request opens the connection";
  EXPECT_EQ(amf.last_cause, establishment_cause::mo_signalling);
  const auto* rr = amf.last_as<nas::registration_request>();
  ASSERT_NE(rr, nullptr);
  EXPECT_EQ(amf.last_protection, nas::security_header_type::plain);
  EXPECT_EQ(rr->registration_type_.value_, nas::registration_type_value::initial);
  EXPECT_EQ(rr->ngksi_.ksi_, 7) << "no key available";
  const auto* suci = std::get_if<nas::suci_imsi>(&rr->mobile_identity_.value_);
  ASSERT_NE(suci, nullptr);
  EXPECT_EQ(suci->protection_scheme_, 0);
  EXPECT_EQ(suci->msin(), "0000000001");
  ASSERT_TRUE(rr->ue_security_capability_);
  EXPECT_EQ(rr->ue_security_capability_->ea_, 0xf0);
  EXPECT_EQ(rr->ue_security_capability_->ia_, 0xf0);
  // TS 24.501 §4.4.6: the requested NSSAI is not a cleartext IE.
  EXPECT_FALSE(rr->requested_nssai_);
  EXPECT_FALSE(rr->nas_message_container_);
  EXPECT_EQ(ue->state(), mm_state::registered_initiated);
  EXPECT_EQ(ue->running_timer(), mm_timer::t3510);
}

TEST_F(registration, a_whole_registration_stores_the_guti_tai_list_allowed_nssai_and_t3512_and_completes) {
  ASSERT_TRUE(ue->register_initial());
  ASSERT_NO_FATAL_FAILURE(authenticate());
  const auto* complete = secure();
  ASSERT_NE(complete, nullptr);
  EXPECT_EQ(amf.last_protection, nas::security_header_type::integrity_protected_and_ciphered_with_new_context);
  ASSERT_TRUE(complete->imeisv_);
  EXPECT_EQ(std::get<nas::imeisv>(complete->imeisv_->value_).digits_, imeisv_digits);
  // §4.4.6: the initial Request went with cleartext IEs only, so the whole one follows here.
  ASSERT_TRUE(complete->nas_message_container_);
  auto whole = nas::decode_nas(complete->nas_message_container_->bytes_);
  ASSERT_TRUE(whole);
  const auto& rr = std::get<nas::registration_request>(std::get<nas::gmm_pdu>(*whole).message_);
  ASSERT_TRUE(rr.requested_nssai_);
  EXPECT_EQ(rr.requested_nssai_->s_nssais_.size(), 1u);
  EXPECT_TRUE(rr.gmm_capability_);

  down(amf.seal(accept_message()));
  ASSERT_NE(amf.last_as<nas::registration_complete>(), nullptr);
  EXPECT_EQ(amf.last_protection, nas::security_header_type::integrity_protected_and_ciphered);
  EXPECT_EQ(ue->state(), mm_state::registered);
  EXPECT_EQ(ue->status(), update_status::updated);
  EXPECT_EQ(ue->running_timer(), mm_timer::none) << "T3510 stops";
  EXPECT_EQ(ue->guti(), test_guti());
  ASSERT_EQ(ue->tai_list().size(), 2u);
  EXPECT_EQ(ue->tai_list()[1].tac_, model::tac::literal(2));
  ASSERT_EQ(ue->allowed_nssai().size(), 1u);
  EXPECT_EQ(ue->t3512(), std::chrono::seconds(1800));
  EXPECT_EQ(ue->last_visited_registered_tai(), cfg.serving_tai);
  ASSERT_NE(ue->security_context(), nullptr);
  EXPECT_EQ(ue->security_context()->integrity(), crypto::nia::nia2);
  EXPECT_EQ(*ue->kamf(), *amf.kamf) << "the UE's K_AMF is the network's";
}

TEST_F(registration, an_accept_without_a_guti_is_not_acknowledged) {
  ASSERT_TRUE(ue->register_initial());
  ASSERT_NO_FATAL_FAILURE(authenticate());
  ASSERT_NE(secure(), nullptr);
  const auto sent = amf.uplinks.size();
  auto a = accept_message();
  a.guti_.reset();
  down(amf.seal(a));
  EXPECT_EQ(ue->state(), mm_state::registered);
  EXPECT_EQ(amf.uplinks.size(), sent);
}

TEST_F(registration, a_registered_ue_with_a_context_sends_its_guti_integrity_protected_with_the_whole_request_ciphered) {
  ASSERT_NO_FATAL_FAILURE(register_fully());
  ue->on_connection_released();
  ASSERT_TRUE(ue->deregister(true));  // switch off, then on again
  ue->on_connection_released();
  ASSERT_TRUE(ue->register_initial());
  const auto& last = amf.uplinks.back();
  EXPECT_TRUE(last.initial);
  const auto* rr = amf.last_as<nas::registration_request>();
  ASSERT_NE(rr, nullptr) << "the MAC verifies with the network's context";
  EXPECT_EQ(amf.last_protection, nas::security_header_type::integrity_protected) << "an initial message is not ciphered";
  EXPECT_EQ(rr->ngksi_.ksi_, 0);
  const auto* g = std::get_if<nas::guti_5g_identity>(&rr->mobile_identity_.value_);
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->value_, test_guti());
  ASSERT_TRUE(rr->nas_message_container_);
  // §4.4.6: the container is ciphered with the COUNT of the message that carries it.
  auto value = rr->nas_message_container_->bytes_;
  ASSERT_TRUE(nas::cipher_container(*amf.ctx, value, amf.ctx->last_received_count()));
  auto whole = nas::decode_nas(value);
  ASSERT_TRUE(whole);
  const auto& inner = std::get<nas::registration_request>(std::get<nas::gmm_pdu>(*whole).message_);
  EXPECT_TRUE(inner.requested_nssai_);
  ASSERT_TRUE(inner.last_visited_registered_tai_);
}

TEST_F(registration, with_rinmr_the_complete_carries_the_whole_request_even_after_a_container) {
  ASSERT_NO_FATAL_FAILURE(register_fully());
  ue->on_connection_released();
  ASSERT_TRUE(ue->deregister(true));
  ue->on_connection_released();
  ASSERT_TRUE(ue->register_initial());
  ASSERT_NO_FATAL_FAILURE(authenticate(1));
  const auto* without = secure();
  ASSERT_NE(without, nullptr);
  EXPECT_FALSE(without->nas_message_container_) << "the AMF had the container and did not ask";

  // Again, now the AMF asks (RINMR).
  make_ue();
  amf = amf_double{};
  ASSERT_NO_FATAL_FAILURE(register_fully());
  ue->on_connection_released();
  ASSERT_TRUE(ue->deregister(true));
  ue->on_connection_released();
  ASSERT_TRUE(ue->register_initial());
  ASSERT_NO_FATAL_FAILURE(authenticate(1));
  amf_double::smc_options o;
  o.rinmr = true;
  const auto* with = secure(o);
  ASSERT_NE(with, nullptr);
  ASSERT_TRUE(with->nas_message_container_);
  auto whole = nas::decode_nas(with->nas_message_container_->bytes_);
  ASSERT_TRUE(whole) << "the container is the unciphered whole Request";
  EXPECT_TRUE(std::holds_alternative<nas::registration_request>(std::get<nas::gmm_pdu>(*whole).message_));
}

TEST_F(registration, with_a_profile_a_suci_the_complete_carries_the_very_request_that_was_sent) {
  // TS 33.501 C.4.3.1's home network key pair (X25519).
  auto info = std::make_shared<suci_calc_info>();
  info->scheme = model::protection_scheme::profile_a;
  info->home_network_public_key = *from_hex("5a8d38864820197c3394b92613b20b91633cbd897119273bf8e4a6f4eec0a650");
  info->home_network_public_key_id = 1;
  suci_info = info;
  make_ue();
  ASSERT_TRUE(ue->register_initial());
  const auto* rr = amf.last_as<nas::registration_request>();
  ASSERT_NE(rr, nullptr);
  const auto sent_identity = rr->mobile_identity_;
  const auto& suci = std::get<nas::suci_imsi>(sent_identity.value_);
  EXPECT_EQ(suci.protection_scheme_, 1);
  EXPECT_EQ(suci.home_network_public_key_id_, 1);
  auto concealed = suci.to_model();
  ASSERT_TRUE(concealed);
  auto supi = security::deconceal(*concealed, *from_hex("c53c22208b61860b06c62e5406a7b330c2b577aa5558981510d128247d38bd1d"));
  ASSERT_TRUE(supi) << "the home network recovers the SUPI";
  EXPECT_EQ(supi->to_string(), supi_text);
  ASSERT_NO_FATAL_FAILURE(authenticate());
  const auto* complete = secure();
  ASSERT_NE(complete, nullptr);
  ASSERT_TRUE(complete->nas_message_container_);
  auto whole = nas::decode_nas(complete->nas_message_container_->bytes_);
  ASSERT_TRUE(whole);
  const auto& inner = std::get<nas::registration_request>(std::get<nas::gmm_pdu>(*whole).message_);
  EXPECT_EQ(inner.mobile_identity_, sent_identity) << "the same SUCI, not a newly concealed one";
}

struct reject_case {
  nas::gmm_cause cause;
  mm_substate substate;
  update_status status;
  bool guti_deleted;
  mm_timer timer;
};

class registration_reject : public ue_fixture, public ::testing::WithParamInterface<reject_case> {};

TEST_P(registration_reject, each_cause_class_leaves_the_state_the_specification_gives) {
  const auto c = GetParam();
  ASSERT_NO_FATAL_FAILURE(register_fully());  // a 5G-GUTI to delete, or not
  ASSERT_TRUE(ue->deregister(false));
  down(amf.seal(nas::deregistration_accept_ue_originating{}));
  ue->on_connection_released();
  ASSERT_EQ(ue->state(), mm_state::deregistered);
  ASSERT_TRUE(ue->register_initial());
  nas::registration_reject r;
  r.cause_ = c.cause;
  down(amf.plain(r));  // §4.4.4.2: processed without integrity protection
  EXPECT_EQ(ue->state(), mm_state::deregistered);
  EXPECT_EQ(ue->substate(), c.substate) << to_string(ue->substate());
  EXPECT_EQ(ue->status(), c.status);
  EXPECT_EQ(ue->guti().has_value(), !c.guti_deleted);
  EXPECT_EQ(ue->running_timer(), c.timer) << to_string(ue->running_timer());
  EXPECT_EQ(ue->last_cause(), c.cause);
}

INSTANTIATE_TEST_SUITE_P(
    by_cause, registration_reject,
    ::testing::Values(
        reject_case{nas::gmm_cause::illegal_ue, mm_substate::no_supi, update_status::roaming_not_allowed, true, mm_timer::none},
        reject_case{nas::gmm_cause::illegal_me, mm_substate::no_supi, update_status::roaming_not_allowed, true, mm_timer::none},
        reject_case{nas::gmm_cause::fivegs_services_not_allowed, mm_substate::no_supi, update_status::roaming_not_allowed, true, mm_timer::none},
        reject_case{nas::gmm_cause::plmn_not_allowed, mm_substate::plmn_search, update_status::roaming_not_allowed, true, mm_timer::none},
        reject_case{nas::gmm_cause::serving_network_not_authorized, mm_substate::plmn_search, update_status::roaming_not_allowed, true, mm_timer::none},
        reject_case{nas::gmm_cause::tracking_area_not_allowed, mm_substate::limited_service, update_status::roaming_not_allowed, true, mm_timer::none},
        reject_case{nas::gmm_cause::roaming_not_allowed_in_this_tracking_area, mm_substate::limited_service, update_status::roaming_not_allowed, true, mm_timer::none},
        reject_case{nas::gmm_cause::no_suitable_cells_in_tracking_area, mm_substate::limited_service, update_status::roaming_not_allowed, true, mm_timer::none},
        reject_case{nas::gmm_cause::n1_mode_not_allowed, mm_substate::limited_service, update_status::roaming_not_allowed, true, mm_timer::none},
        reject_case{nas::gmm_cause::no_network_slices_available, mm_substate::limited_service, update_status::not_updated, false, mm_timer::none},
        // #22 without T3346, and a cause §5.5.1.2.5 does not list: abnormal, the attempt counter.
        reject_case{nas::gmm_cause::congestion, mm_substate::attempting_registration, update_status::not_updated, false, mm_timer::t3511},
        reject_case{nas::gmm_cause::protocol_error_unspecified, mm_substate::attempting_registration, update_status::not_updated, false, mm_timer::t3511}));

TEST_F(registration, after_cause_3_the_usim_is_invalid_for_further_registrations) {
  ASSERT_TRUE(ue->register_initial());
  nas::registration_reject r;
  r.cause_ = nas::gmm_cause::illegal_ue;
  down(amf.plain(r));
  ue->on_connection_released();
  const auto sent = amf.uplinks.size();
  EXPECT_FALSE(ue->register_initial());
  advance(std::chrono::hours(1));
  EXPECT_EQ(amf.uplinks.size(), sent) << "no attempt of its own either";
}

TEST_F(registration, congestion_with_t3346_backs_off_that_long_then_tries_again) {
  ASSERT_TRUE(ue->register_initial());
  nas::registration_reject r;
  r.cause_ = nas::gmm_cause::congestion;
  r.t3346_value_ = nas::gprs_timer_2{1, 2};  // 2 minutes
  down(amf.plain(r));
  EXPECT_EQ(ue->running_timer(), mm_timer::t3346);
  EXPECT_EQ(ue->attempt_counter(), 0);
  ue->on_connection_released();
  const auto sent = amf.uplinks.size();
  advance(119s);
  EXPECT_EQ(amf.uplinks.size(), sent);
  advance(1s);
  ASSERT_EQ(amf.uplinks.size(), sent + 1);
  EXPECT_NE(amf.last_as<nas::registration_request>(), nullptr);
  EXPECT_EQ(ue->state(), mm_state::registered_initiated);
}

TEST_F(registration, t3510_expiry_releases_locally_and_t3511_retries_until_the_fifth_attempt_starts_t3502) {
  ASSERT_TRUE(ue->register_initial());
  for (int attempt = 1; attempt <= 5; ++attempt) {
    ASSERT_EQ(ue->state(), mm_state::registered_initiated) << attempt;
    const auto sent = amf.uplinks.size();
    advance(14999ms);
    EXPECT_EQ(ue->running_timer(), mm_timer::t3510);
    advance(1ms);  // T3510 = 15 s
    EXPECT_EQ(amf.local_releases, attempt);
    EXPECT_EQ(ue->attempt_counter(), attempt);
    EXPECT_EQ(ue->state(), mm_state::deregistered);
    EXPECT_EQ(ue->substate(), mm_substate::attempting_registration);
    EXPECT_EQ(amf.uplinks.size(), sent) << "nothing is sent on the expiry itself";
    if (attempt < 5) {
      EXPECT_EQ(ue->running_timer(), mm_timer::t3511);
      advance(10s);  // T3511 = 10 s: a new attempt on a new connection
      ASSERT_EQ(amf.uplinks.size(), sent + 1);
      EXPECT_TRUE(amf.uplinks.back().initial);
      EXPECT_NE(amf.last_as<nas::registration_request>(), nullptr);
    }
  }
  EXPECT_EQ(ue->running_timer(), mm_timer::t3502);
  const auto sent = amf.uplinks.size();
  advance(std::chrono::minutes(12) - 1ms);
  EXPECT_EQ(amf.uplinks.size(), sent);
  advance(1ms);
  EXPECT_EQ(amf.uplinks.size(), sent + 1) << "T3502 (12 min) expiry: a new attempt";
  EXPECT_EQ(ue->attempt_counter(), 5);
}

TEST_F(registration, five_failures_delete_the_guti_and_the_security_context) {
  ASSERT_NO_FATAL_FAILURE(register_fully());
  ASSERT_TRUE(ue->deregister(true));
  ue->on_connection_released();
  ASSERT_TRUE(ue->register_initial());
  for (int attempt = 1; attempt <= 5; ++attempt) {
    advance(15s);
    if (attempt < 5) advance(10s);
  }
  EXPECT_EQ(ue->attempt_counter(), 5);
  EXPECT_FALSE(ue->guti());
  EXPECT_EQ(ue->security_context(), nullptr);
  EXPECT_TRUE(ue->tai_list().empty());
}

TEST_F(registration, a_connection_released_before_the_accept_is_an_abnormal_case) {
  ASSERT_TRUE(ue->register_initial());
  ASSERT_NO_FATAL_FAILURE(authenticate());
  ue->on_lower_layer_failure();
  EXPECT_EQ(ue->state(), mm_state::deregistered);
  EXPECT_EQ(ue->attempt_counter(), 1);
  EXPECT_EQ(ue->running_timer(), mm_timer::t3511);
  EXPECT_EQ(amf.local_releases, 0) << "the lower layer released it, not NAS";
}

TEST_F(registration, an_accept_resets_the_attempt_counter) {
  ASSERT_TRUE(ue->register_initial());
  advance(15s);
  ASSERT_EQ(ue->attempt_counter(), 1);
  advance(10s);
  ASSERT_NO_FATAL_FAILURE(authenticate());
  ASSERT_NE(secure(), nullptr);
  down(amf.seal(accept_message()));
  EXPECT_EQ(ue->state(), mm_state::registered);
  EXPECT_EQ(ue->attempt_counter(), 0);
}

TEST_F(registration, the_listener_hears_each_state_change) {
  struct recorder : mm_listener {
    std::vector<std::pair<mm_state, mm_state>> seen;
    void on_state_changed(ue_index ue, mm_state from, mm_state to) override {
      EXPECT_EQ(ue, 7u);
      seen.emplace_back(from, to);
    }
  } rec;
  cfg.listener = &rec;
  make_ue();
  ASSERT_NO_FATAL_FAILURE(register_fully());
  ASSERT_EQ(rec.seen.size(), 2u);
  EXPECT_EQ(rec.seen[0].second, mm_state::registered_initiated);
  EXPECT_EQ(rec.seen[1].second, mm_state::registered);
}

}  // namespace
}  // namespace meridian::ue::test

namespace meridian::ue::test {
namespace {

using periodic_registration = ue_fixture;

TEST_F(periodic_registration, t3512_runs_in_idle_and_its_expiry_sends_a_periodic_update_with_the_guti) {
  ASSERT_NO_FATAL_FAILURE(register_fully());
  EXPECT_EQ(ue->running_timer(), mm_timer::none) << "not while connected";
  ue->on_connection_released();
  EXPECT_EQ(ue->running_timer(), mm_timer::t3512);
  const auto sent = amf.uplinks.size();
  advance(std::chrono::minutes(30) - 1ms);  // the Accept's T3512: 30 minutes
  EXPECT_EQ(amf.uplinks.size(), sent);
  advance(1ms);
  ASSERT_EQ(amf.uplinks.size(), sent + 1);
  EXPECT_TRUE(amf.uplinks.back().initial);
  const auto* rr = amf.last_as<nas::registration_request>();
  ASSERT_NE(rr, nullptr);
  EXPECT_EQ(amf.last_protection, nas::security_header_type::integrity_protected);
  EXPECT_EQ(rr->registration_type_.value_, nas::registration_type_value::periodic_updating);
  EXPECT_EQ(std::get<nas::guti_5g_identity>(rr->mobile_identity_.value_).value_, test_guti());
  EXPECT_FALSE(rr->ue_security_capability_) << "§8.2.6.4: not in a periodic update";
  EXPECT_FALSE(rr->nas_message_container_) << "no non-cleartext IE to hide";
  EXPECT_EQ(ue->state(), mm_state::registered_initiated);
  EXPECT_EQ(ue->running_timer(), mm_timer::t3510);
  // The AMF knows the context: it accepts at once with a new 5G-GUTI.
  down(amf.seal(accept_message(test_guti(0x5555))));
  ASSERT_NE(amf.last_as<nas::registration_complete>(), nullptr);
  EXPECT_EQ(ue->state(), mm_state::registered);
  EXPECT_EQ(ue->guti(), test_guti(0x5555));
  ue->on_connection_released();
  EXPECT_EQ(ue->running_timer(), mm_timer::t3512) << "again in 5GMM-IDLE";
}

TEST_F(periodic_registration, a_deactivated_t3512_never_runs) {
  ASSERT_TRUE(ue->register_initial());
  ASSERT_NO_FATAL_FAILURE(authenticate());
  ASSERT_NE(secure(), nullptr);
  auto a = accept_message();
  a.t3512_value_ = nas::gprs_timer_3{7, 0};  // deactivated
  down(amf.seal(a));
  ASSERT_EQ(ue->state(), mm_state::registered);
  ue->on_connection_released();
  EXPECT_EQ(ue->running_timer(), mm_timer::none);
  EXPECT_FALSE(ue->t3512());
}

TEST_F(periodic_registration, a_failed_update_leaves_the_ue_registered_and_t3511_retries_the_update) {
  ASSERT_NO_FATAL_FAILURE(register_fully());
  ue->on_connection_released();
  advance(std::chrono::minutes(30));
  ASSERT_EQ(ue->state(), mm_state::registered_initiated);
  advance(15s);  // T3510
  EXPECT_EQ(amf.local_releases, 1);
  EXPECT_EQ(ue->state(), mm_state::registered);
  EXPECT_EQ(ue->substate(), mm_substate::attempting_registration_update);
  EXPECT_EQ(ue->attempt_counter(), 1);
  EXPECT_EQ(ue->running_timer(), mm_timer::t3511);
  EXPECT_TRUE(ue->guti());
  advance(10s);
  const auto* rr = amf.last_as<nas::registration_request>();
  ASSERT_NE(rr, nullptr);
  EXPECT_EQ(rr->registration_type_.value_, nas::registration_type_value::periodic_updating);
}

TEST_F(periodic_registration, cause_9_on_an_update_deletes_the_guti_and_registers_anew_after_the_release) {
  ASSERT_NO_FATAL_FAILURE(register_fully());
  ue->on_connection_released();
  advance(std::chrono::minutes(30));
  nas::registration_reject r;
  r.cause_ = nas::gmm_cause::ue_identity_cannot_be_derived;
  down(amf.plain(r));
  EXPECT_EQ(ue->state(), mm_state::deregistered);
  EXPECT_FALSE(ue->guti());
  ue->on_connection_released();
  const auto* rr = amf.last_as<nas::registration_request>();
  ASSERT_NE(rr, nullptr);
  EXPECT_EQ(rr->registration_type_.value_, nas::registration_type_value::initial);
  EXPECT_TRUE(std::holds_alternative<nas::suci_imsi>(rr->mobile_identity_.value_));
}

TEST_F(periodic_registration, cause_9_on_an_initial_registration_is_an_abnormal_case) {
  ASSERT_TRUE(ue->register_initial());
  nas::registration_reject r;
  r.cause_ = nas::gmm_cause::ue_identity_cannot_be_derived;
  down(amf.plain(r));
  EXPECT_EQ(ue->substate(), mm_substate::attempting_registration);
  EXPECT_EQ(ue->running_timer(), mm_timer::t3511);
}

}  // namespace
}  // namespace meridian::ue::test
