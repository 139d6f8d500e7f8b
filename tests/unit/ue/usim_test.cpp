// The UE's USIM against what nobody here wrote: the Milenage test sets of
// TS 35.207/35.208 (f2..f5, f5*, and the AMF separation bit of TS 33.102
// Annex H that 5G demands), and the SUCI examples of TS 33.501 Annex C.4
// (null scheme, ECIES Profiles A and B with the fixed ephemeral keys). The
// SQN array of TS 33.102 Annex C with challenges the home network side of the
// security module builds.

#include <gtest/gtest.h>

#include "meridian/crypto/milenage.hpp"
#include "meridian/security/aka.hpp"
#include "meridian/security/key_hierarchy.hpp"
#include "meridian/security/suci.hpp"
#include "meridian/ue/usim.hpp"
#include "support/vectors.hpp"

namespace meridian::ue {
namespace {

using meridian::test::hex_bytes;
using meridian::test::load_vectors;

const char* const snn = "5G:mnc001.mcc001.3gppnetwork.org";

template <std::size_t N>
std::array<std::uint8_t, N> arr(const std::string& hex) {
  const auto b = hex_bytes(hex);
  std::array<std::uint8_t, N> out{};
  EXPECT_EQ(b.size(), N) << hex;
  std::copy_n(b.begin(), std::min(N, b.size()), out.begin());
  return out;
}
crypto::key128 key(const std::string& hex) { return *crypto::key128::from(hex_bytes(hex)); }
template <std::size_t N>
std::vector<std::uint8_t> bytes_of(const crypto::secret<N>& s) {
  return std::vector<std::uint8_t>(s.bytes().begin(), s.bytes().end());
}

/// AUTN = SQN xor AK || AMF || MAC-A (TS 33.102 §6.3.2) from a test set's values.
security::autn128 autn_of(const nlohmann::json& v) {
  const auto sqn = hex_bytes(v["sqn"]);
  const auto ak = hex_bytes(v["f5_ak"]);
  const auto amf = hex_bytes(v["amf"]);
  const auto mac = hex_bytes(v["f1_mac_a"]);
  security::autn128 autn{};
  for (int i = 0; i < 6; ++i) autn[i] = sqn[i] ^ ak[i];
  autn[6] = amf[0];
  autn[7] = amf[1];
  std::copy(mac.begin(), mac.end(), autn.begin() + 8);
  return autn;
}

/// Test-set SQNs lie anywhere in the 48-bit space: a USIM that has seen none
/// accepts any jump (Δ as large as SEQ can be).
security::sqn_config any_jump() {
  security::sqn_config c;
  c.delta = (1ull << 43);
  return c;
}

usim usim_of(const nlohmann::json& v) {
  return usim(*model::supi::parse("imsi-001010000000001"), key(v["k"]), key(v["opc"]), nullptr, any_jump());
}

TEST(usim, when_a_test_set_challenge_has_the_separation_bit_then_res_star_ck_and_ik_follow_the_set) {
  int accepted = 0;
  for (const auto& v : load_vectors("milenage.json")) {
    const bool separation_bit = (hex_bytes(v["amf"])[0] & 0x80) != 0;
    if (!separation_bit) continue;
    auto sim = usim_of(v);
    const auto rand = arr<16>(v["rand"]);
    auto r = sim.authenticate(rand, autn_of(v), snn);
    ASSERT_TRUE(r.has_value()) << v["id"];
    EXPECT_EQ(bytes_of(r->ck), hex_bytes(v["f3_ck"])) << v["id"];
    EXPECT_EQ(bytes_of(r->ik), hex_bytes(v["f4_ik"])) << v["id"];
    // RES* of TS 33.501 A.4 over the set's own RES, CK and IK.
    const auto res = hex_bytes(v["f2_res"]);
    EXPECT_EQ(r->res_star, security::derive_res_star(key(v["f3_ck"]), key(v["f4_ik"]), snn, rand, res)) << v["id"];
    EXPECT_EQ(r->sqn, security::sqn_from_bytes(arr<6>(v["sqn"])));
    ++accepted;
  }
  EXPECT_EQ(accepted, 4);  // sets 1, 2, 4, 5 carry AMF values with bit 0 set
}

TEST(usim, when_the_separation_bit_is_zero_then_the_challenge_is_refused_with_cause_26) {
  int refused = 0;
  for (const auto& v : load_vectors("milenage.json")) {
    if ((hex_bytes(v["amf"])[0] & 0x80) != 0) continue;
    auto sim = usim_of(v);
    auto r = sim.authenticate(arr<16>(v["rand"]), autn_of(v), snn);
    ASSERT_FALSE(r.has_value()) << v["id"];
    EXPECT_EQ(r.error().reason, security::autn_failure::non_5g_auth_unacceptable) << v["id"];
    EXPECT_EQ(sim.sqn_state().sqn_ms(), 0u) << "a refused challenge must not move the SQN";
    ++refused;
  }
  EXPECT_EQ(refused, 2);  // sets 3 (725c) and 6 (4464)
}

TEST(usim, when_mac_a_is_wrong_then_the_challenge_is_refused_with_mac_failure_and_the_sqn_stays) {
  const auto v = load_vectors("milenage.json")[0];
  auto sim = usim_of(v);
  auto autn = autn_of(v);
  autn[15] ^= 0x01;
  auto r = sim.authenticate(arr<16>(v["rand"]), autn, snn);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().reason, security::autn_failure::mac_failure);
  // The genuine challenge still passes: nothing was accepted.
  EXPECT_TRUE(sim.authenticate(arr<16>(v["rand"]), autn_of(v), snn).has_value());
}

TEST(usim, when_a_challenge_is_replayed_then_synch_failure_gives_auts_of_the_test_set_ak_star_and_mac_s) {
  const auto v = load_vectors("milenage.json")[0];
  auto sim = usim_of(v);
  const auto rand = arr<16>(v["rand"]);
  ASSERT_TRUE(sim.authenticate(rand, autn_of(v), snn).has_value());
  auto again = sim.authenticate(rand, autn_of(v), snn);
  ASSERT_FALSE(again.has_value());
  ASSERT_EQ(again.error().reason, security::autn_failure::synch_failure);
  const auto& auts = again.error().auts;
  // TS 33.102 §6.3.3: AUTS = SQN_MS xor AK* || MAC-S; SQN_MS is the SQN accepted, AK* is f5* of the set.
  const auto sqn = hex_bytes(v["sqn"]);
  const auto ak_star = hex_bytes(v["f5star_ak_star"]);
  for (int i = 0; i < 6; ++i) EXPECT_EQ(auts[i], sqn[i] ^ ak_star[i]) << i;
  // MAC-S = f1*(SQN_MS, RAND, AMF*) with the dummy AMF 0x0000 (TS 33.102 §6.3.3).
  crypto::milenage m(key(v["k"]), key(v["opc"]));
  const auto mac_s = m.f1_star(rand, arr<6>(v["sqn"]), crypto::amf16{0, 0});
  EXPECT_TRUE(std::equal(mac_s.begin(), mac_s.end(), auts.begin() + 6));
}

TEST(usim, when_provisioned_with_op_then_it_answers_as_with_the_set_opc) {
  const auto v = load_vectors("milenage.json")[0];
  auto sim = usim::with_op(*model::supi::parse("imsi-001010000000001"), key(v["k"]), key(v["op"]), nullptr, any_jump());
  auto r = sim.authenticate(arr<16>(v["rand"]), autn_of(v), snn);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(bytes_of(r->ck), hex_bytes(v["f3_ck"]));
}

// TS 33.102 Annex C.2: one SEQ_MS per IND; challenges of different IND values
// may arrive out of order, a SEQ not above its slot's SEQ_MS is stale.
TEST(usim, when_challenges_arrive_out_of_order_then_the_annex_c_array_accepts_each_ind_once) {
  const auto k = key("465b5ce8b199b49faa5f0a2ee238a6bc");
  const auto opc = key("cd63cb71954a9f4e48a5994e37a02baf");
  usim sim(*model::supi::parse("imsi-001010000000001"), k, opc);  // IND 5 bits, Δ 2^28
  const crypto::amf16 amf{0x80, 0x00};
  const crypto::rand128 rand{1, 2, 3};
  auto challenge = [&](std::uint64_t seq, std::uint64_t ind) {
    const auto av = security::generate_he_av(k, opc, rand, security::sqn_to_bytes(seq << 5 | ind), amf, snn);
    return sim.authenticate(av.rand, av.autn, snn);
  };
  EXPECT_TRUE(challenge(10, 3).has_value());
  EXPECT_TRUE(challenge(9, 4).has_value()) << "another IND slot: an older SEQ is still fresh there";
  auto stale = challenge(9, 3);
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().reason, security::autn_failure::synch_failure);
  EXPECT_EQ(sim.sqn_state().sqn_ms(), (10u << 5) | 3u) << "SQN_MS is the highest accepted";
  // The AUTS carries SQN_MS so that the home network can resynchronise (TS 33.102 §6.3.5).
  EXPECT_EQ(security::verify_auts(k, opc, rand, stale.error().auts), (10u << 5) | 3u);
  EXPECT_TRUE(challenge(11, 3).has_value());
  // Δ: a jump beyond 2^28 SEQs is refused as not fresh (C.2.1).
  auto far = challenge(11 + (1ull << 28) + 1, 5);
  ASSERT_FALSE(far.has_value());
  EXPECT_EQ(far.error().reason, security::autn_failure::synch_failure);
}

class usim_suci : public ::testing::TestWithParam<nlohmann::json> {};

TEST_P(usim_suci, the_suci_of_the_annex_c4_example_is_the_one_the_specification_gives) {
  const auto& v = GetParam();
  const std::string mcc_mnc = v["mcc_mnc"];
  auto info = std::make_shared<suci_calc_info>();
  info->scheme = static_cast<model::protection_scheme>(v["protection_scheme_id"].get<int>());
  info->mnc_length = static_cast<unsigned>(mcc_mnc.size() - 3);
  if (v.contains("home_network_public_key")) {
    info->home_network_public_key = hex_bytes(v["home_network_public_key"]);
    info->home_network_public_key_id = 1;
  }
  usim sim(*model::supi::parse("imsi-" + mcc_mnc + v["msin"].get<std::string>()),
           key("465b5ce8b199b49faa5f0a2ee238a6bc"), key("cd63cb71954a9f4e48a5994e37a02baf"), info);
  std::optional<std::vector<std::uint8_t>> eph;
  if (v.contains("eph_private_key")) eph = hex_bytes(v["eph_private_key"]);
  auto s = eph ? sim.conceal(std::span<const std::uint8_t>(*eph)) : sim.conceal();
  ASSERT_TRUE(s.has_value()) << s.error().message();
  EXPECT_EQ(s->scheme_output_, hex_bytes(v["scheme_output"]));
  EXPECT_EQ(s->home_plmn_.digits(), mcc_mnc);
  EXPECT_EQ(static_cast<int>(s->protection_scheme_), v["protection_scheme_id"].get<int>());
  if (v.contains("home_network_private_key")) {
    // And the home network recovers the SUPI from it.
    auto back = security::deconceal(*s, hex_bytes(v["home_network_private_key"]));
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, sim.supi());
    // Without the fixed key each SUCI is new (TS 33.501 §6.12.2: no linking).
    auto a = sim.conceal();
    auto b = sim.conceal();
    ASSERT_TRUE(a && b);
    EXPECT_NE(a->scheme_output_, b->scheme_output_);
  }
}

INSTANTIATE_TEST_SUITE_P(annex_c4, usim_suci, ::testing::ValuesIn(load_vectors("suci.json")),
                         meridian::test::vector_name);

}  // namespace
}  // namespace meridian::ue
