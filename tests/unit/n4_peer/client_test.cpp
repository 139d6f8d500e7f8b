// The CP-function PFCP client against the UPF's N4 node over loopback UDP
// (kernel-chosen ports), with a fake data path behind the node.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <functional>

#include <asio/ip/udp.hpp>

#include "meridian/n4_peer/client.hpp"
#include "meridian/upf/n4_server.hpp"
#include "upf/n4_fakes.hpp"

namespace meridian::n4_peer {
namespace {

using namespace std::chrono_literals;
using pfcp::cause_value;

class n4_peer_test : public ::testing::Test {
 protected:
  void SetUp() override {
    upf::n4_config cfg;
    cfg.bind_address_ = {127, 0, 0, 1};
    cfg.port_ = 0;
    cfg.t1_ = 1s;
    cfg.n1_ = 2;
    cfg.heartbeat_interval_ = 100ms;
    start_upf(cfg);
    client_config c;
    c.t1_ = 1s;
    c.n1_ = 2;
    auto s = client::create(io_, c);
    ASSERT_TRUE(s) << s.error();
    smf_ = std::move(*s);
  }

  void start_upf(upf::n4_config cfg) {
    upf_.reset();
    auto s = upf::n4_server::create(io_, cfg, installer_, clock_);
    ASSERT_TRUE(s) << s.error();
    upf_ = std::move(*s);
    const auto e = upf_->local_endpoint();
    upf_endpoint_ = endpoint{e.address_, e.port_};
  }

  void associate() {
    auto rsp = smf_->call(upf_endpoint_, std::nullopt, setup_request());
    ASSERT_TRUE(rsp) << rsp.error().message();
    ASSERT_EQ(std::get<pfcp::association_setup_response>(rsp->body_).cause_.value_, cause_value::request_accepted);
  }

  pfcp::association_setup_request setup_request() {
    pfcp::association_setup_request r;
    r.node_id_ = smf_->node_id();
    r.recovery_time_stamp_.value_ = smf_->recovery_time_stamp();
    return r;
  }

  seid establish(std::uint64_t cp, std::uint8_t ue = 2) {
    auto rsp = smf_->call(upf_endpoint_, seid{}, upf::test::establishment(cp, ue));
    EXPECT_TRUE(rsp);
    if (!rsp) return seid{};
    const auto& body = std::get<pfcp::session_establishment_response>(rsp->body_);
    EXPECT_EQ(body.cause_.value_, cause_value::request_accepted);
    return body.up_f_seid_ ? body.up_f_seid_->seid_ : seid{};
  }

  asio::io_context io_;
  system_clock_source clock_;
  upf::test::fake_installer installer_;
  std::unique_ptr<upf::n4_server> upf_;
  std::unique_ptr<client> smf_;
  endpoint upf_endpoint_{};
};

TEST_F(n4_peer_test, when_cp_function_sets_up_an_association_then_the_upf_accepts_it_over_udp) {
  associate();
  const auto local = smf_->local_endpoint();
  EXPECT_TRUE(upf_->node().associated(upf::n4_endpoint{local.address_, local.port_}));
  auto hb = smf_->call(upf_endpoint_, std::nullopt, pfcp::heartbeat_request{{}, pfcp::recovery_time_stamp{1}});
  ASSERT_TRUE(hb);
  EXPECT_EQ(std::get<pfcp::heartbeat_response>(hb->body_).recovery_time_stamp_.value_,
            upf_->node().recovery_time_stamp());
}

TEST_F(n4_peer_test, when_associated_then_the_upf_heartbeats_and_the_client_answers) {
  associate();
  ASSERT_TRUE(run_until(
      io_, [&] { return smf_->counters().heartbeats_answered_ >= 2; }, 3s));
  EXPECT_EQ(upf_->node().counters().heartbeat_failures_, 0u);
  EXPECT_EQ(upf_->node().counters().peer_restarts_, 0u);
}

TEST_F(n4_peer_test, when_a_thousand_establishments_are_pipelined_then_every_one_is_accepted) {
  associate();
  // Up to `window` requests in flight at once, as a benchmark would keep them
  // (more than the UPF's socket buffer holds would only measure UDP drops).
  constexpr int n = 1000, window = 64;
  int sent = 0, accepted = 0, answered = 0;
  std::size_t most_in_flight = 0;
  std::function<void()> send_one = [&] {
    const int i = sent++;
    auto req = upf::test::establishment(10'000 + static_cast<std::uint64_t>(i));
    const std::uint32_t ue = 0x0a2d'0000u + static_cast<std::uint32_t>(i) + 1;
    for (auto& p : req.create_pdr_)
      p.pdi_.ue_ip_address_[0].ipv4_ =
          pfcp::ipv4_address{static_cast<std::uint8_t>(ue >> 24), static_cast<std::uint8_t>(ue >> 16),
                             static_cast<std::uint8_t>(ue >> 8), static_cast<std::uint8_t>(ue)};
    smf_->establish(upf_endpoint_, std::move(req), [&](response r) {
      ++answered;
      if (r && std::get<pfcp::session_establishment_response>(r->body_).cause_.value_ == cause_value::request_accepted)
        ++accepted;
      if (sent < n) send_one();
    });
    most_in_flight = std::max(most_in_flight, smf_->outstanding());
  };
  for (int i = 0; i < window; ++i) send_one();
  ASSERT_TRUE(run_until(
      io_, [&] { return answered == n; }, 20s))
      << answered;
  EXPECT_EQ(accepted, n) << "retransmissions " << smf_->counters().retransmissions_ << ", timeouts "
                         << smf_->counters().timeouts_;
  EXPECT_EQ(most_in_flight, static_cast<std::size_t>(window));
  EXPECT_EQ(installer_.table_.size(), static_cast<std::size_t>(n));
  EXPECT_EQ(upf_->node().session_count(), static_cast<std::size_t>(n));
  EXPECT_TRUE(smf_->up_seid(*seid::from(10'000)).has_value());
}

TEST_F(n4_peer_test, when_a_session_is_modified_and_deleted_then_usage_comes_back_in_each_answer) {
  associate();
  const seid up = establish(0xc0de);
  pfcp::session_modification_request mod;
  mod.query_urr_.push_back(pfcp::query_urr{{}, pfcp::urr_id{1}});
  auto m = smf_->call(upf_endpoint_, up, mod);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->header_.seid_, seid::from(0xc0de));
  const auto& mb = std::get<pfcp::session_modification_response>(m->body_);
  EXPECT_EQ(mb.cause_.value_, cause_value::request_accepted);
  ASSERT_EQ(mb.usage_report_.size(), 1u);
  auto d = smf_->call(upf_endpoint_, up, pfcp::session_deletion_request{});
  ASSERT_TRUE(d);
  const auto& db = std::get<pfcp::session_deletion_response>(d->body_);
  EXPECT_EQ(db.cause_.value_, cause_value::request_accepted);
  ASSERT_EQ(db.usage_report_.size(), 1u);
  EXPECT_TRUE(db.usage_report_[0].usage_report_trigger_.test(pfcp::flags::usage_report_trigger::termr));
  EXPECT_EQ(upf_->node().session_count(), 0u);
  EXPECT_FALSE(smf_->up_seid(*seid::from(0xc0de)));
}

TEST_F(n4_peer_test, when_the_data_path_buffers_downlink_data_then_the_client_gets_the_report_and_answers_it) {
  associate();
  const seid up = establish(0xc0de);
  std::optional<pfcp::session_report_request> seen;
  std::optional<seid> seen_seid;
  smf_->on_session_report([&](const endpoint&, const pfcp::header& h, const pfcp::session_report_request& r) {
    seen = r;
    seen_seid = h.seid_;
    pfcp::session_report_response rsp;
    rsp.cause_.value_ = cause_value::request_accepted;
    return rsp;
  });
  upf_->notifier().on_downlink_data(up, upf::pdr_id::literal(2));
  ASSERT_TRUE(run_until(
      io_, [&] { return seen.has_value(); }, 3s));
  EXPECT_EQ(seen_seid, seid::from(0xc0de));
  ASSERT_TRUE(seen->downlink_data_report_);
  EXPECT_EQ(seen->downlink_data_report_->pdr_id_.at(0).value_, 2);
  // The answer reaches the node: nothing is retransmitted after T1.
  run_until(
      io_, [] { return false; }, 1500ms);  // longer than T1
  EXPECT_EQ(upf_->node().counters().requests_retransmitted_, 0u);
  EXPECT_EQ(smf_->counters().reports_received_, 1u);
}

TEST_F(n4_peer_test, when_the_upf_initiates_the_association_then_the_client_accepts_it) {
  const auto local = smf_->local_endpoint();
  upf::n4_config cfg;
  cfg.port_ = 0;
  cfg.smfs_.push_back({local.address_, local.port_});
  start_upf(cfg);
  bool asked = false;
  smf_->on_node_request([&](const endpoint&, const pfcp::message& m) {
    asked = std::holds_alternative<pfcp::association_setup_request>(m.body_);
  });
  ASSERT_TRUE(run_until(
      io_,
      [&] {
        return upf_->node().associated(upf::n4_endpoint{local.address_, local.port_});
      },
      3s));
  EXPECT_TRUE(asked);
}

TEST_F(n4_peer_test, when_the_upf_does_not_answer_then_the_request_is_retransmitted_n1_times_and_times_out) {
  client_config c;
  c.t1_ = 100ms;
  c.n1_ = 2;
  auto quick = client::create(io_, c);
  ASSERT_TRUE(quick);
  smf_ = std::move(*quick);
  asio::ip::udp::socket silent(io_, asio::ip::udp::endpoint(asio::ip::make_address_v4("127.0.0.1"), 0));
  const endpoint to{{127, 0, 0, 1}, silent.local_endpoint().port()};
  std::optional<response> out;
  smf_->heartbeat(to, [&](response r) { out = std::move(r); });
  ASSERT_TRUE(run_until(
      io_, [&] { return out.has_value(); }, 3s));
  ASSERT_FALSE(*out);
  EXPECT_EQ(out->error().code_, request_errc::timeout);
  EXPECT_EQ(smf_->counters().retransmissions_, 2u);
  EXPECT_EQ(smf_->counters().timeouts_, 1u);
  EXPECT_EQ(smf_->outstanding(), 0u);
}

TEST_F(n4_peer_test, when_garbage_arrives_then_the_client_drops_and_counts_it) {
  asio::ip::udp::socket s(io_, asio::ip::udp::endpoint(asio::ip::make_address_v4("127.0.0.1"), 0));
  const auto local = smf_->local_endpoint();
  const std::uint8_t junk[] = {0x20, 0x01, 0x00};
  s.send_to(asio::buffer(junk), asio::ip::udp::endpoint(asio::ip::address_v4(local.address_), local.port_));
  ASSERT_TRUE(run_until(
      io_, [&] { return smf_->counters().dropped_malformed_ == 1; }, 3s));
  // Still working.
  associate();
}

}  // namespace
}  // namespace meridian::n4_peer
