// `meridian decode …` and `meridian pcap check` as a user runs them, on real
// messages from the shared captures and samples (copied into tests/vectors).

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "process.hpp"

namespace {

using meridian::test::run_process;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// A valid message: exit 0, nothing on stderr, JSON on stdout naming `expect`.
void expect_decodes(const std::vector<std::string>& args, const std::string& expect) {
  auto r = run_process(MERIDIAN_BINARY, args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  EXPECT_FALSE(nlohmann::json::parse(r.out, nullptr, false).is_discarded()) << r.out;
  EXPECT_NE(lower(r.out).find(expect), std::string::npos) << r.out;
}

// A malformed message: exit 1, one line on stderr giving the byte offset, no crash.
void expect_malformed(const std::vector<std::string>& args) {
  auto r = run_process(MERIDIAN_BINARY, args);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(lower(r.err).find("byte"), std::string::npos) << r.err;
}

const std::string registration_request = "7e004179000d0100f1100000000022222222222e02e0e0";
const std::string ng_setup_request =
    "00150049000004001b00090002f8395000000001005240170a00554552414e53494d2d676e622d3230382d39332d3100"
    "66001500000000010002f8390001100801020310101122330015400140";
const std::string pfcp_heartbeat_request = "2001000c0000040000600004ee1ac53d";
const std::string gtpu_gpdu =
    "34ff00240000c0bb00000085011001004500001c69980000ff013deb0a2e00020a2d0001080032db51dc7348";

TEST(decode_cli, nas_registration_request_is_printed_as_json) {
  expect_decodes({"decode", "nas", "--json", registration_request}, "registration");
}

TEST(decode_cli, when_nas_is_truncated_then_one_line_with_the_offset_and_exit_1) {
  // Cuts inside the mandatory part (the first 19 octets); a cut at the end of an
  // optional IE would leave a valid, shorter message.
  for (std::size_t cut = 2; cut < 38; cut += 6)
    expect_malformed({"decode", "nas", "--json", registration_request.substr(0, cut)});
}

TEST(decode_cli, ngap_ng_setup_request_is_printed_as_json) {
  expect_decodes({"decode", "ngap", ng_setup_request}, "ueransim-gnb");
}

TEST(decode_cli, when_ngap_is_truncated_then_error_and_exit_1) {
  auto r = run_process(MERIDIAN_BINARY, {"decode", "ngap", ng_setup_request.substr(0, 40)});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST(decode_cli, pfcp_heartbeat_request_is_printed_as_json) {
  expect_decodes({"decode", "pfcp", pfcp_heartbeat_request}, "heartbeat");
}

TEST(decode_cli, when_pfcp_is_truncated_then_one_line_with_the_offset_and_exit_1) {
  expect_malformed({"decode", "pfcp", pfcp_heartbeat_request.substr(0, 20)});
}

TEST(decode_cli, gtpu_gpdu_is_printed_as_json) { expect_decodes({"decode", "gtpu", gtpu_gpdu}, "teid"); }

TEST(decode_cli, when_gtpu_is_truncated_then_one_line_with_the_offset_and_exit_1) {
  expect_malformed({"decode", "gtpu", gtpu_gpdu.substr(0, 14)});
}

TEST(decode_cli, when_input_is_not_hex_then_exit_2) {
  for (const char* protocol : {"nas", "ngap", "pfcp", "gtpu"}) {
    auto r = run_process(MERIDIAN_BINARY, {"decode", protocol, "7e0z"});
    EXPECT_EQ(r.exit_code, 2) << protocol << ": " << r.err;
    EXPECT_TRUE(r.out.empty()) << protocol;
  }
}

TEST(pcap_cli, check_reports_every_ngap_message_of_each_capture_identical) {
  const std::filesystem::path dir = std::string(MERIDIAN_TEST_VECTORS_DIR) + "/pcaps";
  std::size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    const auto ext = e.path().extension();
    if (ext != ".pcap" && ext != ".pcapng") continue;
    ++files;
    auto r = run_process(MERIDIAN_BINARY, {"pcap", "check", e.path().string()});
    EXPECT_EQ(r.exit_code, 0) << e.path() << r.out << r.err;
    EXPECT_NE(r.out.find("failed: 0"), std::string::npos) << e.path() << r.out;
  }
  EXPECT_EQ(files, 3u);
}

}  // namespace
