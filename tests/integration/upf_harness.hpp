#pragma once
// What the UPF process tests share: the UPF as a background child process,
// the gNB's GTP-U socket on 127.0.0.2:2152, and an Echo Request written by
// hand from TS 29.281 (nothing here shares code with the UPF).

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#ifndef UDP_SEGMENT
#define UDP_SEGMENT 103
#endif

namespace meridian::test {

inline std::string slurp(const std::string& file) {
  std::ifstream in(file);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// A child process whose stdout and stderr go to files (one file when
/// `err_file` is empty); SIGKILLed if still running at the end. The files are
/// removed with it.
class background_process {
 public:
  background_process(const std::vector<std::string>& argv, std::string out_file, std::string err_file = {})
      : out_(std::move(out_file)), err_(std::move(err_file)) {
    pid_ = ::fork();
    if (pid_ == 0) {
      const int o = ::open(out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      const int e = err_.empty() ? o : ::open(err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
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
    if (!err_.empty()) std::remove(err_.c_str());
  }
  background_process(const background_process&) = delete;
  background_process& operator=(const background_process&) = delete;

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
  /// stderr (with stdout when they share a file).
  std::string err() const { return slurp(err_.empty() ? out_ : err_); }

 private:
  pid_t pid_ = -1;
  bool exited_ = false;
  std::string out_;
  std::string err_;
};

/// The gNB's GTP-U socket, 127.0.0.2:2152, talking to a UPF on 127.0.0.1:2152.
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
inline std::vector<std::uint8_t> echo_request(std::uint16_t seq) {
  return {0x32, 0x01, 0x00, 0x04, 0, 0, 0, 0, static_cast<std::uint8_t>(seq >> 8), static_cast<std::uint8_t>(seq),
          0x00, 0x00};
}

}  // namespace meridian::test
