// Security-protected NAS (TS 24.501 §4.4, TS 33.501 §6.4): protect/unprotect
// with every NIA/NEA, MAC failures, COUNT handling, null-ciphered samples.

#include <gtest/gtest.h>

#include "meridian/nas/security.hpp"
#include "nas_test_support.hpp"

namespace meridian::nas::test {
namespace {

using meridian::test::hex_bytes;
using security::nas_role;
using security::nas_security_context;

struct algs {
  crypto::nia nia;
  crypto::nea nea;
};

class nas_security_algorithms_test : public ::testing::TestWithParam<algs> {};

TEST_P(nas_security_algorithms_test, when_the_amf_protects_a_message_then_the_ue_verifies_and_deciphers_it) {
  const auto [nia, nea] = GetParam();
  nas_security_context amf(nas_role::network, key(1), key(2), nia, nea);
  nas_security_context ue(nas_role::ue, key(1), key(2), nia, nea);
  const auto plain = hex_bytes("7e0042010177000bf200f110020040c000058054074000f11000000115020101210201005e0192");
  for (int i = 0; i < 300; ++i) {  // crosses a sequence number wrap: overflow counter steps
    auto pdu = protect(amf, plain, security_header_type::integrity_protected_and_ciphered);
    ASSERT_TRUE(pdu.has_value());
    EXPECT_EQ((*pdu)[6], static_cast<std::uint8_t>(i & 0xff));
    if (nea != crypto::nea::nea0) {
      EXPECT_NE(to_hex(std::span(*pdu).subspan(7)), to_hex(plain)) << "ciphered";
    }
    auto back = unprotect(ue, *pdu);
    ASSERT_TRUE(back.has_value()) << i << ": " << back.error().message();
    EXPECT_EQ(to_hex(*back), to_hex(plain));
  }
  EXPECT_EQ(amf.send_count().value_, 300u);
  EXPECT_EQ(ue.receive_count().value_, 300u);
  EXPECT_EQ(ue.receive_count().overflow(), 1);
}

TEST_P(nas_security_algorithms_test, when_one_bit_of_a_protected_message_changes_then_the_mac_fails) {
  const auto [nia, nea] = GetParam();
  if (nia == crypto::nia::nia0) GTEST_SKIP() << "NIA0 has no MAC";
  nas_security_context ue(nas_role::ue, key(3), key(4), nia, nea);
  nas_security_context amf(nas_role::network, key(3), key(4), nia, nea);
  auto pdu = protect(ue, hex_bytes("7e0043"), security_header_type::integrity_protected_and_ciphered);
  ASSERT_TRUE(pdu.has_value());
  for (std::size_t bit = 6 * 8; bit < pdu->size() * 8; ++bit) {
    auto bad = *pdu;
    bad[bit / 8] ^= static_cast<std::uint8_t>(0x80 >> (bit % 8));
    nas_security_context fresh(nas_role::network, key(3), key(4), nia, nea);
    auto r = unprotect(fresh, bad);
    ASSERT_FALSE(r.has_value()) << "bit " << bit;
    EXPECT_EQ(r.error().what, "NAS-MAC");
    EXPECT_EQ(r.error().offset, 2u);
  }
  EXPECT_TRUE(unprotect(amf, *pdu).has_value());
  // The same message again (a replay) has a COUNT the receiver no longer expects.
  EXPECT_FALSE(unprotect(amf, *pdu).has_value());
}

TEST_P(nas_security_algorithms_test, when_direction_is_wrong_then_the_mac_fails) {
  const auto [nia, nea] = GetParam();
  if (nia == crypto::nia::nia0) GTEST_SKIP() << "NIA0 has no MAC";
  nas_security_context ue(nas_role::ue, key(5), key(6), nia, nea);
  nas_security_context other_ue(nas_role::ue, key(5), key(6), nia, nea);
  auto pdu = protect(ue, hex_bytes("7e0043"));
  ASSERT_TRUE(pdu.has_value());
  EXPECT_FALSE(unprotect(other_ue, *pdu).has_value());  // expects downlink
}

INSTANTIATE_TEST_SUITE_P(all, nas_security_algorithms_test,
                         ::testing::Values(algs{crypto::nia::nia0, crypto::nea::nea0},
                                           algs{crypto::nia::nia1, crypto::nea::nea1},
                                           algs{crypto::nia::nia2, crypto::nea::nea2},
                                           algs{crypto::nia::nia3, crypto::nea::nea3},
                                           algs{crypto::nia::nia2, crypto::nea::nea0}));

TEST(nas_security, when_a_header_type_1_message_is_protected_then_it_is_not_ciphered) {
  nas_protection_params p;
  p.knas_int = key(7);
  p.knas_enc = key(8);
  p.integrity = crypto::nia::nia2;
  p.ciphering = crypto::nea::nea2;
  p.count = 0x0103;
  const auto plain = hex_bytes("7e004509000bf200f110020040c0000580");
  auto pdu = protect_nas(plain, security_header_type::integrity_protected, p);
  ASSERT_TRUE(pdu.has_value());
  EXPECT_EQ(to_hex(std::span(*pdu).subspan(7)), to_hex(plain));
  EXPECT_EQ((*pdu)[1], 0x01);
  EXPECT_EQ((*pdu)[6], 0x03);
  auto v = verify_and_decipher(*pdu, p);
  ASSERT_TRUE(v.has_value());
  EXPECT_TRUE(v->mac_valid_);
  EXPECT_EQ(v->count_, 0x0103u);
  auto decoded = decode_nas(*pdu);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(std::get<protected_pdu>(*decoded).sequence_number_, 3);
}

TEST(nas_security, when_a_shared_sample_is_read_with_wrong_keys_then_the_mac_is_invalid_but_null_ciphering_reads) {
  // pcap-085: deregistration request, integrity protected (real MAC, keys unknown).
  nas_protection_params p;
  p.knas_int = key(9);
  p.knas_enc = key(9);
  p.integrity = crypto::nia::nia2;
  p.ciphering = crypto::nea::nea0;
  auto v = verify_and_decipher(hex_bytes("7e013621d359037e004509000bf200f110020040c0000580"), p);
  ASSERT_TRUE(v.has_value());
  EXPECT_FALSE(v->mac_valid_);
  EXPECT_EQ(to_hex(v->plain_), "7e004509000bf200f110020040c0000580");
}

TEST(nas_security, when_a_service_request_carries_a_ciphered_container_then_the_amf_reads_it) {
  nas_security_context ue(nas_role::ue, key(10), key(11), crypto::nia::nia2, crypto::nea::nea2);
  nas_security_context amf(nas_role::network, key(10), key(11), crypto::nia::nia2, crypto::nea::nea2);
  ue.set_send_count(0x0205);
  amf.set_receive_count(0x0205);
  // TS 24.501 §4.4.6: the whole service request goes, ciphered, in the NAS
  // message container of a service request with only cleartext IEs.
  service_request full;
  full.ngksi_ = {false, 1};
  full.service_type_ = {service_type_value::data};
  full.s_tmsi_.value_ = s_tmsi_5g_identity{{model::amf_set_id::literal(1), model::amf_pointer::literal(0), model::tmsi_5g::literal(0x11223344)}};
  full.uplink_data_status_ = psi_bitmap{1u << 1, {}};
  auto full_bytes = encode_nas(gmm_message(full));
  ASSERT_TRUE(full_bytes.has_value());
  std::vector<std::uint8_t> container = *full_bytes;
  ASSERT_TRUE(cipher_container(ue, container).has_value());
  service_request outer;
  outer.ngksi_ = full.ngksi_;
  outer.service_type_ = full.service_type_;
  outer.s_tmsi_ = full.s_tmsi_;
  outer.nas_message_container_ = octets{container};
  auto outer_bytes = encode_nas(gmm_message(outer));
  ASSERT_TRUE(outer_bytes.has_value());
  auto pdu = protect(ue, *outer_bytes, security_header_type::integrity_protected);
  ASSERT_TRUE(pdu.has_value());

  auto plain = unprotect(amf, *pdu);
  ASSERT_TRUE(plain.has_value());
  auto decoded = decode_nas(*plain);
  ASSERT_TRUE(decoded.has_value());
  auto value = std::get<service_request>(std::get<gmm_pdu>(*decoded).message_).nas_message_container_->bytes_;
  ASSERT_TRUE(cipher_container(amf, value).has_value());
  EXPECT_EQ(to_hex(value), to_hex(*full_bytes));
}

TEST(nas_security, when_the_count_would_wrap_then_protect_refuses) {
  nas_security_context ue(nas_role::ue, key(1), key(2), crypto::nia::nia2, crypto::nea::nea0);
  ue.set_send_count(0xffffff);
  EXPECT_TRUE(protect(ue, hex_bytes("7e0043")).has_value());
  EXPECT_FALSE(protect(ue, hex_bytes("7e0043")).has_value());
}

}  // namespace
}  // namespace meridian::nas::test
