// tshark is the independent oracle (DESIGN.md, Tests and tools): GTP-U we
// encode, written to a pcap on UDP 2152, must decode in tshark with no
// malformed packet and no expert error, and with the values we put in.

#include <gtest/gtest.h>

#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "meridian/common/hex.hpp"
#include "meridian/common/ip_framing.hpp"
#include "meridian/common/pcap_writer.hpp"
#include "meridian/gtpu/gpdu.hpp"
#include "meridian/gtpu/messages.hpp"
#include "support/command_output.hpp"

namespace meridian::gtpu {
namespace {

using meridian::test::command_output;

// An ICMP echo request 10.45.0.2 -> 10.45.0.1 as the T-PDU (checksums valid).
const std::vector<std::uint8_t> icmp_packet = *from_hex("4500001c00010000400166840a2d00020a2d00010800f75500a90001");

std::vector<std::vector<std::uint8_t>> packets() {
  std::vector<std::vector<std::uint8_t>> out;
  // Downlink G-PDU written into headroom, with a DL PDU Session Container (QFI 9, RQI, PPI 3).
  std::array<std::uint8_t, 128> buffer{};
  std::copy(icmp_packet.begin(), icmp_packet.end(), buffer.begin() + 64);
  gpdu_header_params p;
  p.teid_ = *teid::from(0x3edb);
  p.pdu_session_container_ = pdu_session_container{
      dl_pdu_session_information{*qfi::from(9), true, 3, std::nullopt, std::nullopt, std::nullopt}};
  auto dl = prepend_gpdu_header(buffer, 64, icmp_packet.size(), p);
  if (dl) out.emplace_back(dl->begin(), dl->end());

  message ul;
  ul.teid_ = *teid::from(0xc0bb);
  ul_pdu_session_information u;
  u.qfi_ = *qfi::from(5);
  ul.extension_headers_.push_back({extension_type::pdu_session_container, pdu_session_container{u}});
  ul.body_ = g_pdu{icmp_packet};
  message echo_req;
  echo_req.sequence_number_ = 0x1234;
  echo_req.body_ = echo_request{};
  message echo_rsp;
  echo_rsp.sequence_number_ = 0x1234;
  echo_rsp.body_ = echo_response{recovery{0}, std::nullopt};
  message ei;
  ei.sequence_number_ = 0;
  ei.extension_headers_.push_back({extension_type::udp_port, std::vector<std::uint8_t>{0x08, 0x68}});
  ei.body_ = error_indication{teid_data_i{*teid::from(0xdeadbeef)}, gtp_u_peer_address{{10, 0, 1, 7}}, std::nullopt};
  message em;
  em.teid_ = *teid::from(0x3edb);
  em.body_ = end_marker{};
  message sehn;
  sehn.body_ = supported_extension_headers_notification{extension_header_type_list{{0x40, 0x85}}};
  for (const auto* m : {&ul, &echo_req, &echo_rsp, &ei, &em, &sehn}) {
    auto b = encode(*m);
    if (b) out.push_back(*b);
  }
  return out;
}

class gtpu_tshark : public ::testing::Test {
 protected:
  void SetUp() override {
    if (command_output("command -v tshark").empty()) GTEST_SKIP() << "tshark is not installed";
    path_ = std::filesystem::temp_directory_path() / ("meridian_gtpu_tshark_" + std::to_string(::getpid()) + ".pcap");
    auto w = pcap_writer::create(path_);
    ASSERT_TRUE(w) << w.error();
    const ipv4_endpoint gnb{{10, 0, 1, 7}, udp_port}, upf{{10, 0, 1, 2}, udp_port};
    const auto all = packets();
    ASSERT_EQ(all.size(), 7u);
    std::int64_t t = 1'700'000'000;
    for (const auto& p : all) {
      auto frame = ipv4_udp_frame(upf, gnb, p);
      ASSERT_TRUE(frame);
      ASSERT_TRUE(w->write(clock::wall_time(std::chrono::seconds(t++)), *frame));
    }
  }
  void TearDown() override {
    if (!path_.empty() && std::getenv("MERIDIAN_KEEP_PCAP") == nullptr) std::filesystem::remove(path_);
  }
  std::filesystem::path path_;
};

TEST_F(gtpu_tshark, every_message_decodes_without_malformed_packets_or_expert_errors) {
  const std::string out = command_output("tshark -r " + path_.string() + " -V 2>&1");
  EXPECT_EQ(out.find("Malformed"), std::string::npos) << out;
  EXPECT_EQ(out.find("[Expert Info (Error"), std::string::npos) << out;
  const std::string errors = command_output("tshark -r " + path_.string() + " -z expert,error -q 2>&1");
  EXPECT_EQ(errors.find("Errors ("), std::string::npos) << errors;
}

TEST_F(gtpu_tshark, tshark_reads_the_types_teids_and_qfis_we_wrote) {
  const std::string out = command_output(
      "tshark -r " + path_.string() +
      " -T fields -E separator=, -e gtp.message -e gtp.teid -e gtp.ext_hdr.pdu_ses_con.qos_flow_id 2>/dev/null");
  EXPECT_EQ(out,
            "0xff,0x00003edb,9\n"
            "0xff,0x0000c0bb,5\n"
            "0x01,0x00000000,\n"
            "0x02,0x00000000,\n"
            "0x1a,0x00000000,\n"
            "0xfe,0x00003edb,\n"
            "0x1f,0x00000000,\n");
  const std::string v = command_output("tshark -r " + path_.string() + " -V 2>&1");
  // (tshark 4.0 reads only QFI from an UL PDU SESSION INFORMATION, so the UL sample stays plain.)
  for (const char* needle :
       {"Reflective QoS Indicator (RQI): Present", "Paging Policy Indicator (PPI): 3", "TEID Data I: 0xdeadbeef",
        "GSN address IPv4: 10.0.1.7", "Sequence number: 0x1234", "UDP Port: 2152"}) {
    EXPECT_NE(v.find(needle), std::string::npos) << "tshark output lacks \"" << needle << "\"";
  }
}

}  // namespace
}  // namespace meridian::gtpu
