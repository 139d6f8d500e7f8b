// The report of `meridian bench upf` as JSON (--json FILE), whether a run
// counts as complete (the exit status), and the names of forwarders and
// directions on the command line.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "meridian/upf_bench/runner.hpp"

namespace meridian::upf_bench {
namespace {

trial_result trial(double delivered_pps) {
  trial_result t;
  t.offered_pps_ = delivered_pps * 1.1;
  t.delivered_pps_ = delivered_pps;
  t.sent_ = 1100;
  t.received_ = 1000;
  t.seconds_ = 0.25;
  t.latency_p50_ns_ = 20'000;
  t.latency_p99_ns_ = 90'000;
  t.forwarder_cpu_ns_per_packet_ = 450.5;
  return t;
}

// A relay and the UPF through the same uplink 64-octet case; the UPF lost too
// much for a zero-loss figure.
bench_report two_case_report() {
  bench_report r;
  r.machine_ = {2, "Test CPU", "6.1.0", "0.10 0.20 0.30"};
  r.notes_ = {"forwarder pinned to CPU 0"};
  r.wall_seconds_ = 12.5;
  case_result relay;
  relay.case_ = {forwarder_kind::relay_mmsg, "relay mmsg", direction::uplink, 64, 1000};
  relay.zero_loss_ = trial(1.0e6);
  relay.half_percent_loss_ = trial(1.2e6);
  relay.trials_ = 7;
  case_result upf;
  upf.case_ = {forwarder_kind::upf, "meridian upf", direction::uplink, 64, 1};
  upf.half_percent_loss_ = trial(0.6e6);
  upf.trials_ = 5;
  r.cases_ = {relay, upf};
  return r;
}

TEST(bench_report_json, holds_the_command_the_machine_and_each_case_with_its_ceiling) {
  const auto j = nlohmann::json::parse(report_json(two_case_report(), "meridian bench upf --quick"));
  EXPECT_EQ(j["command"], "meridian bench upf --quick");
  EXPECT_EQ(j["machine"]["cpus"], 2);
  EXPECT_EQ(j["machine"]["load_average"], "0.10 0.20 0.30");
  EXPECT_EQ(j["notes"][0], "forwarder pinned to CPU 0");
  EXPECT_TRUE(j["errors"].empty());
  EXPECT_EQ(j["wall_seconds"], 12.5);
  EXPECT_EQ(j["interrupted"], false);
  ASSERT_EQ(j["cases"].size(), 2u);
  const auto& upf = j["cases"][1];
  EXPECT_EQ(upf["forwarder"], "upf");
  EXPECT_EQ(upf["forwarder_name"], "meridian upf");
  EXPECT_EQ(upf["direction"], "ul");
  EXPECT_EQ(upf["inner_size"], 64);
  EXPECT_EQ(upf["sessions"], 1);
  EXPECT_EQ(upf["trials"], 5);
  EXPECT_FALSE(upf.contains("error"));
  EXPECT_TRUE(upf["zero_loss"].is_null()) << "no loss-free trial";
  EXPECT_EQ(upf["half_percent_loss"]["delivered_pps"], 0.6e6);
  // 64-octet packets at 0.6 Mpps: 0.6e6 × 64 × 8 bit/s.
  EXPECT_DOUBLE_EQ(upf["half_percent_loss"]["delivered_gbps"].get<double>(), 0.6e6 * 64 * 8 / 1e9);
  EXPECT_EQ(upf["half_percent_loss"]["latency_p99_ns"], 90'000);
  EXPECT_EQ(upf["half_percent_loss"]["forwarder_cpu_ns_per_packet"], 450.5);
  // The ceiling is the relay's figure for the same direction and size.
  EXPECT_EQ(upf["ceiling_zero_loss_pps"], 1.0e6);
  EXPECT_EQ(upf["ceiling_half_percent_loss_pps"], 1.2e6);
  EXPECT_FALSE(j.contains("mbr"));
}

TEST(bench_report_json, keys_come_in_the_documented_order_and_errors_and_mbr_appear_when_there) {
  auto r = two_case_report();
  r.cases_[1].error_ = "the UPF did not answer";
  r.mbr_ = mbr_result{10, 1e6, 2e6, 0.9e6, 1e6, 1.1e6};
  const auto j = nlohmann::ordered_json::parse(report_json(r, "x"));
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"command", "machine", "notes", "errors", "wall_seconds", "interrupted",
                                            "cases", "mbr"}));
  EXPECT_EQ(j["cases"][1]["error"], "the UPF did not answer");
  EXPECT_EQ(j["mbr"]["sessions"], 10);
  EXPECT_EQ(j["mbr"]["delivered_bps_mean"], 1e6);
}

TEST(bench_report, is_complete_only_when_every_case_has_figures_and_nothing_failed_or_stopped) {
  auto r = two_case_report();
  EXPECT_TRUE(report_complete(r));
  auto interrupted = r;
  interrupted.interrupted_ = true;
  EXPECT_FALSE(report_complete(interrupted));
  auto error = r;
  error.errors_.push_back("no veth");
  EXPECT_FALSE(report_complete(error));
  auto case_error = r;
  case_error.cases_[0].error_ = "relay failed";
  EXPECT_FALSE(report_complete(case_error));
}

TEST(bench_names, forwarders_and_directions_parse_from_their_command_line_names) {
  for (auto f : {forwarder_kind::relay_mmsg, forwarder_kind::relay_gro_gso, forwarder_kind::upf})
    EXPECT_EQ(parse_forwarder_kind(to_string(f)), f);
  EXPECT_EQ(parse_forwarder_kind("relay-gro"), forwarder_kind::relay_gro_gso);
  EXPECT_FALSE(parse_forwarder_kind("relay"));
  EXPECT_EQ(parse_direction("ul"), direction::uplink);
  EXPECT_EQ(parse_direction("dl"), direction::downlink);
  EXPECT_EQ(parse_direction("both"), direction::both);
  EXPECT_EQ(parse_direction(to_string(direction::both)), direction::both);
  EXPECT_FALSE(parse_direction("up"));
}

}  // namespace
}  // namespace meridian::upf_bench
