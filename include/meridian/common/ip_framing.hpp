#pragma once
// Builds the IPv4 packets a payload had (or would have had) on the wire, so that
// any interface can be written to a pcap and decoded by Wireshark: UDP datagrams
// (GTP-U, PFCP, SCTP over UDP) and SCTP DATA chunks (NGAP).

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "meridian/common/result.hpp"

namespace meridian {

struct ipv4_endpoint {
  std::array<std::uint8_t, 4> address{};
  std::uint16_t port = 0;
  bool operator==(const ipv4_endpoint&) const = default;
};

/// IPv4 (RFC 791) + UDP (RFC 768) around `payload`, checksums filled in.
encode_result<std::vector<std::uint8_t>> ipv4_udp_frame(const ipv4_endpoint& src, const ipv4_endpoint& dst,
                                                        std::span<const std::uint8_t> payload);

/// The fields of one SCTP DATA chunk (RFC 9260 §3.3.1).
struct sctp_data_chunk_info {
  std::uint32_t verification_tag = 0;
  std::uint32_t tsn = 0;
  std::uint16_t stream_id = 0;
  std::uint16_t stream_sequence = 0;
  std::uint32_t ppid = 0;  ///< 60 for NGAP (TS 38.412 §7)
};

/// IPv4 + SCTP common header + one unfragmented DATA chunk (B and E set), with
/// the CRC32c checksum of RFC 9260 §6.8.
encode_result<std::vector<std::uint8_t>> ipv4_sctp_data_frame(const ipv4_endpoint& src, const ipv4_endpoint& dst,
                                                              const sctp_data_chunk_info& chunk,
                                                              std::span<const std::uint8_t> payload);

/// The Internet checksum (RFC 1071) of `data`, folded, not complemented, added to `initial`.
std::uint32_t internet_checksum_sum(std::span<const std::uint8_t> data, std::uint32_t initial = 0) noexcept;

}  // namespace meridian
