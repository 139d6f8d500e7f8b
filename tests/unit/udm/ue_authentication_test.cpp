// The UDM's Nudm_UEAuthentication: vectors checked against TS 35.207/35.208
// (Milenage) and TS 33.501 Annex A, SQN discipline over the UDR's
// compare-and-swap, AUTS resynchronisation (TS 33.102 §6.3.5, Annex C), and
// the problems of TS 29.503.

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "meridian/crypto/milenage.hpp"
#include "meridian/security/aka.hpp"
#include "meridian/security/key_hierarchy.hpp"
#include "meridian/security/sqn.hpp"
#include "support/log_capture.hpp"
#include "udm_test_support.hpp"

namespace meridian::udm::test {
namespace {

using meridian::test::hex_bytes;
using meridian::test::load_vectors;

std::uint64_t sqn_value(const std::string& hex) { return std::stoull(hex, nullptr, 16); }

// The SQN inside an AUTN: SQN xor AK xor AK, AK = f5(RAND) (TS 33.102 §6.3.2).
std::uint64_t sqn_in(const sbi::bytes& rand, const sbi::bytes& autn) {
  const crypto::milenage m(*crypto::key128::from(hex_bytes("465b5ce8b199b49faa5f0a2ee238a6bc")),
                           *crypto::key128::from(hex_bytes("cd63cb71954a9f4e48a5994e37a02baf")));
  const auto ak = m.f2345(array_of<16>(rand)).ak;
  crypto::sqn48 sqn{};
  for (std::size_t i = 0; i < 6; ++i) sqn[i] = static_cast<std::uint8_t>(autn[i] ^ ak[i]);
  return security::sqn_from_bytes(sqn);
}

const av_5g_he_aka& five_g(const sbi::result<authentication_info_result>& r) {
  return std::get<av_5g_he_aka>(*r->authentication_vector_);
}

// ---------------------------------------------------------------- vectors

// TS 35.207 sets whose AMF has the separation bit (so the UDM sends it as is).
std::vector<nlohmann::json> milenage_sets_with_separation_bit() {
  std::vector<nlohmann::json> out;
  for (const auto& v : load_vectors("milenage.json"))
    if (hex_bytes(v.at("amf"))[0] & 0x80) out.push_back(v);
  return out;
}

class he_av_vector : public ::testing::TestWithParam<nlohmann::json> {};

// The UDR holds the SQN before the set's, so the next one (SEQ+1, IND+1) is the set's.
std::string sqn_before(std::uint64_t sqn) {
  const std::uint64_t seq = sqn >> 5, ind = sqn & 0x1f;
  return fmt::format("{:012x}", ((seq - 1) << 5 | ((ind + 31) & 0x1f)) & security::sqn_mask);
}

// One GenerateAuthData for the set's subscriber (K, OPc, AMF), with the set's
// RAND and the UDR one SQN before the set's; the SQN written must be the set's.
std::optional<sbi::result<authentication_info_result>> generate_for_set(const nlohmann::json& v,
                                                                        udr::auth_method method) {
  home_network hn;
  auto sub = subscription(sqn_before(sqn_value(v.at("sqn"))), method);
  sub.enc_permanent_key_ = hex_bytes(v.at("k"));
  sub.enc_opc_key_ = hex_bytes(v.at("opc"));
  sub.authentication_management_field_ = hex_bytes(v.at("amf"));
  hn.udr.add(alice, sub);
  ue_authentication ueau(hn.config, hn.udr, hn.keys, [&]() -> std::optional<crypto::rand128> {
    return array_of<16>(hex_bytes(v.at("rand")));
  });
  auto r = run(ueau.get(alice, request_for()));
  EXPECT_EQ(hn.udr.sqn_of(alice), v.at("sqn").get<std::string>());
  return r;
}

TEST_P(he_av_vector, the_5g_he_av_is_built_from_the_milenage_set_and_annex_a) {
  const auto& v = GetParam();
  auto r = generate_for_set(v, udr::auth_method::five_g_aka);
  ASSERT_TRUE(r && *r) << (r ? r->error().detail_.value_or("") : "did not end");
  EXPECT_EQ((*r)->auth_type_, auth_type::five_g_aka);
  EXPECT_FALSE((*r)->supi_.has_value());  // asked by SUPI
  const auto& av = five_g(*r);
  EXPECT_EQ(to_hex(av.rand_), v.at("rand").get<std::string>());
  EXPECT_EQ(to_hex(av.autn_), v.at("derived").at("autn").get<std::string>());

  // XRES* (A.4) and KAUSF (A.2) from the set's RES, CK, IK.
  const auto ck = *crypto::key128::from(hex_bytes(v.at("f3_ck")));
  const auto ik = *crypto::key128::from(hex_bytes(v.at("f4_ik")));
  const auto rand = array_of<16>(hex_bytes(v.at("rand")));
  const auto xres_star = security::derive_res_star(ck, ik, snn, rand, hex_bytes(v.at("f2_res")));
  EXPECT_EQ(to_hex(av.xres_star_), to_hex(xres_star));
  const auto sqn_xor_ak = array_of<6>(hex_bytes(v.at("derived").at("sqn_xor_ak")));
  EXPECT_EQ(to_hex(av.kausf_), to_hex(security::derive_kausf(ck, ik, snn, sqn_xor_ak).bytes()));
}

TEST_P(he_av_vector, the_eap_aka_prime_av_has_the_sets_res_and_ck_ik_prime_of_annex_a3) {
  const auto& v = GetParam();
  auto r = generate_for_set(v, udr::auth_method::eap_aka_prime);
  ASSERT_TRUE(r && *r);
  EXPECT_EQ((*r)->auth_type_, auth_type::eap_aka_prime);
  const auto& av = std::get<av_eap_aka_prime>(*(*r)->authentication_vector_);
  EXPECT_EQ(to_hex(av.xres_), v.at("f2_res").get<std::string>());
  EXPECT_EQ(to_hex(av.autn_), v.at("derived").at("autn").get<std::string>());
  const auto prime = security::derive_ck_ik_prime(*crypto::key128::from(hex_bytes(v.at("f3_ck"))),
                                                  *crypto::key128::from(hex_bytes(v.at("f4_ik"))), snn,
                                                  array_of<6>(hex_bytes(v.at("derived").at("sqn_xor_ak"))));
  EXPECT_EQ(to_hex(av.ck_prime_), to_hex(prime.ck_prime.bytes()));
  EXPECT_EQ(to_hex(av.ik_prime_), to_hex(prime.ik_prime.bytes()));
}

INSTANTIATE_TEST_SUITE_P(ts_35_207, he_av_vector, ::testing::ValuesIn(milenage_sets_with_separation_bit()),
                         [](const auto& info) { return "set_" + std::to_string(info.index); });

TEST(udm_ue_authentication, a_vector_accepted_by_the_ue_gives_the_same_res_star_and_kausf) {
  home_network hn;
  hn.udr.add(alice, subscription());
  auto r = run(hn.ueau.get(alice, request_for()));
  ASSERT_TRUE(r && *r);
  const auto& av = five_g(*r);
  security::sqn_ue_state usim;
  auto ue = security::ue_authenticate(*crypto::key128::from(hex_bytes("465b5ce8b199b49faa5f0a2ee238a6bc")),
                                      *crypto::key128::from(hex_bytes("cd63cb71954a9f4e48a5994e37a02baf")),
                                      array_of<16>(av.rand_), array_of<16>(av.autn_), snn, usim);
  ASSERT_TRUE(ue.has_value());
  EXPECT_EQ(to_hex(ue->res_star), to_hex(av.xres_star_));
  EXPECT_EQ(to_hex(ue->kausf.bytes()), to_hex(av.kausf_));
  EXPECT_EQ(ue->sqn, sqn_value(hn.udr.sqn_of(alice)));
}

// ---------------------------------------------------------------- SQN

TEST(udm_ue_authentication, each_vector_advances_seq_and_cycles_ind_and_is_written_before_it_is_handed_out) {
  home_network hn;
  hn.udr.add(alice, subscription("000000000020"));  // SEQ 1, IND 0
  for (std::uint64_t i = 1; i <= 3; ++i) {
    auto r = run(hn.ueau.get(alice, request_for()));
    ASSERT_TRUE(r && *r);
    const std::uint64_t expected = ((1 + i) << 5) | i;
    EXPECT_EQ(sqn_value(hn.udr.sqn_of(alice)), expected);
    EXPECT_EQ(sqn_in(five_g(*r).rand_, five_g(*r).autn_), expected);
  }
  EXPECT_EQ(hn.udr.sqn_writes.size(), 3u);
  EXPECT_EQ(hn.ueau.counters().vectors_generated, 3u);
}

TEST(udm_ue_authentication, concurrent_requests_for_one_subscriber_get_distinct_increasing_sqns) {
  home_network hn;
  hn.udr.add(alice, subscription("000000000020"));
  constexpr std::size_t n = 8;
  std::vector<std::optional<sbi::result<authentication_info_result>>> results(n);
  hn.udr.auth_reads.close();  // every request reads the same SQN before any writes
  for (auto& r : results) start(hn.ueau.get(alice, request_for()), r);
  ASSERT_EQ(hn.udr.auth_reads.waiting(), n);
  hn.udr.auth_reads.open();

  std::set<std::uint64_t> handed_out;
  for (const auto& r : results) {
    ASSERT_TRUE(r && *r);
    handed_out.insert(sqn_in(five_g(*r).rand_, five_g(*r).autn_));
  }
  EXPECT_EQ(handed_out.size(), n);  // no SQN twice
  ASSERT_EQ(hn.udr.sqn_writes.size(), n);
  std::vector<std::uint64_t> written;
  for (const auto& w : hn.udr.sqn_writes) written.push_back(sqn_value(w));
  EXPECT_TRUE(std::is_sorted(written.begin(), written.end()));
  EXPECT_EQ(std::set<std::uint64_t>(written.begin(), written.end()), handed_out);
  EXPECT_GE(hn.ueau.counters().sqn_conflicts, n - 1);  // all but the first lost a race at least once
  EXPECT_EQ(hn.udr.refused_patches, hn.ueau.counters().sqn_conflicts);
}

TEST(udm_ue_authentication, a_request_that_keeps_losing_the_race_gives_up_with_av_generation_problem) {
  meridian::test::fake_nudr_data_repository udr;
  meridian::test::fake_home_network_keys keys;
  udr.query_auth_subs_data_.will_answer_with([](const model::supi&) { return sbi::result<udr::authentication_subscription>(subscription()); });
  udr.modify_authentication_subscription_.will_answer_with([](const model::supi&, const auto&) {
    return sbi::result<sbi::no_content>(std::unexpected(sbi::problem_details::of(sbi::cause::modification_not_allowed)));
  });
  udm_config config;
  config.max_sqn_update_attempts_ = 5;
  ue_authentication ueau(config, udr, keys, [] { return std::optional(rand_n(1)); });
  auto r = run(ueau.get(alice, request_for()));
  EXPECT_EQ(cause_of(r), sbi::cause::av_generation_problem);
  EXPECT_EQ(udr.modify_authentication_subscription_.call_count(), 5u);
  EXPECT_EQ(ueau.counters().vectors_generated, 0u);
}

TEST(udm_ue_authentication, the_patch_tests_the_sqn_read_and_replaces_the_sequence_number_keeping_its_other_fields) {
  meridian::test::fake_nudr_data_repository udr;
  meridian::test::fake_home_network_keys keys;
  auto sub = subscription("00000000a041");
  sub.sequence_number_->ind_length_ = 5;
  sub.sequence_number_->last_indexes_ = {{"ausf", 1}};
  udr.query_auth_subs_data_.will_answer(sub);
  udr.modify_authentication_subscription_.will_answer(sbi::no_content{});
  ue_authentication ueau({}, udr, keys, [] { return std::optional(rand_n(1)); });
  ASSERT_TRUE(run(ueau.get(alice, request_for())));
  const auto& patch = udr.modify_authentication_subscription_.last<1>();
  ASSERT_EQ(patch.size(), 2u);
  EXPECT_EQ(patch[0].op_, sbi::patch_operation::test);
  EXPECT_EQ(patch[0].path_, "/sequenceNumber/sqn");
  EXPECT_EQ(std::get<std::string>(patch[0].value_), "00000000a041");
  EXPECT_EQ(patch[1].op_, sbi::patch_operation::replace);
  EXPECT_EQ(patch[1].path_, "/sequenceNumber");
  auto expected = *sub.sequence_number_;
  expected.sqn_ = "00000000a062";  // SEQ 0x502 -> 0x503, IND 1 -> 2
  EXPECT_EQ(std::get<udr::sequence_number>(patch[1].value_), expected);
}

TEST(udm_ue_authentication, a_udr_failure_on_the_sqn_update_passes_through_and_no_vector_leaves) {
  meridian::test::fake_nudr_data_repository udr;
  meridian::test::fake_home_network_keys keys;
  udr.query_auth_subs_data_.will_answer(subscription());
  udr.modify_authentication_subscription_.will_answer(std::unexpected(sbi::problem_details::of(sbi::cause::system_failure)));
  ue_authentication ueau({}, udr, keys, [] { return std::optional(rand_n(1)); });
  auto r = run(ueau.get(alice, request_for()));
  EXPECT_EQ(cause_of(r), sbi::cause::system_failure);
  EXPECT_EQ(udr.modify_authentication_subscription_.call_count(), 1u);
}

// ---------------------------------------------------------------- AUTS

struct resync_case {
  crypto::key128 k = *crypto::key128::from(hex_bytes("465b5ce8b199b49faa5f0a2ee238a6bc"));
  crypto::key128 opc = *crypto::key128::from(hex_bytes("cd63cb71954a9f4e48a5994e37a02baf"));
};

authentication_info_request with_auts(const crypto::rand128& rand, const security::auts112& auts) {
  auto r = request_for();
  r.resynchronization_info_ = resynchronization_info{.rand_ = sbi::bytes(rand.begin(), rand.end()),
                                                     .auts_ = sbi::bytes(auts.begin(), auts.end())};
  return r;
}

TEST(udm_ue_authentication, a_verified_auts_resets_seq_to_the_usims_and_the_next_vector_is_fresh_for_it) {
  home_network hn;
  hn.udr.add(alice, subscription("000000000020"));  // the UDM at SEQ 1
  resync_case u;
  security::sqn_ue_state usim;
  // The USIM has seen SEQ 1000 with IND 1, the IND of the vector below (a home
  // network restored from an old backup, say).
  usim.accept((1000ull << 5) | 1);
  auto first = run(hn.ueau.get(alice, request_for()));
  ASSERT_TRUE(first && *first);
  auto rejected = security::ue_authenticate(u.k, u.opc, array_of<16>(five_g(*first).rand_),
                                            array_of<16>(five_g(*first).autn_), snn, usim);
  ASSERT_FALSE(rejected.has_value());
  ASSERT_EQ(rejected.error().reason, security::autn_failure::synch_failure);

  auto second = run(hn.ueau.get(alice, with_auts(array_of<16>(five_g(*first).rand_), rejected.error().auts)));
  ASSERT_TRUE(second && *second);
  EXPECT_EQ(sqn_value(hn.udr.sqn_of(alice)) >> 5, 1001u);  // SEQ_HE := SEQ_MS, then the next
  EXPECT_EQ(hn.ueau.counters().resynchronisations, 1u);
  auto accepted = security::ue_authenticate(u.k, u.opc, array_of<16>(five_g(*second).rand_),
                                            array_of<16>(five_g(*second).autn_), snn, usim);
  EXPECT_TRUE(accepted.has_value());
}

TEST(udm_ue_authentication, an_auts_whose_mac_s_fails_resets_nothing_but_a_vector_is_still_sent) {
  home_network hn;
  hn.udr.add(alice, subscription("000000000020"));
  resync_case u;
  auto auts = security::generate_auts(u.k, u.opc, rand_n(77), (1000ull << 5));
  auts[13] ^= 0x01;  // MAC-S broken
  auto r = run(hn.ueau.get(alice, with_auts(rand_n(77), auts)));
  ASSERT_TRUE(r && *r);  // TS 33.102 §6.3.5 step 6: a new vector either way
  EXPECT_EQ(sqn_value(hn.udr.sqn_of(alice)) >> 5, 2u);  // SEQ 1 -> 2, not 1001
  EXPECT_EQ(hn.ueau.counters().auts_mac_failures, 1u);
  EXPECT_EQ(hn.ueau.counters().resynchronisations, 0u);
}

TEST(udm_ue_authentication, an_auts_from_a_usim_behind_the_home_network_leaves_seq_alone) {
  home_network hn;
  hn.udr.add(alice, subscription("0000000000a0"));  // SEQ 5
  resync_case u;
  auto auts = security::generate_auts(u.k, u.opc, rand_n(5), (3ull << 5));  // the USIM is at SEQ 3
  auto r = run(hn.ueau.get(alice, with_auts(rand_n(5), auts)));
  ASSERT_TRUE(r && *r);
  EXPECT_EQ(sqn_value(hn.udr.sqn_of(alice)) >> 5, 6u);  // already acceptable: just the next
  EXPECT_EQ(hn.ueau.counters().resynchronisations, 1u);
}

TEST(udm_ue_authentication, resynchronisation_info_of_the_wrong_sizes_is_mandatory_ie_incorrect) {
  home_network hn;
  hn.udr.add(alice, subscription());
  auto request = request_for();
  request.resynchronization_info_ = resynchronization_info{.rand_ = sbi::bytes(16, 1), .auts_ = sbi::bytes(13, 2)};
  EXPECT_EQ(cause_of(run(hn.ueau.get(alice, std::move(request)))), sbi::cause::mandatory_ie_incorrect);
  EXPECT_TRUE(hn.udr.sqn_writes.empty());
}

// ---------------------------------------------------------------- problems

TEST(udm_ue_authentication, an_unknown_subscriber_is_user_not_found_and_nothing_is_written) {
  home_network hn;
  hn.udr.add(alice, subscription());
  EXPECT_EQ(cause_of(run(hn.ueau.get(supi_of("imsi-001010000000999"), request_for()))), sbi::cause::user_not_found);
  EXPECT_TRUE(hn.udr.sqn_writes.empty());
}

TEST(udm_ue_authentication, a_malformed_serving_network_name_is_refused_before_the_udr_is_asked) {
  meridian::test::fake_nudr_data_repository udr;
  meridian::test::fake_home_network_keys keys;
  ue_authentication ueau({}, udr, keys, [] { return std::optional(rand_n(1)); });
  auto r = run(ueau.get(alice, request_for("5G:mnc01.mcc001.3gppnetwork.org")));
  EXPECT_EQ(cause_of(r), sbi::cause::mandatory_ie_incorrect);
  ASSERT_EQ(r->error().invalid_params_.size(), 1u);
  EXPECT_EQ(r->error().invalid_params_[0].param_, "/servingNetworkName");
  EXPECT_EQ(udr.query_auth_subs_data_.call_count(), 0u);
}

TEST(udm_ue_authentication, a_serving_network_outside_the_authorised_list_is_serving_network_not_authorized) {
  udm_config config;
  config.authorized_serving_plmns_ = {*model::plmn::parse("001/01")};
  home_network hn(config);
  hn.udr.add(alice, subscription());
  EXPECT_EQ(cause_of(run(hn.ueau.get(alice, request_for("5G:mnc093.mcc208.3gppnetwork.org")))),
            sbi::cause::serving_network_not_authorized);
  EXPECT_TRUE(run(hn.ueau.get(alice, request_for(snn)))->has_value());
}

TEST(udm_ue_authentication, a_method_without_aka_vectors_is_authentication_rejected_without_spending_a_sqn) {
  home_network hn;
  hn.udr.add(alice, subscription("000000000020", udr::auth_method::eap_tls));
  EXPECT_EQ(cause_of(run(hn.ueau.get(alice, request_for()))), sbi::cause::authentication_rejected);
  EXPECT_TRUE(hn.udr.sqn_writes.empty());
}

TEST(udm_ue_authentication, missing_or_malformed_credentials_are_av_generation_problem) {
  auto no_k = subscription();
  no_k.enc_permanent_key_.reset();
  auto short_opc = subscription();
  short_opc.enc_opc_key_ = sbi::bytes(15, 0);
  auto no_sqn = subscription();
  no_sqn.sequence_number_->sqn_.reset();
  auto bad_sqn = subscription("00000000002g");
  auto tuak = subscription();
  tuak.algorithm_id_ = "tuak";
  auto bad_amf = subscription();
  bad_amf.authentication_management_field_ = sbi::bytes{0x80};
  for (auto* s : {&no_k, &short_opc, &no_sqn, &bad_sqn, &tuak, &bad_amf}) {
    home_network hn;
    hn.udr.add(alice, *s);
    EXPECT_EQ(cause_of(run(hn.ueau.get(alice, request_for()))), sbi::cause::av_generation_problem);
    EXPECT_TRUE(hn.udr.sqn_writes.empty());
  }
}

TEST(udm_ue_authentication, no_random_octets_is_av_generation_problem) {
  home_network hn;
  hn.rands_fail_after = 0;
  hn.udr.add(alice, subscription());
  EXPECT_EQ(cause_of(run(hn.ueau.get(alice, request_for()))), sbi::cause::av_generation_problem);
}

TEST(udm_ue_authentication, the_system_rand_source_gives_distinct_rands) {
  auto source = system_rand_source();
  auto a = source(), b = source();
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
}

// ---------------------------------------------------------------- result confirmation

TEST(udm_ue_authentication, result_confirmation_stores_the_event_in_the_udr_and_answers_it) {
  home_network hn;
  hn.udr.add(alice, subscription());
  auth_event event;
  event.nf_instance_id_ = "ausf-test";
  event.success_ = true;
  event.auth_type_ = auth_type::five_g_aka;
  event.serving_network_name_ = snn;
  auto r = run(hn.ueau.result_confirmation(alice, event));
  ASSERT_TRUE(r && *r);
  EXPECT_EQ(**r, event);
  ASSERT_EQ(hn.udr.subscribers.at(alice).auth_events.size(), 1u);
  EXPECT_EQ(hn.udr.subscribers.at(alice).auth_events[0], event);
  EXPECT_EQ(cause_of(run(hn.ueau.result_confirmation(supi_of("imsi-001010000000999"), event))),
            sbi::cause::user_not_found);
}

// ---------------------------------------------------------------- logs

TEST(udm_ue_authentication, no_key_reaches_the_log_even_at_trace_level) {
  meridian::test::log_capture logs("udm.ueau");
  home_network hn;
  hn.udr.add(alice, subscription());
  auto r = run(hn.ueau.get(alice, request_for()));
  ASSERT_TRUE(r && *r);
  auto eap_sub = subscription("000000000020", udr::auth_method::eap_aka_prime);
  hn.udr.add(supi_of("imsi-001010000000002"), eap_sub);
  auto e = run(hn.ueau.get(supi_of("imsi-001010000000002"), request_for()));
  ASSERT_TRUE(e && *e);
  const auto& eap = std::get<av_eap_aka_prime>(*(*e)->authentication_vector_);
  EXPECT_GT(logs.size(), 0u);  // it did log (the SUPI and SQN at debug)
  const std::vector<std::string> secrets = {"465b5ce8b199b49faa5f0a2ee238a6bc", "cd63cb71954a9f4e48a5994e37a02baf",
                                            to_hex(five_g(*r).kausf_),          to_hex(five_g(*r).xres_star_),
                                            to_hex(eap.ck_prime_),              to_hex(eap.ik_prime_),
                                            to_hex(eap.xres_)};
  for (const auto& secret : secrets) {
    EXPECT_EQ(logs.count(secret), 0u) << secret;
  }
}

}  // namespace
}  // namespace meridian::udm::test
