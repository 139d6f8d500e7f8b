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
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <fmt/format.h>

#include "command.hpp"
#include "meridian/upf_bench/runner.hpp"

namespace meridian::app {
namespace {

using namespace upf_bench;

volatile std::sig_atomic_t stop_signal = 0;
extern "C" void on_stop_signal(int) { stop_signal = 1; }

struct bench_upf_args {
  bool quick = false;
  std::string forwarders;
  std::string directions;
  std::string sizes;
  std::string sessions;
  double trial_ms = 0;
  std::size_t max_trials = 0;
  double mbr_mbps = 0;
  std::size_t packets_per_flow = 0;
  bool no_pin = false;
  bool external_upf = false;
  bool no_interface_types = false;
  std::string json_file;
};

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

std::vector<std::size_t> numbers(std::string_view option, const std::string& text, std::size_t min, std::size_t max) {
  std::vector<std::size_t> out;
  for (const auto& item : split(text)) {
    std::size_t used = 0;
    unsigned long long v = 0;
    try {
      v = std::stoull(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != item.size() || v < min || v > max)
      throw usage_error(fmt::format("{}: '{}' is not a number in {}..{}", option, item, min, max));
    out.push_back(static_cast<std::size_t>(v));
  }
  if (out.empty()) throw usage_error(fmt::format("{}: empty list", option));
  return out;
}

bench_options options_from(const bench_upf_args& a, const std::string& self) {
  bench_options o;
  if (a.quick) make_quick(o);
  if (!a.forwarders.empty()) {
    o.forwarders_.clear();
    for (const auto& f : split(a.forwarders)) {
      const auto kind = parse_forwarder_kind(f);
      if (!kind) throw usage_error(fmt::format("--forwarders: '{}' is not one of relay-mmsg, relay-gro, upf", f));
      o.forwarders_.push_back(*kind);
    }
  }
  if (!a.directions.empty()) {
    o.directions_.clear();
    for (const auto& d : split(a.directions)) {
      const auto dir = parse_direction(d);
      if (!dir) throw usage_error(fmt::format("--directions: '{}' is not one of ul, dl, both", d));
      o.directions_.push_back(*dir);
    }
  }
  if (!a.sizes.empty()) o.sizes_ = numbers("--sizes", a.sizes, min_inner_size, max_inner_size);
  if (!a.sessions.empty()) o.sessions_ = numbers("--sessions", a.sessions, 1, 1'000'000);
  if (a.trial_ms > 0) o.trial_seconds_ = a.trial_ms / 1000.0;
  if (a.max_trials > 0) o.search_.max_trials_ = a.max_trials;
  if (a.packets_per_flow > 0) o.packets_per_flow_ = a.packets_per_flow;
  o.mbr_bps_ = a.mbr_mbps * 1e6;
  o.pin_ = !a.no_pin;
  o.external_upf_ = a.external_upf;
  o.interface_types_ = !a.no_interface_types;
  o.meridian_binary_ = self;
  o.instructions_ = &std::cout;
  return o;
}

int run_bench_upf(const bench_upf_args& a, const std::string& command_line) {
  std::string self(4096, '\0');
  const ssize_t n = ::readlink("/proc/self/exe", self.data(), self.size() - 1);
  self.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  const bench_options options = options_from(a, self);
  if (::geteuid() != 0) {
    std::fprintf(stderr, "meridian bench upf: needs root (it creates network namespaces and veth pairs)\n");
    return exit_failure;
  }
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  ::sigemptyset(&sa.sa_mask);
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, nullptr);

  auto report = run_benchmark(options, std::cerr, [] { return stop_signal != 0; });
  if (!report) {
    std::fprintf(stderr, "meridian bench upf: %s\n", report.error().c_str());
    return exit_failure;
  }
  std::cout << format_report(*report) << std::flush;
  if (!a.json_file.empty()) {
    std::ofstream f(a.json_file);
    f << report_json(*report, command_line) << '\n';
    if (!f) {
      std::fprintf(stderr, "meridian bench upf: cannot write %s\n", a.json_file.c_str());
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
  auto a = std::make_shared<bench_upf_args>();
  upf->add_flag("--quick", a->quick, "CI-size run: uplink, 64 and 1400 B, 1 and 1000 sessions, short trials");
  upf->add_option("--forwarders", a->forwarders, "Comma list of relay-mmsg, relay-gro, upf (default: all)");
  upf->add_option("--directions", a->directions, "Comma list of ul, dl, both (default: all)");
  upf->add_option("--sizes", a->sizes, "Inner IPv4 packet sizes in octets (default: 64,512,1400)");
  upf->add_option("--sessions", a->sessions, "Session counts for the UPF (default: 1,1000,100000)");
  upf->add_option("--trial-ms", a->trial_ms, "Sending time of one trial in ms (default 250; --quick 100)");
  upf->add_option("--max-trials", a->max_trials, "Trials per search (default 7; --quick 4)");
  upf->add_option("--mbr-mbps", a->mbr_mbps, "Also run the QER MBR case with this MBR per session (Mbit/s)");
  upf->add_option("--packets-per-flow", a->packets_per_flow,
                  "Consecutive packets to or from one UE before the next (default 8)")
      ->check(CLI::Range(1, 64));
  upf->add_flag("--no-pin", a->no_pin, "Do not pin the forwarder and the generator to separate CPUs");
  upf->add_flag("--external-upf", a->external_upf,
                "Measure a UPF you start yourself in the upf namespace: print its addresses, routes and an example "
                "command line (Meridian's own UPF) on stdout, wait for PFCP association, release it at the end");
  upf->add_flag("--no-interface-types", a->no_interface_types,
                "Leave Source/Destination Interface Type (TS 29.244 §8.2.118) out of the test SMF's rules");
  upf->add_option("--json", a->json_file, "Also write the figures to FILE as JSON");
  commands.push_back({upf, [a, upf](context&) {
                        std::string line = "meridian bench upf";
                        for (const auto* o : upf->get_options())
                          if (o->count() > 0 && o->get_name() != "--help")
                            line += " " + o->get_name() + (o->get_expected_min() > 0 ? " " + o->as<std::string>() : "");
                        return run_bench_upf(*a, line);
                      }});
}

}  // namespace meridian::app
