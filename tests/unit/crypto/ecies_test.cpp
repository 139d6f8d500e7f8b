// ECIES for SUCI (TS 33.501 Annex C.3): the C.4 vectors with every intermediate
// value, round trips with random keys, OpenSSL's own X9.63 KDF / AES-CTR / HMAC
// as independent oracles, and every way a peer can hand us a bad input.

#include <gtest/gtest.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <cctype>
#include <string>
#include <vector>

#include "meridian/crypto/ecies.hpp"
#include "support/vectors.hpp"

using namespace meridian::crypto;
using meridian::test::hex_bytes;
using meridian::test::load_vectors;
using bytes = std::vector<std::uint8_t>;

namespace {

bytes to_vec(std::span<const std::uint8_t> s) { return bytes(s.begin(), s.end()); }

bytes random_bytes(std::size_t n) {
  bytes b(n);
  if (n != 0) {
    EXPECT_EQ(RAND_bytes(b.data(), static_cast<int>(n)), 1);
  }
  return b;
}

std::vector<nlohmann::json> ecies_vectors() {
  std::vector<nlohmann::json> out;
  for (const auto& v : load_vectors("suci.json"))
    if (v.at("protection_scheme_id").get<int>() != 0) out.push_back(v);
  return out;
}

ecies_profile profile_of(const nlohmann::json& v) {
  return v.at("protection_scheme_id").get<int>() == 1 ? ecies_profile::a : ecies_profile::b;
}

constexpr ecies_profile both_profiles[] = {ecies_profile::a, ecies_profile::b};

/// The vector's id as a test name: every character outside [A-Za-z0-9] becomes '_'.
using meridian::test::vector_name;

/// One ctest case per C.4 ECIES vector (Profile A, Profile B).
class ecies_vector : public ::testing::TestWithParam<nlohmann::json> {};

}  // namespace

TEST(ecies_vectors, file_holds_profile_a_and_profile_b) {
  const auto vs = ecies_vectors();
  ASSERT_EQ(vs.size(), 2u);
  EXPECT_EQ(profile_of(vs[0]), ecies_profile::a);
  EXPECT_EQ(profile_of(vs[1]), ecies_profile::b);
}

TEST_P(ecies_vector, public_keys_follow_from_private_keys) {
  const auto& v = GetParam();
  auto hn = ecies_key_pair_from_private(profile_of(v), hex_bytes(v.at("home_network_private_key")));
  ASSERT_TRUE(hn) << hn.error().message();
  EXPECT_EQ(hn->public_key, hex_bytes(v.at("home_network_public_key")));
  auto eph = ecies_key_pair_from_private(profile_of(v), hex_bytes(v.at("eph_private_key")));
  ASSERT_TRUE(eph) << eph.error().message();
  EXPECT_EQ(eph->public_key, hex_bytes(v.at("eph_public_key")));
}

TEST_P(ecies_vector, shared_secret_is_the_same_on_both_sides) {
  const auto& v = GetParam();
  const auto p = profile_of(v);
  auto ue = ecies_shared_secret(p, hex_bytes(v.at("eph_private_key")), hex_bytes(v.at("home_network_public_key")));
  ASSERT_TRUE(ue) << ue.error().message();
  EXPECT_EQ(to_vec(ue->bytes()), hex_bytes(v.at("eph_shared_key")));
  auto hn = ecies_shared_secret(p, hex_bytes(v.at("home_network_private_key")), hex_bytes(v.at("eph_public_key")));
  ASSERT_TRUE(hn) << hn.error().message();
  EXPECT_EQ(to_vec(hn->bytes()), hex_bytes(v.at("eph_shared_key")));
}

TEST_P(ecies_vector, kdf_splits_into_enc_key_icb_and_mac_key) {
  const auto& v = GetParam();
  auto z = key256::from(hex_bytes(v.at("eph_shared_key")));
  ASSERT_TRUE(z);
  auto keys = ecies_derive_keys(*z, hex_bytes(v.at("eph_public_key")));
  ASSERT_TRUE(keys);
  EXPECT_EQ(to_vec(keys->enc_key.bytes()), hex_bytes(v.at("eph_enc_key")));
  EXPECT_EQ(to_vec(keys->icb.bytes()), hex_bytes(v.at("icb")));
  EXPECT_EQ(to_vec(keys->mac_key.bytes()), hex_bytes(v.at("eph_mac_key")));
}

TEST_P(ecies_vector, encryption_with_the_fixed_ephemeral_key_gives_the_vector) {
  const auto& v = GetParam();
  const bytes eph = hex_bytes(v.at("eph_private_key"));
  auto ct = ecies_encrypt(profile_of(v), hex_bytes(v.at("home_network_public_key")), hex_bytes(v.at("scheme_input")),
                          std::span<const std::uint8_t>(eph));
  ASSERT_TRUE(ct) << ct.error().message();
  EXPECT_EQ(ct->ephemeral_public_key, hex_bytes(v.at("eph_public_key")));
  EXPECT_EQ(ct->ciphertext, hex_bytes(v.at("ciphertext")));
  EXPECT_EQ(to_vec(ct->mac_tag), hex_bytes(v.at("mac_tag")));
  bytes output = ct->ephemeral_public_key;
  output.insert(output.end(), ct->ciphertext.begin(), ct->ciphertext.end());
  output.insert(output.end(), ct->mac_tag.begin(), ct->mac_tag.end());
  EXPECT_EQ(output, hex_bytes(v.at("scheme_output")));
}

TEST(ecies_vectors, profile_b_accepts_the_uncompressed_home_network_key) {
  const auto v = ecies_vectors().at(1);
  const bytes eph = hex_bytes(v.at("eph_private_key"));
  auto ct = ecies_encrypt(ecies_profile::b, hex_bytes(v.at("home_network_public_key_uncompressed")),
                          hex_bytes(v.at("scheme_input")), std::span<const std::uint8_t>(eph));
  ASSERT_TRUE(ct) << ct.error().message();
  EXPECT_EQ(ct->ciphertext, hex_bytes(v.at("ciphertext")));
  EXPECT_EQ(to_vec(ct->mac_tag), hex_bytes(v.at("mac_tag")));
  // The shared secret is the same whichever encoding the peer's point arrives in.
  auto z = ecies_shared_secret(ecies_profile::b, hex_bytes(v.at("home_network_private_key")),
                               hex_bytes(v.at("eph_public_key_uncompressed")));
  ASSERT_TRUE(z);
  EXPECT_EQ(to_vec(z->bytes()), hex_bytes(v.at("eph_shared_key")));
}

TEST_P(ecies_vector, decryption_recovers_the_scheme_input) {
  const auto& v = GetParam();
  ecies_ciphertext in;
  in.ephemeral_public_key = hex_bytes(v.at("eph_public_key"));
  in.ciphertext = hex_bytes(v.at("ciphertext"));
  const bytes tag = hex_bytes(v.at("mac_tag"));
  std::copy(tag.begin(), tag.end(), in.mac_tag.begin());
  auto pt = ecies_decrypt(profile_of(v), hex_bytes(v.at("home_network_private_key")), in);
  ASSERT_TRUE(pt) << pt.error().message();
  EXPECT_EQ(*pt, hex_bytes(v.at("scheme_input")));
}

INSTANTIATE_TEST_SUITE_P(ts_33_501_c4, ecies_vector, ::testing::ValuesIn(ecies_vectors()), vector_name);

TEST(ecies, generated_key_pairs_have_the_profile_sizes_and_differ) {
  for (auto p : both_profiles) {
    auto k1 = ecies_generate_key_pair(p);
    auto k2 = ecies_generate_key_pair(p);
    ASSERT_TRUE(k1 && k2);
    EXPECT_EQ(k1->private_key.size(), 32u);
    EXPECT_EQ(k1->public_key.size(), ecies_public_key_length(p));
    EXPECT_NE(k1->private_key, k2->private_key);
    auto again = ecies_key_pair_from_private(p, k1->private_key);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->public_key, k1->public_key);
    if (p == ecies_profile::b) {
      EXPECT_TRUE(k1->public_key[0] == 0x02 || k1->public_key[0] == 0x03);
    }
  }
}

TEST(ecies, random_keys_round_trip_for_every_plaintext_length_up_to_five_blocks) {
  for (auto p : both_profiles) {
    auto hn = ecies_generate_key_pair(p);
    ASSERT_TRUE(hn);
    for (std::size_t n = 0; n <= 80; ++n) {
      const bytes pt = random_bytes(n);
      auto ct = ecies_encrypt(p, hn->public_key, pt);
      ASSERT_TRUE(ct) << ct.error().message();
      EXPECT_EQ(ct->ciphertext.size(), n);
      EXPECT_EQ(ct->ephemeral_public_key.size(), ecies_public_key_length(p));
      auto back = ecies_decrypt(p, hn->private_key, *ct);
      ASSERT_TRUE(back) << back.error().message();
      EXPECT_EQ(*back, pt);
    }
  }
}

TEST(ecies, each_encryption_uses_a_fresh_ephemeral_key) {
  for (auto p : both_profiles) {
    auto hn = ecies_generate_key_pair(p);
    ASSERT_TRUE(hn);
    const bytes pt{0x00, 0x01, 0x20, 0x80, 0xf6};
    auto a = ecies_encrypt(p, hn->public_key, pt);
    auto b = ecies_encrypt(p, hn->public_key, pt);
    ASSERT_TRUE(a && b);
    EXPECT_NE(a->ephemeral_public_key, b->ephemeral_public_key);
    EXPECT_NE(a->ciphertext, b->ciphertext);
  }
}

TEST(ecies, kdf_matches_openssl_x963kdf) {
  EVP_KDF* kdf = EVP_KDF_fetch(nullptr, "X963KDF", nullptr);
  ASSERT_NE(kdf, nullptr);
  for (std::size_t out_len : {1u, 16u, 32u, 33u, 64u, 100u}) {
    bytes z = random_bytes(32), info = random_bytes(out_len % 40), ours(out_len), theirs(out_len);
    ASSERT_TRUE(x963_kdf_sha256(z, info, ours));
    EVP_KDF_CTX* ctx = EVP_KDF_CTX_new(kdf);
    ASSERT_NE(ctx, nullptr);
    char digest[] = "SHA256";
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
                           OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, z.data(), z.size()),
                           OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, info.data(), info.size()),
                           OSSL_PARAM_construct_end()};
    ASSERT_EQ(EVP_KDF_derive(ctx, theirs.data(), theirs.size(), params), 1);
    EVP_KDF_CTX_free(ctx);
    EXPECT_EQ(ours, theirs) << "output length " << out_len;
  }
  EVP_KDF_free(kdf);
}

// OpenSSL's AES-128-CTR (128-bit counter) agrees with the 32-bit counter of
// TS 33.501 C.3.2 as long as the low 32 bits of the ICB do not wrap, which they
// do not for these keys; HMAC-SHA-256 truncated to 8 octets gives the tag.
TEST(ecies, ciphertext_and_tag_match_openssl_aes_ctr_and_hmac_over_several_blocks) {
  const auto v = ecies_vectors().at(0);
  const bytes eph = hex_bytes(v.at("eph_private_key"));
  const bytes pt = random_bytes(70);
  auto ct = ecies_encrypt(ecies_profile::a, hex_bytes(v.at("home_network_public_key")), pt,
                          std::span<const std::uint8_t>(eph));
  ASSERT_TRUE(ct);
  const bytes enc_key = hex_bytes(v.at("eph_enc_key")), icb = hex_bytes(v.at("icb")),
              mac_key = hex_bytes(v.at("eph_mac_key"));
  EVP_CIPHER_CTX* c = EVP_CIPHER_CTX_new();
  ASSERT_NE(c, nullptr);
  ASSERT_EQ(EVP_EncryptInit_ex(c, EVP_aes_128_ctr(), nullptr, enc_key.data(), icb.data()), 1);
  bytes expected(pt.size());
  int len = 0;
  ASSERT_EQ(EVP_EncryptUpdate(c, expected.data(), &len, pt.data(), static_cast<int>(pt.size())), 1);
  EVP_CIPHER_CTX_free(c);
  EXPECT_EQ(ct->ciphertext, expected);
  unsigned char mac[32];
  unsigned int mac_len = 0;
  ASSERT_NE(HMAC(EVP_sha256(), mac_key.data(), 32, expected.data(), expected.size(), mac, &mac_len), nullptr);
  EXPECT_EQ(to_vec(ct->mac_tag), bytes(mac, mac + 8));
}

// ---------------------------------------------------------------- bad input

TEST(ecies_negative, when_a_ciphertext_bit_is_flipped_then_mac_check_fails) {
  for (auto p : both_profiles) {
    auto hn = ecies_generate_key_pair(p);
    ASSERT_TRUE(hn);
    auto ct = ecies_encrypt(p, hn->public_key, bytes{1, 2, 3, 4, 5});
    ASSERT_TRUE(ct);
    for (std::size_t bit = 0; bit < ct->ciphertext.size() * 8; ++bit) {
      auto bad = *ct;
      bad.ciphertext[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
      auto r = ecies_decrypt(p, hn->private_key, bad);
      ASSERT_FALSE(r);
      EXPECT_EQ(r.error().code, crypto_errc::mac_failure);
    }
  }
}

TEST(ecies_negative, when_a_tag_bit_is_flipped_then_mac_check_fails) {
  for (auto p : both_profiles) {
    auto hn = ecies_generate_key_pair(p);
    ASSERT_TRUE(hn);
    auto ct = ecies_encrypt(p, hn->public_key, bytes{1, 2, 3});
    ASSERT_TRUE(ct);
    for (std::size_t bit = 0; bit < 64; ++bit) {
      auto bad = *ct;
      bad.mac_tag[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
      auto r = ecies_decrypt(p, hn->private_key, bad);
      ASSERT_FALSE(r);
      EXPECT_EQ(r.error().code, crypto_errc::mac_failure);
    }
  }
}

TEST(ecies_negative, when_the_ciphertext_is_truncated_then_mac_check_fails) {
  for (auto p : both_profiles) {
    auto hn = ecies_generate_key_pair(p);
    ASSERT_TRUE(hn);
    auto ct = ecies_encrypt(p, hn->public_key, bytes{1, 2, 3, 4, 5});
    ASSERT_TRUE(ct);
    while (!ct->ciphertext.empty()) {
      ct->ciphertext.pop_back();
      auto r = ecies_decrypt(p, hn->private_key, *ct);
      ASSERT_FALSE(r);
      EXPECT_EQ(r.error().code, crypto_errc::mac_failure);
    }
  }
}

TEST(ecies_negative, when_the_private_key_is_wrong_then_mac_check_fails) {
  for (auto p : both_profiles) {
    auto hn = ecies_generate_key_pair(p);
    auto other = ecies_generate_key_pair(p);
    ASSERT_TRUE(hn && other);
    auto ct = ecies_encrypt(p, hn->public_key, bytes{9, 8, 7});
    ASSERT_TRUE(ct);
    auto r = ecies_decrypt(p, other->private_key, *ct);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, crypto_errc::mac_failure);
  }
}

TEST(ecies_negative, when_the_ephemeral_key_has_the_wrong_length_then_it_is_refused) {
  for (auto p : both_profiles) {
    auto hn = ecies_generate_key_pair(p);
    ASSERT_TRUE(hn);
    auto ct = ecies_encrypt(p, hn->public_key, bytes{1});
    ASSERT_TRUE(ct);
    for (std::size_t n : {0u, 1u, 31u, 34u, 65u}) {
      auto bad = *ct;
      bad.ephemeral_public_key.resize(n, 0x02);
      auto r = ecies_decrypt(p, hn->private_key, bad);
      ASSERT_FALSE(r);
      EXPECT_EQ(r.error().code, crypto_errc::invalid_length) << n;
    }
  }
}

TEST(ecies_negative, when_a_key_has_the_wrong_length_then_it_is_refused) {
  for (auto p : both_profiles) {
    for (std::size_t n : {0u, 31u, 33u}) {
      auto kp = ecies_key_pair_from_private(p, bytes(n, 1));
      ASSERT_FALSE(kp);
      EXPECT_EQ(kp.error().code, crypto_errc::invalid_length);
      auto z = ecies_shared_secret(p, bytes(n, 1), bytes(ecies_public_key_length(p), 2));
      ASSERT_FALSE(z);
      EXPECT_EQ(z.error().code, crypto_errc::invalid_length);
    }
    auto ct = ecies_encrypt(p, bytes(20, 2), bytes{1});
    ASSERT_FALSE(ct);
    EXPECT_EQ(ct.error().code, crypto_errc::invalid_length);
  }
}

TEST(ecies_negative, when_the_x25519_public_key_is_all_zero_then_derivation_fails) {
  auto hn = ecies_generate_key_pair(ecies_profile::a);
  ASSERT_TRUE(hn);
  // u = 0 and u = 1 are low-order points: the shared secret would be all zeros.
  bytes one(32, 0);
  one[0] = 1;
  for (const bytes& low_order : {bytes(32, 0), one}) {
    ecies_ciphertext in;
    in.ephemeral_public_key = low_order;
    in.ciphertext = {1, 2, 3};
    auto r = ecies_decrypt(ecies_profile::a, hn->private_key, in);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, crypto_errc::invalid_key);
    auto enc = ecies_encrypt(ecies_profile::a, low_order, bytes{1});
    ASSERT_FALSE(enc);
    EXPECT_EQ(enc.error().code, crypto_errc::invalid_key);
  }
}

TEST(ecies_negative, when_a_p256_point_is_invalid_then_it_is_refused) {
  auto hn = ecies_generate_key_pair(ecies_profile::b);
  ASSERT_TRUE(hn);
  bytes no_root(33, 0);  // x = 1: x^3 - 3x + b has no square root mod p
  no_root[0] = 0x02;
  no_root[32] = 0x01;
  bytes x_too_big(33, 0xff);  // x >= p
  x_too_big[0] = 0x03;
  bytes bad_prefix = hn->public_key;
  bad_prefix[0] = 0x05;
  bytes uncompressed_prefix_in_33 = hn->public_key;
  uncompressed_prefix_in_33[0] = 0x04;
  bytes zero_prefix(33, 0);
  for (const bytes& point : {no_root, x_too_big, bad_prefix, uncompressed_prefix_in_33, zero_prefix}) {
    SCOPED_TRACE(testing::PrintToString(point));
    ecies_ciphertext in;
    in.ephemeral_public_key = point;
    in.ciphertext = {1};
    auto r = ecies_decrypt(ecies_profile::b, hn->private_key, in);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, crypto_errc::invalid_key);
    auto enc = ecies_encrypt(ecies_profile::b, point, bytes{1});
    ASSERT_FALSE(enc);
    EXPECT_EQ(enc.error().code, crypto_errc::invalid_key);
  }
}

TEST(ecies_negative, when_an_uncompressed_p256_point_is_off_the_curve_then_it_is_refused) {
  const auto v = ecies_vectors().at(1);
  bytes off_curve = hex_bytes(v.at("home_network_public_key_uncompressed"));
  off_curve.back() ^= 0x01;
  auto enc = ecies_encrypt(ecies_profile::b, off_curve, bytes{1});
  ASSERT_FALSE(enc);
  EXPECT_EQ(enc.error().code, crypto_errc::invalid_key);
  bytes hybrid = hex_bytes(v.at("home_network_public_key_uncompressed"));
  hybrid[0] = 0x06;
  enc = ecies_encrypt(ecies_profile::b, hybrid, bytes{1});
  ASSERT_FALSE(enc);
  EXPECT_EQ(enc.error().code, crypto_errc::invalid_key);
}

TEST(ecies_negative, when_a_valid_but_foreign_p256_point_is_sent_then_only_the_mac_fails) {
  auto hn = ecies_generate_key_pair(ecies_profile::b);
  ASSERT_TRUE(hn);
  ecies_ciphertext in;
  in.ephemeral_public_key = bytes(33, 0);
  in.ephemeral_public_key[0] = 0x02;
  in.ephemeral_public_key[32] = 0x05;  // x = 5 is on the curve
  in.ciphertext = {1, 2};
  auto r = ecies_decrypt(ecies_profile::b, hn->private_key, in);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, crypto_errc::mac_failure);
}

TEST(ecies_negative, when_the_p256_private_key_is_out_of_range_then_it_is_refused) {
  const bytes order = hex_bytes("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
  for (const bytes& d : {bytes(32, 0), order, bytes(32, 0xff)}) {
    auto kp = ecies_key_pair_from_private(ecies_profile::b, d);
    ASSERT_FALSE(kp);
    EXPECT_EQ(kp.error().code, crypto_errc::invalid_key);
    auto enc = ecies_encrypt(ecies_profile::b, ecies_generate_key_pair(ecies_profile::b)->public_key, bytes{1},
                             std::span<const std::uint8_t>(d));
    ASSERT_FALSE(enc);
    EXPECT_EQ(enc.error().code, crypto_errc::invalid_key);
  }
  bytes n_minus_1 = order;
  n_minus_1.back() -= 1;
  EXPECT_TRUE(ecies_key_pair_from_private(ecies_profile::b, n_minus_1));
}

TEST(ecies_negative, when_the_profile_is_unknown_then_it_is_an_invalid_parameter) {
  const auto bad = static_cast<ecies_profile>(7);
  EXPECT_EQ(ecies_generate_key_pair(bad).error().code, crypto_errc::invalid_parameter);
  EXPECT_EQ(ecies_key_pair_from_private(bad, bytes(32, 1)).error().code, crypto_errc::invalid_parameter);
  EXPECT_EQ(ecies_encrypt(bad, bytes(32, 1), bytes{1}).error().code, crypto_errc::invalid_parameter);
  EXPECT_EQ(ecies_decrypt(bad, bytes(32, 1), ecies_ciphertext{}).error().code, crypto_errc::invalid_parameter);
}

TEST(ecies_profile_names, a_and_b_in_either_case_parse_and_nothing_else) {
  EXPECT_EQ(parse_ecies_profile("A"), ecies_profile::a);
  EXPECT_EQ(parse_ecies_profile("a"), ecies_profile::a);
  EXPECT_EQ(parse_ecies_profile("B"), ecies_profile::b);
  EXPECT_EQ(parse_ecies_profile("b"), ecies_profile::b);
  for (const char* bad : {"", "C", "AB", "1", "null", "A "}) EXPECT_FALSE(parse_ecies_profile(bad)) << bad;
}
