#include "meridian/upf/five_tuple.hpp"

#include <gtest/gtest.h>

#include "upf/test_packets.hpp"

namespace meridian::upf {
namespace {

TEST(five_tuple, when_packet_is_udp_then_addresses_protocol_and_ports_are_read) {
  const auto p = test::ipv4_packet({});
  auto t = parse_five_tuple(p);
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->source_, ipv4_from_octets(10, 45, 0, 2));
  EXPECT_EQ(t->destination_, ipv4_from_octets(198, 51, 100, 7));
  EXPECT_EQ(t->protocol_, 17);
  EXPECT_TRUE(t->has_ports_);
  EXPECT_EQ(t->source_port_, 40000);
  EXPECT_EQ(t->destination_port_, 53);
  EXPECT_EQ(t->total_length_, p.size());
}

TEST(five_tuple, when_packet_is_icmp_then_it_has_no_ports) {
  test::packet_spec s;
  s.protocol_ = 1;
  auto t = parse_five_tuple(test::ipv4_packet(s));
  ASSERT_TRUE(t.has_value());
  EXPECT_FALSE(t->has_ports_);
}

TEST(five_tuple, when_packet_is_a_later_fragment_then_ports_are_not_read) {
  test::packet_spec s;
  s.fragment_offset_ = 185;
  auto t = parse_five_tuple(test::ipv4_packet(s));
  ASSERT_TRUE(t.has_value());
  EXPECT_FALSE(t->has_ports_);
}

TEST(five_tuple, when_buffer_has_link_padding_then_total_length_bounds_the_packet) {
  auto p = test::ipv4_packet({});
  const std::size_t real = p.size();
  p.resize(real + 6, 0xee);
  auto t = parse_five_tuple(p);
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->total_length_, real);
}

TEST(five_tuple, when_version_is_not_4_then_it_is_an_invalid_value) {
  auto p = test::ipv4_packet({});
  p[0] = 0x60;
  auto t = parse_five_tuple(p);
  ASSERT_FALSE(t.has_value());
  EXPECT_EQ(t.error().code, decode_errc::invalid_value);
}

TEST(five_tuple, when_ihl_is_below_5_then_it_is_an_invalid_length) {
  auto p = test::ipv4_packet({});
  p[0] = 0x44;
  auto t = parse_five_tuple(p);
  ASSERT_FALSE(t.has_value());
  EXPECT_EQ(t.error().code, decode_errc::invalid_length);
}

TEST(five_tuple, when_ihl_runs_past_total_length_then_it_is_rejected) {
  auto p = test::ipv4_packet({});
  p[0] = 0x4f;  // 60-byte header
  p[2] = 0;
  p[3] = 40;
  auto t = parse_five_tuple(p);
  ASSERT_FALSE(t.has_value());
  EXPECT_EQ(t.error().code, decode_errc::invalid_length);
}

TEST(five_tuple, when_total_length_claims_more_than_the_buffer_then_it_is_truncated) {
  auto p = test::ipv4_packet({});
  p[2] = 0x05;
  auto t = parse_five_tuple(p);
  ASSERT_FALSE(t.has_value());
  EXPECT_EQ(t.error().code, decode_errc::truncated);
}

TEST(five_tuple, when_udp_header_is_cut_before_the_ports_then_it_is_truncated) {
  test::packet_spec s;
  s.payload_ = 0;
  auto p = test::ipv4_packet(s);
  p.resize(22);
  p[2] = 0;
  p[3] = 22;
  auto t = parse_five_tuple(p);
  ASSERT_FALSE(t.has_value());
  EXPECT_EQ(t.error().code, decode_errc::truncated);
}

TEST(five_tuple, when_packet_is_cut_at_every_byte_then_nothing_crashes) {
  const auto p = test::ipv4_packet({});
  for (std::size_t n = 0; n < p.size(); ++n) {
    auto t = parse_five_tuple(std::span<const std::uint8_t>(p.data(), n));
    EXPECT_FALSE(t.has_value()) << "length " << n;
  }
}

TEST(five_tuple, when_bytes_are_random_then_parse_returns_a_value_or_an_error) {
  std::uint32_t x = 12345;
  std::vector<std::uint8_t> buf(64);
  for (int round = 0; round < 20000; ++round) {
    for (auto& b : buf) {
      x = x * 1664525u + 1013904223u;
      b = static_cast<std::uint8_t>(x >> 24);
    }
    buf[0] = static_cast<std::uint8_t>(0x40 | (buf[0] & 0x0f));
    auto t = parse_five_tuple(std::span<const std::uint8_t>(buf.data(), x % 65));
    if (t) {
      EXPECT_LE(t->total_length_, x % 65);
    }
  }
}

}  // namespace
}  // namespace meridian::upf
