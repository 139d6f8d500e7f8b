// ZUC keystream against ETSI/SAGE 128-EEA3&128-EIA3 Document 3 (tests/vectors/nea_nia.json).

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "../support/vectors.hpp"
#include "meridian/crypto/zuc.hpp"

using namespace meridian::crypto;

TEST(zuc, keystream_matches_the_official_sets) {
  int sets = 0;
  for (const auto& v : meridian::test::load_vectors("nea_nia.json")) {
    if (v.at("algorithm") != "ZUC-keystream") continue;
    SCOPED_TRACE(v.at("id").get<std::string>());
    ++sets;
    const auto key = meridian::test::hex_bytes(v.at("key").get<std::string>());
    const auto iv = meridian::test::hex_bytes(v.at("iv").get<std::string>());
    ASSERT_EQ(key.size(), 16u);
    ASSERT_EQ(iv.size(), 16u);
    zuc generator(std::span<const std::uint8_t, 16>(key.data(), 16), std::span<const std::uint8_t, 16>(iv.data(), 16));
    for (const auto& expected : v.at("keystream_words_first")) {
      EXPECT_EQ(generator.next(), static_cast<std::uint32_t>(std::stoul(expected.get<std::string>(), nullptr, 16)));
    }
  }
  EXPECT_EQ(sets, 2);
}

TEST(zuc, keystream_of_a_span_continues_next) {
  const std::array<std::uint8_t, 16> key{1, 2, 3}, iv{4, 5, 6};
  zuc a(key, iv), b(key, iv);
  std::array<std::uint32_t, 8> block{};
  a.keystream(block);
  for (auto w : block) EXPECT_EQ(w, b.next());
  EXPECT_EQ(a.next(), b.next());
}
