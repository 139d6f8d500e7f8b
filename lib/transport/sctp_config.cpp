// Reading the `sctp:` configuration section and the names of the layer's enums.

#include "meridian/transport/sctp_config.hpp"

#include <cstring>

#include <fmt/format.h>

#include "meridian/common/config.hpp"
#include "meridian/transport/sctp_association.hpp"
#include "meridian/transport/sctp_error.hpp"

namespace meridian::transport {

std::string_view to_string(sctp_backend_kind k) noexcept {
  switch (k) {
    case sctp_backend_kind::automatic:
      return "auto";
    case sctp_backend_kind::kernel:
      return "kernel";
    case sctp_backend_kind::usrsctp:
      return "usrsctp";
  }
  return "?";
}

std::string_view to_string(sctp_encapsulation e) noexcept {
  switch (e) {
    case sctp_encapsulation::none:
      return "none";
    case sctp_encapsulation::udp:
      return "udp";
  }
  return "?";
}

std::optional<sctp_backend_kind> parse_sctp_backend(std::string_view s) noexcept {
  if (s == "auto") return sctp_backend_kind::automatic;
  if (s == "kernel") return sctp_backend_kind::kernel;
  if (s == "usrsctp") return sctp_backend_kind::usrsctp;
  return std::nullopt;
}

std::optional<sctp_encapsulation> parse_sctp_encapsulation(std::string_view s) noexcept {
  if (s == "none") return sctp_encapsulation::none;
  if (s == "udp") return sctp_encapsulation::udp;
  return std::nullopt;
}

void read_sctp_config(config::section s, sctp_config& cfg) {
  std::string backend(to_string(cfg.backend));
  std::string encapsulation(to_string(cfg.encapsulation));
  s.read("backend", backend).read("encapsulation", encapsulation);
  if (auto b = parse_sctp_backend(backend))
    cfg.backend = *b;
  else
    s.fail("backend", fmt::format("'{}' is not an SCTP backend (one of: auto, kernel, usrsctp)", backend));
  if (auto e = parse_sctp_encapsulation(encapsulation))
    cfg.encapsulation = *e;
  else
    s.fail("encapsulation", fmt::format("'{}' is not an SCTP encapsulation (one of: none, udp)", encapsulation));

  cfg.udp_encapsulation_port =
      static_cast<std::uint16_t>(s.read_integer("udp_encapsulation_port", 1, 65535, cfg.udp_encapsulation_port));
  s.read("remote_udp_encapsulation_port", cfg.remote_udp_encapsulation_port);
  cfg.out_streams = static_cast<std::uint16_t>(s.read_integer("out_streams", 1, 65535, cfg.out_streams));
  cfg.in_streams = static_cast<std::uint16_t>(s.read_integer("in_streams", 1, 65535, cfg.in_streams));
  cfg.send_queue_messages = static_cast<std::size_t>(
      s.read_integer("send_queue_messages", 1, 1 << 24, static_cast<std::int64_t>(cfg.send_queue_messages)));
  cfg.send_queue_bytes = static_cast<std::size_t>(
      s.read_integer("send_queue_bytes", 1024, std::int64_t{1} << 32, static_cast<std::int64_t>(cfg.send_queue_bytes)));
  s.read("send_buffer_bytes", cfg.send_buffer_bytes)
      .read("rto_initial_ms", cfg.rto_initial_ms)
      .read("rto_min_ms", cfg.rto_min_ms)
      .read("rto_max_ms", cfg.rto_max_ms)
      .read("max_init_attempts", cfg.max_init_attempts)
      .read("max_retransmissions", cfg.max_retransmissions)
      .read("heartbeat_interval_ms", cfg.heartbeat_interval_ms)
      .read("nodelay", cfg.nodelay);

  // The Linux kernel can encapsulate too (5.11+, net.sctp.udp_port), but that is
  // a host-wide sysctl this process should not own; UDP means usrsctp here.
  if (cfg.backend == sctp_backend_kind::kernel && cfg.encapsulation == sctp_encapsulation::udp)
    s.fail("encapsulation", "udp encapsulation needs the usrsctp backend (or auto)");
  if (cfg.rto_min_ms != 0 && cfg.rto_max_ms != 0 && cfg.rto_min_ms > cfg.rto_max_ms)
    s.fail("rto_min_ms", "rto_min_ms is larger than rto_max_ms");
  s.finish();
}

std::string_view to_string(sctp_errc code) noexcept {
  switch (code) {
    case sctp_errc::would_block:
      return "would_block";
    case sctp_errc::not_connected:
      return "not_connected";
    case sctp_errc::invalid_stream:
      return "invalid_stream";
    case sctp_errc::message_too_large:
      return "message_too_large";
    case sctp_errc::backend_unavailable:
      return "backend_unavailable";
    case sctp_errc::address_error:
      return "address_error";
    case sctp_errc::socket_error:
      return "socket_error";
  }
  return "?";
}

std::string sctp_error::message() const {
  std::string m(to_string(code));
  if (!detail.empty()) m += fmt::format(": {}", detail);
  if (sys_errno != 0) m += fmt::format(": {}", std::strerror(sys_errno));
  return m;
}

std::string sctp_endpoint::to_string() const {
  if (address.is_v6()) return fmt::format("[{}]:{}", address.to_string(), port);
  return fmt::format("{}:{}", address.to_string(), port);
}

std::string_view to_string(sctp_state s) noexcept {
  switch (s) {
    case sctp_state::connecting:
      return "connecting";
    case sctp_state::up:
      return "up";
    case sctp_state::shutting_down:
      return "shutting_down";
    case sctp_state::down:
      return "down";
  }
  return "?";
}

std::string_view to_string(sctp_down_reason r) noexcept {
  switch (r) {
    case sctp_down_reason::peer_shutdown:
      return "peer_shutdown";
    case sctp_down_reason::communication_lost:
      return "communication_lost";
    case sctp_down_reason::cannot_start:
      return "cannot_start";
    case sctp_down_reason::local_close:
      return "local_close";
  }
  return "?";
}

}  // namespace meridian::transport
