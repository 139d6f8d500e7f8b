// Shared plumbing of `meridian amf` and `meridian gnb`.

#include "n2_command_support.hpp"

#include <chrono>

#include <fmt/format.h>
#include <asio/signal_set.hpp>

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

std::shared_ptr<transport::sctp_pcap_mirror> open_n2_capture(const std::string& path, const clock& clk) {
  if (path.empty()) return nullptr;
  auto m = transport::sctp_pcap_mirror::create(path, clk);
  if (!m) throw usage_error(fmt::format("--pcap: cannot create {}: {}", path, m.error().message()));
  return *m;
}

void run_until_stopped(asio::io_context& io, const std::function<void()>& on_stop, const std::function<void()>& on_usr1,
                       const std::function<void()>& on_usr2) {
  bool stopping = false;
  asio::signal_set stop_signals(io, SIGINT, SIGTERM);
  stop_signals.async_wait([&](const std::error_code& ec, int) {
    if (!ec) stopping = true;
  });
  asio::signal_set user_signals(io, SIGUSR1, SIGUSR2);
  std::function<void()> wait_user = [&] {
    user_signals.async_wait([&](const std::error_code& ec, int sig) {
      if (ec) return;
      if (sig == SIGUSR1 && on_usr1) on_usr1();
      if (sig == SIGUSR2 && on_usr2) on_usr2();
      wait_user();
    });
  };
  wait_user();
  while (!stopping) {
    if (io.stopped()) io.restart();
    io.run_for(std::chrono::milliseconds(100));
  }
  user_signals.cancel();
  on_stop();
  // Let the graceful SHUTDOWNs and the last handlers run.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(300);
  while (std::chrono::steady_clock::now() < deadline) {
    if (io.stopped()) io.restart();
    io.run_for(std::chrono::milliseconds(50));
  }
}

}  // namespace meridian::app
