#pragma once
// What `meridian amf` and `meridian gnb` share: the SCTP options on the command line.

#include <string>

#include <CLI/CLI.hpp>

#include "meridian/transport/sctp_config.hpp"

namespace meridian::app {

/// Command-line overrides of the `sctp:` section.
struct sctp_cli_options {
  std::string encapsulation;
  int udp_port = -1;
  int remote_udp_port = -1;
};

void add_sctp_cli_options(CLI::App& cmd, sctp_cli_options& o);
/// Applies the overrides; throws usage_error for bad values.
void apply_sctp_cli_options(const sctp_cli_options& o, transport::sctp_config& cfg);

}  // namespace meridian::app
