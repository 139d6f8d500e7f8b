// GTP-U codec behaviour: round trips for every message type, truncation at
// every byte, the extension header rules of TS 29.281 §5.2, and the headroom
// encode of the G-PDU fast path.

#include <gtest/gtest.h>

#include <array>

#include "meridian/common/hex.hpp"
#include "meridian/gtpu/gpdu.hpp"
#include "meridian/gtpu/messages.hpp"

namespace meridian::gtpu {
namespace {

std::vector<std::uint8_t> bytes_of(std::string_view hex) { return *from_hex(hex); }

std::vector<message> samples() {
  std::vector<message> out;
  message m;
  m.teid_ = *teid::from(0x1234);
  m.extension_headers_.push_back(
      {extension_type::pdu_session_container, pdu_session_container{dl_pdu_session_information{
                                                  *qfi::from(9), true, 3, std::nullopt, 0x123456, std::nullopt}}});
  m.body_ = g_pdu{bytes_of("4500001c000000004001000000000000000000000000000000000000")};
  out.push_back(m);
  message ul;
  ul.teid_ = *teid::from(7);
  ul_pdu_session_information u;
  u.qfi_ = *qfi::from(5);
  u.qos_monitoring_ = ul_qos_monitoring_time_stamps{1, 2, 3};
  u.ul_qfi_sequence_number_ = 77;
  u.n3_n9_delay_result_ = 99;
  ul.extension_headers_.push_back({extension_type::pdu_session_container, pdu_session_container{u}});
  ul.extension_headers_.push_back({extension_type::udp_port, bytes_of("0868")});
  ul.body_ = g_pdu{bytes_of("60000000")};
  out.push_back(ul);
  message echo_req;
  echo_req.sequence_number_ = 1;
  echo_req.body_ = echo_request{};
  out.push_back(echo_req);
  message echo_rsp;
  echo_rsp.sequence_number_ = 1;
  echo_rsp.body_ = echo_response{recovery{0}, private_extension{10415, bytes_of("0102")}};
  out.push_back(echo_rsp);
  message ei;
  ei.sequence_number_ = 0;
  ei.body_ = error_indication{teid_data_i{*teid::from(0xdeadbeef)}, gtp_u_peer_address{{10, 0, 0, 1}}, std::nullopt};
  out.push_back(ei);
  message sehn;
  sehn.body_ = supported_extension_headers_notification{extension_header_type_list{{0x85, 0x40}}};
  out.push_back(sehn);
  message em;
  em.teid_ = *teid::from(42);
  em.body_ = end_marker{};
  out.push_back(em);
  return out;
}

TEST(gtpu_codec, every_message_type_round_trips) {
  for (const auto& m : samples()) {
    SCOPED_TRACE(std::string(to_string(m.type())));
    auto bytes = encode(m);
    ASSERT_TRUE(bytes) << bytes.error().message();
    auto back = decode(*bytes);
    ASSERT_TRUE(back) << back.error().message();
    EXPECT_EQ(*back, m);
    auto again = encode(*back);
    ASSERT_TRUE(again);
    EXPECT_EQ(*again, *bytes);
    EXPECT_FALSE(to_json_text(m).empty());
  }
}

TEST(gtpu_codec, truncation_at_every_byte_fails_cleanly_with_an_offset_inside_the_input) {
  for (const auto& m : samples()) {
    SCOPED_TRACE(std::string(to_string(m.type())));
    auto bytes = *encode(m);
    for (std::size_t n = 0; n < bytes.size(); ++n) {
      std::span<const std::uint8_t> cut(bytes.data(), n);
      auto r = decode(cut);
      ASSERT_FALSE(r) << "prefix of " << n;
      EXPECT_LE(r.error().offset, n);
      EXPECT_FALSE(decode_header(cut));
    }
  }
}

TEST(gtpu_codec, when_echo_response_lacks_recovery_then_mandatory_ie_missing_names_it) {
  auto r =
      decode(bytes_of("32020004000000000001"
                      "0000"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, decode_errc::missing_mandatory_ie);
  EXPECT_EQ(r.error().what, "recovery");
}

TEST(gtpu_codec, unknown_tlv_ie_is_skipped_and_unknown_tv_ie_is_an_error) {
  // Echo Response: Recovery, then unknown TLV 200 with 2 octets.
  auto ok =
      decode(bytes_of("3202000b000000000001"
                      "0000"
                      "0e00"
                      "c80002abcd"));
  ASSERT_TRUE(ok) << ok.error().message();
  auto bad =
      decode(bytes_of("32020008000000000001"
                      "0000"
                      "0e00"
                      "0201"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, decode_errc::unknown_type);
  EXPECT_EQ(bad.error().offset, 14u);
}

TEST(gtpu_codec, a_recovery_ie_in_an_echo_request_is_skipped) {
  auto m =
      decode(bytes_of("32010006000000000001"
                      "0000"
                      "0e00"));
  ASSERT_TRUE(m) << m.error().message();
  EXPECT_EQ(m->type(), message_type::echo_request);
}

TEST(gtpu_codec, unknown_extension_header_not_requiring_comprehension_is_skipped) {
  // E set, first extension type 0x01 (unknown, bits 8-7 = 00), one unit, then no more.
  auto h =
      decode_header(bytes_of("34ff000c00000001"
                             "00000001"
                             "01aabb00"
                             "45000000"));
  ASSERT_TRUE(h) << h.error().message();
  EXPECT_EQ(h->body_.size(), 4u);
  EXPECT_FALSE(h->pdu_session_container_);
}

TEST(gtpu_codec, unknown_extension_header_requiring_comprehension_is_rejected_pointing_at_its_type) {
  // First extension type 0xc1: unknown, comprehension required (bits 8-7 = 11).
  const auto packet = bytes_of(
      "34ff000c00000001"
      "000000c1"
      "01aabb00"
      "45000000");
  auto h = decode_header(packet);
  ASSERT_FALSE(h);
  EXPECT_EQ(h.error().code, decode_errc::unsupported);
  EXPECT_EQ(packet[h.error().offset], 0xc1);
  // A second header in the chain: the offset points at the preceding next-type octet.
  const auto chained = bytes_of(
      "34ff001000000001"
      "00000040"
      "010868"
      "c1"
      "01aabb00"
      "45000000");
  auto h2 = decode_header(chained);
  ASSERT_FALSE(h2);
  EXPECT_EQ(h2.error().offset, 15u);
}

TEST(gtpu_codec, extension_header_of_zero_length_is_invalid) {
  auto h =
      decode_header(bytes_of("34ff000800000001"
                             "00000085"
                             "00000000"));
  ASSERT_FALSE(h);
  EXPECT_EQ(h.error().code, decode_errc::invalid_length);
  EXPECT_EQ(h.error().offset, 12u);
}

TEST(gtpu_codec, version_other_than_one_or_gtp_prime_is_rejected) {
  EXPECT_FALSE(decode_header(bytes_of("50ff000000000001")));
  EXPECT_FALSE(decode_header(bytes_of("20ff000000000001")));
}

TEST(gtpu_codec, when_octets_follow_the_length_then_the_header_ends_at_the_length_and_counts_them) {
  const auto packet = bytes_of(
      "30ff00010000000145"
      "0000ee");
  auto h = decode_header(packet);
  ASSERT_TRUE(h) << h.error().what;
  EXPECT_EQ(h->trailing_octets_, 3u);
  ASSERT_EQ(h->body_.size(), 1u);
  EXPECT_EQ(h->body_[0], 0x45);
}

TEST(gtpu_codec, when_octets_follow_the_length_then_the_whole_message_decoder_reports_trailing_bytes) {
  // decode() re-encodes what it decodes (pcap check), so padding stays an error there.
  auto m = decode(bytes_of("30ff00010000000145"
                           "00"));
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code, decode_errc::trailing_bytes);
  EXPECT_EQ(m.error().offset, 9u);
}

TEST(gtpu_codec, when_length_runs_past_the_datagram_then_the_header_is_an_error) {
  EXPECT_FALSE(decode_header(bytes_of("30ff00050000000145")));
}

TEST(gtpu_gpdu, header_is_written_into_headroom_and_decodes_back_to_the_same_payload) {
  std::array<std::uint8_t, 64> buffer{};
  const std::size_t payload_at = 32;
  const auto payload = bytes_of("450000140000000040110000");
  std::copy(payload.begin(), payload.end(), buffer.begin() + payload_at);
  gpdu_header_params p;
  p.teid_ = *teid::from(0xc0bb);
  p.pdu_session_container_ = pdu_session_container{
      dl_pdu_session_information{*qfi::from(1), false, std::nullopt, std::nullopt, std::nullopt, std::nullopt}};
  auto packet = prepend_gpdu_header(buffer, payload_at, payload.size(), p);
  ASSERT_TRUE(packet) << packet.error().message();
  EXPECT_EQ(packet->size(), gpdu_header_size(p) + payload.size());
  EXPECT_EQ(to_hex(packet->first(gpdu_header_size(p))), "34ff00140000c0bb0000008501000100");
}

TEST(gtpu_gpdu, too_little_headroom_is_an_error_not_an_overwrite) {
  std::array<std::uint8_t, 32> buffer{};
  gpdu_header_params p;
  EXPECT_FALSE(prepend_gpdu_header(buffer, 4, 8, p));
  EXPECT_FALSE(prepend_gpdu_header(buffer, 8, 30, p));
  EXPECT_TRUE(prepend_gpdu_header(buffer, 8, 24, p));
}

TEST(gtpu_gpdu, decode_gpdu_rejects_other_message_types) {
  auto r = decode_gpdu(bytes_of("320100040000000000010000"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, decode_errc::unknown_type);
}

}  // namespace
}  // namespace meridian::gtpu
