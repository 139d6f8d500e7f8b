#pragma once
// Helpers for the N2 integration tests: network namespaces that delete
// themselves, `meridian` processes running in the background with their
// output in a file, and bounded waits for what they log. Header-only because
// the integration binary globs only *_test.cpp.

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "process.hpp"

extern char** environ;

namespace meridian::test::n2 {

inline constexpr const char* ip_program = "/usr/sbin/ip";

inline bool run_ip(const std::vector<std::string>& args) {
  const auto r = run_process(ip_program, args, std::chrono::seconds(10));
  if (r.exit_code != 0) ADD_FAILURE() << "ip " << ::testing::PrintToString(args) << " failed: " << r.err;
  return r.exit_code == 0;
}

/// A name no other test (or parallel ctest process) uses.
inline std::string unique_name(const std::string& stem) {
  static std::atomic<int> counter{0};
  return stem + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

/// `ip netns add NAME` with `lo` up; deleted (with its interfaces) on destruction.
class netns {
 public:
  explicit netns(std::string stem) : name_(unique_name(stem)) {
    ok_ = run_ip({"netns", "add", name_}) && run_ip({"-n", name_, "link", "set", "lo", "up"});
  }
  ~netns() { run_process(ip_program, {"netns", "del", name_}, std::chrono::seconds(10)); }
  netns(const netns&) = delete;
  netns& operator=(const netns&) = delete;

  const std::string& name() const noexcept { return name_; }
  bool ok() const noexcept { return ok_; }

 private:
  std::string name_;
  bool ok_ = false;
};

/// A veth pair between two namespaces, with one IPv4 address (/30) on each end.
inline bool join_with_veth(const netns& a, const std::string& addr_a, const netns& b, const std::string& addr_b) {
  static std::atomic<int> pairs{0};
  const std::string tag = std::to_string(::getpid() % 100000) + "x" + std::to_string(pairs++);
  const std::string ifa = "n2a" + tag;
  const std::string ifb = "n2b" + tag;
  return run_ip({"-n", a.name(), "link", "add", ifa, "type", "veth", "peer", "name", ifb, "netns", b.name()}) &&
         run_ip({"-n", a.name(), "addr", "add", addr_a + "/30", "dev", ifa}) &&
         run_ip({"-n", b.name(), "addr", "add", addr_b + "/30", "dev", ifb}) &&
         run_ip({"-n", a.name(), "link", "set", ifa, "up"}) && run_ip({"-n", b.name(), "link", "set", ifb, "up"});
}

/// `meridian ARGS` (inside `ns` when given) with stdout and stderr in `log`.
class meridian_process {
 public:
  meridian_process(const netns* ns, const std::vector<std::string>& args, std::filesystem::path log)
      : log_(std::move(log)) {
    std::vector<std::string> argv;
    if (ns != nullptr) argv = {ip_program, "netns", "exec", ns->name()};
    argv.push_back(MERIDIAN_BINARY);
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> cargv;
    for (auto& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 2, 1);
    if (posix_spawn(&pid_, cargv[0], &actions, nullptr, cargv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
  }
  ~meridian_process() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  meridian_process(const meridian_process&) = delete;
  meridian_process& operator=(const meridian_process&) = delete;

  bool started() const noexcept { return pid_ > 0; }
  std::string output() const {
    std::ifstream in(log_);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  int count(const std::string& text) const {
    const auto out = output();
    int n = 0;
    for (auto pos = out.find(text); pos != std::string::npos; pos = out.find(text, pos + text.size())) ++n;
    return n;
  }
  /// Waits until `text` was logged `times` times; false after `limit` or when the process ended.
  bool wait_for(const std::string& text, int times = 1, std::chrono::milliseconds limit = std::chrono::seconds(20)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      if (count(text) >= times) return true;
      if (pid_ > 0 && ::waitpid(pid_, &status_, WNOHANG) == pid_) {
        pid_ = -1;
        return count(text) >= times;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  void signal(int sig) const {
    if (pid_ > 0) ::kill(pid_, sig);
  }
  /// SIGTERM, then the exit code (-1 when it had to be killed or died of a signal).
  int stop(std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    if (pid_ <= 0) return WIFEXITED(status_) ? WEXITSTATUS(status_) : -1;
    ::kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      if (::waitpid(pid_, &status_, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status_) ? WEXITSTATUS(status_) : -1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status_, 0);
    pid_ = -1;
    return -1;
  }

 private:
  std::filesystem::path log_;
  pid_t pid_ = -1;
  int status_ = 0;
};

/// A fresh directory for one test's logs and captures.
inline std::filesystem::path scratch_dir() {
  auto dir = std::filesystem::path(::testing::TempDir()) / unique_name("meridian-n2");
  std::filesystem::create_directories(dir);
  return dir;
}

/// Skips the test unless it runs as root (namespaces, raw sockets).
#define MERIDIAN_N2_REQUIRE_ROOT()                                             \
  do {                                                                         \
    if (::geteuid() != 0) GTEST_SKIP() << "needs root for network namespaces"; \
  } while (0)

}  // namespace meridian::test::n2
