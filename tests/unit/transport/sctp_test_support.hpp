#pragma once
// Helpers for the SCTP tests: a notifier that records what the layer reports,
// bounded event-loop runs, and free local ports.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <asio/io_context.hpp>

#include "meridian/transport/sctp.hpp"

namespace meridian::transport::test {

struct received_message {
  std::uint64_t association = 0;
  std::uint16_t stream = 0;
  std::uint32_t ppid = 0;
  std::vector<std::uint8_t> bytes;
};

/// Records every notification; optionally echoes each message back on the
/// same stream with the same PPID.
class recording_notifier final : public sctp_association_notifier {
 public:
  bool echo = false;

  void on_association_up(const std::shared_ptr<sctp_association>& a) override {
    up.push_back(a);
    if (on_up) on_up(a);
  }
  void on_message(sctp_association& a, const sctp_message& m) override {
    messages.push_back({a.id(), m.stream, m.ppid, {m.bytes.begin(), m.bytes.end()}});
    if (echo) {
      auto r = a.send(m.stream, m.ppid, m.bytes);
      if (!r) ++echo_failures;
    }
  }
  void on_association_down(sctp_association& a, sctp_down_reason why) override { down.emplace_back(a.id(), why); }
  void on_association_restart(sctp_association&) override { ++restarts; }
  void on_peer_shutdown(sctp_association&) override { ++peer_shutdowns; }
  void on_send_ready(sctp_association&) override { ++send_ready; }

  std::vector<std::shared_ptr<sctp_association>> up;
  std::vector<received_message> messages;
  std::vector<std::pair<std::uint64_t, sctp_down_reason>> down;
  int restarts = 0;
  int peer_shutdowns = 0;
  int send_ready = 0;
  int echo_failures = 0;
  std::function<void(const std::shared_ptr<sctp_association>&)> on_up;
};

/// Runs `io` until `done()` holds or `limit` passes; returns done().
inline bool run_until(asio::io_context& io, const std::function<bool()>& done,
                      std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    if (io.stopped()) io.restart();
    io.run_for(std::chrono::milliseconds(5));
  }
  return true;
}

/// Lets queued handlers run for a while (to see that nothing more happens).
inline void run_for(asio::io_context& io, std::chrono::milliseconds d) {
  run_until(
      io, [] { return false; }, d);
}

/// A UDP port nobody uses right now (the kernel's choice).
inline std::uint16_t free_udp_port() {
  const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&sin), sizeof sin);
  socklen_t len = sizeof sin;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&sin), &len);
  ::close(fd);
  return ntohs(sin.sin_port);
}

/// Timers for loopback: a lost packet (every usrsctp process on the host gets a
/// copy of every raw SCTP packet, and a starved one drops from its socket
/// buffer when ctest runs tests in parallel) is resent within a fraction of a
/// second instead of the default 3 s, doubling.
inline void use_loopback_timers(sctp_config& cfg) {
  cfg.rto_initial_ms = 200;
  cfg.rto_min_ms = 100;
  cfg.rto_max_ms = 1000;
}

inline sctp_endpoint loopback(std::uint16_t port = 0) {
  return sctp_endpoint{asio::ip::make_address("127.0.0.1"), port};
}

}  // namespace meridian::transport::test
