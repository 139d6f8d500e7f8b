#include "meridian/upf_bench/packets.hpp"

#include <algorithm>
#include <cstring>

#include "meridian/gtpu/gpdu.hpp"

namespace meridian::upf_bench {
namespace {

void put16(std::uint8_t* p, std::uint16_t v) noexcept {
  p[0] = static_cast<std::uint8_t>(v >> 8);
  p[1] = static_cast<std::uint8_t>(v);
}
void put32(std::uint8_t* p, std::uint32_t v) noexcept {
  put16(p, static_cast<std::uint16_t>(v >> 16));
  put16(p + 2, static_cast<std::uint16_t>(v));
}
void put64(std::uint8_t* p, std::uint64_t v) noexcept {
  put32(p, static_cast<std::uint32_t>(v >> 32));
  put32(p + 4, static_cast<std::uint32_t>(v));
}
std::uint16_t get16(const std::uint8_t* p) noexcept { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }
std::uint32_t get32(const std::uint8_t* p) noexcept { return std::uint32_t{get16(p)} << 16 | get16(p + 2); }
std::uint64_t get64(const std::uint8_t* p) noexcept { return std::uint64_t{get32(p)} << 32 | get32(p + 4); }

std::uint16_t fold_complement(std::uint32_t sum) noexcept {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

}  // namespace

void write_probe(std::span<std::uint8_t> out, const probe& p) noexcept {
  if (out.size() < probe_size) return;
  std::uint8_t* o = out.data();
  put32(o, probe_magic);
  put32(o + 4, p.trial_);
  put32(o + 8, p.flow_);
  put64(o + 12, p.sequence_);
  put64(o + 20, p.sent_ns_);
}

std::optional<probe> read_probe(std::span<const std::uint8_t> payload) noexcept {
  if (payload.size() < probe_size) return std::nullopt;
  const std::uint8_t* p = payload.data();
  if (get32(p) != probe_magic) return std::nullopt;
  return probe{get32(p + 4), get32(p + 8), get64(p + 12), get64(p + 20)};
}

void write_ipv4_udp_headers(std::span<std::uint8_t> out, const ipv4_endpoint& source, const ipv4_endpoint& destination,
                            std::size_t payload_size) noexcept {
  if (out.size() < ipv4_header_size + udp_header_size) return;
  std::uint8_t* ip = out.data();
  const auto total = static_cast<std::uint16_t>(ipv4_header_size + udp_header_size + payload_size);
  ip[0] = 0x45;
  ip[1] = 0;
  put16(ip + 2, total);
  put16(ip + 4, 0);       // Identification: unused with DF
  put16(ip + 6, 0x4000);  // DF
  ip[8] = 64;
  ip[9] = 17;
  put16(ip + 10, 0);
  std::copy(source.address.begin(), source.address.end(), ip + 12);
  std::copy(destination.address.begin(), destination.address.end(), ip + 16);
  put16(ip + 10, fold_complement(internet_checksum_sum(out.first(ipv4_header_size))));
  std::uint8_t* udp = ip + ipv4_header_size;
  put16(udp, source.port);
  put16(udp + 2, destination.port);
  put16(udp + 4, static_cast<std::uint16_t>(udp_header_size + payload_size));
  put16(udp + 6, 0);
}

std::optional<uplink_packet_writer> uplink_packet_writer::create(const uplink_layout& layout) {
  if (layout.inner_size_ < min_inner_size || layout.inner_size_ > max_inner_size) return std::nullopt;
  const auto q = qfi::from(layout.qfi_);
  if (!q) return std::nullopt;
  gtpu::gpdu_header_params params;
  params.teid_ = teid{};
  gtpu::ul_pdu_session_information ul;
  ul.qfi_ = *q;
  params.pdu_session_container_ = gtpu::pdu_session_container{ul};
  const std::size_t header = gtpu::gpdu_header_size(params);

  uplink_packet_writer w;
  w.gtpu_header_size_ = header;
  w.template_.assign(header + layout.inner_size_, 0);
  const std::size_t payload = downlink_payload_size(layout.inner_size_);
  write_ipv4_udp_headers(std::span(w.template_).subspan(header), ipv4_endpoint{{0, 0, 0, 0}, layout.ue_port_},
                         layout.destination_, payload);
  // Filler after the probe: a recognisable pattern rather than zeros.
  for (std::size_t i = header + min_inner_size; i < w.template_.size(); ++i)
    w.template_[i] = static_cast<std::uint8_t>(i);
  auto written = gtpu::prepend_gpdu_header(w.template_, header, layout.inner_size_, params);
  if (!written) return std::nullopt;
  // The checksum of the header as it will be, but without the source address
  // and the checksum field, so that write() only adds the UE's address.
  std::array<std::uint8_t, ipv4_header_size> h{};
  std::copy_n(w.template_.begin() + static_cast<std::ptrdiff_t>(header), ipv4_header_size, h.begin());
  h[10] = h[11] = 0;
  std::fill(h.begin() + 12, h.begin() + 16, 0);
  w.header_sum_without_source_ = internet_checksum_sum(h);
  const std::span<const std::uint8_t> ip(w.template_.data() + header, layout.inner_size_);
  std::uint32_t udp = internet_checksum_sum(ip.subspan(16, 4));  // destination address
  udp += 17 + static_cast<std::uint32_t>(layout.inner_size_ - ipv4_header_size);
  udp = internet_checksum_sum(ip.subspan(ipv4_header_size, udp_header_size), udp);
  w.udp_sum_without_source_and_probe_ = internet_checksum_sum(ip.subspan(min_inner_size), udp);
  return w;
}

void uplink_packet_writer::write(std::span<std::uint8_t> out, const bench_session& s, const probe& p,
                                 std::uint16_t id) const noexcept {
  if (out.size() < template_.size()) return;
  std::uint8_t* o = out.data();
  std::memcpy(o, template_.data(), template_.size());
  put32(o + 4, s.uplink_teid_.value());
  std::uint8_t* ip = o + gtpu_header_size_;
  put16(ip + 4, id);
  std::memcpy(ip + 12, s.ue_address_.data(), 4);
  const std::uint32_t source = std::uint32_t{get16(s.ue_address_.data())} + get16(s.ue_address_.data() + 2);
  put16(ip + 10, fold_complement(header_sum_without_source_ + source + id));
  write_probe(out.subspan(probe_offset()), p);
  // The probe is at an even offset of the UDP datagram, so its words add in as they are.
  const std::uint32_t udp =
      internet_checksum_sum(out.subspan(probe_offset(), probe_size), udp_sum_without_source_and_probe_ + source);
  const std::uint16_t c = fold_complement(udp);
  put16(ip + ipv4_header_size + 6, c == 0 ? 0xffff : c);  // RFC 768: zero means "no checksum"
}

std::optional<probe> read_downlink_gpdu(std::span<const std::uint8_t> packet) noexcept {
  auto h = gtpu::decode_gpdu(packet);
  if (!h) return std::nullopt;
  const auto ip = h->body_;
  if (ip.size() < ipv4_header_size + udp_header_size || (ip[0] >> 4) != 4 || ip[9] != 17) return std::nullopt;
  const std::size_t ihl = std::size_t{ip[0] & 0x0fu} * 4;
  if (ihl < ipv4_header_size || ip.size() < ihl + udp_header_size) return std::nullopt;
  return read_probe(ip.subspan(ihl + udp_header_size));
}

std::vector<bench_session> synthetic_sessions(std::size_t count, std::array<std::uint8_t, 4> ue_pool_base) {
  std::vector<bench_session> out;
  out.reserve(count);
  const std::uint32_t base = get32(ue_pool_base.data());
  for (std::size_t i = 0; i < count; ++i) {
    bench_session s;
    s.uplink_teid_ = *teid::from(1 + i);
    s.downlink_teid_ = *teid::from(0x10000000u + i);
    put32(s.ue_address_.data(), base + 1 + static_cast<std::uint32_t>(i));
    out.push_back(s);
  }
  return out;
}

}  // namespace meridian::upf_bench
