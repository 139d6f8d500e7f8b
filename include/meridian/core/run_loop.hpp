#pragma once
// The event loop of a network function run as a process: runs an io_context
// until SIGINT or SIGTERM, hands SIGUSR1/SIGUSR2 to the NF (operator
// actions: NG Reset, configuration updates), then stops the NF and lets the
// loop run a little longer so that what the stop sent (SCTP SHUTDOWNs, the
// last handlers) goes out.

#include <chrono>
#include <functional>

#include <asio/io_context.hpp>

namespace meridian::core {

struct run_hooks {
  /// Called once on SIGINT/SIGTERM, on the loop's thread.
  std::function<void()> on_stop{};
  std::function<void()> on_usr1{};
  std::function<void()> on_usr2{};
  /// How long the loop goes on after on_stop.
  std::chrono::milliseconds linger{300};
};

/// Runs `io` on this thread until SIGINT or SIGTERM; see run_hooks.
void run_until_stopped(asio::io_context& io, const run_hooks& hooks);

}  // namespace meridian::core
