#include "meridian/upf_bench/runner.hpp"

#include <sched.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <memory>

#include <fmt/format.h>

#include "meridian/upf_bench/relay.hpp"
#include "meridian/upf_bench/topology.hpp"
#include "meridian/upf_bench/upf_under_test.hpp"

namespace meridian::upf_bench {

void make_quick(bench_options& o) {
  o.directions_ = {direction::uplink};
  o.sizes_ = {64, 1400};
  o.sessions_ = {1, 1000};
  o.trial_seconds_ = 0.1;
  o.search_.max_trials_ = 4;
  o.search_.resolution_ = 0.1;
  o.mbr_sessions_ = 4;
}

machine_info describe_machine() {
  machine_info m;
  cpu_set_t set;
  CPU_ZERO(&set);
  m.cpus_ = ::sched_getaffinity(0, sizeof set, &set) == 0 ? static_cast<unsigned>(CPU_COUNT(&set))
                                                          : static_cast<unsigned>(::sysconf(_SC_NPROCESSORS_ONLN));
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);) {
    if (line.rfind("model name", 0) != 0) continue;
    const auto colon = line.find(':');
    if (colon != std::string::npos) m.cpu_model_ = line.substr(line.find_first_not_of(' ', colon + 1));
    break;
  }
  std::ifstream loadavg("/proc/loadavg");
  std::string one, five, fifteen;
  if (loadavg >> one >> five >> fifteen) m.load_average_ = one + " " + five + " " + fifteen;
  utsname u{};
  if (::uname(&u) == 0) m.kernel_ = u.release;
  return m;
}

namespace {

struct cpu_plan {
  int forwarder_ = -1;
  int generator_ = -1;
};

std::string case_label(const bench_case& c) {
  return fmt::format("{} {} {} B, {} session{}", c.forwarder_name_, to_string(c.direction_), c.inner_size_, c.sessions_,
                     c.sessions_ == 1 ? "" : "s");
}

std::string mpps(double pps) { return fmt::format("{:.3f} Mpps", pps / 1e6); }

class case_runner {
 public:
  case_runner(const topology& topo, const bench_options& o, cpu_plan cpus, std::ostream& progress,
              const std::function<bool()>& stop, std::size_t total)
      : topo_(topo), options_(o), cpus_(cpus), progress_(progress), stop_(stop), total_(total) {}

  case_result run(const bench_case& c, const std::vector<bench_session>& sessions, const cpu_clock& cpu) {
    ++index_;
    const std::string label = fmt::format("[{:>2}/{}] {}", index_, total_, case_label(c));
    progress_ << label << " ..." << std::endl;
    traffic_config cfg;
    cfg.direction_ = c.direction_;
    cfg.inner_size_ = c.inner_size_;
    cfg.sessions_ = sessions;
    cfg.trial_seconds_ = options_.trial_seconds_;
    cfg.uplink_packets_per_flow_ = options_.packets_per_flow_;
    cfg.downlink_packets_per_flow_ = options_.packets_per_flow_;
    cfg.receiver_cpu_ = cpus_.generator_;
    auto engine = traffic_engine::create(topo_, std::move(cfg));
    if (!engine) {
      case_result r;
      r.case_ = c;
      r.error_ = engine.error();
      progress_ << label << ": failed: " << r.error_ << std::endl;
      return r;
    }
    search_settings s = options_.search_;
    s.stop_ = stop_;
    auto r = search_case(
        c, s, [&](double rate) { return (*engine)->run_trial(rate, cpu); },
        [&](std::size_t n, double rate, const trial_result& t) {
          progress_ << fmt::format("{}: trial {} at {}: sent {}, delivered {}, loss {:.3f} %\n", label, n,
                                   std::isfinite(rate) ? mpps(rate) : std::string("full speed"), mpps(t.offered_pps_),
                                   mpps(t.delivered_pps_), t.loss() * 100);
        });
    progress_ << fmt::format("{}: 0 % loss {}, 0.5 % loss {}\n", label,
                             r.zero_loss_ ? mpps(r.zero_loss_->delivered_pps_) : "none",
                             r.half_percent_loss_ ? mpps(r.half_percent_loss_->delivered_pps_) : "none")
              << std::flush;
    return r;
  }

 private:
  const topology& topo_;
  const bench_options& options_;
  cpu_plan cpus_;
  std::ostream& progress_;
  const std::function<bool()>& stop_;
  std::size_t total_;
  std::size_t index_ = 0;
};

std::size_t count_cases(const bench_options& o) {
  std::size_t n = 0;
  for (auto f : o.forwarders_) n += o.directions_.size() * o.sizes_.size() * (is_relay(f) ? 1 : o.sessions_.size());
  return n;
}

}  // namespace

std::expected<bench_report, std::string> run_benchmark(const bench_options& options, std::ostream& progress,
                                                       const std::function<bool()>& stop) {
  const auto started = std::chrono::steady_clock::now();
  bench_report report;
  report.machine_ = describe_machine();

  cpu_plan cpus;
  if (options.pin_ && report.machine_.cpus_ >= 2) {
    cpus.forwarder_ = 0;
    cpus.generator_ = 1;
    report.notes_.push_back(
        "The forwarder (UPF process or relay thread) is pinned to CPU 0; the generator and the receiver share CPU 1. "
        "Kernel work on the sending side of each veth (softirq) runs on the sender's CPU.");
  } else {
    report.notes_.push_back(fmt::format("No pinning ({} CPU{}): generator, forwarder and receiver share the CPUs.",
                                        report.machine_.cpus_, report.machine_.cpus_ == 1 ? "" : "s"));
  }
  pin_current_thread(cpus.generator_);

  if (const auto stale = remove_stale_namespaces(); stale != 0)
    progress << fmt::format("removed {} namespaces left by killed runs\n", stale);
  auto topo = topology::create(fmt::format("mrd-bench-{}", ::getpid()));
  if (!topo) return std::unexpected(topo.error());
  const auto& plan = topo->plan();
  report.notes_.push_back(fmt::format(
      "Topology: namespaces {} | {} | {}; N3 {} ↔ {}, N6 {} ↔ {}, UE pool {}/{}; N4 on lo in the upf namespace "
      "(SMF {}, UPF {}:8805).",
      topo->netns_name(bench_node::gnb), topo->netns_name(bench_node::upf), topo->netns_name(bench_node::dn),
      to_string(plan.gnb_n3_), to_string(plan.upf_n3_), to_string(plan.upf_n6_), to_string(plan.dn_n6_),
      to_string(plan.ue_pool_), plan.ue_pool_prefix_, to_string(plan.smf_n4_), to_string(plan.upf_n4_)));

  const auto uplink_strip = uplink_packet_writer::create({})->probe_offset();
  case_runner runner(*topo, options, cpus, progress, stop, count_cases(options));

  for (const auto kind : options.forwarders_) {
    if (stop()) break;
    if (is_relay(kind)) {
      const auto mode = kind == forwarder_kind::relay_mmsg ? relay_mode::mmsg : relay_mode::gro_gso;
      auto relay = udp_relay::start(*topo, {mode, uplink_strip, 40000, cpus.forwarder_});
      if (!relay) return std::unexpected("ceiling relay: " + relay.error());
      const auto sessions = synthetic_sessions(options.relay_sessions_, plan.ue_pool_);
      const cpu_clock cpu = [&r = **relay] { return r.cpu_ns(); };
      for (const auto d : options.directions_)
        for (const auto size : options.sizes_) {
          if (stop()) break;
          bench_case c{kind, std::string(to_string(mode)), d, size, sessions.size()};
          report.cases_.push_back(runner.run(c, sessions, cpu));
        }
      continue;
    }
    auto upf = start_upf_under_test(*topo, options, cpus.forwarder_, progress, stop);
    if (!upf) {
      report.errors_.push_back("UPF under test: " + upf.error());
      progress << "UPF under test: " << upf.error() << std::endl;
      continue;
    }
    const cpu_clock cpu = [&u = **upf] { return u.cpu_ns(); };
    for (const auto n : options.sessions_) {
      if (stop()) break;
      auto sessions = (*upf)->install_sessions(n, {}, progress);
      if (!sessions) {
        report.errors_.push_back(fmt::format("{} sessions: {}", n, sessions.error()));
        progress << fmt::format("{} sessions: {}\n", n, sessions.error());
        break;
      }
      for (const auto d : options.directions_)
        for (const auto size : options.sizes_) {
          if (stop()) break;
          bench_case c{kind, (*upf)->name(), d, size, n};
          report.cases_.push_back(runner.run(c, *sessions, cpu));
        }
    }
    if (options.mbr_bps_ > 0 && !stop()) {
      auto m = (*upf)->run_mbr_case(options, cpus.generator_, progress);
      if (m)
        report.mbr_ = *m;
      else
        report.errors_.push_back("QER MBR case: " + m.error());
    }
    if (!(*upf)->cpu_known())
      report.notes_.push_back("The external UPF's CPU time is not known (no pid), so CPU ns/pkt shows 0 for it.");
  }
  report.interrupted_ = stop();
  report.wall_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

bool report_complete(const bench_report& r) noexcept {
  if (r.interrupted_ || !r.errors_.empty()) return false;
  for (const auto& c : r.cases_)
    if (!c.error_.empty()) return false;
  return true;
}

std::string format_report(const bench_report& r) {
  std::string s;
  s += fmt::format(
      "Machine: {} CPUs ({}), kernel {}, load average {} at the start (other work on the machine "
      "takes CPU time from the generator and the forwarder).\n\n",
      r.machine_.cpus_, r.machine_.cpu_model_, r.machine_.kernel_, r.machine_.load_average_);
  for (const auto& n : r.notes_) s += "- " + n + "\n";
  s += "- Figures are delivered inner IPv4 packets (Gbit/s counts their octets); \"of ceiling\" divides by the best "
       "relay figure for the same direction and size; latency and CPU time are at the fastest loss-free rate; "
       "ul+dl rates are the sum of both directions.\n";
  for (const auto& e : r.errors_) s += "- Error: " + e + "\n";
  if (r.interrupted_) s += "- Interrupted: the table holds the cases finished before SIGINT.\n";
  s += fmt::format("- Run time {:.0f} s.\n\n", r.wall_seconds_);
  s += markdown_table(r.cases_);
  if (r.mbr_) {
    const auto& m = *r.mbr_;
    s += fmt::format(
        "\nQER MBR: {} sessions, MBR {:.1f} Mbit/s each, offered {:.1f} Mbit/s each; delivered per session "
        "min {:.2f} / mean {:.2f} / max {:.2f} Mbit/s ({:.2f} of the MBR on average).\n",
        m.sessions_, m.configured_bps_per_session_ / 1e6, m.offered_bps_per_session_ / 1e6, m.delivered_bps_min_ / 1e6,
        m.delivered_bps_mean_ / 1e6, m.delivered_bps_max_ / 1e6,
        m.configured_bps_per_session_ > 0 ? m.delivered_bps_mean_ / m.configured_bps_per_session_ : 0);
  }
  return s;
}

}  // namespace meridian::upf_bench
