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

}  // namespace
}  // namespace meridian::upf
