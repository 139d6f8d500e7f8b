// What `meridian pcap` prints, built from a real capture (free5GC + UERANSIM
// registration, tests/vectors/pcaps) and from hand-made reports; and the
// subscriber's keys as typed.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "meridian/capture/capture_report.hpp"
#include "meridian/common/hex.hpp"

namespace meridian::capture {
namespace {

const std::string free5gc_n2 =
    std::string(MERIDIAN_TEST_VECTORS_DIR) + "/pcaps/free5gc_ueransim_n2-registration-pdu_2026.pcap";
// UERANSIM's free5gc-ue.yaml subscriber (imsi-208930000000001).
constexpr const char* free5gc_k = "8baf473f2f8fd09487cccbd7097c6862";
constexpr const char* free5gc_opc = "8e27b6af0e692e750f32667a3b14605d";

std::vector<captured_message> messages_of(const std::string& file) {
  auto got = read_capture(file);
  EXPECT_TRUE(got) << (got ? "" : got.error());
  return got ? got->messages_ : std::vector<captured_message>{};
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  for (std::size_t at = 0; at < text.size();) {
    const auto end = text.find('\n', at);
    out.push_back(text.substr(at, end - at));
    at = end == std::string::npos ? text.size() : end + 1;
  }
  return out;
}

TEST(capture_report, without_any_key_nothing_is_followed_and_a_supi_alone_is_an_error) {
  auto none = subscriber_keys_from_text("", "", "", "");
  ASSERT_TRUE(none.has_value());
  EXPECT_FALSE(none->has_value());
  EXPECT_EQ(subscriber_keys_from_text("", "", "", "208930000000001").error(), "--supi needs --k and --opc (or --op)");
  EXPECT_EQ(subscriber_keys_from_text("", free5gc_opc, "", "").error(), "--opc/--op need --k");
  EXPECT_EQ(subscriber_keys_from_text(free5gc_k, "", "", "").error(), "--k needs exactly one of --opc and --op");
  EXPECT_EQ(subscriber_keys_from_text(free5gc_k, free5gc_opc, "", "imsi-1").error(),
            "--supi: the IMSI's digits expected (e.g. 208930000000001)");
  EXPECT_EQ(subscriber_keys_from_text("00", free5gc_opc, "", "").error(),
            "--k: 16 octets (32 hex digits) expected, got 1");
  EXPECT_EQ(subscriber_keys_from_text(free5gc_k, "zz", "", "").error(), "--opc: 'z' is not a hex digit at character 0");
}

TEST(capture_report, an_op_becomes_the_opc_of_ts_35_207_test_set_1) {
  auto keys = subscriber_keys_from_text("465b5ce8b199b49faa5f0a2ee238a6bc", "", "cdc202d5123e20f62b6d676ac72cb318",
                                        "208930000000001");
  ASSERT_TRUE(keys.has_value());
  ASSERT_TRUE(keys->has_value());
  EXPECT_EQ(to_hex((*keys)->opc_.bytes()), "cd63cb71954a9f4e48a5994e37a02baf");
  EXPECT_EQ((*keys)->supi_, "208930000000001");
}

TEST(capture_report, with_the_subscribers_keys_the_report_lists_each_protected_nas_messages_mac) {
  auto keys = subscriber_keys_from_text(free5gc_k, free5gc_opc, "", "");
  ASSERT_TRUE(keys.has_value());
  const auto c = check_capture(messages_of(free5gc_n2), *keys);
  const auto lines = lines_of(check_report_text(c, true));
  ASSERT_EQ(lines.size(), 12u);
  EXPECT_EQ(lines[0], "messages: 26, decoded: 26, identical: 26, failed: 0");
  EXPECT_EQ(lines[1], "ngap: 15, nas: 11, pfcp: 0, gtpu: 0");
  EXPECT_EQ(lines[2], "sender deviations: 0");
  EXPECT_EQ(lines[3], "mac verified: 8, mac failed: 0, deciphered: 7");
  EXPECT_EQ(lines[4].rfind("  frame 12 DL Security mode command: mac: ok (COUNT 0, 128-NEA0/128-NIA2); NAS keys", 0),
            0u)
      << lines[4];
  EXPECT_EQ(lines[5], "  frame 13 UL Security mode complete: mac: ok (COUNT 0, 128-NEA0/128-NIA2, deciphered)");
  // Without keys the same check says nothing of MACs.
  EXPECT_EQ(lines_of(check_report_text(check_capture(messages_of(free5gc_n2), std::nullopt), false)).size(), 3u);
}

TEST(capture_report, deviations_and_failures_get_a_line_each_after_the_counts) {
  capture_check c;
  c.messages_ = 3;
  c.decoded_ = 2;
  c.identical_ = 1;
  c.pfcp_ = 3;
  c.deviations_.push_back({7, captured_protocol::pfcp, deviation_kind::spare_bits, "Node ID: spare bits 0xf0 set"});
  c.failures_.push_back({9, "PFCP: truncated"});
  const auto lines = lines_of(check_report_text(c, false));
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0], "messages: 3, decoded: 2, identical: 1, failed: 1");
  EXPECT_EQ(lines[2], "sender deviations: 1");
  EXPECT_EQ(lines[3].rfind("  frame 7 PFCP: ", 0), 0u) << lines[3];
  EXPECT_NE(lines[3].find(": Node ID: spare bits 0xf0 set"), std::string::npos) << lines[3];
  EXPECT_EQ(lines[4], "  frame 9: PFCP: truncated");
}

TEST(capture_report, each_message_is_one_json_line_and_the_followed_nas_is_listed_under_nas_security) {
  auto keys = subscriber_keys_from_text(free5gc_k, free5gc_opc, "", "");
  ASSERT_TRUE(keys.has_value());
  nas_follower follower(*keys);
  std::size_t with_nas_security = 0;
  for (const auto& m : messages_of(free5gc_n2)) {
    const auto line = message_json_line(m, follower);
    EXPECT_EQ(line.find('\n'), std::string::npos);
    const auto j = nlohmann::json::parse(line);
    EXPECT_EQ(j["frame"].get<std::uint64_t>(), m.frame_);
    EXPECT_TRUE(j.contains("ngap")) << line;
    if (!j.contains("nas_security")) continue;
    ++with_nas_security;
    if (j["frame"] == 13) {
      EXPECT_EQ(j["nas_security"][0]["mac"], "ok");
      EXPECT_EQ(j["nas_security"][0]["direction"], "uplink");
      EXPECT_EQ(j["nas_security"][0]["message"], "Security mode complete");
    }
  }
  EXPECT_GE(with_nas_security, 7u);
}

TEST(capture_report, a_message_that_does_not_decode_gives_the_decoders_error_and_its_octets) {
  nas_follower follower(std::nullopt);
  captured_message m{4, captured_protocol::gtpu, "10.0.0.1:2152", "10.0.0.2:2152", 0, {0x30}};
  const auto j = nlohmann::json::parse(message_json_line(m, follower));
  EXPECT_EQ(j["frame"], 4);
  EXPECT_EQ(j["src"], "10.0.0.1:2152");
  EXPECT_EQ(j["hex"], "30");
  EXPECT_EQ(j["error"].get<std::string>().rfind("GTP-U decode: truncated", 0), 0u) << j["error"];
  EXPECT_FALSE(j.contains("stream"));
}

}  // namespace
}  // namespace meridian::capture
