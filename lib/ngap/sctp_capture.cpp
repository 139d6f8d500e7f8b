#include "meridian/ngap/sctp_capture.hpp"

#include <cstdio>

namespace meridian::ngap {

namespace {

constexpr std::uint32_t ngap_ppid = 60;        // TS 38.412 §7
constexpr std::uint16_t ngap_port = 38412;     // TS 38.412 §7
constexpr std::uint16_t sctp_udp_port = 9899;  // RFC 6951 (tshark's default)

std::uint16_t be16(std::span<const std::uint8_t> b, std::size_t at) {
  return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}
std::uint32_t be32(std::span<const std::uint8_t> b, std::size_t at) {
  return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) | (std::uint32_t{b[at + 2]} << 8) | b[at + 3];
}

std::string ipv4_text(std::span<const std::uint8_t> a) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
  return buf;
}

std::string ipv6_text(std::span<const std::uint8_t> a) {
  std::string s = "[";
  for (std::size_t i = 0; i < 16; i += 2) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%x", be16(a, i));
    if (i) s += ':';
    s += buf;
  }
  return s + "]";
}

}  // namespace

void sctp_ngap_extractor::add_frame(std::uint64_t frame_number, int link_type, std::span<const std::uint8_t> f,
                                    std::vector<captured_ngap>& out) {
  std::size_t off = 0;
  std::uint16_t ethertype = 0;
  switch (link_type) {
    case 1: {  // Ethernet, with any number of VLAN tags
      if (f.size() < 14) return void(++skipped_);
      off = 12;
      ethertype = be16(f, off);
      off += 2;
      while ((ethertype == 0x8100 || ethertype == 0x88A8) && f.size() >= off + 4) {
        ethertype = be16(f, off + 2);
        off += 4;
      }
      break;
    }
    case 113:  // Linux cooked capture v1
      if (f.size() < 16) return void(++skipped_);
      ethertype = be16(f, 14);
      off = 16;
      break;
    case 276:  // Linux cooked capture v2
      if (f.size() < 20) return void(++skipped_);
      ethertype = be16(f, 0);
      off = 20;
      break;
    case 0:  // BSD loopback: 4-octet address family in host order
    case 12:
    case 101:
    case 228:
    case 229:
      off = link_type == 0 ? 4 : 0;
      if (f.size() <= off) return void(++skipped_);
      ethertype = (f[off] >> 4) == 6 ? 0x86DD : 0x0800;
      break;
    default:
      return void(++skipped_);
  }
  if (ethertype != 0x0800 && ethertype != 0x86DD) return;
  add_ip(frame_number, f.subspan(off), out);
}

void sctp_ngap_extractor::add_ip(std::uint64_t frame_number, std::span<const std::uint8_t> ip,
                                 std::vector<captured_ngap>& out) {
  if (ip.empty()) return void(++skipped_);
  std::string src, dst;
  std::uint8_t proto = 0;
  std::span<const std::uint8_t> payload;
  if ((ip[0] >> 4) == 4) {
    if (ip.size() < 20) return void(++skipped_);
    const std::size_t ihl = (ip[0] & 0x0Fu) * 4u;
    const std::size_t total = be16(ip, 2);
    if (ihl < 20 || total < ihl || ip.size() < total) return void(++skipped_);
    if ((be16(ip, 6) & 0x3FFFu) != 0) return void(++skipped_);  // IP fragments: not reassembled
    proto = ip[9];
    src = ipv4_text(ip.subspan(12, 4));
    dst = ipv4_text(ip.subspan(16, 4));
    payload = ip.subspan(ihl, total - ihl);
  } else if ((ip[0] >> 4) == 6) {
    if (ip.size() < 40) return void(++skipped_);
    const std::size_t plen = be16(ip, 4);
    if (ip.size() < 40 + plen) return void(++skipped_);
    proto = ip[6];
    src = ipv6_text(ip.subspan(8, 16));
    dst = ipv6_text(ip.subspan(24, 16));
    payload = ip.subspan(40, plen);  // extension headers: not expected on N2
  } else {
    return void(++skipped_);
  }
  if (proto == 132) {
    add_sctp(frame_number, src, dst, payload, out);
  } else if (proto == 17 && payload.size() >= 8) {
    const std::uint16_t sp = be16(payload, 0);
    const std::uint16_t dp = be16(payload, 2);
    if (sp == sctp_udp_port || dp == sctp_udp_port) add_sctp(frame_number, src, dst, payload.subspan(8), out);
  }
}

void sctp_ngap_extractor::add_sctp(std::uint64_t frame_number, const std::string& src_addr, const std::string& dst_addr,
                                   std::span<const std::uint8_t> s, std::vector<captured_ngap>& out) {
  if (s.size() < 12) return void(++skipped_);
  const std::uint16_t sport = be16(s, 0);
  const std::uint16_t dport = be16(s, 2);
  const std::string src = src_addr + ":" + std::to_string(sport);
  const std::string dst = dst_addr + ":" + std::to_string(dport);
  std::size_t off = 12;
  while (off + 4 <= s.size()) {
    const std::uint8_t type = s[off];
    const std::uint8_t flags = s[off + 1];
    const std::size_t len = be16(s, off + 2);
    if (len < 4 || off + len > s.size()) return void(++skipped_);
    if (type == 0 && len >= 16) {  // DATA (RFC 9260 §3.3.1)
      const std::uint16_t stream = be16(s, off + 8);
      const std::uint32_t ppid = be32(s, off + 12);
      auto data = s.subspan(off + 16, len - 16);
      const bool begin = (flags & 0x02u) != 0;
      const bool end = (flags & 0x01u) != 0;
      const bool ngap = ppid == ngap_ppid || sport == ngap_port || dport == ngap_port;
      if (ngap) {
        fragment_key key{src, dst, stream};
        std::vector<std::uint8_t> msg;
        bool complete = false;
        if (begin && end) {
          msg.assign(data.begin(), data.end());
          complete = true;
        } else if (begin) {
          partial_[key].assign(data.begin(), data.end());
        } else if (auto it = partial_.find(key); it != partial_.end()) {
          it->second.insert(it->second.end(), data.begin(), data.end());
          if (end) {
            msg = std::move(it->second);
            partial_.erase(it);
            complete = true;
          }
        }
        if (complete) out.push_back(captured_ngap{frame_number, src, dst, stream, std::move(msg)});
      }
    }
    off += (len + 3) / 4 * 4;
  }
}

}  // namespace meridian::ngap
