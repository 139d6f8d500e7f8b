// The process event loop of a network function (run_loop.hpp).

#include "meridian/core/run_loop.hpp"

#include <csignal>

#include <asio/signal_set.hpp>

namespace meridian::core {

void run_until_stopped(asio::io_context& io, const run_hooks& hooks) {
  bool stopping = false;
  asio::signal_set stop_signals(io, SIGINT, SIGTERM);
  stop_signals.async_wait([&](const std::error_code& ec, int) {
    if (!ec) stopping = true;
  });
  asio::signal_set user_signals(io, SIGUSR1, SIGUSR2);
  std::function<void()> wait_user = [&] {
    user_signals.async_wait([&](const std::error_code& ec, int sig) {
      if (ec) return;
      if (sig == SIGUSR1 && hooks.on_usr1) hooks.on_usr1();
      if (sig == SIGUSR2 && hooks.on_usr2) hooks.on_usr2();
      wait_user();
    });
  };
  wait_user();
  while (!stopping) {
    if (io.stopped()) io.restart();
    io.run_for(std::chrono::milliseconds(100));
  }
  user_signals.cancel();
  if (hooks.on_stop) hooks.on_stop();
  const auto deadline = std::chrono::steady_clock::now() + hooks.linger;
  while (std::chrono::steady_clock::now() < deadline) {
    if (io.stopped()) io.restart();
    io.run_for(std::chrono::milliseconds(50));
  }
}

}  // namespace meridian::core
