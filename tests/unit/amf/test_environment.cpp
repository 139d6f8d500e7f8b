// Process-wide set-up of the amf tests: the SCTP tests move this process into
// a network namespace of its own (root only), because usrsctp over raw IP sees
// every SCTP packet of its namespace (docs/transport.md); and quiet logs
// unless MERIDIAN_TEST_LOG asks otherwise.

#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include <gtest/gtest.h>

#include "meridian/common/log.hpp"

namespace {

class amf_test_environment final : public ::testing::Environment {
 public:
  void SetUp() override {
    if (::geteuid() == 0 && std::getenv("MERIDIAN_TEST_SHARED_NETNS") == nullptr && ::unshare(CLONE_NEWNET) == 0) {
      const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
      ifreq ifr{};
      std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
      if (fd >= 0 && ::ioctl(fd, SIOCGIFFLAGS, &ifr) == 0) {
        ifr.ifr_flags |= IFF_UP;
        (void)::ioctl(fd, SIOCSIFFLAGS, &ifr);
      }
      if (fd >= 0) ::close(fd);
    }
    meridian::log::logging_config cfg;
    cfg.default_level = meridian::log::level::off;
    if (const char* l = std::getenv("MERIDIAN_TEST_LOG"))
      if (auto parsed = meridian::log::parse_level(l)) cfg.default_level = *parsed;
    meridian::log::configure(cfg);
  }
};

[[maybe_unused]] const auto* const environment = ::testing::AddGlobalTestEnvironment(new amf_test_environment);

}  // namespace
