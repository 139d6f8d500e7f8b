// 128-NEA1..3 and 128-NIA1..3 against the official test sets in
// tests/vectors/nea_nia.json (TS 33.401 Annex C, ETSI/SAGE Documents 3),
// plus the parameter checks and the null algorithms.

#include <gtest/gtest.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>

#include <cctype>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "../support/vectors.hpp"
#include "meridian/crypto/nas_algorithms.hpp"

using namespace meridian::crypto;
using meridian::test::hex_bytes;
using meridian::test::load_vectors;

namespace {

struct vector_case {
  std::string id;
  std::string algorithm;
  key128 key;
  algorithm_input input;
  std::size_t length_bits = 0;
  std::vector<std::uint8_t> in;   // plaintext or message
  std::vector<std::uint8_t> out;  // ciphertext or MAC
};

// gtest prints a failing case's parameter: the id says which set it was.
void PrintTo(const vector_case& c, std::ostream* os) { *os << c.id; }

std::vector<vector_case> cases_for(const std::string& prefix) {
  std::vector<vector_case> out;
  for (const auto& v : load_vectors("nea_nia.json")) {
    const std::string algorithm = v.at("algorithm").get<std::string>();
    if (algorithm.rfind(prefix, 0) != 0) continue;
    vector_case c;
    c.id = v.at("id").get<std::string>();
    c.algorithm = algorithm;
    c.key = key128::from(hex_bytes(v.at("key").get<std::string>())).value_or(key128{});
    c.input.count = static_cast<std::uint32_t>(std::stoul(v.at("count").get<std::string>(), nullptr, 16));
    c.input.bearer = v.at("bearer").get<std::uint8_t>();
    c.input.direction = v.at("direction").get<std::uint8_t>();
    c.length_bits = v.at("length_bits").get<std::size_t>();
    const bool cipher = v.contains("plaintext");
    c.in = hex_bytes(v.at(cipher ? "plaintext" : "message").get<std::string>());
    c.out = hex_bytes(v.at(cipher ? "ciphertext" : "mac").get<std::string>());
    out.push_back(std::move(c));
  }
  return out;
}

/// Zeroes the bits of `bytes` beyond `length_bits`, so that only the first
/// length_bits bits take part in a comparison (vectors/README.md).
std::vector<std::uint8_t> first_bits(std::vector<std::uint8_t> bytes, std::size_t length_bits) {
  bytes.resize((length_bits + 7) / 8);
  if (length_bits % 8 != 0) bytes.back() &= static_cast<std::uint8_t>(0xff00u >> (length_bits % 8));
  return bytes;
}

nea nea_of(const std::string& name) { return static_cast<nea>(name.back() - '0'); }
nia nia_of(const std::string& name) { return static_cast<nia>(name.back() - '0'); }

/// NIA vectors whose LENGTH is not a whole number of octets.
std::vector<vector_case> unaligned_nia_cases() {
  std::vector<vector_case> out;
  for (auto& c : cases_for("NIA"))
    if (c.length_bits % 8 != 0) out.push_back(std::move(c));
  return out;
}

/// The vector's id as a test name: every character outside [A-Za-z0-9] becomes '_'.
std::string vector_name(const ::testing::TestParamInfo<vector_case>& info) {
  std::string name;
  for (char c : info.param.id) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

/// OpenSSL's own AES-CMAC (octet lengths), an independent oracle for 128-NIA2.
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

const key128 zero_key{};

// One ctest case per official set.
class nea_vectors : public ::testing::TestWithParam<vector_case> {};
class nia_vectors : public ::testing::TestWithParam<vector_case> {};
class nia_unaligned_vectors : public ::testing::TestWithParam<vector_case> {};

}  // namespace

TEST(nea_nia_vector_file, holds_ten_ciphering_and_eleven_integrity_sets) {
  EXPECT_EQ(cases_for("NEA").size(), 10u);
  EXPECT_EQ(cases_for("NIA").size(), 11u);
}

TEST_P(nea_vectors, official_set_encrypts_to_its_ciphertext) {
  const auto& c = GetParam();
  auto data = c.in;
  ASSERT_TRUE(nea_apply(nea_of(c.algorithm), c.key, c.input, data, c.length_bits));
  EXPECT_EQ(first_bits(data, c.length_bits), first_bits(c.out, c.length_bits));
}

TEST_P(nea_vectors, official_set_decrypts_back_to_its_plaintext) {
  const auto& c = GetParam();
  auto data = c.out;
  ASSERT_TRUE(nea_apply(nea_of(c.algorithm), c.key, c.input, data, c.length_bits));
  EXPECT_EQ(first_bits(data, c.length_bits), first_bits(c.in, c.length_bits));
}

INSTANTIATE_TEST_SUITE_P(official, nea_vectors, ::testing::ValuesIn(cases_for("NEA")), vector_name);

TEST_P(nia_vectors, official_set_gives_its_mac) {
  const auto& c = GetParam();
  auto mac = nia_mac(nia_of(c.algorithm), c.key, c.input, c.in, c.length_bits);
  ASSERT_TRUE(mac);
  EXPECT_EQ(std::vector<std::uint8_t>(mac->begin(), mac->end()), c.out);
}

INSTANTIATE_TEST_SUITE_P(official, nia_vectors, ::testing::ValuesIn(cases_for("NIA")), vector_name);

TEST_P(nia_unaligned_vectors, when_bits_beyond_length_change_then_the_mac_does_not) {
  const auto& c = GetParam();
  auto message = c.in;
  message.back() ^= static_cast<std::uint8_t>(0xffu >> (c.length_bits % 8));
  auto mac = nia_mac(nia_of(c.algorithm), c.key, c.input, message, c.length_bits);
  ASSERT_TRUE(mac);
  EXPECT_EQ(std::vector<std::uint8_t>(mac->begin(), mac->end()), c.out);
}

INSTANTIATE_TEST_SUITE_P(official, nia_unaligned_vectors, ::testing::ValuesIn(unaligned_nia_cases()), vector_name);

TEST(nea, when_bit_length_is_not_a_multiple_of_8_then_trailing_bits_are_zero) {
  for (auto algorithm : {nea::nea0, nea::nea1, nea::nea2, nea::nea3}) {
    SCOPED_TRACE(static_cast<int>(algorithm));
    std::vector<std::uint8_t> data(5, 0xff);
    ASSERT_TRUE(nea_apply(algorithm, zero_key, {.count = 7, .bearer = 3, .direction = 1}, data, 29));
    EXPECT_EQ(data[3] & 0x07u, 0u);
    EXPECT_EQ(data[4], 0xffu) << "octets beyond ceil(LENGTH/8) are not touched";
  }
}

TEST(nea, nea0_leaves_the_message_bits_as_they_are) {
  std::vector<std::uint8_t> data = {0x12, 0x34, 0x56};
  ASSERT_TRUE(nea_apply(nea::nea0, zero_key, {}, data, 20));
  EXPECT_EQ(data, (std::vector<std::uint8_t>{0x12, 0x34, 0x50}));
}

TEST(nea, when_length_is_zero_then_nothing_changes) {
  std::vector<std::uint8_t> data = {0xab};
  for (auto algorithm : {nea::nea0, nea::nea1, nea::nea2, nea::nea3}) {
    ASSERT_TRUE(nea_apply(algorithm, zero_key, {}, data, 0));
    EXPECT_EQ(data[0], 0xabu);
  }
}

TEST(nia, nia0_returns_zeros) {
  const std::vector<std::uint8_t> message = {1, 2, 3};
  auto mac = nia_mac(nia::nia0, zero_key, {.count = 1, .bearer = 2, .direction = 1}, message, 24);
  ASSERT_TRUE(mac);
  EXPECT_EQ(*mac, (std::array<std::uint8_t, 4>{}));
}

TEST(nia, nia0_mac_of_an_empty_message_is_zeros) {
  auto mac =
      nia_mac(nia::nia0, zero_key, {.count = 5, .bearer = 1, .direction = 1}, std::span<const std::uint8_t>{}, 0);
  ASSERT_TRUE(mac);
  EXPECT_EQ(*mac, (std::array<std::uint8_t, 4>{}));
}

TEST(nia, nia2_mac_of_an_empty_message_is_openssl_cmac_of_count_bearer_direction) {
  // TS 33.401 B.2.3: with LENGTH 0 the CMAC input is the 64-bit block
  // COUNT || BEARER || DIRECTION || 0^26 alone; OpenSSL's CMAC is the oracle.
  const key128 key = key128::from(hex_bytes("2bd6459f82c5b300952c49104881ff48")).value_or(key128{});
  const algorithm_input in{.count = 0x38a6f056, .bearer = 0x18, .direction = 1};
  const std::vector<std::uint8_t> header = {0x38, 0xa6, 0xf0, 0x56, 0x18 << 3 | 1 << 2, 0, 0, 0};
  auto mac = nia_mac(nia::nia2, key, in, std::span<const std::uint8_t>{}, 0);
  ASSERT_TRUE(mac);
  const auto expected = openssl_cmac(key, header);
  EXPECT_EQ(std::vector<std::uint8_t>(mac->begin(), mac->end()),
            std::vector<std::uint8_t>(expected.begin(), expected.begin() + 4));
}

TEST(nia, empty_message_macs_are_deterministic_and_depend_on_key_count_bearer_and_direction) {
  // No published vector has LENGTH 0, so for 128-NIA1 and 128-NIA3 (128-NIA2
  // is pinned above) the MAC must at least be a keyed function of COUNT,
  // BEARER and DIRECTION, not a constant.
  const key128 other_key = key128::from(hex_bytes("c736c6aab22bffbe46b2b5d7f6e8e1e0")).value_or(key128{});
  const std::span<const std::uint8_t> empty;
  const algorithm_input base{.count = 0x12345678, .bearer = 3, .direction = 0};
  for (auto algorithm : {nia::nia1, nia::nia2, nia::nia3}) {
    SCOPED_TRACE(static_cast<int>(algorithm));
    const auto mac = [&](const key128& k, const algorithm_input& in) {
      auto m = nia_mac(algorithm, k, in, empty, 0);
      EXPECT_TRUE(m);
      return m.value_or(std::array<std::uint8_t, 4>{});
    };
    const auto reference = mac(zero_key, base);
    EXPECT_EQ(mac(zero_key, base), reference) << "deterministic";
    EXPECT_NE(mac(other_key, base), reference) << "keyed";
    EXPECT_NE(mac(zero_key, {.count = base.count + 1, .bearer = base.bearer, .direction = base.direction}), reference)
        << "COUNT";
    EXPECT_NE(mac(zero_key, {.count = base.count, .bearer = 4, .direction = base.direction}), reference) << "BEARER";
    EXPECT_NE(mac(zero_key, {.count = base.count, .bearer = base.bearer, .direction = 1}), reference) << "DIRECTION";
    // The MAC of a non-empty message differs from the empty one.
    const std::vector<std::uint8_t> one = {0x80};
    auto longer = nia_mac(algorithm, zero_key, base, one, 1);
    ASSERT_TRUE(longer);
    EXPECT_NE(*longer, reference) << "LENGTH";
  }
}

// ---- parameter checks: error values, never exceptions or aborts -------------

TEST(nea, when_bearer_exceeds_5_bits_then_invalid_parameter) {
  std::vector<std::uint8_t> data(4);
  for (auto algorithm : {nea::nea0, nea::nea1, nea::nea2, nea::nea3}) {
    auto r = nea_apply(algorithm, zero_key, {.bearer = 32}, data, 32);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, crypto_errc::invalid_parameter);
  }
}

TEST(nea, when_direction_exceeds_1_bit_then_invalid_parameter) {
  std::vector<std::uint8_t> data(4);
  auto r = nea_apply(nea::nea2, zero_key, {.direction = 2}, data, 32);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, crypto_errc::invalid_parameter);
}

TEST(nea, when_length_exceeds_the_data_then_invalid_length_and_data_is_untouched) {
  std::vector<std::uint8_t> data(4, 0x5a);
  for (std::size_t bits : {33u, 40u, 1000u}) {
    auto r = nea_apply(nea::nea1, zero_key, {}, data, bits);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, crypto_errc::invalid_length);
  }
  EXPECT_EQ(data, std::vector<std::uint8_t>(4, 0x5a));
  std::vector<std::uint8_t> none;
  auto r = nea_apply(nea::nea3, zero_key, {}, none, 1);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, crypto_errc::invalid_length);
}

TEST(nea, when_algorithm_is_unknown_then_invalid_parameter) {
  std::vector<std::uint8_t> data(4, 0x5a);
  auto r = nea_apply(static_cast<nea>(4), zero_key, {}, data, 32);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, crypto_errc::invalid_parameter);
  EXPECT_EQ(data, std::vector<std::uint8_t>(4, 0x5a));
}

TEST(nia, when_bearer_exceeds_5_bits_then_invalid_parameter) {
  const std::vector<std::uint8_t> message(4);
  for (auto algorithm : {nia::nia0, nia::nia1, nia::nia2, nia::nia3}) {
    auto r = nia_mac(algorithm, zero_key, {.bearer = 255}, message, 32);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, crypto_errc::invalid_parameter);
  }
}

TEST(nia, when_direction_exceeds_1_bit_then_invalid_parameter) {
  const std::vector<std::uint8_t> message(4);
  auto r = nia_mac(nia::nia3, zero_key, {.direction = 7}, message, 32);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, crypto_errc::invalid_parameter);
}

TEST(nia, when_length_exceeds_the_message_then_invalid_length) {
  const std::vector<std::uint8_t> message(4);
  for (auto algorithm : {nia::nia0, nia::nia1, nia::nia2, nia::nia3}) {
    auto r = nia_mac(algorithm, zero_key, {}, message, 33);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, crypto_errc::invalid_length);
  }
}

TEST(nia, when_algorithm_is_unknown_then_invalid_parameter) {
  const std::vector<std::uint8_t> message(4);
  auto r = nia_mac(static_cast<nia>(9), zero_key, {}, message, 32);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, crypto_errc::invalid_parameter);
}
