#include "meridian/common/ip_framing.hpp"

#include "meridian/common/byte_writer.hpp"
#include "meridian/common/crc32c.hpp"

namespace meridian {

namespace {
constexpr std::uint8_t ip_proto_udp = 17;
constexpr std::uint8_t ip_proto_sctp = 132;
constexpr std::size_t ipv4_header_size = 20;

std::uint16_t fold(std::uint32_t sum) noexcept {
  while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum & 0xFFFF);
}

void write_ipv4_header(byte_writer& w, const ipv4_endpoint& src, const ipv4_endpoint& dst, std::uint8_t proto,
                       std::size_t payload_size) {
  const std::size_t start = w.size();
  w.u8(0x45);  // version 4, IHL 5
  w.u8(0);     // DSCP/ECN
  w.uint_be(ipv4_header_size + payload_size, 2, "IPv4 total length");
  w.u16(0);       // identification
  w.u16(0x4000);  // don't fragment
  w.u8(64);       // TTL
  w.u8(proto);
  w.u16(0);  // checksum, patched below
  w.bytes(src.address);
  w.bytes(dst.address);
  const auto sum = fold(internet_checksum_sum(w.data().subspan(start, ipv4_header_size)));
  w.patch_uint_be(start + 10, sum, 2);
}
}  // namespace

std::uint32_t internet_checksum_sum(std::span<const std::uint8_t> data, std::uint32_t initial) noexcept {
  // RFC 1071 §2(B): the sum is independent of the word size as long as the
  // carries are folded back in, so add big-endian 32-bit words into a 64-bit
  // accumulator (no carry is lost below 2^32 words) and fold once at the end.
  // The UPF checksums every uplink payload it coalesces, so this is per byte.
  std::uint64_t sum = initial;
  const std::uint8_t* p = data.data();
  std::size_t n = data.size();
  const auto word = [](const std::uint8_t* q) noexcept {
    return std::uint64_t{q[0]} << 24 | std::uint64_t{q[1]} << 16 | std::uint64_t{q[2]} << 8 | q[3];
  };
  for (; n >= 16; n -= 16, p += 16) sum += word(p) + word(p + 4) + word(p + 8) + word(p + 12);
  for (; n >= 4; n -= 4, p += 4) sum += word(p);
  if (n >= 2) {
    sum += std::uint64_t{p[0]} << 8 | p[1];
    n -= 2;
    p += 2;
  }
  if (n == 1) sum += std::uint64_t{p[0]} << 8;
  while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
  return static_cast<std::uint32_t>(sum);
}

encode_result<std::vector<std::uint8_t>> ipv4_udp_frame(const ipv4_endpoint& src, const ipv4_endpoint& dst,
                                                        std::span<const std::uint8_t> payload) {
  const std::size_t udp_size = 8 + payload.size();
  byte_writer w;
  write_ipv4_header(w, src, dst, ip_proto_udp, udp_size);
  const std::size_t udp_start = w.size();
  w.u16(src.port);
  w.u16(dst.port);
  w.uint_be(udp_size, 2, "UDP length");
  w.u16(0);  // checksum, patched below
  w.bytes(payload);
  if (!w.ok()) return std::move(w).finish();
  // Pseudo-header: source, destination, zero, protocol, UDP length.
  std::uint32_t sum = internet_checksum_sum(src.address);
  sum = internet_checksum_sum(dst.address, sum);
  sum += ip_proto_udp + static_cast<std::uint32_t>(udp_size);
  sum = internet_checksum_sum(w.data().subspan(udp_start), sum);
  std::uint16_t checksum = fold(sum);
  if (checksum == 0) checksum = 0xFFFF;  // RFC 768: zero means "no checksum"
  w.patch_uint_be(udp_start + 6, checksum, 2);
  return std::move(w).finish();
}

encode_result<std::vector<std::uint8_t>> ipv4_sctp_data_frame(const ipv4_endpoint& src, const ipv4_endpoint& dst,
                                                              const sctp_data_chunk_info& chunk,
                                                              std::span<const std::uint8_t> payload) {
  const std::size_t chunk_len = 16 + payload.size();
  const std::size_t padded = (chunk_len + 3) / 4 * 4;
  const std::size_t sctp_size = 12 + padded;
  byte_writer w;
  write_ipv4_header(w, src, dst, ip_proto_sctp, sctp_size);
  const std::size_t sctp_start = w.size();
  w.u16(src.port);
  w.u16(dst.port);
  w.u32(chunk.verification_tag);
  w.u32(0);    // checksum, patched below
  w.u8(0);     // chunk type DATA
  w.u8(0x03);  // flags: B (first) and E (last) fragment
  w.uint_be(chunk_len, 2, "SCTP DATA chunk length");
  w.u32(chunk.tsn);
  w.u16(chunk.stream_id);
  w.u16(chunk.stream_sequence);
  w.u32(chunk.ppid);
  w.bytes(payload);
  w.fill(padded - chunk_len, 0);
  if (!w.ok()) return std::move(w).finish();
  // RFC 9260 Appendix A: the CRC32c goes on the wire least significant byte first.
  const std::uint32_t crc = crc32c(w.data().subspan(sctp_start));
  auto out = std::move(w).finish();
  if (out) {
    for (int i = 0; i < 4; ++i) (*out)[sctp_start + 8 + i] = static_cast<std::uint8_t>(crc >> (8 * i));
  }
  return out;
}

}  // namespace meridian
