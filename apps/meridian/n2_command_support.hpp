#pragma once
// What `meridian amf` and `meridian gnb` share: the SCTP options on the command line.

#include <CLI/CLI.hpp>

#include "meridian/core/node_overrides.hpp"

namespace meridian::app {

/// --sctp-encapsulation, --udp-encapsulation-port, --remote-udp-encapsulation-port.
void add_sctp_cli_options(CLI::App& cmd, core::sctp_overrides& o);

}  // namespace meridian::app
