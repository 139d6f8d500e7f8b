// Process-wide set-up of the transport tests.
//
// Network isolation: usrsctp over raw IP makes every usrsctp process in a
// network namespace receive every SCTP packet, and a process that is starting
// its stack answers them with ABORT until it has set sctp_blackhole (usrsctp's
// init resets the sysctls and starts its receive threads before returning).
// ctest runs the test cases as parallel processes, each starting usrsctp; so
// each process moves into a network namespace of its own (with only `lo`) when
// it may (root). The namespace disappears with the process. Set
// MERIDIAN_TEST_SHARED_NETNS=1 to run in the host's namespace instead.
//
// Logging: associations log every up/down at info; keep test output readable
// unless MERIDIAN_TEST_LOG=debug (or another level) asks otherwise.

#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <gtest/gtest.h>

#include "meridian/common/log.hpp"

namespace {

void isolate_network() {
  if (::geteuid() != 0 || std::getenv("MERIDIAN_TEST_SHARED_NETNS") != nullptr) return;
  if (::unshare(CLONE_NEWNET) != 0) {
    std::fprintf(stderr, "transport tests: unshare(CLONE_NEWNET) failed (%s); using the host's namespace\n",
                 std::strerror(errno));
    return;
  }
  // A new namespace has `lo` down.
  const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  ifreq ifr{};
  std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
  if (fd < 0 || ::ioctl(fd, SIOCGIFFLAGS, &ifr) != 0 || (ifr.ifr_flags |= IFF_UP, ::ioctl(fd, SIOCSIFFLAGS, &ifr)) != 0)
    std::fprintf(stderr, "transport tests: cannot bring lo up in the new namespace (%s)\n", std::strerror(errno));
  if (fd >= 0) ::close(fd);
}

class transport_test_environment final : public ::testing::Environment {
 public:
  void SetUp() override {
    // Before any test starts usrsctp: its threads must be born in the namespace.
    isolate_network();
    meridian::log::logging_config cfg;
    cfg.default_level = meridian::log::level::warn;
    if (const char* l = std::getenv("MERIDIAN_TEST_LOG"))
      if (auto parsed = meridian::log::parse_level(l)) cfg.default_level = *parsed;
    meridian::log::configure(cfg);
  }
};

[[maybe_unused]] const auto* const environment = ::testing::AddGlobalTestEnvironment(new transport_test_environment);

}  // namespace
