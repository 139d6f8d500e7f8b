#pragma once
// Builds inner IPv4 packets for the UPF tests.

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "meridian/common/ip_framing.hpp"
#include "meridian/upf/ids.hpp"

namespace meridian::upf::test {

struct packet_spec {
  ipv4_address source_ = ipv4_from_octets(10, 45, 0, 2);
  ipv4_address destination_ = ipv4_from_octets(198, 51, 100, 7);
  std::uint8_t protocol_ = 17;
  std::uint16_t source_port_ = 40000;
  std::uint16_t destination_port_ = 53;
  std::size_t payload_ = 32;           ///< octets after the 8-byte transport header
  std::uint16_t fragment_offset_ = 0;  ///< in 8-octet units
};

inline std::vector<std::uint8_t> ipv4_packet(const packet_spec& s) {
  const std::size_t total = 20 + 8 + s.payload_;
  std::vector<std::uint8_t> p(total, 0);
  p[0] = 0x45;
  p[2] = static_cast<std::uint8_t>(total >> 8);
  p[3] = static_cast<std::uint8_t>(total);
  p[6] = static_cast<std::uint8_t>(s.fragment_offset_ >> 8);
  p[7] = static_cast<std::uint8_t>(s.fragment_offset_);
  p[8] = 64;
  p[9] = s.protocol_;
  for (int i = 0; i < 4; ++i) {
    p[12 + i] = static_cast<std::uint8_t>(s.source_.value() >> (24 - 8 * i));
    p[16 + i] = static_cast<std::uint8_t>(s.destination_.value() >> (24 - 8 * i));
  }
  p[20] = static_cast<std::uint8_t>(s.source_port_ >> 8);
  p[21] = static_cast<std::uint8_t>(s.source_port_);
  p[22] = static_cast<std::uint8_t>(s.destination_port_ >> 8);
  p[23] = static_cast<std::uint8_t>(s.destination_port_);
  return p;
}

/// Makes `p` (from ipv4_packet) what a Linux sender puts on the wire: DF,
/// Identification `id`, correct IPv4 header and UDP/TCP checksums, and a
/// payload pattern that differs per packet.
inline void as_sent_by_a_host(std::vector<std::uint8_t>& p, std::uint16_t id) {
  const auto fold = [](std::uint32_t x) {
    while (x >> 16) x = (x & 0xffff) + (x >> 16);
    return static_cast<std::uint16_t>(x);
  };
  const auto put16 = [&](std::size_t at, std::uint16_t v) {
    p[at] = static_cast<std::uint8_t>(v >> 8);
    p[at + 1] = static_cast<std::uint8_t>(v);
  };
  put16(4, id);
  put16(6, 0x4000);
  put16(10, 0);
  put16(10, static_cast<std::uint16_t>(~fold(internet_checksum_sum(std::span(p).first(20)))));
  const std::size_t l4 = p.size() - 20;
  if (p[9] == 17) put16(24, static_cast<std::uint16_t>(l4));
  for (std::size_t i = 28; i < p.size(); ++i) p[i] = static_cast<std::uint8_t>(id + i);
  const std::size_t check = p[9] == 17 ? 26 : 36;
  if (check + 2 > p.size()) return;
  put16(check, 0);
  const std::uint32_t pseudo =
      internet_checksum_sum(std::span(p).subspan(12, 8)) + p[9] + static_cast<std::uint32_t>(l4);
  const auto c = static_cast<std::uint16_t>(~fold(internet_checksum_sum(std::span(p).subspan(20), pseudo)));
  put16(check, c == 0 ? 0xffff : c);
}

/// An IPv4 packet around `l4` (transport header and payload) as a Linux host
/// sends it: DF, Identification `id`, TTL 64, correct header checksum and a
/// correct UDP (l4[6]) or TCP (l4[16]) checksum.
inline std::vector<std::uint8_t> host_ipv4(const std::array<std::uint8_t, 4>& source,
                                           const std::array<std::uint8_t, 4>& destination, std::uint8_t protocol,
                                           std::uint16_t id, const std::vector<std::uint8_t>& l4) {
  const auto fold = [](std::uint32_t x) {
    while (x >> 16) x = (x & 0xffff) + (x >> 16);
    return static_cast<std::uint16_t>(x);
  };
  std::vector<std::uint8_t> p(20);
  const auto put16 = [&](std::size_t at, std::uint16_t v) {
    p[at] = static_cast<std::uint8_t>(v >> 8);
    p[at + 1] = static_cast<std::uint8_t>(v);
  };
  p[0] = 0x45;
  put16(2, static_cast<std::uint16_t>(20 + l4.size()));
  put16(4, id);
  put16(6, 0x4000);
  p[8] = 64;
  p[9] = protocol;
  std::copy(source.begin(), source.end(), p.begin() + 12);
  std::copy(destination.begin(), destination.end(), p.begin() + 16);
  put16(10, static_cast<std::uint16_t>(~fold(internet_checksum_sum(p))));
  p.insert(p.end(), l4.begin(), l4.end());
  const std::size_t check_at = 20 + (protocol == 17 ? 6 : 16);
  if (check_at + 2 > p.size()) return p;
  put16(check_at, 0);
  const std::uint32_t pseudo =
      internet_checksum_sum(std::span(p).subspan(12, 8)) + protocol + static_cast<std::uint32_t>(l4.size());
  const auto c = static_cast<std::uint16_t>(~fold(internet_checksum_sum(std::span(p).subspan(20), pseudo)));
  put16(check_at, protocol == 17 && c == 0 ? 0xffff : c);
  return p;
}

}  // namespace meridian::upf::test
