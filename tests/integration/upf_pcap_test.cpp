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
#include "upf_harness.hpp"

namespace {

using namespace std::chrono_literals;
using meridian::test::background_process;
using meridian::test::echo_request;
using meridian::test::gnb_socket;
using meridian::test::slurp;

constexpr std::uint32_t unknown_teid = 0x00c0ffee;
constexpr std::size_t train_datagrams = 4;

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
    background_process upf({MERIDIAN_BINARY, "upf", "--n3-address", "127.0.0.1", "--n3-port", "2152", "--n4-address",
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
    ASSERT_TRUE(echo) << "no Echo Response; log: " << upf.err();

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
      ASSERT_TRUE(accepted) << "no accepted PFCP association; log: " << upf.err();
      (*smf)->stop();
    }

    gnb.send_to_upf(g_pdu(unknown_teid, 1));
    ASSERT_TRUE(gnb.receive(2000)) << "no Error Indication; log: " << upf.err();
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
    EXPECT_EQ(*code, 0) << upf.err();
    EXPECT_NE(upf.err().find("capture " + pcap + ": "), std::string::npos) << upf.err();
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
