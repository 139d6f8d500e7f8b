#pragma once
// Hand-built captures for the capture tests: pcap and pcapng files, link-layer
// headers, IPv4/IPv6, UDP and SCTP packets with chosen DATA chunks. Checksums
// are left zero: the reader does not check them (nor does a capture need them).

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace meridian::capture::test {

using bytes = std::vector<std::uint8_t>;

inline void put16(bytes& b, std::uint16_t v, bool big = true) {
  if (big) {
    b.push_back(static_cast<std::uint8_t>(v >> 8));
    b.push_back(static_cast<std::uint8_t>(v));
  } else {
    b.push_back(static_cast<std::uint8_t>(v));
    b.push_back(static_cast<std::uint8_t>(v >> 8));
  }
}
inline void put32(bytes& b, std::uint32_t v, bool big = true) {
  if (big) {
    put16(b, static_cast<std::uint16_t>(v >> 16), true);
    put16(b, static_cast<std::uint16_t>(v), true);
  } else {
    put16(b, static_cast<std::uint16_t>(v), false);
    put16(b, static_cast<std::uint16_t>(v >> 16), false);
  }
}
inline void append(bytes& b, std::span<const std::uint8_t> more) { b.insert(b.end(), more.begin(), more.end()); }

/// One SCTP DATA chunk (RFC 9260 §3.3.1), padded to 4 octets.
struct data_chunk {
  std::uint32_t tsn = 1;
  std::uint16_t stream = 0;
  std::uint32_t ppid = 60;
  bool begin = true;
  bool end = true;
  bytes payload;
};

inline bytes sctp_packet(std::uint16_t sport, std::uint16_t dport, const std::vector<data_chunk>& chunks) {
  bytes b;
  put16(b, sport);
  put16(b, dport);
  put32(b, 0x01020304);  // verification tag
  put32(b, 0);           // checksum
  for (const auto& c : chunks) {
    b.push_back(0);  // DATA
    b.push_back(static_cast<std::uint8_t>((c.begin ? 2 : 0) | (c.end ? 1 : 0)));
    put16(b, static_cast<std::uint16_t>(16 + c.payload.size()));
    put32(b, c.tsn);
    put16(b, c.stream);
    put16(b, 0);  // stream sequence number
    put32(b, c.ppid);
    append(b, c.payload);
    while (b.size() % 4) b.push_back(0);
  }
  return b;
}

inline bytes udp_datagram(std::uint16_t sport, std::uint16_t dport, std::span<const std::uint8_t> payload) {
  bytes b;
  put16(b, sport);
  put16(b, dport);
  put16(b, static_cast<std::uint16_t>(8 + payload.size()));
  put16(b, 0);
  append(b, payload);
  return b;
}

inline bytes ipv4(std::array<std::uint8_t, 4> src, std::array<std::uint8_t, 4> dst, std::uint8_t protocol,
                  std::span<const std::uint8_t> payload, std::uint16_t flags_fragment = 0x4000) {
  bytes b{0x45, 0};
  put16(b, static_cast<std::uint16_t>(20 + payload.size()));
  put16(b, 0x1234);
  put16(b, flags_fragment);
  b.push_back(64);
  b.push_back(protocol);
  put16(b, 0);
  b.insert(b.end(), src.begin(), src.end());
  b.insert(b.end(), dst.begin(), dst.end());
  append(b, payload);
  return b;
}

inline bytes ipv6(std::uint8_t last_src, std::uint8_t last_dst, std::uint8_t protocol,
                  std::span<const std::uint8_t> payload) {
  bytes b{0x60, 0, 0, 0};
  put16(b, static_cast<std::uint16_t>(payload.size()));
  b.push_back(protocol);
  b.push_back(64);
  bytes src{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, last_src};
  bytes dst{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, last_dst};
  append(b, src);
  append(b, dst);
  append(b, payload);
  return b;
}

inline bytes ethernet(std::span<const std::uint8_t> ip, std::uint16_t ethertype = 0x0800, bool vlan = false) {
  bytes b(12, 0x02);
  if (vlan) {
    put16(b, 0x8100);
    put16(b, 100);
  }
  put16(b, ethertype);
  append(b, ip);
  return b;
}

inline bytes linux_sll(std::span<const std::uint8_t> ip, std::uint16_t protocol = 0x0800) {
  bytes b{0, 0, 0, 1, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0};
  put16(b, protocol);
  append(b, ip);
  return b;
}

inline bytes linux_sll2(std::span<const std::uint8_t> ip, std::uint16_t protocol = 0x0800) {
  bytes b;
  put16(b, protocol);
  put16(b, 0);
  put32(b, 3);  // interface index
  put16(b, 1);  // ARPHRD_ETHER
  b.push_back(0);
  b.push_back(6);
  for (int i = 0; i < 8; ++i) b.push_back(static_cast<std::uint8_t>(i));
  append(b, ip);
  return b;
}

inline bytes bsd_null(std::span<const std::uint8_t> ip, std::uint32_t family = 2) {
  bytes b;
  put32(b, family, false);  // host byte order of the writer: little-endian here
  append(b, ip);
  return b;
}

/// A classic pcap file.
inline bytes pcap_file(std::uint32_t link, const std::vector<bytes>& frames, bool big_endian = false,
                       bool nanoseconds = false) {
  bytes b;
  put32(b, nanoseconds ? 0xa1b23c4d : 0xa1b2c3d4, big_endian);
  put16(b, 2, big_endian);
  put16(b, 4, big_endian);
  put32(b, 0, big_endian);
  put32(b, 0, big_endian);
  put32(b, 262144, big_endian);
  put32(b, link, big_endian);
  std::uint32_t t = 1700000000;
  for (const auto& f : frames) {
    put32(b, t++, big_endian);
    put32(b, 500, big_endian);
    put32(b, static_cast<std::uint32_t>(f.size()), big_endian);
    put32(b, static_cast<std::uint32_t>(f.size()), big_endian);
    append(b, f);
  }
  return b;
}

/// pcapng blocks.
inline bytes pcapng_block(std::uint32_t type, const bytes& body, bool big = false) {
  bytes b;
  const auto padded = (body.size() + 3) / 4 * 4;
  put32(b, type, big);
  put32(b, static_cast<std::uint32_t>(12 + padded), big);
  append(b, body);
  b.resize(8 + padded, 0);
  put32(b, static_cast<std::uint32_t>(12 + padded), big);
  return b;
}
inline bytes pcapng_section(bool big = false) {
  bytes body;
  put32(body, 0x1A2B3C4D, big);
  put16(body, 1, big);
  put16(body, 0, big);
  put32(body, 0xffffffff, big);
  put32(body, 0xffffffff, big);
  return pcapng_block(0x0A0D0D0A, body, big);
}
/// `tsresol`: the if_tsresol option's octet, or -1 for none (microseconds).
inline bytes pcapng_interface(std::uint16_t link, int tsresol = -1, bool big = false) {
  bytes body;
  put16(body, link, big);
  put16(body, 0, big);
  put32(body, 0, big);  // snaplen: unlimited
  if (tsresol >= 0) {
    put16(body, 9, big);
    put16(body, 1, big);
    body.insert(body.end(), {static_cast<std::uint8_t>(tsresol), 0, 0, 0});
    put16(body, 0, big);
    put16(body, 0, big);
  }
  return pcapng_block(1, body, big);
}
inline bytes pcapng_enhanced_packet(std::uint32_t interface, std::uint64_t ticks, const bytes& frame,
                                    bool big = false) {
  bytes body;
  put32(body, interface, big);
  put32(body, static_cast<std::uint32_t>(ticks >> 32), big);
  put32(body, static_cast<std::uint32_t>(ticks), big);
  put32(body, static_cast<std::uint32_t>(frame.size()), big);
  put32(body, static_cast<std::uint32_t>(frame.size()), big);
  append(body, frame);
  return pcapng_block(6, body, big);
}
inline bytes pcapng_simple_packet(const bytes& frame) {
  bytes body;
  put32(body, static_cast<std::uint32_t>(frame.size()), false);
  append(body, frame);
  return pcapng_block(3, body);
}

}  // namespace meridian::capture::test
