#include "meridian/capture/link_layer.hpp"

#include "capture_bytes.hpp"

namespace meridian::capture {

namespace {

constexpr std::uint16_t ethertype_ipv4 = 0x0800;
constexpr std::uint16_t ethertype_ipv6 = 0x86DD;
constexpr std::uint16_t ethertype_vlan = 0x8100;  // IEEE 802.1Q
constexpr std::uint16_t ethertype_qinq = 0x88A8;  // IEEE 802.1ad
constexpr std::uint16_t ethertype_qinq_old = 0x9100;

decode_result<link_layer_result> by_ethertype(std::uint16_t ethertype, std::span<const std::uint8_t> rest) {
  if (ethertype != ethertype_ipv4 && ethertype != ethertype_ipv6) return link_layer_result{frame_payload::not_ip, {}};
  return link_layer_result{frame_payload::ip, rest};
}

// Raw IP and loopback: the version nibble says IPv4 or IPv6 (loopback's
// address family values for IPv6 differ between systems, so it is not trusted).
decode_result<link_layer_result> by_version(std::span<const std::uint8_t> frame, std::size_t header) {
  if (frame.size() <= header) return std::unexpected(decode_error{decode_errc::truncated, frame.size(), "link header"});
  const auto ip = frame.subspan(header);
  const unsigned version = ip[0] >> 4;
  if (version != 4 && version != 6) return link_layer_result{frame_payload::not_ip, {}};
  return link_layer_result{frame_payload::ip, ip};
}

}  // namespace

decode_result<link_layer_result> strip_link_layer(link_type link, std::span<const std::uint8_t> f) {
  const auto truncated = [&] { return std::unexpected(decode_error{decode_errc::truncated, f.size(), "link header"}); };
  switch (link) {
    case link_type::ethernet: {
      if (f.size() < 14) return truncated();
      std::size_t off = 14;
      std::uint16_t ethertype = be16(f, 12);
      while (ethertype == ethertype_vlan || ethertype == ethertype_qinq || ethertype == ethertype_qinq_old) {
        if (f.size() < off + 4) return truncated();
        ethertype = be16(f, off + 2);
        off += 4;
      }
      return by_ethertype(ethertype, f.subspan(off));
    }
    case link_type::linux_sll:  // packet type, ARPHRD, address length, address (8), protocol
      if (f.size() < 16) return truncated();
      return by_ethertype(be16(f, 14), f.subspan(16));
    case link_type::linux_sll2:  // protocol, reserved, interface index, ARPHRD, packet type, address length, address
                                 // (8)
      if (f.size() < 20) return truncated();
      return by_ethertype(be16(f, 0), f.subspan(20));
    case link_type::null:
    case link_type::loop:
      return by_version(f, 4);
    case link_type::raw:
    case link_type::raw_dlt12:
    case link_type::raw_dlt14:
    case link_type::ipv4:
    case link_type::ipv6:
      return by_version(f, 0);
  }
  return link_layer_result{frame_payload::unknown_link, {}};
}

}  // namespace meridian::capture
