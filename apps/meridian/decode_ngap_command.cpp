// `meridian decode ngap HEX`: one NGAP-PDU (APER, TS 38.413) as JSON. NAS-PDUs
// inside are rendered by the NAS codec (lib/nas) next to their hex; ciphered
// ones stay hex until --k/--opc deciphering is added.

#include <iostream>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "meridian/common/hex.hpp"
#include "meridian/nas/json.hpp"
#include "meridian/ngap/json.hpp"
#include "meridian/ngap/json_hooks.hpp"
#include "meridian/ngap/ngap.hpp"

namespace meridian::app {

void add_decode_ngap_command(CLI::App& decode_cmd, command_list& commands) {
  auto* cmd = decode_cmd.add_subcommand("ngap", "Decode one NGAP PDU given as hex and print it as JSON");
  auto hex = std::make_shared<std::string>();
  cmd->add_option("hex", *hex, "The PDU as hex (spaces and ':' allowed)")->required();
  commands.push_back({cmd, [hex](context&) {
                        ngap::set_nas_json_renderer(nas::to_json_if_decodable);
                        auto bytes = from_hex(*hex);
                        if (!bytes) throw usage_error(fmt::format("HEX: {}", bytes.error().message()));
                        ngap::ngap_pdu pdu;
                        asn1::aper_error err;
                        if (!ngap::decode_ngap_pdu(*bytes, pdu, err)) {
                          std::cerr << "meridian decode ngap: " << err.message() << '\n';
                          return static_cast<int>(exit_failure);
                        }
                        std::cout << ngap::to_json(pdu).dump(2) << '\n';
                        return static_cast<int>(exit_ok);
                      }});
}

}  // namespace meridian::app
