#include <gtest/gtest.h>

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

}  // namespace

TEST(kdf, hmac_sha256_matches_every_rfc4231_vector) {
  const auto vectors = load_vectors("kdf_5g.json");
  int checked = 0;
  for (const auto& v : vectors) {
    if (v.at("derivation") != "hmac_sha256") continue;
    SCOPED_TRACE(v.at("id").get<std::string>());
    const auto key = hex_bytes(v.at("inputs").at("key"));
    const auto data = hex_bytes(v.at("inputs").at("data"));
    const auto expected = hex_bytes(v.at("outputs").at("output"));
    const auto mac = hmac_sha256(key, data);
    // RFC 4231 case 5 publishes only a truncated output: compare its length.
    ASSERT_LE(expected.size(), mac.size());
    EXPECT_EQ(to_hex(std::span<const std::uint8_t>(mac).first(expected.size())), to_hex(expected));
    ++checked;
  }
  EXPECT_EQ(checked, 7);
}

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

TEST(kdf, kdf_is_hmac_of_the_input_string_for_every_annex_a_vector) {
  // Each vector's S, rebuilt from the inputs, must be the published S, and the
  // KDF of it must be HMAC-SHA-256 of that S.
  const auto vectors = load_vectors("kdf_5g.json");
  int checked = 0;
  for (const auto& v : vectors) {
    const auto& out = v.at("outputs");
    if (!out.contains("kdf_input_S")) continue;
    SCOPED_TRACE(v.at("id").get<std::string>());
    const auto s = hex_bytes(out.at("kdf_input_S"));
    const auto& in = v.at("inputs");
    const std::string d = v.at("derivation");
    std::vector<std::uint8_t> rebuilt;
    if (d == "ck_ik_prime") {
      rebuilt = kdf_input(0x20, {text(in.at("access_network_identity")), hex_bytes(in.at("sqn_xor_ak"))});
    } else if (d == "res_star") {
      rebuilt =
          kdf_input(0x6b, {text(in.at("serving_network_name")), hex_bytes(in.at("rand")), hex_bytes(in.at("res"))});
    } else if (d == "kausf") {
      rebuilt = kdf_input(0x6a, {text(in.at("serving_network_name")), hex_bytes(in.at("sqn_xor_ak"))});
    } else if (d == "kseaf") {
      rebuilt = kdf_input(0x6c, {text(in.at("serving_network_name"))});
    } else if (d == "kamf") {
      rebuilt = kdf_input(0x6d, {text(in.at("supi")), hex_bytes(in.at("abba"))});
    } else if (d == "kgnb") {
      const std::uint32_t count = in.at("uplink_nas_count");
      const std::vector<std::uint8_t> c{static_cast<std::uint8_t>(count >> 24), static_cast<std::uint8_t>(count >> 16),
                                        static_cast<std::uint8_t>(count >> 8), static_cast<std::uint8_t>(count)};
      const std::vector<std::uint8_t> a{in.at("access_type_distinguisher").get<std::uint8_t>()};
      rebuilt = kdf_input(0x6e, {c, a});
    } else {
      ADD_FAILURE() << "vector with kdf_input_S of unknown derivation " << d;
      continue;
    }
    EXPECT_EQ(to_hex(rebuilt), to_hex(s));
    ++checked;
  }
  EXPECT_GE(checked, 7);
}
