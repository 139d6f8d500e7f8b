// The topology, the generator, the receiver and the ceiling relay together, in
// namespaces this test makes (and removes). Needs root; skips otherwise.

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "meridian/upf_bench/rate_search.hpp"
#include "meridian/upf_bench/relay.hpp"
#include "meridian/upf_bench/topology.hpp"
#include "meridian/upf_bench/traffic.hpp"

namespace meridian::upf_bench {
namespace {

class relay_test : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root to create network namespaces";
    prefix_ = "mrd-bench-" + std::to_string(::getpid());
    auto t = topology::create(prefix_);
    ASSERT_TRUE(t) << t.error();
    topo_.emplace(std::move(*t));
  }
  void TearDown() override {
    topo_.reset();
    if (!prefix_.empty()) {
      EXPECT_FALSE(std::filesystem::exists("/run/netns/" + prefix_ + "-upf"));
    }
  }

  std::unique_ptr<traffic_engine> engine(direction d, std::size_t inner, std::size_t sessions) {
    traffic_config cfg;
    cfg.direction_ = d;
    cfg.inner_size_ = inner;
    cfg.sessions_ = synthetic_sessions(sessions, topo_->plan().ue_pool_);
    cfg.trial_seconds_ = 0.2;
    cfg.count_per_flow_ = true;
    // These tests ask whether every probe arrives, not how fast: on a machine
    // busy with other tests a probe may be held longer than the rate search's
    // 10 ms bound (CI once counted 24 of 7,990 as lost that way).
    cfg.max_latency_ns_ = 0;
    auto e = traffic_engine::create(*topo_, cfg);
    EXPECT_TRUE(e) << (e ? "" : e.error());
    return e ? std::move(*e) : nullptr;
  }

  std::unique_ptr<udp_relay> relay(relay_mode mode) {
    auto r = udp_relay::start(*topo_, {mode, 16 + 28, 40000, -1});
    EXPECT_TRUE(r) << (r ? "" : r.error());
    return r ? std::move(*r) : nullptr;
  }

  std::string prefix_;
  std::optional<topology> topo_;
};

TEST_F(relay_test, when_nothing_forwards_then_every_packet_is_lost) {
  auto e = engine(direction::uplink, 64, 10);
  ASSERT_TRUE(e);
  const auto r = e->run_trial(10'000);
  EXPECT_GT(r.sent_, 1000u);
  EXPECT_EQ(r.received_, 0u);
  EXPECT_DOUBLE_EQ(r.loss(), 1.0);
}

TEST_F(relay_test, when_the_mmsg_relay_forwards_uplink_at_a_low_rate_then_every_probe_arrives_on_every_flow) {
  auto e = engine(direction::uplink, 512, 10);
  auto rl = relay(relay_mode::mmsg);
  ASSERT_TRUE(e && rl);
  const auto r = e->run_trial(20'000, [&] { return rl->cpu_ns(); });
  EXPECT_GE(r.sent_, 3000u);
  EXPECT_LE(r.sent_, 5000u);  // paced: 0.2 s at 20 kpps
  EXPECT_EQ(r.received_, r.sent_);
  EXPECT_GT(r.latency_p50_ns_, 0u);
  EXPECT_LT(r.latency_p50_ns_, 50'000'000u);
  EXPECT_GT(r.forwarder_cpu_ns_per_packet_, 0);
  for (const auto n : e->received_per_flow()) EXPECT_GT(n, 0u);
}

TEST_F(relay_test, when_the_gro_relay_forwards_both_directions_then_every_probe_arrives) {
  auto e = engine(direction::both, 1400, 100);
  auto rl = relay(relay_mode::gro_gso);
  ASSERT_TRUE(e && rl);
  const auto r = e->run_trial(40'000, [&] { return rl->cpu_ns(); });
  EXPECT_GE(r.sent_, 6000u);
  EXPECT_EQ(r.received_, r.sent_);
  EXPECT_EQ(rl->dropped(), 0u);
}

TEST_F(relay_test, when_a_second_trial_runs_then_stragglers_of_the_first_are_not_counted) {
  // The GRO relay clears an overload backlog quickly even on a busy machine.
  auto e = engine(direction::uplink, 64, 1000);
  auto rl = relay(relay_mode::gro_gso);
  ASSERT_TRUE(e && rl);
  const auto a = e->run_trial(rate_search::unpaced);
  const auto b = e->run_trial(10'000);
  EXPECT_GT(a.sent_, b.sent_);
  EXPECT_LE(b.received_, b.sent_);
  EXPECT_EQ(b.received_, b.sent_);
}

}  // namespace
}  // namespace meridian::upf_bench
