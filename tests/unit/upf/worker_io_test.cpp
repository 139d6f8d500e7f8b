// The data path with real I/O: datapath_engine's workers with their N3
// sockets and a TUN, inside a network namespace of the test's own (the test
// thread unshare(CLONE_NEWNET)s itself, so the kernel removes everything when
// the thread ends). A "gNB" socket sends G-PDUs to the UPF's N3 address and a
// "DN" socket on the TUN's address exchanges plain UDP with the UE address.
// Needs root; skipped with a message otherwise.

#include "meridian/upf/datapath_engine.hpp"

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <functional>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "meridian/common/ip_framing.hpp"
#include "meridian/gtpu/messages.hpp"
#include "support/private_namespace.hpp"
#include "upf/test_sessions.hpp"

namespace meridian::upf {
namespace {

constexpr std::array<std::uint8_t, 4> upf_n3{127, 0, 0, 1};
constexpr std::array<std::uint8_t, 4> gnb_n3{127, 0, 0, 2};
constexpr std::array<std::uint8_t, 4> dn_address{10, 213, 0, 1};  // the TUN's own address

sockaddr_in to_sockaddr(const ipv4_endpoint& e) {
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_port = htons(e.port);
  std::memcpy(&sin.sin_addr, e.address.data(), 4);
  return sin;
}

struct udp_socket {
  explicit udp_socket(ipv4_endpoint bind_to) : fd_(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) {
    const int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in sin = to_sockaddr(bind_to);
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&sin), sizeof sin), 0) << std::strerror(errno);
    socklen_t len = sizeof sin;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&sin), &len);
    local_ = bind_to;
    local_.port = ntohs(sin.sin_port);
  }
  ~udp_socket() { ::close(fd_); }
  void send_to(const ipv4_endpoint& to, std::span<const std::uint8_t> bytes) const {
    sockaddr_in sin = to_sockaddr(to);
    EXPECT_EQ(::sendto(fd_, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&sin), sizeof sin),
              static_cast<ssize_t>(bytes.size()))
        << std::strerror(errno);
  }
  /// One datagram, or nothing after two seconds.
  std::optional<std::vector<std::uint8_t>> receive() const {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 2000) <= 0) return std::nullopt;
    std::vector<std::uint8_t> b(65536);
    const auto n = ::recv(fd_, b.data(), b.size(), 0);
    if (n < 0) return std::nullopt;
    b.resize(static_cast<std::size_t>(n));
    return b;
  }
  int fd_;
  ipv4_endpoint local_{};
};

std::vector<std::uint8_t> g_pdu(teid t, std::span<const std::uint8_t> inner) {
  gtpu::message m;
  m.teid_ = t;
  m.body_ = gtpu::g_pdu{{inner.begin(), inner.end()}};
  return *gtpu::encode(m);
}

std::vector<std::uint8_t> bytes_of(std::string_view s) { return {s.begin(), s.end()}; }

/// The UDP payload of an IPv4 packet (IHL 5).
std::vector<std::uint8_t> udp_payload(std::span<const std::uint8_t> ip) {
  if (ip.size() < 28) return {};
  return {ip.begin() + 28, ip.end()};
}

class worker_io : public ::testing::TestWithParam<std::size_t> {};

/// Starts an operation whose completion (run on the worker: the engine has no
/// executor here) gives the answer, and waits for it.
template <class T, class Start>
T answer_of(Start start) {
  std::promise<T> answer;
  auto f = answer.get_future();
  start([&answer](T r) { answer.set_value(std::move(r)); });
  return f.get();
}

TEST_P(worker_io, when_sessions_are_installed_then_uplink_reaches_n6_and_downlink_returns_in_the_tunnel) {
  const std::size_t workers = GetParam();
  RUN_IN_NAMESPACE([workers] {
    meridian::test::loopback_up();
    system_clock_source clk;
    datapath_config cfg;
    cfg.workers_ = workers;
    cfg.n3_.bind_ = ipv4_endpoint{upf_n3, 0};
    transport::tun_config tun;
    tun.name_ = "upftest0";
    tun.ipv4_ = transport::tun_ipv4_address{dn_address, 24};
    tun.mtu_ = 1400;
    cfg.tun_ = tun;
    auto dp = datapath_engine::open(cfg, clk);
    ASSERT_TRUE(dp.has_value()) << dp.error().message_;
    auto& engine = **dp;
    if (workers > 1) {
      EXPECT_TRUE(engine.steering());
    }
    engine.start();

    udp_socket gnb(ipv4_endpoint{gnb_n3, 2152});
    udp_socket dn(ipv4_endpoint{dn_address, 0});

    // Four sessions, their TEIDs allocated the way the N4 node does, so with
    // two workers both own some; UE addresses on the TUN's subnet.
    struct ue_session {
      teid uplink_teid_;
      ipv4_address ue_;
      std::uint32_t downlink_teid_;
    };
    std::vector<ue_session> sessions;
    for (std::uint32_t i = 0; i < 4; ++i) {
      const seid s = *seid::from(100 + i);
      const auto t = engine.teids().allocate(worker_for_seid(s, engine.worker_count()));
      ASSERT_TRUE(t);
      const ipv4_address ue = ipv4_from_octets(10, 213, 0, static_cast<std::uint8_t>(2 + i));
      session_rules r = test::basic_session(s.value(), t->value(), ue);
      r.fars_[1].outer_header_creation_ =
          outer_header_creation{*teid::from(0x5000 + i), ipv4_from_octets(127, 0, 0, 2), 2152};
      const auto installed = answer_of<std::expected<void, rules_error>>(
          [&](auto done) { engine.establish_async(r, std::move(done)); });
      ASSERT_TRUE(installed);
      sessions.push_back({*t, ue, 0x5000 + i});
    }

    for (const auto& s : sessions) {
      const std::uint32_t a = s.ue_.value();
      const ipv4_endpoint ue_end{{static_cast<std::uint8_t>(a >> 24), static_cast<std::uint8_t>(a >> 16),
                                  static_cast<std::uint8_t>(a >> 8), static_cast<std::uint8_t>(a)},
                                 40000};
      // Uplink: a UDP packet from the UE to the DN socket, inside GTP-U.
      const auto up_payload = bytes_of("uplink from " + to_string(s.ue_));
      const auto inner = *ipv4_udp_frame(ue_end, dn.local_, up_payload);
      gnb.send_to(engine.n3_endpoint(), g_pdu(s.uplink_teid_, inner));
      const auto got = dn.receive();
      ASSERT_TRUE(got) << "uplink for " << to_string(s.ue_) << " never reached N6";
      EXPECT_EQ(*got, up_payload);

      // Downlink: the DN answers the UE; it comes back in the session's tunnel.
      const auto down_payload = bytes_of("downlink to " + to_string(s.ue_));
      dn.send_to(ue_end, down_payload);
      const auto tunnelled = gnb.receive();
      ASSERT_TRUE(tunnelled) << "downlink for " << to_string(s.ue_) << " never came back";
      auto m = gtpu::decode(*tunnelled);
      ASSERT_TRUE(m);
      EXPECT_EQ(m->teid_.value(), s.downlink_teid_);
      const auto* body = std::get_if<gtpu::g_pdu>(&m->body_);
      ASSERT_NE(body, nullptr);
      EXPECT_EQ(udp_payload(body->t_pdu_), down_payload);
    }

    // An unknown TEID gets an Error Indication; an Echo Request an Echo Response.
    gnb.send_to(engine.n3_endpoint(), g_pdu(teid::literal(0xbeef), std::vector<std::uint8_t>(40, 0x45)));
    auto ei = gnb.receive();
    ASSERT_TRUE(ei);
    auto eim = gtpu::decode(*ei);
    ASSERT_TRUE(eim);
    const auto* e = std::get_if<gtpu::error_indication>(&eim->body_);
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->teid_data_i_.teid_.value(), 0xbeefu);

    gtpu::message echo;
    echo.sequence_number_ = 77;
    echo.body_ = gtpu::echo_request{};
    gnb.send_to(engine.n3_endpoint(), *gtpu::encode(echo));
    auto er = gnb.receive();
    ASSERT_TRUE(er);
    auto erm = gtpu::decode(*er);
    ASSERT_TRUE(erm);
    EXPECT_TRUE(std::holds_alternative<gtpu::echo_response>(erm->body_));
    EXPECT_EQ(erm->sequence_number_, 77);

    engine.stop();
    const auto total = engine.total_counters();
    EXPECT_EQ(total[static_cast<std::size_t>(worker_counter::uplink_packets)], 4u);
    EXPECT_EQ(total[static_cast<std::size_t>(worker_counter::downlink_packets)], 4u);
    EXPECT_EQ(total[static_cast<std::size_t>(worker_counter::unknown_teid)], 1u);
    for (std::uint32_t i = 0; i < 4; ++i) {
      auto usage = answer_of<std::optional<std::vector<urr_usage>>>(
          [&](auto done) { engine.remove_async(*seid::from(100 + i), std::move(done)); });
      ASSERT_TRUE(usage);
    }
    EXPECT_EQ(engine.teids().in_use(), 0u);
  });
}

INSTANTIATE_TEST_SUITE_P(workers, worker_io, ::testing::Values(std::size_t{1}, std::size_t{2}),
                         [](const auto& info) { return std::to_string(info.param) + "_workers"; });

TEST(worker_io_config, when_worker_count_is_zero_then_open_fails_with_a_configuration_error) {
  system_clock_source clk;
  datapath_config cfg;
  cfg.workers_ = 0;
  auto dp = datapath_engine::open(cfg, clk);
  ASSERT_FALSE(dp);
  EXPECT_EQ(dp.error().kind_, datapath_error::kind::config);
}

}  // namespace
}  // namespace meridian::upf
