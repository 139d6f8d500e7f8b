// `meridian upf`: the UPF (core::upf_node: N4, the data path, N6 through a
// TUN device) until SIGINT/SIGTERM, then the final counters. Configuration
// sections `upf:` and `n4:` (docs/upf.md); this file parses the options and prints.

#include <cstdio>
#include <memory>
#include <string>

#include "command.hpp"
#include "meridian/core/node_overrides.hpp"
#include "meridian/core/run_loop.hpp"
#include "meridian/core/upf_node.hpp"
#include "meridian/upf/ids.hpp"

namespace meridian::app {

namespace {

struct upf_options {
  core::upf_node_config cfg;
  core::upf_overrides overrides;
};

int run_upf(upf_options& o) {
  if (auto r = core::apply_overrides(o.overrides, o.cfg); !r) throw usage_error(r.error());
  asio::io_context io;
  system_clock_source clk;
  auto node = core::upf_node::create(io, o.cfg, clk);
  if (!node) {
    const auto& e = node.error();
    if (e.kind_ == core::upf_node_error::kind::capture) throw usage_error("--pcap: " + e.message_);
    std::fprintf(stderr, "meridian upf: error: %s%s\n", e.kind_ == core::upf_node_error::kind::n4 ? "N4: " : "",
                 e.message_.c_str());
    return exit_failure;
  }
  (*node)->start();
  core::run_until_stopped(io, {.on_stop = [&] { (*node)->stop(); }, .linger = {}});

  const auto s = (*node)->status();
  std::printf("UPF stopped: %zu session(s)\n", s.sessions_);
  for (std::size_t i = 0; i < s.counters_.size(); ++i)
    std::printf("  %s: %llu\n", std::string(upf::to_string(static_cast<upf::worker_counter>(i))).c_str(),
                static_cast<unsigned long long>(s.counters_[i]));
  std::fflush(stdout);
  return exit_ok;
}

}  // namespace

void add_upf_command(CLI::App& app, command_list& commands) {
  auto o = std::make_shared<upf_options>();
  auto* cmd = app.add_subcommand("upf",
                                 "Run the UPF: N4 (PFCP), N3 (GTP-U) and N6 through a TUN device it creates "
                                 "(needs CAP_NET_ADMIN; config sections upf: and n4:)");
  cmd->add_option("--n3-address", o->overrides.n3_address_, "Address N3 (GTP-U) listens on (upf.n3.address)");
  cmd->add_option("--n3-port", o->overrides.n3_port_, "UDP port of N3 (upf.n3.port)")->check(CLI::Range(0, 65535));
  cmd->add_option("--n4-address", o->overrides.n4_address_, "Address N4 (PFCP) listens on (n4.bind)");
  cmd->add_option("--n4-port", o->overrides.n4_port_, "UDP port of N4 (n4.port)")->check(CLI::Range(0, 65535));
  cmd->add_option("--tun-name", o->overrides.tun_name_, "Name of the N6 TUN device (upf.tun.name)");
  cmd->add_option("--tun-address", o->overrides.tun_address_,
                  "TUN address and UE pool prefix, a.b.c.d/len (upf.tun.address)");
  cmd->add_option("--workers", o->overrides.workers_, "Forwarding threads (upf.workers)")
      ->check(CLI::Range(1, static_cast<int>(upf::datapath_config::max_workers)));
  cmd->add_option("--pcap", o->cfg.pcap_,
                  "Capture every PFCP message on N4 and GTP-U datagram on N3 to this pcap file (costs throughput)");
  cmd->add_option("--pcap-snaplen", o->cfg.pcap_limits_.gpdu_inner_octets,
                  "Octets of a G-PDU's inner packet kept in the capture; 0 keeps it whole (default 128; "
                  "control messages are always whole)");
  cmd->add_option_function<std::uint64_t>(
         "--pcap-size", [o](std::uint64_t mib) { o->cfg.pcap_limits_.max_file_bytes = mib << 20; },
         "Rotate the capture when a file reaches this many MiB; 0 never rotates (default 100)")
      ->check(CLI::Range(std::uint64_t{0}, std::uint64_t{1} << 30));
  cmd->add_option("--pcap-files", o->cfg.pcap_limits_.files,
                  "Capture files kept: FILE is the newest, FILE.1 ... the older ones (default 10)")
      ->check(CLI::Range(1u, 1000u));
  cmd->add_option("--smf", o->overrides.smfs_, "Set up a PFCP association with this SMF (port 8805); repeatable");
  commands.push_back(command{cmd, [o](context&) { return run_upf(*o); },
                             [o](config::section& root) { core::upf_unit::read_config(root, o->cfg); }});
}

}  // namespace meridian::app
