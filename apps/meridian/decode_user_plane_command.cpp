// `meridian decode pfcp HEX` and `meridian decode gtpu HEX`: one PFCP message
// (TS 29.244) or GTP-U message (TS 29.281) as JSON on stdout, exit 0. Input that
// does not decode prints one line naming what failed and its byte offset on
// stderr and exits 1; text that is not hex is a usage error.

#include <iostream>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "command.hpp"
#include "meridian/common/hex.hpp"
#include "meridian/gtpu/messages.hpp"
#include "meridian/pfcp/messages.hpp"

namespace meridian::app {

namespace {

// `decode <name> HEX` printing `decode(bytes)` with the codec's to_json_text.
template <auto Decode, auto ToJson>
void add_decoder(CLI::App& decode_cmd, command_list& commands, const std::string& name, const std::string& what) {
  auto* cmd = decode_cmd.add_subcommand(name, "Decode one " + what + " (UDP payload) given as hex and print it as JSON");
  auto text = std::make_shared<std::string>();
  cmd->add_option("hex", *text, "The message as hex (spaces and ':' allowed)")->required();
  commands.push_back({cmd, [text, name](context&) {
                        auto bytes = from_hex(*text);
                        if (!bytes) throw usage_error(fmt::format("HEX: {}", bytes.error().message()));
                        auto m = Decode(*bytes);
                        if (!m) {
                          std::cerr << "meridian decode " << name << ": " << m.error().message() << '\n';
                          return static_cast<int>(exit_failure);
                        }
                        std::cout << ToJson(*m, 2) << '\n';
                        return static_cast<int>(exit_ok);
                      }});
}

}  // namespace

void add_decode_user_plane_commands(CLI::App& decode_cmd, command_list& commands) {
  add_decoder<&pfcp::decode, &pfcp::to_json_text>(decode_cmd, commands, "pfcp", "PFCP message");
  add_decoder<&gtpu::decode, &gtpu::to_json_text>(decode_cmd, commands, "gtpu", "GTP-U message");
}

}  // namespace meridian::app
