// The UPF's configuration: `upf:` (the data path, docs/upf.md) and `n4:`
// (docs/n4.md) read over the defaults of upf_node_config.

#include <fmt/format.h>

#include "meridian/core/upf_node.hpp"
#include "meridian/upf/ids.hpp"

namespace meridian::core {

namespace {

std::array<std::uint8_t, 4> read_address(config::section& s, std::string_view key, std::array<std::uint8_t, 4> def) {
  std::string text = fmt::format("{}.{}.{}.{}", def[0], def[1], def[2], def[3]);
  s.read(key, text);
  const auto a = upf::parse_ipv4(text);
  if (!a) s.fail(key, fmt::format("'{}' is not an IPv4 address", text));
  return upf::ipv4_octets(*a);
}

/// Reads `upf:` over the defaults.
void read_upf_section(config::section s, upf_node_config& cfg) {
  auto& d = cfg.datapath_;
  d.workers_ = static_cast<std::size_t>(
      s.read_integer("workers", 1, upf::datapath_config::max_workers, static_cast<std::int64_t>(d.workers_)));
  d.sessions_.expected_sessions_ = static_cast<std::size_t>(
      s.read_integer("expected_sessions", 1, 100'000'000, static_cast<std::int64_t>(d.sessions_.expected_sessions_)));
  d.pipeline_.error_indication_rate_ = static_cast<std::uint32_t>(
      s.read_integer("error_indications_per_second", 0, 1'000'000, d.pipeline_.error_indication_rate_));
  d.handoff_ring_slots_ = static_cast<std::size_t>(
      s.read_integer("handoff_ring_slots", 16, 1 << 20, static_cast<std::int64_t>(d.handoff_ring_slots_)));

  auto n3 = s.child("n3");
  d.n3_.bind_.address = read_address(n3, "address", d.n3_.bind_.address);
  d.n3_.bind_.port = static_cast<std::uint16_t>(n3.read_integer("port", 0, 65535, d.n3_.bind_.port));
  d.n3_.batch_size_ =
      static_cast<std::size_t>(n3.read_integer("batch_size", 1, 1024, static_cast<std::int64_t>(d.n3_.batch_size_)));
  n3.read("gro", d.n3_.try_gro_);
  n3.read("gso", d.n3_.try_gso_);
  n3.read("receive_buffer_bytes", d.n3_.receive_buffer_bytes_);
  n3.read("send_buffer_bytes", d.n3_.send_buffer_bytes_);
  n3.finish();

  auto tun = s.child("tun");
  if (!d.tun_) d.tun_ = transport::tun_config{};
  transport::tun_config& t = *d.tun_;
  tun.read("name", t.name_);
  tun.read("address", cfg.tun_address_);
  if (!parse_ipv4_prefix(cfg.tun_address_))
    tun.fail("address", fmt::format("'{}' is not an IPv4 prefix (a.b.c.d/len)", cfg.tun_address_));
  unsigned mtu = t.mtu_.value_or(1400);
  mtu = static_cast<unsigned>(tun.read_integer("mtu", 576, 2000, mtu));
  t.mtu_ = mtu;
  tun.read("offloads", t.try_offloads_);
  tun.finish();

  auto buffer = s.child("buffer");
  auto& b = d.sessions_.session_.buffer_;
  b.max_packets_ =
      static_cast<std::size_t>(buffer.read_integer("packets", 1, 65536, static_cast<std::int64_t>(b.max_packets_)));
  b.max_packet_size_ = static_cast<std::size_t>(
      buffer.read_integer("packet_size", 64, 9216, static_cast<std::int64_t>(b.max_packet_size_)));
  buffer.finish();
  s.finish();
}

}  // namespace

upf::datapath_config upf_node_config::default_datapath() {
  upf::datapath_config d;
  d.n3_.bind_ = ipv4_endpoint{{127, 0, 0, 1}, 2152};
  // A GRO buffer takes up to 64 KiB of the receive buffer: the kernel's
  // default (about 208 KiB) holds three, and a burst of a few hundred
  // microseconds overflows it.
  d.n3_.receive_buffer_bytes_ = 8 << 20;
  d.n3_.send_buffer_bytes_ = 4 << 20;
  d.tun_ = transport::tun_config{};
  d.tun_->name_ = "upf0";
  d.tun_->mtu_ = 1400;
  // Uplink super-packets and downlink GSO reads need the virtio header; a
  // kernel without it falls back to one packet per read and write.
  d.tun_->try_offloads_ = true;
  return d;
}

std::optional<transport::tun_ipv4_address> parse_ipv4_prefix(std::string_view text) {
  const auto slash = text.find('/');
  const auto a = upf::parse_ipv4(text.substr(0, slash));
  if (!a) return std::nullopt;
  transport::tun_ipv4_address out{upf::ipv4_octets(*a), 32};
  if (slash != std::string_view::npos) {
    const auto len = text.substr(slash + 1);
    if (len.empty() || len.size() > 2 || len.find_first_not_of("0123456789") != std::string_view::npos)
      return std::nullopt;
    const int n = (len.size() == 1) ? len[0] - '0' : (len[0] - '0') * 10 + (len[1] - '0');
    if (n < 1 || n > 32) return std::nullopt;
    out.prefix_length_ = static_cast<std::uint8_t>(n);
  }
  return out;
}

void upf_unit::read_config(config::section& root, upf_node_config& cfg) {
  read_upf_section(root.child("upf"), cfg);
  upf::read_config(root.child("n4"), cfg.n4_);
}

}  // namespace meridian::core
