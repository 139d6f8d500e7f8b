#include <gtest/gtest.h>

#include <type_traits>
#include <unordered_set>

#include "meridian/common/strong_id.hpp"

using namespace meridian;

TEST(strong_id, accepts_the_full_range_of_the_specification_and_nothing_more) {
  EXPECT_TRUE(amf_ue_ngap_id::from((1ull << 40) - 1));
  EXPECT_FALSE(amf_ue_ngap_id::from(1ull << 40));
  EXPECT_TRUE(ran_ue_ngap_id::from(0xffffffffu));
  EXPECT_FALSE(ran_ue_ngap_id::from(0x100000000ull));
  EXPECT_FALSE(pdu_session_id::from(0));
  EXPECT_TRUE(pdu_session_id::from(15));
  EXPECT_FALSE(pdu_session_id::from(16));
  EXPECT_TRUE(qfi::from(63));
  EXPECT_FALSE(qfi::from(64));
  EXPECT_EQ(seid::from(~0ull)->value(), ~0ull);
}

TEST(strong_id, different_identifiers_are_different_types) {
  static_assert(!std::is_convertible_v<teid, ran_ue_ngap_id>);
  static_assert(!std::is_convertible_v<std::uint32_t, teid>);
  constexpr auto t = teid::literal(7);
  static_assert(t.value() == 7);
  EXPECT_LT(teid::literal(1), teid::literal(2));
  std::unordered_set<teid> set{teid::literal(1), teid::literal(1), teid::literal(2)};
  EXPECT_EQ(set.size(), 2u);
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
