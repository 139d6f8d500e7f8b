// ALIGNED PER runtime against encodings worked out by hand from ITU-T X.691.

#include <gtest/gtest.h>

#include <vector>

#include "meridian/asn1/aper.hpp"
#include "meridian/asn1/protocol_ie.hpp"

namespace meridian::asn1 {
namespace {

using bytes = std::vector<std::uint8_t>;

bytes finish(aper_writer& w) {
  EXPECT_TRUE(w.ok()) << w.error().message();
  return std::move(w).finish();
}

bytes constrained(std::uint64_t v, std::uint64_t lb, std::uint64_t ub, bool lead_bit = false) {
  aper_writer w;
  if (lead_bit) w.put_bit(true);
  w.put_constrained(v, lb, ub, "test");
  return finish(w);
}

std::uint64_t read_constrained(const bytes& b, std::uint64_t lb, std::uint64_t ub, bool lead_bit = false) {
  aper_reader r(b);
  bool bit = false;
  if (lead_bit) {
    EXPECT_TRUE(r.get_bit(bit, "lead"));
  }
  std::uint64_t v = 0;
  EXPECT_TRUE(r.get_constrained(v, lb, ub, "test")) << r.error().message();
  return v;
}

TEST(aper_constrained_whole_number, when_range_is_one_then_nothing_is_encoded) {
  aper_writer w;
  w.put_constrained(5, 5, 5, "x");
  EXPECT_EQ(w.bit_size(), 0u);
  EXPECT_EQ(finish(w), bytes{0x00});  // complete encoding of nothing: one zero octet
}

TEST(aper_constrained_whole_number, when_range_is_below_256_then_minimal_bit_field_unaligned) {
  EXPECT_EQ(constrained(5, 0, 7), bytes{0xA0});                    // 101
  EXPECT_EQ(constrained(5, 0, 7, true), bytes{0xD0});              // 1 101
  EXPECT_EQ(constrained(254, 0, 254, true), (bytes{0xFF, 0x00}));  // 1 11111110: 8 bits, not aligned
  EXPECT_EQ(read_constrained(bytes{0xD0}, 0, 7, true), 5u);
}

TEST(aper_constrained_whole_number, when_range_is_256_then_one_aligned_octet) {
  EXPECT_EQ(constrained(0x5A, 0, 255, true), (bytes{0x80, 0x5A}));
  EXPECT_EQ(read_constrained(bytes{0x80, 0x5A}, 0, 255, true), 0x5Au);
}

TEST(aper_constrained_whole_number, when_range_is_up_to_64k_then_two_aligned_octets) {
  EXPECT_EQ(constrained(0x1234, 0, 65535, true), (bytes{0x80, 0x12, 0x34}));
  EXPECT_EQ(constrained(300, 1, 65535), (bytes{0x01, 0x2B}));
  EXPECT_EQ(read_constrained(bytes{0x80, 0x12, 0x34}, 0, 65535, true), 0x1234u);
}

TEST(aper_constrained_whole_number, when_range_exceeds_64k_then_octet_count_and_aligned_octets) {
  // AMF-UE-NGAP-ID INTEGER (0..1099511627775): 3-bit octet count (1..5), then the octets.
  EXPECT_EQ(constrained(1, 0, 1099511627775ULL), (bytes{0x00, 0x01}));
  EXPECT_EQ(constrained(0x0102030405ULL, 0, 1099511627775ULL), (bytes{0x80, 0x01, 0x02, 0x03, 0x04, 0x05}));
  // INTEGER (0..4294967295): 2-bit octet count.
  EXPECT_EQ(constrained(256, 0, 4294967295ULL), (bytes{0x40, 0x01, 0x00}));
  EXPECT_EQ(read_constrained(bytes{0x80, 0x01, 0x02, 0x03, 0x04, 0x05}, 0, 1099511627775ULL), 0x0102030405ULL);
}

TEST(aper_integer, semi_constrained_and_unconstrained) {
  aper_writer w;
  w.put_int(256, semi(0), "x");
  w.put_int(-1, unconstrained(), "y");
  w.put_int(128, unconstrained(), "z");
  EXPECT_EQ(finish(w), (bytes{0x02, 0x01, 0x00, 0x01, 0xFF, 0x02, 0x00, 0x80}));
  const bytes in1 = bytes{0x02, 0x01, 0x00, 0x01, 0xFF, 0x02, 0x00, 0x80};
  aper_reader r(in1);
  std::int64_t a = 0, b = 0, c = 0;
  ASSERT_TRUE(r.get_int(a, semi(0), "x"));
  ASSERT_TRUE(r.get_int(b, unconstrained(), "y"));
  ASSERT_TRUE(r.get_int(c, unconstrained(), "z"));
  EXPECT_EQ(a, 256);
  EXPECT_EQ(b, -1);
  EXPECT_EQ(c, 128);
}

TEST(aper_integer, when_extensible_value_is_outside_root_then_extension_bit_and_unconstrained) {
  aper_writer w;
  w.put_int(3, range_ext(0, 7), "x");
  EXPECT_EQ(finish(w), bytes{0x30});  // 0 011
  aper_writer w2;
  w2.put_int(100, range_ext(0, 7), "x");
  EXPECT_EQ(finish(w2), (bytes{0x80, 0x01, 0x64}));
  const bytes in2 = bytes{0x80, 0x01, 0x64};
  aper_reader r(in2);
  std::int64_t v = 0;
  ASSERT_TRUE(r.get_int(v, range_ext(0, 7), "x"));
  EXPECT_EQ(v, 100);
}

TEST(aper_normally_small, small_and_large_values) {
  aper_writer w;
  w.put_normally_small(5);
  EXPECT_EQ(finish(w), bytes{0x0A});  // 0 000101
  aper_writer w2;
  w2.put_normally_small(64);
  EXPECT_EQ(finish(w2), (bytes{0x80, 0x01, 0x40}));
  const bytes in3 = bytes{0x80, 0x01, 0x40};
  aper_reader r(in3);
  std::uint64_t v = 0;
  ASSERT_TRUE(r.get_normally_small(v, "n"));
  EXPECT_EQ(v, 64u);
}

TEST(aper_enumerated, root_and_extension_values) {
  aper_writer w;
  w.put_enum_index(2, 3, true);
  EXPECT_EQ(finish(w), bytes{0x40});  // 0 10
  aper_writer w2;
  w2.put_enum_index(4, 3, true);       // second extension value
  EXPECT_EQ(finish(w2), bytes{0x81});  // 1 0000001
  const bytes in4 = bytes{0x81};
  aper_reader r(in4);
  std::uint32_t v = 0;
  ASSERT_TRUE(r.get_enum_index(v, 3, true, "e"));
  EXPECT_EQ(v, 4u);
}

TEST(aper_choice, extension_alternative_is_an_open_type) {
  aper_writer w;
  w.put_choice(1, 3, true);
  EXPECT_EQ(finish(w), bytes{0x20});  // 0 01
  aper_writer w2;
  w2.put_bit(true);
  w2.put_unknown_alternative(unknown_extension{0, {0xAB}});
  const bytes b = finish(w2);
  EXPECT_EQ(b, (bytes{0x80, 0x01, 0xAB}));
  aper_reader r(b);
  std::uint32_t i = 0;
  bool ext = false;
  ASSERT_TRUE(r.get_choice(i, 3, true, ext, "c"));
  EXPECT_TRUE(ext);
  EXPECT_EQ(i, 3u);
}

bytes octets_of(std::size_t n) {
  bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(i * 7 + 1);
  return b;
}

// Length determinant as written for an unconstrained OCTET STRING of n octets.
bytes header_of(std::size_t n) {
  aper_writer w;
  w.put_octet_string(octets_of(n), unsized(), "o");
  auto out = finish(w);
  return out;
}

TEST(aper_length_determinant, one_and_two_octet_forms) {
  EXPECT_EQ(header_of(127)[0], 0x7F);
  EXPECT_EQ(header_of(127).size(), 128u);
  const auto b128 = header_of(128);
  EXPECT_EQ(b128[0], 0x80);
  EXPECT_EQ(b128[1], 0x80);
  EXPECT_EQ(b128.size(), 130u);
  const auto b16383 = header_of(16383);
  EXPECT_EQ(b16383[0], 0xBF);
  EXPECT_EQ(b16383[1], 0xFF);
  EXPECT_EQ(b16383.size(), 16385u);
}

struct fragment_case {
  std::size_t n;
  std::vector<std::pair<std::size_t, std::vector<std::uint8_t>>> headers;  // offset -> header octets
  std::size_t total;
};

TEST(aper_length_determinant, fragmentation_beyond_16k) {
  const std::vector<fragment_case> cases = {
      {16384, {{0, {0xC1}}, {1 + 16384, {0x00}}}, 1 + 16384 + 1},
      {65536, {{0, {0xC4}}, {1 + 65536, {0x00}}}, 1 + 65536 + 1},
      {65536 + 100, {{0, {0xC4}}, {1 + 65536, {0x64}}}, 1 + 65536 + 1 + 100},
      {16384 * 5 + 3, {{0, {0xC4}}, {1 + 65536, {0xC1}}, {2 + 81920, {0x03}}}, 2 + 81920 + 1 + 3},
      {16384 * 2 + 200, {{0, {0xC2}}, {1 + 32768, {0x80, 0xC8}}}, 1 + 32768 + 2 + 200},
  };
  for (const auto& c : cases) {
    const auto b = header_of(c.n);
    ASSERT_EQ(b.size(), c.total) << c.n;
    for (const auto& [at, h] : c.headers)
      for (std::size_t k = 0; k < h.size(); ++k) EXPECT_EQ(b[at + k], h[k]) << "n=" << c.n << " at " << at + k;
    aper_reader r(b);
    octet_string v;
    ASSERT_TRUE(r.get_octet_string(v, unsized(), "o")) << r.error().message();
    EXPECT_EQ(v, octets_of(c.n));
    EXPECT_EQ(r.remaining_bits(), 0u);
  }
}

TEST(aper_open_type, long_and_fragmented_values_round_trip) {
  for (std::size_t n : {1u, 127u, 128u, 16383u, 16384u, 70000u}) {
    aper_writer w;
    w.put_bit(true);
    const auto mark = w.open_begin();
    const auto payload = octets_of(n);
    for (auto b : payload) w.put_bits(b, 8);
    w.open_end(mark);
    w.put_bits(0x5, 3);
    const auto b = finish(w);
    aper_reader r(b);
    bool bit = false;
    ASSERT_TRUE(r.get_bit(bit, "lead"));
    aper_reader inner;
    std::vector<std::uint8_t> storage;
    ASSERT_TRUE(r.get_open(inner, storage, "open")) << n;
    EXPECT_EQ(inner.remaining_bits(), n * 8);
    std::uint64_t first = 0;
    ASSERT_TRUE(inner.get_bits(first, 8, "first"));
    EXPECT_EQ(first, payload[0]);
    std::uint64_t tail = 0;
    ASSERT_TRUE(r.get_bits(tail, 3, "tail"));
    EXPECT_EQ(tail, 5u);
  }
}

TEST(aper_open_type, empty_value_is_one_zero_octet) {
  aper_writer w;
  const auto mark = w.open_begin();
  w.open_end(mark);
  EXPECT_EQ(finish(w), (bytes{0x01, 0x00}));
}

TEST(aper_strings, bit_strings_fixed_and_sized) {
  aper_writer w;
  w.put_bit(true);
  w.put_bit_string(bit_string::from_uint(0x3FF, 10), sized(10, 10), "b10");  // not aligned
  EXPECT_EQ(finish(w), (bytes{0xFF, 0xE0}));
  aper_writer w2;
  w2.put_bit(true);
  w2.put_bit_string(bit_string::from_uint(0x12345678, 32), sized(32, 32), "b32");  // aligned
  EXPECT_EQ(finish(w2), (bytes{0x80, 0x12, 0x34, 0x56, 0x78}));
  aper_writer w3;  // gNB-ID BIT STRING (SIZE(22..32)), 25 bits: 4-bit length, aligned bits
  w3.put_bit_string(bit_string::from_uint(1, 25), sized(22, 32), "gnb");
  const auto b3 = finish(w3);
  EXPECT_EQ(b3, (bytes{0x30, 0x00, 0x00, 0x00, 0x80}));
  aper_reader r(b3);
  bit_string v;
  ASSERT_TRUE(r.get_bit_string(v, sized(22, 32), "gnb"));
  EXPECT_EQ(v.length_, 25u);
  EXPECT_EQ(v.to_uint(), 1u);
}

TEST(aper_strings, octet_and_printable_strings) {
  aper_writer w;
  w.put_bit(true);
  w.put_octet_string(bytes{0xAA, 0xBB}, sized(2, 2), "o2");  // not aligned
  EXPECT_EQ(finish(w), (bytes{0xD5, 0x5D, 0x80}));
  aper_writer w2;
  w2.put_bit(true);
  w2.put_octet_string(bytes{1, 2, 3}, sized(3, 3), "o3");  // aligned
  EXPECT_EQ(finish(w2), (bytes{0x80, 1, 2, 3}));
  aper_writer w3;  // AMFName PrintableString (SIZE(1..150, ...))
  w3.put_known_string("abc", sized_ext(1, 150), "AMFName");
  const auto b3 = finish(w3);
  EXPECT_EQ(b3, (bytes{0x01, 0x00, 'a', 'b', 'c'}));
  aper_reader r(b3);
  std::string s;
  ASSERT_TRUE(r.get_known_string(s, sized_ext(1, 150), "AMFName"));
  EXPECT_EQ(s, "abc");
}

TEST(aper_sequence, extension_additions_kept_raw_round_trip) {
  aper_writer w;
  const unknown_extensions ext = {{0, {0x11}}, {2, {0x22, 0x33}}};
  w.put_extensions(ext);
  const auto b = finish(w);
  aper_reader r(b);
  unknown_extensions back;
  ASSERT_TRUE(r.get_extensions(back, "seq"));
  EXPECT_EQ(back, ext);
}

TEST(aper_decoding, when_input_ends_early_then_error_names_type_and_bit_offset) {
  const bytes in5 = bytes{0x80};
  aper_reader r(in5);
  bool b = false;
  ASSERT_TRUE(r.get_bit(b, "lead"));
  std::uint64_t v = 0;
  EXPECT_FALSE(r.get_constrained(v, 0, 65535, "ProtocolIE-ID"));
  EXPECT_EQ(r.error().code, decode_errc::truncated);
  EXPECT_EQ(r.error().what, "ProtocolIE-ID");
  EXPECT_EQ(r.error().bit_offset, 8u);  // after aligning
  EXPECT_NE(r.error().message().find("ProtocolIE-ID"), std::string::npos);
}

TEST(aper_decoding, when_length_exceeds_input_then_truncated_not_overread) {
  for (const bytes& b : {bytes{0x05, 1, 2}, bytes{0x80}, bytes{0xC1, 0}, bytes{0xC5}, bytes{}}) {
    aper_reader r(b);
    octet_string v;
    EXPECT_FALSE(r.get_octet_string(v, unsized(), "o"));
    aper_reader r2(b);
    aper_reader inner;
    std::vector<std::uint8_t> storage;
    EXPECT_FALSE(r2.get_open(inner, storage, "open"));
  }
}

TEST(aper_decoding, when_constrained_value_exceeds_range_then_invalid_value) {
  const bytes in6 = bytes{0xF0};
  aper_reader r(in6);
  std::uint64_t v = 0;
  EXPECT_FALSE(r.get_constrained(v, 0, 4, "x"));  // 3 bits: 7 > 4
  EXPECT_EQ(r.error().code, decode_errc::invalid_value);
}

struct demo {
  std::optional<std::int64_t> a_;
  std::optional<std::string> b_;
  ie_extras extras_;
};
constexpr ie_spec demo_specs[] = {{10, ie_criticality::reject, true, "A"}, {20, ie_criticality::ignore, false, "B"}};
void demo_enc(aper_writer& w, const demo& v, std::size_t i) {
  if (i == 0) w.put_int(*v.a_, range(0, 255), "A");
  if (i == 1) w.put_utf8_string(*v.b_);
}
bool demo_dec(aper_reader& r, demo& v, std::size_t i) {
  if (i == 0) return r.get_int(v.a_.emplace(), range(0, 255), "A");
  return r.get_utf8_string(v.b_.emplace(), "B");
}
constexpr auto demo_table = make_ie_set<demo, demo_enc, demo_dec>(demo_specs, "Demo", sized(0, 65535));

TEST(protocol_ie_container, when_peer_uses_other_order_and_criticality_then_reencoding_is_identical) {
  // B (id 20, criticality notify) before A (id 10), plus an unknown IE 99.
  const bytes wire = {0x00, 0x03,                         // 3 IEs
                      0x00, 0x14, 0x80, 0x02, 0x01, 'x',  // id 20, notify, open(2): "x"
                      0x00, 0x63, 0x40, 0x01, 0xEE,       // id 99, ignore, open(1)
                      0x00, 0x0A, 0x00, 0x01, 0x07};      // id 10, reject, open(1): 7
  demo d;
  bool seen[2];
  aper_reader r(wire);
  ASSERT_TRUE(decode_ie_container(r, demo_table, seen, d)) << r.error().message();
  EXPECT_EQ(*d.a_, 7);
  EXPECT_EQ(*d.b_, "x");
  ASSERT_EQ(d.extras_.unknown_.size(), 1u);
  aper_writer w;
  const bool present[2] = {true, true};
  encode_ie_container(w, demo_table, present, d);
  EXPECT_EQ(std::move(w).finish(), wire);
}

TEST(protocol_ie_container, when_mandatory_ie_is_missing_then_error_names_it) {
  const bytes wire = {0x00, 0x01, 0x00, 0x14, 0x40, 0x02, 0x01, 'x'};
  demo d;
  bool seen[2];
  aper_reader r(wire);
  EXPECT_FALSE(decode_ie_container(r, demo_table, seen, d));
  EXPECT_EQ(r.error().code, decode_errc::missing_mandatory_ie);
  EXPECT_EQ(r.error().what, "A");
}

}  // namespace
}  // namespace meridian::asn1
