#include "pcap_capture.hpp"

#include <pcap/pcap.h>

#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "command.hpp"
#include "meridian/ngap/sctp_capture.hpp"

namespace meridian::app {

namespace {

constexpr std::uint16_t pfcp_port = 8805;  // TS 29.244 §4.2.2
constexpr std::uint16_t gtpu_port = 2152;  // TS 29.281 §4.4.2

std::uint16_t be16(std::span<const std::uint8_t> b, std::size_t at) {
  return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}

std::string ipv4_text(std::span<const std::uint8_t> a) { return fmt::format("{}.{}.{}.{}", a[0], a[1], a[2], a[3]); }

std::string ipv6_text(std::span<const std::uint8_t> a) {
  std::string s = "[";
  for (std::size_t i = 0; i < 16; i += 2) s += fmt::format("{}{:x}", i ? ":" : "", be16(a, i));
  return s + "]";
}

// The IP packet inside a link-layer frame (the link types libpcap gives for
// Ethernet, Linux cooked v1/v2, raw IP and BSD loopback), or an empty span.
std::span<const std::uint8_t> ip_of_frame(int link_type, std::span<const std::uint8_t> f) {
  std::size_t off = 0;
  std::uint16_t ethertype = 0;
  switch (link_type) {
    case 1:  // Ethernet, with any number of VLAN tags
      if (f.size() < 14) return {};
      ethertype = be16(f, 12);
      off = 14;
      while ((ethertype == 0x8100 || ethertype == 0x88A8) && f.size() >= off + 4) {
        ethertype = be16(f, off + 2);
        off += 4;
      }
      break;
    case 113:  // Linux cooked capture v1
      if (f.size() < 16) return {};
      ethertype = be16(f, 14);
      off = 16;
      break;
    case 276:  // Linux cooked capture v2
      if (f.size() < 20) return {};
      ethertype = be16(f, 0);
      off = 20;
      break;
    case 0:  // BSD loopback (4-octet address family), then raw IP variants
    case 12:
    case 101:
    case 228:
    case 229:
      off = link_type == 0 ? 4 : 0;
      if (f.size() <= off) return {};
      ethertype = (f[off] >> 4) == 6 ? 0x86DD : 0x0800;
      break;
    default:
      return {};
  }
  if (ethertype != 0x0800 && ethertype != 0x86DD) return {};
  return f.subspan(off);
}

struct pcap_closer {
  void operator()(pcap_t* p) const noexcept { pcap_close(p); }
};

}  // namespace

bool udp_message_of_frame(int link_type, std::span<const std::uint8_t> frame, captured_message& out) {
  const auto ip = ip_of_frame(link_type, frame);
  if (ip.empty()) return false;
  std::string src, dst;
  std::span<const std::uint8_t> udp;
  if ((ip[0] >> 4) == 4) {
    if (ip.size() < 20) return false;
    const std::size_t ihl = (ip[0] & 0x0Fu) * 4u;
    const std::size_t total = be16(ip, 2);
    if (ihl < 20 || total < ihl || ip.size() < total || ip[9] != 17) return false;
    if ((be16(ip, 6) & 0x3FFFu) != 0) return false;  // IP fragments: not reassembled
    src = ipv4_text(ip.subspan(12, 4));
    dst = ipv4_text(ip.subspan(16, 4));
    udp = ip.subspan(ihl, total - ihl);
  } else if ((ip[0] >> 4) == 6) {
    if (ip.size() < 40) return false;
    const std::size_t plen = be16(ip, 4);
    if (ip.size() < 40 + plen || ip[6] != 17) return false;  // extension headers: not expected on N3/N4
    src = ipv6_text(ip.subspan(8, 16));
    dst = ipv6_text(ip.subspan(24, 16));
    udp = ip.subspan(40, plen);
  } else {
    return false;
  }
  if (udp.size() < 8) return false;
  const std::uint16_t sport = be16(udp, 0);
  const std::uint16_t dport = be16(udp, 2);
  const std::size_t ulen = be16(udp, 4);
  if (ulen < 8 || ulen > udp.size()) return false;
  if (sport == pfcp_port || dport == pfcp_port)
    out.protocol = captured_protocol::pfcp;
  else if (sport == gtpu_port || dport == gtpu_port)
    out.protocol = captured_protocol::gtpu;
  else
    return false;
  out.src = src + ":" + std::to_string(sport);
  out.dst = dst + ":" + std::to_string(dport);
  out.stream = 0;
  const auto payload = udp.subspan(8, ulen - 8);
  out.payload.assign(payload.begin(), payload.end());
  return true;
}

std::vector<captured_message> read_capture(const std::string& file) {
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  std::unique_ptr<pcap_t, pcap_closer> p(pcap_open_offline(file.c_str(), errbuf));
  if (!p) throw usage_error(fmt::format("cannot read capture {}: {}", file, errbuf));
  const int link = pcap_datalink(p.get());
  ngap::sctp_ngap_extractor extractor;
  std::vector<ngap::captured_ngap> ngap_messages;
  std::vector<captured_message> out;
  pcap_pkthdr* hdr = nullptr;
  const std::uint8_t* data = nullptr;
  std::uint64_t frame = 0;
  while (pcap_next_ex(p.get(), &hdr, &data) == 1) {
    ++frame;
    const std::span bytes(data, hdr->caplen);
    ngap_messages.clear();
    extractor.add_frame(frame, link, bytes, ngap_messages);
    for (auto& m : ngap_messages)
      out.push_back(
          {m.frame, captured_protocol::ngap, std::move(m.src), std::move(m.dst), m.stream, std::move(m.payload)});
    captured_message udp;
    udp.frame = frame;
    if (udp_message_of_frame(link, bytes, udp)) out.push_back(std::move(udp));
  }
  return out;
}

}  // namespace meridian::app
