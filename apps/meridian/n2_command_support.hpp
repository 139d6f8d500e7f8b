#pragma once
// What `meridian amf` and `meridian gnb` share: SCTP options on the command
// line, the N2 capture, and an event loop that runs until SIGINT/SIGTERM.

#include <csignal>
#include <functional>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <asio/io_context.hpp>

#include "meridian/common/clock.hpp"
#include "meridian/transport/sctp_config.hpp"
#include "meridian/transport/sctp_pcap_mirror.hpp"

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

/// Creates the capture file, or nothing when `path` is empty; throws usage_error when it cannot be created.
std::shared_ptr<transport::sctp_pcap_mirror> open_n2_capture(const std::string& path, const clock& clk);

/// Runs `io` until SIGINT or SIGTERM; calls `on_usr1`/`on_usr2` on those signals.
/// Then calls `on_stop` and lets `io` run a little longer so that SHUTDOWNs go out.
void run_until_stopped(asio::io_context& io, const std::function<void()>& on_stop,
                       const std::function<void()>& on_usr1 = {}, const std::function<void()>& on_usr2 = {});

}  // namespace meridian::app
