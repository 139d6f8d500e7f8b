#include <gtest/gtest.h>

#include <vector>

#include "meridian/common/byte_reader.hpp"
#include "meridian/common/byte_writer.hpp"

using namespace meridian;
using bytes = std::vector<std::uint8_t>;

TEST(byte_writer, writes_big_endian_integers_of_every_width) {
  byte_writer w;
  w.u8(0x01);
  w.u16(0x0203);
  w.u24(0x040506);
  w.u32(0x0708090a);
  w.u40(0x0b0c0d0e0full);
  w.u48(0x101112131415ull);
  w.u64(0x161718191a1b1c1dull);
  auto out = std::move(w).finish();
  ASSERT_TRUE(out);
  bytes expected;
  for (std::uint8_t i = 1; i <= 0x1d; ++i) expected.push_back(i);
  EXPECT_EQ(*out, expected);
}

TEST(byte_writer, writes_maximum_values_and_reads_them_back) {
  byte_writer w;
  w.u24(0xffffff);
  w.u40(0xffffffffffull);
  w.u48(0xffffffffffffull);
  w.u64(~0ull);
  auto out = std::move(w).finish();
  ASSERT_TRUE(out);
  byte_reader r(*out);
  EXPECT_EQ(*r.u24(), 0xffffffu);
  EXPECT_EQ(*r.u40(), 0xffffffffffull);
  EXPECT_EQ(*r.u48(), 0xffffffffffffull);
  EXPECT_EQ(*r.u64(), ~0ull);
  EXPECT_TRUE(r.empty());
}

TEST(byte_writer, when_value_does_not_fit_its_width_then_finish_reports_it) {
  byte_writer w;
  w.u24(0x1000000, "Sequence number");
  auto out = std::move(w).finish();
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code, encode_errc::value_out_of_range);
  EXPECT_EQ(out.error().what, "Sequence number");
}

TEST(byte_writer, length_placeholder_counts_octets_written_after_it) {
  byte_writer w;
  w.u8(0x7e);
  {
    auto len = w.length(2);
    w.bytes(bytes{1, 2, 3});
  }
  w.u8(0xff);
  EXPECT_EQ(*std::move(w).finish(), (bytes{0x7e, 0x00, 0x03, 1, 2, 3, 0xff}));
}

TEST(byte_writer, nested_placeholders_fill_each_level) {
  byte_writer w;
  {
    auto outer = w.length(2);
    w.u8(0xaa);
    {
      auto inner = w.length(1);
      w.u16(0x0102);
      { auto innermost = w.length(1); }
    }
    w.u8(0xbb);
  }
  // outer: aa + [02 01 02 + [00]] + bb = 1 + 1 + 2 + 1 + 1 = 6
  EXPECT_EQ(*std::move(w).finish(), (bytes{0x00, 0x06, 0xaa, 0x03, 0x01, 0x02, 0x00, 0xbb}));
}

TEST(byte_writer, explicit_close_stops_counting_and_adjust_is_added) {
  byte_writer w;
  auto len = w.length(1, "", 2);
  w.u8(1);
  len.close();
  w.u8(2);
  len.close();  // closing twice changes nothing
  EXPECT_EQ(*std::move(w).finish(), (bytes{0x03, 0x01, 0x02}));
}

TEST(byte_writer, when_content_outgrows_its_length_field_then_finish_reports_overflow) {
  byte_writer w;
  {
    auto len = w.length(1, "NSSAI");
    w.fill(256, 0);
  }
  auto out = std::move(w).finish();
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code, encode_errc::length_overflow);
  EXPECT_EQ(out.error().what, "NSSAI");
}

TEST(byte_writer, maximum_length_for_the_field_width_is_accepted) {
  byte_writer w;
  {
    auto len = w.length(1);
    w.fill(255, 0x5a);
  }
  auto out = std::move(w).finish();
  ASSERT_TRUE(out);
  EXPECT_EQ((*out)[0], 0xff);
  EXPECT_EQ(out->size(), 256u);
}

TEST(byte_writer, first_error_wins) {
  byte_writer w;
  w.u24(0x1000000, "first");
  w.u40(1ull << 40, "second");
  EXPECT_FALSE(w.ok());
  EXPECT_EQ(w.error()->what, "first");
}
