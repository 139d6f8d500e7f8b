// The Internet checksum (RFC 1071) against the RFC's own worked example and a
// word-at-a-time reference, over every length and alignment a packet can have.

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <random>
#include <vector>

#include "meridian/common/ip_framing.hpp"

namespace meridian {
namespace {

/// RFC 1071 §1 read literally: 16-bit big-endian words, end-around carry.
std::uint32_t reference_sum(std::span<const std::uint8_t> data, std::uint32_t initial) {
  std::uint64_t sum = initial;
  for (std::size_t i = 0; i < data.size(); i += 2) {
    const std::uint32_t hi = data[i];
    const std::uint32_t lo = i + 1 < data.size() ? data[i + 1] : 0;
    sum += hi << 8 | lo;
    sum = (sum & 0xffff) + (sum >> 16);
  }
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint32_t>(sum);
}

TEST(internet_checksum, when_given_the_rfc_1071_example_then_the_sum_is_ddf2) {
  // RFC 1071 §3: bytes 00 01 f2 03 f4 f5 f6 f7 sum to dd f2 (one's complement, before complementing).
  const std::array<std::uint8_t, 8> bytes{0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
  EXPECT_EQ(internet_checksum_sum(bytes), 0xddf2u);
}

TEST(internet_checksum, when_summed_by_words_then_every_length_offset_and_initial_value_agrees_with_the_reference) {
  std::mt19937 rng(1071);
  std::vector<std::uint8_t> data(1600);
  for (auto& b : data) b = static_cast<std::uint8_t>(rng());
  for (std::size_t offset = 0; offset < 4; ++offset) {
    for (std::size_t length = 0; length + offset <= data.size(); length += (length < 80 ? 1 : 37)) {
      const std::span<const std::uint8_t> s(data.data() + offset, length);
      for (std::uint32_t initial : {0u, 17u, 0xffffu, 0x3fffcu}) {
        ASSERT_EQ(internet_checksum_sum(s, initial), reference_sum(s, initial))
            << "offset " << offset << " length " << length << " initial " << initial;
      }
    }
  }
}

TEST(internet_checksum, when_all_words_are_ones_then_the_sum_stays_ffff_and_zeros_stay_zero) {
  const std::vector<std::uint8_t> ones(64 * 1024, 0xff);
  EXPECT_EQ(internet_checksum_sum(ones), 0xffffu);
  const std::vector<std::uint8_t> zeros(100, 0);
  EXPECT_EQ(internet_checksum_sum(zeros), 0u);
}

}  // namespace
}  // namespace meridian
