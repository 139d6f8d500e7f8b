// `meridian pcap FILE`: every NGAP, PFCP and GTP-U message of a capture (pcap
// or pcapng) as one JSON object per line.
// `meridian pcap check FILE`: decodes every NGAP message and every NAS-PDU it
// carries, every PFCP and GTP-U message, re-encodes each and compares the
// octets; lists the senders' deviations from the specification (a message
// that re-encodes identically once they are normalised is not a failure);
// exit 1 listing the frames that failed and why. With --k/--opc both
// follow each UE's 5G-AKA and Security Mode Command, verify every protected
// NAS message's MAC and decipher it. The work and the text it prints are the
// capture module's (docs/pcap.md); this file parses options and prints.

#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "command.hpp"
#include "meridian/capture/capture_check.hpp"
#include "meridian/capture/capture_report.hpp"
#include "meridian/nas/json.hpp"
#include "meridian/ngap/json_hooks.hpp"

namespace meridian::app {

namespace {

/// The command line of both `pcap` and `pcap check`.
struct pcap_options {
  std::string file;
  std::string k;
  std::string opc;
  std::string op;
  std::string supi;
};

std::optional<capture::subscriber_keys> keys_of(const pcap_options& o) {
  auto keys = capture::subscriber_keys_from_text(o.k, o.opc, o.op, o.supi);
  if (!keys) throw usage_error(keys.error());
  return std::move(*keys);
}

// Every message of the capture; a file that is not a capture is a usage error,
// one cut short is read up to the cut, with a warning.
std::vector<capture::captured_message> read_capture(const std::string& file) {
  auto got = capture::read_capture(file);
  if (!got) throw usage_error(got.error());
  if (got->file_error_)
    std::cerr << fmt::format("warning: {}: read up to a malformed or truncated part: {}\n", file,
                             got->file_error_->message());
  return std::move(got->messages_);
}

int run_print(const pcap_options& o) {
  capture::nas_follower follower(keys_of(o));
  ngap::set_nas_json_renderer(nas::to_json_if_decodable);
  for (const auto& m : read_capture(o.file)) std::cout << capture::message_json_line(m, follower) << '\n';
  return exit_ok;
}

int run_check(const pcap_options& o) {
  const auto keys = keys_of(o);
  const auto c = capture::check_capture(read_capture(o.file), keys);
  std::cout << capture::check_report_text(c, keys.has_value());
  return c.passed() ? exit_ok : exit_failure;
}

void add_key_options(CLI::App* cmd, pcap_options& o) {
  cmd->add_option("--k", o.k, "The subscriber's K (32 hex digits): follow its 5G-AKA, verify NAS MACs, decipher");
  cmd->add_option("--opc", o.opc, "The subscriber's OPc (32 hex digits)");
  cmd->add_option("--op", o.op, "The operator's OP (32 hex digits), instead of --opc");
  cmd->add_option("--supi", o.supi, "The SUPI's IMSI digits, when the capture shows only a concealed SUCI or a GUTI");
}

}  // namespace

void add_pcap_commands(CLI::App& app, command_list& commands) {
  auto* pcap_cmd =
      app.add_subcommand("pcap", "Print the NGAP, PFCP and GTP-U messages of a capture (pcap/pcapng) as JSON lines");
  auto print = std::make_shared<pcap_options>();
  auto check = std::make_shared<pcap_options>();
  pcap_cmd->add_option("file", print->file, "Capture file (pcap or pcapng)");
  add_key_options(pcap_cmd, *print);
  pcap_cmd->require_subcommand(0, 1);
  auto* check_cmd = pcap_cmd->add_subcommand(
      "check",
      "Decode and re-encode every NGAP, NAS, PFCP and GTP-U message of a capture; exit 1 unless all are "
      "byte-identical, as captured or once a sender's deviation (spare bits, trailing octets, a Length "
      "inconsistent with the data) is normalised (and, with --k/--opc, every NAS MAC verifies)");
  check_cmd->add_option("file", check->file, "Capture file (pcap or pcapng)")->required();
  add_key_options(check_cmd, *check);
  // `check` first: when it ran, its parent counts as parsed too.
  commands.push_back({check_cmd, [check](context&) { return run_check(*check); }});
  commands.push_back({pcap_cmd, [print](context&) {
                        if (print->file.empty()) throw usage_error("give a capture file (or: pcap check FILE)");
                        return run_print(*print);
                      }});
}

}  // namespace meridian::app
