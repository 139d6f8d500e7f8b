// `meridian pcap FILE`: every NGAP message in a capture (pcap or pcapng, read
// with libpcap) as one JSON object per line. `meridian pcap check FILE`:
// decodes every NGAP message, re-encodes it and compares the octets; exit 1
// listing the frames that failed and why.
//
// NAS inside NGAP is printed as hex until the NAS codec lands; that is also
// where NAS checking and --k/--opc deciphering will plug in (check_nas below).

#include <pcap/pcap.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "meridian/common/hex.hpp"
#include "meridian/nas/json.hpp"
#include "meridian/nas/nas.hpp"
#include "meridian/ngap/json.hpp"
#include "meridian/ngap/json_hooks.hpp"
#include "meridian/ngap/ngap.hpp"
#include "meridian/ngap/sctp_capture.hpp"

namespace meridian::app {

std::string nas_json_for_ngap(std::span<const std::uint8_t> bytes);  // decode_ngap_command.cpp

namespace {

struct pcap_closer {
  void operator()(pcap_t* p) const noexcept { pcap_close(p); }
};

// All NGAP messages in `file`, in capture order. Throws usage_error when the
// file cannot be opened (a command-line problem, not a data one).
std::vector<ngap::captured_ngap> read_ngap_messages(const std::string& file) {
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  std::unique_ptr<pcap_t, pcap_closer> p(pcap_open_offline(file.c_str(), errbuf));
  if (!p) throw usage_error(fmt::format("cannot read capture {}: {}", file, errbuf));
  const int link = pcap_datalink(p.get());
  ngap::sctp_ngap_extractor extractor;
  std::vector<ngap::captured_ngap> out;
  pcap_pkthdr* hdr = nullptr;
  const std::uint8_t* data = nullptr;
  std::uint64_t frame = 0;
  while (pcap_next_ex(p.get(), &hdr, &data) == 1) {
    ++frame;
    extractor.add_frame(frame, link, std::span(data, hdr->caplen), out);
  }
  return out;
}

std::string pdu_summary(const ngap::ngap_pdu& pdu) {
  const auto j = ngap::to_json(pdu);
  for (const auto& [kind, body] : j.items())
    if (body.contains("value") && body["value"].is_object() && !body["value"].empty())
      return body["value"].begin().key();
  return "?";
}

// The seam for NAS: when lib/nas offers decode/encode, check each NAS-PDU here.
struct check_result {
  bool ok = true;
  std::string reason;
};

check_result check_ngap(const std::vector<std::uint8_t>& bytes) {
  ngap::ngap_pdu pdu;
  asn1::aper_error err;
  if (!ngap::decode_ngap_pdu(bytes, pdu, err)) return {false, "decode: " + err.message()};
  auto again = ngap::encode_ngap_pdu(pdu);
  if (!again) return {false, "encode: " + again.error().message()};
  if (*again != bytes) {
    std::size_t at = 0;
    while (at < bytes.size() && at < again->size() && bytes[at] == (*again)[at]) ++at;
    return {false, fmt::format("{}: re-encoding differs at byte {} ({} octets in, {} out)", pdu_summary(pdu), at,
                               bytes.size(), again->size())};
  }
  return {};
}

int run_print(const std::string& file) {
  ngap::set_nas_json_renderer(nas_json_for_ngap);
  for (const auto& m : read_ngap_messages(file)) {
    nlohmann::ordered_json line;
    line["frame"] = m.frame;
    line["src"] = m.src;
    line["dst"] = m.dst;
    line["stream"] = m.stream;
    ngap::ngap_pdu pdu;
    asn1::aper_error err;
    if (ngap::decode_ngap_pdu(m.payload, pdu, err)) {
      line["ngap"] = ngap::to_json(pdu);
    } else {
      line["error"] = err.message();
      line["hex"] = to_hex(m.payload);
    }
    std::cout << line.dump() << '\n';
  }
  return exit_ok;
}

int run_check(const std::string& file) {
  const auto messages = read_ngap_messages(file);
  std::size_t decoded = 0, identical = 0;
  std::vector<std::string> failures;
  for (const auto& m : messages) {
    const auto r = check_ngap(m.payload);
    if (r.ok) {
      ++decoded;
      ++identical;
      continue;
    }
    if (r.reason.rfind("decode:", 0) != 0) ++decoded;
    failures.push_back(fmt::format("frame {}: {}", m.frame, r.reason));
  }
  std::cout << fmt::format("messages: {}, decoded: {}, identical: {}, failed: {}\n", messages.size(), decoded,
                           identical, failures.size());
  for (const auto& f : failures) std::cout << "  " << f << '\n';
  return failures.empty() ? exit_ok : exit_failure;
}

}  // namespace

void add_pcap_commands(CLI::App& app, command_list& commands) {
  auto* pcap_cmd = app.add_subcommand("pcap", "Print the NGAP messages of a capture (pcap/pcapng) as JSON lines");
  auto file = std::make_shared<std::string>();
  auto check_file = std::make_shared<std::string>();
  pcap_cmd->add_option("file", *file, "Capture file (pcap or pcapng)");
  pcap_cmd->require_subcommand(0, 1);
  auto* check_cmd = pcap_cmd->add_subcommand(
      "check", "Decode and re-encode every NGAP message of a capture; exit 1 unless all are byte-identical");
  check_cmd->add_option("file", *check_file, "Capture file (pcap or pcapng)")->required();
  // `check` first: when it ran, its parent counts as parsed too.
  commands.push_back({check_cmd, [check_file](context&) { return run_check(*check_file); }});
  commands.push_back({pcap_cmd, [file](context&) {
                        if (file->empty()) throw usage_error("give a capture file (or: pcap check FILE)");
                        return run_print(*file);
                      }});
}

}  // namespace meridian::app
