#include "meridian/upf/gso_segmenter.hpp"

#include <vector>

#include <gtest/gtest.h>

#include "meridian/common/ip_framing.hpp"
#include "meridian/upf/five_tuple.hpp"

namespace meridian::upf {
namespace {

using transport::gso_info;

std::uint16_t fold(std::uint32_t s) {
  while (s >> 16) s = (s & 0xffff) + (s >> 16);
  return static_cast<std::uint16_t>(s);
}
std::uint16_t u16(std::span<const std::uint8_t> p, std::size_t at) {
  return static_cast<std::uint16_t>(p[at] << 8 | p[at + 1]);
}
std::uint32_t u32(std::span<const std::uint8_t> p, std::size_t at) {
  return std::uint32_t{u16(p, at)} << 16 | u16(p, at + 2);
}

/// True when the IPv4 header and transport checksums of `ip` verify.
bool checksums_verify(std::span<const std::uint8_t> ip) {
  if (fold(internet_checksum_sum(ip.first(20))) != 0xffff) return false;
  std::uint32_t sum = internet_checksum_sum(ip.subspan(12, 8));
  sum += ip[9];
  sum += static_cast<std::uint32_t>(ip.size() - 20);
  return fold(internet_checksum_sum(ip.subspan(20), sum)) == 0xffff;
}

/// An IPv4 packet with a 20-byte header and the given transport header + payload.
std::vector<std::uint8_t> ipv4(std::uint8_t protocol, std::vector<std::uint8_t> l4) {
  std::vector<std::uint8_t> p(20, 0);
  p[0] = 0x45;
  const std::size_t total = 20 + l4.size();
  p[2] = static_cast<std::uint8_t>(total >> 8);
  p[3] = static_cast<std::uint8_t>(total);
  p[4] = 0x12;
  p[5] = 0x34;
  p[8] = 64;
  p[9] = protocol;
  const std::uint8_t addresses[8] = {10, 45, 0, 2, 198, 51, 100, 7};
  std::copy(addresses, addresses + 8, p.begin() + 12);
  p.insert(p.end(), l4.begin(), l4.end());
  return p;
}

std::vector<std::uint8_t> payload(std::size_t n) {
  std::vector<std::uint8_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::uint8_t>(i * 7 + 3);
  return v;
}

std::vector<std::uint8_t> tcp_super_packet(std::size_t data) {
  std::vector<std::uint8_t> tcp(20, 0);
  tcp[0] = 0x9c;  // ports 40000 → 443
  tcp[1] = 0x40;
  tcp[2] = 0x01;
  tcp[3] = 0xbb;
  tcp[4] = 0x00;  // sequence 0x00fffff0: wraps the 24-bit boundary
  tcp[5] = 0xff;
  tcp[6] = 0xff;
  tcp[7] = 0xf0;
  tcp[12] = 0x50;
  tcp[13] = 0x19;  // FIN PSH ACK
  const auto d = payload(data);
  tcp.insert(tcp.end(), d.begin(), d.end());
  return ipv4(6, tcp);
}

TEST(gso_segmenter, when_a_tcp_super_packet_is_segmented_then_each_segment_is_a_valid_packet_in_sequence) {
  const auto super = tcp_super_packet(3500);
  gso_info g;
  g.gso_type_ = gso_info::gso_tcpv4;
  g.gso_size_ = 1400;
  g.needs_checksum_ = true;
  std::vector<std::uint8_t> out(3 * 1600, 0xaa);
  auto r = segment_gso_packet(super, g, out, {.headroom_ = 16, .stride_ = 1600});
  ASSERT_TRUE(r.has_value()) << r.error().message();
  ASSERT_EQ(r->count_, 3u);
  EXPECT_EQ(r->segment_length_, 1440u);
  EXPECT_EQ(r->last_length_, 740u);

  std::vector<std::uint8_t> data;
  for (std::size_t i = 0; i < 3; ++i) {
    const std::size_t length = i < 2 ? 1440 : 740;
    std::span<const std::uint8_t> seg(out.data() + i * 1600 + 16, length);
    EXPECT_EQ(out[i * 1600], 0xaa) << "headroom untouched";
    EXPECT_EQ(u16(seg, 2), length);
    EXPECT_EQ(u16(seg, 4), 0x1234 + i);
    EXPECT_EQ(u32(seg, 24), 0x00fffff0u + 1400 * i);
    EXPECT_EQ(seg[33], i < 2 ? 0x10 : 0x19) << "FIN/PSH only on the last segment";
    EXPECT_TRUE(checksums_verify(seg)) << "segment " << i;
    data.insert(data.end(), seg.begin() + 40, seg.end());
  }
  EXPECT_EQ(data, payload(3500));
}

TEST(gso_segmenter, when_a_udp_super_packet_is_segmented_then_each_datagram_has_its_length_and_checksum) {
  std::vector<std::uint8_t> udp{0x9c, 0x40, 0x11, 0x94, 0, 0, 0, 0};
  const auto d = payload(4500);
  udp.insert(udp.end(), d.begin(), d.end());
  auto super = ipv4(17, udp);
  gso_info g;
  g.gso_type_ = gso_info::gso_udp_l4;
  g.gso_size_ = 1000;
  std::vector<std::uint8_t> out(8192);
  auto r = segment_gso_packet(super, g, out, {.headroom_ = 8, .stride_ = 0});
  ASSERT_TRUE(r.has_value()) << r.error().message();
  ASSERT_EQ(r->count_, 5u);
  EXPECT_EQ(r->stride_, 8 + 1028u);  // the layout one UDP GSO send of GTP-U packets wants
  for (std::size_t i = 0; i < 5; ++i) {
    const std::size_t length = i < 4 ? 1028 : 528;
    std::span<const std::uint8_t> seg(out.data() + i * r->stride_ + 8, length);
    EXPECT_EQ(u16(seg, 24), length - 20);
    EXPECT_TRUE(checksums_verify(seg)) << "datagram " << i;
    auto t = parse_five_tuple(seg);
    ASSERT_TRUE(t.has_value());
    EXPECT_EQ(t->destination_port_, 4500);
  }
}

TEST(gso_segmenter, when_a_plain_packet_has_a_partial_checksum_then_it_is_completed) {
  std::vector<std::uint8_t> udp{0x9c, 0x40, 0x00, 0x35, 0, 8 + 10, 0, 0};
  const auto d = payload(10);
  udp.insert(udp.end(), d.begin(), d.end());
  auto packet = ipv4(17, udp);
  // What the kernel leaves: the pseudo-header sum, not complemented.
  std::uint32_t pseudo = internet_checksum_sum(std::span(packet).subspan(12, 8)) + 17 + 18;
  packet[26] = static_cast<std::uint8_t>(fold(pseudo) >> 8);
  packet[27] = static_cast<std::uint8_t>(fold(pseudo));
  // And a valid IP header checksum, as the kernel would have it.
  const std::uint16_t hc = static_cast<std::uint16_t>(~fold(internet_checksum_sum(std::span(packet).first(20))));
  packet[10] = static_cast<std::uint8_t>(hc >> 8);
  packet[11] = static_cast<std::uint8_t>(hc);

  gso_info g;
  g.needs_checksum_ = true;
  g.checksum_start_ = 20;
  g.checksum_offset_ = 6;
  std::vector<std::uint8_t> out(100);
  auto r = segment_gso_packet(packet, g, out, {.headroom_ = 0, .stride_ = 0});
  ASSERT_TRUE(r.has_value()) << r.error().message();
  EXPECT_EQ(r->count_, 1u);
  EXPECT_TRUE(checksums_verify(std::span(out).first(packet.size())));
}

TEST(gso_segmenter, when_output_is_too_small_then_nothing_is_written_past_it) {
  const auto super = tcp_super_packet(3000);
  gso_info g;
  g.gso_type_ = gso_info::gso_tcpv4;
  g.gso_size_ = 1000;
  std::vector<std::uint8_t> out(2000);
  auto r = segment_gso_packet(super, g, out, {.headroom_ = 0, .stride_ = 0});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, decode_errc::invalid_length);
  r = segment_gso_packet(super, g, std::span(out).first(0), {.headroom_ = 0, .stride_ = 10});
  ASSERT_FALSE(r.has_value());
}

TEST(gso_segmenter, when_gso_type_does_not_fit_the_packet_then_it_is_unsupported) {
  const auto super = tcp_super_packet(3000);
  gso_info g;
  g.gso_type_ = gso_info::gso_tcpv6;
  g.gso_size_ = 1000;
  std::vector<std::uint8_t> out(8192);
  EXPECT_EQ(segment_gso_packet(super, g, out, {}).error().code, decode_errc::unsupported);
  g.gso_type_ = gso_info::gso_udp_l4;  // a TCP packet
  EXPECT_EQ(segment_gso_packet(super, g, out, {}).error().code, decode_errc::unsupported);
  g.gso_type_ = gso_info::gso_tcpv4;
  g.gso_size_ = 0;
  EXPECT_EQ(segment_gso_packet(super, g, out, {}).error().code, decode_errc::invalid_value);
}

TEST(gso_segmenter, when_the_packet_or_the_header_fields_are_garbage_then_it_fails_cleanly) {
  const auto super = tcp_super_packet(3000);
  std::vector<std::uint8_t> out(8192);
  gso_info g;
  g.gso_type_ = gso_info::gso_tcpv4;
  g.gso_size_ = 1000;
  for (std::size_t n = 0; n < 60; ++n)
    EXPECT_FALSE(segment_gso_packet(std::span(super).first(n), g, out, {}).has_value()) << n;
  gso_info plain;
  plain.needs_checksum_ = true;
  plain.checksum_start_ = 60000;
  plain.checksum_offset_ = 6;
  EXPECT_FALSE(segment_gso_packet(super, plain, out, {}).has_value());
  auto bad_offset = super;
  bad_offset[32] = 0x10;
  EXPECT_EQ(segment_gso_packet(bad_offset, g, out, {}).error().code, decode_errc::invalid_length);
}

}  // namespace
}  // namespace meridian::upf
