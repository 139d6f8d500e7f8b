// ZUC keystream against ETSI/SAGE 128-EEA3&128-EIA3 Document 3 (tests/vectors/nea_nia.json).

#include <gtest/gtest.h>

#include <cctype>
#include <cstdint>
#include <string>

#include "../support/vectors.hpp"
#include "meridian/crypto/zuc.hpp"

using namespace meridian::crypto;

namespace {

std::vector<nlohmann::json> keystream_vectors() {
  std::vector<nlohmann::json> out;
  for (const auto& v : meridian::test::load_vectors("nea_nia.json"))
    if (v.at("algorithm") == "ZUC-keystream") out.push_back(v);
  return out;
}

/// The vector's id as a test name: every character outside [A-Za-z0-9] becomes '_'.
using meridian::test::vector_name;

/// One ctest case per Document 3 keystream set.
class zuc_vector : public ::testing::TestWithParam<nlohmann::json> {};

}  // namespace

TEST(zuc, vector_file_holds_two_keystream_sets) { EXPECT_EQ(keystream_vectors().size(), 2u); }

TEST_P(zuc_vector, keystream_matches_the_official_set) {
  const auto& v = GetParam();
  const auto key = meridian::test::hex_bytes(v.at("key").get<std::string>());
  const auto iv = meridian::test::hex_bytes(v.at("iv").get<std::string>());
  ASSERT_EQ(key.size(), 16u);
  ASSERT_EQ(iv.size(), 16u);
  zuc generator(std::span<const std::uint8_t, 16>(key.data(), 16), std::span<const std::uint8_t, 16>(iv.data(), 16));
  for (const auto& expected : v.at("keystream_words_first")) {
    EXPECT_EQ(generator.next(), static_cast<std::uint32_t>(std::stoul(expected.get<std::string>(), nullptr, 16)));
  }
}

INSTANTIATE_TEST_SUITE_P(document_3, zuc_vector, ::testing::ValuesIn(keystream_vectors()), vector_name);

TEST(zuc, keystream_of_a_span_continues_next) {
  const std::array<std::uint8_t, 16> key{1, 2, 3}, iv{4, 5, 6};
  zuc a(key, iv), b(key, iv);
  std::array<std::uint32_t, 8> block{};
  a.keystream(block);
  for (auto w : block) EXPECT_EQ(w, b.next());
  EXPECT_EQ(a.next(), b.next());
}
