// GSO super-packet segmentation for IPv4 TCP (RFC 9293) and UDP (RFC 768);
// see gso_segmenter.hpp.

#include "meridian/upf/gso_segmenter.hpp"

#include <algorithm>
#include <cstring>

#include "meridian/common/ip_framing.hpp"
#include "meridian/upf/five_tuple.hpp"

namespace meridian::upf {

namespace {

std::uint16_t load16(const std::uint8_t* p) noexcept { return static_cast<std::uint16_t>((p[0] << 8) | p[1]); }
std::uint32_t load32(const std::uint8_t* p) noexcept {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}
void store16(std::uint8_t* p, std::uint16_t v) noexcept {
  p[0] = static_cast<std::uint8_t>(v >> 8);
  p[1] = static_cast<std::uint8_t>(v);
}
void store32(std::uint8_t* p, std::uint32_t v) noexcept {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<std::uint8_t>(v >> (24 - 8 * i));
}
std::uint16_t fold(std::uint32_t sum) noexcept {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(sum);
}
std::unexpected<decode_error> fail(decode_errc c, std::size_t at, std::string_view what) noexcept {
  return std::unexpected(decode_error{c, at, what});
}

/// The full TCP/UDP checksum of the IPv4 packet `ip` (header length `ihl`).
std::uint16_t transport_checksum(std::span<std::uint8_t> ip, std::size_t ihl, std::uint8_t protocol) noexcept {
  const std::size_t l4_length = ip.size() - ihl;
  std::uint32_t sum = internet_checksum_sum(ip.subspan(12, 8));  // source and destination
  sum += protocol;
  sum += static_cast<std::uint32_t>(l4_length);
  sum = internet_checksum_sum(ip.subspan(ihl), sum);
  const std::uint16_t c = static_cast<std::uint16_t>(~fold(sum));
  // RFC 768: a computed zero is sent as all ones (zero means "no checksum").
  return protocol == ip_proto_udp && c == 0 ? 0xffff : c;
}

void fix_ipv4_header(std::span<std::uint8_t> ip, std::size_t ihl, std::uint16_t id) noexcept {
  store16(ip.data() + 2, static_cast<std::uint16_t>(ip.size()));
  store16(ip.data() + 4, id);
  store16(ip.data() + 10, 0);
  store16(ip.data() + 10, static_cast<std::uint16_t>(~fold(internet_checksum_sum(ip.first(ihl)))));
}

}  // namespace

decode_result<void> complete_partial_checksum(std::span<std::uint8_t> packet, std::uint16_t start,
                                              std::uint16_t offset) noexcept {
  if (std::size_t{start} + offset + 2 > packet.size()) return fail(decode_errc::invalid_value, start, "csum_start");
  const std::uint16_t c = static_cast<std::uint16_t>(~fold(internet_checksum_sum(packet.subspan(start))));
  store16(packet.data() + start + offset, c);
  return {};
}

decode_result<segmentation> segment_gso_packet(std::span<const std::uint8_t> packet, const transport::gso_info& gso,
                                               std::span<std::uint8_t> out, segment_layout layout) noexcept {
  auto tuple = parse_five_tuple(packet);
  if (!tuple) return std::unexpected(tuple.error());
  const std::span<const std::uint8_t> ip = packet.first(tuple->total_length_);
  const std::size_t ihl = std::size_t{ip[0] & 0x0fu} * 4;

  segmentation result;
  const bool segmenting = gso.gso_type_ != transport::gso_info::gso_none;
  if (!segmenting) {
    result.count_ = 1;
    result.segment_length_ = result.last_length_ = ip.size();
    result.stride_ = layout.stride_ != 0 ? layout.stride_ : layout.headroom_ + ip.size();
    if (layout.headroom_ + ip.size() > out.size() || result.stride_ < layout.headroom_ + ip.size())
      return fail(decode_errc::invalid_length, 0, "segment output");
    auto seg = out.subspan(layout.headroom_, ip.size());
    std::memcpy(seg.data(), ip.data(), ip.size());
    if (gso.needs_checksum_)
      if (auto r = complete_partial_checksum(seg, gso.checksum_start_, gso.checksum_offset_); !r)
        return std::unexpected(r.error());
    return result;
  }

  std::size_t l4_header = 0;
  if (gso.gso_type_ == transport::gso_info::gso_tcpv4 && tuple->protocol_ == ip_proto_tcp) {
    if (ip.size() < ihl + 20) return fail(decode_errc::truncated, ip.size(), "TCP header");
    l4_header = static_cast<std::size_t>(ip[ihl + 12] >> 4) * 4;
    if (l4_header < 20 || ihl + l4_header > ip.size())
      return fail(decode_errc::invalid_length, ihl + 12, "TCP data offset");
  } else if (gso.gso_type_ == transport::gso_info::gso_udp_l4 && tuple->protocol_ == ip_proto_udp) {
    l4_header = 8;
    if (ip.size() < ihl + 8) return fail(decode_errc::truncated, ip.size(), "UDP header");
  } else {
    return fail(decode_errc::unsupported, 9, "GSO type / protocol");
  }
  if (gso.gso_size_ == 0) return fail(decode_errc::invalid_value, 0, "gso_size");

  const std::size_t headers = ihl + l4_header;
  const std::size_t payload = ip.size() - headers;
  const std::size_t mss = gso.gso_size_;
  const std::size_t count = payload == 0 ? 1 : (payload + mss - 1) / mss;
  result.count_ = count;
  result.segment_length_ = headers + std::min(mss, payload);
  result.last_length_ = headers + (payload - (count - 1) * mss);
  result.stride_ = layout.stride_ != 0 ? layout.stride_ : layout.headroom_ + result.segment_length_;
  if (result.stride_ < layout.headroom_ + result.segment_length_ ||
      (count - 1) * result.stride_ + layout.headroom_ + result.last_length_ > out.size())
    return fail(decode_errc::invalid_length, 0, "segment output");

  const std::uint16_t first_id = load16(ip.data() + 4);
  const std::uint32_t first_seq = l4_header >= 20 ? load32(ip.data() + ihl + 4) : 0;
  const std::uint8_t tcp_flags = l4_header >= 20 ? ip[ihl + 13] : 0;
  for (std::size_t i = 0; i < count; ++i) {
    const bool last = i + 1 == count;
    const std::size_t chunk = last ? payload - i * mss : mss;
    auto seg = out.subspan(i * result.stride_ + layout.headroom_, headers + chunk);
    std::memcpy(seg.data(), ip.data(), headers);
    std::memcpy(seg.data() + headers, ip.data() + headers + i * mss, chunk);
    fix_ipv4_header(seg, ihl, static_cast<std::uint16_t>(first_id + i));
    std::uint8_t* l4 = seg.data() + ihl;
    if (tuple->protocol_ == ip_proto_tcp) {
      store32(l4 + 4, static_cast<std::uint32_t>(first_seq + i * mss));
      // FIN and PSH belong to the end of the data only (RFC 9293 §3.1).
      if (!last) l4[13] = static_cast<std::uint8_t>(tcp_flags & ~0x09u);
      store16(l4 + 16, 0);
      store16(l4 + 16, transport_checksum(seg, ihl, ip_proto_tcp));
    } else {
      store16(l4 + 4, static_cast<std::uint16_t>(l4_header + chunk));
      store16(l4 + 6, 0);
      store16(l4 + 6, transport_checksum(seg, ihl, ip_proto_udp));
    }
  }
  return result;
}

}  // namespace meridian::upf
