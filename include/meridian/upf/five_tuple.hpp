#pragma once
// The fields of an inner IPv4 packet that packet detection looks at (RFC 791
// header, plus the first four octets of a TCP/UDP/SCTP header for the ports).
// Parsing trusts no length in the packet: every field is checked against the
// bytes actually present, and the result is an error value, never a crash.

#include <cstdint>
#include <span>

#include "meridian/common/result.hpp"
#include "meridian/upf/ids.hpp"

namespace meridian::upf {

/// IANA protocol numbers the classifier reads ports for.
inline constexpr std::uint8_t ip_proto_icmp = 1;
inline constexpr std::uint8_t ip_proto_tcp = 6;
inline constexpr std::uint8_t ip_proto_udp = 17;
inline constexpr std::uint8_t ip_proto_sctp = 132;

struct five_tuple {
  ipv4_address source_{};
  ipv4_address destination_{};
  std::uint8_t protocol_ = 0;
  /// False for protocols without ports and for non-first fragments, whose
  /// ports are not in the packet; a filter that names ports never matches then.
  bool has_ports_ = false;
  std::uint16_t source_port_ = 0;
  std::uint16_t destination_port_ = 0;
  /// The IPv4 Total Length, i.e. the bytes the packet really occupies (a
  /// buffer may carry link padding after it).
  std::uint16_t total_length_ = 0;

  bool operator==(const five_tuple&) const = default;
};

/// Parses an IPv4 packet's 5-tuple. Errors: truncated (fewer bytes than the
/// header or the Total Length claim), invalid_value (not version 4), and
/// invalid_length (IHL < 5, Total Length shorter than the header). Offsets are
/// into `packet`. Allocation-free.
decode_result<five_tuple> parse_five_tuple(std::span<const std::uint8_t> packet) noexcept;

}  // namespace meridian::upf
