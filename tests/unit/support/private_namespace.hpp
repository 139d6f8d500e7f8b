#pragma once
// Tests that need their own network (TUN devices, sockets on addresses of
// their choosing) run their body on a thread that unshare()s into a fresh
// network namespace: the kernel removes the namespace, its interfaces and
// sockets when the thread ends, even when the test fails half-way.

#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <functional>
#include <string>
#include <thread>

#include <gtest/gtest.h>

namespace meridian::test {

/// Runs `body` on a thread inside a new, private network namespace. Returns
/// an empty string, or why the namespace could not be made.
inline std::string in_private_namespace(const std::function<void()>& body) {
  std::string problem;
  std::thread t([&] {
    if (::unshare(CLONE_NEWNET) != 0) {
      problem = std::string("unshare(CLONE_NEWNET): ") + std::strerror(errno);
      return;
    }
    body();
  });
  t.join();
  return problem;
}

/// A new namespace starts with `lo` down; bring it up.
inline void loopback_up() {
  const int s = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ifreq r{};
  std::strcpy(r.ifr_name, "lo");
  ::ioctl(s, SIOCGIFFLAGS, &r);
  r.ifr_flags = static_cast<short>(r.ifr_flags | IFF_UP);
  ASSERT_EQ(::ioctl(s, SIOCSIFFLAGS, &r), 0) << std::strerror(errno);
  ::close(s);
}

}  // namespace meridian::test

/// Runs the lambda given in a private namespace; skips (with the reason) when
/// not root or when the kernel refuses a new namespace.
#define RUN_IN_NAMESPACE(...)                                                                        \
  do {                                                                                               \
    if (::geteuid() != 0) GTEST_SKIP() << "needs root to create network namespaces and TUN devices"; \
    const std::string problem = ::meridian::test::in_private_namespace(__VA_ARGS__);                 \
    if (!problem.empty()) GTEST_SKIP() << "cannot create a network namespace: " << problem;          \
  } while (false)
