// `meridian decode nas HEX [--json]`: prints a NAS-5GS message (TS 24.501).
// With --knas-int/--knas-enc/--nia/--nea/--count/--direction it verifies the
// MAC of a security-protected message and deciphers it (nas::inspect).
// Malformed input gives one line on stderr naming the byte offset, and exit
// status 1.

#include <cstdio>
#include <iostream>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "command.hpp"
#include "meridian/common/hex.hpp"
#include "meridian/nas/inspect.hpp"

namespace meridian::app {

namespace {

struct decode_nas_options {
  std::string hex;
  bool json = false;
  std::string knas_int;
  std::string knas_enc;
  int nia = -1;
  int nea = -1;
  std::uint32_t count = 0;
  std::string direction = "dl";
  int bearer = 0;
};

crypto::key128 parse_key(const std::string& text, const char* option) {
  if (text.empty()) return {};
  auto b = from_hex(text);
  if (!b) throw usage_error(std::string(option) + ": " + b.error().message());
  auto k = crypto::key128::from(*b);
  if (!k) throw usage_error(std::string(option) + ": a key is 16 octets (32 hex digits)");
  return *k;
}

std::optional<nas::nas_protection_params> keys_of(const decode_nas_options& o) {
  if (o.knas_int.empty() && o.knas_enc.empty() && o.nia < 0 && o.nea < 0) return std::nullopt;
  nas::nas_protection_params params;
  params.knas_int = parse_key(o.knas_int, "--knas-int");
  params.knas_enc = parse_key(o.knas_enc, "--knas-enc");
  if (o.nia < 0 || o.nia > 3 || o.nea < -1 || o.nea > 3) throw usage_error("--nia and --nea take 0..3");
  params.integrity = static_cast<crypto::nia>(o.nia);
  params.ciphering = static_cast<crypto::nea>(o.nea < 0 ? 0 : o.nea);
  params.count = o.count;
  params.direction = o.direction == "ul" ? 0 : 1;
  params.bearer = static_cast<std::uint8_t>(o.bearer);
  return params;
}

int run_decode_nas(const decode_nas_options& o) {
  auto bytes = from_hex(o.hex);
  // Text that is not hex is a mistake on the command line (exit 2, as every
  // decoder); bytes that are not a valid message are a decode failure (exit 1).
  if (!bytes) throw usage_error("not hex: " + bytes.error().message());
  auto r = nas::inspect(*bytes, keys_of(o), o.json ? 2 : -1);
  if (!r) {
    if (r.error().code_ == nas::inspect_errc::not_protected) throw usage_error(r.error().message_);
    std::fprintf(stderr, "meridian decode nas: error: %s\n", r.error().message_.c_str());
    return exit_failure;
  }
  std::cout << (o.json ? r->json_ + "\n" : nas::json_tree(r->json_));
  if (r->mac_valid_ != false) return exit_ok;
  std::fprintf(stderr, "meridian decode nas: error: NAS-MAC verification failed (COUNT %u)\n", r->count_);
  return exit_failure;
}

}  // namespace

void add_decode_nas_command(CLI::App& decode_cmd, command_list& commands) {
  auto opts = std::make_shared<decode_nas_options>();
  auto* nas_cmd = decode_cmd.add_subcommand("nas", "Decode a NAS-5GS message (TS 24.501)");
  nas_cmd->add_option("hex", opts->hex, "The NAS PDU as hex (spaces and ':' allowed)")->required();
  nas_cmd->add_flag("--json", opts->json, "Print JSON");
  nas_cmd->add_option("--knas-int", opts->knas_int, "KNASint, 32 hex digits (verify the MAC)");
  nas_cmd->add_option("--knas-enc", opts->knas_enc, "KNASenc, 32 hex digits (decipher)");
  nas_cmd->add_option("--nia", opts->nia, "Integrity algorithm 0..3 (128-NIA0..3)")->check(CLI::Range(0, 3));
  nas_cmd->add_option("--nea", opts->nea, "Ciphering algorithm 0..3 (128-NEA0..3)")->check(CLI::Range(0, 3));
  nas_cmd->add_option("--count", opts->count,
                      "NAS COUNT (overflow << 8 | SQN); the low 8 bits are taken from the message's sequence number");
  nas_cmd->add_option("--direction", opts->direction, "ul (UE to network) or dl (network to UE)")
      ->check(CLI::IsMember({"ul", "dl"}));
  nas_cmd->add_option("--bearer", opts->bearer, "NAS connection identifier: 0 3GPP access, 1 non-3GPP")
      ->check(CLI::Range(0, 1));
  commands.push_back({nas_cmd, [opts](context&) { return run_decode_nas(*opts); }});
}

}  // namespace meridian::app
