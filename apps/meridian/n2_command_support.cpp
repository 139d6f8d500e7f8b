// The SCTP options of `meridian amf` and `meridian gnb`.

#include "n2_command_support.hpp"

#include <fmt/format.h>

#include "command.hpp"

namespace meridian::app {

void add_sctp_cli_options(CLI::App& cmd, sctp_cli_options& o) {
  cmd.add_option("--sctp-encapsulation", o.encapsulation,
                 "none (raw IP, protocol 132) or udp (SCTP over UDP, RFC 6951); overrides sctp.encapsulation");
  cmd.add_option("--udp-encapsulation-port", o.udp_port, "Local UDP port of the encapsulation")
      ->check(CLI::Range(1, 65535));
  cmd.add_option("--remote-udp-encapsulation-port", o.remote_udp_port, "The peer's UDP encapsulation port")
      ->check(CLI::Range(1, 65535));
}

void apply_sctp_cli_options(const sctp_cli_options& o, transport::sctp_config& cfg) {
  if (!o.encapsulation.empty()) {
    auto e = transport::parse_sctp_encapsulation(o.encapsulation);
    if (!e) throw usage_error(fmt::format("--sctp-encapsulation: '{}' is not one of: none, udp", o.encapsulation));
    cfg.encapsulation = *e;
    if (*e == transport::sctp_encapsulation::udp && cfg.backend == transport::sctp_backend_kind::automatic)
      cfg.backend = transport::sctp_backend_kind::usrsctp;
  }
  if (o.udp_port > 0) cfg.udp_encapsulation_port = static_cast<std::uint16_t>(o.udp_port);
  if (o.remote_udp_port > 0) cfg.remote_udp_encapsulation_port = static_cast<std::uint16_t>(o.remote_udp_port);
}

}  // namespace meridian::app
