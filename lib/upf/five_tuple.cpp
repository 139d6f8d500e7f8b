// RFC 791 header parsing for packet detection; every length is checked against
// the bytes present.

#include "meridian/upf/five_tuple.hpp"

namespace meridian::upf {

namespace {

std::uint16_t load_u16(const std::uint8_t* p) noexcept { return static_cast<std::uint16_t>((p[0] << 8) | p[1]); }
std::uint32_t load_u32(const std::uint8_t* p) noexcept {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}
std::unexpected<decode_error> fail(decode_errc c, std::size_t at, std::string_view what) noexcept {
  return std::unexpected(decode_error{c, at, what});
}

}  // namespace

decode_result<five_tuple> parse_five_tuple(std::span<const std::uint8_t> packet) noexcept {
  constexpr std::size_t min_header = 20;
  if (packet.empty()) return fail(decode_errc::truncated, 0, "IPv4 header");
  const std::uint8_t* b = packet.data();
  if ((b[0] >> 4) != 4) return fail(decode_errc::invalid_value, 0, "IP version");
  if (packet.size() < min_header) return fail(decode_errc::truncated, packet.size(), "IPv4 header");
  const std::size_t header_length = std::size_t{b[0] & 0x0fu} * 4;
  if (header_length < min_header) return fail(decode_errc::invalid_length, 0, "IPv4 IHL");
  const std::uint16_t total_length = load_u16(b + 2);
  if (total_length < header_length) return fail(decode_errc::invalid_length, 2, "IPv4 Total Length");
  if (total_length > packet.size()) return fail(decode_errc::truncated, packet.size(), "IPv4 Total Length");

  five_tuple t;
  t.total_length_ = total_length;
  t.protocol_ = b[9];
  t.source_ = *ipv4_address::from(load_u32(b + 12));
  t.destination_ = *ipv4_address::from(load_u32(b + 16));

  const std::uint16_t fragment_offset = load_u16(b + 6) & 0x1fffu;
  const bool ported = t.protocol_ == ip_proto_tcp || t.protocol_ == ip_proto_udp || t.protocol_ == ip_proto_sctp;
  if (ported && fragment_offset == 0) {
    // Only the first fragment carries the transport header.
    if (total_length - header_length < 4) return fail(decode_errc::truncated, total_length, "transport ports");
    t.has_ports_ = true;
    t.source_port_ = load_u16(b + header_length);
    t.destination_port_ = load_u16(b + header_length + 2);
  }
  return t;
}

}  // namespace meridian::upf
