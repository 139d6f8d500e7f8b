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
#include "upf_harness.hpp"

namespace {

using meridian::test::background_process;
using meridian::test::echo_request;
using meridian::test::gnb_socket;

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
    ASSERT_TRUE(gnb.bound()) << std::strerror(errno);
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
