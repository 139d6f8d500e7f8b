// tshark is the oracle for what the N4 node puts on the wire: every datagram it
// sends in a run through the procedures goes into a pcap on UDP 8805, and
// tshark must decode them with no malformed packet and no expert error.

#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "meridian/common/ip_framing.hpp"
#include "meridian/common/pcap_writer.hpp"
#include "meridian/upf/n4_node.hpp"
#include "n4_fakes.hpp"
#include "support/command_output.hpp"

namespace meridian::upf {
namespace {

using namespace std::chrono_literals;
using test::bytes_of;
using test::request;

using meridian::test::command_output;

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

class n4_tshark : public ::testing::Test {
 protected:
  void SetUp() override {
    if (command_output("command -v tshark").empty()) GTEST_SKIP() << "tshark is not installed";
    path_ = std::filesystem::temp_directory_path() / ("meridian_n4_tshark_" + std::to_string(::getpid()) + ".pcap");
  }
  void TearDown() override {
    if (!path_.empty() && std::getenv("MERIDIAN_KEEP_PCAP") == nullptr) std::filesystem::remove(path_);
  }
  std::filesystem::path path_;
};

TEST_F(n4_tshark, every_answer_and_request_of_the_node_decodes_in_tshark_without_errors) {
  manual_clock clock;
  test::fake_installer installer;
  test::fake_sender sender;
  n4_config cfg;
  cfg.t1_ = 1s;
  cfg.n1_ = 1;
  n4_node node(cfg, installer, sender, clock);
  const n4_endpoint smf{{127, 0, 0, 2}, 8805};
  std::uint32_t seq = 1;

  pfcp::heartbeat_request hb;
  hb.recovery_time_stamp_.value_ = 3'900'000'000u;
  node.on_datagram(smf, bytes_of(request(hb, seq++)));
  pfcp::association_setup_request as;
  as.node_id_ = test::smf_node_id();
  as.recovery_time_stamp_.value_ = 3'900'000'000u;
  node.on_datagram(smf, bytes_of(request(as, seq++)));
  node.on_datagram(smf, bytes_of(request(test::establishment(0xc0de), seq++, 0)));
  auto est = sender.last();
  ASSERT_TRUE(est);
  const seid up = std::get<pfcp::session_establishment_response>(est->body_).up_f_seid_->seid_;
  pfcp::session_modification_request mod;
  mod.query_urr_.push_back(pfcp::query_urr{{}, pfcp::urr_id{1}});
  node.on_datagram(smf, bytes_of(request(mod, seq++, up.value())));
  auto bad = test::establishment(0xbad);
  bad.create_pdr_[1].far_id_ = pfcp::far_id{99};
  node.on_datagram(smf, bytes_of(request(bad, seq++, 0)));
  node.on_datagram(smf, test::without_ie(bytes_of(request(test::establishment(1), seq++, 0)), pfcp::f_seid::ie_type));
  node.on_datagram(smf, bytes_of(request(pfcp::session_modification_request{}, seq++, 0xdead)));
  node.on_downlink_data(up, pdr_id::literal(2));
  node.on_usage_threshold(up, {urr_usage{urr_id::literal(1), {100, 60, 40, 3, 2, 1}}});
  node.on_error_indication(remote_f_teid{teid::literal(0x1234), ipv4_from_octets(192, 0, 2, 10)});
  node.update_association(smf, true);
  node.on_datagram(smf, bytes_of(request(pfcp::session_deletion_request{}, seq++, up.value())));
  clock.advance(10s);
  node.on_timer();  // heartbeat request
  auto v2 = bytes_of(request(hb, seq++));
  v2[0] = static_cast<std::uint8_t>((2 << 5) | (v2[0] & 0x1f));
  node.on_datagram(smf, v2);  // Version Not Supported Response
  ASSERT_GE(sender.sent_.size(), 13u);

  auto w = pcap_writer::create(path_);
  ASSERT_TRUE(w) << w.error();
  std::int64_t t = 1'700'000'000;
  for (const auto& d : sender.sent_) {
    auto frame = ipv4_udp_frame({{127, 0, 0, 1}, 8805}, {d.to_.address_, d.to_.port_}, d.bytes_);
    ASSERT_TRUE(frame);
    ASSERT_TRUE(w->write(clock::wall_time(std::chrono::seconds(t++)), *frame));
  }
  ASSERT_TRUE(w->flush());

  const std::string out = command_output("tshark -r " + path_.string() + " -V 2>&1");
  EXPECT_EQ(out.find("Malformed"), std::string::npos) << out;
  EXPECT_EQ(out.find("[Expert Info (Error"), std::string::npos) << out;
  const std::string errors = command_output("tshark -r " + path_.string() + " -z expert,error -q 2>&1");
  EXPECT_EQ(errors.find("Errors ("), std::string::npos) << errors;
  // What tshark read is what the procedures should have produced.
  // Three reports (DLDR, USAR, ERIR), each retransmitted once (N1 = 1) when the clock passed T1.
  EXPECT_EQ(count(out, "Message Type: PFCP Session Report Request (56)"), 6u) << out;
  EXPECT_EQ(count(out, "Message Type: PFCP Version Not Supported Response (11)"), 1u) << out;
  EXPECT_EQ(count(out, "Message Type: PFCP Session Establishment Response (51)"), 3u) << out;
  EXPECT_NE(out.find("Cause: Rule creation / modification Failure (73)"), std::string::npos) << out;
  EXPECT_NE(out.find("Cause: Mandatory IE missing (66)"), std::string::npos) << out;
  EXPECT_NE(out.find("Cause: Session context not found (65)"), std::string::npos) << out;
  EXPECT_NE(out.find("FTUP: Supported"), std::string::npos) << out;
  EXPECT_NE(out.find("EMPU: Supported"), std::string::npos) << out;
  EXPECT_NE(out.find("TERMR (Termination Report): True"), std::string::npos) << out;
  EXPECT_NE(out.find("ERIR (Error Indication Report): True"), std::string::npos) << out;
  EXPECT_NE(out.find("Error Indication Report : [Grouped IE]"), std::string::npos) << out;
  EXPECT_NE(out.find("F-TEID : TEID: 0x00001234, IPv4 192.0.2.10"), std::string::npos) << out;
}

}  // namespace
}  // namespace meridian::upf
