// UPF data-path lookups: the cost of finding a packet's session and PDR
// (parse the inner IPv4 5-tuple, index by TEID or UE address, walk the
// session's PDRs in precedence order with an SDF filter in the way) at 1,
// 1,000 and 100,000 sessions; the same plus QER/URR/FAR enforcement; and one
// token-bucket decision. Lookups visit sessions in random order so the large
// tables pay their cache misses, as a real traffic mix would.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <random>
#include <span>
#include <unordered_map>
#include <vector>

#include "meridian/upf/packet_classifier.hpp"
#include "meridian/upf/session_table.hpp"
#include "meridian/upf/token_bucket.hpp"

using namespace meridian;
using namespace meridian::upf;

namespace {

constexpr std::size_t sample_size = 16384;

ipv4_address ue_of(std::uint32_t i) { return *ipv4_address::from(0x0a00'0000u + i); }
teid teid_of(std::uint32_t i) { return *teid::from(i * 2654435761u | 1u); }  // scattered, as an allocator might

/// Rules of a typical session: a DNS PDR with an SDF filter ahead of the
/// default PDR in each direction, one QER with MBRs, one URR.
session_rules rules_for(std::uint32_t i) {
  session_rules r;
  r.seid_ = *seid::from(i + 1);
  const auto dns = *parse_flow_description("permit out 17 from 198.51.100.0/24 53 to assigned");
  const auto make = [&](std::uint16_t id, std::uint32_t precedence, bool uplink, bool with_dns) {
    pdr p;
    p.id_ = *pdr_id::from(id);
    p.precedence_ = precedence;
    p.pdi_.source_interface_ = uplink ? interface_type::access : interface_type::core;
    if (uplink) p.pdi_.local_teid_ = teid_of(i);
    p.pdi_.ue_address_ = ue_of(i);
    if (with_dns) p.pdi_.sdf_filters_.push_back(dns);
    p.remove_outer_header_ = uplink;
    p.far_id_ = uplink ? far_id::literal(1) : far_id::literal(2);
    p.qer_ids_.push_back(qer_id::literal(1));
    p.urr_ids_.push_back(urr_id::literal(1));
    return p;
  };
  r.pdrs_ = {make(1, 10, true, true), make(2, 255, true, false), make(3, 10, false, true), make(4, 255, false, false)};
  r.fars_ = {far{far_id::literal(1), apply_action::forward, interface_type::core, {}, {}},
             far{far_id::literal(2),
                 apply_action::forward,
                 interface_type::access,
                 outer_header_creation{*teid::from(i + 7), ipv4_from_octets(192, 0, 2, 1), 2152},
                 {}}};
  // 100 Gbit/s: the benchmark measures the decision, not drops.
  r.qers_ = {qer{qer_id::literal(1), gate::open, gate::open, 100'000'000, 100'000'000, {}}};
  r.urrs_ = {urr{urr_id::literal(1), {}}};
  return r;
}

std::vector<std::uint8_t> udp_packet(ipv4_address src, ipv4_address dst, std::uint16_t sport, std::uint16_t dport) {
  std::vector<std::uint8_t> p(20 + 8 + 72, 0);
  p[0] = 0x45;
  p[3] = static_cast<std::uint8_t>(p.size());
  p[8] = 64;
  p[9] = 17;
  for (int i = 0; i < 4; ++i) {
    p[12 + i] = static_cast<std::uint8_t>(src.value() >> (24 - 8 * i));
    p[16 + i] = static_cast<std::uint8_t>(dst.value() >> (24 - 8 * i));
  }
  p[20] = static_cast<std::uint8_t>(sport >> 8);
  p[21] = static_cast<std::uint8_t>(sport);
  p[22] = static_cast<std::uint8_t>(dport >> 8);
  p[23] = static_cast<std::uint8_t>(dport);
  return p;
}

struct fixture {
  manual_clock clk_;
  session_table table_;
  std::vector<std::uint32_t> picks_;  ///< session index of each sampled packet
  // Packets back to back, as they sit in a receive ring.
  static constexpr std::size_t packet_size = 100;
  std::vector<std::uint8_t> uplink_ring_;
  std::vector<std::uint8_t> downlink_ring_;
  std::span<const std::uint8_t> uplink(std::size_t k) const {
    return {uplink_ring_.data() + k * packet_size, packet_size};
  }
  std::span<const std::uint8_t> downlink(std::size_t k) const {
    return {downlink_ring_.data() + k * packet_size, packet_size};
  }

  explicit fixture(std::uint32_t sessions) : table_({.expected_sessions_ = sessions, .session_ = {}}) {
    for (std::uint32_t i = 0; i < sessions; ++i) {
      auto s = table_.establish(rules_for(i), clk_.now());
      if (!s) std::abort();
    }
    std::mt19937 rng(42);
    const auto server = ipv4_from_octets(203, 0, 113, 9);  // misses the DNS filter: walks both PDRs
    for (std::size_t k = 0; k < sample_size; ++k) {
      const std::uint32_t i = rng() % sessions;
      picks_.push_back(i);
      const auto up = udp_packet(ue_of(i), server, 40000, 443);
      const auto down = udp_packet(server, ue_of(i), 443, 40000);
      uplink_ring_.insert(uplink_ring_.end(), up.begin(), up.end());
      downlink_ring_.insert(downlink_ring_.end(), down.begin(), down.end());
    }
  }
};

fixture& fixture_for(std::uint32_t sessions) {
  static std::unordered_map<std::uint32_t, std::unique_ptr<fixture>> cache;
  auto& f = cache[sessions];
  if (!f) f = std::make_unique<fixture>(sessions);
  return *f;
}

void BM_uplink_classify(benchmark::State& state) {
  fixture& f = fixture_for(static_cast<std::uint32_t>(state.range(0)));
  packet_classifier c(f.table_);
  std::size_t k = 0;
  for (auto _ : state) {
    auto r = c.classify_uplink(teid_of(f.picks_[k]), std::nullopt, f.uplink(k));
    benchmark::DoNotOptimize(r);
    k = (k + 1) % sample_size;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_uplink_classify)->Arg(1)->Arg(1'000)->Arg(100'000);

void BM_downlink_classify(benchmark::State& state) {
  fixture& f = fixture_for(static_cast<std::uint32_t>(state.range(0)));
  packet_classifier c(f.table_);
  std::size_t k = 0;
  for (auto _ : state) {
    auto r = c.classify_downlink(f.downlink(k));
    benchmark::DoNotOptimize(r);
    k = (k + 1) % sample_size;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_downlink_classify)->Arg(1)->Arg(1'000)->Arg(100'000);

constexpr std::size_t batch = 32;  // what one recvmmsg typically brings

/// Batched classification, stages with prefetches: per-packet time.
void BM_uplink_classify_batch32(benchmark::State& state) {
  fixture& f = fixture_for(static_cast<std::uint32_t>(state.range(0)));
  packet_classifier c(f.table_);
  std::vector<uplink_packet_ref> refs(sample_size);
  for (std::size_t k = 0; k < sample_size; ++k) refs[k] = {teid_of(f.picks_[k]), std::nullopt, f.uplink(k)};
  std::vector<classify_result> results(batch);
  std::size_t k = 0;
  for (auto _ : state) {
    c.classify_uplink_batch(std::span(refs).subspan(k, batch), results);
    benchmark::DoNotOptimize(results.data());
    k = (k + batch) % sample_size;
  }
  state.SetItemsProcessed(state.iterations() * batch);
}
BENCHMARK(BM_uplink_classify_batch32)->Arg(1)->Arg(1'000)->Arg(100'000);

void BM_downlink_classify_batch32(benchmark::State& state) {
  fixture& f = fixture_for(static_cast<std::uint32_t>(state.range(0)));
  packet_classifier c(f.table_);
  std::vector<std::span<const std::uint8_t>> refs(sample_size);
  for (std::size_t k = 0; k < sample_size; ++k) refs[k] = f.downlink(k);
  std::vector<classify_result> results(batch);
  std::size_t k = 0;
  for (auto _ : state) {
    c.classify_downlink_batch(std::span(refs).subspan(k, batch), results);
    benchmark::DoNotOptimize(results.data());
    k = (k + batch) % sample_size;
  }
  state.SetItemsProcessed(state.iterations() * batch);
}
BENCHMARK(BM_downlink_classify_batch32)->Arg(1)->Arg(1'000)->Arg(100'000);

/// Classification plus QER (gate + token bucket), URR counting and the FAR decision.
void BM_uplink_classify_and_enforce(benchmark::State& state) {
  fixture& f = fixture_for(static_cast<std::uint32_t>(state.range(0)));
  packet_classifier c(f.table_);
  std::size_t k = 0;
  for (auto _ : state) {
    auto r = c.classify_uplink(teid_of(f.picks_[k]), std::nullopt, f.uplink(k));
    if (r) {
      f.clk_.advance(std::chrono::nanoseconds(100));
      auto v = r->session_->apply(*r->pdr_, direction::uplink, f.uplink(k), f.clk_.now());
      benchmark::DoNotOptimize(v);
    }
    k = (k + 1) % sample_size;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_uplink_classify_and_enforce)->Arg(1)->Arg(1'000)->Arg(100'000);

/// The index alone, against std::unordered_map with reserve for comparison.
void BM_teid_index_find(benchmark::State& state) {
  fixture& f = fixture_for(static_cast<std::uint32_t>(state.range(0)));
  std::size_t k = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(f.table_.find_by_teid(teid_of(f.picks_[k])));
    k = (k + 1) % sample_size;
  }
}
BENCHMARK(BM_teid_index_find)->Arg(1)->Arg(1'000)->Arg(100'000);

void BM_teid_unordered_map_find(benchmark::State& state) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  fixture& f = fixture_for(n);
  std::unordered_map<std::uint32_t, session*> m;
  m.reserve(n);
  for (std::uint32_t i = 0; i < n; ++i) m.emplace(teid_of(i).value(), f.table_.find_by_teid(teid_of(i)));
  std::size_t k = 0;
  for (auto _ : state) {
    auto it = m.find(teid_of(f.picks_[k]).value());
    benchmark::DoNotOptimize(it);
    k = (k + 1) % sample_size;
  }
}
BENCHMARK(BM_teid_unordered_map_find)->Arg(1)->Arg(1'000)->Arg(100'000);

void BM_token_bucket_consume(benchmark::State& state) {
  manual_clock clk;
  token_bucket b(1'000'000'000, token_bucket::default_burst_bytes(1'000'000'000), clk.now());
  for (auto _ : state) {
    clk.advance(std::chrono::nanoseconds(1'000));  // 1 Mpps offered at 1400 B: above the rate, some drops
    benchmark::DoNotOptimize(b.consume(1'400, clk.now()));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_token_bucket_consume);

}  // namespace

BENCHMARK_MAIN();
