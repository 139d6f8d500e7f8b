// The AMF's initial registration after 5G-AKA: NAS security mode control
// (algorithm choice, replayed capabilities, IMEISV, the NAS message
// container), the UDM's registration and subscription, the allowed NSSAI,
// the Registration Accept inside the Initial Context Setup (K_gNB as the UE
// derives it), the Registration Complete, and the §4.4.4.3 rules for what
// arrives once NAS security is on. The UE side is built from the codecs and
// the security module (amf_mm_fixture.hpp), never from the AMF's code.

#include "amf/amf_mm_fixture.hpp"
#include "meridian/security/suci.hpp"
#include "support/vectors.hpp"

namespace meridian::amf {
namespace {

using namespace test;

/// A Registration Request like registration_request_hex with the UE security capability given.
std::vector<std::uint8_t> request_with_capability(std::uint8_t ea, std::uint8_t ia) {
  auto rr = whole_registration_request({});
  rr.requested_nssai_.reset();
  rr.ue_security_capability_->ea_ = ea;
  rr.ue_security_capability_->ia_ = ia;
  return *nas::encode_nas(rr);
}

/// The UE's identity as a 5G-GUTI this AMF never gave.
std::vector<std::uint8_t> request_with_foreign_guti() {
  auto rr = whole_registration_request({});
  rr.requested_nssai_.reset();
  model::guti_5g guti;
  guti.tmsi_ = *model::tmsi_5g::from(0xdeadbeef);
  rr.mobile_identity_ = nas::mobile_identity{nas::guti_5g_identity{.value_ = guti}};
  rr.ngksi_.ksi_ = 3;
  return *nas::encode_nas(rr);
}

struct registration : mm_fixture {
  /// Registers the UE up to the Initial Context Setup Request; false if any step failed.
  bool up_to_accept(std::vector<model::s_nssai> requested = {{}}) {
    if (register_ue() == 0 || !authenticate()) return false;
    return secure(std::move(requested)) != nullptr;
  }
  const ngap::initial_context_setup_request* setup() const {
    return out.last_initiating<ngap::initial_context_setup_request>();
  }
  /// The Registration Accept inside the Initial Context Setup Request, opened by the UE.
  std::optional<nas::registration_accept> accept() {
    const auto* s = setup();
    if (s == nullptr || !s->nas_pdu_) return std::nullopt;
    auto m = phone.receive(*s->nas_pdu_);
    const auto* a = m ? std::get_if<nas::registration_accept>(&*m) : nullptr;
    if (a == nullptr) return std::nullopt;
    return *a;
  }
  void complete() { uplink(phone.seal(nas::registration_complete{})); }
};

TEST_F(registration, a_ue_registers_with_5g_aka_smc_and_gets_its_5g_guti_in_the_initial_context_setup) {
  ASSERT_EQ(register_ue(), id);
  ASSERT_TRUE(authenticate());
  const auto* command = secure();
  ASSERT_NE(command, nullptr) << "Security Mode Command expected";
  // TS 24.501 §5.4.2.2: the AMF's first choices the UE supports, the
  // capability replayed as received, the IMEISV asked for.
  EXPECT_EQ(command->selected_nas_security_algorithms_.integrity_, 2);
  EXPECT_EQ(command->selected_nas_security_algorithms_.ciphering_, 2);
  EXPECT_EQ(command->replayed_ue_security_capabilities_, *whole_registration_request().ue_security_capability_);
  ASSERT_TRUE(command->imeisv_request_);
  EXPECT_EQ(command->imeisv_request_->value_, 1);
  EXPECT_EQ(mm->counters().security_modes_completed, 1u);
  ASSERT_NE(ctx(), nullptr);
  EXPECT_EQ(ctx()->pei, model::pei::imeisv(phone.imeisv));

  const auto* s = setup();
  ASSERT_NE(s, nullptr) << "Initial Context Setup Request expected";
  // TS 33.501 A.9: K_gNB from K_AMF and the uplink NAS COUNT of the Security Mode Complete (0).
  const auto kgnb = security::derive_kgnb(phone.kamf(), 0);
  EXPECT_EQ(s->security_key_.length_, 256u);
  EXPECT_EQ(to_hex(s->security_key_.bytes_), to_hex(kgnb.bytes()));
  // 5G-EA0-2 / 5G-IA0-2 → NEA1, NEA2 / NIA1, NIA2: the first two bits of 16.
  EXPECT_EQ(s->ue_security_capabilities_.n_rencryption_algorithms_.to_uint(), 0xc000u);
  EXPECT_EQ(s->ue_security_capabilities_.n_rintegrity_protection_algorithms_.to_uint(), 0xc000u);
  ASSERT_EQ(s->allowed_nssai_.size(), 1u);
  EXPECT_EQ(n2::decode_s_nssai(s->allowed_nssai_[0].s_nssai_), model::s_nssai{});
  EXPECT_EQ(n2::decode_guami(s->guami_), amf.config().served_guamis.front());

  const auto a = accept();
  ASSERT_TRUE(a) << "the UE opens a Registration Accept, integrity protected and ciphered";
  ASSERT_TRUE(a->guti_);
  const auto* guti = std::get_if<nas::guti_5g_identity>(&a->guti_->value_);
  ASSERT_NE(guti, nullptr);
  EXPECT_EQ(guti->value_.guami_, amf.config().served_guamis.front());
  ASSERT_TRUE(a->tai_list_);
  ASSERT_EQ(a->tai_list_->partial_lists_.size(), 1u);
  const auto& tacs = std::get<nas::tai_list_tacs>(a->tai_list_->partial_lists_[0]);
  EXPECT_EQ(tacs.tacs_, std::vector<model::tac>{model::tac::literal(1)});
  ASSERT_TRUE(a->allowed_nssai_);
  ASSERT_EQ(a->allowed_nssai_->s_nssais_.size(), 1u);
  EXPECT_EQ(a->allowed_nssai_->s_nssais_[0].value_, model::s_nssai{});
  ASSERT_TRUE(a->t3512_value_);
  EXPECT_EQ(a->t3512_value_->seconds(), 3600u);
  EXPECT_EQ(ctx()->state, mm_state::registering);
  // The UDM knows which AMF serves the UE.
  const auto& stored = hn.udr.subscribers.at(ausf::test::alice).amf_3gpp;
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->guami_, amf.config().served_guamis.front());

  context_setup_response();
  complete();
  EXPECT_EQ(ctx()->state, mm_state::registered);
  EXPECT_EQ(ctx()->guti, guti->value_);
  EXPECT_EQ(mm->counters().registrations_completed, 1u);
  EXPECT_EQ(timers.pending(), 0u) << "T3550 stopped";
}

TEST_F(registration, a_registration_complete_that_overtakes_the_context_setup_response_still_completes) {
  ASSERT_TRUE(up_to_accept());
  ASSERT_TRUE(accept());
  complete();
  EXPECT_EQ(ctx()->state, mm_state::registering);
  context_setup_response();
  EXPECT_EQ(ctx()->state, mm_state::registered);
}

TEST_F(registration, without_a_registration_complete_the_accept_goes_again_four_times_then_the_connection_goes) {
  ASSERT_TRUE(up_to_accept());
  context_setup_response();
  EXPECT_EQ(out.count<ngap::downlink_nas_transport>(), 2u);  // Authentication Request, Security Mode Command
  advance(6s);
  EXPECT_EQ(out.count<ngap::downlink_nas_transport>(), 3u) << "T3550: the Accept again";
  const auto again = downlink();
  ASSERT_TRUE(again);
  EXPECT_TRUE(std::holds_alternative<nas::registration_accept>(*again)) << "with a fresh NAS COUNT the UE accepts";
  for (int i = 0; i < 3; ++i) advance(6s);
  EXPECT_EQ(out.count<ngap::downlink_nas_transport>(), 6u);
  EXPECT_EQ(out.last_initiating<ngap::ue_context_release_command>(), nullptr);
  advance(6s);
  EXPECT_EQ(mm->counters().t3550_expiries, 5u);
  EXPECT_NE(out.last_initiating<ngap::ue_context_release_command>(), nullptr);
}

TEST_F(registration, an_initial_context_setup_failure_releases_the_connection) {
  ASSERT_TRUE(up_to_accept());
  const auto* r = setup();
  ASSERT_NE(r, nullptr);
  ngap::initial_context_setup_failure f;
  f.amf_ue_ngap_id_ = r->amf_ue_ngap_id_;
  f.ran_ue_ngap_id_ = r->ran_ue_ngap_id_;
  f.cause_.value_ = ngap::cause_radio_network::unspecified;
  amf.on_ngap(gnb_a, n2::encode(n2::make_pdu<ngap::unsuccessful_outcome>(std::move(f))));
  EXPECT_NE(out.last_initiating<ngap::ue_context_release_command>(), nullptr);
  EXPECT_EQ(ctx()->state, mm_state::deregistered);
  EXPECT_EQ(amf.counters().initial_context_setup_failures, 1u);
}

TEST_F(registration, a_requested_slice_not_subscribed_is_rejected_and_the_default_one_allowed) {
  const model::s_nssai urllc{.sst_ = 2, .sd_ = {}};
  ASSERT_TRUE(up_to_accept({urllc}));
  const auto a = accept();
  ASSERT_TRUE(a);
  ASSERT_TRUE(a->allowed_nssai_);
  ASSERT_EQ(a->allowed_nssai_->s_nssais_.size(), 1u);
  EXPECT_EQ(a->allowed_nssai_->s_nssais_[0].value_, model::s_nssai{}) << "the default subscribed S-NSSAI";
  ASSERT_TRUE(a->rejected_nssai_);
  ASSERT_EQ(a->rejected_nssai_->rejected_.size(), 1u);
  EXPECT_EQ(a->rejected_nssai_->rejected_[0].s_nssai_, urllc);
}

TEST_F(registration, no_slice_both_subscribed_and_served_gets_registration_reject_62) {
  const model::s_nssai miot{.sst_ = 3, .sd_ = {}};
  udm::access_and_mobility_subscription_data am;
  am.nssai_ = udm::nssai{.default_single_nssais_ = {miot}, .single_nssais_ = {}};
  hn.udr.subscribers.at(ausf::test::alice).am_data = am;
  ASSERT_TRUE(up_to_accept({miot}));
  EXPECT_EQ(setup(), nullptr);
  const auto m = downlink();
  ASSERT_TRUE(m);
  const auto* reject = std::get_if<nas::registration_reject>(&*m);
  ASSERT_NE(reject, nullptr) << "a protected Registration Reject";
  EXPECT_EQ(reject->cause_, nas::gmm_cause::no_network_slices_available);
  ASSERT_TRUE(reject->rejected_nssai_);
  EXPECT_EQ(reject->rejected_nssai_->rejected_[0].s_nssai_, miot);
  EXPECT_NE(out.last_initiating<ngap::ue_context_release_command>(), nullptr);
}

TEST_F(registration, a_security_mode_reject_ends_the_registration_and_releases_the_connection) {
  register_ue();
  ASSERT_TRUE(authenticate());
  nas::security_mode_reject reject;
  reject.cause_ = nas::gmm_cause::ue_security_capabilities_mismatch;
  uplink(reject);
  EXPECT_EQ(mm->counters().security_modes_rejected, 1u);
  EXPECT_FALSE(ctx()->security);
  EXPECT_NE(out.last_initiating<ngap::ue_context_release_command>(), nullptr);
}

TEST_F(registration, the_security_mode_command_goes_again_on_t3560_with_a_new_nas_count) {
  register_ue();
  ASSERT_TRUE(authenticate());
  const auto first = out.last_nas();
  advance(6s);
  const auto second = out.last_nas();
  ASSERT_TRUE(first && second);
  ASSERT_GE(first->size(), 7u);
  ASSERT_GE(second->size(), 7u);
  EXPECT_EQ((*first)[6], 0) << "sequence number 0";
  EXPECT_EQ((*second)[6], 1) << "TS 24.501 §4.4.3.1: every retransmission has its own COUNT";
  // The UE takes the second one and completes.
  ASSERT_NE(secure(), nullptr);
  EXPECT_EQ(mm->counters().security_modes_completed, 1u);
}

TEST_F(registration, a_plain_message_once_security_is_on_is_discarded) {
  ASSERT_TRUE(up_to_accept());
  context_setup_response();
  uplink(nas::registration_complete{});  // not protected
  EXPECT_EQ(mm->counters().unprotected_after_security, 1u);
  EXPECT_EQ(ctx()->state, mm_state::registering);
  complete();
  EXPECT_EQ(ctx()->state, mm_state::registered);
}

TEST_F(registration, a_message_with_a_wrong_mac_is_discarded) {
  ASSERT_TRUE(up_to_accept());
  context_setup_response();
  auto forged = phone.seal(nas::registration_complete{});
  forged[2] ^= 0x01;  // the MAC
  uplink(forged);
  EXPECT_EQ(mm->counters().integrity_failures, 1u);
  EXPECT_EQ(ctx()->state, mm_state::registering);
}

TEST_F(registration, an_unexpected_message_gets_5gmm_status_98) {
  ASSERT_TRUE(up_to_accept());
  context_setup_response();
  nas::identity_response unasked;
  unasked.mobile_identity_ = whole_registration_request().mobile_identity_;
  uplink(phone.seal(unasked));
  const auto m = downlink();
  ASSERT_TRUE(m);
  const auto* status = std::get_if<nas::gmm_status>(&*m);
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(status->cause_, nas::gmm_cause::message_type_not_compatible_with_protocol_state);
  complete();
  EXPECT_EQ(ctx()->state, mm_state::registered) << "the registration goes on";
}

TEST_F(registration, a_5g_guti_this_amf_never_gave_is_answered_by_an_identity_request_for_the_suci) {
  register_ue(request_with_foreign_guti());
  const auto m = out.last_downlink_gmm();
  ASSERT_TRUE(m);
  const auto* request = std::get_if<nas::identity_request>(&*m);
  ASSERT_NE(request, nullptr);
  EXPECT_EQ(request->identity_type_.value_, nas::identity_type::suci);
  nas::identity_response response;
  response.mobile_identity_ = whole_registration_request().mobile_identity_;
  uplink(response);
  const auto next = out.last_downlink_gmm();
  const auto* challenge = next ? std::get_if<nas::authentication_request>(&*next) : nullptr;
  ASSERT_NE(challenge, nullptr);
  EXPECT_NE(challenge->ngksi_.ksi_, 3) << "not the ngKSI the UE holds";
  ASSERT_TRUE(authenticate());
  EXPECT_EQ(ctx()->supi, ausf::test::alice);
  EXPECT_EQ(mm->counters().identity_requests, 1u);
}

TEST_F(registration, no_identity_response_ends_after_five_expiries_of_t3570) {
  register_ue(request_with_foreign_guti());
  for (int i = 0; i < 5; ++i) advance(6s);
  EXPECT_EQ(mm->counters().t3570_expiries, 5u);
  EXPECT_EQ(out.count<ngap::downlink_nas_transport>(), 5u);
  EXPECT_NE(out.last_initiating<ngap::ue_context_release_command>(), nullptr);
}

TEST_F(registration, a_connection_lost_while_the_context_setup_runs_ends_everything) {
  ASSERT_TRUE(up_to_accept());
  EXPECT_GT(timers.pending(), 0u);
  amf.on_gnb_disconnected(gnb_a);
  EXPECT_EQ(ctx(), nullptr);
  EXPECT_EQ(timers.pending(), 0u);
}

// A SUCI concealed with ECIES Profile A or B (TS 33.501 Annex C.3) under the
// home network key of Annex C.4's vectors: the UDM's SIDF de-conceals it and
// the registration runs as with the null scheme.
struct concealed_suci : registration, ::testing::WithParamInterface<int> {};

TEST_P(concealed_suci, a_ue_with_a_concealed_suci_registers) {
  const int scheme = GetParam();
  nlohmann::json vector;
  for (const auto& v : meridian::test::load_vectors("suci.json"))
    if (v.at("protection_scheme_id") == scheme) vector = v;
  ASSERT_FALSE(vector.is_null());
  const auto scheme_id = static_cast<model::protection_scheme>(scheme);
  hn.keys.keys.insert_or_assign(
      {7, scheme_id},
      *udm::hn_private_key::from(meridian::test::hex_bytes(vector.at("home_network_private_key").get<std::string>())));
  const auto public_key = meridian::test::hex_bytes(vector.at("home_network_public_key").get<std::string>());
  security::conceal_options options;
  options.scheme = scheme_id;
  options.hn_public_key = public_key;
  options.hn_public_key_id = 7;
  auto concealed = security::conceal(ausf::test::alice, options);
  ASSERT_TRUE(concealed) << concealed.error().message();
  auto rr = whole_registration_request();
  nas::suci_imsi suci;
  suci.plmn_ = concealed->home_plmn_;
  suci.routing_indicator_ = concealed->routing_indicator_;
  suci.protection_scheme_ = static_cast<std::uint8_t>(scheme);
  suci.home_network_public_key_id_ = 7;
  suci.scheme_output_ = concealed->scheme_output_;
  rr.mobile_identity_ = nas::mobile_identity{suci};
  ASSERT_NE(register_ue(*nas::encode_nas(rr)), 0u);
  ASSERT_TRUE(authenticate()) << "the UDM de-concealed the SUCI and the UE accepted the challenge";
  EXPECT_EQ(ctx()->supi, ausf::test::alice);
  const auto command = downlink();
  ASSERT_TRUE(command && std::holds_alternative<nas::security_mode_command>(*command));
  uplink(phone.security_mode_complete(rr));
  ASSERT_TRUE(accept());
  context_setup_response();
  complete();
  EXPECT_EQ(ctx()->state, mm_state::registered);
}

INSTANTIATE_TEST_SUITE_P(profiles, concealed_suci, ::testing::Values(1, 2));

// Every pair of 128-NEA0..3 and 128-NIA1..3 the AMF may be configured to
// choose: the UE verifies the Security Mode Command and the Accept under it.
struct algorithm_pair : registration, ::testing::WithParamInterface<std::tuple<int, int>> {
  mm_config config() const override {
    mm_config c;
    c.ciphering_order = {static_cast<crypto::nea>(std::get<0>(GetParam()))};
    c.integrity_order = {static_cast<crypto::nia>(std::get<1>(GetParam()))};
    return c;
  }
};

TEST_P(algorithm_pair, registration_completes_under_the_chosen_algorithms) {
  ASSERT_NE(register_ue(request_with_capability(0xf0, 0xf0)), 0u);
  ASSERT_TRUE(authenticate());
  const auto* command = secure();
  ASSERT_NE(command, nullptr);
  EXPECT_EQ(command->selected_nas_security_algorithms_.ciphering_, std::get<0>(GetParam()));
  EXPECT_EQ(command->selected_nas_security_algorithms_.integrity_, std::get<1>(GetParam()));
  ASSERT_TRUE(accept());
  context_setup_response();
  complete();
  EXPECT_EQ(ctx()->state, mm_state::registered);
}

INSTANTIATE_TEST_SUITE_P(nea_nia, algorithm_pair, ::testing::Combine(::testing::Values(0, 1, 2, 3),
                                                                     ::testing::Values(1, 2, 3)));

struct unsupported_algorithms : registration {
  mm_config config() const override {
    mm_config c;
    c.integrity_order = {crypto::nia::nia3};  // the UE of registration_request_hex has 5G-IA0-2
    return c;
  }
};

TEST_F(unsupported_algorithms, no_common_integrity_algorithm_gets_registration_reject_23) {
  register_ue();
  ASSERT_TRUE(authenticate());
  const auto m = out.last_downlink_gmm();
  ASSERT_TRUE(m);
  const auto* reject = std::get_if<nas::registration_reject>(&*m);
  ASSERT_NE(reject, nullptr);
  EXPECT_EQ(reject->cause_, nas::gmm_cause::ue_security_capabilities_mismatch);
}

}  // namespace
}  // namespace meridian::amf
