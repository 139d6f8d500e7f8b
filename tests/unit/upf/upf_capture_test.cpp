// upf_capture writes a GRO buffer as the datagrams the kernel joined and a GSO
// train as the datagrams the kernel cuts it into, each as IPv4/UDP with the
// real addresses and ports; tshark, the oracle, reads the file back.

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "meridian/upf/upf_capture.hpp"
#include "support/command_output.hpp"

namespace meridian::upf {
namespace {

using meridian::test::command_output;

/// TS 29.281 §7.2.1/§7.2.2 Echo Request (1) or Response (2) with sequence number `seq`; 12 octets.
std::vector<std::uint8_t> echo(std::uint8_t type, std::uint8_t seq) {
  return {0x32, type, 0x00, 0x04, 0, 0, 0, 0, 0, seq, 0, 0};
}

std::vector<std::uint8_t> joined(const std::vector<std::vector<std::uint8_t>>& parts) {
  std::vector<std::uint8_t> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

struct capture_file {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("meridian-upf-capture-" + std::to_string(::getpid()) + ".pcap");
  ~capture_file() { std::filesystem::remove(path); }
};

TEST(upf_capture, when_gro_buffers_and_gso_trains_are_captured_then_each_datagram_is_its_own_udp_frame) {
  if (!std::filesystem::exists("/usr/bin/tshark")) GTEST_SKIP() << "tshark not installed: the oracle is missing";
  capture_file file;
  manual_clock clk;
  auto c = upf_capture::create(file.path, clk);
  ASSERT_TRUE(c) << c.error();
  const ipv4_endpoint upf{{192, 0, 2, 1}, 2152};
  const ipv4_endpoint gnb{{192, 0, 2, 9}, 2152};
  const ipv4_endpoint smf{{192, 0, 2, 7}, 40000};

  // Received: a GRO buffer of three Echo Requests, then one alone.
  const auto gro = joined({echo(1, 1), echo(1, 2), echo(1, 3)});
  const auto single = echo(1, 4);
  const std::vector<transport::received_datagram> in{{gro, gnb, 12, false}, {single, gnb, 0, false}};
  (*c)->n3_received(upf, in);
  // Sent: a GSO train of two Echo Responses and a shorter last datagram (a
  // train's last may be shorter: an 8-octet End Marker, §7.3.2), then one alone.
  auto train = joined({echo(2, 1), echo(2, 2)});
  train.insert(train.end(), {0x30, 0xfe, 0, 0, 0, 0, 0, 1});
  const auto alone = echo(2, 4);
  const std::vector<transport::outgoing_datagram> out{{train, gnb, 12}, {alone, gnb, 0}};
  (*c)->n3_sent(upf, out);
  // N4: one PFCP Heartbeat Request (TS 29.244 §7.4.2.1, Recovery Time Stamp IE).
  const std::vector<std::uint8_t> heartbeat{0x20, 0x01, 0x00, 0x0c, 0x00, 0x00, 0x01, 0x00,
                                            0x00, 0x60, 0x00, 0x04, 0xe5, 0x00, 0x00, 0x00};
  (*c)->datagram(smf, {upf.address, 8805}, heartbeat);
  // A datagram no IPv4 packet can carry is counted, not written.
  const std::vector<std::uint8_t> huge(70000, 0);
  (*c)->datagram(upf, gnb, huge);
  ASSERT_TRUE((*c)->flush());
  EXPECT_EQ((*c)->frames_written(), 4u + 3u + 1u + 1u);
  EXPECT_EQ((*c)->frames_dropped(), 1u);

  const std::string fields = command_output(
      "/usr/bin/tshark -r " + file.path.string() +
      " -T fields -E separator=';' -e ip.src -e udp.srcport -e ip.dst -e udp.dstport -e gtp.message -e gtp.seq_number"
      " -e pfcp.msg_type 2>/dev/null");
  EXPECT_EQ(fields,
            "192.0.2.9;2152;192.0.2.1;2152;0x01;0x0001;\n"
            "192.0.2.9;2152;192.0.2.1;2152;0x01;0x0002;\n"
            "192.0.2.9;2152;192.0.2.1;2152;0x01;0x0003;\n"
            "192.0.2.9;2152;192.0.2.1;2152;0x01;0x0004;\n"
            "192.0.2.1;2152;192.0.2.9;2152;0x02;0x0001;\n"
            "192.0.2.1;2152;192.0.2.9;2152;0x02;0x0002;\n"
            "192.0.2.1;2152;192.0.2.9;2152;0xfe;;\n"
            "192.0.2.1;2152;192.0.2.9;2152;0x02;0x0004;\n"
            "192.0.2.7;40000;192.0.2.1;8805;;;1\n");
  EXPECT_EQ(command_output("/usr/bin/tshark -r " + file.path.string() +
                           " -Y '_ws.malformed || _ws.expert.severity >= error' 2>/dev/null"),
            "");
}

/// A G-PDU (TS 29.281 §5.1, no optional part) carrying `inner_size` octets of an IPv4/UDP packet.
std::vector<std::uint8_t> gpdu(std::size_t inner_size) {
  std::vector<std::uint8_t> inner(inner_size, 0x5a);
  // IPv4 header: version/IHL, total length, TTL, protocol UDP, 10.45.0.2 → 192.0.2.99.
  const std::uint8_t ip[20] = {0x45, 0, static_cast<std::uint8_t>(inner_size >> 8), static_cast<std::uint8_t>(inner_size),
                               0, 0, 0x40, 0, 64, 17, 0, 0, 10, 45, 0, 2, 192, 0, 2, 99};
  std::copy(std::begin(ip), std::end(ip), inner.begin());
  // UDP header 5000 → 6000 with its length, checksum 0 (none).
  const std::size_t udp_len = inner_size - 20;
  const std::uint8_t udp[8] = {0x13, 0x88, 0x17, 0x70, static_cast<std::uint8_t>(udp_len >> 8),
                               static_cast<std::uint8_t>(udp_len), 0, 0};
  std::copy(std::begin(udp), std::end(udp), inner.begin() + 20);
  std::vector<std::uint8_t> out{0x30, 0xff, static_cast<std::uint8_t>(inner_size >> 8),
                                static_cast<std::uint8_t>(inner_size), 0, 0, 0, 1};
  out.insert(out.end(), inner.begin(), inner.end());
  return out;
}

TEST(upf_capture, when_gpdus_are_captured_then_only_headers_and_the_first_inner_octets_are_kept_and_control_is_whole) {
  if (!std::filesystem::exists("/usr/bin/tshark")) GTEST_SKIP() << "tshark not installed: the oracle is missing";
  capture_file file;
  manual_clock clk;
  auto c = upf_capture::create(file.path, clk, capture_limits{.gpdu_inner_octets = 128, .max_file_bytes = 0});
  ASSERT_TRUE(c) << c.error();
  const ipv4_endpoint upf{{192, 0, 2, 1}, 2152};
  const ipv4_endpoint gnb{{192, 0, 2, 9}, 2152};
  const auto big = gpdu(1400);
  const auto small = gpdu(60);
  const std::vector<transport::received_datagram> in{{big, gnb, 0, false}, {small, gnb, 0, false}};
  (*c)->n3_received(upf, in);
  std::vector<std::uint8_t> long_echo = echo(1, 9);
  (*c)->datagram(gnb, upf, long_echo);
  ASSERT_TRUE((*c)->flush());
  // Captured and real frame lengths: 20 + 8 + 8 + 128 of 20 + 8 + 8 + 1400; the small one and the Echo whole.
  EXPECT_EQ(command_output("/usr/bin/tshark -r " + file.path.string() +
                           " -T fields -E separator=';' -e frame.cap_len -e frame.len 2>/dev/null"),
            "164;1436\n96;96\n40;40\n");
  EXPECT_EQ(command_output("/usr/bin/tshark -r " + file.path.string() +
                           " -Y '_ws.malformed || _ws.expert.severity >= error' 2>/dev/null"),
            "")
      << "a G-PDU cut by the snap length is shown as cut, not as malformed";
}

TEST(upf_capture, when_a_file_reaches_its_limit_then_it_is_rotated_and_only_the_configured_number_is_kept) {
  capture_file file;
  manual_clock clk;
  // Each Echo frame is 16 + 20 + 8 + 12 = 56 octets on disk; the header 24.
  auto c = upf_capture::create(file.path, clk, capture_limits{.max_file_bytes = 24 + 56 * 10, .files = 3});
  ASSERT_TRUE(c) << c.error();
  const ipv4_endpoint a{{192, 0, 2, 1}, 2152};
  const ipv4_endpoint b{{192, 0, 2, 9}, 2152};
  for (int i = 0; i < 55; ++i) (*c)->datagram(a, b, echo(1, static_cast<std::uint8_t>(i)));
  ASSERT_TRUE((*c)->flush());
  EXPECT_EQ((*c)->frames_written(), 55u);
  EXPECT_EQ((*c)->rotations(), 5u);
  auto numbered = [&](int n) {
    // Two appends: GCC 12 -O3 warns falsely (-Wrestrict) on "." + to_string(n).
    auto p = file.path;
    p += ".";
    p += std::to_string(n);
    return p;
  };
  EXPECT_EQ(std::filesystem::file_size(file.path), 24u + 56u * 5) << "the newest file holds the last 5";
  EXPECT_EQ(std::filesystem::file_size(numbered(1)), 24u + 56u * 10);
  EXPECT_EQ(std::filesystem::file_size(numbered(2)), 24u + 56u * 10);
  EXPECT_FALSE(std::filesystem::exists(numbered(3))) << "only 3 files are kept";
  std::filesystem::remove(numbered(1));
  std::filesystem::remove(numbered(2));
}

}  // namespace
}  // namespace meridian::upf
