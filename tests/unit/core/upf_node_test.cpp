// upf_node: built from its configuration, started and stopped on loopback
// (with a TUN, in a private network namespace), and the N4↔data-path bridge:
// a session operation that a worker has not answered yet leaves the N4 loop
// serving, and its answer arrives later on the N4 thread.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>
#include <asio/io_context.hpp>
#include <asio/ip/udp.hpp>

#include "meridian/core/upf_node.hpp"
#include "meridian/pfcp/messages.hpp"
#include "support/private_namespace.hpp"
#include "upf/n4_fakes.hpp"
#include "upf/test_sessions.hpp"

namespace meridian::core {
namespace {

using namespace std::chrono_literals;

/// The machine's clock, except that while the gate is closed every thread but
/// the N4 thread (the one that made the clock) waits in now(): the workers ask
/// it every round, so closing it holds them between two batches.
class gated_clock final : public clock {
 public:
  time_point now() const noexcept override {
    if (std::this_thread::get_id() != n4_thread_) {
      std::unique_lock lock(mutex_);
      if (closed_) {
        ++held_;
        changed_.notify_all();
        changed_.wait(lock, [&] { return !closed_; });
        --held_;
      }
    }
    return system_.now();
  }
  wall_time wall_now() const noexcept override { return system_.wall_now(); }

  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  void open() {
    std::lock_guard lock(mutex_);
    closed_ = false;
    changed_.notify_all();
  }
  /// Waits until a worker is held at the gate.
  bool wait_for_held(std::chrono::milliseconds limit) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, limit, [&] { return held_ > 0; });
  }

 private:
  system_clock_source system_;
  std::thread::id n4_thread_ = std::this_thread::get_id();
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  bool closed_ = false;
  mutable int held_ = 0;
};

/// A PFCP peer on loopback that sends Heartbeat Requests and collects the responses.
class heartbeat_peer {
 public:
  explicit heartbeat_peer(asio::io_context& io) : socket_(io, asio::ip::udp::endpoint(asio::ip::make_address_v4("127.0.0.1"), 0)) {}

  void send_heartbeat(const upf::n4_endpoint& to, std::uint32_t sequence) {
    pfcp::message m;
    m.header_.sequence_number_ = sequence;
    m.body_ = pfcp::heartbeat_request{{}, pfcp::recovery_time_stamp{1}};
    auto bytes = pfcp::encode(m);
    ASSERT_TRUE(bytes);
    socket_.send_to(asio::buffer(*bytes), asio::ip::udp::endpoint(asio::ip::address_v4(to.address_), to.port_));
    socket_.async_receive(asio::buffer(buffer_), [this](std::error_code ec, std::size_t n) {
      if (ec) return;
      auto r = pfcp::decode(std::span<const std::uint8_t>(buffer_.data(), n));
      if (r && std::holds_alternative<pfcp::heartbeat_response>(r->body_)) ++responses_;
    });
  }
  int responses() const { return responses_; }

 private:
  asio::ip::udp::socket socket_;
  std::array<std::uint8_t, 2048> buffer_{};
  int responses_ = 0;
};

/// An SMF on loopback: sends any PFCP request and keeps every message it gets back.
class pfcp_peer {
 public:
  explicit pfcp_peer(asio::io_context& io) : socket_(io, asio::ip::udp::endpoint(asio::ip::make_address_v4("127.0.0.1"), 0)) {
    receive();
  }
  void send(const upf::n4_endpoint& to, const pfcp::message& m) {
    auto bytes = pfcp::encode(m);
    ASSERT_TRUE(bytes);
    socket_.send_to(asio::buffer(*bytes), asio::ip::udp::endpoint(asio::ip::address_v4(to.address_), to.port_));
  }
  template <class Body>
  int count() const {
    return static_cast<int>(std::count_if(received_.begin(), received_.end(),
                                          [](const pfcp::message& m) { return std::holds_alternative<Body>(m.body_); }));
  }
  std::vector<pfcp::message> received_{};

 private:
  void receive() {
    socket_.async_receive(asio::buffer(buffer_), [this](std::error_code ec, std::size_t n) {
      if (ec) return;
      if (auto r = pfcp::decode(std::span<const std::uint8_t>(buffer_.data(), n))) received_.push_back(std::move(*r));
      receive();
    });
  }
  asio::ip::udp::socket socket_;
  std::array<std::uint8_t, 4096> buffer_{};
};

/// Runs `io` until `done()` or `limit`.
template <class Done>
bool run_until(asio::io_context& io, Done done, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done() && std::chrono::steady_clock::now() < deadline) {
    if (io.stopped()) io.restart();
    io.run_for(10ms);
  }
  return done();
}

/// A UPF on loopback with kernel-chosen ports and no N6 (nothing needs a TUN).
upf_node_config loopback_without_tun() {
  upf_node_config c;
  c.datapath_.tun_.reset();
  c.datapath_.n3_.bind_.port = 0;
  c.n4_.port_ = 0;
  return c;
}

TEST(upf_node, when_a_worker_has_not_answered_an_establishment_then_the_n4_loop_keeps_serving) {
  asio::io_context io;
  gated_clock clk;
  auto node = upf_node::create(io, loopback_without_tun(), clk);
  ASSERT_TRUE(node) << node.error().message_;
  (*node)->start();
  const auto n4 = (*node)->status().n4_;

  // Hold the worker between two batches, then start an establishment on it.
  clk.close();
  ASSERT_TRUE(clk.wait_for_held(2s));
  std::optional<std::expected<void, upf::rules_error>> answer;
  std::thread::id answered_on;
  (*node)->installer().establish_async(
      upf::test::basic_session(0x10, 0x100, upf::ipv4_from_octets(10, 45, 0, 2)),
      [&](std::expected<void, upf::rules_error> r) {
        answer = r;
        answered_on = std::this_thread::get_id();
      });
  EXPECT_FALSE(answer) << "the establishment was answered while its worker was held";

  // The N4 loop goes on serving peers while the worker holds the establishment.
  heartbeat_peer peer(io);
  peer.send_heartbeat(n4, 1);
  EXPECT_TRUE(run_until(io, [&] { return peer.responses() == 1; }, 2s)) << "no Heartbeat Response";
  EXPECT_FALSE(answer);

  // Released, the worker applies it and the answer comes back on the N4 thread.
  clk.open();
  ASSERT_TRUE(run_until(io, [&] { return answer.has_value(); }, 2s));
  EXPECT_TRUE(answer->has_value());
  EXPECT_EQ(answered_on, std::this_thread::get_id());
  EXPECT_EQ((*node)->status().sessions_, 1u);

  // A second one on the same SEID is refused without a worker.
  std::optional<std::expected<void, upf::rules_error>> duplicate;
  (*node)->installer().establish_async(upf::test::basic_session(0x10, 0x200, upf::ipv4_from_octets(10, 45, 0, 3)),
                                       [&](std::expected<void, upf::rules_error> r) { duplicate = r; });
  ASSERT_TRUE(duplicate);
  ASSERT_FALSE(duplicate->has_value());
  EXPECT_EQ(duplicate->error().code_, upf::rules_errc::duplicate_seid);
  (*node)->stop();
}

TEST(upf_node, when_a_worker_has_not_answered_a_pfcp_establishment_then_heartbeats_are_answered_and_its_response_follows) {
  asio::io_context io;
  gated_clock clk;
  auto node = upf_node::create(io, loopback_without_tun(), clk);
  ASSERT_TRUE(node) << node.error().message_;
  (*node)->start();
  const auto n4 = (*node)->status().n4_;

  pfcp_peer smf(io);
  pfcp::association_setup_request a;
  a.node_id_ = upf::test::smf_node_id();
  a.recovery_time_stamp_.value_ = 3'900'000'000u;
  smf.send(n4, upf::test::request(a, 1));
  ASSERT_TRUE(run_until(io, [&] { return smf.count<pfcp::association_setup_response>() == 1; }, 2s));

  // The worker is held between two batches when the Session Establishment Request arrives.
  clk.close();
  ASSERT_TRUE(clk.wait_for_held(2s));
  smf.send(n4, upf::test::request(upf::test::establishment(0xc0de, 2), 2, 0));
  pfcp::heartbeat_request hb;
  hb.recovery_time_stamp_.value_ = 3'900'000'000u;
  smf.send(n4, upf::test::request(hb, 3));
  EXPECT_TRUE(run_until(io, [&] { return smf.count<pfcp::heartbeat_response>() == 1; }, 2s))
      << "the N4 loop stopped serving while a worker held the establishment";
  EXPECT_EQ(smf.count<pfcp::session_establishment_response>(), 0);

  // Released, the worker installs the session and the response goes out.
  clk.open();
  ASSERT_TRUE(run_until(io, [&] { return smf.count<pfcp::session_establishment_response>() == 1; }, 2s));
  for (const auto& m : smf.received_)
    if (const auto* r = std::get_if<pfcp::session_establishment_response>(&m.body_)) {
      EXPECT_EQ(m.header_.sequence_number_, 2u);
      EXPECT_EQ(r->cause_.value_, pfcp::cause_value::request_accepted);
    }
  EXPECT_EQ((*node)->status().sessions_, 1u);
  (*node)->stop();
}

TEST(upf_node, when_operations_on_a_session_are_started_back_to_back_then_each_applies_after_the_previous_one) {
  asio::io_context io;
  gated_clock clk;
  auto cfg = loopback_without_tun();
  cfg.datapath_.workers_ = 2;
  auto node = upf_node::create(io, cfg, clk);
  ASSERT_TRUE(node) << node.error().message_;
  (*node)->start();
  auto& installer = (*node)->installer();
  std::vector<std::string> answers;
  const auto rules = upf::test::with_qer_and_urr(upf::test::basic_session(0x20, 0x301, upf::ipv4_from_octets(10, 45, 0, 9)));
  // Started back to back, without waiting: the worker applies them in the
  // order they were started, so the modification and the deletion find the
  // session. (Their answers may come back in another order: with two
  // workers, each waits for the other worker's directory update.)
  installer.establish_async(rules, [&](auto r) { answers.push_back(r ? "established" : "establish failed"); });
  upf::modify_options query;
  query.query_urrs_.push_back(upf::urr_id::literal(1));
  installer.modify_async(rules, query, [&](auto r) {
    answers.push_back(r && r->size() == 1 ? "modified" : "modify failed");
  });
  installer.remove_async(rules.seid_, [&](auto usage) { answers.push_back(usage ? "removed" : "remove failed"); });
  ASSERT_TRUE(run_until(io, [&] { return answers.size() == 3; }, 2s));
  std::sort(answers.begin(), answers.end());
  EXPECT_EQ(answers, (std::vector<std::string>{"established", "modified", "removed"}));
  EXPECT_EQ((*node)->status().sessions_, 0u);
  (*node)->stop();
}

TEST(upf_node, when_started_with_a_tun_on_loopback_then_it_serves_n4_and_stops_cleanly) {
  RUN_IN_NAMESPACE([] {
    test::loopback_up();
    asio::io_context io;
    system_clock_source clk;
    upf_node_config cfg;
    cfg.datapath_.n3_.bind_.port = 0;
    cfg.n4_.port_ = 0;
    cfg.datapath_.tun_->name_ = "core0";
    cfg.tun_address_ = "10.46.0.1/16";
    auto node = upf_node::create(io, cfg, clk);
    ASSERT_TRUE(node) << node.error().message_;
    (*node)->start();
    const auto s = (*node)->status();
    EXPECT_EQ(s.tun_name_, "core0");
    EXPECT_EQ(s.workers_, 1u);
    EXPECT_NE(s.n3_.port, 0);
    EXPECT_NE(s.n4_.port_, 0);
    heartbeat_peer peer(io);
    peer.send_heartbeat(s.n4_, 7);
    EXPECT_TRUE(run_until(io, [&] { return peer.responses() == 1; }, 2s));
    (*node)->stop();
    (*node)->stop();  // idempotent
    EXPECT_EQ((*node)->status().sessions_, 0u);
  });
}

TEST(upf_node, when_the_tun_prefix_is_bad_then_create_says_so) {
  asio::io_context io;
  system_clock_source clk;
  auto cfg = loopback_without_tun();
  cfg.datapath_.tun_ = transport::tun_config{};
  cfg.tun_address_ = "10.45.0.1/99";
  auto node = upf_node::create(io, cfg, clk);
  ASSERT_FALSE(node);
  EXPECT_EQ(node.error().kind_, upf_node_error::kind::config);
}

}  // namespace
}  // namespace meridian::core
