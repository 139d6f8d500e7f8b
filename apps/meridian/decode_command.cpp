// `meridian decode nas HEX [--json]`: prints a NAS-5GS message (TS 24.501).
// With --knas-int/--knas-enc/--nia/--nea/--count/--direction it verifies the
// MAC of a security-protected message and deciphers it. Malformed input gives
// one line on stderr naming the byte offset, and exit status 1.

#include <cstdio>
#include <iostream>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "meridian/common/hex.hpp"
#include "meridian/nas/json.hpp"
#include "meridian/nas/nas.hpp"
#include "meridian/nas/security.hpp"

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

/// An indented "name: value" tree of the JSON rendering, for people.
void print_tree(const nlohmann::ordered_json& j, int indent) {
  const std::string pad(static_cast<std::size_t>(indent) * 2, ' ');
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (it->is_structured()) {
        std::cout << pad << it.key() << ":\n";
        print_tree(*it, indent + 1);
      } else {
        std::cout << pad << it.key() << ": " << (it->is_string() ? it->get<std::string>() : it->dump()) << "\n";
      }
    }
  } else if (j.is_array()) {
    std::size_t i = 0;
    for (const auto& e : j) {
      if (e.is_structured()) {
        std::cout << pad << "- [" << i << "]\n";
        print_tree(e, indent + 1);
      } else {
        std::cout << pad << "- " << (e.is_string() ? e.get<std::string>() : e.dump()) << "\n";
      }
      ++i;
    }
  }
}

int fail(const std::string& what) {
  std::fprintf(stderr, "meridian decode nas: error: %s\n", what.c_str());
  return exit_failure;
}

std::optional<crypto::key128> parse_key(const std::string& text, const char* option) {
  auto b = from_hex(text);
  if (!b) throw usage_error(std::string(option) + ": " + b.error().message());
  auto k = crypto::key128::from(*b);
  if (!k) throw usage_error(std::string(option) + ": a key is 16 octets (32 hex digits)");
  return k;
}

int run_decode_nas(const decode_nas_options& o) {
  auto bytes = from_hex(o.hex);
  // Text that is not hex is a mistake on the command line (exit 2, as every
  // decoder); bytes that are not a valid message are a decode failure (exit 1).
  if (!bytes) throw usage_error("not hex: " + bytes.error().message());
  auto pdu = nas::decode_nas(*bytes);
  if (!pdu) return fail(pdu.error().message());

  const bool have_keys = !o.knas_int.empty() || !o.knas_enc.empty() || o.nia >= 0 || o.nea >= 0;
  std::optional<nas::nas_pdu> inner;
  nlohmann::ordered_json security;
  int status = exit_ok;
  if (const auto* p = std::get_if<nas::protected_pdu>(&*pdu)) {
    std::vector<std::uint8_t> plain = p->payload_;
    if (have_keys) {
      nas::nas_protection_params params;
      params.knas_int = o.knas_int.empty() ? crypto::key128{} : *parse_key(o.knas_int, "--knas-int");
      params.knas_enc = o.knas_enc.empty() ? crypto::key128{} : *parse_key(o.knas_enc, "--knas-enc");
      if (o.nia < 0 || o.nia > 3 || o.nea < -1 || o.nea > 3) throw usage_error("--nia and --nea take 0..3");
      params.integrity = static_cast<crypto::nia>(o.nia);
      params.ciphering = static_cast<crypto::nea>(o.nea < 0 ? 0 : o.nea);
      params.count = o.count;
      params.direction = o.direction == "ul" ? 0 : 1;
      params.bearer = static_cast<std::uint8_t>(o.bearer);
      auto v = nas::verify_and_decipher(*bytes, params);
      if (!v) return fail(v.error().message());
      security = {{"mac_valid", v->mac_valid_}, {"count", v->count_}, {"direction", o.direction}};
      plain = std::move(v->plain_);
      if (!v->mac_valid_) status = exit_failure;
    }
    auto d = nas::decode_plain_nas(plain, 7);
    if (d) {
      inner = std::move(*d);
    } else if (status != exit_ok) {
      return fail("NAS-MAC verification failed (COUNT " + std::to_string(security["count"].get<unsigned>()) +
                  "); the deciphered message does not decode: " + d.error().message());
    } else if (have_keys || p->security_header_type_ == nas::security_header_type::integrity_protected ||
               p->security_header_type_ == nas::security_header_type::integrity_protected_with_new_context) {
      return fail(d.error().message());
    }
  } else if (have_keys) {
    throw usage_error("keys given but the message is not security protected");
  }

  auto j = nlohmann::ordered_json::parse(nas::to_json(*pdu, inner, -1));
  if (!security.is_null()) j["security"] = security;
  if (o.json) {
    std::cout << j.dump(2) << "\n";
  } else {
    print_tree(j, 0);
  }
  if (status != exit_ok)
    std::fprintf(stderr, "meridian decode nas: error: NAS-MAC verification failed (COUNT %u)\n",
                 security["count"].get<unsigned>());
  return status;
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
