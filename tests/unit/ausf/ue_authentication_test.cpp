// The AUSF alone, over a scripted UDM: what it asks the UDM, what it gives
// the SEAF, serving-network authorisation, contexts and their lifetime, and
// how the UDM's problems reach the SEAF.

#include <set>

#include "ausf_test_support.hpp"
#include "meridian/security/eap_aka_prime.hpp"
#include "support/log_capture.hpp"
#include "support/udm_service_fake.hpp"

namespace meridian::ausf::test {
namespace {

namespace eap = security::eap;

// A 5G HE AV as the UDM gives it (values arbitrary but of the right sizes).
udm::authentication_info_result he_av(std::uint8_t seed = 1) {
  udm::authentication_info_result r;
  r.auth_type_ = udm::auth_type::five_g_aka;
  r.authentication_vector_ = udm::av_5g_he_aka{.rand_ = sbi::bytes(16, seed),
                                               .xres_star_ = sbi::bytes(16, static_cast<std::uint8_t>(seed + 1)),
                                               .autn_ = sbi::bytes(16, static_cast<std::uint8_t>(seed + 2)),
                                               .kausf_ = sbi::bytes(32, static_cast<std::uint8_t>(seed + 3))};
  return r;
}

udm::authentication_info_result eap_av() {
  udm::authentication_info_result r;
  r.auth_type_ = udm::auth_type::eap_aka_prime;
  r.authentication_vector_ = udm::av_eap_aka_prime{.rand_ = sbi::bytes(16, 1),
                                                   .xres_ = sbi::bytes(8, 2),
                                                   .autn_ = sbi::bytes(16, 3),
                                                   .ck_prime_ = sbi::bytes(16, 4),
                                                   .ik_prime_ = sbi::bytes(16, 5)};
  return r;
}

struct ausf_over_fake_udm {
  meridian::test::fake_nudm_ue_authentication udm;
  manual_clock clock;
  ausf_config config;
  ue_authentication ausf{config, udm, clock};

  explicit ausf_over_fake_udm(ausf_config c = {}) : config(std::move(c)) {
    udm.result_confirmation_.will_answer_with([](const model::supi&, const udm::auth_event& e) {
      return sbi::result<udm::auth_event>(e);
    });
  }
};

TEST(ausf_ue_authentication, asks_the_udm_with_its_instance_id_and_gives_the_seaf_hxres_star_not_xres_star) {
  ausf_config config;
  config.nf_instance_id_ = "ausf-7";
  ausf_over_fake_udm a(config);
  auto av = he_av();
  av.supi_ = alice;
  a.udm.get_.will_answer(av);
  auto r = run(a.ausf.authenticate(info_for(alice)));
  ASSERT_TRUE(r && *r);
  ASSERT_EQ(a.udm.get_.call_count(), 1u);
  EXPECT_EQ(a.udm.get_.last<1>().ausf_instance_id_, "ausf-7");
  EXPECT_EQ(a.udm.get_.last<1>().serving_network_name_, snn);
  const auto& five_g = std::get<av_5g_aka>((*r)->auth_data_5g_);
  const auto& he = std::get<udm::av_5g_he_aka>(*av.authentication_vector_);
  EXPECT_EQ(five_g.rand_, he.rand_);
  EXPECT_EQ(five_g.autn_, he.autn_);
  // TS 33.501 A.5: HXRES* = the 128 LSBs of SHA-256(RAND || XRES*).
  const auto expected = security::derive_hres_star(array_of<16>(he.rand_), array_of<16>(he.xres_star_));
  EXPECT_EQ(five_g.hxres_star_, sbi::bytes(expected.begin(), expected.end()));
  EXPECT_NE(five_g.hxres_star_, he.xres_star_);
  EXPECT_EQ((*r)->serving_network_name_, snn);
  // The link names a context this AUSF knows: {apiRoot}/ue-authentications/{authCtxId}/5g-aka-confirmation.
  const auto href = (*r)->links_.at("5g-aka").href_;
  EXPECT_TRUE(href.starts_with("/nausf-auth/v1/ue-authentications/")) << href;
  EXPECT_TRUE(href.ends_with("/5g-aka-confirmation")) << href;
  EXPECT_EQ(ctx_id_of(**r).size(), 32u);
  EXPECT_EQ(a.ausf.contexts(), 1u);
}

TEST(ausf_ue_authentication, authentication_context_ids_are_unpredictable_and_distinct) {
  ausf_over_fake_udm a;
  a.udm.get_.will_answer_with([](const auto&, const auto&) {
    auto av = he_av();
    av.supi_ = alice;
    return sbi::result<udm::authentication_info_result>(av);
  });
  std::set<std::string> ids;
  for (int i = 0; i < 50; ++i) ids.insert(ctx_id_of(**run(a.ausf.authenticate(info_for(alice)))));
  EXPECT_EQ(ids.size(), 50u);
}

TEST(ausf_ue_authentication, context_ids_come_from_the_random_source_it_is_given_and_none_without_octets) {
  meridian::test::fake_nudm_ue_authentication udm;
  manual_clock clock;
  int draws = 0;
  bool exhausted = false;
  ue_authentication ausf(ausf_config{}, udm, clock, [&](std::span<std::uint8_t> out) {
    ++draws;
    std::fill(out.begin(), out.end(), std::uint8_t{0xab});
    return !exhausted;
  });
  udm.get_.will_answer_with([](const auto&, const auto&) {
    auto av = he_av();
    av.supi_ = alice;
    return sbi::result<udm::authentication_info_result>(av);
  });
  auto r = run(ausf.authenticate(info_for(alice)));
  ASSERT_TRUE(r && *r);
  EXPECT_EQ(ctx_id_of(**r), "abababababababababababababababab");  // the 16 octets drawn, in hex
  EXPECT_EQ(draws, 1);
  // The id names the context: its confirmation finds it, an upper-case spelling does not.
  std::string upper = ctx_id_of(**r);
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
  auto wrong = run(ausf.confirm_5g_aka(upper, confirmation_data{}));
  ASSERT_TRUE(wrong && !*wrong);
  EXPECT_EQ(wrong->error().cause_, sbi::cause::context_not_found);
  EXPECT_EQ(ausf.contexts(), 1u);

  exhausted = true;
  auto refused = run(ausf.authenticate(info_for(alice)));
  ASSERT_TRUE(refused && !*refused);
  EXPECT_EQ(refused->error().cause_, sbi::cause::system_failure);
  EXPECT_EQ(udm.get_.call_count(), 1u);  // the UDM was not asked without an id to give
}

TEST(ausf_ue_authentication, res_star_is_checked_in_constant_time_against_xres_star_and_kseaf_given_on_success) {
  ausf_over_fake_udm a;
  a.udm.get_.will_answer(he_av(1));
  a.udm.get_.will_answer(he_av(1));
  auto ok = run(a.ausf.authenticate(info_for(alice)));
  auto bad = run(a.ausf.authenticate(info_for(alice)));
  const auto given = he_av(1);
  const auto& he = std::get<udm::av_5g_he_aka>(*given.authentication_vector_);

  auto good = run(a.ausf.confirm_5g_aka(ctx_id_of(**ok), confirmation_data{.res_star_ = he.xres_star_}));
  ASSERT_TRUE(good && *good);
  EXPECT_EQ((*good)->auth_result_, auth_result::authentication_success);
  const auto kseaf = security::derive_kseaf(*crypto::key256::from(he.kausf_), snn);
  EXPECT_EQ((*good)->kseaf_, sbi::bytes(kseaf.bytes().begin(), kseaf.bytes().end()));
  EXPECT_EQ((*good)->supi_, alice);

  auto wrong = he.xres_star_;
  wrong[15] ^= 0x01;
  auto failed = run(a.ausf.confirm_5g_aka(ctx_id_of(**bad), confirmation_data{.res_star_ = wrong}));
  ASSERT_TRUE(failed && *failed);
  EXPECT_EQ((*failed)->auth_result_, auth_result::authentication_failure);
  EXPECT_FALSE((*failed)->kseaf_.has_value());

  ASSERT_EQ(a.udm.result_confirmation_.call_count(), 2u);
  EXPECT_TRUE(std::get<1>(a.udm.result_confirmation_.calls()[0]).success_);
  EXPECT_FALSE(std::get<1>(a.udm.result_confirmation_.calls()[1]).success_);
  EXPECT_EQ(std::get<1>(a.udm.result_confirmation_.calls()[0]).nf_instance_id_, "ausf");
  EXPECT_EQ(std::get<1>(a.udm.result_confirmation_.calls()[0]).time_stamp_,
            std::chrono::time_point_cast<std::chrono::milliseconds>(a.clock.wall_now()));
}

TEST(ausf_ue_authentication, a_null_res_star_is_a_failure_and_a_confirmed_context_is_gone) {
  ausf_over_fake_udm a;
  a.udm.get_.will_answer(he_av());
  auto r = run(a.ausf.authenticate(info_for(alice)));
  const auto id = ctx_id_of(**r);
  auto failed = run(a.ausf.confirm_5g_aka(id, confirmation_data{}));
  ASSERT_TRUE(failed && *failed);
  EXPECT_EQ((*failed)->auth_result_, auth_result::authentication_failure);
  EXPECT_EQ(cause_of(run(a.ausf.confirm_5g_aka(id, confirmation_data{}))), sbi::cause::context_not_found);
  EXPECT_EQ(cause_of(run(a.ausf.confirm_5g_aka("00112233", confirmation_data{}))), sbi::cause::context_not_found);
}

TEST(ausf_ue_authentication, a_context_expires_after_its_lifetime) {
  ausf_config config;
  config.context_lifetime_ = std::chrono::seconds(30);
  ausf_over_fake_udm a(config);
  a.udm.get_.will_answer(he_av());
  const auto id = ctx_id_of(**run(a.ausf.authenticate(info_for(alice))));
  a.clock.advance(std::chrono::seconds(29));
  EXPECT_EQ(a.ausf.contexts(), 1u);
  a.clock.advance(std::chrono::seconds(1));
  EXPECT_EQ(cause_of(run(a.ausf.confirm_5g_aka(id, confirmation_data{}))), sbi::cause::context_not_found);
  EXPECT_EQ(a.ausf.contexts(), 0u);
  EXPECT_EQ(a.ausf.counters().expired_contexts, 1u);
}

TEST(ausf_ue_authentication, beyond_max_contexts_new_authentications_get_nf_congestion) {
  ausf_config config;
  config.max_contexts_ = 2;
  ausf_over_fake_udm a(config);
  a.udm.get_.will_answer_with([](const auto&, const auto&) { return sbi::result<udm::authentication_info_result>(he_av()); });
  ASSERT_TRUE(*run(a.ausf.authenticate(info_for(alice))));
  ASSERT_TRUE(*run(a.ausf.authenticate(info_for(alice))));
  EXPECT_EQ(cause_of(run(a.ausf.authenticate(info_for(alice)))), sbi::cause::nf_congestion);
  EXPECT_EQ(a.udm.get_.call_count(), 2u);
  a.clock.advance(a.config.context_lifetime_);  // the two expire, room again
  EXPECT_TRUE(*run(a.ausf.authenticate(info_for(alice))));
}

TEST(ausf_ue_authentication, the_serving_network_name_is_checked_before_the_udm_is_asked) {
  ausf_config config;
  config.authorized_serving_plmns_ = {*model::plmn::parse("001/01")};
  ausf_over_fake_udm a(config);
  EXPECT_EQ(cause_of(run(a.ausf.authenticate(info_for(alice, "5G:mnc093.mcc208.3gppnetwork.org")))),
            sbi::cause::serving_network_not_authorized);
  EXPECT_EQ(cause_of(run(a.ausf.authenticate(info_for(alice, "mnc001.mcc001.3gppnetwork.org")))),
            sbi::cause::mandatory_ie_incorrect);
  EXPECT_EQ(a.udm.get_.call_count(), 0u);
}

TEST(ausf_ue_authentication, the_udms_client_errors_pass_through_and_its_server_errors_become_upstream_server_error) {
  ausf_over_fake_udm a;
  for (auto c : {sbi::cause::user_not_found, sbi::cause::serving_network_not_authorized,
                 sbi::cause::authentication_rejected, sbi::cause::unsupported_protection_scheme}) {
    a.udm.get_.will_answer(std::unexpected(sbi::problem_details::of(c)));
    EXPECT_EQ(cause_of(run(a.ausf.authenticate(info_for(alice)))), c);
  }
  for (auto c : {sbi::cause::av_generation_problem, sbi::cause::system_failure, sbi::cause::timed_out_request}) {
    a.udm.get_.will_answer(std::unexpected(sbi::problem_details::of(c)));
    auto r = run(a.ausf.authenticate(info_for(alice)));
    EXPECT_EQ(cause_of(r), sbi::cause::upstream_server_error);
    EXPECT_EQ(r->error().status_, 504);
  }
  EXPECT_EQ(a.ausf.contexts(), 0u);
}

TEST(ausf_ue_authentication, a_vector_that_does_not_fit_is_upstream_server_error) {
  ausf_over_fake_udm a;
  auto short_kausf = he_av();
  std::get<udm::av_5g_he_aka>(*short_kausf.authentication_vector_).kausf_.resize(16);
  auto mismatched = he_av();
  mismatched.auth_type_ = udm::auth_type::eap_aka_prime;
  auto none = he_av();
  none.authentication_vector_.reset();
  auto bad_eap = eap_av();
  std::get<udm::av_eap_aka_prime>(*bad_eap.authentication_vector_).xres_.resize(3);
  for (auto* av : {&short_kausf, &mismatched, &none, &bad_eap}) {
    a.udm.get_.will_answer(*av);
    EXPECT_EQ(cause_of(run(a.ausf.authenticate(info_for(alice)))), sbi::cause::upstream_server_error);
  }
  EXPECT_EQ(a.ausf.contexts(), 0u);
}

TEST(ausf_ue_authentication, a_suci_without_the_supi_in_the_udms_answer_is_upstream_server_error) {
  ausf_over_fake_udm a;
  a.udm.get_.will_answer(he_av());  // no supi_
  model::suci suci;
  suci.scheme_output_ = {0x10, 0x32, 0x54, 0x76, 0x98};
  EXPECT_EQ(cause_of(run(a.ausf.authenticate(info_for(suci)))), sbi::cause::upstream_server_error);
}

TEST(ausf_ue_authentication, the_eap_challenge_carries_rand_autn_kdf_1_the_serving_network_name_and_a_valid_mac) {
  ausf_over_fake_udm a;
  a.udm.get_.will_answer(eap_av());
  auto r = run(a.ausf.authenticate(info_for(alice)));
  ASSERT_TRUE(r && *r);
  EXPECT_EQ((*r)->auth_type_, udm::auth_type::eap_aka_prime);
  const auto& bytes = std::get<eap_payload>((*r)->auth_data_5g_);
  auto p = eap::decode(bytes);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->code_, eap::code::request);
  EXPECT_EQ(p->subtype_, eap::aka_subtype::challenge);
  EXPECT_EQ(*p->attributes_.rand_, (std::array<std::uint8_t, 16>{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}));
  EXPECT_EQ(p->attributes_.kdf_, std::vector<std::uint16_t>{1});
  EXPECT_EQ(p->attributes_.kdf_input_, snn);
  // The MAC is under the K_aut of CK'/IK' and the SUPI's identity (TS 33.501 F.3).
  const auto keys = security::derive_eap_aka_prime_keys(
      {*crypto::key128::from(sbi::bytes(16, 4)), *crypto::key128::from(sbi::bytes(16, 5))}, "001010000000001");
  EXPECT_TRUE(eap::mac_verifies(bytes, keys.k_aut));
  EXPECT_TRUE((*r)->links_.at("eap-session").href_.ends_with("/eap-session"));
}

TEST(ausf_ue_authentication, the_wrong_resource_for_a_context_is_context_not_found_and_leaves_it) {
  ausf_over_fake_udm a;
  a.udm.get_.will_answer(he_av());
  a.udm.get_.will_answer(eap_av());
  const auto aka_id = ctx_id_of(**run(a.ausf.authenticate(info_for(alice))));
  const auto eap_id = ctx_id_of(**run(a.ausf.authenticate(info_for(alice))));
  ausf::eap_session s;
  s.eap_payload_ = sbi::bytes{2, 0, 0, 4};
  EXPECT_EQ(cause_of(run(a.ausf.eap_session(aka_id, s))), sbi::cause::context_not_found);
  EXPECT_EQ(cause_of(run(a.ausf.confirm_5g_aka(eap_id, confirmation_data{}))), sbi::cause::context_not_found);
  EXPECT_EQ(a.ausf.contexts(), 2u);
  // No eapPayload: the SEAF's mistake, the context stays.
  EXPECT_EQ(cause_of(run(a.ausf.eap_session(eap_id, ausf::eap_session{}))), sbi::cause::mandatory_ie_missing);
  EXPECT_EQ(a.ausf.contexts(), 2u);
}

TEST(ausf_ue_authentication, garbage_or_a_stale_identifier_in_the_eap_session_ends_it_with_eap_failure) {
  for (const auto& payload : {sbi::bytes{0x02}, sbi::bytes{0x02, 0x00, 0x00, 0x08, 0x32, 0x01, 0x00, 0x00}}) {
    ausf_over_fake_udm a;
    a.udm.get_.will_answer(eap_av());
    const auto id = ctx_id_of(**run(a.ausf.authenticate(info_for(alice))));
    ausf::eap_session s;
    s.eap_payload_ = payload;
    auto r = run(a.ausf.eap_session(id, s));
    ASSERT_TRUE(r && *r);
    EXPECT_EQ((*r)->auth_result_, auth_result::authentication_failure);
    EXPECT_EQ(eap::decode(*(*r)->eap_payload_)->code_, eap::code::failure);
    EXPECT_EQ(a.ausf.contexts(), 0u);
    EXPECT_EQ(a.udm.result_confirmation_.call_count(), 1u);
  }
}

TEST(ausf_ue_authentication, no_key_reaches_the_log) {
  meridian::test::log_capture logs("ausf");
  ausf_over_fake_udm a;
  a.udm.get_.will_answer(he_av(0x41));
  const auto id = ctx_id_of(**run(a.ausf.authenticate(info_for(alice))));
  auto r = run(a.ausf.confirm_5g_aka(id, confirmation_data{.res_star_ = sbi::bytes(16, 0x99)}));
  ASSERT_TRUE(r && *r);
  EXPECT_GT(logs.size(), 0u);  // the failure was logged
  EXPECT_EQ(logs.count(to_hex(sbi::bytes(16, 0x42))), 0u);  // XRES*
  EXPECT_EQ(logs.count(to_hex(sbi::bytes(32, 0x44))), 0u);  // KAUSF
  EXPECT_EQ(logs.count(to_hex(sbi::bytes(16, 0x99))), 0u);  // RES*
}

}  // namespace
}  // namespace meridian::ausf::test

namespace meridian::ausf::test {
namespace {

// TS 33.501 A.6 through the AUSF: the kseaf vector of tests/vectors/kdf_5g.json
// (its KAUSF and serving network name) comes out of a successful confirmation.
TEST(ausf_ue_authentication, kseaf_on_success_matches_the_annex_a6_vector) {
  nlohmann::json vector;
  for (const auto& v : meridian::test::load_vectors("kdf_5g.json"))
    if (v.at("derivation") == "kseaf") vector = v;
  ASSERT_FALSE(vector.is_null());
  const std::string vector_snn = vector.at("inputs").at("serving_network_name");
  ausf_over_fake_udm a;
  auto av = he_av();
  std::get<udm::av_5g_he_aka>(*av.authentication_vector_).kausf_ = hex_bytes(vector.at("inputs").at("kausf"));
  a.udm.get_.will_answer(av);
  auto started = run(a.ausf.authenticate(info_for(alice, vector_snn)));
  ASSERT_TRUE(started && *started);
  confirmation_data data{.res_star_ = std::get<udm::av_5g_he_aka>(*av.authentication_vector_).xres_star_};
  auto r = run(a.ausf.confirm_5g_aka(ctx_id_of(**started), std::move(data)));
  ASSERT_TRUE(r && *r);
  ASSERT_TRUE((*r)->kseaf_.has_value());
  EXPECT_EQ(to_hex(*(*r)->kseaf_), vector.at("outputs").at("kseaf").get<std::string>());
}

}  // namespace
}  // namespace meridian::ausf::test
