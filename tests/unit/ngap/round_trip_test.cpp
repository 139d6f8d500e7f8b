// Every message of every NGAP elementary procedure, and every transfer
// container, with all optional IEs present and with only the mandatory ones:
// encode -> decode gives the same value, and re-encoding gives the same octets.

#include <gtest/gtest.h>

#include <set>

#include "generated_samples.hpp"
#include "meridian/ngap/json.hpp"

namespace meridian::ngap {
namespace {

void check_all_pdus(bool full) {
  const auto pdus = test::sample_pdus(full);
  std::set<std::int64_t> codes;
  for (const auto& s : pdus) {
    SCOPED_TRACE(s.name);
    std::string why;
    EXPECT_TRUE(test::check_round_trip(
        s.pdu, encode_ngap_pdu, [](std::span<const std::uint8_t> b) { return decode_ngap_pdu(b); }, why))
        << why;
    EXPECT_FALSE(to_json(s.pdu).dump().empty());
  }
  // 76 procedures: 76 initiating messages plus the outcomes of the class 1 ones.
  EXPECT_GE(pdus.size(), 76u);
}

TEST(ngap_round_trip, every_procedure_message_with_all_optional_ies) { check_all_pdus(true); }
TEST(ngap_round_trip, every_procedure_message_with_mandatory_ies_only) { check_all_pdus(false); }

TEST(ngap_round_trip, every_transfer_container_both_ways) {
  for (bool full : {true, false}) {
    for (const auto& t : test::sample_transfers(full)) {
      std::string why;
      EXPECT_TRUE(t.check(why)) << t.name << (full ? " (full): " : " (minimal): ") << why;
    }
  }
}

TEST(ngap_round_trip, when_any_prefix_of_an_encoding_is_decoded_then_no_crash) {
  for (const auto& s : test::sample_pdus(true)) {
    auto bytes = encode_ngap_pdu(s.pdu);
    ASSERT_TRUE(bytes.has_value()) << s.name;
    for (std::size_t n = 0; n < bytes->size(); ++n) {
      ngap_pdu pdu;
      asn1::aper_error err;
      (void)decode_ngap_pdu(std::span(bytes->data(), n), pdu, err);
    }
  }
}

TEST(ngap_decode, when_procedure_code_is_unknown_then_message_is_kept_raw_and_reencodes) {
  // initiatingMessage, procedureCode 250, criticality ignore, open type of 2 octets.
  const std::vector<std::uint8_t> wire = {0x00, 0xFA, 0x40, 0x02, 0x12, 0x34};
  auto pdu = decode_ngap_pdu(wire);
  ASSERT_TRUE(pdu.has_value()) << pdu.error().message();
  auto again = encode_ngap_pdu(*pdu);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(*again, wire);
}

TEST(ngap_decode, when_mandatory_ie_is_missing_then_error_names_it) {
  // NGSetupRequest with an empty IE container.
  const std::vector<std::uint8_t> wire = {0x00, 0x15, 0x00, 0x03, 0x00, 0x00, 0x00};
  auto pdu = decode_ngap_pdu(wire);
  ASSERT_FALSE(pdu.has_value());
  EXPECT_EQ(pdu.error().code, decode_errc::missing_mandatory_ie);
  EXPECT_EQ(pdu.error().what, "GlobalRANNodeID");
}

}  // namespace
}  // namespace meridian::ngap
