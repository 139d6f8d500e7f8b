#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "meridian/common/hex.hpp"
#include "meridian/security/aka.hpp"
#include "meridian/security/key_hierarchy.hpp"
#include "support/vector_bytes.hpp"
#include "support/vectors.hpp"

using namespace meridian;
using namespace meridian::security;
using meridian::test::hex_bytes;
using meridian::test::load_vectors;
using meridian::test::array_of;

namespace {

key128 key_of(const std::string& hex) {
  const auto b = hex_bytes(hex);
  auto k = key128::from(b);
  if (!k) {
    ADD_FAILURE() << "expected 16 octets: " << hex;
    return {};
  }
  return *k;
}

std::string hex(std::span<const std::uint8_t> b) { return to_hex(b); }

const std::string snn = "5G:mnc001.mcc001.3gppnetwork.org";

// A subscriber: TS 35.207 test set 1's K and OPc.
struct subscriber {
  key128 k = key_of("465b5ce8b199b49faa5f0a2ee238a6bc");
  key128 opc = key_of("cd63cb71954a9f4e48a5994e37a02baf");
  amf16 amf{0x80, 0x00};
};

rand128 rand_n(std::uint8_t n) {
  rand128 r{};
  for (std::size_t i = 0; i < r.size(); ++i) r[i] = static_cast<std::uint8_t>(n * 17 + i);
  return r;
}

/// The TS 35.207 sets whose AMF already has the separation bit: for them the
/// 5G AUTN is the vector file's AUTN.
std::vector<nlohmann::json> separation_bit_vectors() {
  std::vector<nlohmann::json> out;
  for (const auto& v : load_vectors("milenage.json"))
    if ((array_of<2>(v.at("amf"))[0] & 0x80) != 0) out.push_back(v);
  return out;
}

/// The vector's id as a test name: every character outside [A-Za-z0-9] becomes '_'.
using meridian::test::vector_name;

/// One ctest case per such set.
class aka_milenage_vector : public ::testing::TestWithParam<nlohmann::json> {};

he_authentication_vector av_for(const subscriber& s, std::uint64_t sqn, std::uint8_t rand_seed = 1) {
  return generate_he_av(s.k, s.opc, rand_n(rand_seed), sqn_to_bytes(sqn), s.amf, snn);
}

}  // namespace

TEST(aka, home_network_vector_is_accepted_and_both_sides_agree) {
  const subscriber s;
  sqn_he_state he;
  sqn_ue_state ue;
  const auto sqn = he.next();
  const auto av = av_for(s, sqn);

  const auto r = ue_authenticate(s.k, s.opc, av.rand, av.autn, snn, ue);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->res_star, av.xres_star);
  EXPECT_TRUE(r->kausf == av.kausf);
  EXPECT_TRUE(r->ck == av.ck);
  EXPECT_TRUE(r->ik == av.ik);
  EXPECT_EQ(r->sqn, sqn);
  EXPECT_EQ(ue.sqn_ms(), sqn);
  // The SEAF's HRES* of the UE's RES* matches the AUSF's HXRES*.
  EXPECT_EQ(derive_hres_star(av.rand, r->res_star), av.hxres_star);
}

TEST(aka, four_ts_35_207_sets_have_the_separation_bit) { EXPECT_EQ(separation_bit_vectors().size(), 4u); }

TEST_P(aka_milenage_vector, intermediates_are_the_milenage_and_annex_a_outputs) {
  // For the TS 35.207 sets whose AMF already has the separation bit, the 5G
  // AUTN equals the vector file's AUTN, and XRES*/KAUSF are A.4/A.2 of f2..f5.
  const auto& v = GetParam();
  const auto amf = array_of<2>(v.at("amf"));
  ASSERT_NE(amf[0] & 0x80, 0);
  const auto rand = array_of<16>(v.at("rand"));
  const auto av = generate_he_av(key_of(v.at("k")), key_of(v.at("opc")), rand, array_of<6>(v.at("sqn")), amf, snn);
  EXPECT_EQ(hex(av.autn), v.at("derived").at("autn").get<std::string>());
  EXPECT_EQ(hex(av.res), v.at("f2_res").get<std::string>());
  EXPECT_EQ(hex(av.ck.bytes()), v.at("f3_ck").get<std::string>());
  EXPECT_EQ(hex(av.ik.bytes()), v.at("f4_ik").get<std::string>());
  EXPECT_EQ(hex(av.ak), v.at("f5_ak").get<std::string>());
  EXPECT_EQ(av.xres_star, derive_res_star(av.ck, av.ik, snn, rand, av.res));
  const auto sqn_xor_ak = array_of<6>(v.at("derived").at("sqn_xor_ak"));
  EXPECT_TRUE(av.kausf == derive_kausf(av.ck, av.ik, snn, sqn_xor_ak));
}

INSTANTIATE_TEST_SUITE_P(ts_35_207, aka_milenage_vector, ::testing::ValuesIn(separation_bit_vectors()), vector_name);

TEST(aka, generate_he_av_sets_the_separation_bit_and_keeps_the_other_amf_bits) {
  subscriber s;
  s.amf = {0x12, 0x34};
  const auto av = av_for(s, 0x21);
  EXPECT_EQ(av.autn[6], 0x92);
  EXPECT_EQ(av.autn[7], 0x34);
}

TEST(aka, wrong_mac_is_a_mac_failure_and_leaves_the_state_alone) {
  const subscriber s;
  sqn_ue_state ue;
  auto av = av_for(s, sqn_he_state().next());
  av.autn[15] ^= 0x01;
  const auto r = ue_authenticate(s.k, s.opc, av.rand, av.autn, snn, ue);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().reason, autn_failure::mac_failure);
  EXPECT_EQ(ue.sqn_ms(), 0u);
}

TEST(aka, wrong_key_is_a_mac_failure) {
  const subscriber s;
  subscriber other;
  other.k = key_of("0396eb317b6d1c36f19c1c84cd6ffd16");
  sqn_ue_state ue;
  const auto av = av_for(other, 0x21);
  const auto r = ue_authenticate(s.k, s.opc, av.rand, av.autn, snn, ue);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().reason, autn_failure::mac_failure);
}

TEST(aka, forged_separation_bit_is_a_mac_failure) {
  // AMF is under MAC-A, so flipping the bit in transit cannot pass.
  const subscriber s;
  sqn_ue_state ue;
  auto av = av_for(s, 0x21);
  av.autn[6] ^= 0x80;
  const auto r = ue_authenticate(s.k, s.opc, av.rand, av.autn, snn, ue);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().reason, autn_failure::mac_failure);
}

TEST(aka, genuine_vector_with_separation_bit_zero_is_non_5g_auth_unacceptable) {
  // A valid non-5G (EPS/UMTS) AUTN: MAC-A over AMF 0x0000.
  const subscriber s;
  const crypto::milenage m(s.k, s.opc);
  const auto rand = rand_n(3);
  const auto sqn = sqn_to_bytes(0x21);
  const amf16 amf{0x00, 0x00};
  const auto ak = m.f2345(rand).ak;
  const auto mac = m.f1(rand, sqn, amf);
  autn128 autn{};
  for (std::size_t i = 0; i < 6; ++i) autn[i] = static_cast<std::uint8_t>(sqn[i] ^ ak[i]);
  std::copy(mac.begin(), mac.end(), autn.begin() + 8);

  sqn_ue_state ue;
  const auto r = ue_authenticate(s.k, s.opc, rand, autn, snn, ue);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().reason, autn_failure::non_5g_auth_unacceptable);
  EXPECT_EQ(ue.sqn_ms(), 0u);  // no SQN consumed
}

TEST(aka, replay_of_an_accepted_vector_is_a_synch_failure_with_a_valid_auts) {
  const subscriber s;
  sqn_he_state he;
  sqn_ue_state ue;
  const auto av = av_for(s, he.next());
  ASSERT_TRUE(ue_authenticate(s.k, s.opc, av.rand, av.autn, snn, ue).has_value());

  const auto r = ue_authenticate(s.k, s.opc, av.rand, av.autn, snn, ue);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().reason, autn_failure::synch_failure);
  const auto sqn_ms = verify_auts(s.k, s.opc, av.rand, r.error().auts);
  ASSERT_TRUE(sqn_ms.has_value());
  EXPECT_EQ(*sqn_ms, ue.sqn_ms());
}

TEST(aka, lower_seq_for_the_same_ind_is_a_synch_failure) {
  const subscriber s;
  sqn_ue_state ue;
  const std::uint64_t newer = (20ull << 5) | 4, older = (19ull << 5) | 4;
  const auto first = av_for(s, newer, 1);
  ASSERT_TRUE(ue_authenticate(s.k, s.opc, first.rand, first.autn, snn, ue).has_value());
  const auto stale = av_for(s, older, 2);
  const auto r = ue_authenticate(s.k, s.opc, stale.rand, stale.autn, snn, ue);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().reason, autn_failure::synch_failure);
  EXPECT_EQ(verify_auts(s.k, s.opc, stale.rand, r.error().auts), std::optional<std::uint64_t>(newer));
}

TEST(aka, jump_beyond_delta_is_a_synch_failure) {
  const subscriber s;
  sqn_config cfg;
  cfg.delta = 1000;
  sqn_ue_state ue(cfg);
  const auto av = av_for(s, (1001ull << 5) | 1);
  const auto r = ue_authenticate(s.k, s.opc, av.rand, av.autn, snn, ue);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().reason, autn_failure::synch_failure);
  EXPECT_EQ(verify_auts(s.k, s.opc, av.rand, r.error().auts), std::optional<std::uint64_t>(0));
}

TEST(aka, resynchronise_then_next_gives_a_vector_the_ue_accepts) {
  const subscriber s;
  sqn_he_state he;  // the home network lost its counter
  sqn_ue_state ue;
  // The USIM has seen far more, on the IND the home network uses next (an
  // untouched IND entry would accept an old SEQ: only L bounds that).
  ue.accept((500ull << 5) | 1);

  const auto stale = av_for(s, he.next(), 1);
  const auto r = ue_authenticate(s.k, s.opc, stale.rand, stale.autn, snn, ue);
  ASSERT_FALSE(r.has_value());
  ASSERT_EQ(r.error().reason, autn_failure::synch_failure);

  const auto sqn_ms = verify_auts(s.k, s.opc, stale.rand, r.error().auts);
  ASSERT_TRUE(sqn_ms.has_value());
  he.resynchronise(*sqn_ms);
  const auto fresh = av_for(s, he.next(), 2);
  EXPECT_TRUE(ue_authenticate(s.k, s.opc, fresh.rand, fresh.autn, snn, ue).has_value());
}

TEST(aka, tampered_auts_is_rejected) {
  const subscriber s;
  const auto rand = rand_n(5);
  const auto auts = generate_auts(s.k, s.opc, rand, 0x123456);
  ASSERT_EQ(verify_auts(s.k, s.opc, rand, auts), std::optional<std::uint64_t>(0x123456));
  for (std::size_t i = 0; i < auts.size(); ++i) {
    auto bad = auts;
    bad[i] ^= 0x01;
    EXPECT_FALSE(verify_auts(s.k, s.opc, rand, bad).has_value()) << "octet " << i;
  }
  EXPECT_FALSE(verify_auts(s.k, s.opc, rand_n(6), auts).has_value());  // another RAND
}

TEST(aka, auts_conceals_sqn_ms_with_ak_star) {
  // TS 33.102 §6.3.3: the first six octets are SQN_MS xor f5*(RAND), not SQN_MS.
  const subscriber s;
  const auto rand = rand_n(5);
  const auto auts = generate_auts(s.k, s.opc, rand, 0x123456);
  const auto ak_star = crypto::milenage(s.k, s.opc).f5_star(rand);
  const auto sqn = sqn_to_bytes(0x123456);
  for (std::size_t i = 0; i < 6; ++i) EXPECT_EQ(auts[i], sqn[i] ^ ak_star[i]);
}

TEST(aka, out_of_order_vectors_with_different_ind_are_all_accepted) {
  const subscriber s;
  sqn_he_state he;
  sqn_ue_state ue;
  const auto av1 = av_for(s, he.next(), 1);
  const auto av2 = av_for(s, he.next(), 2);
  const auto av3 = av_for(s, he.next(), 3);
  EXPECT_TRUE(ue_authenticate(s.k, s.opc, av3.rand, av3.autn, snn, ue).has_value());
  EXPECT_TRUE(ue_authenticate(s.k, s.opc, av1.rand, av1.autn, snn, ue).has_value());
  EXPECT_TRUE(ue_authenticate(s.k, s.opc, av2.rand, av2.autn, snn, ue).has_value());
  // ...but each only once.
  EXPECT_FALSE(ue_authenticate(s.k, s.opc, av1.rand, av1.autn, snn, ue).has_value());
}

TEST(aka, without_ind_out_of_order_vectors_are_stale) {
  const subscriber s;
  sqn_config cfg;
  cfg.ind_bits = 0;
  sqn_he_state he(0, cfg);
  sqn_ue_state ue(cfg);
  const auto av1 = av_for(s, he.next(), 1);
  const auto av2 = av_for(s, he.next(), 2);
  EXPECT_TRUE(ue_authenticate(s.k, s.opc, av2.rand, av2.autn, snn, ue).has_value());
  const auto r = ue_authenticate(s.k, s.opc, av1.rand, av1.autn, snn, ue);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().reason, autn_failure::synch_failure);
}

TEST(aka, ind_cycles_back_onto_the_same_entry_after_two_to_the_ind_bits_vectors) {
  const subscriber s;
  sqn_config cfg;
  cfg.ind_bits = 2;
  sqn_he_state he(0, cfg);
  sqn_ue_state ue(cfg);
  std::vector<he_authentication_vector> avs;
  for (std::uint8_t i = 0; i < 5; ++i) avs.push_back(av_for(s, he.next(), i));
  // The fifth vector reuses the first one's IND with a higher SEQ: using it
  // first makes the first one stale, while the others stay usable.
  EXPECT_TRUE(ue_authenticate(s.k, s.opc, avs[4].rand, avs[4].autn, snn, ue).has_value());
  EXPECT_FALSE(ue_authenticate(s.k, s.opc, avs[0].rand, avs[0].autn, snn, ue).has_value());
  EXPECT_TRUE(ue_authenticate(s.k, s.opc, avs[1].rand, avs[1].autn, snn, ue).has_value());
}

TEST(aka, different_serving_networks_give_different_res_star_and_kausf) {
  const subscriber s;
  const auto a = generate_he_av(s.k, s.opc, rand_n(1), sqn_to_bytes(0x21), s.amf, snn);
  const auto b = generate_he_av(s.k, s.opc, rand_n(1), sqn_to_bytes(0x21), s.amf, "5G:mnc002.mcc001.3gppnetwork.org");
  EXPECT_EQ(a.autn, b.autn);
  EXPECT_NE(a.xres_star, b.xres_star);
  EXPECT_FALSE(a.kausf == b.kausf);
}
