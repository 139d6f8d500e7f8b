// `meridian amf`: the AMF (core::amf_node: NG Setup and the N2 management
// procedures, UE registration and deregistration with the home network in
// process) until SIGINT/SIGTERM. SIGUSR1 sends AMF Configuration Update to
// every set-up gNB; SIGUSR2 sends NG Reset to each.
// This file parses the options and prints.

#include <cstdio>
#include <memory>

#include "command.hpp"
#include "meridian/common/log.hpp"
#include "meridian/core/amf_node.hpp"
#include "meridian/core/node_overrides.hpp"
#include "meridian/core/run_loop.hpp"
#include "n2_command_support.hpp"

namespace meridian::app {

namespace {

struct amf_options {
  core::amf_node_config cfg;
  core::amf_overrides overrides;
};

int run_amf(amf_options& o) {
  if (auto r = core::apply_overrides(o.overrides, o.cfg); !r) throw usage_error(r.error());
  asio::io_context io;
  system_clock_source clk;
  auto node = core::amf_node::create(io, o.cfg, clk);
  if (!node) {
    if (node.error().kind_ == core::node_error::kind::capture) throw usage_error("--pcap: " + node.error().message_);
    if (node.error().kind_ == core::node_error::kind::store) {
      std::fprintf(stderr, "meridian amf: error: %s (give another with --db)\n", node.error().message_.c_str());
      return exit_failure;
    }
    std::fprintf(stderr, "meridian amf: error: cannot listen on N2: %s\n", node.error().message_.c_str());
    return exit_failure;
  }
  auto& amf = **node;
  core::run_until_stopped(io, {.on_stop = [&] { amf.stop(); },
                               .on_usr1 = [&] { amf.send_configuration_update(); },
                               .on_usr2 = [&] { amf.send_ng_reset_to_all(); }});
  const auto& c = amf.counters();
  log::get("amf.ngap")
      ->info(
          "AMF stopped: {} NG Setups accepted, {} refused, {} Error Indications sent, {} undecodable, {} wrong state",
          c.ng_setups_accepted, c.ng_setups_rejected, c.error_indications_sent, c.undecodable_messages,
          c.messages_in_wrong_state);
  const auto& mm = amf.mm_counters();
  log::get("amf.nas")
      ->info("AMF stopped: {} Registration Requests, {} registrations completed, {} rejected, {} deregistrations",
             mm.registration_requests, mm.registrations_completed, mm.registrations_rejected,
             mm.ue_deregistrations + mm.network_deregistrations);
  return exit_ok;
}

}  // namespace

void add_amf_command(CLI::App& app, command_list& commands) {
  auto o = std::make_shared<amf_options>();
  auto* cmd = app.add_subcommand("amf",
                                 "Run the AMF: N2 (NG Setup, NG Reset, configuration updates), UE registration "
                                 "and deregistration with the subscriber store (config sections amf:, sctp:, udr:)");
  cmd->add_option("--pcap", o->cfg.pcap_, "Capture every N2 message to this pcap file");
  cmd->add_option("--ngap-address", o->overrides.ngap_address_, "Address N2 listens on (amf.ngap_address)");
  cmd->add_option("--ngap-port", o->overrides.ngap_port_, "SCTP port N2 listens on (amf.ngap_port)")
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--plmn", o->overrides.plmns_,
                  "A served PLMN (MCC/MNC) with slice SST 1; repeatable; replaces amf.plmns");
  cmd->add_option("--time-to-wait", o->overrides.time_to_wait_, "Time To Wait in seconds sent with NG Setup Failure");
  cmd->add_option("--db", o->overrides.db_,
                  "The subscriber store the UEs are authenticated against (SQLite file; default udr.db from the "
                  "configuration, else subscribers.db; created empty if missing)");
  add_sctp_cli_options(*cmd, o->overrides.sctp_);
  commands.push_back(command{cmd, [o](context&) { return run_amf(*o); },
                             [o](config::section& root) { core::amf_unit::read_config(root, o->cfg); }});
}

}  // namespace meridian::app
