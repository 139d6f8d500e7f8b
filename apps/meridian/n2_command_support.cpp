// The SCTP options of `meridian amf` and `meridian gnb` (core::sctp_overrides applies them).

#include "n2_command_support.hpp"

namespace meridian::app {

void add_sctp_cli_options(CLI::App& cmd, core::sctp_overrides& o) {
  cmd.add_option("--sctp-encapsulation", o.encapsulation_,
                 "none (raw IP, protocol 132) or udp (SCTP over UDP, RFC 6951); overrides sctp.encapsulation");
  cmd.add_option("--udp-encapsulation-port", o.udp_port_, "Local UDP port of the encapsulation")
      ->check(CLI::Range(1, 65535));
  cmd.add_option("--remote-udp-encapsulation-port", o.remote_udp_port_, "The peer's UDP encapsulation port")
      ->check(CLI::Range(1, 65535));
}

}  // namespace meridian::app
