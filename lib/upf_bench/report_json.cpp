// The benchmark report as JSON (runner.hpp, `meridian bench upf --json FILE`).

#include <nlohmann/json.hpp>

#include "meridian/upf_bench/runner.hpp"

namespace meridian::upf_bench {

namespace {

using json = nlohmann::ordered_json;  // keeps the documented key order

json trial_json(const std::optional<trial_result>& t, std::size_t size) {
  if (!t) return nullptr;
  return {{"delivered_pps", t->delivered_pps_},
          {"delivered_gbps", gbit_per_second(t->delivered_pps_, size)},
          {"offered_pps", t->offered_pps_},
          {"sent", t->sent_},
          {"received", t->received_},
          {"seconds", t->seconds_},
          {"latency_p50_ns", t->latency_p50_ns_},
          {"latency_p99_ns", t->latency_p99_ns_},
          {"forwarder_cpu_ns_per_packet", t->forwarder_cpu_ns_per_packet_}};
}

json case_json(const case_result& c, const std::vector<case_result>& all) {
  const auto ce = ceiling_for(c.case_, all);
  json e{{"forwarder", to_string(c.case_.forwarder_)},
         {"forwarder_name", c.case_.forwarder_name_},
         {"direction", to_string(c.case_.direction_)},
         {"inner_size", c.case_.inner_size_},
         {"sessions", c.case_.sessions_},
         {"trials", c.trials_}};
  if (!c.error_.empty()) e["error"] = c.error_;
  e["zero_loss"] = trial_json(c.zero_loss_, c.case_.inner_size_);
  e["half_percent_loss"] = trial_json(c.half_percent_loss_, c.case_.inner_size_);
  e["ceiling_zero_loss_pps"] = ce.zero_loss_pps_;
  e["ceiling_half_percent_loss_pps"] = ce.half_percent_loss_pps_;
  return e;
}

}  // namespace

std::string report_json(const bench_report& r, std::string_view command_line, int indent) {
  json j;
  j["command"] = std::string(command_line);
  j["machine"] = {{"cpus", r.machine_.cpus_},
                  {"cpu_model", r.machine_.cpu_model_},
                  {"kernel", r.machine_.kernel_},
                  {"load_average", r.machine_.load_average_}};
  j["notes"] = r.notes_;
  j["errors"] = r.errors_;
  j["wall_seconds"] = r.wall_seconds_;
  j["interrupted"] = r.interrupted_;
  auto& cases = j["cases"] = json::array();
  for (const auto& c : r.cases_) cases.push_back(case_json(c, r.cases_));
  if (r.mbr_)
    j["mbr"] = {{"sessions", r.mbr_->sessions_},
                {"configured_bps", r.mbr_->configured_bps_per_session_},
                {"offered_bps", r.mbr_->offered_bps_per_session_},
                {"delivered_bps_min", r.mbr_->delivered_bps_min_},
                {"delivered_bps_mean", r.mbr_->delivered_bps_mean_},
                {"delivered_bps_max", r.mbr_->delivered_bps_max_}};
  return j.dump(indent);
}

}  // namespace meridian::upf_bench
