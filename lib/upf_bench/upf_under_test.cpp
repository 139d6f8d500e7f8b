#include "meridian/upf_bench/upf_under_test.hpp"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <thread>

#include <fmt/format.h>
#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>

#include "meridian/n4_peer/client.hpp"
#include "meridian/upf_bench/bench_smf.hpp"
#include "meridian/upf_bench/runner.hpp"
#include "meridian/upf_bench/traffic.hpp"

namespace meridian::upf_bench {
namespace {

using namespace std::chrono_literals;

constexpr std::size_t establishments_in_flight = 256;

}  // namespace

pfcp::session_establishment_request session_establishment(const topology_plan& plan, const bench_session& s,
                                                          seid cp_seid, bool choose_teid, const session_qos& qos) {
  pfcp::session_establishment_request req;
  req.cp_f_seid_.seid_ = cp_seid;
  req.cp_f_seid_.ipv4_ = plan.smf_n4_;
  pfcp::ue_ip_address ue;
  ue.ipv4_ = s.ue_address_;

  pfcp::create_pdr ul;
  ul.pdr_id_.value_ = 1;
  ul.precedence_.value_ = 200;
  ul.pdi_.source_interface_.value_ = pfcp::interface_value::access;
  pfcp::f_teid ft;
  if (choose_teid) {
    ft.choose_ = true;
    ft.choose_ipv4_ = true;
  } else {
    ft.teid_ = s.uplink_teid_;
    ft.ipv4_ = plan.upf_n3_;
  }
  ul.pdi_.local_f_teid_ = ft;
  ul.pdi_.ue_ip_address_.push_back(ue);
  ul.pdi_.qfi_.push_back(pfcp::qfi{bench_qfi});
  ul.outer_header_removal_ = pfcp::outer_header_removal{};  // GTP-U/UDP/IPv4
  ul.far_id_ = pfcp::far_id{1};

  pfcp::create_pdr dl;
  dl.pdr_id_.value_ = 2;
  dl.precedence_.value_ = 200;
  dl.pdi_.source_interface_.value_ = pfcp::interface_value::core;
  pfcp::ue_ip_address ue_dst = ue;
  ue_dst.destination_ = true;
  dl.pdi_.ue_ip_address_.push_back(ue_dst);
  dl.far_id_ = pfcp::far_id{2};

  pfcp::create_far to_core;
  to_core.far_id_.value_ = 1;
  to_core.apply_action_.set(pfcp::flags::apply_action::forw);
  pfcp::forwarding_parameters core;
  core.destination_interface_.value_ = pfcp::interface_value::core;
  to_core.forwarding_parameters_ = core;

  pfcp::create_far to_access;
  to_access.far_id_.value_ = 2;
  to_access.apply_action_.set(pfcp::flags::apply_action::forw);
  pfcp::forwarding_parameters access;
  access.destination_interface_.value_ = pfcp::interface_value::access;
  pfcp::outer_header_creation ohc;
  ohc.description_ = pfcp::outer_header_creation::gtpu_udp_ipv4;
  ohc.teid_ = s.downlink_teid_;
  ohc.ipv4_ = plan.gnb_n3_;
  access.outer_header_creation_ = ohc;
  to_access.forwarding_parameters_ = access;

  if (qos.mbr_bps_ > 0) {
    pfcp::create_qer q;
    q.qer_id_.value_ = 1;
    const auto kbps = static_cast<std::uint64_t>(std::llround(qos.mbr_bps_ / 1000.0));
    q.mbr_ = pfcp::mbr{kbps, kbps};
    q.qfi_ = pfcp::qfi{bench_qfi};
    req.create_qer_.push_back(q);
    ul.qer_id_.push_back(pfcp::qer_id{1});
    dl.qer_id_.push_back(pfcp::qer_id{1});
  }
  req.create_pdr_ = {ul, dl};
  req.create_far_ = {to_core, to_access};
  req.pdn_type_ = pfcp::pdn_type{pfcp::pdn_type_value::ipv4};
  return req;
}

namespace {

/// The processes whose network namespace is the one `ns_fd` refers to (not this one).
std::vector<int> processes_in_namespace(int ns_fd) {
  std::vector<int> out;
  struct stat target {};
  if (ns_fd < 0 || ::fstat(ns_fd, &target) != 0) return out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator("/proc", ec)) {
    const auto name = e.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    const int pid = std::stoi(name);
    struct stat ns {};
    if (pid == ::getpid() || ::stat(("/proc/" + name + "/ns/net").c_str(), &ns) != 0) continue;
    if (ns.st_dev == target.st_dev && ns.st_ino == target.st_ino) out.push_back(pid);
  }
  return out;
}

class pfcp_upf final : public upf_under_test {
 public:
  pfcp_upf(const topology& topo, bool external, bool interface_types)
      : topo_(topo), external_(external), interface_types_(interface_types) {}

  ~pfcp_upf() override {
    if (external_ && progress_) release(*progress_);
    stop_io_thread();
    if (smf_) smf_->stop();
    smf_.reset();
    stop_process();
    if (!config_file_.empty()) std::remove(config_file_.c_str());
  }

  /// A file written for this UPF (its configuration), removed when it is done.
  void remove_at_end(std::string file) { config_file_ = std::move(file); }
  /// Where the end of the run is reported (the release of an external UPF).
  void report_to(std::ostream& progress) { progress_ = &progress; }

  std::string name() const override { return external_ ? "external UPF" : "meridian upf"; }
  std::uint64_t cpu_ns() const override {
    if (pid_ > 0) return process_cpu_ns(pid_);
    std::uint64_t total = 0;
    for (const auto pid : external_pids_) total += process_cpu_ns(pid);
    return total;
  }
  bool cpu_known() const override { return pid_ > 0 || !external_pids_.empty(); }

  /// An external UPF's CPU time is that of every process in the upf namespace
  /// (found once it has associated: it runs by then); progress names them.
  void find_external_processes(std::ostream& progress) {
    external_pids_ = processes_in_namespace(topo_.netns_fd(bench_node::upf));
    std::string names;
    for (const auto pid : external_pids_) {
      std::ifstream comm(fmt::format("/proc/{}/comm", pid));
      std::string c;
      std::getline(comm, c);
      names += fmt::format("{}{} ({})", names.empty() ? "" : ", ", pid, c);
    }
    if (external_pids_.empty())
      progress << fmt::format("no process runs in {}: the external UPF's CPU time is not known\n",
                              topo_.netns_name(bench_node::upf));
    else
      progress << fmt::format("CPU time of the external UPF: the processes in {}: {}\n",
                              topo_.netns_name(bench_node::upf), names);
  }

  /// PFCP Association Release (TS 29.244 §6.2.8), so that an external UPF
  /// drops the sessions and stops its heartbeats before it is stopped by hand.
  void release(std::ostream& progress) {
    stop_io_thread();
    if (!smf_ || !smf_->associated()) return;
    const bool answered = smf_->release(3000ms);
    progress << fmt::format(
                    "PFCP association with the {} released{}; the UPF can be stopped now (its namespace {} "
                    "is removed)\n",
                    name(), answered ? "" : " (no answer)", topo_.netns_name(bench_node::upf))
             << std::flush;
  }

  std::expected<void, std::string> open_client() {
    auto in = topo_.enter(bench_node::upf);
    if (!in.ok()) return std::unexpected(std::string("cannot enter the upf namespace"));
    n4_peer::client_config cfg;
    cfg.bind_address_ = topo_.plan().smf_n4_;
    cfg.port_ = pfcp::udp_port;
    cfg.t1_ = 2000ms;
    cfg.send_interface_types_ = interface_types_;
    auto c = bench_smf::create(io_, cfg, {topo_.plan().upf_n4_, pfcp::udp_port});
    if (!c) return std::unexpected(c.error());
    smf_ = std::move(*c);
    return {};
  }

  /// Forks and execs `argv` (a `meridian ... upf ...` command) in the upf namespace, pinned to `cpu`.
  std::expected<void, std::string> spawn(const std::vector<std::string>& argv, int cpu, const std::string& log_file) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const int ns = topo_.netns_fd(bench_node::upf);
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) return std::unexpected(std::string("fork failed"));
    if (pid == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGTERM);
      if (::getppid() != parent) ::_exit(126);
      if (::setns(ns, CLONE_NEWNET) != 0) ::_exit(125);
      if (cpu >= 0) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(cpu, &set);
        ::sched_setaffinity(0, sizeof set, &set);
      }
      const int fd = ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
      if (fd >= 0) {
        ::dup2(fd, STDOUT_FILENO);
        ::dup2(fd, STDERR_FILENO);
      }
      ::execv(args[0], args.data());
      ::_exit(127);
    }
    pid_ = pid;
    return {};
  }

  bool process_alive() {
    if (pid_ <= 0) return true;
    return ::waitpid(pid_, nullptr, WNOHANG) == 0;
  }

  /// SMF-initiated Association Setup, retried every second; a UPF-initiated one counts too.
  std::expected<void, std::string> associate(std::chrono::seconds limit, std::ostream& progress,
                                             const std::function<bool()>& stop) {
    const auto end = std::chrono::steady_clock::now() + limit;
    auto last_note = std::chrono::steady_clock::now();
    while (!smf_->associated()) {
      if (stop()) return std::unexpected(std::string("interrupted"));
      if (!process_alive()) return std::unexpected(std::string("the UPF process ended (see its log)"));
      if (std::chrono::steady_clock::now() >= end)
        return std::unexpected(fmt::format("no PFCP association within {} s", limit.count()));
      if (!smf_->try_associate(1000ms) && std::chrono::steady_clock::now() - last_note > 10s) {
        progress << "waiting for the UPF's PFCP association ..." << std::endl;
        last_note = std::chrono::steady_clock::now();
      }
    }
    progress << fmt::format("PFCP association with {} (F-TEID allocation by the UPF: {})\n", name(),
                            smf_->ftup() ? "yes" : "no")
             << std::flush;
    return {};
  }

  std::expected<std::vector<bench_session>, std::string> install_sessions(std::size_t count, session_qos qos,
                                                                          std::ostream& progress) override {
    stop_io_thread();
    const auto& plan = topo_.plan();
    // Sessions are added to what is installed: the first `count` are the ones used.
    auto& set = qos.mbr_bps_ > 0 ? qos_sessions_ : installed_;
    if (qos.mbr_bps_ > 0) set.clear();
    const std::size_t base = next_index_;
    std::vector<bench_session> wanted;
    const std::size_t missing = count > set.size() ? count - set.size() : 0;
    auto fresh = synthetic_sessions(base + missing, plan.ue_pool_);
    wanted.assign(fresh.begin() + static_cast<std::ptrdiff_t>(base), fresh.end());
    const auto started = std::chrono::steady_clock::now();
    const auto limit = std::chrono::milliseconds(30'000 + wanted.size());
    if (auto r = smf_->establish(wanted, 1 + base, plan, qos, establishments_in_flight, limit); !r)
      return std::unexpected(r.error());
    next_index_ = base + wanted.size();
    set.insert(set.end(), wanted.begin(), wanted.end());
    if (!wanted.empty())
      progress << fmt::format("{} sessions installed over PFCP in {:.1f} s\n", set.size(),
                              std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count())
               << std::flush;
    start_io_thread();
    return std::vector<bench_session>(set.begin(), set.begin() + static_cast<std::ptrdiff_t>(count));
  }

  std::expected<mbr_result, std::string> run_mbr_case(const bench_options& options, int generator_cpu,
                                                      std::ostream& progress) override {
    auto sessions = install_sessions(options.mbr_sessions_, {options.mbr_bps_}, progress);
    if (!sessions) return std::unexpected(sessions.error());
    traffic_config cfg;
    cfg.direction_ = direction::downlink;
    cfg.inner_size_ = 1400;
    cfg.sessions_ = *sessions;
    cfg.trial_seconds_ = std::max(1.0, options.trial_seconds_);
    cfg.count_per_flow_ = true;
    cfg.receiver_cpu_ = generator_cpu;
    auto engine = traffic_engine::create(topo_, cfg);
    if (!engine) return std::unexpected(engine.error());
    // Twice the MBR per session, so that the policer, not the offer, sets the rate.
    const double offered_bps = 2 * options.mbr_bps_;
    const double pps = offered_bps * static_cast<double>(sessions->size()) / (1400.0 * 8);
    progress << fmt::format("QER MBR: {} sessions, MBR {:.1f} Mbit/s, offering {:.1f} Mbit/s each (downlink)\n",
                            sessions->size(), options.mbr_bps_ / 1e6, offered_bps / 1e6);
    const auto t = (*engine)->run_trial(pps);
    return summarise_mbr((*engine)->received_per_flow(), t.seconds_, 1400, options.mbr_bps_, offered_bps);
  }

 private:
  void stop_process() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 40; ++i) {
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) return;
      std::this_thread::sleep_for(50ms);
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }

  void start_io_thread() {
    if (io_thread_.joinable()) return;
    io_.restart();
    guard_.emplace(asio::make_work_guard(io_));
    // Heartbeats and requests from the UPF are answered while traffic runs.
    io_thread_ = std::thread([this] { io_.run(); });
  }
  void stop_io_thread() {
    if (!io_thread_.joinable()) return;
    guard_.reset();
    io_.stop();
    io_thread_.join();
    io_.restart();
  }

  const topology& topo_;
  bool external_;
  bool interface_types_;
  asio::io_context io_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> guard_;
  std::thread io_thread_;
  std::unique_ptr<bench_smf> smf_;
  pid_t pid_ = -1;
  std::vector<bench_session> installed_, qos_sessions_;
  std::size_t next_index_ = 0;
  std::string config_file_;
  std::vector<int> external_pids_;
  std::ostream* progress_ = nullptr;  ///< where the release is reported (external UPF)
};

/// `meridian upf` on the benchmark's addresses: N3 on the n3 veth, N4 on lo,
/// one worker, and a TUN whose prefix is the UE pool (its address the pool's
/// last one, which no benchmark session uses), so the kernel routes the pool
/// into it. The configuration file only pre-sizes the session table.
std::vector<std::string> meridian_upf_command(const std::string& binary, const std::string& config_file,
                                              const topology_plan& plan, std::size_t expected_sessions,
                                              std::ostream& config) {
  config << fmt::format("upf:\n  expected_sessions: {}\n", std::max<std::size_t>(expected_sessions, 1));
  const std::uint32_t pool = std::uint32_t{plan.ue_pool_[0]} << 24 | std::uint32_t{plan.ue_pool_[1]} << 16 |
                             std::uint32_t{plan.ue_pool_[2]} << 8 | plan.ue_pool_[3];
  const std::uint32_t last = pool | ((std::uint32_t{1} << (32 - plan.ue_pool_prefix_)) - 2);
  const std::array<std::uint8_t, 4> tun{static_cast<std::uint8_t>(last >> 24), static_cast<std::uint8_t>(last >> 16),
                                        static_cast<std::uint8_t>(last >> 8), static_cast<std::uint8_t>(last)};
  return {binary,          "--config",
          config_file,     "upf",
          "--n3-address",  to_string(plan.upf_n3_),
          "--n4-address",  to_string(plan.upf_n4_),
          "--tun-name",    "upf0",
          "--tun-address", fmt::format("{}/{}", to_string(tun), plan.ue_pool_prefix_),
          "--workers",     "1"};
}

/// `text` as one shell word: unchanged when it has only safe characters, else in single quotes.
std::string shell_word(const std::string& text) {
  if (!text.empty() && text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
                                              "@%+=:,./_-") == std::string::npos)
    return text;
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

/// What a UPF started by hand in the upf namespace must use, with two
/// copy-pasteable parts: the TUN routing a foreign UPF needs, and the exact
/// command that starts Meridian's own UPF there as an example.
void print_external_instructions(const topology& topo, const std::vector<std::string>& example, int forwarder_cpu,
                                 std::ostream& out) {
  const auto& p = topo.plan();
  const auto& ns = topo.netns_name(bench_node::upf);
  const std::string pool = fmt::format("{}/{}", to_string(p.ue_pool_), p.ue_pool_prefix_);
  std::string line = "ip netns exec " + ns;
  if (forwarder_cpu >= 0) line += fmt::format(" taskset -c {}", forwarder_cpu);
  for (const auto& a : example) {
    // Appended in two steps: GCC 12 warns (-Wrestrict, a false positive) on " " + word once inlined here.
    line += ' ';
    line += shell_word(a);
  }
  out << fmt::format(
      "External UPF set-up: start your UPF in network namespace {} (`ip netns exec {} <your upf>`) with\n"
      "  N4 (PFCP): {}:8805 on lo; the test SMF is {}:8805 (Node ID {}); it sends Association Setup Requests every "
      "second, and accepts one your UPF sends\n"
      "  N3 (GTP-U): {}:2152 on interface {}; the gNB is {}:2152\n"
      "  N6: interface {} ({}/{}); the data network is {} on that link (no gateway needed); UE pool {}\n"
      "A UPF whose N6 is a TUN device must route the UE pool into it (forwarding is already on in {}, and the dn "
      "namespace routes the UE pool via {}):\n"
      "  ip -n {} link set <tun> up\n"
      "  ip -n {} route add {} dev <tun>\n"
      "Sessions arrive over PFCP: uplink PDR with the F-TEID CHOOSE if your UPF announces FTUP (else TEIDs from 1 "
      "up on {}), the UE IPv4 address, QFI {} and outer header removal; downlink PDR on the UE address, FAR with "
      "GTP-U outer header creation towards the gNB.\n"
      "Example, Meridian's own UPF (it creates its TUN {} and routes the pool into it{}):\n"
      "  {}\n",
      ns, ns, to_string(p.upf_n4_), to_string(p.smf_n4_), to_string(p.smf_n4_), to_string(p.upf_n3_), p.n3_interface_,
      to_string(p.gnb_n3_), p.n6_interface_, to_string(p.upf_n6_), p.n3_n6_prefix_, to_string(p.dn_n6_), pool, ns,
      to_string(p.upf_n6_), ns, ns, pool, to_string(p.upf_n3_), bench_qfi, "upf0",
      forwarder_cpu >= 0 ? fmt::format("; pinned to CPU {}, the forwarder's CPU", forwarder_cpu) : std::string(), line);
  out << "Waiting for PFCP association (Ctrl-C to give up) ..." << std::endl;
}

}  // namespace

std::expected<std::unique_ptr<upf_under_test>, std::string> start_upf_under_test(const topology& topo,
                                                                                 const bench_options& options,
                                                                                 int forwarder_cpu,
                                                                                 std::ostream& progress,
                                                                                 const std::function<bool()>& stop) {
  auto upf = std::make_unique<pfcp_upf>(topo, options.external_upf_, options.interface_types_);
  if (auto r = upf->open_client(); !r) return std::unexpected(r.error());
  if (options.meridian_binary_.empty() && !options.external_upf_)
    return std::unexpected(std::string("no meridian binary to start"));
  // `meridian upf`'s command line: started here, or printed as the external example.
  const std::string base = fmt::format("/tmp/{}", topo.netns_name(bench_node::upf));
  const std::string config_file = base + ".yaml";
  // Pre-size the session table for every session the run installs.
  std::size_t expected = options.mbr_bps_ > 0 ? options.mbr_sessions_ : 0;
  std::size_t largest = 0;
  for (const auto n : options.sessions_) largest = std::max(largest, n);
  expected += largest;
  std::ofstream f(config_file);
  const auto argv =
      meridian_upf_command(options.meridian_binary_.empty() ? std::string("meridian") : options.meridian_binary_,
                           config_file, topo.plan(), expected, f);
  f.close();
  if (!f) return std::unexpected("cannot write " + config_file);
  upf->remove_at_end(config_file);
  std::chrono::seconds limit{15};
  if (options.external_upf_) {
    print_external_instructions(topo, argv, forwarder_cpu, options.instructions_ ? *options.instructions_ : progress);
    limit = std::chrono::seconds{3600};
  } else {
    if (auto r = upf->spawn(argv, forwarder_cpu, base + ".log"); !r) return std::unexpected(r.error());
    std::string line;
    for (std::size_t i = 1; i < argv.size(); ++i) line += " " + argv[i];
    progress << fmt::format("started in {}: meridian{} (log {}.log)\n", topo.netns_name(bench_node::upf), line, base)
             << std::flush;
  }
  if (auto r = upf->associate(limit, progress, stop); !r) return std::unexpected(r.error());
  if (options.external_upf_) {
    upf->find_external_processes(progress);
    upf->report_to(progress);
  }
  return upf;
}

}  // namespace meridian::upf_bench
