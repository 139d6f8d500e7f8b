// Two endpoints in one process exchange SCTP over loopback. The same test
// bodies run over every backend: usrsctp over raw IP, usrsctp over UDP
// (RFC 6951) and the kernel (skipped where the kernel has no SCTP).

#include <unistd.h>

#include <gtest/gtest.h>

#include "meridian/transport/sctp.hpp"
#include "sctp_test_support.hpp"

namespace meridian::transport {
namespace {

using namespace std::chrono_literals;
using test::loopback;
using test::recording_notifier;
using test::run_until;

struct backend_case {
  const char* name;
  sctp_backend_kind backend;
  sctp_encapsulation encapsulation;
};

class sctp_backends : public ::testing::TestWithParam<backend_case> {
 protected:
  void SetUp() override {
    const auto& p = GetParam();
    if (p.backend == sctp_backend_kind::kernel && !kernel_sctp_available())
      GTEST_SKIP() << "this kernel cannot create SCTP sockets (no sctp module): kernel backend not exercised here";
    if (p.backend == sctp_backend_kind::usrsctp && p.encapsulation == sctp_encapsulation::none && ::geteuid() != 0)
      GTEST_SKIP() << "usrsctp over raw IP needs root (CAP_NET_RAW)";
    cfg_.backend = p.backend;
    cfg_.encapsulation = p.encapsulation;
    if (p.encapsulation == sctp_encapsulation::udp) cfg_.udp_encapsulation_port = test::free_udp_port();
    cfg_.out_streams = 4;
    cfg_.in_streams = 4;
    test::use_loopback_timers(cfg_);
  }

  sctp_result<std::unique_ptr<sctp_server>> listen(std::uint16_t port = 0) {
    return make_sctp_server(io_, cfg_, loopback(port), server_events_);
  }

  asio::io_context io_;
  sctp_config cfg_;
  recording_notifier server_events_;
  recording_notifier client_events_;
};

std::vector<std::uint8_t> bytes_of(std::string_view s) { return {s.begin(), s.end()}; }

TEST_P(sctp_backends, when_client_sends_on_several_streams_then_server_receives_each_with_its_stream_and_ppid) {
  server_events_.echo = true;
  auto server = listen();
  ASSERT_TRUE(server) << server.error().message();
  sctp_client client(io_, cfg_, client_events_);
  auto a = client.connect((*server)->local_endpoint(), loopback());
  ASSERT_TRUE(a) << a.error().message();
  ASSERT_TRUE(run_until(io_, [&] { return client_events_.up.size() == 1 && server_events_.up.size() == 1; }));
  EXPECT_EQ((*a)->state(), sctp_state::up);
  EXPECT_EQ((*a)->outbound_streams(), 4);
  EXPECT_EQ((*a)->remote_endpoint(), (*server)->local_endpoint());
  EXPECT_EQ(server_events_.up[0]->remote_endpoint(), (*a)->local_endpoint());

  for (std::uint16_t stream = 0; stream < 4; ++stream) {
    const auto text = bytes_of("message on stream " + std::to_string(stream));
    ASSERT_TRUE((*a)->send(stream, ngap_ppid + stream, text));
  }
  ASSERT_TRUE(run_until(io_, [&] { return client_events_.messages.size() == 4; }));
  ASSERT_EQ(server_events_.messages.size(), 4u);
  for (std::uint16_t stream = 0; stream < 4; ++stream) {
    for (const auto* events : {&server_events_, &client_events_}) {
      const auto& m = events->messages[stream];  // one stream each, sent in order
      EXPECT_EQ(m.stream, stream);
      EXPECT_EQ(m.ppid, ngap_ppid + stream);
      EXPECT_EQ(m.bytes, bytes_of("message on stream " + std::to_string(stream)));
    }
  }
  EXPECT_EQ((*a)->counters().messages_sent, 4u);
  EXPECT_EQ((*a)->counters().messages_received, 4u);
  EXPECT_EQ(server_events_.echo_failures, 0);
}

TEST_P(sctp_backends, when_message_is_larger_than_partial_delivery_point_then_it_arrives_whole) {
  auto server = listen();
  ASSERT_TRUE(server) << server.error().message();
  sctp_client client(io_, cfg_, client_events_);
  auto a = client.connect((*server)->local_endpoint(), loopback());
  ASSERT_TRUE(a);
  ASSERT_TRUE(run_until(io_, [&] { return client_events_.up.size() == 1; }));
  std::vector<std::uint8_t> big(200 * 1024);
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<std::uint8_t>(i * 7);
  ASSERT_TRUE((*a)->send(2, ngap_ppid, big));
  ASSERT_TRUE((*a)->send(2, ngap_ppid, bytes_of("after")));
  ASSERT_TRUE(run_until(io_, [&] { return server_events_.messages.size() == 2; }));
  EXPECT_EQ(server_events_.messages[0].stream, 2);
  EXPECT_EQ(server_events_.messages[0].bytes, big);
  EXPECT_EQ(server_events_.messages[1].bytes, bytes_of("after"));
  EXPECT_EQ(server_events_.up[0]->counters().messages_reassembled, 1u) << "the stack delivered it whole";
}

TEST_P(sctp_backends, when_stream_is_beyond_negotiated_or_association_not_up_then_send_is_refused) {
  auto server = listen();
  ASSERT_TRUE(server) << server.error().message();
  sctp_client client(io_, cfg_, client_events_);
  auto a = client.connect((*server)->local_endpoint(), loopback());
  ASSERT_TRUE(a);
  const auto payload = bytes_of("x");
  auto early = (*a)->send(0, ngap_ppid, payload);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, sctp_errc::not_connected);
  ASSERT_TRUE(run_until(io_, [&] { return client_events_.up.size() == 1; }));
  auto r = (*a)->send(4, ngap_ppid, payload);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, sctp_errc::invalid_stream);
}

TEST_P(sctp_backends, when_client_closes_then_server_sees_association_down) {
  auto server = listen();
  ASSERT_TRUE(server) << server.error().message();
  sctp_client client(io_, cfg_, client_events_);
  auto a = client.connect((*server)->local_endpoint(), loopback());
  ASSERT_TRUE(a);
  // Both ends up: a client that closes while its COOKIE-ACK is still on the way
  // is abandoned by usrsctp without a word to the server.
  ASSERT_TRUE(run_until(io_, [&] { return client_events_.up.size() == 1 && server_events_.up.size() == 1; }));
  EXPECT_EQ((*server)->association_count(), 1u);
  (*a)->close();
  EXPECT_EQ((*a)->state(), sctp_state::down);
  ASSERT_TRUE(run_until(io_, [&] { return server_events_.down.size() == 1; }));
  EXPECT_EQ(server_events_.down[0].second, sctp_down_reason::peer_shutdown);
  EXPECT_EQ(server_events_.up[0]->state(), sctp_state::down);
  EXPECT_EQ((*server)->association_count(), 0u);
  EXPECT_TRUE(client_events_.down.empty()) << "close() is not reported back to its caller";
}

TEST_P(sctp_backends, when_client_aborts_then_server_sees_communication_lost) {
  auto server = listen();
  ASSERT_TRUE(server) << server.error().message();
  sctp_client client(io_, cfg_, client_events_);
  auto a = client.connect((*server)->local_endpoint(), loopback());
  ASSERT_TRUE(a);
  // Both ends up: a client that closes while its COOKIE-ACK is still on the way
  // is abandoned by usrsctp without a word to the server.
  ASSERT_TRUE(run_until(io_, [&] { return client_events_.up.size() == 1 && server_events_.up.size() == 1; }));
  (*a)->abort();
  ASSERT_TRUE(run_until(io_, [&] { return server_events_.down.size() == 1; }));
  EXPECT_EQ(server_events_.down[0].second, sctp_down_reason::communication_lost);
}

TEST_P(sctp_backends, when_server_restarts_then_client_sees_down_and_reconnects) {
  auto server = listen();
  ASSERT_TRUE(server) << server.error().message();
  const auto address = (*server)->local_endpoint();
  sctp_client client(io_, cfg_, client_events_);
  auto first = client.connect(address, loopback());
  ASSERT_TRUE(first);
  ASSERT_TRUE(run_until(io_, [&] { return client_events_.up.size() == 1 && server_events_.up.size() == 1; }));

  server->reset();  // the server process "restarts"
  ASSERT_TRUE(run_until(io_, [&] { return client_events_.down.size() == 1; }));
  EXPECT_EQ(client_events_.down[0].second, sctp_down_reason::peer_shutdown);

  recording_notifier restarted_events;
  restarted_events.echo = true;
  auto again = make_sctp_server(io_, cfg_, address, restarted_events);
  ASSERT_TRUE(again) << again.error().message();
  auto second = client.connect(address, loopback());
  ASSERT_TRUE(second) << second.error().message();
  ASSERT_TRUE(run_until(io_, [&] { return client_events_.up.size() == 2; }));
  ASSERT_TRUE((*second)->send(1, ngap_ppid, bytes_of("after restart")));
  ASSERT_TRUE(run_until(io_, [&] { return client_events_.messages.size() == 1; }));
  EXPECT_EQ(client_events_.messages[0].bytes, bytes_of("after restart"));
}

TEST_P(sctp_backends, when_send_queue_is_full_then_send_would_block_until_space_returns) {
  cfg_.send_buffer_bytes = 4096;
  cfg_.send_queue_messages = 8;
  auto server = listen();
  ASSERT_TRUE(server) << server.error().message();
  sctp_client client(io_, cfg_, client_events_);
  auto a = client.connect((*server)->local_endpoint(), loopback());
  ASSERT_TRUE(a);
  ASSERT_TRUE(run_until(io_, [&] { return client_events_.up.size() == 1 && server_events_.up.size() == 1; }));

  // Without the event loop running, nothing drains our queue: the stack's
  // buffer fills, then our 8-message queue, then send() must refuse.
  std::vector<std::uint8_t> payload(1500, 0x5a);
  std::size_t accepted = 0;
  bool refused = false;
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (accepted < 200'000 && std::chrono::steady_clock::now() < deadline) {
    payload[0] = static_cast<std::uint8_t>(accepted);
    auto r = (*a)->send(0, ngap_ppid, payload);
    if (!r) {
      ASSERT_EQ(r.error().code, sctp_errc::would_block) << r.error().message();
      refused = true;
      break;
    }
    ++accepted;
  }
  ASSERT_TRUE(refused) << "the send queue never filled";
  EXPECT_EQ((*a)->queued_messages(), 8u);
  EXPECT_GE((*a)->counters().sends_rejected_queue_full, 1u);

  ASSERT_TRUE(
      run_until(io_, [&] { return server_events_.messages.size() == accepted && client_events_.send_ready >= 1; }))
      << server_events_.messages.size() << " of " << accepted << " delivered, send_ready " << client_events_.send_ready;
  EXPECT_EQ((*a)->queued_messages(), 0u);
  for (std::size_t i = 0; i < accepted; ++i)
    ASSERT_EQ(server_events_.messages[i].bytes[0], static_cast<std::uint8_t>(i)) << "order broken at " << i;
  EXPECT_TRUE((*a)->send(0, ngap_ppid, payload));
}

TEST_P(sctp_backends, when_hundred_clients_connect_then_server_serves_each) {
  constexpr std::size_t clients = 100;
  server_events_.echo = true;
  auto server = listen();
  ASSERT_TRUE(server) << server.error().message();
  sctp_client client(io_, cfg_, client_events_);
  client_events_.on_up = [&](const std::shared_ptr<sctp_association>& a) {
    const auto text = bytes_of("hello from " + std::to_string(a->id()));
    EXPECT_TRUE(a->send(1, ngap_ppid, text));
  };
  std::vector<std::shared_ptr<sctp_association>> associations;
  for (std::size_t i = 0; i < clients; ++i) {
    auto a = client.connect((*server)->local_endpoint(), loopback());
    ASSERT_TRUE(a) << a.error().message();
    associations.push_back(*a);
  }
  ASSERT_TRUE(run_until(
      io_, [&] { return client_events_.messages.size() == clients; }, 20s))
      << client_events_.up.size() << " up, " << client_events_.messages.size() << " echoes";
  EXPECT_EQ((*server)->association_count(), clients);
  for (const auto& m : client_events_.messages)
    EXPECT_EQ(m.bytes, bytes_of("hello from " + std::to_string(m.association)));
  for (auto& a : associations) a->close();
  ASSERT_TRUE(run_until(io_, [&] { return (*server)->association_count() == 0; }));
  EXPECT_EQ(server_events_.down.size(), clients);
}

TEST_P(sctp_backends, when_nobody_answers_then_attempt_ends_with_cannot_start) {
  cfg_.max_init_attempts = 2;
  cfg_.rto_initial_ms = 100;
  cfg_.rto_min_ms = 100;
  cfg_.rto_max_ms = 200;
  sctp_client client(io_, cfg_, client_events_);
  // A port nobody listens on: usrsctp (blackhole) and a silent peer both give no ABORT.
  auto a = client.connect(loopback(test::free_udp_port()), loopback());
  ASSERT_TRUE(a) << a.error().message();
  ASSERT_TRUE(run_until(
      io_, [&] { return client_events_.down.size() == 1; }, 10s));
  EXPECT_EQ(client_events_.down[0].second, sctp_down_reason::cannot_start);
  EXPECT_TRUE(client_events_.up.empty());
  EXPECT_EQ((*a)->state(), sctp_state::down);
}

INSTANTIATE_TEST_SUITE_P(
    all, sctp_backends,
    ::testing::Values(backend_case{"usrsctp_raw_ip", sctp_backend_kind::usrsctp, sctp_encapsulation::none},
                      backend_case{"usrsctp_udp", sctp_backend_kind::usrsctp, sctp_encapsulation::udp},
                      backend_case{"kernel", sctp_backend_kind::kernel, sctp_encapsulation::none}),
    [](const ::testing::TestParamInfo<backend_case>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace meridian::transport
