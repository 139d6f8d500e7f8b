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

std::vector<std::uint8_t> hex_input(const std::string& text) {
  auto bytes = from_hex(text);
  if (!bytes) throw usage_error(fmt::format("HEX: {}", bytes.error().message()));
  return std::move(*bytes);
}

int decode_pfcp(const std::string& text) {
  const auto bytes = hex_input(text);
  auto m = pfcp::decode(bytes);
  if (!m) {
    const auto& f = m.error();
    std::string line = f.error_.message();
    if (f.offending_ie_) line += fmt::format(", offending IE type {}", *f.offending_ie_);
    if (f.header_) line += fmt::format(", PFCP cause {}", static_cast<unsigned>(f.cause_));
    std::cerr << "meridian decode pfcp: " << line << '\n';
    return exit_failure;
  }
  std::cout << pfcp::to_json_text(*m) << '\n';
  return exit_ok;
}

int decode_gtpu(const std::string& text) {
  const auto bytes = hex_input(text);
  auto m = gtpu::decode(bytes);
  if (!m) {
    std::cerr << "meridian decode gtpu: " << m.error().message() << '\n';
    return exit_failure;
  }
  std::cout << gtpu::to_json_text(*m) << '\n';
  return exit_ok;
}

}  // namespace

void add_decode_user_plane_commands(CLI::App& decode_cmd, command_list& commands) {
  auto* pfcp_cmd =
      decode_cmd.add_subcommand("pfcp", "Decode one PFCP message (UDP payload) given as hex and print it as JSON");
  auto pfcp_hex = std::make_shared<std::string>();
  pfcp_cmd->add_option("hex", *pfcp_hex, "The message as hex (spaces and ':' allowed)")->required();
  commands.push_back({pfcp_cmd, [pfcp_hex](context&) { return decode_pfcp(*pfcp_hex); }});

  auto* gtpu_cmd =
      decode_cmd.add_subcommand("gtpu", "Decode one GTP-U message (UDP payload) given as hex and print it as JSON");
  auto gtpu_hex = std::make_shared<std::string>();
  gtpu_cmd->add_option("hex", *gtpu_hex, "The message as hex (spaces and ':' allowed)")->required();
  commands.push_back({gtpu_cmd, [gtpu_hex](context&) { return decode_gtpu(*gtpu_hex); }});
}

}  // namespace meridian::app
