// tshark is the oracle for what the AMF puts on N2 and N1 during a whole
// registration and deregistration: every NGAP PDU both ways goes into a pcap
// (IPv4/SCTP, PPID 60, port 38412), and tshark must dissect all of it — the
// NAS inside too, ciphered with NEA0 here so that tshark can read it
// (nas-5gs.null_decipher) — with no malformed packet and no expert error.

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "amf/amf_mm_fixture.hpp"
#include "meridian/common/ip_framing.hpp"
#include "meridian/common/pcap_writer.hpp"
#include "support/command_output.hpp"

namespace meridian::amf {
namespace {

using namespace test;
using meridian::test::command_output;

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

struct amf_tshark : mm_fixture {
  mm_config config() const override {
    mm_config c;
    c.ciphering_order = {crypto::nea::nea0};  // tshark reads NAS it can decipher only with NEA0
    return c;
  }
  void SetUp() override {
    if (command_output("command -v tshark").empty()) GTEST_SKIP() << "tshark is not installed";
    mm_fixture::SetUp();
    path_ = std::filesystem::temp_directory_path() / ("meridian_amf_tshark_" + std::to_string(::getpid()) + ".pcap");
  }
  void TearDown() override {
    if (!path_.empty() && std::getenv("MERIDIAN_KEEP_PCAP") == nullptr) std::filesystem::remove(path_);
  }
  std::filesystem::path path_;
};

TEST_F(amf_tshark, a_registration_and_deregistration_dissect_in_tshark_without_errors) {
  ASSERT_NE(register_ue(), 0u);
  ASSERT_TRUE(authenticate());
  ASSERT_NE(secure(), nullptr);
  const auto* s = out.last_initiating<ngap::initial_context_setup_request>();
  ASSERT_NE(s, nullptr);
  ASSERT_TRUE(phone.receive(*s->nas_pdu_));
  context_setup_response();
  uplink(phone.seal(nas::registration_complete{}));
  ASSERT_EQ(ctx()->state, mm_state::registered);
  nas::deregistration_request_ue_originating dr;
  dr.ngksi_.ksi_ = ctx()->ngksi;
  dr.mobile_identity_ = nas::mobile_identity{nas::guti_5g_identity{.value_ = *ctx()->guti}};
  uplink(phone.seal(dr));
  ASSERT_NE(out.last_initiating<ngap::ue_context_release_command>(), nullptr);

  auto w = pcap_writer::create(path_);
  ASSERT_TRUE(w) << w.error();
  const ipv4_endpoint gnb{{127, 0, 0, 2}, 38412};
  const ipv4_endpoint amf_at{{127, 0, 0, 1}, 38412};
  std::uint32_t tsn[2] = {1, 1};
  std::int64_t t = 1'700'000'000;
  for (const auto& [from_amf, bytes] : out.wire) {
    sctp_data_chunk_info chunk;
    chunk.tsn = tsn[from_amf ? 1 : 0]++;
    chunk.ppid = 60;
    auto frame = from_amf ? ipv4_sctp_data_frame(amf_at, gnb, chunk, bytes) : ipv4_sctp_data_frame(gnb, amf_at, chunk, bytes);
    ASSERT_TRUE(frame);
    ASSERT_TRUE(w->write(clock::wall_time(std::chrono::seconds(t++)), *frame));
  }
  ASSERT_TRUE(w->flush());

  const std::string opts = " -o nas-5gs.null_decipher:TRUE";
  const std::string text = command_output("tshark -r " + path_.string() + opts + " -V 2>&1");
  EXPECT_EQ(text.find("Malformed"), std::string::npos) << text;
  EXPECT_EQ(text.find("[Expert Info (Error"), std::string::npos) << text;
  const std::string errors = command_output("tshark -r " + path_.string() + opts + " -z expert,error -q 2>&1");
  EXPECT_EQ(errors.find("Errors ("), std::string::npos) << errors;
  // What tshark read is what the procedures should have produced.
  EXPECT_EQ(count(text, "Message type: Authentication request (0x56)"), 1u) << text;
  EXPECT_EQ(count(text, "Message type: Security mode command (0x5d)"), 1u) << text;
  EXPECT_EQ(count(text, "Message type: Security mode complete (0x5e)"), 1u) << text;
  EXPECT_EQ(count(text, "Message type: Registration accept (0x42)"), 1u) << text;
  EXPECT_EQ(count(text, "Message type: Registration complete (0x43)"), 1u) << text;
  EXPECT_EQ(count(text, "Message type: Deregistration accept (UE originating) (0x46)"), 1u) << text;
  EXPECT_NE(text.find("InitialContextSetupRequest"), std::string::npos) << text;
  EXPECT_NE(text.find("Type of ciphering algorithm: 5G-EA0 (null ciphering algorithm) (0)"), std::string::npos) << text;
  EXPECT_NE(text.find("Type of integrity protection algorithm: 128-5G-IA2 (2)"), std::string::npos) << text;
  EXPECT_NE(text.find("Type of identity: 5G-GUTI (2)"), std::string::npos) << text;
}

}  // namespace
}  // namespace meridian::amf
