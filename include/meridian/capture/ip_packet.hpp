#pragma once
// IPv4 (RFC 791) and IPv6 (RFC 8200) packets and UDP datagrams (RFC 768) as
// found in a capture, read without copying. IP fragments are recognised but
// not reassembled (the control-plane captures read here have none).

#include <array>
#include <cstdint>
#include <span>
#include <string>

#include "meridian/common/result.hpp"

namespace meridian::capture {

/// An IPv4 or IPv6 address.
struct ip_address {
  std::uint8_t version_ = 4;              ///< 4 or 6
  std::array<std::uint8_t, 16> bytes_{};  ///< IPv4 in the first 4 octets
  bool operator==(const ip_address&) const = default;
  auto operator<=>(const ip_address&) const = default;
};

/// "10.0.0.1", or "[2001:db8:0:0:0:0:0:1]" (every group written, as the
/// captured_message endpoints have always been printed).
std::string to_string(const ip_address& a);

inline constexpr std::uint8_t ip_protocol_udp = 17;
inline constexpr std::uint8_t ip_protocol_sctp = 132;

/// The parts of one IP packet.
struct ip_packet {
  ip_address src_;
  ip_address dst_;
  std::uint8_t protocol_ = 0;  ///< the upper-layer protocol (after IPv6 extension headers)
  bool fragment_ = false;      ///< a fragment: payload_ is not the whole upper-layer packet
  std::span<const std::uint8_t> payload_;
};

/// Reads an IPv4 or IPv6 header (IPv6 hop-by-hop, routing, destination options
/// and fragment extension headers are skipped). Trailing link-layer padding
/// after the IP total length is ignored.
decode_result<ip_packet> parse_ip(std::span<const std::uint8_t> packet);

/// One UDP datagram.
struct udp_datagram {
  std::uint16_t src_port_ = 0;
  std::uint16_t dst_port_ = 0;
  std::span<const std::uint8_t> payload_;
};

/// Reads a UDP header; the payload is what the UDP length says.
decode_result<udp_datagram> parse_udp(std::span<const std::uint8_t> segment);

}  // namespace meridian::capture
