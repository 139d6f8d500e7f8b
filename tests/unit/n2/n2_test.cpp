// The shared N2 pieces: identities against their TS 38.413 encodings, and the
// TS 38.413 §10 answer to bad input.

#include <gtest/gtest.h>

#include "meridian/common/hex.hpp"
#include "meridian/n2/n2_messages.hpp"
#include "meridian/n2/n2_types.hpp"

namespace meridian::n2 {
namespace {

TEST(n2_types, plmn_with_two_digit_mnc_is_bcd_with_filler) {
  // TS 24.008 Figure 10.5.13: MCC 001, MNC 01 -> 00 f1 10.
  const auto octets = encode_plmn(*model::plmn::parse("001/01"));
  EXPECT_EQ(octets, (ngap::plmn_identity{0x00, 0xF1, 0x10}));
  EXPECT_EQ(decode_plmn(octets)->to_string(), "001/01");
}

TEST(n2_types, plmn_with_three_digit_mnc_round_trips) {
  const auto p = *model::plmn::parse("310/410");
  EXPECT_EQ(encode_plmn(p), (ngap::plmn_identity{0x13, 0x00, 0x14}));
  EXPECT_EQ(*decode_plmn(encode_plmn(p)), p);
}

TEST(n2_types, when_plmn_text_is_not_digits_then_parse_fails) {
  EXPECT_FALSE(model::plmn::parse("0a1/01"));
  EXPECT_FALSE(model::plmn::parse("001/1"));
  EXPECT_FALSE(model::plmn::parse("0010"));
  EXPECT_FALSE(decode_plmn(ngap::plmn_identity{0xAA, 0xF1, 0x10}));
  EXPECT_FALSE(decode_plmn(ngap::plmn_identity{0x00, 0xF1})) << "PLMN Identity is 3 octets";
}

TEST(n2_types, gnb_id_is_a_bit_string_of_the_configured_length) {
  const auto g = *model::global_gnb_id::from(*model::plmn::parse("001/01"), 0x123, 22);
  const auto encoded = encode_global_gnb_id(g);
  const auto& bits = std::get<asn1::bit_string>(std::get<ngap::global_gnb_id>(encoded.value_).gnb_id_.value_);
  EXPECT_EQ(bits.length_, 22u);
  EXPECT_EQ(bits.to_uint(), 0x123u);
  EXPECT_EQ(*decode_global_gnb_id(encoded), g);
}

TEST(n2_types, s_nssai_with_sd_round_trips) {
  const model::s_nssai s{1, model::slice_differentiator::literal(0x010203)};
  const auto e = encode_s_nssai(s);
  EXPECT_EQ(e.sst_, (ngap::sst{1}));
  EXPECT_EQ(*e.sd_, (ngap::sd{1, 2, 3}));
  EXPECT_EQ(*decode_s_nssai(e), s);
  auto bad = e;
  bad.sd_ = ngap::sd{1, 2};
  EXPECT_FALSE(decode_s_nssai(bad));
}

TEST(n2_types, tac_and_tai_round_trip_and_a_short_tac_fails) {
  const model::tai t{*model::plmn::parse("208/93"), model::tac::literal(0xABCDEF)};
  const auto e = encode_tai(t);
  EXPECT_EQ(e.tac_, (ngap::tac{0xAB, 0xCD, 0xEF}));
  EXPECT_EQ(decode_tai(e), t);
  EXPECT_FALSE(decode_tac(ngap::tac{0x00, 0x01}));
}

TEST(n2_types, guami_round_trips_with_8_10_6_bit_fields) {
  const model::guami g{*model::plmn::parse("001/01"), model::amf_identifier::from_uint(0xCAFFFF)};
  const auto e = encode_guami(g);
  EXPECT_EQ(e.amf_region_id_.length_, 8u);
  EXPECT_EQ(e.amf_set_id_.length_, 10u);
  EXPECT_EQ(e.amf_set_id_.to_uint(), 0x3FFu);
  EXPECT_EQ(e.amf_pointer_.length_, 6u);
  EXPECT_EQ(decode_guami(e), g);
  auto bad = e;
  bad.amf_set_id_ = asn1::bit_string::from_uint(1, 9);
  EXPECT_FALSE(decode_guami(bad));
}

TEST(n2_types, ncgi_is_a_36_bit_string) {
  const model::ncgi c{*model::plmn::parse("001/01"), model::nr_cell_identity::literal(0xFFFFFFFFF)};
  const auto e = encode_ncgi(c);
  EXPECT_EQ(e.nr_cell_identity_.length_, 36u);
  EXPECT_EQ(decode_ncgi(e), c);
  auto bad = e;
  bad.nr_cell_identity_ = asn1::bit_string::from_uint(1, 32);
  EXPECT_FALSE(decode_ncgi(bad));
}

TEST(n2_types, s_tmsi_round_trips) {
  const model::s_tmsi_5g s{model::amf_set_id::literal(1), model::amf_pointer::literal(0),
                           model::tmsi_5g::literal(0xC0000001)};
  const auto e = encode_s_tmsi(s);
  EXPECT_EQ(e.five_g_tmsi_, (ngap::five_g_tmsi{0xC0, 0x00, 0x00, 0x01}));
  EXPECT_EQ(decode_s_tmsi(e), s);
  auto bad = e;
  bad.five_g_tmsi_.pop_back();
  EXPECT_FALSE(decode_s_tmsi(bad));
}

TEST(n2_types, ue_ngap_ids_outside_their_range_do_not_decode) {
  EXPECT_EQ(decode_amf_ue_ngap_id((std::int64_t{1} << 40) - 1), model::amf_ue_ngap_id::from((1ull << 40) - 1));
  EXPECT_FALSE(decode_amf_ue_ngap_id(std::int64_t{1} << 40));
  EXPECT_FALSE(decode_amf_ue_ngap_id(-1));
  EXPECT_EQ(encode_amf_ue_ngap_id(model::amf_ue_ngap_id::literal(7)), 7);
  EXPECT_EQ(decode_ran_ue_ngap_id(0xFFFFFFFF), model::ran_ue_ngap_id::from(0xFFFFFFFFu));
  EXPECT_FALSE(decode_ran_ue_ngap_id(0x100000000));
  EXPECT_FALSE(decode_ran_ue_ngap_id(-1));
  EXPECT_EQ(encode_ran_ue_ngap_id(model::ran_ue_ngap_id::literal(9)), 9);
}

TEST(n2_types, time_to_wait_maps_to_its_seconds) {
  EXPECT_EQ(to_duration(ngap::time_to_wait::v10s), std::chrono::seconds(10));
  EXPECT_EQ(time_to_wait_at_least(std::chrono::seconds(3)), ngap::time_to_wait::v5s);
  EXPECT_EQ(time_to_wait_at_least(std::chrono::seconds(600)), ngap::time_to_wait::v60s);
}

TEST(n2_messages, when_octets_are_garbage_then_answer_is_transfer_syntax_error) {
  const std::vector<std::uint8_t> garbage{0xFF, 0x13, 0x37, 0x00, 0x42};
  const auto in = receive_ngap(garbage);
  ASSERT_EQ(in.what, inbound::verdict::error_indication);
  EXPECT_EQ(std::get<ngap::cause_protocol>(in.cause.value_), ngap::cause_protocol::transfer_syntax_error);
}

TEST(n2_messages, when_a_real_message_is_truncated_anywhere_then_it_is_never_processed) {
  // An NG Setup Request of UERANSIM, the first NGSetupRequest of tests/vectors/pcaps/open5gs_ueransim_sandbox_n2.pcap.
  const auto full = *from_hex(
      "00150041000004001b00090099f9075000000001005240170a00554552414e53494d2d676e622d3939392d37302d31006600"
      "0d00000000010099f907000000080015400140");
  ASSERT_EQ(receive_ngap(full).what, inbound::verdict::process);
  for (std::size_t n = 0; n < full.size(); ++n) {
    const auto in = receive_ngap(std::span(full).first(n));
    EXPECT_EQ(in.what, inbound::verdict::error_indication) << "at " << n;
  }
}

TEST(n2_messages, when_procedure_code_is_unknown_then_criticality_decides) {
  // InitiatingMessage, procedure code 200, criticality reject (0x00) / ignore (0x40), empty open type.
  const std::vector<std::uint8_t> reject{0x00, 200, 0x00, 0x00};
  const std::vector<std::uint8_t> ignore{0x00, 200, 0x40, 0x00};
  const auto r = receive_ngap(reject);
  ASSERT_EQ(r.what, inbound::verdict::error_indication) << r.problem;
  EXPECT_EQ(std::get<ngap::cause_protocol>(r.cause.value_), ngap::cause_protocol::abstract_syntax_error_reject);
  ASSERT_TRUE(r.diagnostics);
  EXPECT_EQ(r.diagnostics->procedure_code_, 200);
  EXPECT_EQ(receive_ngap(ignore).what, inbound::verdict::ignore);
}

TEST(n2_messages, the_problem_kind_says_why_octets_cannot_be_processed_without_reading_the_log_text) {
  EXPECT_EQ(receive_ngap(std::vector<std::uint8_t>{0x00, 200, 0x00, 0x00}).kind, inbound_problem::unknown_procedure);
  EXPECT_EQ(receive_ngap(std::vector<std::uint8_t>{0x00, 200, 0x40, 0x00}).kind, inbound_problem::unknown_procedure);
  const auto garbage = receive_ngap(std::vector<std::uint8_t>{0xFF, 0x13, 0x37, 0x00, 0x42});
  EXPECT_EQ(garbage.kind, inbound_problem::undecodable);
  ASSERT_TRUE(garbage.decode);
  const auto ok = receive_ngap(encode(make_error_indication(protocol_cause(ngap::cause_protocol::semantic_error))));
  EXPECT_EQ(ok.kind, inbound_problem::none);
  EXPECT_FALSE(ok.decode);
}

TEST(n2_messages, printable_string_admits_exactly_the_x680_alphabet) {
  EXPECT_TRUE(is_printable_string("AZaz09 '()+,-./:=?"));
  EXPECT_TRUE(is_printable_string(""));
  int admitted = 0;
  for (int c = 0; c < 256; ++c) admitted += is_printable_string(std::string(1, static_cast<char>(c))) ? 1 : 0;
  EXPECT_EQ(admitted, 26 + 26 + 10 + 12) << "letters, digits and space ' ( ) + , - . / : = ?";
  EXPECT_FALSE(is_printable_string("gnb\n"));
  EXPECT_FALSE(is_printable_string("a_b"));
  EXPECT_FALSE(is_printable_string("caf\xc3\xa9"));
}

TEST(n2_messages, error_indication_encodes_and_decodes_with_its_cause) {
  const auto pdu = make_error_indication(protocol_cause(ngap::cause_protocol::transfer_syntax_error));
  const auto bytes = encode(pdu);
  ASSERT_FALSE(bytes.empty());
  EXPECT_EQ(message_name(bytes), "ErrorIndication");
  const auto back = ngap::decode_ngap_pdu(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, pdu);
}

}  // namespace
}  // namespace meridian::n2
