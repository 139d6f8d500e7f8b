// The 5G-AKA key chain in one call (key_chain.hpp), against the TS 35.207/35.208
// Milenage sets and the TS 33.501 A.8 vectors, and step by step against the
// single derivations and the UE's side of 5G-AKA.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "meridian/common/hex.hpp"
#include "meridian/security/key_chain.hpp"
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

const std::string snn = "5G:mnc093.mcc208.3gppnetwork.org";

key_chain_input input_of(const nlohmann::json& v) {
  key_chain_input in;
  in.k = secret_of<16>(v.at("k"));
  in.opc = secret_of<16>(v.at("opc"));
  in.rand = array_of<16>(v.at("rand"));
  in.sqn = array_of<6>(v.at("sqn"));
  in.amf = array_of<2>(v.at("amf"));
  in.serving_network_name = snn;
  in.supi_value = "208930000000001";
  in.uplink_nas_count = 7;
  in.nas_ciphering_algorithm = 1;
  in.nas_integrity_algorithm = 2;
  return in;
}

class key_chain_milenage_vector : public ::testing::TestWithParam<nlohmann::json> {};

}  // namespace

TEST_P(key_chain_milenage_vector, starts_with_the_milenage_outputs_of_the_set) {
  const auto& v = GetParam();
  const auto c = derive_key_chain(input_of(v));
  EXPECT_EQ(hex(c.av.res), v.at("f2_res").get<std::string>());
  EXPECT_EQ(hex(c.av.ck.bytes()), v.at("f3_ck").get<std::string>());
  EXPECT_EQ(hex(c.av.ik.bytes()), v.at("f4_ik").get<std::string>());
  EXPECT_EQ(hex(c.av.ak), v.at("f5_ak").get<std::string>());
  EXPECT_EQ(hex(std::span(c.av.autn).first(6)), v.at("derived").at("sqn_xor_ak").get<std::string>());
  // TS 33.501 §6.1.3.2: the AMF separation bit is 1 in a 5G AUTN.
  EXPECT_NE(c.av.autn[6] & 0x80, 0);
  if ((hex_bytes(v.at("amf"))[0] & 0x80) != 0) {
    EXPECT_EQ(hex(c.av.autn), v.at("derived").at("autn").get<std::string>());
  }
}

TEST_P(key_chain_milenage_vector, each_step_is_the_single_derivation_from_the_step_before) {
  const auto& v = GetParam();
  const auto in = input_of(v);
  const auto c = derive_key_chain(in);
  const std::span<const std::uint8_t, 6> sqn_xor_ak(c.av.autn.data(), 6);
  EXPECT_TRUE(c.av.kausf == derive_kausf(c.av.ck, c.av.ik, snn, sqn_xor_ak));
  EXPECT_EQ(c.av.xres_star, derive_res_star(c.av.ck, c.av.ik, snn, in.rand, c.av.res));
  EXPECT_EQ(c.av.hxres_star, derive_hres_star(in.rand, c.av.xres_star));
  EXPECT_TRUE(c.kseaf == derive_kseaf(c.av.kausf, snn));
  EXPECT_TRUE(c.kamf == derive_kamf(c.kseaf, in.supi_value, in.abba));
  EXPECT_TRUE(c.knas_enc == derive_algorithm_key(c.kamf, algorithm_distinguisher::n_nas_enc, 1));
  EXPECT_TRUE(c.knas_int == derive_algorithm_key(c.kamf, algorithm_distinguisher::n_nas_int, 2));
  EXPECT_TRUE(c.kgnb == derive_kgnb(c.kamf, 7, access_type::three_gpp));
  EXPECT_TRUE(c.nh == derive_nh(c.kamf, c.kgnb));
}

TEST_P(key_chain_milenage_vector, ue_side_accepts_the_autn_and_derives_the_same_kausf) {
  const auto& v = GetParam();
  const auto in = input_of(v);
  const auto c = derive_key_chain(in);
  EXPECT_TRUE(autn_mac_verifies(in.k, in.opc, in.rand, c.av.autn));
  EXPECT_TRUE(derive_kausf_of_challenge(in.k, in.opc, in.rand, c.av.autn, snn) == c.av.kausf);
}

INSTANTIATE_TEST_SUITE_P(vectors, key_chain_milenage_vector, ::testing::ValuesIn(load_vectors("milenage.json")),
                         meridian::test::vector_name);

TEST(key_chain, ue_res_star_matches_the_xres_star_of_the_chain) {
  // A small SQN, so that the UE's freshness check (TS 33.102 C.2) accepts it.
  auto in = input_of(load_vectors("milenage.json").at(0));
  in.sqn = {0, 0, 0, 0, 0, 0x21};
  const auto c = derive_key_chain(in);
  sqn_ue_state ue;
  const auto r = ue_authenticate(in.k, in.opc, in.rand, c.av.autn, snn, ue);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->res_star, c.av.xres_star);
  EXPECT_TRUE(r->kausf == c.av.kausf);
}

TEST(key_chain, algorithm_keys_of_each_family_match_the_annex_a8_vectors) {
  std::size_t checked = 0;
  for (const auto& v : load_vectors("kdf_5g.json")) {
    const std::string d = v.at("derivation");
    const auto family = d == "nas_keys_5g"   ? std::optional{algorithm_key_family::nas}
                        : d == "rrc_keys_5g" ? std::optional{algorithm_key_family::rrc}
                        : d == "up_keys_5g"  ? std::optional{algorithm_key_family::up}
                                             : std::nullopt;
    if (!family) continue;
    const auto& i = v.at("inputs");
    const auto& o = v.at("outputs");
    const auto k = derive_algorithm_keys(secret_of<32>(i.at("key")), *family, i.at("ciphering_alg_id").get<std::uint8_t>(),
                                         i.at("integrity_alg_id").get<std::uint8_t>());
    EXPECT_EQ(hex(k.enc_256.bytes()), o.at("enc_key_256").get<std::string>()) << v.at("id");
    EXPECT_EQ(hex(k.int_256.bytes()), o.at("int_key_256").get<std::string>()) << v.at("id");
    EXPECT_EQ(hex(k.enc.bytes()), o.at("enc_key_128").get<std::string>()) << v.at("id");
    EXPECT_EQ(hex(k.integ.bytes()), o.at("int_key_128").get<std::string>()) << v.at("id");
    ++checked;
  }
  EXPECT_EQ(checked, 3u) << "one vector per family";
}

TEST(key_chain, family_and_access_type_names_parse_and_others_are_refused) {
  EXPECT_EQ(parse_algorithm_key_family("nas"), algorithm_key_family::nas);
  EXPECT_EQ(parse_algorithm_key_family("rrc"), algorithm_key_family::rrc);
  EXPECT_EQ(parse_algorithm_key_family("up"), algorithm_key_family::up);
  EXPECT_FALSE(parse_algorithm_key_family("NAS"));
  EXPECT_FALSE(parse_algorithm_key_family(""));
  EXPECT_EQ(parse_access_type("3gpp"), access_type::three_gpp);
  EXPECT_EQ(parse_access_type("non-3gpp"), access_type::non_three_gpp);
  EXPECT_FALSE(parse_access_type("wlan"));
}
