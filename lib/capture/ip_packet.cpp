#include "meridian/capture/ip_packet.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "capture_bytes.hpp"

namespace meridian::capture {

namespace {

// IPv6 extension headers that may precede the upper-layer header (RFC 8200 §4).
constexpr std::uint8_t ipv6_hop_by_hop = 0;
constexpr std::uint8_t ipv6_routing = 43;
constexpr std::uint8_t ipv6_fragment = 44;
constexpr std::uint8_t ipv6_destination = 60;

decode_result<ip_packet> parse_ipv4(std::span<const std::uint8_t> ip) {
  if (ip.size() < 20) return std::unexpected(decode_error{decode_errc::truncated, ip.size(), "IPv4 header"});
  const std::size_t ihl = (ip[0] & 0x0Fu) * 4u;
  const std::size_t total = be16(ip, 2);
  if (ihl < 20) return std::unexpected(decode_error{decode_errc::invalid_length, 0, "IPv4 header length"});
  if (total < ihl) return std::unexpected(decode_error{decode_errc::invalid_length, 2, "IPv4 total length"});
  if (ip.size() < total) return std::unexpected(decode_error{decode_errc::truncated, ip.size(), "IPv4 packet"});
  ip_packet p;
  p.src_.version_ = p.dst_.version_ = 4;
  std::copy_n(ip.begin() + 12, 4, p.src_.bytes_.begin());
  std::copy_n(ip.begin() + 16, 4, p.dst_.bytes_.begin());
  p.protocol_ = ip[9];
  p.fragment_ = (be16(ip, 6) & 0x3FFFu) != 0;  // more fragments, or an offset
  p.payload_ = ip.subspan(ihl, total - ihl);
  return p;
}

decode_result<ip_packet> parse_ipv6(std::span<const std::uint8_t> ip) {
  if (ip.size() < 40) return std::unexpected(decode_error{decode_errc::truncated, ip.size(), "IPv6 header"});
  const std::size_t payload_length = be16(ip, 4);
  if (ip.size() < 40 + payload_length)
    return std::unexpected(decode_error{decode_errc::truncated, ip.size(), "IPv6 packet"});
  ip_packet p;
  p.src_.version_ = p.dst_.version_ = 6;
  std::copy_n(ip.begin() + 8, 16, p.src_.bytes_.begin());
  std::copy_n(ip.begin() + 24, 16, p.dst_.bytes_.begin());
  std::uint8_t next = ip[6];
  std::size_t off = 40;
  const std::size_t end = 40 + payload_length;
  while (next == ipv6_hop_by_hop || next == ipv6_routing || next == ipv6_fragment || next == ipv6_destination) {
    if (off + 8 > end) return std::unexpected(decode_error{decode_errc::truncated, off, "IPv6 extension header"});
    if (next == ipv6_fragment) {
      p.fragment_ = (be16(ip, off + 2) & 0xFFF9u) != 0;  // offset or more fragments
      next = ip[off];
      off += 8;
    } else {
      const std::size_t len = (std::size_t{ip[off + 1]} + 1) * 8;
      if (off + len > end) return std::unexpected(decode_error{decode_errc::truncated, off, "IPv6 extension header"});
      next = ip[off];
      off += len;
    }
  }
  p.protocol_ = next;
  p.payload_ = ip.subspan(off, end - off);
  return p;
}

}  // namespace

std::string to_string(const ip_address& a) {
  if (a.version_ == 4) return fmt::format("{}.{}.{}.{}", a.bytes_[0], a.bytes_[1], a.bytes_[2], a.bytes_[3]);
  std::string s = "[";
  for (std::size_t i = 0; i < 16; i += 2) s += fmt::format("{}{:x}", i ? ":" : "", be16(a.bytes_, i));
  return s + "]";
}

decode_result<ip_packet> parse_ip(std::span<const std::uint8_t> packet) {
  if (packet.empty()) return std::unexpected(decode_error{decode_errc::truncated, 0, "IP version"});
  switch (packet[0] >> 4) {
    case 4:
      return parse_ipv4(packet);
    case 6:
      return parse_ipv6(packet);
    default:
      return std::unexpected(decode_error{decode_errc::invalid_value, 0, "IP version"});
  }
}

decode_result<udp_datagram> parse_udp(std::span<const std::uint8_t> s) {
  if (s.size() < 8) return std::unexpected(decode_error{decode_errc::truncated, s.size(), "UDP header"});
  const std::size_t length = be16(s, 4);
  if (length < 8) return std::unexpected(decode_error{decode_errc::invalid_length, 4, "UDP length"});
  if (length > s.size()) return std::unexpected(decode_error{decode_errc::truncated, s.size(), "UDP datagram"});
  return udp_datagram{be16(s, 0), be16(s, 2), s.subspan(8, length - 8)};
}

}  // namespace meridian::capture
