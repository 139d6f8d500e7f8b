#include "meridian/upf_bench/bench.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace meridian::upf_bench {

std::string_view to_string(forwarder_kind f) noexcept {
  switch (f) {
    case forwarder_kind::relay_mmsg:
      return "relay-mmsg";
    case forwarder_kind::relay_gro_gso:
      return "relay-gro";
    case forwarder_kind::upf:
      return "upf";
  }
  return "?";
}

std::optional<forwarder_kind> parse_forwarder_kind(std::string_view text) noexcept {
  for (auto f : {forwarder_kind::relay_mmsg, forwarder_kind::relay_gro_gso, forwarder_kind::upf})
    if (to_string(f) == text) return f;
  return std::nullopt;
}

bool is_relay(forwarder_kind f) noexcept { return f != forwarder_kind::upf; }

case_result search_case(const bench_case& c, const search_settings& settings,
                        const std::function<trial_result(double)>& trial,
                        const std::function<void(std::size_t, double, const trial_result&)>& progress) {
  case_result out;
  out.case_ = c;
  std::vector<trial_result> history;
  auto run = [&](rate_search& search) {
    for (;;) {
      if (settings.stop_ && settings.stop_()) return;
      const auto rate = search.next_rate();
      if (!rate) return;
      const trial_result r = trial(*rate);
      search.record(r);
      history.push_back(r);
      ++out.trials_;
      if (progress) progress(out.trials_, *rate, r);
    }
  };
  rate_search half({0.005, settings.max_trials_, settings.resolution_});
  run(half);
  out.half_percent_loss_ = half.best();
  rate_search zero({0.0, settings.max_trials_, settings.resolution_});
  zero.seed(history);
  run(zero);
  out.zero_loss_ = zero.best();
  // A loss-free trial also passes the 0.5 % bound.
  if (out.zero_loss_ &&
      (!out.half_percent_loss_ || out.zero_loss_->offered_pps_ > out.half_percent_loss_->offered_pps_))
    out.half_percent_loss_ = out.zero_loss_;
  return out;
}

ceiling ceiling_for(const bench_case& c, const std::vector<case_result>& results) {
  ceiling best;
  for (const auto& r : results) {
    if (!is_relay(r.case_.forwarder_) || r.case_.direction_ != c.direction_ || r.case_.inner_size_ != c.inner_size_)
      continue;
    if (r.zero_loss_) best.zero_loss_pps_ = std::max(best.zero_loss_pps_, r.zero_loss_->delivered_pps_);
    if (r.half_percent_loss_)
      best.half_percent_loss_pps_ = std::max(best.half_percent_loss_pps_, r.half_percent_loss_->delivered_pps_);
  }
  return best;
}

namespace {

std::string ratio(double value, double of) { return of > 0 ? fmt::format("{:.2f}", value / of) : "–"; }

}  // namespace

std::string markdown_table(const std::vector<case_result>& results) {
  std::string t =
      "| forwarder | dir | size B | sessions | 0 % loss Mpps | Gbit/s | of ceiling | 0.5 % loss Mpps | Gbit/s | "
      "of ceiling | p50 µs | p99 µs | CPU ns/pkt |\n"
      "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& r : results) {
    const auto& c = r.case_;
    t += fmt::format("| {} | {} | {} | {} ", c.forwarder_name_, to_string(c.direction_), c.inner_size_, c.sessions_);
    if (!r.error_.empty()) {
      t += fmt::format("| failed: {} | | | | | | | | |\n", r.error_);
      continue;
    }
    const ceiling ce = ceiling_for(c, results);
    auto figures = [&](const std::optional<trial_result>& tr, double ceiling_pps) {
      if (!tr) return std::string("| 0 | 0 | 0.00 ");
      return fmt::format("| {:.3f} | {:.2f} | {} ", tr->delivered_pps_ / 1e6,
                         gbit_per_second(tr->delivered_pps_, c.inner_size_), ratio(tr->delivered_pps_, ceiling_pps));
    };
    t += figures(r.zero_loss_, ce.zero_loss_pps_);
    t += figures(r.half_percent_loss_, ce.half_percent_loss_pps_);
    // Latency and CPU cost at the fastest loss-free rate (else at the 0.5 % one).
    const auto& at = r.zero_loss_ ? r.zero_loss_ : r.half_percent_loss_;
    if (at)
      t += fmt::format("| {:.1f} | {:.1f} | {:.0f} |\n", static_cast<double>(at->latency_p50_ns_) / 1e3,
                       static_cast<double>(at->latency_p99_ns_) / 1e3, at->forwarder_cpu_ns_per_packet_);
    else
      t += "| – | – | – |\n";
  }
  return t;
}

mbr_result summarise_mbr(const std::vector<std::uint64_t>& received_per_flow, double seconds, std::size_t inner_size,
                         double configured_bps, double offered_bps) {
  mbr_result m;
  m.sessions_ = received_per_flow.size();
  m.configured_bps_per_session_ = configured_bps;
  m.offered_bps_per_session_ = offered_bps;
  if (received_per_flow.empty() || seconds <= 0) return m;
  double sum = 0;
  m.delivered_bps_min_ = 1e300;
  for (const auto n : received_per_flow) {
    const double bps = static_cast<double>(n) * static_cast<double>(inner_size) * 8.0 / seconds;
    sum += bps;
    m.delivered_bps_min_ = std::min(m.delivered_bps_min_, bps);
    m.delivered_bps_max_ = std::max(m.delivered_bps_max_, bps);
  }
  m.delivered_bps_mean_ = sum / static_cast<double>(received_per_flow.size());
  return m;
}

}  // namespace meridian::upf_bench
