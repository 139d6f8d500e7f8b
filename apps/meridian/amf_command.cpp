// `meridian amf`: the AMF's N2 side (NG Setup and the N2 management
// procedures) until SIGINT/SIGTERM. SIGUSR1 sends AMF Configuration Update to
// every set-up gNB; SIGUSR2 sends NG Reset to each.

#include <cstdio>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "command.hpp"
#include "meridian/amf/amf_n2_server.hpp"
#include "meridian/common/config.hpp"
#include "meridian/common/log.hpp"
#include "meridian/model/plmn.hpp"
#include "meridian/n2/n2_messages.hpp"
#include "meridian/transport/sctp.hpp"
#include "n2_command_support.hpp"

namespace meridian::app {

namespace {

struct amf_options {
  amf::amf_config amf;
  transport::sctp_config sctp;
  std::string pcap;
  std::string address;
  int port = -1;
  std::vector<std::string> plmns;
  int time_to_wait = -1;
  sctp_cli_options sctp_cli;
};

int run_amf(amf_options& o) {
  if (!o.address.empty()) o.amf.ngap_address = o.address;
  if (o.port >= 0) o.amf.ngap_port = static_cast<std::uint16_t>(o.port);
  if (!o.plmns.empty()) {
    o.amf.plmn_support.clear();
    for (const auto& text : o.plmns) {
      auto p = model::plmn::parse(text);
      if (!p) throw usage_error(fmt::format("--plmn: '{}' is not a PLMN (MCC/MNC)", text));
      o.amf.plmn_support.push_back(n2::plmn_slices{*p});
    }
  }
  if (o.time_to_wait >= 0) {
    o.amf.time_to_wait = n2::time_to_wait_at_least(std::chrono::seconds(o.time_to_wait));
    if (n2::to_duration(o.amf.time_to_wait).count() != o.time_to_wait)
      throw usage_error("--time-to-wait: one of 1, 2, 5, 10, 20, 60");
  }
  apply_sctp_cli_options(o.sctp_cli, o.sctp);

  asio::io_context io;
  system_clock_source clk;
  auto mirror = open_n2_capture(o.pcap, clk);
  auto server = amf::amf_n2_server::start(io, o.amf, o.sctp, mirror);
  if (!server) {
    std::fprintf(stderr, "meridian amf: error: cannot listen on N2: %s\n", server.error().message().c_str());
    return exit_failure;
  }
  auto& n2 = (*server)->procedures();
  run_until_stopped(
      io, [&] { (*server)->close(); }, [&] { n2.send_amf_configuration_update(); },
      [&] {
        std::size_t sent = 0;
        // Every set-up gNB: the procedures know them by association.
        for (const auto& a : (*server)->set_up_gnbs())
          sent += n2.send_ng_reset(a, n2::misc_cause(ngap::cause_misc::om_intervention)) ? 1 : 0;
        log::get("amf.ngap")->info("NG Reset sent to {} gNBs", sent);
      });
  const auto& c = n2.counters();
  log::get("amf.ngap")
      ->info(
          "AMF stopped: {} NG Setups accepted, {} refused, {} Error Indications sent, {} undecodable, {} wrong state",
          c.ng_setups_accepted, c.ng_setups_rejected, c.error_indications_sent, c.undecodable_messages,
          c.messages_in_wrong_state);
  if (mirror) mirror->flush();
  return exit_ok;
}

}  // namespace

void add_amf_command(CLI::App& app, command_list& commands) {
  auto o = std::make_shared<amf_options>();
  auto* cmd = app.add_subcommand("amf",
                                 "Run the AMF's N2 side: NG Setup, NG Reset, Error Indication, configuration "
                                 "updates (config sections amf: and sctp:)");
  cmd->add_option("--pcap", o->pcap, "Capture every N2 message to this pcap file");
  cmd->add_option("--ngap-address", o->address, "Address N2 listens on (amf.ngap_address)");
  cmd->add_option("--ngap-port", o->port, "SCTP port N2 listens on (amf.ngap_port)")->check(CLI::Range(0, 65535));
  cmd->add_option("--plmn", o->plmns, "A served PLMN (MCC/MNC) with slice SST 1; repeatable; replaces amf.plmns");
  cmd->add_option("--time-to-wait", o->time_to_wait, "Time To Wait in seconds sent with NG Setup Failure");
  add_sctp_cli_options(*cmd, o->sctp_cli);
  commands.push_back(command{cmd, [o](context&) { return run_amf(*o); },
                             [o](config::section& root) {
                               amf::read_amf_config(root.child("amf"), o->amf);
                               transport::read_sctp_config(root.child("sctp"), o->sctp);
                             }});
}

}  // namespace meridian::app
