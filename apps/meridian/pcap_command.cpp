// `meridian pcap FILE`: every NGAP, PFCP and GTP-U message of a capture (pcap
// or pcapng) as one JSON object per line.
// `meridian pcap check FILE`: decodes every NGAP message and every NAS-PDU it
// carries, every PFCP and GTP-U message, re-encodes each and compares the
// octets; lists the senders' deviations from the specification (a message
// that re-encodes identically once they are normalised is not a failure);
// exit 1 listing the frames that failed and why. With --k/--opc both
// follow each UE's 5G-AKA and Security Mode Command, verify every protected
// NAS message's MAC and decipher it. The work is the capture module's
// (docs/pcap.md); this file parses options and prints.

#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "meridian/capture/capture_check.hpp"
#include "meridian/capture/message_extractor.hpp"
#include "meridian/capture/nas_follower.hpp"
#include "meridian/common/hex.hpp"
#include "meridian/crypto/milenage.hpp"
#include "meridian/gtpu/messages.hpp"
#include "meridian/nas/json.hpp"
#include "meridian/ngap/json.hpp"
#include "meridian/ngap/json_hooks.hpp"
#include "meridian/ngap/ngap.hpp"
#include "meridian/pfcp/messages.hpp"

namespace meridian::app {

std::string nas_json_for_ngap(std::span<const std::uint8_t> bytes);  // decode_ngap_command.cpp

namespace {

using capture::captured_protocol;
using capture::mac_check;
using capture::subscriber_keys;

/// The command line of both `pcap` and `pcap check`.
struct pcap_options {
  std::string file;
  std::string k;
  std::string opc;
  std::string op;
  std::string supi;
};

crypto::key128 key_option(const std::string& name, const std::string& text) {
  auto bytes = from_hex(text);
  if (!bytes) throw usage_error(fmt::format("{}: {}", name, bytes.error().message()));
  auto key = crypto::key128::from(*bytes);
  if (!key) throw usage_error(fmt::format("{}: 16 octets (32 hex digits) expected, got {}", name, bytes->size()));
  return *key;
}

std::optional<subscriber_keys> keys_of(const pcap_options& o) {
  if (o.k.empty() && o.opc.empty() && o.op.empty()) {
    if (!o.supi.empty()) throw usage_error("--supi needs --k and --opc (or --op)");
    return std::nullopt;
  }
  if (o.k.empty()) throw usage_error("--opc/--op need --k");
  if (o.opc.empty() == o.op.empty()) throw usage_error("--k needs exactly one of --opc and --op");
  if (!o.supi.empty() && !std::ranges::all_of(o.supi, [](char c) { return c >= '0' && c <= '9'; }))
    throw usage_error("--supi: the IMSI's digits expected (e.g. 208930000000001)");
  subscriber_keys keys{key_option("--k", o.k), {}, o.supi};
  keys.opc_ = o.op.empty() ? key_option("--opc", o.opc) : crypto::milenage_opc(keys.k_, key_option("--op", o.op));
  return keys;
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

nlohmann::ordered_json nas_security_json(const capture::nas_report& r) {
  nlohmann::ordered_json j;
  j["direction"] = r.uplink_ ? "uplink" : "downlink";
  j["message"] = r.name_;
  j["mac"] = std::string(to_string(r.mac_));
  if (r.mac_ == mac_check::ok || r.mac_ == mac_check::bad) {
    j["count"] = r.count_;
    j["algorithms"] = r.algorithms_;
    j["deciphered"] = r.deciphered_;
  }
  if (!r.note_.empty()) j["note"] = r.note_;
  if (r.plain_ && r.deciphered_) j["plain"] = nlohmann::ordered_json::parse(nas::to_json(*r.plain_), nullptr, false);
  if (!r.failure_.empty()) j["error"] = r.failure_;
  return j;
}

int run_print(const pcap_options& o) {
  const auto keys = keys_of(o);
  ngap::set_nas_json_renderer(nas_json_for_ngap);
  capture::nas_follower follower(keys);
  for (const auto& m : read_capture(o.file)) {
    nlohmann::ordered_json line;
    line["frame"] = m.frame_;
    line["src"] = m.src_;
    line["dst"] = m.dst_;
    switch (m.protocol_) {
      case captured_protocol::ngap: {
        line["stream"] = m.stream_;
        ngap::ngap_pdu pdu;
        asn1::aper_error err;
        if (!ngap::decode_ngap_pdu(m.payload_, pdu, err)) {
          line["error"] = "NGAP decode: " + err.message();
          line["hex"] = to_hex(m.payload_);
          break;
        }
        line["ngap"] = ngap::to_json(pdu);
        if (keys) {
          auto reports = follower.on_ngap(m, pdu);
          for (const auto& r : reports)
            if (r.mac_ != mac_check::not_protected || !r.note_.empty())
              line["nas_security"].push_back(nas_security_json(r));
        }
        break;
      }
      case captured_protocol::pfcp: {
        auto msg = pfcp::decode(m.payload_);
        if (msg) {
          line["pfcp"] = nlohmann::ordered_json::parse(pfcp::to_json_text(*msg, -1), nullptr, false);
        } else {
          line["error"] = "PFCP decode: " + msg.error().error_.message();
          line["hex"] = to_hex(m.payload_);
        }
        break;
      }
      case captured_protocol::gtpu: {
        auto msg = gtpu::decode(m.payload_);
        if (msg) {
          line["gtpu"] = nlohmann::ordered_json::parse(gtpu::to_json_text(*msg, -1), nullptr, false);
        } else {
          line["error"] = "GTP-U decode: " + msg.error().message();
          line["hex"] = to_hex(m.payload_);
        }
        break;
      }
    }
    std::cout << line.dump() << '\n';
  }
  return exit_ok;
}

int run_check(const pcap_options& o) {
  const auto keys = keys_of(o);
  const auto c = capture::check_capture(read_capture(o.file), keys);
  std::cout << fmt::format("messages: {}, decoded: {}, identical: {}, failed: {}\n", c.messages_, c.decoded_,
                           c.identical_, c.failures_.size());
  std::cout << fmt::format("ngap: {}, nas: {}, pfcp: {}, gtpu: {}\n", c.ngap_, c.nas_, c.pfcp_, c.gtpu_);
  std::cout << fmt::format("sender deviations: {}\n", c.deviations_.size());
  for (const auto& d : c.deviations_)
    std::cout << fmt::format("  frame {} {}: {}: {}\n", d.frame_, to_string(d.protocol_), to_string(d.kind_),
                             d.detail_);
  if (keys) {
    std::cout << fmt::format("mac verified: {}, mac failed: {}, deciphered: {}\n", c.mac_verified_, c.mac_failed_,
                             c.deciphered_);
    for (const auto& r : c.nas_reports_) {
      if (r.mac_ == mac_check::not_protected && r.note_.empty()) continue;
      std::string line =
          fmt::format("frame {} {} {}: mac: {}", r.frame_, r.uplink_ ? "UL" : "DL", r.name_, to_string(r.mac_));
      if (r.mac_ == mac_check::ok || r.mac_ == mac_check::bad)
        line += fmt::format(" (COUNT {}, {}{})", r.count_, r.algorithms_, r.deciphered_ ? ", deciphered" : "");
      if (!r.note_.empty()) line += "; " + r.note_;
      std::cout << "  " << line << '\n';
    }
  }
  for (const auto& f : c.failures_) std::cout << fmt::format("  frame {}: {}\n", f.frame_, f.reason_);
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
