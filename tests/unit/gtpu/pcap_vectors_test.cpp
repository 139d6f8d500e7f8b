// Every GTP-U message of the shared captures (tests/vectors/gtpu_pcap_messages.json,
// extracted with tshark) decodes and re-encodes byte for byte, through both the
// owned codec and the allocation-free G-PDU view.

#include <gtest/gtest.h>

#include "meridian/common/hex.hpp"
#include "meridian/gtpu/gpdu.hpp"
#include "meridian/gtpu/messages.hpp"
#include "support/vectors.hpp"

namespace meridian::gtpu {
namespace {

TEST(gtpu_pcap, every_captured_message_decodes_and_reencodes_byte_for_byte) {
  auto vectors = test::load_vectors("gtpu_pcap_messages.json");
  ASSERT_GE(vectors.size(), 18u);
  for (const auto& v : vectors) {
    SCOPED_TRACE(v["source"].get<std::string>() + " frame " + std::to_string(v["frame"].get<int>()));
    const auto bytes = test::hex_bytes(v["hex"]);
    auto m = decode(bytes);
    ASSERT_TRUE(m) << m.error().message();
    auto again = encode(*m);
    ASSERT_TRUE(again) << again.error().message();
    EXPECT_EQ(to_hex(*again), to_hex(bytes));
    if (v["message_type"] == "T-PDU") {
      EXPECT_EQ(m->type(), message_type::g_pdu);
    }
  }
}

TEST(gtpu_pcap, captured_g_pdus_expose_qfi_and_payload_as_views) {
  for (const auto& v : test::load_vectors("gtpu_pcap_messages.json")) {
    const auto bytes = test::hex_bytes(v["hex"]);
    auto h = decode_gpdu(bytes);
    ASSERT_TRUE(h) << h.error().message();
    EXPECT_GE(h->body_.data(), bytes.data());
    EXPECT_EQ(h->body_.data() + h->body_.size(), bytes.data() + bytes.size());
    if (h->e()) {
      ASSERT_TRUE(h->pdu_session_container_);
      std::visit([](const auto& c) { EXPECT_EQ(c.qfi_.value(), 1); }, *h->pdu_session_container_);
    }
    // The T-PDU is an IP packet (version 4 or 6).
    ASSERT_FALSE(h->body_.empty());
    EXPECT_TRUE((h->body_[0] >> 4) == 4 || (h->body_[0] >> 4) == 6);
  }
}

}  // namespace
}  // namespace meridian::gtpu
