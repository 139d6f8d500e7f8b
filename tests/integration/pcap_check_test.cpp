// `meridian pcap check` on the real captures (tests/vectors/pcaps*): PFCP and
// GTP-U are counted and re-encoded byte for byte, and with the subscriber's
// keys every security-protected NAS message's MAC verifies. The captures'
// subscribers are the public default test subscribers of UERANSIM with
// free5GC and Open5GS; their AUTN's MAC-A verifies with these keys, which is
// how they were recognised. A MAC computed by another implementation over the
// real messages is the oracle: a wrong key, COUNT, direction, bearer or KDF
// input anywhere in K_AUSF -> K_SEAF -> K_AMF -> K_NASint fails it.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <unistd.h>

#include "meridian/common/clock.hpp"
#include "meridian/common/hex.hpp"
#include "meridian/common/ip_framing.hpp"
#include "meridian/common/pcap_writer.hpp"
#include "process.hpp"

namespace {

using meridian::test::run_process;

const std::string pcaps = std::string(MERIDIAN_TEST_VECTORS_DIR) + "/pcaps/";
const std::string free5gc_n2 = pcaps + "free5gc_ueransim_n2-registration-pdu_2026.pcap";
const std::string open5gs_n2 = pcaps + "open5gs_ueransim_sandbox_n2.pcap";
const std::string open5gs_roaming = pcaps + "open5gs_testsuite-gnb_5g-roaming-hr_2025.pcapng";

// UERANSIM's free5gc-ue.yaml (imsi-208930000000001) and open5gs-ue.yaml (imsi-99970000000000x).
const std::string free5gc_k = "8baf473f2f8fd09487cccbd7097c6862";
const std::string free5gc_opc = "8e27b6af0e692e750f32667a3b14605d";
const std::string open5gs_k = "465b5ce8b199b49faa5f0a2ee238a6bc";
const std::string open5gs_opc = "e8ed289deba952e4283b54e88e6183ca";

// The number after `label: ` in the output, or -1.
long field(const std::string& out, const std::string& label) {
  std::smatch m;
  if (!std::regex_search(out, m, std::regex("(^|[ ,\n])" + label + ": ([0-9]+)"))) return -1;
  return std::stol(m[2]);
}

TEST(pcap_check, pfcp_of_each_n4_capture_reencodes_identically_and_is_counted) {
  const std::filesystem::path dir = std::string(MERIDIAN_TEST_VECTORS_DIR) + "/pcaps-n4";
  // Counted with tshark -Y pfcp.
  const std::map<std::string, long> expected = {{"free5gc_ueransim_n4-pfcp_2026.pcap", 8},
                                                {"open5gs_ueransim_sandbox_n4.pcap", 16}};
  for (const auto& [file, pfcp] : expected) {
    auto r = run_process(MERIDIAN_BINARY, {"pcap", "check", (dir / file).string()});
    EXPECT_EQ(r.exit_code, 0) << file << r.out << r.err;
    EXPECT_EQ(field(r.out, "failed"), 0) << r.out;
    EXPECT_EQ(field(r.out, "pfcp"), pfcp) << r.out;
    EXPECT_EQ(field(r.out, "identical"), field(r.out, "messages")) << r.out;
  }
}

TEST(pcap_check, pfcp_and_gtpu_of_the_roaming_capture_are_counted_and_identical) {
  auto r = run_process(MERIDIAN_BINARY, {"pcap", "check", open5gs_roaming});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(field(r.out, "failed"), 0) << r.out;
  // tshark: 36 frames of PFCP over UDP (2 more quoted inside ICMP errors are
  // not messages), 18 of GTP-U.
  EXPECT_EQ(field(r.out, "pfcp"), 36) << r.out;
  EXPECT_EQ(field(r.out, "gtpu"), 18) << r.out;
  EXPECT_EQ(field(r.out, "ngap"), 23) << r.out;
}

TEST(pcap_check, every_nas_pdu_in_ngap_is_decoded_and_reencoded) {
  auto r = run_process(MERIDIAN_BINARY, {"pcap", "check", free5gc_n2});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  // tshark: 9 NGAP messages carry one NAS-PDU each and frame 18 two; frame 20
  // repeats frame 19 (an SCTP retransmission, which the extractor keeps).
  EXPECT_EQ(field(r.out, "nas"), 11) << r.out;
  EXPECT_EQ(field(r.out, "messages"), field(r.out, "ngap") + 11) << r.out;
  EXPECT_EQ(r.out.find("mac verified"), std::string::npos) << "no keys, no MAC check: " << r.out;
}

TEST(pcap_check, when_the_free5gc_subscriber_keys_are_given_then_every_nas_mac_verifies) {
  auto r = run_process(MERIDIAN_BINARY, {"pcap", "check", "--k", free5gc_k, "--opc", free5gc_opc, free5gc_n2});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  // tshark: 8 security-protected NAS messages (Security mode command/complete,
  // Registration accept/complete, UL NAS transport, Configuration update
  // command twice, DL NAS transport), all but the first with a ciphered header type.
  EXPECT_EQ(field(r.out, "mac verified"), 8) << r.out;
  EXPECT_EQ(field(r.out, "mac failed"), 0) << r.out;
  EXPECT_EQ(field(r.out, "deciphered"), 7) << r.out;
  EXPECT_NE(r.out.find("frame 13 UL Security mode complete: mac: ok (COUNT 0, 128-NEA0/128-NIA2"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("frame 22 DL DL NAS transport: mac: ok (COUNT 3"), std::string::npos) << r.out;
}

TEST(pcap_check, nas_ciphered_with_nea2_by_an_independent_implementation_is_deciphered_and_every_mac_verifies) {
  const std::string file = std::string(MERIDIAN_TEST_VECTORS_DIR) + "/pcaps-nas/free5gc_ueransim_n2_nea2-nia2.pcap";
  auto r = run_process(MERIDIAN_BINARY, {"pcap", "check", "--k", free5gc_k, "--opc", free5gc_opc, file});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(field(r.out, "mac verified"), 8) << r.out;
  EXPECT_EQ(field(r.out, "mac failed"), 0) << r.out;
  EXPECT_EQ(field(r.out, "deciphered"), 7) << r.out;
  EXPECT_NE(r.out.find("frame 15 DL Registration accept: mac: ok (COUNT 1, 128-NEA2/128-NIA2, deciphered)"),
            std::string::npos)
      << r.out;
}

TEST(pcap_check, when_nas_is_ciphered_and_no_keys_are_given_then_the_ciphertext_is_not_a_failure) {
  const std::string file = std::string(MERIDIAN_TEST_VECTORS_DIR) + "/pcaps-nas/free5gc_ueransim_n2_nea2-nia2.pcap";
  auto r = run_process(MERIDIAN_BINARY, {"pcap", "check", file});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(field(r.out, "failed"), 0) << r.out;
}

TEST(pcap_check, when_the_open5gs_subscriber_keys_are_given_then_every_mac_of_three_ues_verifies) {
  auto r = run_process(MERIDIAN_BINARY, {"pcap", "check", "--k", open5gs_k, "--opc", open5gs_opc, open5gs_n2});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(field(r.out, "mac verified"), 21) << r.out;
  EXPECT_EQ(field(r.out, "mac failed"), 0) << r.out;
  EXPECT_EQ(r.out.find("not checked"), std::string::npos) << r.out;
}

TEST(pcap_check, roaming_ue_keys_use_the_visited_serving_network_name_and_the_supi_from_identity_response) {
  auto r = run_process(MERIDIAN_BINARY, {"pcap", "check", "--k", open5gs_k, "--opc", open5gs_opc, open5gs_roaming});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("SUPI 999700000021309 in 5G:mnc001.mcc001.3gppnetwork.org"), std::string::npos) << r.out;
  // The last one, a Deregistration Request from idle, is found by its 5G-S-TMSI.
  EXPECT_EQ(field(r.out, "mac verified"), 8) << r.out;
  EXPECT_EQ(field(r.out, "mac failed"), 0) << r.out;
  EXPECT_EQ(r.out.find("not checked"), std::string::npos) << r.out;
}

TEST(pcap_check, when_the_keys_are_another_subscribers_then_no_mac_is_claimed_verified) {
  auto r = run_process(MERIDIAN_BINARY, {"pcap", "check", "--k", open5gs_k, "--opc", open5gs_opc, free5gc_n2});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(field(r.out, "mac verified"), 0) << r.out;
  EXPECT_NE(r.out.find("another subscriber"), std::string::npos) << r.out;
}

TEST(pcap_check, when_one_nas_mac_is_altered_then_that_frame_fails_and_exit_is_1) {
  std::ifstream in(free5gc_n2, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Frame 13's NAS-PDU begins 7e 04 | MAC c3 32 8d 16 | SQN 00 | 7e (Security mode complete).
  const std::string smc_complete = "\x7e\x04\xc3\x32\x8d\x16\x00\x7e";
  const auto at = bytes.find(smc_complete);
  ASSERT_NE(at, std::string::npos);
  bytes[at + 3] = static_cast<char>(bytes[at + 3] ^ 0x01);
  const auto file = std::filesystem::temp_directory_path() / ("pcap-mac-" + std::to_string(::getpid()) + ".pcap");
  std::ofstream(file, std::ios::binary) << bytes;
  auto r = run_process(MERIDIAN_BINARY, {"pcap", "check", "--k", free5gc_k, "--opc", free5gc_opc, file.string()});
  std::filesystem::remove(file);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(field(r.out, "mac failed"), 1) << r.out;
  EXPECT_EQ(field(r.out, "mac verified"), 7) << r.out;
  EXPECT_NE(r.out.find("frame 13: NAS uplink Security mode complete: MAC does not verify"), std::string::npos) << r.out;
}

TEST(pcap_check, when_keys_are_malformed_or_incomplete_then_usage_error) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"pcap", "check", "--k", free5gc_k, free5gc_n2},
           {"pcap", "check", "--k", "00ff", "--opc", free5gc_opc, free5gc_n2},
           {"pcap", "check", "--opc", free5gc_opc, free5gc_n2},
           {"pcap", "check", "--k", free5gc_k, "--opc", free5gc_opc, "--supi", "imsi-1", free5gc_n2}}) {
    auto r = run_process(MERIDIAN_BINARY, args);
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_FALSE(r.err.empty());
  }
}

TEST(pcap_check, every_real_capture_has_no_failure_and_no_sender_deviation) {
  std::size_t files = 0;
  for (const char* dir : {"pcaps", "pcaps-n4", "pcaps-nas"}) {
    for (const auto& entry : std::filesystem::directory_iterator(std::string(MERIDIAN_TEST_VECTORS_DIR) + "/" + dir)) {
      const auto ext = entry.path().extension();
      if (ext != ".pcap" && ext != ".pcapng") continue;
      ++files;
      auto r = run_process(MERIDIAN_BINARY, {"pcap", "check", entry.path().string()});
      EXPECT_EQ(r.exit_code, 0) << entry.path() << r.out << r.err;
      EXPECT_EQ(field(r.out, "failed"), 0) << entry.path() << r.out;
      EXPECT_EQ(field(r.out, "sender deviations"), 0) << entry.path() << r.out;
      EXPECT_EQ(field(r.out, "identical"), field(r.out, "messages")) << entry.path() << r.out;
    }
  }
  EXPECT_GE(files, 6u);
}

// Captures crafted here with the project's pcap writer, one message each, as
// buggy peers sent them: `pcap check` reports the sender's deviation (frame,
// protocol, kind) and exits 0; our codec's own failure still exits 1.
class pcap_check_crafted : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("pcap-deviations-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // A pcap (raw IPv4) of one frame per payload, sent over UDP to `port`, or as
  // an SCTP DATA chunk with PPID 60 when `port` is the NGAP port.
  std::string write(const std::string& name, std::uint16_t port, const std::vector<std::string>& hex_payloads) {
    const auto file = dir_ / name;
    auto w = meridian::pcap_writer::create(file);
    EXPECT_TRUE(w.has_value()) << (w ? "" : w.error());
    if (!w) return file.string();
    const meridian::ipv4_endpoint src{{10, 0, 0, 1}, port}, dst{{10, 0, 0, 2}, port};
    std::uint32_t tsn = 1;
    for (const auto& hex : hex_payloads) {
      auto payload = meridian::from_hex(hex);
      EXPECT_TRUE(payload.has_value()) << hex;
      if (!payload) continue;
      auto frame = port == 38412 ? meridian::ipv4_sctp_data_frame(src, dst, {0x01020304, tsn++, 0, 0, 60}, *payload)
                                 : meridian::ipv4_udp_frame(src, dst, *payload);
      EXPECT_TRUE(frame.has_value());
      if (frame) {
        EXPECT_TRUE(w->write(meridian::clock::wall_time(std::chrono::seconds(1'700'000'000)), *frame));
      }
    }
    EXPECT_TRUE(w->flush());
    return file.string();
  }

  // `pcap check FILE` passed (exit 0, nothing failed) with exactly one sender
  // deviation, printed as the line `deviation`; returns the output.
  static std::string expect_one_deviation(const std::string& file, const std::string& deviation) {
    auto r = run_process(MERIDIAN_BINARY, {"pcap", "check", file});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_EQ(field(r.out, "failed"), 0) << r.out;
    EXPECT_EQ(field(r.out, "sender deviations"), 1) << r.out;
    EXPECT_NE(r.out.find("\n  " + deviation + "\n"), std::string::npos) << r.out;
    return r.out;
  }

  std::filesystem::path dir_;
};

// TS 29.244 §7.4.4.1 Association Setup Request: header (no SEID, sequence 7),
// Node ID IPv4 10.0.0.1 (its type octet, given as two hex digits, is byte 12),
// Recovery Time Stamp.
std::string association_setup_request(const std::string& node_id_type_octet) {
  return "20050015000007"
         "00"
         "003c0005" +
         node_id_type_octet +
         "0a000001"
         "00600004e1000000";
}
// TS 29.281 G-PDU with a sequence number: Length `LLLL`, TEID 0x01020304, a 12-octet T-PDU.
std::string g_pdu(const std::string& length) {
  return "32ff" + length +
         "01020304"
         "00090000"
         "4500001c123400004001abcd";
}
// NGSetupResponse from the free5GC capture (frame 7), 58 octets.
const std::string ng_setup_response =
    "20150036000005000100050100414d4600600008000002f839cafe0000564001ff005000100002f8390001100801020310101122330013"
    "400100";

TEST_F(pcap_check_crafted, a_pfcp_node_id_with_spare_bits_set_is_a_sender_deviation) {
  const auto out = expect_one_deviation(
      write("pfcp_spare.pcap", 8805, {association_setup_request("00"), association_setup_request("f0")}),
      "frame 2 PFCP: spare bits: Node ID IE type octet (byte 12): spare bits 0xf0 set");
  EXPECT_EQ(field(out, "identical"), 1) << "the conforming one";
}

TEST_F(pcap_check_crafted, an_ngap_pdu_followed_by_eight_times_its_length_is_a_sender_deviation) {
  std::string memory;
  for (int i = 0; i < 8 * 58; ++i) memory += fmt::format("{:02x}", (i * 37) & 0xff);
  expect_one_deviation(write("ngap_trailing.pcap", 38412, {ng_setup_response + memory}),
                       "frame 1 NGAP: trailing octets after a complete PDU: 464 octets after the 58-octet NGAP-PDU "
                       "were cut");
}

TEST_F(pcap_check_crafted, a_gtpu_length_covering_the_mandatory_header_is_a_sender_deviation) {
  expect_one_deviation(write("gtpu_length_header.pcap", 2152, {g_pdu("0010"), g_pdu("0018")}),
                       "frame 2 GTP-U: length field inconsistent with the data: GTP-U Length 24 counts the 8 octets "
                       "before it too (16 expected)");
}

TEST_F(pcap_check_crafted, a_gtpu_length_stopping_early_is_a_sender_deviation) {
  expect_one_deviation(write("gtpu_length_early.pcap", 2152, {g_pdu("0010") + "000000000000"}),
                       "frame 1 GTP-U: length field inconsistent with the data: GTP-U Length 16 ends 6 octets before "
                       "the datagram does; those octets were cut");
}

TEST_F(pcap_check_crafted, what_our_codec_does_not_reproduce_stays_failed_and_exits_1) {
  // An Echo Request with a TLV IE of a type our GTP-U codec skips, so its
  // re-encoding lacks it; the second also has a Length covering the header,
  // which normalising does not excuse.
  const std::string echo =
      "00000000"
      "00010000"
      "c80002abcd";
  auto r =
      run_process(MERIDIAN_BINARY,
                  {"pcap", "check", write("gtpu_codec_failure.pcap", 2152, {"32010009" + echo, "32010011" + echo})});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(field(r.out, "failed"), 2) << r.out;
  EXPECT_EQ(field(r.out, "sender deviations"), 0) << r.out;
  EXPECT_NE(r.out.find("\n  frame 1: GTP-U: re-encoding differs at byte 3 (17 octets in, 12 out)\n"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\n  frame 2: GTP-U: re-encoding differs at byte 3 (17 octets in, 12 out) (after normalising "
                       "the sender's deviations: length field inconsistent with the data: GTP-U Length 17 counts "
                       "the 8 octets before it too (9 expected))\n"),
            std::string::npos)
      << r.out;
}

TEST(pcap_print, pfcp_and_gtpu_lines_are_json_objects_named_by_protocol) {
  auto r = run_process(MERIDIAN_BINARY, {"pcap", open5gs_roaming});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::size_t pfcp = 0, gtpu = 0, lines = 0;
  std::istringstream out(r.out);
  for (std::string line; std::getline(out, line);) {
    ++lines;
    pfcp += line.find("\"pfcp\":{") != std::string::npos ? 1 : 0;
    gtpu += line.find("\"gtpu\":{") != std::string::npos ? 1 : 0;
    EXPECT_EQ(line.find("\"error\""), std::string::npos) << line;
  }
  EXPECT_EQ(pfcp, 36u);
  EXPECT_EQ(gtpu, 18u);
  EXPECT_EQ(lines, 36u + 18u + 23u);
}

TEST(pcap_print, with_keys_the_deciphered_nas_is_shown_with_its_mac_result) {
  auto r = run_process(MERIDIAN_BINARY, {"pcap", "--k", free5gc_k, "--opc", free5gc_opc, free5gc_n2});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(
      r.out.find("\"nas_security\":[{\"direction\":\"downlink\",\"message\":\"Registration accept\",\"mac\":\"ok\""),
      std::string::npos)
      << r.out;
}

}  // namespace
