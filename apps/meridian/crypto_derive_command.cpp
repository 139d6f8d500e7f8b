// `meridian crypto derive <key>`: one TS 33.501 Annex A derivation from its
// direct inputs, for checking a single step of the key hierarchy against a log
// or another implementation (where `meridian crypto aka` starts from K).

#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli_args.hpp"
#include "command.hpp"
#include "meridian/security/key_chain.hpp"

namespace meridian::app {

namespace {

using json = nlohmann::ordered_json;
using crypto::key128;
using crypto::key256;

// Registers `derive <name>` whose options are strings in `values` (all required
// unless listed in `optional_defaults`), and whose body turns them into JSON.
using derive_fn = std::function<json(const std::map<std::string, std::string>&)>;

void add_derivation(CLI::App* derive, command_list& commands, const std::string& name, const std::string& help,
                    const std::vector<std::pair<std::string, std::string>>& required,
                    const std::vector<std::tuple<std::string, std::string, std::string>>& optional, derive_fn fn) {
  auto* cmd = derive->add_subcommand(name, help);
  auto values = std::make_shared<std::map<std::string, std::string>>();
  for (const auto& [opt, desc] : required) cmd->add_option("--" + opt, (*values)[opt], desc)->required();
  for (const auto& [opt, desc, fallback] : optional) {
    (*values)[opt] = fallback;
    cmd->add_option("--" + opt, (*values)[opt], fmt::format("{} (default {})", desc, fallback));
  }
  commands.push_back({cmd, [values, fn](context&) {
                        std::cout << fn(*values).dump() << '\n';
                        return exit_ok;
                      }});
}

}  // namespace

void add_crypto_derive_commands(CLI::App& crypto_cmd, command_list& commands) {
  auto* derive = crypto_cmd.add_subcommand("derive", "One TS 33.501 Annex A key derivation from its direct inputs");
  derive->require_subcommand(1);

  add_derivation(derive, commands, "kausf", "KAUSF (A.2)",
                 {{"ck", "CK, 32 hex digits"},
                  {"ik", "IK, 32 hex digits"},
                  {"snn", "Serving network name"},
                  {"sqn-xor-ak", "SQN xor AK, 12 hex digits"}},
                 {}, [](const auto& v) {
                   const auto sqn_xor_ak = array_argument<6>("--sqn-xor-ak", v.at("sqn-xor-ak"));
                   auto k = security::derive_kausf(secret_argument<16>("--ck", v.at("ck")),
                                                   secret_argument<16>("--ik", v.at("ik")),
                                                   text_argument("--snn", v.at("snn")), sqn_xor_ak);
                   return json{{"kausf", hex(k.bytes())}};
                 });

  add_derivation(
      derive, commands, "res-star", "RES* / XRES* (A.4) and HRES* / HXRES* (A.5)",
      {{"ck", "CK, 32 hex digits"},
       {"ik", "IK, 32 hex digits"},
       {"snn", "Serving network name"},
       {"rand", "RAND, 32 hex digits"},
       {"res", "RES, 4-16 octets in hex"}},
      {}, [](const auto& v) {
        const auto rand = array_argument<16>("--rand", v.at("rand"));
        const auto res = hex_argument("--res", v.at("res"));
        if (!security::is_valid_res_length(res.size())) throw usage_error("--res: must be 4 to 16 octets");
        const auto res_star =
            security::derive_res_star(secret_argument<16>("--ck", v.at("ck")), secret_argument<16>("--ik", v.at("ik")),
                                      text_argument("--snn", v.at("snn")), rand, res);
        return json{{"res_star", hex(res_star)}, {"hres_star", hex(security::derive_hres_star(rand, res_star))}};
      });

  add_derivation(derive, commands, "kseaf", "KSEAF (A.6)",
                 {{"kausf", "KAUSF, 64 hex digits"}, {"snn", "Serving network name"}}, {}, [](const auto& v) {
                   auto k = security::derive_kseaf(secret_argument<32>("--kausf", v.at("kausf")),
                                                   text_argument("--snn", v.at("snn")));
                   return json{{"kseaf", hex(k.bytes())}};
                 });

  add_derivation(derive, commands, "kamf", "KAMF (A.7)",
                 {{"kseaf", "KSEAF, 64 hex digits"}, {"supi", "SUPI value: IMSI digits or NAI"}},
                 {{"abba", "ABBA, hex", "0000"}}, [](const auto& v) {
                   const auto abba = hex_argument("--abba", v.at("abba"));
                   if (abba.empty()) throw usage_error("--abba: must hold at least one octet");
                   // TS 33.501 A.7: the IMSI digits or the NAI; RFC 7542 caps an NAI at 253 octets.
                   auto k = security::derive_kamf(secret_argument<32>("--kseaf", v.at("kseaf")),
                                                  text_argument("--supi", v.at("supi"), 253), abba);
                   return json{{"kamf", hex(k.bytes())}};
                 });

  add_derivation(derive, commands, "algorithm-keys", "NAS, RRC or UP algorithm keys (A.8)",
                 {{"key", "KAMF (nas) or KgNB (rrc, up), 64 hex digits"}},
                 {{"kind", "nas, rrc or up", "nas"},
                  {"enc-alg", "ciphering algorithm id 0-3", "0"},
                  {"int-alg", "integrity algorithm id 0-3", "0"}},
                 [](const auto& v) {
                   const auto family = security::parse_algorithm_key_family(v.at("kind"));
                   if (!family) throw usage_error(fmt::format("--kind: '{}' is not nas, rrc or up", v.at("kind")));
                   const auto key = secret_argument<32>("--key", v.at("key"));
                   const auto enc_alg = static_cast<std::uint8_t>(number_argument("--enc-alg", v.at("enc-alg"), 3));
                   const auto int_alg = static_cast<std::uint8_t>(number_argument("--int-alg", v.at("int-alg"), 3));
                   const auto k = security::derive_algorithm_keys(key, *family, enc_alg, int_alg);
                   return json{{"enc_key_256", hex(k.enc_256.bytes())},
                               {"int_key_256", hex(k.int_256.bytes())},
                               {"enc_key", hex(k.enc.bytes())},
                               {"int_key", hex(k.integ.bytes())}};
                 });

  add_derivation(
      derive, commands, "kgnb", "KgNB or KN3IWF (A.9) and the first NH (A.10)", {{"kamf", "KAMF, 64 hex digits"}},
      {{"ul-nas-count", "uplink NAS COUNT", "0"}, {"access", "3gpp or non-3gpp", "3gpp"}}, [](const auto& v) {
        const auto kamf = secret_argument<32>("--kamf", v.at("kamf"));
        const auto count =
            static_cast<std::uint32_t>(number_argument("--ul-nas-count", v.at("ul-nas-count"), 0xffffffffu));
        const auto access = security::parse_access_type(v.at("access"));
        if (!access) throw usage_error(fmt::format("--access: '{}' is not 3gpp or non-3gpp", v.at("access")));
        const auto kgnb = security::derive_kgnb(kamf, count, *access);
        return json{{"kgnb", hex(kgnb.bytes())}, {"nh", hex(security::derive_nh(kamf, kgnb).bytes())}};
      });

  add_derivation(derive, commands, "ck-ik-prime", "CK' and IK' (TS 33.402 A.2, RFC 9048)",
                 {{"ck", "CK, 32 hex digits"},
                  {"ik", "IK, 32 hex digits"},
                  {"access-network-name", "Access network identity, e.g. WLAN"},
                  {"sqn-xor-ak", "SQN xor AK, 12 hex digits"}},
                 {}, [](const auto& v) {
                   const auto sqn_xor_ak = array_argument<6>("--sqn-xor-ak", v.at("sqn-xor-ak"));
                   auto keys = security::derive_ck_ik_prime(
                       secret_argument<16>("--ck", v.at("ck")), secret_argument<16>("--ik", v.at("ik")),
                       text_argument("--access-network-name", v.at("access-network-name")), sqn_xor_ak);
                   return json{{"ck_prime", hex(keys.ck_prime.bytes())}, {"ik_prime", hex(keys.ik_prime.bytes())}};
                 });
}

}  // namespace meridian::app
