// Joining uplink packets into GSO super-packets for the TUN; see gso_coalescer.hpp.

#include "meridian/upf/gso_coalescer.hpp"

#include <algorithm>
#include <cstring>

#include "meridian/common/ip_framing.hpp"

namespace meridian::upf {

namespace {

constexpr std::size_t ipv4_header = 20;
constexpr std::uint8_t proto_tcp = 6;
constexpr std::uint8_t proto_udp = 17;
constexpr std::size_t udp_header = 8;
// TCP flags (RFC 9293 §3.1): a joined segment carries ACK and nothing else, PSH on the last.
constexpr std::uint8_t tcp_psh = 0x08, tcp_ack = 0x10;
// Linux refuses a UDP_L4 GSO packet from a TUN with more segments than
// UDP_MAX_SEGMENTS (include/linux/udp.h: 64 on older kernels).
constexpr std::size_t max_udp_segments = 64;

std::uint16_t load16(const std::uint8_t* p) noexcept { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }
std::uint32_t load32(const std::uint8_t* p) noexcept {
  return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
}
void store16(std::uint8_t* p, std::uint16_t v) noexcept {
  p[0] = static_cast<std::uint8_t>(v >> 8);
  p[1] = static_cast<std::uint8_t>(v);
}

/// The pseudo-header sum (RFC 768, RFC 9293 §3.1) of `ip` for `l4_length` octets.
std::uint32_t pseudo_header_sum(const std::uint8_t* ip, std::size_t l4_length) noexcept {
  return internet_checksum_sum(std::span(ip + 12, 8)) + ip[9] + static_cast<std::uint32_t>(l4_length);
}

std::uint16_t fold(std::uint32_t sum) noexcept {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(sum);
}

}  // namespace

gso_coalescer::gso_coalescer(std::size_t open_flows, std::size_t buffers, coalesce_protocols protocols)
    : protocols_(protocols), runs_(std::max<std::size_t>(open_flows, 1)), buffers_(std::max<std::size_t>(buffers, 1)) {
  for (std::size_t i = 0; i < buffers_.size(); ++i) {
    buffers_[i].resize(max_super_packet);
    free_buffers_.push_back(i);
  }
  output_.reserve(output_capacity);
}

bool gso_coalescer::parse(std::span<const std::uint8_t> p, candidate& c) const noexcept {
  // IPv4, no options, not a fragment, Total Length exactly the packet.
  if (p.size() < ipv4_header + udp_header || p[0] != 0x45) return false;
  if (load16(p.data() + 2) != p.size()) return false;
  const std::uint16_t fragment = load16(p.data() + 6);
  if ((fragment & 0x3fff) != 0 || (fragment & 0x8000) != 0) return false;
  // A damaged header must not be rewritten into a valid one.
  if (fold(internet_checksum_sum(p.first(ipv4_header))) != 0xffff) return false;
  const std::uint8_t protocol = p[9];
  const std::uint8_t* l4 = p.data() + ipv4_header;
  const std::size_t l4_length = p.size() - ipv4_header;
  std::size_t transport_header = 0;
  if (protocol == proto_udp) {
    if (!protocols_.udp_) return false;
    if (load16(l4 + 4) != l4_length || load16(l4 + 6) == 0) return false;  // no checksum: GRO does not join either
    transport_header = udp_header;
  } else if (protocol == proto_tcp) {
    if (!protocols_.tcp_ || l4_length < 20) return false;
    transport_header = static_cast<std::size_t>(l4[12] >> 4) * 4;
    if (transport_header < 20 || transport_header > l4_length) return false;
    const std::uint8_t flags = l4[13];
    if ((flags & tcp_ack) == 0 || (flags & ~(tcp_ack | tcp_psh)) != 0) return false;
    c.sequence_ = load32(l4 + 4);
    c.push_ = (flags & tcp_psh) != 0;
  } else {
    return false;
  }
  if (l4_length == transport_header) return false;  // nothing to segment (a pure ACK)
  // The checksum must be right: the kernel recomputes it for every segment.
  if (fold(internet_checksum_sum(p.subspan(ipv4_header), pseudo_header_sum(p.data(), l4_length))) != 0xffff)
    return false;
  c.key_ = flow_key{load32(p.data() + 12),   load32(p.data() + 16), load16(l4), load16(l4 + 2), protocol, p[1], p[8],
                    (fragment & 0x4000) != 0};
  c.packet_ = p;
  c.header_length_ = ipv4_header + transport_header;
  c.id_ = load16(p.data() + 4);
  return true;
}

bool gso_coalescer::joins(const run& r, const candidate& c) const noexcept {
  if (r.closed_ || c.id_ != r.next_id_ || c.header_length_ != r.header_length_) return false;
  const std::size_t payload = c.packet_.size() - c.header_length_;
  if (payload > r.segment_size_ || r.length_ + payload > max_super_packet) return false;
  if (c.key_.protocol_ == proto_udp) return r.segments_ < max_udp_segments;
  // TCP: in sequence, same acknowledgement, window, urgent pointer (meaningless
  // without URG, but every segment gets the first one's) and options.
  if (c.sequence_ != r.next_sequence_) return false;
  const std::uint8_t* head = r.segments_ == 1 ? r.first_.data() : buffers_[r.buffer_].data();
  const std::uint8_t* a = head + ipv4_header;
  const std::uint8_t* b = c.packet_.data() + ipv4_header;
  return std::memcmp(a + 8, b + 8, 4) == 0 && std::memcmp(a + 14, b + 14, 2) == 0 &&
         std::memcmp(a + 18, b + 18, 2) == 0 && std::memcmp(a + 20, b + 20, r.header_length_ - ipv4_header - 20) == 0;
}

void gso_coalescer::start(run& r, const candidate& c) noexcept {
  r.open_ = true;
  r.key_ = c.key_;
  r.first_ = c.packet_;
  r.length_ = c.packet_.size();
  r.header_length_ = c.header_length_;
  r.segments_ = 1;
  r.segment_size_ = c.packet_.size() - c.header_length_;
  r.next_id_ = static_cast<std::uint16_t>(c.id_ + 1);
  r.next_sequence_ = c.sequence_ + static_cast<std::uint32_t>(r.segment_size_);
  r.closed_ = c.push_;
  r.age_ = ++clock_;
}

bool gso_coalescer::append(run& r, const candidate& c) noexcept {
  if (r.segments_ == 1) {
    if (free_buffers_.empty()) return false;
    r.buffer_ = free_buffers_.back();
    free_buffers_.pop_back();
    std::memcpy(buffers_[r.buffer_].data(), r.first_.data(), r.first_.size());
  }
  std::uint8_t* out = buffers_[r.buffer_].data();
  const std::size_t payload = c.packet_.size() - c.header_length_;
  std::memcpy(out + r.length_, c.packet_.data() + c.header_length_, payload);
  r.length_ += payload;
  ++r.segments_;
  r.next_id_ = static_cast<std::uint16_t>(c.id_ + 1);
  r.next_sequence_ = c.sequence_ + static_cast<std::uint32_t>(payload);
  if (payload < r.segment_size_) r.closed_ = true;
  if (c.push_) {
    // The kernel gives the super-packet's flags to its last segment (and
    // clears PSH on the others): the last packet's flags go in the header.
    out[ipv4_header + 13] = c.packet_[ipv4_header + 13];
    r.closed_ = true;
  }
  r.age_ = ++clock_;
  return true;
}

void gso_coalescer::close(run& r) noexcept {
  if (!r.open_) return;
  r.open_ = false;
  if (r.segments_ == 1) {
    output_.push_back(n6_packet{r.first_, {}});
    return;
  }
  std::uint8_t* ip = buffers_[r.buffer_].data();
  store16(ip + 2, static_cast<std::uint16_t>(r.length_));
  store16(ip + 10, 0);
  store16(ip + 10, static_cast<std::uint16_t>(~fold(internet_checksum_sum(std::span(ip, ipv4_header)))));
  const std::size_t l4_length = r.length_ - ipv4_header;
  std::uint8_t* l4 = ip + ipv4_header;
  transport::gso_info gso;
  gso.needs_checksum_ = true;
  gso.header_length_ = static_cast<std::uint16_t>(r.header_length_);
  gso.gso_size_ = static_cast<std::uint16_t>(r.segment_size_);
  gso.checksum_start_ = ipv4_header;
  // NEEDS_CSUM convention: the field holds the pseudo-header sum, not complemented.
  const std::uint16_t partial = fold(pseudo_header_sum(ip, l4_length));
  if (r.key_.protocol_ == proto_udp) {
    store16(l4 + 4, static_cast<std::uint16_t>(l4_length));
    store16(l4 + 6, partial);
    gso.gso_type_ = transport::gso_info::gso_udp_l4;
    gso.checksum_offset_ = 6;
  } else {
    store16(l4 + 16, partial);
    gso.gso_type_ = transport::gso_info::gso_tcpv4;
    gso.checksum_offset_ = 16;
  }
  output_.push_back(n6_packet{std::span<const std::uint8_t>(ip, r.length_), gso});
  joined_packets_ += r.segments_;
  ++super_packets_;
}

bool gso_coalescer::add(std::span<const std::uint8_t> packet) noexcept {
  // Room for this packet and every open run in the output, so that neither
  // this call nor finish() allocates.
  if (output_.size() + runs_.size() + 1 > output_.capacity()) return false;
  candidate c;
  if (!parse(packet, c)) {
    // Not joinable; a run of the same addresses is closed first so that a
    // flow's packets keep their order whatever made this one different.
    if (packet.size() >= ipv4_header && (packet[0] >> 4) == 4) {
      const std::uint32_t s = load32(packet.data() + 12), d = load32(packet.data() + 16);
      for (run& r : runs_)
        if (r.open_ && r.key_.source_ == s && r.key_.destination_ == d) close(r);
    }
    output_.push_back(n6_packet{packet, {}});
    return true;
  }
  run* oldest = nullptr;
  run* empty = nullptr;
  for (run& r : runs_) {
    if (!r.open_) {
      if (empty == nullptr) empty = &r;
      continue;
    }
    if (r.key_ == c.key_) {
      if (joins(r, c)) return append(r, c);
      close(r);
      start(r, c);
      return true;
    }
    if (oldest == nullptr || r.age_ < oldest->age_) oldest = &r;
  }
  if (empty == nullptr) {
    close(*oldest);
    empty = oldest;
  }
  start(*empty, c);
  return true;
}

std::span<const n6_packet> gso_coalescer::finish() noexcept {
  for (run& r : runs_) close(r);
  return output_;
}

void gso_coalescer::clear() noexcept {
  for (run& r : runs_) r.open_ = false;  // finish() closed them; no run may keep a buffer
  output_.clear();
  free_buffers_.clear();
  for (std::size_t i = 0; i < buffers_.size(); ++i) free_buffers_.push_back(i);
}

}  // namespace meridian::upf
