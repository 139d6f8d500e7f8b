// tshark is the independent oracle (DESIGN.md, Tests and tools): what we
// encode, written to a pcap on UDP 8805, must decode in tshark with no
// malformed packet and no expert error, and with the field values we put in.

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "meridian/common/ip_framing.hpp"
#include "meridian/common/pcap_writer.hpp"
#include "meridian/pfcp/messages.hpp"
#include "samples.hpp"
#include "support/command_output.hpp"

namespace meridian::pfcp {
namespace {

using meridian::test::command_output;

class pfcp_tshark : public ::testing::Test {
 protected:
  void SetUp() override {
    if (command_output("command -v tshark").empty()) GTEST_SKIP() << "tshark is not installed";
    path_ = std::filesystem::temp_directory_path() / ("meridian_pfcp_tshark_" + std::to_string(::getpid()) + ".pcap");
    auto w = pcap_writer::create(path_);
    ASSERT_TRUE(w) << w.error();
    const ipv4_endpoint smf{{10, 0, 0, 1}, udp_port}, upf{{10, 0, 0, 2}, udp_port};
    std::int64_t t = 1'700'000'000;
    for (const auto& m : test::every_message_type()) {
      auto bytes = encode(m);
      ASSERT_TRUE(bytes) << bytes.error().message();
      auto frame = ipv4_udp_frame(smf, upf, *bytes);
      ASSERT_TRUE(frame);
      ASSERT_TRUE(w->write(clock::wall_time(std::chrono::seconds(t++)), *frame));
    }
  }
  void TearDown() override {
    if (!path_.empty() && std::getenv("MERIDIAN_KEEP_PCAP") == nullptr) std::filesystem::remove(path_);
  }
  std::filesystem::path path_;
};

TEST_F(pfcp_tshark, every_message_type_decodes_without_malformed_packets_or_expert_errors) {
  const std::string out = command_output("tshark -r " + path_.string() + " -V 2>&1");
  EXPECT_EQ(out.find("Malformed"), std::string::npos) << out;
  EXPECT_EQ(out.find("[Expert Info (Error"), std::string::npos) << out;
  EXPECT_EQ(out.find("Unknown"), std::string::npos) << out;
  const std::string errors = command_output("tshark -r " + path_.string() + " -z expert,error -q 2>&1");
  EXPECT_EQ(errors.find("Errors ("), std::string::npos) << errors;
}

TEST_F(pfcp_tshark, tshark_reads_the_message_types_and_sequence_numbers_we_wrote) {
  const std::string out = command_output("tshark -r " + path_.string() +
                                         " -T fields -E separator=, -e pfcp.msg_type -e pfcp.seqno 2>/dev/null");
  std::string expected;
  for (const auto& m : test::every_message_type()) {
    std::uint8_t type = 0;
    std::visit([&](const auto& b) { type = static_cast<std::uint8_t>(b.type); }, m.body_);
    expected += std::to_string(type) + "," + std::to_string(m.header_.sequence_number_) + "\n";
  }
  EXPECT_EQ(out, expected);
}

TEST_F(pfcp_tshark, tshark_reads_the_ie_values_we_wrote) {
  const std::string out = command_output("tshark -r " + path_.string() + " -V 2>&1");
  // Session Establishment Request (samples.hpp): F-SEID, CHOOSE F-TEID, UE IP,
  // outer header creation, MBR/GBR, volume threshold, S-NSSAI.
  for (const char* needle :
       {"SEID: 0x1122334455667788", "CHID (CHOOSE_ID): True", "Choose Id: 05", "IPv4 address: 10.45.0.2",
        "Flow Description: permit out ip from any to assigned", "TEID: 0x00003edb", "IPv4 Address: 10.0.1.7",
        "UL MBR: 1000000", "DL MBR: 2000000", "UL GBR: 10000", "DL GBR: 20000", "Total Volume: 100000000",
        "Uplink Volume: 40000000", "SD: 010203", "APN/DNN: internet",
        // Session Deletion Response: usage report with volume measurement.
        "Total Volume: 1040", "Total Number of Packets: 10", "Duration: 139",
        // Session Report Request: downlink data report for PDR 2.
        "Downlink Data Report", "Rule ID: 2",
        // Association Setup Response: FQDN node id.
        "upf.meridian.test"}) {
    EXPECT_NE(out.find(needle), std::string::npos) << "tshark output lacks \"" << needle << "\"";
  }
}

}  // namespace
}  // namespace meridian::pfcp
