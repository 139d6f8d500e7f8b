#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <vector>

#include "meridian/common/hex.hpp"
#include "meridian/crypto/kdf.hpp"
#include "meridian/security/key_hierarchy.hpp"
#include "support/vector_bytes.hpp"
#include "support/vectors.hpp"

using namespace meridian;
using namespace meridian::security;
using meridian::test::hex_bytes;
using meridian::test::load_vectors;
using meridian::test::array_of;
using meridian::test::secret_of;

namespace {

std::string hex(std::span<const std::uint8_t> b) { return to_hex(b); }

// The entries of kdf_5g.json with the given derivation (the test
// every_derivation_has_vectors fails when one has none).
std::vector<nlohmann::json> vectors_of(const std::string& derivation) {
  std::vector<nlohmann::json> out;
  for (const auto& v : load_vectors("kdf_5g.json"))
    if (v.at("derivation") == derivation) out.push_back(v);
  return out;
}

/// The vector's id as a test name: every character outside [A-Za-z0-9] becomes '_'.
using meridian::test::vector_name;

// One ctest case per vector of each derivation.
class ck_ik_prime_vector : public ::testing::TestWithParam<nlohmann::json> {};
class res_star_vector : public ::testing::TestWithParam<nlohmann::json> {};
class kausf_vector : public ::testing::TestWithParam<nlohmann::json> {};
class kseaf_vector : public ::testing::TestWithParam<nlohmann::json> {};
class kamf_vector : public ::testing::TestWithParam<nlohmann::json> {};
class kgnb_vector : public ::testing::TestWithParam<nlohmann::json> {};
class algorithm_key_vector : public ::testing::TestWithParam<nlohmann::json> {};

std::vector<nlohmann::json> algorithm_key_vectors() {
  std::vector<nlohmann::json> out;
  for (const char* d : {"nas_keys_5g", "rrc_keys_5g", "up_keys_5g"}) {
    auto v = vectors_of(d);
    out.insert(out.end(), v.begin(), v.end());
  }
  return out;
}

const crypto::key256 some_key = secret_of<32>("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

}  // namespace

TEST(key_hierarchy, every_derivation_has_vectors) {
  for (const char* d :
       {"ck_ik_prime", "res_star", "kausf", "kseaf", "kamf", "kgnb", "nas_keys_5g", "rrc_keys_5g", "up_keys_5g"})
    EXPECT_FALSE(vectors_of(d).empty()) << "no " << d << " vectors";
}

TEST_P(ck_ik_prime_vector, matches_the_rfc5448_vector) {
  const auto& v = GetParam();
  const auto& in = v.at("inputs");
  const auto keys =
      derive_ck_ik_prime(secret_of<16>(in.at("ck")), secret_of<16>(in.at("ik")),
                         in.at("access_network_identity").get<std::string>(), array_of<6>(in.at("sqn_xor_ak")));
  EXPECT_EQ(hex(keys.ck_prime.bytes()), v.at("outputs").at("ck_prime").get<std::string>());
  EXPECT_EQ(hex(keys.ik_prime.bytes()), v.at("outputs").at("ik_prime").get<std::string>());
}
INSTANTIATE_TEST_SUITE_P(rfc5448, ck_ik_prime_vector, ::testing::ValuesIn(vectors_of("ck_ik_prime")), vector_name);

TEST_P(res_star_vector, matches_the_vector) {
  const auto& v = GetParam();
  const auto& in = v.at("inputs");
  const auto res = hex_bytes(in.at("res"));
  const auto res_star =
      derive_res_star(secret_of<16>(in.at("ck")), secret_of<16>(in.at("ik")),
                      in.at("serving_network_name").get<std::string>(), array_of<16>(in.at("rand")), res);
  EXPECT_EQ(hex(res_star), v.at("outputs").at("res_star").get<std::string>());
}
INSTANTIATE_TEST_SUITE_P(annex_a4, res_star_vector, ::testing::ValuesIn(vectors_of("res_star")), vector_name);

TEST_P(kausf_vector, matches_the_vector) {
  const auto& v = GetParam();
  const auto& in = v.at("inputs");
  const auto kausf = derive_kausf(secret_of<16>(in.at("ck")), secret_of<16>(in.at("ik")),
                                  in.at("serving_network_name").get<std::string>(), array_of<6>(in.at("sqn_xor_ak")));
  EXPECT_EQ(hex(kausf.bytes()), v.at("outputs").at("kausf").get<std::string>());
}
INSTANTIATE_TEST_SUITE_P(annex_a2, kausf_vector, ::testing::ValuesIn(vectors_of("kausf")), vector_name);

TEST_P(kseaf_vector, matches_the_vector) {
  const auto& v = GetParam();
  const auto& in = v.at("inputs");
  const auto kseaf = derive_kseaf(secret_of<32>(in.at("kausf")), in.at("serving_network_name").get<std::string>());
  EXPECT_EQ(hex(kseaf.bytes()), v.at("outputs").at("kseaf").get<std::string>());
}
INSTANTIATE_TEST_SUITE_P(annex_a6, kseaf_vector, ::testing::ValuesIn(vectors_of("kseaf")), vector_name);

TEST_P(kamf_vector, matches_the_vector) {
  const auto& v = GetParam();
  const auto& in = v.at("inputs");
  const auto abba = hex_bytes(in.at("abba"));
  const auto kamf = derive_kamf(secret_of<32>(in.at("kseaf")), in.at("supi").get<std::string>(), abba);
  EXPECT_EQ(hex(kamf.bytes()), v.at("outputs").at("kamf").get<std::string>());
}
INSTANTIATE_TEST_SUITE_P(annex_a7, kamf_vector, ::testing::ValuesIn(vectors_of("kamf")), vector_name);

TEST_P(kgnb_vector, matches_the_vector) {
  const auto& v = GetParam();
  const auto& in = v.at("inputs");
  const auto access = static_cast<access_type>(in.at("access_type_distinguisher").get<std::uint8_t>());
  const auto kgnb = derive_kgnb(secret_of<32>(in.at("kamf")), in.at("uplink_nas_count").get<std::uint32_t>(), access);
  EXPECT_EQ(hex(kgnb.bytes()), v.at("outputs").at("kgnb").get<std::string>());
}
INSTANTIATE_TEST_SUITE_P(annex_a9, kgnb_vector, ::testing::ValuesIn(vectors_of("kgnb")), vector_name);

TEST_P(algorithm_key_vector, nas_rrc_or_up_keys_match_the_vector) {
  const auto& v = GetParam();
  const std::string d = v.at("derivation");
  const bool nas = d == "nas_keys_5g", rrc = d == "rrc_keys_5g";
  ASSERT_TRUE(nas || rrc || d == "up_keys_5g") << d;
  const auto enc = nas   ? algorithm_distinguisher::n_nas_enc
                   : rrc ? algorithm_distinguisher::n_rrc_enc
                         : algorithm_distinguisher::n_up_enc;
  const auto integ = nas   ? algorithm_distinguisher::n_nas_int
                     : rrc ? algorithm_distinguisher::n_rrc_int
                           : algorithm_distinguisher::n_up_int;
  const auto& in = v.at("inputs");
  const auto& out = v.at("outputs");
  const auto parent = secret_of<32>(in.at("key"));
  const auto enc_id = in.at("ciphering_alg_id").get<std::uint8_t>();
  const auto int_id = in.at("integrity_alg_id").get<std::uint8_t>();
  EXPECT_EQ(hex(derive_algorithm_key_256(parent, enc, enc_id).bytes()), out.at("enc_key_256").get<std::string>());
  EXPECT_EQ(hex(derive_algorithm_key_256(parent, integ, int_id).bytes()), out.at("int_key_256").get<std::string>());
  EXPECT_EQ(hex(derive_algorithm_key(parent, enc, enc_id).bytes()), out.at("enc_key_128").get<std::string>());
  EXPECT_EQ(hex(derive_algorithm_key(parent, integ, int_id).bytes()), out.at("int_key_128").get<std::string>());
}
INSTANTIATE_TEST_SUITE_P(annex_a8, algorithm_key_vector, ::testing::ValuesIn(algorithm_key_vectors()), vector_name);

TEST(key_hierarchy, hres_star_is_the_low_half_of_sha256_of_rand_and_res_star) {
  // A.5 recomputed independently: SHA-256(RAND || RES*), 128 least significant bits.
  const auto rand = array_of<16>("fc2d98a361208bf743639c9e632d7350");
  const auto res_star = array_of<16>("b0e35b23dbd7a18c848bfad91135e3fd");
  std::vector<std::uint8_t> s(rand.begin(), rand.end());
  s.insert(s.end(), res_star.begin(), res_star.end());
  const auto digest = crypto::sha256(s);
  const auto hres = derive_hres_star(rand, res_star);
  EXPECT_EQ(hex(hres), hex(std::span<const std::uint8_t>(digest).last(16)));
  EXPECT_NE(hex(hres), hex(std::span<const std::uint8_t>(digest).first(16)));
}

TEST(key_hierarchy, nh_chain_starts_from_kgnb_and_every_link_is_fresh) {
  const auto kamf = some_key;
  const auto kgnb = derive_kgnb(kamf, 0);
  const auto nh1 = derive_nh(kamf, kgnb);
  const auto nh2 = derive_nh(kamf, nh1);
  EXPECT_FALSE(nh1 == kgnb);
  EXPECT_FALSE(nh2 == nh1);
  EXPECT_FALSE(nh2 == kgnb);
  // A.10: FC 0x6F, P0 = SYNC-input, L0 = 0x00 0x20, KEY = KAMF.
  const auto expected = crypto::kdf(kamf.bytes(), 0x6f, {kgnb.bytes()});
  EXPECT_TRUE(nh1 == expected);
}

TEST(key_hierarchy, kgnb_and_kn3iwf_differ_by_access_type) {
  EXPECT_FALSE(derive_kgnb(some_key, 5, access_type::three_gpp) ==
               derive_kgnb(some_key, 5, access_type::non_three_gpp));
  EXPECT_FALSE(derive_kgnb(some_key, 5) == derive_kgnb(some_key, 6));
}

TEST(key_hierarchy, kng_ran_star_encodes_pci_in_two_octets_and_arfcn_in_three) {
  // A.11: FC 0x70, P0 = PCI (0x00 0x02), P1 = ARFCN-DL (0x00 0x03).
  const std::uint16_t pci = 0x01f7;
  const std::uint32_t arfcn = 632628;  // 0x09a734, an n78 SSB
  const std::vector<std::uint8_t> p0{0x01, 0xf7};
  const std::vector<std::uint8_t> p1{0x09, 0xa7, 0x34};
  EXPECT_TRUE(derive_kng_ran_star(some_key, pci, arfcn) == crypto::kdf(some_key.bytes(), 0x70, {p0, p1}));
  EXPECT_FALSE(derive_kng_ran_star(some_key, pci, arfcn) == derive_kng_ran_star(some_key, pci + 1, arfcn));
}

TEST(key_hierarchy, kamf_prime_encodes_direction_in_one_octet_and_count_in_four) {
  // A.13: FC 0x72, P0 = DIRECTION (0x00 0x01), P1 = COUNT (0x00 0x04).
  const std::vector<std::uint8_t> dir{0x01};
  const std::vector<std::uint8_t> count{0x00, 0x00, 0x01, 0x02};
  EXPECT_TRUE(derive_kamf_prime(some_key, 1, 0x0102) == crypto::kdf(some_key.bytes(), 0x72, {dir, count}));
  EXPECT_FALSE(derive_kamf_prime(some_key, 0, 0x0102) == derive_kamf_prime(some_key, 1, 0x0102));
}

TEST(key_hierarchy, kamf_accepts_any_abba_length) {
  const std::vector<std::uint8_t> empty;
  const std::vector<std::uint8_t> two{0x00, 0x00};
  const std::vector<std::uint8_t> three{0x00, 0x00, 0x00};
  const auto a = derive_kamf(some_key, "001010000000001", empty);
  const auto b = derive_kamf(some_key, "001010000000001", two);
  const auto c = derive_kamf(some_key, "001010000000001", three);
  EXPECT_FALSE(a == b);
  EXPECT_FALSE(b == c);
}

TEST(key_hierarchy, res_star_of_an_out_of_range_res_length_is_keyed_and_distinct) {
  const auto ck = secret_of<16>("3cba902575ed80cbfa3625aff09daffc");
  const auto ik = secret_of<16>("ba902575ed80cbfa3625aff09daffc3c");
  const auto rand = array_of<16>("fc2d98a361208bf743639c9e632d7350");
  const std::string snn = "5G:mnc001.mcc001.3gppnetwork.org";
  EXPECT_TRUE(is_valid_res_length(4));
  EXPECT_TRUE(is_valid_res_length(16));
  EXPECT_FALSE(is_valid_res_length(3));
  EXPECT_FALSE(is_valid_res_length(17));

  const std::vector<std::uint8_t> empty;
  const std::vector<std::uint8_t> seventeen(17, 0xab);
  const std::vector<std::uint8_t> sixteen(16, 0xab);
  const std::array<std::uint8_t, 16> zero{};
  const auto r0 = derive_res_star(ck, ik, snn, rand, empty);
  const auto r17 = derive_res_star(ck, ik, snn, rand, seventeen);
  const auto r16 = derive_res_star(ck, ik, snn, rand, sixteen);
  EXPECT_NE(r0, zero);
  EXPECT_NE(r17, r16);  // the length is part of S, so a too-long RES cannot alias a valid one
  // Still keyed: other keys, other output.
  EXPECT_NE(derive_res_star(ik, ck, snn, rand, empty), r0);
}

TEST(key_hierarchy, eap_aka_prime_keys_match_rfc5448_appendix_c) {
  // RFC 5448 Appendix C, test cases 1 (WLAN) and 2 (HRPD), identity
  // "0555444333222111": published K_encr, K_aut, K_re, MSK and EMSK for the
  // CK'/IK' of kdf_5g.json's ck_ik_prime vectors (RFC 9048 keeps these cases).
  struct rfc_case {
    const char* network;
    const char* k_encr;
    const char* k_aut;
    const char* k_re;
    const char* msk;
    const char* emsk;
  };
  const rfc_case cases[] = {
      {"WLAN", "766fa0a6c317174b812d52fbcd11a179", "0842ea722ff6835bfa2032499fc3ec23c2f0e388b4f07543ffc677f1696d71ea",
       "cf83aa8bc7e0aced892acc98e76a9b2095b558c7795c7094715cb3393aa7d17a",
       "67c42d9aa56c1b79e295e3459fc3d187d42be0bf818d3070e362c5e967a4d544"
       "e8ecfe19358ab3039aff03b7c930588c055babee58a02650b067ec4e9347c75a",
       "f861703cd775590e16c7679ea3874ada866311de290764d760cf76df647ea01c"
       "313f69924bdd7650ca9bac141ea075c4ef9e8029c0e290cdbad5638b63bc23fb"},
      {"HRPD", "05ad73ac915fce89ac77e1520d82187b", "5b4acaef62c6ebb8882b2f3d534c4b35277337a00184f20ff25d224c04be2afd",
       "3f90bf5c6e5ef325ff04eb5ef6539fa8cca8398194fbd00be425b3f40dba10ac",
       "87b321570117cd6c95ab6c436fb5073ff15cf85505d2bc5bb7355fc21ea8a757"
       "57e8f86a2b138002e05752913bb43b82f868a96117e91a2d95f526677d572900",
       "c891d5f20f148a1007553e2dea555c9cb672e9675f4a66b4bafa027379f93aee"
       "539a5979d0a0042b9d2ae28bed3b17a31dc8ab75072b80bd0c1da612466e402c"},
  };
  const auto vectors = vectors_of("ck_ik_prime");
  for (const auto& c : cases) {
    SCOPED_TRACE(c.network);
    const nlohmann::json* v = nullptr;
    for (const auto& e : vectors)
      if (e.at("inputs").at("access_network_identity") == c.network) v = &e;
    ASSERT_NE(v, nullptr);
    const auto& in = v->at("inputs");
    const auto prime = derive_ck_ik_prime(secret_of<16>(in.at("ck")), secret_of<16>(in.at("ik")), c.network,
                                          array_of<6>(in.at("sqn_xor_ak")));
    const auto keys = derive_eap_aka_prime_keys(prime, "0555444333222111");
    EXPECT_EQ(hex(keys.k_encr.bytes()), c.k_encr);
    EXPECT_EQ(hex(keys.k_aut.bytes()), c.k_aut);
    EXPECT_EQ(hex(keys.k_re.bytes()), c.k_re);
    EXPECT_EQ(hex(keys.msk.bytes()), c.msk);
    EXPECT_EQ(hex(keys.emsk.bytes()), c.emsk);
  }
}
