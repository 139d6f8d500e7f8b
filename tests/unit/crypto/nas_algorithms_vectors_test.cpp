// 128-NEA1..3 and 128-NIA1..3 against the official test sets in
// tests/vectors/nea_nia.json (TS 33.401 Annex C, ETSI/SAGE Documents 3),
// plus the parameter checks and the null algorithms.

#include <gtest/gtest.h>

#include <cstdint>
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

const key128 zero_key{};

}  // namespace

TEST(nea_vectors, every_official_ciphering_set_encrypts_to_its_ciphertext) {
  const auto cases = cases_for("NEA");
  ASSERT_EQ(cases.size(), 10u);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.id);
    auto data = c.in;
    ASSERT_TRUE(nea_apply(nea_of(c.algorithm), c.key, c.input, data, c.length_bits));
    EXPECT_EQ(first_bits(data, c.length_bits), first_bits(c.out, c.length_bits));
  }
}

TEST(nea_vectors, every_official_ciphering_set_decrypts_back_to_its_plaintext) {
  for (const auto& c : cases_for("NEA")) {
    SCOPED_TRACE(c.id);
    auto data = c.out;
    ASSERT_TRUE(nea_apply(nea_of(c.algorithm), c.key, c.input, data, c.length_bits));
    EXPECT_EQ(first_bits(data, c.length_bits), first_bits(c.in, c.length_bits));
  }
}

TEST(nia_vectors, every_official_integrity_set_gives_its_mac) {
  const auto cases = cases_for("NIA");
  ASSERT_EQ(cases.size(), 11u);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.id);
    auto mac = nia_mac(nia_of(c.algorithm), c.key, c.input, c.in, c.length_bits);
    ASSERT_TRUE(mac);
    EXPECT_EQ(std::vector<std::uint8_t>(mac->begin(), mac->end()), c.out);
  }
}

TEST(nia_vectors, when_bits_beyond_length_change_then_the_mac_does_not) {
  for (const auto& c : cases_for("NIA")) {
    if (c.length_bits % 8 == 0) continue;
    SCOPED_TRACE(c.id);
    auto message = c.in;
    message.back() ^= static_cast<std::uint8_t>(0xffu >> (c.length_bits % 8));
    auto mac = nia_mac(nia_of(c.algorithm), c.key, c.input, message, c.length_bits);
    ASSERT_TRUE(mac);
    EXPECT_EQ(std::vector<std::uint8_t>(mac->begin(), mac->end()), c.out);
  }
}

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

TEST(nia, empty_messages_have_macs) {
  for (auto algorithm : {nia::nia1, nia::nia2, nia::nia3}) {
    EXPECT_TRUE(nia_mac(algorithm, zero_key, {}, std::span<const std::uint8_t>{}, 0));
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
