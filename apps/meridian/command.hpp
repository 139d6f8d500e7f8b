#pragma once
// How a subcommand plugs into the `meridian` binary: each file registers its
// CLI11 subcommand and the function that runs it once parsing succeeded.

#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "meridian/common/config.hpp"

namespace meridian::app {

/// What every subcommand gets: the parsed configuration file (or an empty one).
struct context {
  config::document config = config::document::empty();
};

/// Exit codes shared by every subcommand.
enum exit_code : int {
  exit_ok = 0,
  exit_failure = 1,  ///< the command ran and failed (bad input data, a failed check)
  exit_usage = 2,    ///< the command line itself was wrong
};

/// Thrown by a command for bad input named on its command line; main() prints
/// it as one line on stderr and exits with exit_usage.
struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct command {
  CLI::App* cli = nullptr;
  std::function<int(context&)> run;
  /// Reads this command's sections of the configuration file (for network
  /// functions: `amf:`, `gnb:`, `upf:`, `sctp:` ...). Called only for the command
  /// that was parsed, before main() rejects top-level keys nobody read, so a
  /// section that belongs to no running command is still an error. May be empty.
  std::function<void(config::section& root)> read_config = {};
};

using command_list = std::vector<command>;

// One registration function per subcommand file. Later subcommands (core, amf,
// upf, gnb, ue, decode, pcap, bench) add theirs here.
/// `crypto …`: one subcommand per security::crypto_operations() entry.
void add_crypto_commands(CLI::App& app, command_list& commands);
/// `decode nas HEX`, under the `decode` subcommand.
void add_decode_nas_command(CLI::App& decode_cmd, command_list& commands);
/// `decode pfcp HEX` and `decode gtpu HEX`, under the `decode` subcommand.
void add_decode_user_plane_commands(CLI::App& decode_cmd, command_list& commands);
/// `decode ngap HEX`, under the `decode` subcommand.
void add_decode_ngap_command(CLI::App& decode_cmd, command_list& commands);
/// `pcap FILE` and `pcap check FILE`.
void add_pcap_commands(CLI::App& app, command_list& commands);
/// `bench upf` (bench_upf_command.cpp).
void add_bench_commands(CLI::App& app, command_list& commands);
/// `amf`: the AMF's N2 side (amf_command.cpp).
void add_amf_command(CLI::App& app, command_list& commands);
/// `gnb`: the gNB's N2 side (gnb_command.cpp).
void add_gnb_command(CLI::App& app, command_list& commands);
/// `upf`: the UPF (N4, N3, N6 data path).
void add_upf_command(CLI::App& app, command_list& commands);
/// `subscriber …`: the UDR's subscriber store and SUCI keys (subscriber_command.cpp).
void add_subscriber_commands(CLI::App& app, command_list& commands);

}  // namespace meridian::app
