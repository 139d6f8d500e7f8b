// SNOW 3G keystream against ETSI/SAGE UEA2&UIA2 Document 3 (tests/vectors/nea_nia.json).

#include <gtest/gtest.h>

#include <cctype>
#include <cstdint>
#include <string>

#include "../support/vectors.hpp"
#include "meridian/crypto/snow3g.hpp"

using namespace meridian::crypto;

namespace {
/// Four 32-bit words in the order the hex lists them.
std::array<std::uint32_t, 4> words(const std::vector<std::uint8_t>& b) {
  std::array<std::uint32_t, 4> w{};
  for (std::size_t i = 0; i < 4 && 4 * i + 3 < b.size(); ++i)
    w[i] = (std::uint32_t{b[4 * i]} << 24) | (std::uint32_t{b[4 * i + 1]} << 16) | (std::uint32_t{b[4 * i + 2]} << 8) |
           b[4 * i + 3];
  return w;
}

std::vector<nlohmann::json> keystream_vectors() {
  std::vector<nlohmann::json> out;
  for (const auto& v : meridian::test::load_vectors("nea_nia.json"))
    if (v.at("algorithm") == "SNOW3G-keystream") out.push_back(v);
  return out;
}

/// The vector's id as a test name: every character outside [A-Za-z0-9] becomes '_'.
using meridian::test::vector_name;

/// One ctest case per Document 3 keystream set.
class snow3g_vector : public ::testing::TestWithParam<nlohmann::json> {};
}  // namespace

TEST(snow3g, vector_file_holds_two_keystream_sets) { EXPECT_EQ(keystream_vectors().size(), 2u); }

TEST_P(snow3g_vector, keystream_matches_the_official_set) {
  const auto& v = GetParam();
  // Document 3 lists the key as k0, k1, k2, k3 and the IV as IV0..IV3.
  snow3g generator(words(meridian::test::hex_bytes(v.at("key").get<std::string>())),
                   words(meridian::test::hex_bytes(v.at("iv").get<std::string>())));
  for (const auto& expected : v.at("keystream_words_first")) {
    EXPECT_EQ(generator.next(), static_cast<std::uint32_t>(std::stoul(expected.get<std::string>(), nullptr, 16)));
  }
}

INSTANTIATE_TEST_SUITE_P(document_3, snow3g_vector, ::testing::ValuesIn(keystream_vectors()), vector_name);

TEST(snow3g, keystream_of_a_span_continues_next) {
  const std::array<std::uint32_t, 4> k = {1, 2, 3, 4}, iv = {5, 6, 7, 8};
  snow3g a(k, iv), b(k, iv);
  std::array<std::uint32_t, 8> block{};
  a.keystream(block);
  for (auto w : block) EXPECT_EQ(w, b.next());
  EXPECT_EQ(a.next(), b.next());
}

TEST(snow3g, different_ivs_give_different_keystreams) {
  const std::array<std::uint32_t, 4> k = {1, 2, 3, 4};
  snow3g a(k, {0, 0, 0, 0}), b(k, {0, 0, 0, 1});
  EXPECT_NE(a.next(), b.next());
}
