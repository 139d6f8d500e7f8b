#pragma once
// The benchmark's cases, the two searches each case runs (0 % and 0.5 % loss)
// and the table they end in. Every figure is also given as a fraction of the
// machine's ceiling: the best relay figure for the same direction and packet
// size (relay.hpp), measured in the same run.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "meridian/upf_bench/rate_search.hpp"
#include "meridian/upf_bench/stats.hpp"
#include "meridian/upf_bench/traffic.hpp"

namespace meridian::upf_bench {

enum class forwarder_kind : std::uint8_t { relay_mmsg, relay_gro_gso, upf };
std::string_view to_string(forwarder_kind f) noexcept;
/// The inverse of to_string: "relay-mmsg", "relay-gro" or "upf".
std::optional<forwarder_kind> parse_forwarder_kind(std::string_view text) noexcept;
bool is_relay(forwarder_kind f) noexcept;

struct bench_case {
  forwarder_kind forwarder_ = forwarder_kind::relay_mmsg;
  std::string forwarder_name_{};  ///< as printed ("meridian upf", "external UPF", "relay GRO→GSO")
  direction direction_ = direction::uplink;
  std::size_t inner_size_ = 64;
  std::size_t sessions_ = 1;
};

struct case_result {
  bench_case case_{};
  std::optional<trial_result> zero_loss_{};          ///< the fastest trial without loss
  std::optional<trial_result> half_percent_loss_{};  ///< the fastest trial within 0.5 % loss
  std::size_t trials_ = 0;
  std::string error_{};  ///< why the case could not run (then no figures)
};

struct search_settings {
  std::size_t max_trials_ = 7;  ///< per search; the 0 % search reuses the 0.5 % search's trials
  double resolution_ = 0.03;
  std::function<bool()> stop_{};  ///< polled before each trial; true ends the search
};

/// Runs the 0.5 % search, then the 0 % search seeded with its trials.
/// `trial(rate)` runs one trial. `progress(trial_number, rate, result)` is called after each.
case_result search_case(const bench_case& c, const search_settings& settings,
                        const std::function<trial_result(double rate_pps)>& trial,
                        const std::function<void(std::size_t, double, const trial_result&)>& progress = {});

/// The ceiling for `c`: the best relay result with the same direction and size.
struct ceiling {
  double zero_loss_pps_ = 0;
  double half_percent_loss_pps_ = 0;
};
ceiling ceiling_for(const bench_case& c, const std::vector<case_result>& results);

/// The results as a markdown table, one row per case (header and separator first).
std::string markdown_table(const std::vector<case_result>& results);

/// The offered/delivered rate with a per-session Maximum Bit Rate (QER MBR).
struct mbr_result {
  std::size_t sessions_ = 0;
  double configured_bps_per_session_ = 0;  ///< the MBR, bit/s of IP packets
  double offered_bps_per_session_ = 0;
  double delivered_bps_min_ = 0;  ///< over the sessions
  double delivered_bps_mean_ = 0;
  double delivered_bps_max_ = 0;
};
/// From a trial's received count per session over `seconds`, packets of `inner_size` octets.
mbr_result summarise_mbr(const std::vector<std::uint64_t>& received_per_flow, double seconds, std::size_t inner_size,
                         double configured_bps, double offered_bps);

}  // namespace meridian::upf_bench
