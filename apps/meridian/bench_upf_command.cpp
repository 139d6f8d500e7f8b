// `meridian bench upf`: measures a UPF against this machine's own ceiling
// (issue #7). It builds its own namespaces (gnb | upf | dn), runs a plain UDP
// relay in place of the UPF to find what the kernel and the generator allow,
// then the UPF under test — `meridian upf`, or with --external-upf one the
// user starts — through the same cases, and prints one markdown table with
// every UPF figure also as a fraction of that ceiling. Progress goes to
// stderr, the table to stdout, the figures optionally to --json FILE.
// SIGINT/SIGTERM stop after the current trial; the namespaces are removed.

#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include <unistd.h>

#include <fmt/format.h>

#include "command.hpp"
#include "meridian/upf_bench/bench_arguments.hpp"

namespace meridian::app {
namespace {

using namespace upf_bench;

volatile std::sig_atomic_t stop_signal = 0;
extern "C" void on_stop_signal(int) { stop_signal = 1; }

int run_bench_upf(const bench_arguments& a, const std::string& json_file, const std::string& command_line) {
  std::string self(4096, '\0');
  const ssize_t n = ::readlink("/proc/self/exe", self.data(), self.size() - 1);
  self.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  auto options = bench_options_from(a);
  if (!options) throw usage_error(options.error());
  options->meridian_binary_ = self;
  options->instructions_ = &std::cout;
  if (::geteuid() != 0) {
    std::fprintf(stderr, "meridian bench upf: needs root (it creates network namespaces and veth pairs)\n");
    return exit_failure;
  }
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  ::sigemptyset(&sa.sa_mask);
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, nullptr);

  auto report = run_benchmark(*options, std::cerr, [] { return stop_signal != 0; });
  if (!report) {
    std::fprintf(stderr, "meridian bench upf: %s\n", report.error().c_str());
    return exit_failure;
  }
  std::cout << format_report(*report) << std::flush;
  if (!json_file.empty()) {
    std::ofstream f(json_file);
    f << report_json(*report, command_line) << '\n';
    if (!f) {
      std::fprintf(stderr, "meridian bench upf: cannot write %s\n", json_file.c_str());
      return exit_failure;
    }
  }
  return report_complete(*report) ? exit_ok : exit_failure;
}

}  // namespace

void add_bench_commands(CLI::App& app, command_list& commands) {
  auto* bench = app.add_subcommand("bench", "Benchmarks that need no extra tools");
  bench->require_subcommand(1);
  auto* upf = bench->add_subcommand(
      "upf",
      "Measure a UPF (Mpps, Gbit/s, latency, CPU per packet at 0 % and 0.5 % loss) against this machine's ceiling, "
      "a plain UDP relay, in network namespaces it builds and removes (needs root)");
  auto a = std::make_shared<bench_arguments>();
  auto json_file = std::make_shared<std::string>();
  upf->add_flag("--quick", a->quick_, "CI-size run: uplink, 64 and 1400 B, 1 and 1000 sessions, short trials");
  upf->add_option("--forwarders", a->forwarders_, "Comma list of relay-mmsg, relay-gro, upf (default: all)");
  upf->add_option("--directions", a->directions_, "Comma list of ul, dl, both (default: all)");
  upf->add_option("--sizes", a->sizes_, "Inner IPv4 packet sizes in octets (default: 64,512,1400)");
  upf->add_option("--sessions", a->sessions_, "Session counts for the UPF (default: 1,1000,100000)");
  upf->add_option("--trial-ms", a->trial_ms_, "Sending time of one trial in ms (default 250; --quick 100)");
  upf->add_option("--max-trials", a->max_trials_, "Trials per search (default 7; --quick 4)");
  upf->add_option("--mbr-mbps", a->mbr_mbps_, "Also run the QER MBR case with this MBR per session (Mbit/s)");
  upf->add_option("--packets-per-flow", a->packets_per_flow_,
                  "Consecutive packets to or from one UE before the next (default 8)")
      ->check(CLI::Range(1, 64));
  upf->add_flag("--no-pin", a->no_pin_, "Do not pin the forwarder and the generator to separate CPUs");
  upf->add_flag("--external-upf", a->external_upf_,
                "Measure a UPF you start yourself in the upf namespace: print its addresses, routes and an example "
                "command line (Meridian's own UPF) on stdout, wait for PFCP association, release it at the end");
  upf->add_flag("--no-interface-types", a->no_interface_types_,
                "Leave Source/Destination Interface Type (TS 29.244 §8.2.118) out of the test SMF's rules");
  upf->add_option("--json", *json_file, "Also write the figures to FILE as JSON");
  commands.push_back({upf, [a, json_file, upf](context&) {
                        std::string line = "meridian bench upf";
                        for (const auto* o : upf->get_options())
                          if (o->count() > 0 && o->get_name() != "--help")
                            line += " " + o->get_name() + (o->get_expected_min() > 0 ? " " + o->as<std::string>() : "");
                        return run_bench_upf(*a, *json_file, line);
                      }});
}

}  // namespace meridian::app
