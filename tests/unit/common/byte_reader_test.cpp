#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "meridian/common/byte_reader.hpp"

using namespace meridian;

namespace {
const std::array<std::uint8_t, 8> eight{0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef};
}

TEST(byte_reader, reads_big_endian_integers_of_every_width) {
  byte_reader r(eight);
  EXPECT_EQ(*r.u8(), 0x01);
  EXPECT_EQ(*r.u16(), 0x2345);
  EXPECT_EQ(*r.u24(), 0x6789abu);
  EXPECT_EQ(r.remaining(), 2u);
  EXPECT_EQ(*r.u16(), 0xcdef);
  EXPECT_TRUE(r.empty());

  EXPECT_EQ(*byte_reader(eight).u32(), 0x01234567u);
  EXPECT_EQ(*byte_reader(eight).u40(), 0x0123456789ull);
  EXPECT_EQ(*byte_reader(eight).u48(), 0x0123456789abull);
  EXPECT_EQ(*byte_reader(eight).u64(), 0x0123456789abcdefull);
}

TEST(byte_reader, reads_maximum_values) {
  const std::vector<std::uint8_t> ff(8, 0xff);
  EXPECT_EQ(*byte_reader(ff).u8(), 0xffu);
  EXPECT_EQ(*byte_reader(ff).u16(), 0xffffu);
  EXPECT_EQ(*byte_reader(ff).u24(), 0xffffffu);
  EXPECT_EQ(*byte_reader(ff).u32(), 0xffffffffu);
  EXPECT_EQ(*byte_reader(ff).u40(), 0xffffffffffull);
  EXPECT_EQ(*byte_reader(ff).u48(), 0xffffffffffffull);
  EXPECT_EQ(*byte_reader(ff).u64(), 0xffffffffffffffffull);
}

// Every read of every width, at every input length shorter than it needs,
// reports truncation at the right offset and consumes nothing.
TEST(byte_reader, when_input_is_short_at_every_length_then_reads_fail_with_truncated_and_offset) {
  using reader_fn = bool (*)(byte_reader&);
  struct read_case {
    std::size_t width;
    reader_fn fn;
  };
  const read_case cases[] = {
      {1, [](byte_reader& r) { return r.u8().has_value(); }},
      {2, [](byte_reader& r) { return r.u16().has_value(); }},
      {3, [](byte_reader& r) { return r.u24().has_value(); }},
      {4, [](byte_reader& r) { return r.u32().has_value(); }},
      {5, [](byte_reader& r) { return r.u40().has_value(); }},
      {6, [](byte_reader& r) { return r.u48().has_value(); }},
      {8, [](byte_reader& r) { return r.u64().has_value(); }},
      {7, [](byte_reader& r) { return r.bytes(7).has_value(); }},
      {7, [](byte_reader& r) { return r.skip(7).has_value(); }},
      {7, [](byte_reader& r) { return r.sub(7).has_value(); }},
  };
  for (const auto& c : cases) {
    for (std::size_t len = 0; len < c.width; ++len) {
      byte_reader r{std::span<const std::uint8_t>(eight).first(len), 100};
      EXPECT_FALSE(c.fn(r)) << "width " << c.width << " len " << len;
      EXPECT_EQ(r.offset(), 100u) << "a failed read must consume nothing";
      EXPECT_EQ(r.remaining(), len);
    }
    byte_reader exact{std::span<const std::uint8_t>(eight).first(c.width)};
    EXPECT_TRUE(c.fn(exact)) << "width " << c.width;
    EXPECT_TRUE(exact.empty());
  }
}

TEST(byte_reader, truncation_error_names_field_and_absolute_offset) {
  byte_reader r(eight, 10);
  ASSERT_TRUE(r.skip(6));
  auto v = r.u32("TEID");
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().code, decode_errc::truncated);
  EXPECT_EQ(v.error().offset, 16u);
  EXPECT_EQ(v.error().what, "TEID");
  EXPECT_EQ(v.error().message(), "truncated at byte 16 (TEID)");
}

TEST(byte_reader, sub_reader_keeps_absolute_offsets_and_stays_inside_its_window) {
  byte_reader r(eight);
  ASSERT_TRUE(r.skip(2));
  auto sub = r.sub(3);
  ASSERT_TRUE(sub);
  EXPECT_EQ(r.offset(), 5u);
  EXPECT_EQ(sub->offset(), 2u);
  EXPECT_EQ(*sub->u16(), 0x4567);
  auto past = sub->u16();
  ASSERT_FALSE(past) << "the window ends after 3 bytes even though the input goes on";
  EXPECT_EQ(past.error().offset, 4u);
  EXPECT_EQ(*sub->u8(), 0x89);
}

TEST(byte_reader, peek_does_not_consume_and_fails_on_empty) {
  byte_reader r(eight);
  EXPECT_EQ(*r.peek_u8(), 0x01);
  EXPECT_EQ(r.offset(), 0u);
  byte_reader empty(std::span<const std::uint8_t>{});
  EXPECT_FALSE(empty.peek_u8());
}

TEST(byte_reader, rest_consumes_everything_and_expect_end_reports_trailing_bytes) {
  byte_reader r(eight);
  ASSERT_TRUE(r.u8());
  auto e = r.expect_end("message");
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, decode_errc::trailing_bytes);
  EXPECT_EQ(e.error().offset, 1u);
  EXPECT_EQ(r.rest().size(), 7u);
  EXPECT_TRUE(r.expect_end());
  EXPECT_TRUE(r.rest().empty());
}

TEST(byte_reader, bytes_returns_a_view_into_the_input) {
  byte_reader r(eight);
  auto b = r.bytes(3);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->data(), eight.data());
  EXPECT_EQ(b->size(), 3u);
  EXPECT_TRUE(r.bytes(0));
}

TEST(bits, extracts_fields_numbered_from_the_most_significant_bit) {
  EXPECT_EQ(bits(0b1011'0110, 7, 4), 0b1011);
  EXPECT_EQ(bits(0b1011'0110, 3, 4), 0b0110);
  EXPECT_EQ(bits(0b1011'0110, 0, 1), 0);
  EXPECT_EQ(bits(0b1011'0110, 7, 8), 0b1011'0110);
  EXPECT_EQ(bits(0xff, 5, 3), 0b111);
}
