#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <vector>

#include "meridian/common/hex.hpp"
#include "meridian/crypto/kdf.hpp"
#include "support/vectors.hpp"

using namespace meridian;
using namespace meridian::crypto;
using meridian::test::hex_bytes;
using meridian::test::load_vectors;

namespace {

std::vector<std::uint8_t> text(const std::string& s) { return {s.begin(), s.end()}; }

/// The entries of kdf_5g.json that satisfy `keep`.
template <class Pred>
std::vector<nlohmann::json> vectors_where(Pred keep) {
  std::vector<nlohmann::json> out;
  for (const auto& v : load_vectors("kdf_5g.json"))
    if (keep(v)) out.push_back(v);
  return out;
}

std::vector<nlohmann::json> hmac_vectors() {
  return vectors_where([](const nlohmann::json& v) { return v.at("derivation") == "hmac_sha256"; });
}

std::vector<nlohmann::json> vectors_with_s() {
  return vectors_where([](const nlohmann::json& v) { return v.at("outputs").contains("kdf_input_S"); });
}

/// The vector's id as a test name: every character outside [A-Za-z0-9] becomes '_'.
using meridian::test::vector_name;

// One ctest case per vector.
class hmac_sha256_vector : public ::testing::TestWithParam<nlohmann::json> {};
class kdf_annex_a_vector : public ::testing::TestWithParam<nlohmann::json> {};

}  // namespace

TEST(kdf, vector_file_holds_the_seven_rfc4231_cases_and_at_least_seven_annex_a_inputs) {
  EXPECT_EQ(hmac_vectors().size(), 7u);
  EXPECT_GE(vectors_with_s().size(), 7u);
}

TEST_P(hmac_sha256_vector, matches_the_rfc4231_vector) {
  const auto& v = GetParam();
  const auto key = hex_bytes(v.at("inputs").at("key"));
  const auto data = hex_bytes(v.at("inputs").at("data"));
  const auto expected = hex_bytes(v.at("outputs").at("output"));
  const auto mac = hmac_sha256(key, data);
  // RFC 4231 case 5 publishes only a truncated output: compare its length.
  ASSERT_LE(expected.size(), mac.size());
  EXPECT_EQ(to_hex(std::span<const std::uint8_t>(mac).first(expected.size())), to_hex(expected));
}

INSTANTIATE_TEST_SUITE_P(rfc4231, hmac_sha256_vector, ::testing::ValuesIn(hmac_vectors()), vector_name);

TEST(kdf, hmac_over_parts_equals_hmac_over_their_concatenation) {
  const std::vector<std::uint8_t> key{1, 2, 3, 4};
  const std::vector<std::uint8_t> a{10, 11, 12}, b{}, c{13, 14};
  const std::vector<std::uint8_t> all{10, 11, 12, 13, 14};
  EXPECT_EQ(hmac_sha256(key, {a, b, c}), hmac_sha256(key, all));
}

TEST(kdf, hmac_accepts_an_empty_key_and_empty_data) {
  // RFC 2104 zero-pads the key to the block size, so the empty key and a
  // single zero octet are the same key (property, not a stored value).
  const std::vector<std::uint8_t> none;
  const std::vector<std::uint8_t> zero{0};
  EXPECT_EQ(hmac_sha256(none, none), hmac_sha256(zero, none));
}

TEST(kdf, sha256_of_abc_is_the_fips_180_example) {
  // FIPS 180-2 Appendix B.1: SHA-256("abc").
  const auto digest = sha256(text("abc"));
  EXPECT_EQ(to_hex(digest), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(kdf, input_string_is_fc_then_each_parameter_followed_by_its_two_octet_length) {
  const std::vector<std::uint8_t> p0{0xaa, 0xbb, 0xcc};
  const std::vector<std::uint8_t> p1{};
  const auto s = kdf_input(0x6a, {p0, p1});
  EXPECT_EQ(to_hex(s), "6aaabbcc00030000");
}

TEST(kdf, parameter_longer_than_65535_octets_is_cut_without_undefined_behaviour) {
  const std::vector<std::uint8_t> big(70000, 0x5a);
  const auto s = kdf_input(0x10, {big});
  ASSERT_EQ(s.size(), 1 + kdf_max_parameter_length + 2);
  EXPECT_EQ(s[s.size() - 2], 0xff);
  EXPECT_EQ(s[s.size() - 1], 0xff);
  // kdf() streams the same S.
  const std::vector<std::uint8_t> key(32, 1);
  EXPECT_EQ(to_hex(kdf(key, 0x10, {big}).bytes()), to_hex(hmac_sha256(key, s)));
}

TEST_P(kdf_annex_a_vector, input_string_is_the_published_s_and_the_kdf_of_it_is_the_published_output) {
  // The vector's S, rebuilt from the inputs, must be the published S; the KDF
  // (HMAC-SHA-256 under the derivation's key) of that S must be the published
  // output.
  const auto& v = GetParam();
  const auto& out = v.at("outputs");
  const auto s = hex_bytes(out.at("kdf_input_S"));
  const auto& in = v.at("inputs");
  const std::string d = v.at("derivation");
  std::vector<std::uint8_t> rebuilt;
  std::vector<std::uint8_t> key;  // the KDF key of the derivation
  std::string expected_output;    // hex of the published output
  const auto ck_ik = [&] {
    auto k = hex_bytes(in.at("ck"));
    const auto ik = hex_bytes(in.at("ik"));
    k.insert(k.end(), ik.begin(), ik.end());
    return k;
  };
  if (d == "ck_ik_prime") {
    rebuilt = kdf_input(0x20, {text(in.at("access_network_identity")), hex_bytes(in.at("sqn_xor_ak"))});
    key = ck_ik();
    expected_output = out.at("ck_prime").get<std::string>() + out.at("ik_prime").get<std::string>();
  } else if (d == "res_star") {
    rebuilt = kdf_input(0x6b, {text(in.at("serving_network_name")), hex_bytes(in.at("rand")), hex_bytes(in.at("res"))});
    key = ck_ik();
    expected_output = out.at("res_star");  // the 128 least significant bits of the KDF output
  } else if (d == "kausf") {
    rebuilt = kdf_input(0x6a, {text(in.at("serving_network_name")), hex_bytes(in.at("sqn_xor_ak"))});
    key = ck_ik();
    expected_output = out.at("kausf");
  } else if (d == "kseaf") {
    rebuilt = kdf_input(0x6c, {text(in.at("serving_network_name"))});
    key = hex_bytes(in.at("kausf"));
    expected_output = out.at("kseaf");
  } else if (d == "kamf") {
    rebuilt = kdf_input(0x6d, {text(in.at("supi")), hex_bytes(in.at("abba"))});
    key = hex_bytes(in.at("kseaf"));
    expected_output = out.at("kamf");
  } else if (d == "kgnb") {
    const std::uint32_t count = in.at("uplink_nas_count");
    const std::vector<std::uint8_t> c{static_cast<std::uint8_t>(count >> 24), static_cast<std::uint8_t>(count >> 16),
                                      static_cast<std::uint8_t>(count >> 8), static_cast<std::uint8_t>(count)};
    const std::vector<std::uint8_t> a{in.at("access_type_distinguisher").get<std::uint8_t>()};
    rebuilt = kdf_input(0x6e, {c, a});
    key = hex_bytes(in.at("kamf"));
    expected_output = out.at("kgnb");
  } else {
    FAIL() << "vector with kdf_input_S of unknown derivation " << d;
  }
  EXPECT_EQ(to_hex(rebuilt), to_hex(s));
  const auto mac = hmac_sha256(key, s);
  const std::string derived = to_hex(mac);
  ASSERT_EQ(derived.size(), 64u);
  // RES* is the low half of the KDF output (TS 33.501 A.4); the others are all of it.
  EXPECT_EQ(expected_output.size() == 32 ? derived.substr(32) : derived, expected_output);
}

INSTANTIATE_TEST_SUITE_P(ts_33_501_annex_a, kdf_annex_a_vector, ::testing::ValuesIn(vectors_with_s()), vector_name);
