// `meridian pcap FILE`: every NGAP, PFCP and GTP-U message of a capture (pcap
// or pcapng, read with libpcap) as one JSON object per line.
// `meridian pcap check FILE`: decodes every NGAP message and every NAS-PDU it
// carries, every PFCP and GTP-U message, re-encodes each and compares the
// octets; exit 1 listing the frames that failed and why. With --k/--opc both
// follow each UE's 5G-AKA and Security Mode Command (pcap_nas.hpp), verify
// every protected NAS message's MAC and decipher it.

#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "meridian/common/hex.hpp"
#include "meridian/crypto/milenage.hpp"
#include "meridian/gtpu/messages.hpp"
#include "meridian/nas/json.hpp"
#include "meridian/nas/nas.hpp"
#include "meridian/ngap/json.hpp"
#include "meridian/ngap/json_hooks.hpp"
#include "meridian/ngap/ngap.hpp"
#include "meridian/pfcp/messages.hpp"
#include "pcap_capture.hpp"
#include "pcap_nas.hpp"

namespace meridian::app {

std::string nas_json_for_ngap(std::span<const std::uint8_t> bytes);  // decode_ngap_command.cpp

namespace {

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
  keys.opc = o.op.empty() ? key_option("--opc", o.opc) : crypto::milenage_opc(keys.k, key_option("--op", o.op));
  return keys;
}

std::string ngap_summary(const nlohmann::json& j) {
  for (const auto& [kind, body] : j.items())
    if (body.contains("value") && body["value"].is_object() && !body["value"].empty())
      return body["value"].begin().key();
  return "?";
}

struct check_result {
  bool decoded = false;
  bool identical = false;
  std::string reason;
};

check_result compare(const std::string& what, std::span<const std::uint8_t> in, std::span<const std::uint8_t> out) {
  if (std::ranges::equal(in, out)) return {true, true, {}};
  std::size_t at = 0;
  while (at < in.size() && at < out.size() && in[at] == out[at]) ++at;
  return {true, false,
          fmt::format("{}: re-encoding differs at byte {} ({} octets in, {} out)", what, at, in.size(), out.size())};
}

check_result check_pfcp(std::span<const std::uint8_t> bytes) {
  auto m = pfcp::decode(bytes);
  if (!m) return {false, false, "PFCP decode: " + m.error().error_.message()};
  // A datagram may carry more than one message (FO, TS 29.244 §7.2.2.4.2): the first is compared.
  if (m->header_.length_ + 4u < bytes.size()) bytes = bytes.first(m->header_.length_ + 4u);
  auto again = pfcp::encode(*m);
  if (!again) return {true, false, "PFCP encode: " + again.error().message()};
  return compare(fmt::format("PFCP {}", pfcp::message_name(m->body_)), bytes, *again);
}

check_result check_gtpu(std::span<const std::uint8_t> bytes) {
  auto m = gtpu::decode(bytes);
  if (!m) return {false, false, "GTP-U decode: " + m.error().message()};
  auto again = gtpu::encode(*m);
  if (!again) return {true, false, "GTP-U encode: " + again.error().message()};
  return compare("GTP-U", bytes, *again);
}

nlohmann::ordered_json nas_security_json(const nas_report& r) {
  nlohmann::ordered_json j;
  j["direction"] = r.uplink ? "uplink" : "downlink";
  j["message"] = r.name;
  j["mac"] = std::string(to_string(r.mac));
  if (r.mac == mac_check::ok || r.mac == mac_check::bad) {
    j["count"] = r.count;
    j["algorithms"] = r.algorithms;
    j["deciphered"] = r.deciphered;
  }
  if (!r.note.empty()) j["note"] = r.note;
  if (r.plain && r.deciphered) j["plain"] = nlohmann::ordered_json::parse(nas::to_json(*r.plain), nullptr, false);
  if (!r.failure.empty()) j["error"] = r.failure;
  return j;
}

int run_print(const pcap_options& o) {
  const auto keys = keys_of(o);
  ngap::set_nas_json_renderer(nas_json_for_ngap);
  nas_follower follower(keys);
  for (const auto& m : read_capture(o.file)) {
    nlohmann::ordered_json line;
    line["frame"] = m.frame;
    line["src"] = m.src;
    line["dst"] = m.dst;
    switch (m.protocol) {
      case captured_protocol::ngap: {
        line["stream"] = m.stream;
        ngap::ngap_pdu pdu;
        asn1::aper_error err;
        if (!ngap::decode_ngap_pdu(m.payload, pdu, err)) {
          line["error"] = "NGAP decode: " + err.message();
          line["hex"] = to_hex(m.payload);
          break;
        }
        const auto j = ngap::to_json(pdu);
        line["ngap"] = j;
        if (keys) {
          auto reports = follower.on_ngap(m, j);
          for (const auto& r : reports)
            if (r.mac != mac_check::not_protected || !r.note.empty())
              line["nas_security"].push_back(nas_security_json(r));
        }
        break;
      }
      case captured_protocol::pfcp: {
        auto msg = pfcp::decode(m.payload);
        if (msg) {
          line["pfcp"] = nlohmann::ordered_json::parse(pfcp::to_json_text(*msg, -1), nullptr, false);
        } else {
          line["error"] = "PFCP decode: " + msg.error().error_.message();
          line["hex"] = to_hex(m.payload);
        }
        break;
      }
      case captured_protocol::gtpu: {
        auto msg = gtpu::decode(m.payload);
        if (msg) {
          line["gtpu"] = nlohmann::ordered_json::parse(gtpu::to_json_text(*msg, -1), nullptr, false);
        } else {
          line["error"] = "GTP-U decode: " + msg.error().message();
          line["hex"] = to_hex(m.payload);
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
  const auto messages = read_capture(o.file);
  nas_follower follower(keys);
  std::size_t total = 0, decoded = 0, identical = 0;
  std::size_t ngap_count = 0, nas_count = 0, pfcp_count = 0, gtpu_count = 0;
  std::size_t mac_ok = 0, mac_bad = 0, deciphered = 0;
  std::vector<std::string> failures;
  std::vector<std::string> security_lines;
  const auto count = [&](std::uint64_t frame, const check_result& r) {
    ++total;
    decoded += r.decoded ? 1 : 0;
    identical += r.identical ? 1 : 0;
    if (!r.identical) failures.push_back(fmt::format("frame {}: {}", frame, r.reason));
  };
  for (const auto& m : messages) {
    switch (m.protocol) {
      case captured_protocol::ngap: {
        ++ngap_count;
        ngap::ngap_pdu pdu;
        asn1::aper_error err;
        if (!ngap::decode_ngap_pdu(m.payload, pdu, err)) {
          count(m.frame, {false, false, "NGAP decode: " + err.message()});
          break;
        }
        const auto j = ngap::to_json(pdu);
        auto again = ngap::encode_ngap_pdu(pdu);
        if (!again)
          count(m.frame, {true, false, "NGAP encode: " + again.error().message()});
        else
          count(m.frame, compare("NGAP " + ngap_summary(j), m.payload, *again));
        for (const auto& r : follower.on_ngap(m, j)) {
          ++nas_count;
          count(m.frame, {r.decoded, r.identical, r.failure});
          mac_ok += r.mac == mac_check::ok ? 1 : 0;
          deciphered += r.deciphered ? 1 : 0;
          if (r.mac == mac_check::bad) {
            ++mac_bad;
            failures.push_back(fmt::format("frame {}: NAS {} {}: MAC does not verify (COUNT {})", m.frame,
                                           r.uplink ? "uplink" : "downlink", r.name, r.count));
          }
          if (keys && (r.mac != mac_check::not_protected || !r.note.empty())) {
            std::string line =
                fmt::format("frame {} {} {}: mac: {}", m.frame, r.uplink ? "UL" : "DL", r.name, to_string(r.mac));
            if (r.mac == mac_check::ok || r.mac == mac_check::bad)
              line += fmt::format(" (COUNT {}, {}{})", r.count, r.algorithms, r.deciphered ? ", deciphered" : "");
            if (!r.note.empty()) line += "; " + r.note;
            security_lines.push_back(std::move(line));
          }
        }
        break;
      }
      case captured_protocol::pfcp:
        ++pfcp_count;
        count(m.frame, check_pfcp(m.payload));
        break;
      case captured_protocol::gtpu:
        ++gtpu_count;
        count(m.frame, check_gtpu(m.payload));
        break;
    }
  }
  std::cout << fmt::format("messages: {}, decoded: {}, identical: {}, failed: {}\n", total, decoded, identical,
                           failures.size());
  std::cout << fmt::format("ngap: {}, nas: {}, pfcp: {}, gtpu: {}\n", ngap_count, nas_count, pfcp_count, gtpu_count);
  if (keys) {
    std::cout << fmt::format("mac verified: {}, mac failed: {}, deciphered: {}\n", mac_ok, mac_bad, deciphered);
    for (const auto& l : security_lines) std::cout << "  " << l << '\n';
  }
  for (const auto& f : failures) std::cout << "  " << f << '\n';
  return failures.empty() ? exit_ok : exit_failure;
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
      "byte-identical (and, with --k/--opc, every NAS MAC verifies)");
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
