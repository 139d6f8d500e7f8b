#include "meridian/upf_bench/topology.hpp"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

namespace meridian::upf_bench {
namespace {

constexpr std::array<const char*, 3> node_suffix{"gnb", "upf", "dn"};

std::string prefix_string(const std::array<std::uint8_t, 4>& a, std::uint8_t len) {
  return fmt::format("{}/{}", to_string(a), len);
}

}  // namespace

std::string to_string(const std::array<std::uint8_t, 4>& a) {
  return fmt::format("{}.{}.{}.{}", a[0], a[1], a[2], a[3]);
}

std::expected<void, std::string> run_program(const std::vector<std::string>& argv) {
  if (argv.empty()) return std::unexpected(std::string("empty command"));
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return std::unexpected(fmt::format("pipe: {}", std::strerror(errno)));
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(out[0]);
    ::close(out[1]);
    return std::unexpected(fmt::format("fork: {}", std::strerror(errno)));
  }
  if (pid == 0) {
    ::dup2(out[1], STDOUT_FILENO);
    ::dup2(out[1], STDERR_FILENO);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  ::close(out[1]);
  std::string text;
  char buf[1024];
  for (;;) {
    const ssize_t n = ::read(out[0], buf, sizeof buf);
    if (n > 0) {
      text.append(buf, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    break;
  }
  ::close(out[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {};
  std::string line;
  for (const auto& a : argv) line += (line.empty() ? "" : " ") + a;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return std::unexpected(
      fmt::format("'{}' failed: {}", line, text.empty() ? "exit status " + std::to_string(status) : text));
}

std::size_t remove_stale_namespaces() {
  std::size_t removed = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/run/netns", ec)) {
    const std::string name = entry.path().filename().string();
    constexpr std::string_view prefix = "mrd-bench-";
    if (name.rfind(prefix, 0) != 0) continue;
    const auto dash = name.find('-', prefix.size());
    if (dash == std::string::npos) continue;
    const std::string pid = name.substr(prefix.size(), dash - prefix.size());
    if (pid.empty() || pid.find_first_not_of("0123456789") != std::string::npos) continue;
    if (std::filesystem::exists("/proc/" + pid, ec)) continue;
    if (run_program({"ip", "netns", "del", name})) ++removed;
  }
  return removed;
}

std::expected<topology, std::string> topology::create(const std::string& prefix, topology_plan plan) {
  topology t;
  t.plan_ = plan;
  for (std::size_t i = 0; i < 3; ++i) {
    t.names_[i] = prefix + "-" + node_suffix[i];
    if (auto r = run_program({"ip", "netns", "add", t.names_[i]}); !r) {
      t.destroy();
      return std::unexpected(r.error() + " (the benchmark needs root: CAP_SYS_ADMIN and CAP_NET_ADMIN)");
    }
    t.owned_ = true;
    t.fds_[i] = ::open(("/run/netns/" + t.names_[i]).c_str(), O_RDONLY | O_CLOEXEC);
    if (t.fds_[i] < 0) return std::unexpected(fmt::format("open /run/netns/{}: {}", t.names_[i], std::strerror(errno)));
  }
  const auto& p = t.plan_;
  const std::string& gnb = t.names_[0];
  const std::string& upf = t.names_[1];
  const std::string& dn = t.names_[2];
  const std::vector<std::vector<std::string>> steps = {
      {"ip", "-n", gnb, "link", "add", p.n3_interface_, "type", "veth", "peer", "name", p.n3_interface_, "netns", upf},
      {"ip", "-n", upf, "link", "add", p.n6_interface_, "type", "veth", "peer", "name", p.n6_interface_, "netns", dn},
      {"ip", "-n", gnb, "addr", "add", prefix_string(p.gnb_n3_, p.n3_n6_prefix_), "dev", p.n3_interface_},
      {"ip", "-n", upf, "addr", "add", prefix_string(p.upf_n3_, p.n3_n6_prefix_), "dev", p.n3_interface_},
      {"ip", "-n", upf, "addr", "add", prefix_string(p.upf_n6_, p.n3_n6_prefix_), "dev", p.n6_interface_},
      {"ip", "-n", dn, "addr", "add", prefix_string(p.dn_n6_, p.n3_n6_prefix_), "dev", p.n6_interface_},
      {"ip", "-n", gnb, "link", "set", "lo", "up"},
      {"ip", "-n", upf, "link", "set", "lo", "up"},
      {"ip", "-n", dn, "link", "set", "lo", "up"},
      {"ip", "-n", gnb, "link", "set", p.n3_interface_, "up"},
      {"ip", "-n", upf, "link", "set", p.n3_interface_, "up"},
      {"ip", "-n", upf, "link", "set", p.n6_interface_, "up"},
      {"ip", "-n", dn, "link", "set", p.n6_interface_, "up"},
      {"ip", "-n", dn, "route", "add", prefix_string(p.ue_pool_, p.ue_pool_prefix_), "via", to_string(p.upf_n6_)},
      // The upf namespace forwards between the UPF's TUN and N6.
      {"ip", "netns", "exec", upf, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1"},
  };
  for (const auto& s : steps)
    if (auto r = run_program(s); !r) return std::unexpected(r.error());
  return t;
}

topology::topology(topology&& other) noexcept
    : plan_(std::move(other.plan_)), names_(std::move(other.names_)), fds_(other.fds_), owned_(other.owned_) {
  other.fds_ = {-1, -1, -1};
  other.owned_ = false;
}

topology::~topology() { destroy(); }

void topology::destroy() noexcept {
  for (int& fd : fds_) {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
  if (!owned_) return;
  owned_ = false;
  // Deleting a namespace removes its veth ends, and with them the peers.
  for (const auto& name : names_)
    if (!name.empty()) (void)run_program({"ip", "netns", "del", name});
}

std::expected<void, std::string> topology::ip(bench_node node, const std::vector<std::string>& args) const {
  std::vector<std::string> argv{"ip", "-n", netns_name(node)};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_program(argv);
}

topology::scoped_netns::scoped_netns(int target) noexcept {
  original_ = ::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  ok_ = original_ >= 0 && target >= 0 && ::setns(target, CLONE_NEWNET) == 0;
}

topology::scoped_netns::~scoped_netns() {
  if (original_ < 0) return;
  if (ok_) (void)::setns(original_, CLONE_NEWNET);
  ::close(original_);
}

}  // namespace meridian::upf_bench
