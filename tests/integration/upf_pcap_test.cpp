// `meridian upf --pcap` as a process in a network namespace the test makes for
// itself (the UPF on 127.0.0.1, the test's SMF and gNB on 127.0.0.2): the
// test associates over PFCP, sends GTP-U (an Echo Request, G-PDUs for an
// unknown TEID, one of them a UDP GSO train that reaches the UPF as one GRO
// buffer), stops the UPF, and asks tshark — which nobody here wrote — what the
// capture holds. Needs root; skipped otherwise, and without tshark.

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <asio/io_context.hpp>

#include "../unit/support/private_namespace.hpp"
#include "meridian/n4_peer/client.hpp"
#include "meridian/pfcp/messages.hpp"
#include "process.hpp"

namespace {

using namespace std::chrono_literals;

constexpr std::uint32_t unknown_teid = 0x00c0ffee;
constexpr std::size_t train_datagrams = 4;

std::string slurp(const std::string& file) {
  std::ifstream in(file);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// `meridian upf` with stdout and stderr in one file; SIGKILLed if still running at the end.
class upf_process {
 public:
  upf_process(const std::vector<std::string>& argv, std::string log) : log_(std::move(log)) {
    pid_ = ::fork();
    if (pid_ == 0) {
      const int fd = ::open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      std::vector<char*> args;
      for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      ::execv(args[0], args.data());
      ::_exit(127);
    }
  }
  ~upf_process() {
    if (pid_ > 0 && !exited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    std::remove(log_.c_str());
  }
  upf_process(const upf_process&) = delete;
  upf_process& operator=(const upf_process&) = delete;

  /// Sends `sig` and waits (bounded) for the exit; the exit code, or nothing.
  std::optional<int> stop(int sig, std::chrono::milliseconds timeout) {
    ::kill(pid_, sig);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      std::this_thread::sleep_for(20ms);
    }
    return std::nullopt;
  }
  std::string log() const { return slurp(log_); }

 private:
  pid_t pid_ = -1;
  bool exited_ = false;
  std::string log_;
};

/// The gNB's GTP-U socket, 127.0.0.2:2152.
class gnb_socket {
 public:
  gnb_socket() : fd_(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) {
    const sockaddr_in sin = address(0x7f000002);
    bound_ = ::bind(fd_, reinterpret_cast<const sockaddr*>(&sin), sizeof sin) == 0;
  }
  ~gnb_socket() { ::close(fd_); }
  gnb_socket(const gnb_socket&) = delete;
  gnb_socket& operator=(const gnb_socket&) = delete;

  bool bound() const noexcept { return bound_; }
  /// One datagram to the UPF; with `segment_size` > 0 a UDP GSO train (UDP_SEGMENT) of datagrams of that size.
  bool send_to_upf(const std::vector<std::uint8_t>& b, std::uint16_t segment_size = 0) const {
    sockaddr_in to = address(0x7f000001);
    iovec iov{const_cast<std::uint8_t*>(b.data()), b.size()};
    msghdr m{};
    m.msg_name = &to;
    m.msg_namelen = sizeof to;
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(std::uint16_t))] = {};
    if (segment_size > 0) {
      m.msg_control = control;
      m.msg_controllen = sizeof control;
      cmsghdr* c = CMSG_FIRSTHDR(&m);
      c->cmsg_level = SOL_UDP;
      c->cmsg_type = UDP_SEGMENT;
      c->cmsg_len = CMSG_LEN(sizeof segment_size);
      std::memcpy(CMSG_DATA(c), &segment_size, sizeof segment_size);
    }
    return ::sendmsg(fd_, &m, 0) == static_cast<ssize_t>(b.size());
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

 private:
  static sockaddr_in address(std::uint32_t host) {
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_port = htons(2152);
    sin.sin_addr.s_addr = htonl(host);
    return sin;
  }
  int fd_;
  bool bound_ = false;
};

/// TS 29.281 §7.2.1 Echo Request: version 1, PT 1, S set; TEID 0.
std::vector<std::uint8_t> echo_request(std::uint16_t seq) {
  return {0x32, 0x01, 0x00, 0x04, 0, 0, 0, 0, static_cast<std::uint8_t>(seq >> 8), static_cast<std::uint8_t>(seq),
          0x00, 0x00};
}

/// TS 29.281 §6.1 G-PDU whose T-PDU is a 20-octet IPv4 header (RFC 791) with its checksum.
std::vector<std::uint8_t> g_pdu(std::uint32_t teid, std::uint16_t ip_id) {
  std::vector<std::uint8_t> b{0x30,
                              0xff,
                              0x00,
                              20,
                              static_cast<std::uint8_t>(teid >> 24),
                              static_cast<std::uint8_t>(teid >> 16),
                              static_cast<std::uint8_t>(teid >> 8),
                              static_cast<std::uint8_t>(teid)};
  std::array<std::uint8_t, 20> ip{0x45,
                                  0,
                                  0,
                                  20,
                                  static_cast<std::uint8_t>(ip_id >> 8),
                                  static_cast<std::uint8_t>(ip_id),
                                  0,
                                  0,
                                  64,
                                  17,
                                  0,
                                  0,
                                  10,
                                  46,
                                  0,
                                  2,
                                  10,
                                  46,
                                  0,
                                  1};
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i < ip.size(); i += 2) sum += static_cast<std::uint32_t>(ip[i] << 8 | ip[i + 1]);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  ip[10] = static_cast<std::uint8_t>(~sum >> 8);
  ip[11] = static_cast<std::uint8_t>(~sum);
  b.insert(b.end(), ip.begin(), ip.end());
  return b;
}

/// Lines of `text` that contain `needle`.
std::size_t lines_with(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.find(needle) != std::string::npos) ++n;
  return n;
}

TEST(upf_pcap, when_run_with_pcap_then_tshark_decodes_its_pfcp_association_and_gtpu_echo_and_error_indications) {
  if (!std::filesystem::exists("/usr/bin/tshark")) GTEST_SKIP() << "tshark not installed: the oracle is missing";
  const std::string pcap = "/tmp/meridian-upf-pcap-" + std::to_string(::getpid()) + ".pcap";
  const std::unique_ptr<const std::string, void (*)(const std::string*)> remove_at_end(
      &pcap, [](const std::string* p) { std::filesystem::remove(*p); });
  RUN_IN_NAMESPACE([&] {
    meridian::test::loopback_up();
    // Two workers: both write to the capture.
    upf_process upf({MERIDIAN_BINARY, "upf", "--n3-address", "127.0.0.1", "--n3-port", "2152", "--n4-address",
                     "127.0.0.1", "--n4-port", "8805", "--tun-name", "upfpcap0", "--tun-address", "10.46.0.1/16",
                     "--workers", "2", "--pcap", pcap},
                    pcap + ".log");
    gnb_socket gnb;
    ASSERT_TRUE(gnb.bound()) << std::strerror(errno);

    // Ready when it answers an Echo Request (bounded: 10 s).
    std::optional<std::vector<std::uint8_t>> echo;
    for (int i = 0; i < 50 && !echo; ++i) {
      gnb.send_to_upf(echo_request(static_cast<std::uint16_t>(i)));
      echo = gnb.receive(200);
    }
    ASSERT_TRUE(echo) << "no Echo Response; log: " << upf.log();

    {
      asio::io_context io;
      meridian::n4_peer::client_config cfg;
      cfg.bind_address_ = {127, 0, 0, 2};
      cfg.t1_ = 500ms;
      auto smf = meridian::n4_peer::client::create(io, cfg);
      ASSERT_TRUE(smf) << smf.error();
      bool answered = false;
      bool accepted = false;
      (*smf)->associate({{127, 0, 0, 1}, 8805}, [&](meridian::n4_peer::response r) {
        answered = true;
        if (const auto* a = r ? std::get_if<meridian::pfcp::association_setup_response>(&r->body_) : nullptr)
          accepted = a->cause_.value_ == meridian::pfcp::cause_value::request_accepted;
      });
      meridian::n4_peer::run_until(
          io, [&] { return answered; }, 5s);
      ASSERT_TRUE(accepted) << "no accepted PFCP association; log: " << upf.log();
      (*smf)->stop();
    }

    gnb.send_to_upf(g_pdu(unknown_teid, 1));
    ASSERT_TRUE(gnb.receive(2000)) << "no Error Indication; log: " << upf.log();
    // Equal-sized G-PDUs in one send: loopback delivers the train whole, as one GRO buffer.
    std::vector<std::uint8_t> train;
    for (std::size_t i = 0; i < train_datagrams; ++i) {
      const auto g = g_pdu(unknown_teid + 1, static_cast<std::uint16_t>(100 + i));
      train.insert(train.end(), g.begin(), g.end());
    }
    ASSERT_TRUE(gnb.send_to_upf(train, static_cast<std::uint16_t>(train.size() / train_datagrams)))
        << std::strerror(errno);
    std::this_thread::sleep_for(200ms);

    const auto code = upf.stop(SIGTERM, 5s);
    ASSERT_TRUE(code) << "did not stop on SIGTERM";
    EXPECT_EQ(*code, 0) << upf.log();
    EXPECT_NE(upf.log().find("capture " + pcap + ": "), std::string::npos) << upf.log();
  });
  if (::geteuid() != 0 || !std::filesystem::exists(pcap)) return;  // skipped, or failed above

  using meridian::test::run_process;
  const auto verbose = run_process("/usr/bin/tshark", {"-r", pcap, "-V"}, 60s);
  ASSERT_EQ(verbose.exit_code, 0) << verbose.err;
  const std::string& v = verbose.out;
  EXPECT_NE(v.find("Message Type: PFCP Association Setup Request (5)"), std::string::npos) << v;
  EXPECT_NE(v.find("Message Type: PFCP Association Setup Response (6)"), std::string::npos) << v;
  EXPECT_NE(v.find("Message Type: Echo request (0x01)"), std::string::npos) << v;
  EXPECT_NE(v.find("Message Type: Echo response (0x02)"), std::string::npos) << v;
  EXPECT_NE(v.find("Message Type: Error indication (0x1a)"), std::string::npos) << v;
  EXPECT_EQ(v.find("Malformed"), std::string::npos) << v;

  const auto bad =
      run_process("/usr/bin/tshark", {"-r", pcap, "-Y", "_ws.malformed || _ws.expert.severity >= error"}, 60s);
  ASSERT_EQ(bad.exit_code, 0) << bad.err;
  EXPECT_EQ(bad.out, "") << "malformed or erroneous frames:\n" << bad.out;

  // Addresses, ports and message types of each frame (the outer IPv4 header's: occurrence=f).
  const auto fields = run_process("/usr/bin/tshark", {"-r", pcap,           "-T", "fields",      "-E", "separator=;",
                                                      "-E", "occurrence=f", "-e", "ip.src",      "-e", "udp.srcport",
                                                      "-e", "ip.dst",       "-e", "udp.dstport", "-e", "pfcp.msg_type",
                                                      "-e", "gtp.message",  "-e", "gtp.teid"},
                                  60s);
  ASSERT_EQ(fields.exit_code, 0) << fields.err;
  const std::string& f = fields.out;
  // PFCP: the SMF's request in, the UPF's response out (TS 29.244 §7.4.4.1/2).
  std::size_t setup_requests = 0, setup_responses = 0;
  std::istringstream in(f);
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("127.0.0.2;") && line.find(";127.0.0.1;8805;5;") != std::string::npos) ++setup_requests;
    if (line.starts_with("127.0.0.1;8805;127.0.0.2;") && line.find(";6;") != std::string::npos) ++setup_responses;
  }
  EXPECT_GE(setup_requests, 1u) << f;
  EXPECT_GE(setup_responses, 1u) << f;
  // GTP-U (TS 29.281 §7.2, §7.3.1): Echo Request in and its Response out, the
  // lone G-PDU and the train's as single datagrams in, an Error Indication out.
  EXPECT_GE(lines_with(f, "127.0.0.2;2152;127.0.0.1;2152;;0x01;"), 1u) << f;
  EXPECT_GE(lines_with(f, "127.0.0.1;2152;127.0.0.2;2152;;0x02;"), 1u) << f;
  EXPECT_EQ(lines_with(f, "127.0.0.2;2152;127.0.0.1;2152;;0xff;0x00c0ffee"), 1u) << f;
  EXPECT_EQ(lines_with(f, "127.0.0.2;2152;127.0.0.1;2152;;0xff;0x00c0ffef"), train_datagrams) << f;
  EXPECT_GE(lines_with(f, "127.0.0.1;2152;127.0.0.2;2152;;0x1a;"), 1u) << f;
}

}  // namespace
