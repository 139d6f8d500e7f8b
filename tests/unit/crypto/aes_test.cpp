// AES-128 block, CTR and CMAC: published vectors (FIPS 197 / SP 800-38A
// examples, RFC 4493 §4) and a differential check of CMAC against OpenSSL's
// own byte-oriented CMAC.

#include <gtest/gtest.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>

#include <random>
#include <vector>

#include "meridian/common/hex.hpp"
#include "meridian/crypto/aes.hpp"

using namespace meridian::crypto;

namespace {

std::vector<std::uint8_t> hex(std::string_view text) { return meridian::from_hex(text).value(); }
key128 key_of(std::string_view text) { return key128::from(hex(text)).value(); }
block128 block_of(std::string_view text) {
  block128 b{};
  const auto v = hex(text);
  std::copy(v.begin(), v.end(), b.begin());
  return b;
}
std::vector<std::uint8_t> bytes(const block128& b) { return {b.begin(), b.end()}; }

const char* const rfc4493_key = "2b7e151628aed2a6abf7158809cf4f3c";
const char* const rfc4493_message =
    "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
    "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";

/// OpenSSL's CMAC (byte lengths only), the oracle for octet-aligned messages.
std::vector<std::uint8_t> openssl_cmac(const key128& key, std::span<const std::uint8_t> message) {
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, "CMAC", nullptr);
  EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(mac);
  char cipher[] = "AES-128-CBC";
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, cipher, 0),
                         OSSL_PARAM_construct_end()};
  std::vector<std::uint8_t> out(16);
  std::size_t n = 0;
  EXPECT_EQ(EVP_MAC_init(ctx, key.data(), 16, params), 1);
  EXPECT_EQ(EVP_MAC_update(ctx, message.data(), message.size()), 1);
  EXPECT_EQ(EVP_MAC_final(ctx, out.data(), &n, out.size()), 1);
  EVP_MAC_CTX_free(ctx);
  EVP_MAC_free(mac);
  return out;
}

}  // namespace

TEST(aes128_block_cipher, encrypts_the_sp800_38a_ecb_example) {
  const aes128_block_cipher cipher(key_of(rfc4493_key));
  EXPECT_EQ(bytes(cipher.encrypt(block_of("6bc1bee22e409f96e93d7e117393172a"))),
            hex("3ad77bb40d7a3660a89ecaf32466ef97"));
  // Reused: the second block gives the same answer as a fresh cipher would.
  EXPECT_EQ(bytes(cipher.encrypt(block_of("6bc1bee22e409f96e93d7e117393172a"))),
            hex("3ad77bb40d7a3660a89ecaf32466ef97"));
}

TEST(aes128_block_cipher, moves_keep_the_key) {
  aes128_block_cipher a(key_of(rfc4493_key));
  aes128_block_cipher b = std::move(a);
  EXPECT_EQ(bytes(b.encrypt(block_of("6bc1bee22e409f96e93d7e117393172a"))), hex("3ad77bb40d7a3660a89ecaf32466ef97"));
}

TEST(aes128_ctr, matches_the_sp800_38a_ctr_example) {
  auto data = hex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51");
  ASSERT_TRUE(aes128_ctr_apply(key_of(rfc4493_key), block_of("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"), data));
  EXPECT_EQ(data, hex("874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff"));
}

TEST(aes128_cmac, matches_rfc4493_examples) {
  const auto key = key_of(rfc4493_key);
  const auto message = hex(rfc4493_message);
  const struct {
    std::size_t octets;
    const char* tag;
  } examples[] = {{0, "bb1d6929e95937287fa37d129b756746"},
                  {16, "070a16b46b4d4144f79bdd9dd04a287c"},
                  {40, "dfa66747de9ae63030ca32611497c827"},
                  {64, "51f0bebf7e3b9d92fc49741779363cfe"}};
  for (const auto& e : examples) {
    SCOPED_TRACE(e.octets);
    auto tag = aes128_cmac(key, std::span(message).first(e.octets), 8 * e.octets);
    ASSERT_TRUE(tag);
    EXPECT_EQ(bytes(*tag), hex(e.tag));
  }
}

TEST(aes128_cmac, equals_openssl_cmac_for_every_octet_length_up_to_100) {
  std::mt19937 rng(20240601);
  for (std::size_t n = 0; n <= 100; ++n) {
    SCOPED_TRACE(n);
    std::vector<std::uint8_t> k(16), m(n);
    for (auto& b : k) b = static_cast<std::uint8_t>(rng());
    for (auto& b : m) b = static_cast<std::uint8_t>(rng());
    const auto key = key128::from(k).value();
    auto tag = aes128_cmac(key, m, 8 * n);
    ASSERT_TRUE(tag);
    EXPECT_EQ(bytes(*tag), openssl_cmac(key, m));
  }
}

TEST(aes128_cmac, when_bit_length_is_not_a_multiple_of_8_then_only_those_bits_count) {
  const auto key = key_of(rfc4493_key);
  auto message = hex(rfc4493_message);
  const auto a = aes128_cmac(key, message, 61);
  message[7] ^= 0x07;  // the three bits after bit 61
  const auto b = aes128_cmac(key, message, 61);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(*a, *b);
  message[7] ^= 0x08;  // the last bit inside the length
  EXPECT_NE(*aes128_cmac(key, message, 61), *a);
  EXPECT_NE(*aes128_cmac(key, message, 64), *a);
}

TEST(aes128_cmac, when_length_exceeds_the_message_then_invalid_length) {
  const std::vector<std::uint8_t> message(4);
  auto r = aes128_cmac(key_of(rfc4493_key), message, 33);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, crypto_errc::invalid_length);
}
