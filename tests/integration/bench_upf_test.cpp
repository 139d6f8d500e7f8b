// `meridian bench upf --quick` as a user runs it: it must build its
// namespaces, measure the ceiling relays (and `meridian upf` when this build
// has it), print a table of the promised shape with figures above zero, write
// the same figures as JSON, remove its namespaces, and finish well within a
// minute. Needs root (network namespaces); skips otherwise.

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "process.hpp"

namespace {

using meridian::test::run_process;

std::vector<std::string> table_rows(const std::string& out) {
  std::vector<std::string> rows;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);)
    if (line.rfind("| ", 0) == 0) rows.push_back(line);
  return rows;
}

std::size_t cells(const std::string& row) {
  return static_cast<std::size_t>(std::count(row.begin(), row.end(), '|')) - 1;
}

bool has_upf_command() { return run_process(MERIDIAN_BINARY, {"upf", "--help"}).exit_code == 0; }

TEST(bench_upf, when_run_quick_then_every_case_has_figures_above_zero_and_the_namespaces_are_gone) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to create network namespaces";
  const std::string forwarders = has_upf_command() ? "relay-mmsg,relay-gro,upf" : "relay-mmsg,relay-gro";
  const auto json_file =
      std::filesystem::temp_directory_path() / ("meridian_bench_upf_" + std::to_string(::getpid()) + ".json");
  const auto started = std::chrono::steady_clock::now();
  const auto r = run_process(MERIDIAN_BINARY,
                             {"bench", "upf", "--quick", "--forwarders", forwarders, "--json", json_file.string()},
                             std::chrono::seconds(60));
  const auto took = std::chrono::steady_clock::now() - started;
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_LT(took, std::chrono::seconds(60));

  // The table: header, separator, one row per case, 13 columns each.
  const auto rows = table_rows(r.out);
  const std::size_t relay_cases = 2 * 1 * 2;  // two relays × uplink × 64, 1400 B
  const std::size_t upf_cases = forwarders.find("upf") != std::string::npos ? 1 * 2 * 2 : 0;  // × 1, 1000 sessions
  ASSERT_EQ(rows.size(), 1 + relay_cases + upf_cases) << r.out;
  EXPECT_NE(rows[0].find("0 % loss Mpps"), std::string::npos);
  EXPECT_NE(rows[0].find("of ceiling"), std::string::npos);
  for (const auto& row : rows) EXPECT_EQ(cells(row), 13u) << row;
  EXPECT_NE(r.out.find("Machine: "), std::string::npos) << r.out;
  // Progress lines name the case being run.
  EXPECT_NE(r.err.find("relay GRO→GSO ul 1400 B"), std::string::npos) << r.err;

  std::ifstream f(json_file);
  const auto j = nlohmann::json::parse(f, nullptr, false);
  std::filesystem::remove(json_file);
  ASSERT_FALSE(j.is_discarded());
  ASSERT_EQ(j["cases"].size(), relay_cases + upf_cases);
  for (const auto& c : j["cases"]) {
    ASSERT_TRUE(c["half_percent_loss"].is_object()) << c.dump();
    const auto& t = c["half_percent_loss"];
    EXPECT_GT(t["delivered_pps"].get<double>(), 0) << c.dump();
    EXPECT_GT(t["delivered_gbps"].get<double>(), 0) << c.dump();
    EXPECT_GT(t["received"].get<double>(), 0) << c.dump();
    EXPECT_GT(t["latency_p50_ns"].get<double>(), 0) << c.dump();
    EXPECT_GE(t["latency_p99_ns"].get<double>(), t["latency_p50_ns"].get<double>()) << c.dump();
    EXPECT_GT(c["ceiling_half_percent_loss_pps"].get<double>(), 0) << c.dump();
  }
  // The namespaces it names in its notes are removed.
  const auto at = r.out.find("namespaces mrd-bench-");
  ASSERT_NE(at, std::string::npos) << r.out;
  const auto name_start = at + std::string("namespaces ").size();
  const std::string gnb = r.out.substr(name_start, r.out.find(' ', name_start) - name_start);
  EXPECT_EQ(gnb.substr(gnb.size() - 4), "-gnb");
  EXPECT_FALSE(std::filesystem::exists("/run/netns/" + gnb)) << gnb;
}

TEST(bench_upf, when_a_size_is_out_of_range_then_it_is_a_usage_error) {
  const auto r = run_process(MERIDIAN_BINARY, {"bench", "upf", "--sizes", "20"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("--sizes"), std::string::npos) << r.err;
}

}  // namespace
