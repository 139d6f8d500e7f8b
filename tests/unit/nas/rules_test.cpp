// TS 24.007 §11.2.4 / TS 24.501 §7 behaviour of the schema-driven decoder:
// unknown, comprehension-required, repeated and out-of-order IEs, wrong
// lengths, unknown message types.

#include <gtest/gtest.h>

#include "nas_test_support.hpp"

namespace meridian::nas::test {
namespace {

using meridian::test::hex_bytes;

TEST(nas_rules, when_an_unknown_non_imperative_ie_arrives_then_it_is_skipped) {
  // Registration complete + unknown TLV 0x3f, unknown type 1 0xb? is MICO in other messages, here unknown,
  // and unknown TLV-E 0x7f.
  auto pdu = decode_nas(hex_bytes("7e00433f0201029a7f0002aabb"));
  ASSERT_TRUE(pdu.has_value()) << pdu.error().message();
  EXPECT_TRUE(std::holds_alternative<registration_complete>(std::get<gmm_pdu>(*pdu).message_));
}

TEST(nas_rules, when_a_comprehension_required_ie_is_unknown_then_the_message_is_rejected_with_cause_96) {
  auto pdu = decode_nas(hex_bytes("7e0043050100"));
  ASSERT_FALSE(pdu.has_value());
  EXPECT_EQ(pdu.error().code, decode_errc::unknown_type);
  EXPECT_EQ(pdu.error().offset, 3u);
  EXPECT_EQ(gmm_cause_for(pdu.error()), gmm_cause::invalid_mandatory_information);
}

TEST(nas_rules, when_an_ie_is_repeated_then_the_error_names_it_and_its_offset) {
  auto dup = decode_nas(hex_bytes("7e00665002200050022000"));
  ASSERT_FALSE(dup.has_value());
  EXPECT_EQ(dup.error().code, decode_errc::duplicate_ie);
  EXPECT_EQ(dup.error().what, "PDU session status");
  EXPECT_EQ(dup.error().offset, 7u);
  EXPECT_EQ(dup.error().message().find("PDU session status") != std::string::npos, true);
}

TEST(nas_rules, when_an_ie_length_breaks_the_table_limits_then_the_error_names_it) {
  // T3512 value must be 1 octet long (TLV 3).
  auto pdu = decode_nas(hex_bytes("7e004201015e020101"));
  ASSERT_FALSE(pdu.has_value());
  EXPECT_EQ(pdu.error().code, decode_errc::invalid_length);
  EXPECT_EQ(pdu.error().what, "T3512 value");
  EXPECT_EQ(pdu.error().offset, 6u);
  // The mandatory 5GS registration result must be 1 octet (LV 2).
  auto m = decode_nas(hex_bytes("7e0042020101"));
  ASSERT_FALSE(m.has_value());
  EXPECT_EQ(m.error().what, "5GS registration result");
  EXPECT_EQ(m.error().offset, 3u);
  // A length running past the end.
  auto t = decode_nas(hex_bytes("7e0042010154090100f110"));
  ASSERT_FALSE(t.has_value());
  EXPECT_EQ(t.error().code, decode_errc::truncated);
  EXPECT_EQ(t.error().what, "TAI list");
}

TEST(nas_rules, when_ies_arrive_out_of_order_then_they_are_accepted_and_reencoded_in_that_order) {
  // Registration accept with T3512 before the TAI list.
  auto in = hex_bytes("7e004201015e0165540720030246000064");
  auto pdu = decode_nas(in);
  ASSERT_TRUE(pdu.has_value()) << pdu.error().message();
  auto out = encode_nas(*pdu);
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(to_hex(*out), to_hex(in));
  // Built in code, the same message encodes in the specification's order.
  auto msg = std::get<registration_accept>(std::get<gmm_pdu>(*pdu).message_);
  msg.ie_order_ = {};
  auto spec_order = encode_nas(gmm_message(msg));
  ASSERT_TRUE(spec_order.has_value());
  EXPECT_EQ(to_hex(*spec_order), "7e004201015407200302460000645e0165");
}

TEST(nas_rules, when_the_message_type_is_unknown_then_the_cause_is_97) {
  auto pdu = decode_nas(hex_bytes("7e0099"));
  ASSERT_FALSE(pdu.has_value());
  EXPECT_EQ(pdu.error().offset, 2u);
  EXPECT_EQ(gmm_cause_for(pdu.error()), gmm_cause::message_type_non_existent_or_not_implemented);
  auto sm = decode_nas(hex_bytes("2e0101ff"));
  ASSERT_FALSE(sm.has_value());
  EXPECT_EQ(gsm_cause_for(sm.error()), gsm_cause::message_type_non_existent_or_not_implemented);
}

TEST(nas_rules, when_a_mandatory_ie_is_missing_then_decoding_fails_at_the_end) {
  auto pdu = decode_nas(hex_bytes("7e0041"));
  ASSERT_FALSE(pdu.has_value());
  EXPECT_EQ(pdu.error().code, decode_errc::truncated);
  EXPECT_EQ(pdu.error().offset, 3u);
  EXPECT_EQ(pdu.error().what, "5GS registration type");
}

TEST(nas_rules, when_the_epd_is_unknown_then_decoding_fails_at_byte_0) {
  auto pdu = decode_nas(hex_bytes("0f0041"));
  ASSERT_FALSE(pdu.has_value());
  EXPECT_EQ(pdu.error().offset, 0u);
}

}  // namespace
}  // namespace meridian::nas::test
