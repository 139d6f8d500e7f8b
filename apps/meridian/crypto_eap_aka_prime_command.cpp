// `meridian crypto eap-aka-prime`: the EAP-AKA' keys (RFC 9048 §3.3-3.4, TS
// 33.501 Annex A.3 and F) from an AKA run's CK, IK and SQN xor AK, for people
// checking another vendor's EAP-AKA'. Prints one JSON object (lowercase hex);
// bad input prints one line on stderr and exits 2.

#include <iostream>

#include <nlohmann/json.hpp>

#include "cli_args.hpp"
#include "command.hpp"
#include "meridian/security/key_hierarchy.hpp"

namespace meridian::app {

void add_crypto_eap_aka_prime_command(CLI::App& crypto_cmd, command_list& commands) {
  struct args {
    std::string ck, ik, identity, network_name, sqn_xor_ak;
  };
  auto a = std::make_shared<args>();
  auto* cmd = crypto_cmd.add_subcommand(
      "eap-aka-prime", "EAP-AKA' keys (RFC 9048): CK', IK', K_encr, K_aut, K_re, MSK, EMSK and K_AUSF");
  cmd->add_option("--ck", a->ck, "CK, 32 hex digits")->required();
  cmd->add_option("--ik", a->ik, "IK, 32 hex digits")->required();
  cmd->add_option("--identity", a->identity,
                  "Identity for MK: the IMSI digits or NAI in 5G (TS 33.501 Annex F.3)")
      ->required();
  cmd->add_option("--network-name", a->network_name,
                  "Access network name (AT_KDF_INPUT); in 5G the serving network name")
      ->required();
  cmd->add_option("--sqn-xor-ak", a->sqn_xor_ak, "SQN xor AK (the first 6 octets of AUTN), 12 hex digits")
      ->required();
  commands.push_back({cmd, [a](context&) {
                        const auto sqn_xor_ak = array_argument<6>("--sqn-xor-ak", a->sqn_xor_ak);
                        const auto prime = security::derive_ck_ik_prime(
                            secret_argument<16>("--ck", a->ck), secret_argument<16>("--ik", a->ik),
                            text_argument("--network-name", a->network_name), sqn_xor_ak);
                        const auto keys = security::derive_eap_aka_prime_keys(
                            prime, text_argument("--identity", a->identity));
                        nlohmann::ordered_json j;
                        j["ck_prime"] = hex(prime.ck_prime.bytes());
                        j["ik_prime"] = hex(prime.ik_prime.bytes());
                        j["k_encr"] = hex(keys.k_encr.bytes());
                        j["k_aut"] = hex(keys.k_aut.bytes());
                        j["k_re"] = hex(keys.k_re.bytes());
                        j["msk"] = hex(keys.msk.bytes());
                        j["emsk"] = hex(keys.emsk.bytes());
                        j["k_ausf"] = hex(security::derive_kausf_from_emsk(keys.emsk).bytes());
                        std::cout << j.dump() << '\n';
                        return exit_ok;
                      }});
}

}  // namespace meridian::app
