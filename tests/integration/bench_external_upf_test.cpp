// `meridian bench upf --external-upf` as a user runs it with a UPF it did not
// start: the benchmark builds its namespaces, prints the set-up, and waits for
// PFCP association; this test plays the user, copies the printed example
// command (`ip netns exec <upf namespace> ... meridian ... upf ...`) word for
// word, starts it as the "external" UPF, and expects the benchmark to finish
// with a table row for the external UPF that delivered traffic. Both processes
// are killed if the whole exchange takes longer than 50 s. Needs root.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "process.hpp"

namespace {

using namespace std::chrono_literals;

/// A child process with stdout and stderr read through pipes (or sent to a
/// file); killed (SIGTERM, then SIGKILL) and reaped when the object goes away.
class child {
 public:
  /// Runs `argv` (looked up in PATH); output to pipes, or to `log_file` when given.
  child(const std::vector<std::string>& argv, const std::string& log_file = {}) {
    int out[2] = {-1, -1}, err[2] = {-1, -1};
    if (log_file.empty() && (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0)) return;
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const pid_t parent = ::getpid();
    pid_ = ::fork();
    if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the test
      if (::getppid() != parent) ::_exit(126);
      const int devnull = ::open("/dev/null", O_RDONLY);
      ::dup2(devnull, STDIN_FILENO);
      if (log_file.empty()) {
        ::dup2(out[1], STDOUT_FILENO);
        ::dup2(err[1], STDERR_FILENO);
      } else {
        const int fd = ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        ::dup2(fd, STDOUT_FILENO);
        ::dup2(fd, STDERR_FILENO);
      }
      ::execvp(args[0], args.data());
      ::_exit(127);
    }
    if (!log_file.empty()) return;
    ::close(out[1]);
    ::close(err[1]);
    out_ = out[0];
    err_ = err[0];
  }
  ~child() {
    stop(2s);
    if (out_ >= 0) ::close(out_);
    if (err_ >= 0) ::close(err_);
  }
  child(const child&) = delete;
  child& operator=(const child&) = delete;

  bool started() const noexcept { return pid_ > 0; }

  /// Reads what is there on stdout/stderr, waiting at most `timeout`.
  void read_some(std::chrono::milliseconds timeout) {
    pollfd fds[2] = {{out_, POLLIN, 0}, {err_, POLLIN, 0}};
    if (::poll(fds, 2, static_cast<int>(timeout.count())) <= 0) return;
    std::string* sinks[2] = {&out_text_, &err_text_};
    int* ends[2] = {&out_, &err_};
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buf[4096];
      const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        sinks[i]->append(buf, static_cast<std::size_t>(n));
      } else {
        ::close(*ends[i]);
        *ends[i] = -1;
      }
    }
  }

  /// The exit code once the process has ended (-1 for a signal).
  std::optional<int> exited() {
    if (status_) return status_;
    int s = 0;
    if (pid_ <= 0 || ::waitpid(pid_, &s, WNOHANG) != pid_) return std::nullopt;
    status_ = WIFEXITED(s) ? WEXITSTATUS(s) : -1;
    return status_;
  }

  /// SIGTERM, then SIGKILL after `grace`; reaps it.
  void stop(std::chrono::milliseconds grace) {
    if (pid_ <= 0 || exited()) return;
    ::kill(pid_, SIGTERM);
    const auto end = std::chrono::steady_clock::now() + grace;
    while (!exited() && std::chrono::steady_clock::now() < end) std::this_thread::sleep_for(20ms);
    if (exited()) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    status_ = -1;
  }

  const std::string& out() const noexcept { return out_text_; }
  const std::string& err() const noexcept { return err_text_; }

 private:
  pid_t pid_ = -1;
  int out_ = -1, err_ = -1;
  std::string out_text_, err_text_;
  std::optional<int> status_;
};

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::vector<std::string> words_of(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::vector<std::string> cells_of(const std::string& row) {
  std::vector<std::string> out;
  std::istringstream in(row);
  std::string cell;
  std::getline(in, cell, '|');  // before the first bar
  while (std::getline(in, cell, '|')) {
    const auto b = cell.find_first_not_of(' ');
    const auto e = cell.find_last_not_of(' ');
    out.push_back(b == std::string::npos ? std::string() : cell.substr(b, e - b + 1));
  }
  return out;
}

bool has_upf_command() { return meridian::test::run_process(MERIDIAN_BINARY, {"upf", "--help"}).exit_code == 0; }

TEST(bench_external_upf, when_a_upf_is_started_by_hand_from_the_printed_set_up_then_the_bench_measures_it) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to create network namespaces";
  if (!has_upf_command()) GTEST_SKIP() << "this build has no `meridian upf`";
  const auto deadline = std::chrono::steady_clock::now() + 50s;
  // The smallest case set: one UPF case, one trial per search.
  child bench({MERIDIAN_BINARY, "bench", "upf", "--external-upf", "--quick", "--forwarders", "upf", "--directions",
               "ul", "--sizes", "64", "--sessions", "1", "--trial-ms", "50", "--max-trials", "2"});
  ASSERT_TRUE(bench.started());

  // The printed set-up, up to the line that says it waits.
  while (bench.out().find("Waiting for PFCP association") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline && !bench.exited())
    bench.read_some(100ms);
  ASSERT_NE(bench.out().find("Waiting for PFCP association"), std::string::npos)
      << "no set-up printed: " << bench.out() << bench.err();
  std::string example, upf_namespace;
  for (const auto& line : lines_of(bench.out())) {
    const auto words = words_of(line);
    if (words.size() > 4 && words[0] == "ip" && words[1] == "netns" && words[2] == "exec" &&
        line.find(" upf --n3-address ") != std::string::npos) {
      example = line;
      upf_namespace = words[3];
    }
  }
  ASSERT_FALSE(example.empty()) << "no example command in: " << bench.out();
  EXPECT_EQ(example.find('\''), std::string::npos) << "the test splits on spaces only: " << example;
  EXPECT_EQ(upf_namespace.substr(upf_namespace.size() - 4), "-upf") << example;
  // A foreign UPF with a TUN is told how to route the UE pool into it.
  EXPECT_NE(bench.out().find("ip -n " + upf_namespace + " route add 10.160.0.0/12 dev <tun>"), std::string::npos)
      << bench.out();

  // The user starts the UPF with the printed line, word for word.
  const std::string upf_log = "/tmp/" + upf_namespace + "-external.log";
  child upf(words_of(example), upf_log);
  ASSERT_TRUE(upf.started());

  while (!bench.exited() && std::chrono::steady_clock::now() < deadline) bench.read_some(100ms);
  const bool finished = bench.exited().has_value();
  if (!finished) bench.stop(5s);  // SIGTERM: it removes its namespaces
  for (int i = 0; i < 20; ++i) bench.read_some(10ms);
  upf.stop(2s);
  std::string upf_output;
  if (FILE* f = std::fopen(upf_log.c_str(), "r")) {
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) upf_output.append(buf, n);
    std::fclose(f);
  }
  std::remove(upf_log.c_str());
  ASSERT_TRUE(finished) << "the bench did not finish within 50 s; stderr: " << bench.err()
                        << "\nUPF output: " << upf_output;
  ASSERT_EQ(bench.exited(), std::optional<int>{0}) << bench.out() << bench.err() << "\nUPF output: " << upf_output;

  // One table row, for the external UPF, with traffic delivered.
  std::vector<std::vector<std::string>> rows;
  for (const auto& line : lines_of(bench.out()))
    if (line.rfind("| external UPF |", 0) == 0) rows.push_back(cells_of(line));
  ASSERT_EQ(rows.size(), 1u) << bench.out();
  const auto& row = rows[0];
  ASSERT_EQ(row.size(), 13u) << bench.out();
  EXPECT_EQ(row[1], "ul");
  EXPECT_EQ(row[2], "64");
  EXPECT_EQ(row[3], "1");
  EXPECT_GT(std::stod(row[7]), 0.0) << "0.5 % loss Mpps: " << bench.out() << bench.err();
  EXPECT_NE(bench.err().find("PFCP association with external UPF"), std::string::npos) << bench.err();
  // The benchmark's namespaces are gone, and so is the configuration it wrote for the example.
  EXPECT_FALSE(std::filesystem::exists("/run/netns/" + upf_namespace)) << upf_namespace;
  EXPECT_FALSE(std::filesystem::exists("/tmp/" + upf_namespace + ".yaml"));
}

}  // namespace
