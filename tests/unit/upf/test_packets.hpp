#pragma once
// Builds inner IPv4 packets for the UPF tests.

#include <cstdint>
#include <vector>

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

}  // namespace meridian::upf::test
