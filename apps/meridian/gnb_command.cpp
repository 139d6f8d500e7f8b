// `meridian gnb`: the gNB's N2 side (core::gnb_node: NG Setup with retries,
// re-establishment, NG Reset, Error Indication) until SIGINT/SIGTERM. SIGUSR1
// sends NG Reset to every AMF; SIGUSR2 sends RAN Configuration Update. This
// file parses the options and prints.

#include <cstdio>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "cli_args.hpp"
#include "command.hpp"
#include "meridian/common/log.hpp"
#include "meridian/gnb/gnb_n2_client.hpp"
#include "meridian/model/global_gnb_id.hpp"
#include "meridian/model/plmn.hpp"
#include "meridian/model/tai.hpp"
#include "meridian/core/gnb_node.hpp"
#include "meridian/core/run_loop.hpp"
#include "meridian/n2/n2_messages.hpp"
#include "n2_command_support.hpp"

namespace meridian::app {

namespace {

struct gnb_options {
  core::gnb_node_config cfg;
  std::vector<std::string> amfs;
  std::string local_address;
  std::string plmn;
  std::string gnb_id;
  int tac = -1;
  int count = -1;
  int amf_port = -1;
  sctp_cli_options sctp_cli;
};

// "ADDR" or "ADDR:PORT" (IPv4), "[ADDR]:PORT" (IPv6).
gnb::amf_address parse_amf(const std::string& text, int default_port) {
  gnb::amf_address a;
  a.port = static_cast<std::uint16_t>(default_port >= 0 ? default_port : 38412);
  std::string host = text;
  std::string port;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string::npos) throw usage_error(fmt::format("--amf: '{}' is not ADDRESS[:PORT]", text));
    host = text.substr(1, close - 1);
    if (close + 1 < text.size() && text[close + 1] == ':') port = text.substr(close + 2);
  } else if (const auto colon = text.find(':');
             colon != std::string::npos && text.find(':', colon + 1) == std::string::npos) {
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  if (!port.empty()) a.port = static_cast<std::uint16_t>(number_argument("--amf", port, 65535));
  a.address = host;
  return a;
}

void apply_options(gnb_options& o) {
  auto& g = o.cfg.gnb_;
  if (!o.amfs.empty()) {
    g.amfs.clear();
    for (const auto& text : o.amfs) g.amfs.push_back(parse_amf(text, o.amf_port));
  } else if (o.amf_port >= 0) {
    for (auto& a : g.amfs) a.port = static_cast<std::uint16_t>(o.amf_port);
  }
  if (!o.local_address.empty()) g.local_address = o.local_address;
  if (!o.plmn.empty()) {
    auto p = model::plmn::parse(o.plmn);
    if (!p) throw usage_error(fmt::format("--plmn: '{}' is not a PLMN (MCC/MNC)", o.plmn));
    g.identity = *model::global_gnb_id::from(*p, g.identity.gnb_id(), g.identity.length_bits());
  }
  const unsigned id_bits = g.identity.length_bits();
  if (!o.gnb_id.empty())
    g.identity = *model::global_gnb_id::from(
        g.identity.plmn_id(),
        static_cast<std::uint32_t>(number_argument("--gnb-id", o.gnb_id, (std::uint64_t{1} << id_bits) - 1)), id_bits);
  if (o.tac >= 0) g.tac = *model::tac::from(static_cast<std::uint64_t>(o.tac));
  if (o.count > 0) g.count = static_cast<std::uint32_t>(o.count);
  if (std::uint64_t{g.identity.gnb_id()} + g.count - 1 >= (std::uint64_t{1} << id_bits))
    throw usage_error("--count: the gNB ids overflow the gNB ID length");
  apply_sctp_cli_options(o.sctp_cli, o.cfg.sctp_);
}

int run_gnb(gnb_options& o) {
  apply_options(o);
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
  cmd->add_option("--amf", o->amfs, "AMF to connect to, ADDRESS[:PORT]; repeatable; replaces gnb.amfs");
  cmd->add_option("--ngap-port", o->amf_port, "The AMFs' SCTP port when --amf gives none")->check(CLI::Range(1, 65535));
  cmd->add_option("--local-address", o->local_address, "Local address to bind (gnb.local_address)");
  cmd->add_option("--plmn", o->plmn, "The gNB's PLMN, MCC/MNC (gnb.plmn)");
  cmd->add_option("--gnb-id", o->gnb_id, "The gNB ID (gnb.id), decimal or 0x hex");
  cmd->add_option("--tac", o->tac, "Tracking Area Code (gnb.tac)")->check(CLI::Range(0, 0xFFFFFF));
  cmd->add_option("--count", o->count, "Run this many gNBs with consecutive ids (gnb.count)")
      ->check(CLI::Range(1, 100000));
  add_sctp_cli_options(*cmd, o->sctp_cli);
  commands.push_back(command{cmd, [o](context&) { return run_gnb(*o); },
                             [o](config::section& root) { core::gnb_unit::read_config(root, o->cfg); }});
}

}  // namespace meridian::app
