#pragma once
// The link layers a capture of a 5G core's interfaces comes with, down to the
// IP packet: Ethernet (with any number of 802.1Q/802.1ad tags), Linux cooked
// capture v1 and v2 (tcpdump -i any), raw IP, and BSD/OpenBSD loopback.

#include <cstdint>
#include <span>

#include "meridian/common/result.hpp"

namespace meridian::capture {

/// The LINKTYPE_* values of https://www.tcpdump.org/linktypes.html that are read here.
enum class link_type : std::uint16_t {
  null = 0,          ///< LINKTYPE_NULL: BSD loopback, 4-octet address family in the writer's byte order
  ethernet = 1,      ///< LINKTYPE_ETHERNET
  raw_dlt12 = 12,    ///< DLT_RAW as most systems number it, found in some old files
  raw_dlt14 = 14,    ///< DLT_RAW on OpenBSD
  raw = 101,         ///< LINKTYPE_RAW: IPv4 or IPv6 by the version nibble
  loop = 108,        ///< LINKTYPE_LOOP: OpenBSD loopback, address family in network byte order
  linux_sll = 113,   ///< LINKTYPE_LINUX_SLL: Linux cooked capture v1
  linux_sll2 = 276,  ///< LINKTYPE_LINUX_SLL2: Linux cooked capture v2
  ipv4 = 228,        ///< LINKTYPE_IPV4
  ipv6 = 229,        ///< LINKTYPE_IPV6
};

/// What a frame carries above its link layer.
enum class frame_payload : std::uint8_t {
  ip,            ///< an IPv4 or IPv6 packet
  not_ip,        ///< another protocol (ARP, LLDP ...): nothing to read here
  unknown_link,  ///< a link type this reader does not know
};

struct link_layer_result {
  frame_payload kind_ = frame_payload::not_ip;
  std::span<const std::uint8_t> ip_;  ///< the IP packet when kind_ is ip
};

/// Strips the link-layer header of one frame. A frame too short for its link
/// header is a decode_error (truncated, at the byte it ended).
decode_result<link_layer_result> strip_link_layer(link_type link, std::span<const std::uint8_t> frame);

}  // namespace meridian::capture
