// nas::inspect (what `meridian decode nas` shows): decoding, verifying and
// deciphering one PDU with the keys a person gives, and the tree rendering.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "meridian/nas/inspect.hpp"
#include "meridian/nas/security.hpp"
#include "nas_test_support.hpp"

namespace meridian::nas::test {
namespace {

using meridian::test::hex_bytes;
using security::nas_role;
using security::nas_security_context;

// A Registration Accept, as the AMF sends it after the Security Mode Command.
const std::string registration_accept =
    "7e0042010177000bf200f110020040c000058054074000f11000000115020101210201005e0192";

struct protected_message {
  std::vector<std::uint8_t> bytes;
  nas_protection_params keys;  ///< what the receiver needs, as a person would type them
};

protected_message protect_downlink(security_header_type sht) {
  nas_security_context amf(nas_role::network, key(1), key(2), crypto::nia::nia2, crypto::nea::nea2);
  for (int i = 0; i < 5; ++i) (void)protect(amf, hex_bytes(registration_accept), sht);  // COUNT 5 next
  const auto params = protection_params(amf, amf.send_count().value_, amf.send_direction());
  auto pdu = protect(amf, hex_bytes(registration_accept), sht);
  EXPECT_TRUE(pdu.has_value());
  return {pdu.value_or(std::vector<std::uint8_t>{}), params};
}

std::string plain_name() { return std::string(message_name(*decode_nas(hex_bytes(registration_accept)))); }

TEST(nas_inspect, when_a_plain_message_is_given_then_it_is_rendered_without_a_security_outcome) {
  auto r = inspect(hex_bytes(registration_accept), std::nullopt);
  ASSERT_TRUE(r) << r.error().message_;
  const auto j = nlohmann::json::parse(r->json_);
  EXPECT_EQ(j["message"], plain_name());
  EXPECT_FALSE(j.contains("security"));
  EXPECT_FALSE(r->mac_valid_);
}

TEST(nas_inspect, when_keys_are_given_for_a_plain_message_then_it_is_an_error_of_its_own_kind) {
  auto r = inspect(hex_bytes(registration_accept), nas_protection_params{});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code_, inspect_errc::not_protected);
}

TEST(nas_inspect, when_the_keys_are_right_then_the_mac_verifies_and_the_deciphered_message_is_shown) {
  const auto m = protect_downlink(security_header_type::integrity_protected_and_ciphered);
  auto r = inspect(m.bytes, m.keys, 2);
  ASSERT_TRUE(r) << r.error().message_;
  EXPECT_EQ(r->mac_valid_, true);
  EXPECT_EQ(r->count_, 5u);
  const auto j = nlohmann::json::parse(r->json_);
  EXPECT_EQ(j["plain_message"]["message"], plain_name());
  EXPECT_EQ(j["security"], nlohmann::json::parse(R"({"mac_valid":true,"count":5,"direction":"dl"})"));
  EXPECT_NE(r->json_.find("\n  "), std::string::npos) << "indent 2";
}

TEST(nas_inspect, when_the_integrity_key_is_wrong_then_the_message_is_still_shown_with_mac_valid_false) {
  auto m = protect_downlink(security_header_type::integrity_protected_and_ciphered);
  m.keys.knas_int = key(9);
  auto r = inspect(m.bytes, m.keys);
  ASSERT_TRUE(r) << r.error().message_;
  EXPECT_EQ(r->mac_valid_, false);
  EXPECT_EQ(nlohmann::json::parse(r->json_)["security"]["mac_valid"], false);
}

TEST(nas_inspect, when_both_keys_are_wrong_then_the_error_names_the_mac_failure_and_the_count) {
  auto m = protect_downlink(security_header_type::integrity_protected_and_ciphered);
  m.keys.knas_int = key(9);
  m.keys.knas_enc = key(10);
  auto r = inspect(m.bytes, m.keys);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code_, inspect_errc::undecodable);
  EXPECT_TRUE(r.error().message_.starts_with("NAS-MAC verification failed (COUNT 5); the deciphered message does not "
                                             "decode: "))
      << r.error().message_;
}

TEST(nas_inspect, when_a_ciphered_message_comes_without_keys_then_only_its_header_is_shown) {
  const auto m = protect_downlink(security_header_type::integrity_protected_and_ciphered);
  auto r = inspect(m.bytes, std::nullopt);
  ASSERT_TRUE(r) << r.error().message_;
  EXPECT_FALSE(nlohmann::json::parse(r->json_).contains("plain_message"));
  EXPECT_FALSE(r->mac_valid_);
}

TEST(nas_inspect, when_an_integrity_protected_payload_does_not_decode_then_it_is_an_error) {
  auto m = protect_downlink(security_header_type::integrity_protected);
  m.bytes.resize(m.bytes.size() - 4);  // into IE 0x21, the one before the last
  auto r = inspect(m.bytes, std::nullopt);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code_, inspect_errc::undecodable);
}

TEST(nas_inspect, when_the_pdu_is_truncated_then_the_error_names_the_byte) {
  auto r = inspect(hex_bytes(registration_accept.substr(0, 8)), std::nullopt);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code_, inspect_errc::undecodable);
  EXPECT_NE(r.error().message_.find(" at byte "), std::string::npos) << r.error().message_;
}

TEST(nas_json_tree, objects_nest_by_two_spaces_and_arrays_list_their_elements) {
  EXPECT_EQ(json_tree(R"({"a":1,"b":{"c":"x"},"d":[true,{"e":null}]})"),
            "a: 1\n"
            "b:\n"
            "  c: x\n"
            "d:\n"
            "  - true\n"
            "  - [1]\n"
            "    e: null\n");
}

TEST(nas_json_tree, text_that_is_not_json_comes_back_unchanged) { EXPECT_EQ(json_tree("{not json"), "{not json"); }

}  // namespace
}  // namespace meridian::nas::test
