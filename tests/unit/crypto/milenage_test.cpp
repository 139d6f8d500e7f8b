#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <vector>

#include "meridian/common/hex.hpp"
#include "meridian/crypto/milenage.hpp"
#include "support/vector_bytes.hpp"
#include "support/vectors.hpp"

using namespace meridian;
using namespace meridian::crypto;
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

std::vector<nlohmann::json> milenage_vectors() {
  const auto all = load_vectors("milenage.json");
  return {all.begin(), all.end()};
}

/// The vector's id as a test name: every character outside [A-Za-z0-9] becomes '_'.
using meridian::test::vector_name;

/// One ctest case per TS 35.207/35.208 test set.
class milenage_vector : public ::testing::TestWithParam<nlohmann::json> {};

}  // namespace

TEST(milenage, the_vector_file_holds_the_six_ts_35_207_test_sets) {
  ASSERT_EQ(load_vectors("milenage.json").size(), 6u);
}

TEST_P(milenage_vector, opc_matches_the_test_set) {
  const auto& v = GetParam();
  EXPECT_EQ(hex(milenage_opc(key_of(v.at("k")), key_of(v.at("op"))).bytes()), v.at("opc").get<std::string>());
}

TEST_P(milenage_vector, f1_to_f5_star_match_the_test_set) {
  const auto& v = GetParam();
  const milenage m(key_of(v.at("k")), key_of(v.at("opc")));
  const auto rand = array_of<16>(v.at("rand"));
  const auto sqn = array_of<6>(v.at("sqn"));
  const auto amf = array_of<2>(v.at("amf"));

  EXPECT_EQ(hex(m.f1(rand, sqn, amf)), v.at("f1_mac_a").get<std::string>());
  EXPECT_EQ(hex(m.f1_star(rand, sqn, amf)), v.at("f1star_mac_s").get<std::string>());
  const auto out = m.f2345(rand);
  EXPECT_EQ(hex(out.res), v.at("f2_res").get<std::string>());
  EXPECT_EQ(hex(out.ck.bytes()), v.at("f3_ck").get<std::string>());
  EXPECT_EQ(hex(out.ik.bytes()), v.at("f4_ik").get<std::string>());
  EXPECT_EQ(hex(out.ak), v.at("f5_ak").get<std::string>());
  EXPECT_EQ(hex(m.f5_star(rand)), v.at("f5star_ak_star").get<std::string>());
}

TEST_P(milenage_vector, autn_built_from_f1_and_f5_matches_the_derived_autn) {
  // TS 33.102 §6.3.2: AUTN = SQN xor AK || AMF || MAC-A.
  const auto& v = GetParam();
  const milenage m(key_of(v.at("k")), key_of(v.at("opc")));
  const auto rand = array_of<16>(v.at("rand"));
  const auto sqn = array_of<6>(v.at("sqn"));
  const auto amf = array_of<2>(v.at("amf"));
  const auto ak = m.f2345(rand).ak;
  const auto mac = m.f1(rand, sqn, amf);
  std::array<std::uint8_t, 16> autn{};
  for (std::size_t i = 0; i < 6; ++i) autn[i] = static_cast<std::uint8_t>(sqn[i] ^ ak[i]);
  std::copy(amf.begin(), amf.end(), autn.begin() + 6);
  std::copy(mac.begin(), mac.end(), autn.begin() + 8);
  EXPECT_EQ(hex(std::span<const std::uint8_t>(autn).first(6)), v.at("derived").at("sqn_xor_ak").get<std::string>());
  EXPECT_EQ(hex(autn), v.at("derived").at("autn").get<std::string>());
}

INSTANTIATE_TEST_SUITE_P(ts_35_207, milenage_vector, ::testing::ValuesIn(milenage_vectors()), vector_name);

TEST(milenage, one_instance_gives_the_same_answers_when_reused) {
  const auto v = load_vectors("milenage.json").at(0);
  const milenage m(key_of(v.at("k")), key_of(v.at("opc")));
  const auto rand = array_of<16>(v.at("rand"));
  const auto first = m.f2345(rand);
  const auto second = m.f2345(rand);
  EXPECT_EQ(first.res, second.res);
  EXPECT_TRUE(first.ck == second.ck);
  EXPECT_TRUE(first.ik == second.ik);
}
