// `meridian crypto`: the security suite as a debugging tool for people
// provisioning SIMs and chasing "MAC failure". Every command prints one JSON
// object (lowercase hex) or one line on stdout and exits 0; bad input prints one
// line on stderr, nothing on stdout, and exits 2.

#include <iostream>
#include <optional>
#include <tuple>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli_args.hpp"
#include "command.hpp"
#include "meridian/crypto/ecies.hpp"
#include "meridian/crypto/milenage.hpp"
#include "meridian/crypto/nas_algorithms.hpp"
#include "meridian/model/supi.hpp"
#include "meridian/security/aka.hpp"
#include "meridian/security/key_chain.hpp"
#include "meridian/security/suci.hpp"

namespace meridian::app {

namespace {

using crypto::key128;
using json = nlohmann::ordered_json;  // keeps the documented key order

key128 key_argument(std::string_view option, const std::string& text) { return secret_argument<16>(option, text); }

// The subscriber's K and OPc, from --k and either --op or --opc.
struct subscriber_keys {
  std::string k, op, opc;

  void add_options(CLI::App* cmd) {
    cmd->add_option("--k", k, "Subscriber key K, 32 hex digits")->required();
    auto* op_opt = cmd->add_option("--op", op, "Operator variant OP, 32 hex digits");
    auto* opc_opt = cmd->add_option("--opc", opc, "OPc (OP already combined with K), 32 hex digits");
    op_opt->excludes(opc_opt);
  }

  std::pair<key128, key128> resolve() const {
    if (op.empty() == opc.empty()) throw usage_error("give exactly one of --op and --opc");
    key128 key = key_argument("--k", k);
    key128 opc_key = op.empty() ? key_argument("--opc", opc) : crypto::milenage_opc(key, key_argument("--op", op));
    return {key, opc_key};
  }
};

// RAND, SQN and AMF of one authentication.
struct challenge_args {
  std::string rand, sqn, amf;

  void add_options(CLI::App* cmd) {
    cmd->add_option("--rand", rand, "RAND, 32 hex digits")->required();
    cmd->add_option("--sqn", sqn, "SQN, 12 hex digits")->required();
    cmd->add_option("--amf", amf, "Authentication management field, 4 hex digits")->required();
  }
};

void print(const json& j) { std::cout << j.dump() << '\n'; }

void add_milenage(CLI::App& crypto_cmd, command_list& commands) {
  auto* cmd = crypto_cmd.add_subcommand("milenage", "Milenage f1..f5* (TS 35.206) for K, OP/OPc, RAND, SQN, AMF");
  auto keys = std::make_shared<subscriber_keys>();
  auto chal = std::make_shared<challenge_args>();
  keys->add_options(cmd);
  chal->add_options(cmd);
  commands.push_back({cmd, [keys, chal](context&) {
                        auto [k, opc] = keys->resolve();
                        const auto rand = array_argument<16>("--rand", chal->rand);
                        const auto sqn = array_argument<6>("--sqn", chal->sqn);
                        const auto amf = array_argument<2>("--amf", chal->amf);
                        const crypto::milenage m(k, opc);
                        const auto out = m.f2345(rand);
                        print({{"opc", hex(opc.bytes())},
                               {"mac_a", hex(m.f1(rand, sqn, amf))},
                               {"mac_s", hex(m.f1_star(rand, sqn, amf))},
                               {"res", hex(out.res)},
                               {"ck", hex(out.ck.bytes())},
                               {"ik", hex(out.ik.bytes())},
                               {"ak", hex(out.ak)},
                               {"ak_star", hex(m.f5_star(rand))}});
                        return exit_ok;
                      }});
}

// The SUPI value that enters KAMF (TS 33.501 A.7): the IMSI digits or the NAI.
std::string supi_argument(const std::string& text) {
  if (auto s = model::supi::parse(text)) return std::string(s->value());
  if (auto s = model::supi::parse("imsi-" + text)) return std::string(s->value());
  throw usage_error(fmt::format("--supi: '{}' is neither 5-15 IMSI digits nor imsi-…/nai-…", text));
}

void add_aka(CLI::App& crypto_cmd, command_list& commands) {
  auto* cmd = crypto_cmd.add_subcommand(
      "aka", "5G-AKA and the key hierarchy (TS 33.501 §6.1.3.2, Annex A): AUTN, XRES*, KAUSF ... KgNB, NH");
  struct args {
    subscriber_keys keys;
    challenge_args chal;
    std::string snn, supi_text, abba = "0000", ul_nas_count = "0", nea = "2", nia = "2";
  };
  auto a = std::make_shared<args>();
  a->keys.add_options(cmd);
  a->chal.add_options(cmd);
  cmd->add_option("--snn", a->snn, "Serving network name, e.g. 5G:mnc093.mcc208.3gppnetwork.org")->required();
  cmd->add_option("--supi", a->supi_text, "SUPI: IMSI digits, imsi-… or nai-…")->required();
  cmd->add_option("--abba", a->abba, "ABBA parameter, hex (default 0000)");
  cmd->add_option("--ul-nas-count", a->ul_nas_count, "Uplink NAS COUNT for KgNB (default 0)");
  cmd->add_option("--nea", a->nea, "Ciphering algorithm id for KNASenc, 0-3 (default 2)");
  cmd->add_option("--nia", a->nia, "Integrity algorithm id for KNASint, 0-3 (default 2)");
  commands.push_back({cmd, [a](context&) {
                        security::key_chain_input in;
                        std::tie(in.k, in.opc) = a->keys.resolve();
                        in.rand = array_argument<16>("--rand", a->chal.rand);
                        in.sqn = array_argument<6>("--sqn", a->chal.sqn);
                        in.amf = array_argument<2>("--amf", a->chal.amf);
                        in.abba = hex_argument("--abba", a->abba);
                        if (in.abba.empty()) throw usage_error("--abba: must hold at least one octet");
                        in.uplink_nas_count =
                            static_cast<std::uint32_t>(number_argument("--ul-nas-count", a->ul_nas_count, 0xffffffffu));
                        in.nas_ciphering_algorithm = static_cast<std::uint8_t>(number_argument("--nea", a->nea, 3));
                        in.nas_integrity_algorithm = static_cast<std::uint8_t>(number_argument("--nia", a->nia, 3));
                        in.supi_value = supi_argument(a->supi_text);
                        in.serving_network_name = text_argument("--snn", a->snn);
                        const auto c = security::derive_key_chain(in);
                        print({{"opc", hex(in.opc.bytes())},
                               {"res", hex(c.av.res)},
                               {"ck", hex(c.av.ck.bytes())},
                               {"ik", hex(c.av.ik.bytes())},
                               {"ak", hex(c.av.ak)},
                               {"autn", hex(c.av.autn)},
                               {"xres_star", hex(c.av.xres_star)},
                               {"hxres_star", hex(c.av.hxres_star)},
                               {"kausf", hex(c.av.kausf.bytes())},
                               {"kseaf", hex(c.kseaf.bytes())},
                               {"kamf", hex(c.kamf.bytes())},
                               {"knas_enc", hex(c.knas_enc.bytes())},
                               {"knas_int", hex(c.knas_int.bytes())},
                               {"kgnb", hex(c.kgnb.bytes())},
                               {"nh", hex(c.nh.bytes())}});
                        return exit_ok;
                      }});
}

// The options shared by `crypto nea` and `crypto nia`.
struct algorithm_args {
  std::string alg, key, count, bearer, direction, length_bits, data;

  void add_options(CLI::App* cmd) {
    cmd->add_option("--alg", alg, "Algorithm: 0, 1 (SNOW 3G), 2 (AES), 3 (ZUC)")->required();
    cmd->add_option("--key", key, "128-bit key, 32 hex digits")->required();
    cmd->add_option("--count", count, "COUNT, 8 hex digits")->required();
    cmd->add_option("--bearer", bearer, "BEARER, 0-31")->required();
    cmd->add_option("--direction", direction, "DIRECTION: 0 uplink, 1 downlink")->required();
    cmd->add_option("--length-bits", length_bits, "Message length in bits")->required();
    cmd->add_option("--data", data, "Message, ceil(length/8) octets in hex")->required();
  }

  struct parsed {
    std::uint8_t alg;
    key128 key;
    crypto::algorithm_input input;
    std::size_t length_bits;
    std::vector<std::uint8_t> data;
  };

  parsed parse() const {
    parsed p{static_cast<std::uint8_t>(number_argument("--alg", alg, 3)), key_argument("--key", key), {}, 0, {}};
    const auto count_bytes = hex_argument("--count", count, 4);
    p.input.count = static_cast<std::uint32_t>(count_bytes[0]) << 24 |
                    static_cast<std::uint32_t>(count_bytes[1]) << 16 | static_cast<std::uint32_t>(count_bytes[2]) << 8 |
                    count_bytes[3];
    p.input.bearer = static_cast<std::uint8_t>(number_argument("--bearer", bearer, 31));
    p.input.direction = static_cast<std::uint8_t>(number_argument("--direction", direction, 1));
    // LENGTH is a 32-bit field in TS 33.501 D.2/D.3.
    p.length_bits = number_argument("--length-bits", length_bits, 0xffffffffu);
    p.data = hex_argument("--data", data);
    const std::size_t octets = (p.length_bits + 7) / 8;
    if (p.data.size() != octets)
      throw usage_error(
          fmt::format("--data: --length-bits {} needs {} octets, got {}", p.length_bits, octets, p.data.size()));
    return p;
  }
};

void add_nea_nia(CLI::App& crypto_cmd, command_list& commands) {
  auto* nea_cmd = crypto_cmd.add_subcommand("nea", "128-NEA0..3 ciphering (TS 33.501 D.2): prints the ciphertext");
  auto nea_args = std::make_shared<algorithm_args>();
  nea_args->add_options(nea_cmd);
  commands.push_back({nea_cmd, [nea_args](context&) {
                        auto p = nea_args->parse();
                        auto r =
                            crypto::nea_apply(static_cast<crypto::nea>(p.alg), p.key, p.input, p.data, p.length_bits);
                        if (!r) throw usage_error(r.error().message());
                        std::cout << hex(p.data) << '\n';
                        return exit_ok;
                      }});

  auto* nia_cmd = crypto_cmd.add_subcommand("nia", "128-NIA0..3 integrity (TS 33.501 D.3): prints the 32-bit MAC");
  auto nia_args = std::make_shared<algorithm_args>();
  nia_args->add_options(nia_cmd);
  commands.push_back({nia_cmd, [nia_args](context&) {
                        auto p = nia_args->parse();
                        auto mac =
                            crypto::nia_mac(static_cast<crypto::nia>(p.alg), p.key, p.input, p.data, p.length_bits);
                        if (!mac) throw usage_error(mac.error().message());
                        std::cout << hex(*mac) << '\n';
                        return exit_ok;
                      }});
}

crypto::ecies_profile profile_argument(const std::string& text) {
  if (auto p = crypto::parse_ecies_profile(text)) return *p;
  throw usage_error(fmt::format("--profile: '{}' is not A or B", text));
}

void add_suci(CLI::App& crypto_cmd, command_list& commands) {
  auto* suci_cmd =
      crypto_cmd.add_subcommand("suci", "SUCI key generation, concealment and deconcealment (TS 33.501 C)");
  suci_cmd->require_subcommand(1);

  auto* keygen = suci_cmd->add_subcommand("keygen", "Generate a home network key pair");
  auto keygen_profile = std::make_shared<std::string>();
  keygen->add_option("--profile", *keygen_profile, "ECIES profile: A (X25519) or B (P-256)")->required();
  commands.push_back({keygen, [keygen_profile](context&) {
                        auto pair = crypto::ecies_generate_key_pair(profile_argument(*keygen_profile));
                        if (!pair) throw usage_error(pair.error().message());
                        const json j{{"private_key", hex(pair->private_key)}, {"public_key", hex(pair->public_key)}};
                        crypto::secure_wipe(pair->private_key);
                        print(j);
                        return exit_ok;
                      }});

  struct conceal_args {
    std::string supi_text, profile, hn_public_key, hn_key_id, routing_indicator = "0", eph_private_key,
                                                              mnc_length = "2";
  };
  auto c = std::make_shared<conceal_args>();
  auto* conceal = suci_cmd->add_subcommand("conceal", "Conceal a SUPI into a SUCI (UE side)");
  conceal->add_option("--supi", c->supi_text, "SUPI: imsi-<digits> or nai-<user@realm>")->required();
  conceal->add_option("--profile", c->profile, "Protection scheme: null, A or B")->required();
  conceal->add_option("--hn-public-key", c->hn_public_key, "Home network public key, hex (not for null)");
  conceal->add_option("--hn-key-id", c->hn_key_id, "Home network public key identifier, 1-255 (not for null)");
  conceal->add_option("--routing-indicator", c->routing_indicator, "Routing indicator, 1-4 digits (default 0)");
  conceal->add_option("--eph-private-key", c->eph_private_key, "Fixed ephemeral private key, hex (default random)");
  conceal->add_option("--mnc-length", c->mnc_length, "Digits of the MNC in an IMSI: 2 or 3 (default 2)");
  commands.push_back(
      {conceal, [c](context&) {
         auto id = model::supi::parse(c->supi_text);
         if (!id)
           throw usage_error(fmt::format("--supi: '{}' is not imsi-<5-15 digits> or nai-<user@realm>", c->supi_text));
         security::conceal_options options;
         std::vector<std::uint8_t> hn_key, eph_key;
         const auto scheme = security::parse_protection_scheme(c->profile);
         if (!scheme) throw usage_error(fmt::format("--profile: '{}' is not A or B", c->profile));
         options.scheme = *scheme;
         if (options.scheme != security::protection_scheme::null) {
           if (c->hn_public_key.empty()) throw usage_error("--hn-public-key is required for profiles A and B");
           hn_key = hex_argument("--hn-public-key", c->hn_public_key);
           options.hn_public_key = hn_key;
           // TS 23.003 §2.2B: key id 0 is reserved for the null scheme.
           if (c->hn_key_id.empty()) throw usage_error("--hn-key-id is required for profiles A and B");
           options.hn_public_key_id = static_cast<std::uint8_t>(number_argument("--hn-key-id", c->hn_key_id, 255));
         }
         options.routing_indicator = c->routing_indicator;
         options.mnc_length = static_cast<unsigned>(number_argument("--mnc-length", c->mnc_length, 3));
         if (options.mnc_length < 2) throw usage_error("--mnc-length: must be 2 or 3");
         if (!c->eph_private_key.empty()) {
           eph_key = hex_argument("--eph-private-key", c->eph_private_key);
           options.ephemeral_private_key = std::span<const std::uint8_t>(eph_key);
         }
         auto concealed = security::conceal(*id, options);
         crypto::secure_wipe(eph_key);
         if (!concealed) throw usage_error(concealed.error().detail);
         std::cout << security::to_string(*concealed) << '\n';
         return exit_ok;
       }});

  struct deconceal_args {
    std::string suci_text, hn_private_key;
  };
  auto d = std::make_shared<deconceal_args>();
  auto* deconceal = suci_cmd->add_subcommand("deconceal", "Recover the SUPI from a SUCI (home network side)");
  deconceal->add_option("--suci", d->suci_text, "SUCI in the TS 23.003 string form")->required();
  deconceal->add_option("--hn-private-key", d->hn_private_key, "Home network private key, hex (not for null)");
  commands.push_back({deconceal, [d](context&) {
                        auto parsed = security::parse_suci(d->suci_text);
                        if (!parsed) throw usage_error(fmt::format("--suci: {}", parsed.error().detail));
                        std::vector<std::uint8_t> key;
                        if (parsed->protection_scheme_ != security::protection_scheme::null) {
                          if (d->hn_private_key.empty())
                            throw usage_error("--hn-private-key is required for profiles A and B");
                          key = hex_argument("--hn-private-key", d->hn_private_key, 32);
                        }
                        auto id = security::deconceal(*parsed, key);
                        crypto::secure_wipe(key);
                        if (!id) throw usage_error(id.error().detail);
                        std::cout << id->to_string() << '\n';
                        return exit_ok;
                      }});
}

}  // namespace

void add_crypto_commands(CLI::App& app, command_list& commands) {
  auto* crypto_cmd = app.add_subcommand("crypto", "Security suite tools: Milenage, 5G-AKA keys, NEA/NIA, SUCI");
  crypto_cmd->require_subcommand(1);
  add_milenage(*crypto_cmd, commands);
  add_aka(*crypto_cmd, commands);
  add_nea_nia(*crypto_cmd, commands);
  add_suci(*crypto_cmd, commands);
  add_crypto_derive_commands(*crypto_cmd, commands);
  add_crypto_eap_aka_prime_command(*crypto_cmd, commands);
}

}  // namespace meridian::app
