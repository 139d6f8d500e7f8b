// The strong ids model defines (NGAP UE ids, PDU session id) and SUPI.

#include <gtest/gtest.h>

#include <type_traits>
#include <unordered_set>

#include "meridian/model/ngap_ids.hpp"
#include "meridian/model/pdu_session.hpp"
#include "meridian/model/supi.hpp"

using namespace meridian::model;

TEST(ngap_ids, accept_the_full_range_of_the_specification_and_nothing_more) {
  EXPECT_TRUE(amf_ue_ngap_id::from((1ull << 40) - 1));
  EXPECT_FALSE(amf_ue_ngap_id::from(1ull << 40));
  EXPECT_TRUE(ran_ue_ngap_id::from(0xffffffffu));
  EXPECT_FALSE(ran_ue_ngap_id::from(0x100000000ull));
}

TEST(pdu_session, ids_are_1_to_15_and_qfi_is_6_bits) {
  EXPECT_FALSE(pdu_session_id::from(0));
  EXPECT_TRUE(pdu_session_id::from(1));
  EXPECT_TRUE(pdu_session_id::from(15));
  EXPECT_FALSE(pdu_session_id::from(16));
  EXPECT_TRUE(qfi::from(0));
  EXPECT_TRUE(qfi::from(63));
  EXPECT_FALSE(qfi::from(64));
}

TEST(ngap_ids, are_distinct_types_usable_as_hash_keys) {
  static_assert(!std::is_convertible_v<amf_ue_ngap_id, ran_ue_ngap_id>);
  static_assert(!std::is_convertible_v<std::uint64_t, amf_ue_ngap_id>);
  std::unordered_set<amf_ue_ngap_id> ids{amf_ue_ngap_id::literal(1), amf_ue_ngap_id::literal(1),
                                         amf_ue_ngap_id::literal((1ull << 40) - 1)};
  EXPECT_EQ(ids.size(), 2u);
}

TEST(supi, parses_imsi_and_nai_forms) {
  auto imsi = supi::parse("imsi-208930000000001");
  ASSERT_TRUE(imsi);
  EXPECT_EQ(imsi->kind(), supi::type::imsi);
  EXPECT_EQ(imsi->value(), "208930000000001");
  EXPECT_EQ(imsi->to_string(), "imsi-208930000000001");
  auto nai = supi::parse("nai-user@example.org");
  ASSERT_TRUE(nai);
  EXPECT_EQ(nai->kind(), supi::type::nai);
  EXPECT_EQ(nai->value(), "user@example.org");
  EXPECT_EQ(nai->to_string(), "nai-user@example.org");
}

TEST(supi, imsi_boundary_lengths_are_5_and_15_digits) {
  EXPECT_TRUE(supi::parse("imsi-12345"));
  EXPECT_TRUE(supi::parse("imsi-123456789012345"));
}

TEST(supi, rejects_malformed_values) {
  EXPECT_FALSE(supi::parse("imsi-1234"));              // too short
  EXPECT_FALSE(supi::parse("imsi-1234567890123456"));  // 16 digits
  EXPECT_FALSE(supi::parse("imsi-20893000000000a"));
  EXPECT_FALSE(supi::parse("208930000000001"));
  EXPECT_FALSE(supi::parse("nai-noatsign"));
  EXPECT_FALSE(supi::parse("nai-@realm"));
  EXPECT_FALSE(supi::parse("nai-user@"));
  EXPECT_FALSE(supi::parse("nai-us er@realm"));
  EXPECT_FALSE(supi::parse("nai-" + std::string(250, 'u') + "@realm")) << "an NAI is at most 253 octets";
}

TEST(supi, is_a_hash_key) {
  std::unordered_set<supi> s{*supi::parse("imsi-001010000000001"), *supi::parse("imsi-001010000000001"),
                             *supi::parse("nai-a@b.c")};
  EXPECT_EQ(s.size(), 2u);
}
