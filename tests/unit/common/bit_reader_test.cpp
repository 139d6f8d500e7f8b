#include <gtest/gtest.h>

#include <vector>

#include "meridian/common/bit_reader.hpp"

using namespace meridian;

TEST(bit_reader, reads_fields_across_octet_boundaries_msb_first) {
  const std::vector<std::uint8_t> in{0b1010'1100, 0b0101'1111};
  bit_reader r(in);
  EXPECT_EQ(*r.read(3), 0b101u);
  EXPECT_EQ(*r.read(7), 0b01100'01u);
  EXPECT_EQ(r.bit_offset(), 10u);
  EXPECT_EQ(*r.read(6), 0b01'1111u);
  EXPECT_EQ(r.remaining_bits(), 0u);
}

TEST(bit_reader, when_bits_run_out_then_truncated_with_byte_offset) {
  const std::vector<std::uint8_t> in{0xff, 0xff};
  for (unsigned start = 0; start <= 16; ++start) {
    bit_reader r(in);
    ASSERT_TRUE(r.read(start));
    auto v = r.read(17 - start);
    ASSERT_FALSE(v) << start;
    EXPECT_EQ(v.error().code, decode_errc::truncated);
    EXPECT_EQ(v.error().offset, start / 8);
  }
  bit_reader r(in);
  EXPECT_FALSE(r.read(65)) << "more than 64 bits at once is refused";
}

TEST(bit_reader, reads_64_bits_and_aligns) {
  const std::vector<std::uint8_t> in{0x80, 0, 0, 0, 0, 0, 0, 0, 0x80, 0xaa};
  bit_reader r(in);
  EXPECT_EQ(*r.read(64), 0x8000000000000000ull);
  EXPECT_TRUE(*r.read_bit());
  r.align();
  EXPECT_EQ(r.bit_offset(), 72u);
  EXPECT_EQ(*r.read(8), 0xaau);
}

TEST(bit_writer, writes_and_pads_to_octets) {
  bit_writer w;
  w.write(0b101, 3);
  w.write(0b01100'01, 7);
  w.write_bit(true);
  EXPECT_EQ(w.bit_size(), 11u);
  w.align();
  w.write(0xab, 8);
  EXPECT_EQ(w.bytes(), (std::vector<std::uint8_t>{0b1010'1100, 0b0110'0000, 0xab}));
}

TEST(bit_writer, round_trips_through_bit_reader) {
  bit_writer w;
  for (unsigned width = 1; width <= 64; ++width) w.write(width == 64 ? ~0ull : (1ull << width) - 1 - width / 2, width);
  bit_reader r(w.bytes());
  for (unsigned width = 1; width <= 64; ++width)
    EXPECT_EQ(*r.read(width), width == 64 ? ~0ull : (1ull << width) - 1 - width / 2) << width;
}
