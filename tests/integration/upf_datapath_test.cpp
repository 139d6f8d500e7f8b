// `meridian upf` as a process, inside a network namespace the test makes for
// itself (the test thread unshare(CLONE_NEWNET)s and forks the UPF from there,
// so the UPF, its TUN and its sockets live and die in that namespace). The
// test plays the gNB on 127.0.0.2:2152 with GTP-U written by hand from
// TS 29.281, so nothing here shares code with the UPF. Needs root.

#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstring>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "../unit/support/private_namespace.hpp"
#include "process.hpp"

namespace {

/// A child process whose stdout and stderr go to files; killed if still running at the end.
class background_process {
 public:
  background_process(const std::vector<std::string>& argv, const std::string& out_file, const std::string& err_file)
      : out_(out_file), err_(err_file) {
    pid_ = ::fork();
    if (pid_ == 0) {
      const int o = ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      const int e = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      ::dup2(o, 1);
      ::dup2(e, 2);
      std::vector<char*> args;
      for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      ::execv(args[0], args.data());
      ::_exit(127);
    }
  }
  ~background_process() {
    if (pid_ > 0 && !exited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    std::remove(out_.c_str());
    std::remove(err_.c_str());
  }
  /// Sends `sig` and waits up to `timeout` for the exit; the exit code, or nothing.
  std::optional<int> stop(int sig, std::chrono::milliseconds timeout) {
    ::kill(pid_, sig);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return std::nullopt;
  }
  std::string out() const { return slurp(out_); }
  std::string err() const { return slurp(err_); }

 private:
  static std::string slurp(const std::string& f) {
    std::ifstream in(f);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  pid_t pid_ = -1;
  bool exited_ = false;
  std::string out_;
  std::string err_;
};

struct gnb_socket {
  gnb_socket() : fd_(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_port = htons(2152);
    sin.sin_addr.s_addr = htonl(0x7f000002);
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&sin), sizeof sin), 0) << std::strerror(errno);
  }
  ~gnb_socket() { ::close(fd_); }
  void send_to_upf(const std::vector<std::uint8_t>& b) const {
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_port = htons(2152);
    sin.sin_addr.s_addr = htonl(0x7f000001);
    ::sendto(fd_, b.data(), b.size(), 0, reinterpret_cast<sockaddr*>(&sin), sizeof sin);
  }
  std::optional<std::vector<std::uint8_t>> receive(int timeout_ms) const {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) return std::nullopt;
    std::vector<std::uint8_t> b(4096);
    const auto n = ::recv(fd_, b.data(), b.size(), 0);
    if (n < 0) return std::nullopt;
    b.resize(static_cast<std::size_t>(n));
    return b;
  }
  int fd_;
};

/// TS 29.281 §7.2.1 Echo Request: version 1, PT 1, S set; TEID 0.
std::vector<std::uint8_t> echo_request(std::uint16_t seq) {
  return {0x32, 0x01, 0x00, 0x04, 0, 0, 0, 0, static_cast<std::uint8_t>(seq >> 8), static_cast<std::uint8_t>(seq),
          0x00, 0x00};
}

/// TS 29.281 §6.1 G-PDU with a 20-octet IPv4 header as its T-PDU.
std::vector<std::uint8_t> g_pdu(std::uint32_t teid) {
  std::vector<std::uint8_t> b{0x30,
                              0xff,
                              0x00,
                              20,
                              static_cast<std::uint8_t>(teid >> 24),
                              static_cast<std::uint8_t>(teid >> 16),
                              static_cast<std::uint8_t>(teid >> 8),
                              static_cast<std::uint8_t>(teid)};
  const std::array<std::uint8_t, 20> ip{0x45, 0, 0, 20, 0, 0, 0, 0, 64, 17, 0, 0, 10, 46, 0, 2, 10, 46, 0, 1};
  b.insert(b.end(), ip.begin(), ip.end());
  return b;
}

std::vector<std::string> upf_args(const std::string& tun_name) {
  return {MERIDIAN_BINARY, "upf",          "--n3-address", "127.0.0.1", "--n3-port",  "2152",
          "--n4-address",  "127.0.0.1",    "--n4-port",    "18805",     "--tun-name", tun_name,
          "--tun-address", "10.46.0.1/16", "--workers",    "2"};
}

TEST(upf_process, when_running_then_it_answers_echo_and_unknown_teids_and_prints_counters_on_sigterm) {
  RUN_IN_NAMESPACE([] {
    meridian::test::loopback_up();
    gnb_socket gnb;
    background_process upf(upf_args("upfit0"), "/tmp/meridian-upf-it.out", "/tmp/meridian-upf-it.err");

    // Ready when it answers an Echo Request (bounded: 10 s).
    std::optional<std::vector<std::uint8_t>> echo;
    for (int i = 0; i < 50 && !echo; ++i) {
      gnb.send_to_upf(echo_request(static_cast<std::uint16_t>(i)));
      echo = gnb.receive(200);
    }
    ASSERT_TRUE(echo) << "no Echo Response; stderr: " << upf.err();
    ASSERT_GE(echo->size(), 12u);
    EXPECT_EQ((*echo)[1], 2) << "not an Echo Response";
    EXPECT_NE(::if_nametoindex("upfit0"), 0u) << "the UPF did not create its TUN";

    gnb.send_to_upf(g_pdu(0x00abcdef));
    auto ei = gnb.receive(2000);
    ASSERT_TRUE(ei) << "no Error Indication";
    // TS 29.281 §7.3.1: type 26, then IE Tunnel Endpoint Identifier Data I (16) with the TEID.
    ASSERT_GE(ei->size(), 17u);
    EXPECT_EQ((*ei)[1], 26);
    EXPECT_EQ((*ei)[12], 16);
    EXPECT_EQ((std::vector<std::uint8_t>(ei->begin() + 13, ei->begin() + 17)),
              (std::vector<std::uint8_t>{0x00, 0xab, 0xcd, 0xef}));

    const auto code = upf.stop(SIGTERM, std::chrono::seconds(5));
    ASSERT_TRUE(code) << "did not stop on SIGTERM";
    EXPECT_EQ(*code, 0) << upf.err();
    const std::string out = upf.out();
    EXPECT_NE(out.find("error_indications_sent: 1\n"), std::string::npos) << out;
    EXPECT_NE(out.find("unknown_teid: 1\n"), std::string::npos) << out;
    EXPECT_NE(out.find("echo_requests: "), std::string::npos) << out;
  });
}

TEST(upf_process, when_it_lacks_cap_net_admin_then_it_says_so_in_one_line_and_exits_1) {
  RUN_IN_NAMESPACE([] {
    meridian::test::loopback_up();
    std::vector<std::string> args{"--bounding-set=-net_admin", "--inh-caps=-net_admin", MERIDIAN_BINARY};
    for (const auto& a : upf_args("upfit1")) args.push_back(a);
    args.erase(args.begin() + 3);  // MERIDIAN_BINARY is in upf_args too
    auto r = meridian::test::run_process("/usr/bin/setpriv", args, std::chrono::seconds(10));
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("CAP_NET_ADMIN"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "not one line: " << r.err;
  });
}

}  // namespace
