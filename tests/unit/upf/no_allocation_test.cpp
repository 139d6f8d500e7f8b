// The data path must not allocate per packet (DESIGN.md, Runtime). This file
// replaces the global operator new/delete (plain and nothrow; every form that
// meets malloc) of the upf_unit_tests binary with ones that count, and checks that classification, enforcement, usage
// counting and buffering (after its first use) allocate nothing.

#include <atomic>
#include <cstdlib>
#include <new>

#include <gtest/gtest.h>

#include "meridian/upf/packet_classifier.hpp"
#include "upf/test_packets.hpp"
#include "upf/test_sessions.hpp"

namespace {
std::atomic<std::size_t> allocations{0};
}  // namespace

void* operator new(std::size_t n) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return ::operator new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(n == 0 ? 1 : n);
}
void* operator new[](std::size_t n, const std::nothrow_t& t) noexcept { return ::operator new(n, t); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace meridian::upf {
namespace {

TEST(data_path, when_packets_are_classified_and_enforced_then_nothing_is_allocated) {
  manual_clock clk;
  session_table table;
  auto r = test::basic_session(1, 100, test::ue_address(2));
  r.pdrs_[0].pdi_.sdf_filters_.push_back(*parse_flow_description("permit out 17 from any 53 to assigned"));
  r.pdrs_[1].pdi_.sdf_filters_.push_back(*parse_flow_description("permit out ip from any to assigned"));
  r.qers_.push_back(qer{qer_id::literal(1), gate::open, gate::open, 1'000, 1'000, {}});
  r.urrs_.push_back(urr{urr_id::literal(1), volume_threshold{1'000, {}, {}}});
  for (auto& p : r.pdrs_) {
    p.qer_ids_.push_back(qer_id::literal(1));
    p.urr_ids_.push_back(urr_id::literal(1));
  }
  r.fars_[1].action_ = apply_action::buffer_and_notify;
  ASSERT_TRUE(table.establish(r, clk.now()).has_value());
  packet_classifier classifier(table);
  const auto up = test::ipv4_packet({.source_ = test::ue_address(2), .destination_port_ = 53});
  const auto down = test::ipv4_packet({.source_ = test::ue_address(9), .destination_ = test::ue_address(2)});
  // The buffer takes its one block on first use; do that before counting.
  {
    auto c = classifier.classify_downlink(down);
    ASSERT_TRUE(c.has_value());
    c->session_->apply(*c->pdr_, direction::downlink, down, clk.now());
  }
  std::vector<classify_result> results(4);
  const std::array<uplink_packet_ref, 4> batch{{{teid::literal(100), std::nullopt, up},
                                                {teid::literal(101), std::nullopt, up},
                                                {teid::literal(100), std::nullopt, down},
                                                {teid::literal(100), std::nullopt, {}}}};

  const std::size_t before = allocations.load();
  for (int i = 0; i < 1000; ++i) {
    clk.advance(std::chrono::microseconds(100));
    auto c = classifier.classify_uplink(teid::literal(100), std::nullopt, up);
    if (c) c->session_->apply(*c->pdr_, direction::uplink, up, clk.now());
    auto d = classifier.classify_downlink(down);
    if (d) d->session_->apply(*d->pdr_, direction::downlink, down, clk.now());
    classifier.classify_uplink_batch(batch, results);
    (void)classifier.classify_uplink(teid::literal(7), std::nullopt, up);
  }
  EXPECT_EQ(allocations.load() - before, 0u);
}

}  // namespace
}  // namespace meridian::upf
