// `pcap check` tells a sender's deviation from the specification (spare bits
// set, octets after a complete NGAP-PDU, a PFCP or GTP-U Length that disagrees
// with the datagram) from a failure of our codecs: the deviation is normalised
// from the captured octets alone and the message must then re-encode to exactly
// the normalised octets. A codec that gets anything else wrong still fails.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "meridian/capture/capture_check.hpp"
#include "meridian/capture/sender_deviation.hpp"
#include "meridian/gtpu/messages.hpp"
#include "meridian/pfcp/messages.hpp"

namespace meridian::capture {
namespace {

using bytes = std::vector<std::uint8_t>;

captured_message message_of(captured_protocol p, bytes payload, std::uint64_t frame = 1) {
  captured_message m;
  m.frame_ = frame;
  m.protocol_ = p;
  m.payload_ = std::move(payload);
  return m;
}

void put_be16(bytes& b, std::size_t at, std::size_t v) {
  b[at] = static_cast<std::uint8_t>(v >> 8);
  b[at + 1] = static_cast<std::uint8_t>(v);
}

// PFCP Association Setup Request (TS 29.244 §7.4.4.1) from our encoder: an
// 8-octet header, then the Node ID IE (type 60, length 5) whose type octet is
// byte 12, then the Recovery Time Stamp.
bytes association_setup_request() {
  pfcp::association_setup_request req;
  req.node_id_.type_ = pfcp::node_id::kind::ipv4;
  req.node_id_.ipv4_ = {10, 0, 0, 1};
  req.recovery_time_stamp_.value_ = 0xe1000000;
  pfcp::message m;
  m.header_.sequence_number_ = 7;
  m.body_ = req;
  auto b = pfcp::encode(m);
  EXPECT_TRUE(b.has_value());
  return b.value_or(bytes{});
}
constexpr std::size_t node_id_type_octet = 12;

// A G-PDU with a sequence number (so the 4-octet optional part is present).
bytes g_pdu() {
  gtpu::message m;
  m.teid_ = *teid::from(0x01020304);
  m.sequence_number_ = 9;
  m.body_ = gtpu::g_pdu{{0x45, 0x00, 0x00, 0x1c, 0x12, 0x34, 0x00, 0x00, 0x40, 0x01, 0x00, 0x00}};
  auto b = gtpu::encode(m);
  EXPECT_TRUE(b.has_value());
  return b.value_or(bytes{});
}

// A GTP-U Echo Request (TS 29.281 §7.2.1) carrying a TLV IE of a type our codec
// does not know: it decodes (the IE is skipped, §7.1) but re-encodes without it,
// which is our codec not reproducing the message, not a deviation.
bytes echo_request_with_unknown_ie() {
  return {0x32, 0x01, 0x00, 0x09, 0, 0, 0, 0, 0x00, 0x01, 0x00, 0x00, 0xc8, 0x00, 0x02, 0xab, 0xcd};
}

std::vector<captured_message> capture_messages(const std::filesystem::path& file) {
  auto got = read_capture(file);
  if (!got) {
    ADD_FAILURE() << got.error();
    return {};
  }
  return std::move(got->messages_);
}

const std::filesystem::path free5gc_n2 =
    std::filesystem::path(MERIDIAN_TEST_VECTORS_DIR) / "pcaps" / "free5gc_ueransim_n2-registration-pdu_2026.pcap";

// --- PFCP ------------------------------------------------------------------------

TEST(sender_deviation, when_a_pfcp_node_id_has_spare_bits_set_then_it_is_a_sender_deviation_not_a_failure) {
  auto b = association_setup_request();
  ASSERT_EQ(b[node_id_type_octet - 4], 0x00);
  ASSERT_EQ(b[node_id_type_octet - 3], 60);  // the Node ID IE's type
  b[node_id_type_octet] |= 0xf0;
  const auto c = check_capture({message_of(captured_protocol::pfcp, b, 4)}, std::nullopt);
  EXPECT_TRUE(c.passed());
  EXPECT_EQ(c.messages_, 1u);
  EXPECT_EQ(c.decoded_, 1u);
  EXPECT_EQ(c.identical_, 0u) << "identical counts only what came back identical as captured";
  ASSERT_EQ(c.deviations_.size(), 1u);
  EXPECT_EQ(c.deviations_[0].frame_, 4u);
  EXPECT_EQ(c.deviations_[0].protocol_, captured_protocol::pfcp);
  EXPECT_EQ(c.deviations_[0].kind_, deviation_kind::spare_bits);
  EXPECT_EQ(c.deviations_[0].detail_, "Node ID IE type octet (byte 12): spare bits 0xf0 set");
}

TEST(sender_deviation, normalising_a_pfcp_node_id_clears_its_spare_bits_and_nothing_else) {
  const auto conforming = association_setup_request();
  for (std::uint8_t spare = 0x10; spare != 0; spare = static_cast<std::uint8_t>(spare + 0x10)) {
    auto b = conforming;
    b[node_id_type_octet] |= spare;
    const auto n = normalise(captured_protocol::pfcp, b);
    EXPECT_EQ(n.bytes_, conforming) << int{spare};
    ASSERT_EQ(n.deviations_.size(), 1u);
  }
}

TEST(sender_deviation, when_a_pfcp_node_id_type_is_unknown_then_clearing_its_spare_bits_does_not_save_it) {
  auto b = association_setup_request();
  b[node_id_type_octet] = 0xf5;  // spare bits and type 5, which does not exist
  const auto c = check_capture({message_of(captured_protocol::pfcp, b)}, std::nullopt);
  EXPECT_FALSE(c.passed());
  EXPECT_TRUE(c.deviations_.empty());
  ASSERT_EQ(c.failures_.size(), 1u);
  EXPECT_NE(c.failures_[0].reason_.find("node ID type"), std::string::npos) << c.failures_[0].reason_;
  EXPECT_NE(c.failures_[0].reason_.find("after normalising the sender's deviations: spare bits"), std::string::npos)
      << c.failures_[0].reason_;
}

TEST(sender_deviation, when_pfcp_header_spare_bits_are_set_then_they_are_one_spare_bits_deviation) {
  const auto conforming = association_setup_request();
  auto b = conforming;
  b[0] |= 0x18;  // octet 1 bits 5-4
  b[7] |= 0x03;  // the last header octet; without MP all of it is spare
  b[node_id_type_octet] |= 0x80;
  const auto n = normalise(captured_protocol::pfcp, b);
  EXPECT_EQ(n.bytes_, conforming);
  ASSERT_EQ(n.deviations_.size(), 1u);
  EXPECT_EQ(n.deviations_[0].detail_,
            "PFCP header octet 1 (byte 0): spare bits 0x18 set; PFCP header octet 8 (byte 7): spare bits 0x03 set; "
            "Node ID IE type octet (byte 12): spare bits 0x80 set");
  const auto c = check_capture({message_of(captured_protocol::pfcp, b)}, std::nullopt);
  EXPECT_TRUE(c.passed());
  EXPECT_EQ(c.deviations_.size(), 1u);
}

TEST(sender_deviation, when_a_pfcp_length_counts_the_four_octets_before_it_then_the_length_is_inconsistent) {
  const auto conforming = association_setup_request();
  auto b = conforming;
  put_be16(b, 2, b.size());
  const auto c = check_capture({message_of(captured_protocol::pfcp, b)}, std::nullopt);
  EXPECT_TRUE(c.passed());
  ASSERT_EQ(c.deviations_.size(), 1u);
  EXPECT_EQ(c.deviations_[0].kind_, deviation_kind::length_inconsistent);
  EXPECT_EQ(c.deviations_[0].detail_,
            fmt::format("PFCP Length {} counts the 4 octets before it too ({} expected)", b.size(), b.size() - 4));
  EXPECT_EQ(normalise(captured_protocol::pfcp, b).bytes_, conforming);
}

TEST(sender_deviation, when_octets_follow_a_pfcp_message_without_fo_then_they_are_cut_as_an_inconsistent_length) {
  const auto conforming = association_setup_request();
  auto b = conforming;
  b.insert(b.end(), {0, 0, 0, 0, 0, 0});
  const auto n = normalise(captured_protocol::pfcp, b);
  EXPECT_EQ(n.bytes_, conforming);
  ASSERT_EQ(n.deviations_.size(), 1u);
  EXPECT_EQ(n.deviations_[0].kind_, deviation_kind::length_inconsistent);
  EXPECT_TRUE(check_capture({message_of(captured_protocol::pfcp, b)}, std::nullopt).passed());
}

TEST(sender_deviation, when_a_pfcp_length_does_not_cover_its_own_header_then_nothing_is_normalised_and_it_fails) {
  auto b = association_setup_request();
  put_be16(b, 2, 3);  // less than sequence number and spare octet
  const auto n = normalise(captured_protocol::pfcp, b);
  EXPECT_TRUE(n.deviations_.empty());
  EXPECT_EQ(n.bytes_, b);
  const auto c = check_capture({message_of(captured_protocol::pfcp, b)}, std::nullopt);
  EXPECT_FALSE(c.passed());
  EXPECT_TRUE(c.deviations_.empty());
}

// --- GTP-U -----------------------------------------------------------------------

TEST(sender_deviation, when_a_gtpu_length_covers_the_mandatory_header_then_the_length_is_inconsistent) {
  const auto conforming = g_pdu();
  auto b = conforming;
  put_be16(b, 2, b.size());
  const auto c = check_capture({message_of(captured_protocol::gtpu, b, 3)}, std::nullopt);
  EXPECT_TRUE(c.passed());
  EXPECT_EQ(c.identical_, 0u);
  ASSERT_EQ(c.deviations_.size(), 1u);
  EXPECT_EQ(c.deviations_[0].frame_, 3u);
  EXPECT_EQ(c.deviations_[0].protocol_, captured_protocol::gtpu);
  EXPECT_EQ(c.deviations_[0].kind_, deviation_kind::length_inconsistent);
  EXPECT_EQ(c.deviations_[0].detail_,
            fmt::format("GTP-U Length {} counts the 8 octets before it too ({} expected)", b.size(), b.size() - 8));
  EXPECT_EQ(normalise(captured_protocol::gtpu, b).bytes_, conforming);
}

TEST(sender_deviation, when_a_gtpu_length_runs_past_the_datagram_then_it_is_set_to_the_datagram) {
  const auto conforming = g_pdu();
  auto b = conforming;
  put_be16(b, 2, b.size() - 8 + 3);
  const auto n = normalise(captured_protocol::gtpu, b);
  EXPECT_EQ(n.bytes_, conforming);
  ASSERT_EQ(n.deviations_.size(), 1u);
  EXPECT_NE(n.deviations_[0].detail_.find("runs 3 octets past the datagram"), std::string::npos);
}

TEST(sender_deviation, when_a_gtpu_length_stops_early_then_the_octets_after_it_are_cut_as_the_upf_forwards_it) {
  const auto conforming = g_pdu();
  auto b = conforming;
  b.insert(b.end(), {0xde, 0xad, 0xbe, 0xef, 0x00});
  const auto c = check_capture({message_of(captured_protocol::gtpu, b)}, std::nullopt);
  EXPECT_TRUE(c.passed());
  ASSERT_EQ(c.deviations_.size(), 1u);
  EXPECT_EQ(c.deviations_[0].kind_, deviation_kind::length_inconsistent);
  EXPECT_EQ(c.deviations_[0].detail_,
            fmt::format("GTP-U Length {} ends 5 octets before the datagram does; those octets were cut",
                        conforming.size() - 8));
  EXPECT_EQ(normalise(captured_protocol::gtpu, b).bytes_, conforming);
}

TEST(sender_deviation, when_the_gtpu_spare_bit_is_set_then_it_is_a_spare_bits_deviation) {
  const auto conforming = g_pdu();
  auto b = conforming;
  b[0] |= 0x08;
  const auto c = check_capture({message_of(captured_protocol::gtpu, b)}, std::nullopt);
  EXPECT_TRUE(c.passed());
  ASSERT_EQ(c.deviations_.size(), 1u);
  EXPECT_EQ(c.deviations_[0].kind_, deviation_kind::spare_bits);
  EXPECT_EQ(c.deviations_[0].detail_, "GTP-U header octet 1 (byte 0): spare bits 0x08 set");
}

TEST(sender_deviation, when_our_gtpu_codec_drops_an_ie_then_it_fails) {
  const auto c = check_capture({message_of(captured_protocol::gtpu, echo_request_with_unknown_ie(), 2)}, std::nullopt);
  EXPECT_FALSE(c.passed());
  EXPECT_TRUE(c.deviations_.empty());
  ASSERT_EQ(c.failures_.size(), 1u);
  EXPECT_EQ(c.failures_[0].frame_, 2u);
  EXPECT_EQ(c.failures_[0].reason_, "GTP-U: re-encoding differs at byte 3 (17 octets in, 12 out)");
}

TEST(sender_deviation, when_a_message_with_a_deviation_also_fails_our_codec_then_it_fails_and_names_the_deviation) {
  auto b = echo_request_with_unknown_ie();
  put_be16(b, 2, b.size());  // and a Length covering the header
  const auto c = check_capture({message_of(captured_protocol::gtpu, b)}, std::nullopt);
  EXPECT_FALSE(c.passed());
  EXPECT_TRUE(c.deviations_.empty());
  EXPECT_EQ(c.decoded_, 1u);
  ASSERT_EQ(c.failures_.size(), 1u);
  EXPECT_EQ(c.failures_[0].reason_,
            "GTP-U: re-encoding differs at byte 3 (17 octets in, 12 out) (after normalising the sender's deviations: "
            "length field inconsistent with the data: GTP-U Length 17 counts the 8 octets before it too (9 expected))");
}

// --- NGAP ------------------------------------------------------------------------

TEST(sender_deviation, when_an_ngap_pdu_is_followed_by_octets_then_they_are_trailing_octets_and_its_nas_is_followed) {
  auto messages = capture_messages(free5gc_n2);
  const auto conforming = check_capture(messages, std::nullopt);
  ASSERT_TRUE(conforming.passed());
  ASSERT_TRUE(conforming.deviations_.empty());
  // Frame 9, the InitialUEMessage with the Registration Request, followed by
  // eight times its length of the sender's memory.
  auto initial = std::ranges::find(messages, std::uint64_t{9}, &captured_message::frame_);
  ASSERT_NE(initial, messages.end());
  const std::size_t pdu = initial->payload_.size();
  for (std::size_t i = 0; i < 8 * pdu; ++i) initial->payload_.push_back(static_cast<std::uint8_t>(i * 37));
  const auto c = check_capture(messages, std::nullopt);
  EXPECT_TRUE(c.passed());
  EXPECT_EQ(c.messages_, conforming.messages_);
  EXPECT_EQ(c.identical_, conforming.identical_ - 1);
  EXPECT_EQ(c.nas_, conforming.nas_) << "the NAS-PDU inside is still checked";
  ASSERT_EQ(c.deviations_.size(), 1u);
  EXPECT_EQ(c.deviations_[0].frame_, 9u);
  EXPECT_EQ(c.deviations_[0].protocol_, captured_protocol::ngap);
  EXPECT_EQ(c.deviations_[0].kind_, deviation_kind::trailing_octets);
  EXPECT_EQ(c.deviations_[0].detail_, fmt::format("{} octets after the {}-octet NGAP-PDU were cut", 8 * pdu, pdu));
}

TEST(sender_deviation, when_an_ngap_pdu_is_cut_short_then_it_fails_and_nothing_is_normalised) {
  auto messages = capture_messages(free5gc_n2);
  ASSERT_FALSE(messages.empty());
  auto m = messages.front();
  ASSERT_EQ(m.protocol_, captured_protocol::ngap);
  m.payload_.pop_back();
  EXPECT_TRUE(normalise(captured_protocol::ngap, m.payload_).deviations_.empty());
  const auto c = check_capture({m}, std::nullopt);
  EXPECT_FALSE(c.passed());
  EXPECT_TRUE(c.deviations_.empty());
  EXPECT_EQ(c.decoded_, 0u);
}

// --- the verdict with a fake codec: a codec bug is never taken for a deviation ---

// A codec that decodes everything and re-encodes it with `change` applied.
round_trip_codec fake_codec(std::function<void(bytes&)> change) {
  return [change = std::move(change)](std::span<const std::uint8_t> in) {
    bytes out(in.begin(), in.end());
    change(out);
    const bool same = std::ranges::equal(in, out);
    return round_trip{true, same, same ? "" : "differs"};
  };
}

TEST(sender_deviation, when_the_codec_drops_a_bit_that_is_not_spare_then_the_message_fails_despite_spare_bits) {
  auto b = association_setup_request();
  b[node_id_type_octet] = 0xf1;  // spare bits set, type IPv6 (bit 1)
  // A decoder that, beside the spare bits, loses bit 1 of the Node ID type.
  const auto v = judge(captured_protocol::pfcp, b, fake_codec([](bytes& out) { out[node_id_type_octet] &= 0x0e; }));
  EXPECT_TRUE(v.failed());
  EXPECT_TRUE(v.deviations_.empty());
  EXPECT_EQ(v.result_.reason_,
            "differs (after normalising the sender's deviations: spare bits: Node ID IE type octet (byte 12): spare "
            "bits 0xf0 set)");
}

TEST(sender_deviation, when_the_codec_clears_exactly_the_spare_bits_then_the_message_is_a_deviation) {
  auto b = association_setup_request();
  b[node_id_type_octet] |= 0x30;
  const auto v = judge(captured_protocol::pfcp, b, fake_codec([](bytes& out) { out[node_id_type_octet] &= 0x0f; }));
  EXPECT_FALSE(v.failed());
  ASSERT_EQ(v.deviations_.size(), 1u);
  EXPECT_EQ(v.deviations_[0].kind_, deviation_kind::spare_bits);
}

TEST(sender_deviation, when_the_codec_reproduces_the_captured_octets_then_nothing_is_reported) {
  auto b = association_setup_request();
  b[node_id_type_octet] |= 0x30;
  const auto v = judge(captured_protocol::pfcp, b, fake_codec([](bytes&) {}));
  EXPECT_FALSE(v.failed());
  EXPECT_TRUE(v.deviations_.empty());
}

TEST(sender_deviation, when_a_gtpu_length_stops_early_and_the_codec_changes_the_message_then_it_fails) {
  // The cut removes only the octets after the Length; a codec that changes the
  // message's own last octet fails before and after it.
  auto b = g_pdu();
  b.insert(b.end(), {0, 0, 0, 0});
  const auto v = judge(captured_protocol::gtpu, b, fake_codec([](bytes& out) { out.back() ^= 0x01; }));
  EXPECT_TRUE(v.failed());
  EXPECT_TRUE(v.deviations_.empty());
  EXPECT_EQ(v.result_.reason_.rfind("differs (after normalising the sender's deviations: length field", 0), 0u)
      << v.result_.reason_;
}

// --- the real captures conform: normalising them changes nothing ---------------

TEST(sender_deviation, every_message_of_every_real_capture_is_left_unchanged_by_normalising) {
  std::size_t per_protocol[3] = {};
  for (const char* dir : {"pcaps", "pcaps-n4", "pcaps-nas"}) {
    for (const auto& entry :
         std::filesystem::directory_iterator(std::filesystem::path(MERIDIAN_TEST_VECTORS_DIR) / dir)) {
      const auto ext = entry.path().extension();
      if (ext != ".pcap" && ext != ".pcapng") continue;
      for (const auto& m : capture_messages(entry.path())) {
        const auto n = normalise(m.protocol_, m.payload_);
        EXPECT_TRUE(n.deviations_.empty())
            << entry.path().filename() << " frame " << m.frame_ << ": " << n.deviations_.front().detail_;
        EXPECT_EQ(n.bytes_, m.payload_) << entry.path().filename() << " frame " << m.frame_;
        ++per_protocol[static_cast<std::size_t>(m.protocol_)];
      }
    }
  }
  EXPECT_GT(per_protocol[0], 0u);
  EXPECT_GT(per_protocol[1], 0u);
  EXPECT_GT(per_protocol[2], 0u);
}

TEST(sender_deviation, kinds_are_named_as_the_report_prints_them) {
  EXPECT_EQ(to_string(deviation_kind::spare_bits), "spare bits");
  EXPECT_EQ(to_string(deviation_kind::trailing_octets), "trailing octets after a complete PDU");
  EXPECT_EQ(to_string(deviation_kind::length_inconsistent), "length field inconsistent with the data");
  EXPECT_EQ(to_string(captured_protocol::gtpu), "GTP-U");
}

}  // namespace
}  // namespace meridian::capture
