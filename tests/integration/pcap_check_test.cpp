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

#include <unistd.h>

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
