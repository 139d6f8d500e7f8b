// `meridian gnb`: the gNB's N2 side (core::gnb_node: NG Setup with retries,
// re-establishment, NG Reset, Error Indication) until SIGINT/SIGTERM. SIGUSR1
// sends NG Reset to every AMF; SIGUSR2 sends RAN Configuration Update. This
// file parses the options and prints.

#include <cstdio>
#include <memory>

#include "command.hpp"
#include "meridian/common/log.hpp"
#include "meridian/core/gnb_node.hpp"
#include "meridian/core/node_overrides.hpp"
#include "meridian/core/run_loop.hpp"
#include "n2_command_support.hpp"

namespace meridian::app {

namespace {

struct gnb_options {
  core::gnb_node_config cfg;
  core::gnb_overrides overrides;
};

int run_gnb(gnb_options& o) {
  if (auto r = core::apply_overrides(o.overrides, o.cfg); !r) throw usage_error(r.error());
  asio::io_context io;
  system_clock_source clk;
  auto node = core::gnb_node::create(io, o.cfg, clk);
  if (!node) {
    if (node.error().kind_ == core::node_error::kind::capture) throw usage_error("--pcap: " + node.error().message_);
    std::fprintf(stderr, "meridian gnb: error: %s\n", node.error().message_.c_str());
    return exit_failure;
  }
  auto& gnb = **node;
  core::run_until_stopped(io, {.on_stop = [&] { gnb.stop(); },
                               .on_usr1 = [&] { gnb.send_ng_reset_to_all(); },
                               .on_usr2 = [&] { gnb.send_ran_configuration_update_to_all(); }});
  log::get("gnb.ngap")->info("gNB stopped: {} of {} N2 links set up", gnb.ready_count(), gnb.link_count());
  return exit_ok;
}

}  // namespace

void add_gnb_command(CLI::App& app, command_list& commands) {
  auto o = std::make_shared<gnb_options>();
  auto* cmd = app.add_subcommand("gnb",
                                 "Run the gNB's N2 side: NG Setup with retries, re-establishment, NG Reset, "
                                 "Error Indication (config sections gnb: and sctp:)");
  cmd->add_option("--pcap", o->cfg.pcap_, "Capture every N2 message to this pcap file");
  cmd->add_option("--amf", o->overrides.amfs_, "AMF to connect to, ADDRESS[:PORT]; repeatable; replaces gnb.amfs");
  cmd->add_option("--ngap-port", o->overrides.amf_port_, "The AMFs' SCTP port when --amf gives none")
      ->check(CLI::Range(1, 65535));
  cmd->add_option("--local-address", o->overrides.local_address_, "Local address to bind (gnb.local_address)");
  cmd->add_option("--plmn", o->overrides.plmn_, "The gNB's PLMN, MCC/MNC (gnb.plmn)");
  cmd->add_option("--gnb-id", o->overrides.gnb_id_, "The gNB ID (gnb.id), decimal or 0x hex");
  cmd->add_option("--tac", o->overrides.tac_, "Tracking Area Code (gnb.tac)")->check(CLI::Range(0, 0xFFFFFF));
  cmd->add_option("--count", o->overrides.count_, "Run this many gNBs with consecutive ids (gnb.count)")
      ->check(CLI::Range(1, 100000));
  add_sctp_cli_options(*cmd, o->overrides.sctp_);
  commands.push_back(command{cmd, [o](context&) { return run_gnb(*o); },
                             [o](config::section& root) { core::gnb_unit::read_config(root, o->cfg); }});
}

}  // namespace meridian::app
