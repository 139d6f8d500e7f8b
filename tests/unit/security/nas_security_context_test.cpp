// The NAS security context (TS 24.501 §4.4.2, §4.4.3.1): keys from K_AMF,
// both NAS COUNTs with their overflow counters, directions by role.

#include <gtest/gtest.h>

#include "meridian/security/key_hierarchy.hpp"
#include "meridian/security/nas_security_context.hpp"

namespace meridian::security {
namespace {

crypto::key256 kamf() {
  std::array<std::uint8_t, 32> k{};
  for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<std::uint8_t>(i * 3 + 1);
  return crypto::key256(std::span<const std::uint8_t, 32>(k));
}

TEST(nas_security_context, from_kamf_derives_knas_int_and_knas_enc_for_the_selected_algorithms) {
  const auto c = nas_security_context::from_kamf(nas_role::network, kamf(), crypto::nia::nia2, crypto::nea::nea1,
                                                 nas_connection_identifier_3gpp, 3);
  EXPECT_EQ(c.knas_int(), derive_algorithm_key(kamf(), algorithm_distinguisher::n_nas_int, 2));
  EXPECT_EQ(c.knas_enc(), derive_algorithm_key(kamf(), algorithm_distinguisher::n_nas_enc, 1));
  EXPECT_NE(c.knas_int(), derive_algorithm_key(kamf(), algorithm_distinguisher::n_nas_int, 1));
  EXPECT_EQ(c.ngksi(), 3);
  EXPECT_EQ(c.bearer(), 1);
  EXPECT_EQ(c.uplink_count().value_, 0u);
  EXPECT_EQ(c.downlink_count().value_, 0u);
}

TEST(nas_security_context, the_ue_sends_uplink_and_the_network_downlink) {
  const auto ue = nas_security_context::from_kamf(nas_role::ue, kamf(), crypto::nia::nia2, crypto::nea::nea0);
  const auto amf = nas_security_context::from_kamf(nas_role::network, kamf(), crypto::nia::nia2, crypto::nea::nea0);
  EXPECT_EQ(ue.send_direction(), direction_uplink);
  EXPECT_EQ(ue.receive_direction(), direction_downlink);
  EXPECT_EQ(amf.send_direction(), direction_downlink);
  EXPECT_EQ(amf.receive_direction(), direction_uplink);
}

TEST(nas_security_context, when_the_sequence_number_wraps_then_the_overflow_counter_steps) {
  auto amf = nas_security_context::from_kamf(nas_role::network, kamf(), crypto::nia::nia2, crypto::nea::nea0);
  amf.set_receive_count(0x01fe);
  EXPECT_EQ(amf.receive_count_for(0xfe), 0x01feu);
  EXPECT_EQ(amf.receive_count_for(0xff), 0x01ffu);
  EXPECT_EQ(amf.receive_count_for(0x00), 0x0200u);  // wrapped
  amf.accept_received(0x01ff);
  EXPECT_EQ(amf.uplink_count().value_, 0x0200u);
  EXPECT_EQ(amf.last_received_count(), 0x01ffu);
  EXPECT_EQ(amf.downlink_count().value_, 0u);  // the other direction untouched
}

TEST(nas_security_context, when_the_overflow_counter_would_wrap_then_there_is_no_count) {
  auto ue = nas_security_context::from_kamf(nas_role::ue, kamf(), crypto::nia::nia2, crypto::nea::nea0);
  ue.set_receive_count(0xffff10);
  EXPECT_FALSE(ue.receive_count_for(0x05));
  EXPECT_EQ(ue.receive_count_for(0x20), 0xffff20u);
  ue.set_send_count(0xffffff);
  EXPECT_EQ(ue.next_send_count(), 0xffffffu);
  ue.advance_send_count();
  EXPECT_FALSE(ue.next_send_count());
}

TEST(nas_security_context, estimate_keeps_the_overflow_counter_unless_the_sequence_number_went_back) {
  EXPECT_EQ(estimate_nas_count(0x0305, 0x05), 0x0305u);
  EXPECT_EQ(estimate_nas_count(0x0305, 0x80), 0x0380u);
  EXPECT_EQ(estimate_nas_count(0x0305, 0x04), 0x0404u);
  EXPECT_EQ(estimate_nas_count(0, 0x07), 0x0007u);
}

}  // namespace
}  // namespace meridian::security
