// The Session Establishment Requests the test SMF sends: they must decode with
// our PFCP codec to what was built, and tshark (the independent oracle) must
// read them without malformed packets or expert errors, with the UE address,
// the F-TEID and the outer header creation we put in.

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "meridian/common/ip_framing.hpp"
#include "meridian/common/pcap_writer.hpp"
#include "meridian/pfcp/messages.hpp"
#include "meridian/upf_bench/upf_under_test.hpp"
#include "support/command_output.hpp"

namespace meridian::upf_bench {
namespace {

using meridian::test::command_output;

pfcp::message request(bool choose, double mbr_bps) {
  const topology_plan plan;
  const auto sessions = synthetic_sessions(5, plan.ue_pool_);
  pfcp::message m;
  m.header_.seid_ = seid{};
  m.header_.sequence_number_ = 77;
  auto body = session_establishment(plan, sessions[4], *seid::from(5), choose, {mbr_bps});
  body.node_id_.ipv4_ = plan.smf_n4_;
  m.body_ = body;
  return m;
}

TEST(session_establishment, when_encoded_then_our_codec_decodes_the_same_rules) {
  for (bool choose : {true, false}) {
    const auto m = request(choose, choose ? 0 : 50e6);
    auto bytes = pfcp::encode(m);
    ASSERT_TRUE(bytes) << bytes.error().message();
    auto back = pfcp::decode(*bytes);
    ASSERT_TRUE(back) << back.error().error_.message();
    EXPECT_EQ(*back, m);
    const auto& req = std::get<pfcp::session_establishment_request>(back->body_);
    ASSERT_EQ(req.create_pdr_.size(), 2u);
    ASSERT_TRUE(req.create_pdr_[0].pdi_.local_f_teid_);
    EXPECT_EQ(req.create_pdr_[0].pdi_.local_f_teid_->choose_, choose);
    EXPECT_EQ(req.create_qer_.size(), choose ? 0u : 1u);
  }
}

TEST(session_establishment, when_written_to_a_pcap_then_tshark_reads_it_without_errors) {
  if (command_output("command -v tshark").empty()) GTEST_SKIP() << "tshark is not installed";
  const auto path =
      std::filesystem::temp_directory_path() / ("meridian_upf_bench_pfcp_" + std::to_string(::getpid()) + ".pcap");
  {
    auto w = pcap_writer::create(path);
    ASSERT_TRUE(w) << w.error();
    for (bool choose : {true, false}) {
      auto bytes = pfcp::encode(request(choose, 50e6));
      ASSERT_TRUE(bytes);
      auto frame = ipv4_udp_frame({{127, 0, 0, 2}, 8805}, {{127, 0, 0, 1}, 8805}, *bytes);
      ASSERT_TRUE(frame);
      ASSERT_TRUE(w->write(clock::wall_time{}, *frame));
    }
    ASSERT_TRUE(w->flush());
  }
  const std::string fields = command_output("tshark -r " + path.string() +
                                            " -T fields -E 'separator=;' -e pfcp.msg_type -e pfcp.ue_ip_addr_ipv4"
                                            " -e pfcp.outer_hdr_creation.teid -e pfcp.outer_hdr_creation.ipv4"
                                            " -e pfcp.f_teid.teid 2>/dev/null");
  const std::string expert =
      command_output("tshark -r " + path.string() + " -Y '_ws.malformed || _ws.expert' 2>/dev/null");
  std::filesystem::remove(path);
  // Session 5: UE 10.160.0.5, downlink TEID 0x10000004; explicit uplink TEID 5 in the second.
  EXPECT_EQ(fields,
            "50;10.160.0.5,10.160.0.5;0x10000004;10.150.3.1;\n"
            "50;10.160.0.5,10.160.0.5;0x10000004;10.150.3.1;0x00000005\n");
  EXPECT_EQ(expert, "") << expert;
}

}  // namespace
}  // namespace meridian::upf_bench
