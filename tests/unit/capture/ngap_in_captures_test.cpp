// Every NGAP message of the real captures in tests/vectors/pcaps, as the
// capture module takes them out, decodes and re-encodes byte for byte (what
// `meridian pcap check FILE` reports).

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "meridian/capture/message_extractor.hpp"
#include "meridian/ngap/json.hpp"
#include "meridian/ngap/ngap.hpp"

namespace meridian::ngap {
namespace {

std::vector<capture::captured_message> read_capture(const std::filesystem::path& file) {
  auto got = capture::read_capture(file);
  if (!got) {
    ADD_FAILURE() << got.error();
    return {};
  }
  std::vector<capture::captured_message> out;
  for (auto& m : got->messages_)
    if (m.protocol_ == capture::captured_protocol::ngap) out.push_back(std::move(m));
  return out;
}

TEST(ngap_pcap_check, every_ngap_message_in_every_capture_reencodes_identically) {
  const std::filesystem::path dir = std::filesystem::path(MERIDIAN_TEST_VECTORS_DIR) / "pcaps";
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const auto ext = entry.path().extension();
    if (ext != ".pcap" && ext != ".pcapng") continue;
    ++files;
    const auto messages = read_capture(entry.path());
    EXPECT_FALSE(messages.empty()) << entry.path();
    std::size_t identical = 0;
    for (const auto& m : messages) {
      SCOPED_TRACE(entry.path().filename().string() + " frame " + std::to_string(m.frame_));
      ngap_pdu pdu;
      asn1::aper_error err;
      ASSERT_TRUE(decode_ngap_pdu(m.payload_, pdu, err)) << err.message();
      auto again = encode_ngap_pdu(pdu);
      ASSERT_TRUE(again.has_value()) << again.error().message();
      EXPECT_EQ(*again, m.payload_);
      EXPECT_FALSE(to_json(pdu).dump().empty());
      identical += *again == m.payload_ ? 1 : 0;
    }
    EXPECT_EQ(identical, messages.size()) << entry.path();
  }
  EXPECT_GE(files, 3u);
}

TEST(ngap_pcap_check, every_truncation_of_captured_messages_fails_cleanly) {
  const std::filesystem::path dir = std::filesystem::path(MERIDIAN_TEST_VECTORS_DIR) / "pcaps";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".md") continue;
    for (const auto& m : read_capture(entry.path())) {
      for (std::size_t n = 0; n < m.payload_.size(); ++n) {
        ngap_pdu pdu;
        asn1::aper_error err;
        // Must not crash or read out of bounds; a shorter prefix may still decode
        // when only padding was cut.
        (void)decode_ngap_pdu(std::span(m.payload_.data(), n), pdu, err);
      }
    }
  }
}

}  // namespace
}  // namespace meridian::ngap
