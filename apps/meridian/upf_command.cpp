// `meridian upf`: the UPF — N4 (PFCP) on an Asio thread, and the data path's
// forwarding workers between N3 (GTP-U) and N6 (a TUN device it creates) —
// until SIGINT/SIGTERM, then the final counters. Configuration sections
// `upf:` (data path) and `n4:` (PFCP node); see docs/upf.md. With --pcap, what
// crosses N3 and N4 is captured (upf_capture.hpp).

#include <chrono>
#include <csignal>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <asio/signal_set.hpp>
#include <asio/steady_timer.hpp>

#include "command.hpp"
#include "meridian/common/config.hpp"
#include "meridian/common/log.hpp"
#include "meridian/upf/datapath_engine.hpp"
#include "meridian/upf/datapath_teid_allocator.hpp"
#include "meridian/upf/n4_config.hpp"
#include "meridian/upf/n4_server.hpp"
#include "meridian/upf/upf_capture.hpp"

namespace meridian::app {

namespace {

struct upf_options {
  upf::datapath_config datapath;
  upf::n4_config n4;
  std::string tun_address = "10.45.0.1/16";  ///< the TUN's address and the UE pool it routes
  // Command-line overrides (empty / negative: keep the configuration's value).
  std::string n3_address;
  int n3_port = -1;
  std::string n4_address;
  int n4_port = -1;
  std::string tun_name;
  int workers = -1;
  std::vector<std::string> smfs;
  std::string pcap;  ///< --pcap: capture N3 and N4 to this file
};

/// "10.45.0.1/16" → address and prefix length.
std::optional<transport::tun_ipv4_address> parse_prefix(std::string_view text) {
  const auto slash = text.find('/');
  const auto a = upf::parse_ipv4(text.substr(0, slash));
  if (!a) return std::nullopt;
  transport::tun_ipv4_address out{upf::ipv4_octets(*a), 32};
  if (slash != std::string_view::npos) {
    const auto len = text.substr(slash + 1);
    if (len.empty() || len.size() > 2 || len.find_first_not_of("0123456789") != std::string_view::npos)
      return std::nullopt;
    const int n = std::stoi(std::string(len));
    if (n < 1 || n > 32) return std::nullopt;
    out.prefix_length_ = static_cast<std::uint8_t>(n);
  }
  return out;
}

std::array<std::uint8_t, 4> read_address(config::section& s, std::string_view key, std::array<std::uint8_t, 4> def) {
  std::string text = fmt::format("{}.{}.{}.{}", def[0], def[1], def[2], def[3]);
  s.read(key, text);
  const auto a = upf::parse_ipv4(text);
  if (!a) s.fail(key, fmt::format("'{}' is not an IPv4 address", text));
  return upf::ipv4_octets(*a);
}

/// Reads `upf:` over the defaults.
void read_upf_config(config::section s, upf_options& o) {
  auto& d = o.datapath;
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
  transport::tun_config& t = *d.tun_;
  tun.read("name", t.name_);
  tun.read("address", o.tun_address);
  if (!parse_prefix(o.tun_address))
    tun.fail("address", fmt::format("'{}' is not an IPv4 prefix (a.b.c.d/len)", o.tun_address));
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

/// Forwards the data path's notifications to the N4 node on its io_context;
/// the node exists only after the data path (it needs the installer).
class n4_notifier final : public upf::datapath_notifier {
 public:
  explicit n4_notifier(asio::io_context& io) : io_(&io) {}
  void attach(upf::n4_server& server) { server_ = &server; }

  void on_downlink_data(seid session, upf::pdr_id pdr) override {
    asio::post(*io_, [this, session, pdr] {
      if (server_ == nullptr) return;
      server_->node().on_downlink_data(session, pdr);
      server_->kick();
    });
  }
  void on_usage_threshold(seid session, std::vector<upf::urr_usage> usage) override {
    asio::post(*io_, [this, session, u = std::move(usage)]() mutable {
      if (server_ == nullptr) return;
      server_->node().on_usage_threshold(session, std::move(u));
      server_->kick();
    });
  }
  void on_error_indication(upf::remote_f_teid tunnel) override {
    asio::post(*io_, [this, tunnel] {
      if (server_ == nullptr) return;
      server_->node().on_error_indication(tunnel);
      server_->kick();
    });
  }

 private:
  asio::io_context* io_;
  upf::n4_server* server_ = nullptr;
};

int run_upf(upf_options& o) {
  auto& d = o.datapath;
  if (!o.n3_address.empty()) {
    const auto a = upf::parse_ipv4(o.n3_address);
    if (!a) throw usage_error(fmt::format("--n3-address: '{}' is not an IPv4 address", o.n3_address));
    d.n3_.bind_.address = upf::ipv4_octets(*a);
  }
  if (o.n3_port >= 0) d.n3_.bind_.port = static_cast<std::uint16_t>(o.n3_port);
  if (!o.n4_address.empty()) {
    const auto a = upf::parse_ipv4(o.n4_address);
    if (!a) throw usage_error(fmt::format("--n4-address: '{}' is not an IPv4 address", o.n4_address));
    o.n4.bind_address_ = upf::ipv4_octets(*a);
  }
  if (o.n4_port >= 0) o.n4.port_ = static_cast<std::uint16_t>(o.n4_port);
  for (const auto& text : o.smfs) {
    const auto a = upf::parse_ipv4(text);
    if (!a) throw usage_error(fmt::format("--smf: '{}' is not an IPv4 address", text));
    o.n4.smfs_.push_back(upf::n4_config::smf_peer{upf::ipv4_octets(*a), 8805});
  }
  if (!o.tun_name.empty()) d.tun_->name_ = o.tun_name;
  if (o.workers > 0) d.workers_ = static_cast<std::size_t>(o.workers);
  d.tun_->ipv4_ = parse_prefix(o.tun_address);
  // The F-TEIDs we hand out name the address N3 listens on.
  o.n4.n3_address_ = d.n3_.bind_.address;

  auto logger = log::get("upf");
  asio::io_context io;
  system_clock_source clk;
  // Declared before the data path and N4, which write to it until they are gone.
  std::unique_ptr<upf::upf_capture> capture;
  if (!o.pcap.empty()) {
    auto c = upf::upf_capture::create(o.pcap, clk);
    if (!c) throw usage_error("--pcap: " + c.error());
    capture = std::move(*c);
    d.capture_ = capture.get();
  }
  n4_notifier notifier(io);
  auto dp = upf::datapath_engine::open(d, clk, &notifier);
  if (!dp) {
    std::fprintf(stderr, "meridian upf: error: %s\n", dp.error().message_.c_str());
    return exit_failure;
  }
  auto& engine = **dp;
  auto n4 = upf::n4_server::create(io, o.n4, engine, clk, std::make_unique<upf::datapath_teid_allocator>(engine),
                                   capture.get());
  if (!n4) {
    std::fprintf(stderr, "meridian upf: error: N4: %s\n", n4.error().c_str());
    return exit_failure;
  }
  notifier.attach(**n4);
  engine.start();
  const auto n3 = engine.n3_endpoint();
  const auto n4_end = (*n4)->local_endpoint();
  logger->info("UPF running: N3 {}.{}.{}.{}:{} (GRO {}, GSO {}), N4 {}, N6 {} ({}), {} worker(s){}", n3.address[0],
               n3.address[1], n3.address[2], n3.address[3], n3.port, engine.n3_gro() ? "on" : "off",
               engine.n3_gso() ? "on" : "off", upf::to_string(n4_end), engine.tun_name(), o.tun_address,
               engine.worker_count(),
               engine.worker_count() > 1 ? (engine.steering() ? ", TEID steering" : ", flow-hash steering") : "");
  (*n4)->node().start();

  // The file is readable while the UPF runs: its buffer goes out every second.
  asio::steady_timer flush_timer(io);
  std::function<void()> flush_periodically = [&] {
    flush_timer.expires_after(std::chrono::seconds(1));
    flush_timer.async_wait([&](const std::error_code& ec) {
      if (ec) return;
      capture->flush();
      flush_periodically();
    });
  };
  if (capture) {
    logger->info("capturing N3 and N4 to {}", o.pcap);
    flush_periodically();
  }

  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const std::error_code& ec, int) {
    if (ec) return;
    (*n4)->stop();
    io.stop();
  });
  io.run();
  engine.stop();
  if (capture) {
    if (!capture->flush()) logger->warn("cannot write the capture to {}", o.pcap);
    logger->info("capture {}: {} packets written, {} dropped", o.pcap, capture->frames_written(),
                 capture->frames_dropped());
  }

  const auto total = engine.total_counters();
  std::printf("UPF stopped: %zu session(s)\n", engine.session_count());
  for (std::size_t i = 0; i < total.size(); ++i)
    std::printf("  %s: %llu\n", std::string(upf::to_string(static_cast<upf::worker_counter>(i))).c_str(),
                static_cast<unsigned long long>(total[i]));
  std::fflush(stdout);
  return exit_ok;
}

}  // namespace

void add_upf_command(CLI::App& app, command_list& commands) {
  auto o = std::make_shared<upf_options>();
  o->datapath.n3_.bind_ = ipv4_endpoint{{127, 0, 0, 1}, 2152};
  // A GRO buffer takes up to 64 KiB of the receive buffer: the kernel's
  // default (about 208 KiB) holds three, and a burst of a few hundred
  // microseconds overflows it.
  o->datapath.n3_.receive_buffer_bytes_ = 8 << 20;
  o->datapath.n3_.send_buffer_bytes_ = 4 << 20;
  o->datapath.tun_ = transport::tun_config{};
  o->datapath.tun_->name_ = "upf0";
  o->datapath.tun_->mtu_ = 1400;
  // Uplink super-packets and downlink GSO reads need the virtio header; a
  // kernel without it falls back to one packet per read and write.
  o->datapath.tun_->try_offloads_ = true;
  auto* cmd = app.add_subcommand("upf",
                                 "Run the UPF: N4 (PFCP), N3 (GTP-U) and N6 through a TUN device it creates "
                                 "(needs CAP_NET_ADMIN; config sections upf: and n4:)");
  cmd->add_option("--n3-address", o->n3_address, "Address N3 (GTP-U) listens on (upf.n3.address)");
  cmd->add_option("--n3-port", o->n3_port, "UDP port of N3 (upf.n3.port)")->check(CLI::Range(0, 65535));
  cmd->add_option("--n4-address", o->n4_address, "Address N4 (PFCP) listens on (n4.bind)");
  cmd->add_option("--n4-port", o->n4_port, "UDP port of N4 (n4.port)")->check(CLI::Range(0, 65535));
  cmd->add_option("--tun-name", o->tun_name, "Name of the N6 TUN device (upf.tun.name)");
  cmd->add_option("--tun-address", o->tun_address, "TUN address and UE pool prefix, a.b.c.d/len (upf.tun.address)");
  cmd->add_option("--workers", o->workers, "Forwarding threads (upf.workers)")
      ->check(CLI::Range(1, static_cast<int>(upf::datapath_config::max_workers)));
  cmd->add_option("--pcap", o->pcap,
                  "Capture every PFCP message on N4 and GTP-U datagram on N3 to this pcap file (costs throughput)");
  cmd->add_option("--smf", o->smfs, "Set up a PFCP association with this SMF (port 8805); repeatable");
  commands.push_back(command{cmd,
                             [o](context&) {
                               if (!parse_prefix(o->tun_address))
                                 throw usage_error(fmt::format(
                                     "--tun-address: '{}' is not an IPv4 prefix (a.b.c.d/len)", o->tun_address));
                               return run_upf(*o);
                             },
                             [o](config::section& root) {
                               read_upf_config(root.child("upf"), *o);
                               upf::read_config(root.child("n4"), o->n4);
                             }});
}

}  // namespace meridian::app
