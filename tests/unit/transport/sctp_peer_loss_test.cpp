// A peer that vanishes without SHUTDOWN or ABORT (crash, cable cut) must still
// produce association-down. The path runs through a UDP relay in the test
// (usrsctp with UDP encapsulation); when the relay stops forwarding, both ends
// hear nothing more and heartbeat loss takes the association down.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "meridian/transport/sctp.hpp"
#include "sctp_test_support.hpp"

namespace meridian::transport {
namespace {

using namespace std::chrono_literals;

/// Bounces every datagram it receives to 127.0.0.1:`target` while forwarding.
class udp_relay {
 public:
  explicit udp_relay(std::uint16_t target) : target_(target) {
    fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&sin), sizeof sin);
    socklen_t len = sizeof sin;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&sin), &len);
    port_ = ntohs(sin.sin_port);
    thread_ = std::thread([this] { run(); });
  }
  ~udp_relay() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }
  std::uint16_t port() const { return port_; }
  void cut() { forwarding_ = false; }

 private:
  void run() {
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    to.sin_port = htons(target_);
    std::uint8_t buf[65536];
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n > 0 && forwarding_)
        ::sendto(fd_, buf, static_cast<std::size_t>(n), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
    }
  }

  std::uint16_t target_;
  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> forwarding_{true};
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

TEST(sctp_peer_loss, when_peer_goes_silent_then_both_ends_report_communication_lost) {
  asio::io_context io;
  test::recording_notifier server_events;
  test::recording_notifier client_events;
  sctp_config cfg;
  cfg.backend = sctp_backend_kind::usrsctp;
  cfg.encapsulation = sctp_encapsulation::udp;
  cfg.udp_encapsulation_port = test::free_udp_port();
  cfg.heartbeat_interval_ms = 100;
  cfg.rto_initial_ms = 100;
  cfg.rto_min_ms = 50;
  cfg.rto_max_ms = 100;
  cfg.max_retransmissions = 2;
  udp_relay relay(cfg.udp_encapsulation_port);

  auto server = make_sctp_server(io, cfg, test::loopback(), server_events);
  ASSERT_TRUE(server) << server.error().message();
  sctp_config via_relay = cfg;
  via_relay.remote_udp_encapsulation_port = relay.port();
  sctp_client client(io, via_relay, client_events);
  auto a = client.connect((*server)->local_endpoint(), test::loopback());
  ASSERT_TRUE(a) << a.error().message();
  ASSERT_TRUE(test::run_until(io, [&] { return client_events.up.size() == 1 && server_events.up.size() == 1; }));
  const std::vector<std::uint8_t> hello{1, 2, 3};
  ASSERT_TRUE((*a)->send(0, ngap_ppid, hello));
  ASSERT_TRUE(test::run_until(io, [&] { return server_events.messages.size() == 1; }));

  const auto cut_at = std::chrono::steady_clock::now();
  relay.cut();
  ASSERT_TRUE(test::run_until(
      io, [&] { return client_events.down.size() == 1 && server_events.down.size() == 1; }, 15s))
      << "client down " << client_events.down.size() << ", server down " << server_events.down.size();
  EXPECT_EQ(client_events.down[0].second, sctp_down_reason::communication_lost);
  EXPECT_EQ(server_events.down[0].second, sctp_down_reason::communication_lost);
  EXPECT_EQ((*server)->association_count(), 0u);
  RecordProperty(
      "detection_ms",
      static_cast<int>(
          std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - cut_at).count()));
}

}  // namespace
}  // namespace meridian::transport
