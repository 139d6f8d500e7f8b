// Message types with no public sample: golden vectors built by hand from the
// TS 24.501 tables (tests/vectors/nas_handbuilt.json, each checked with
// tshark), messages built in code compared with them, and the IE structures
// of the brief (mobile identities, TAI lists, NSSAI, QoS, PDU address, ePCO).

#include <gtest/gtest.h>

#include "nas_test_support.hpp"

namespace meridian::nas::test {
namespace {

using meridian::test::hex_bytes;
using meridian::test::load_vectors;

std::string encode_hex(const nas_pdu& p) {
  auto e = encode_nas(p);
  EXPECT_TRUE(e.has_value()) << (e ? "" : e.error().message());
  return e ? to_hex(*e) : std::string{};
}

TEST(nas_handbuilt, when_handbuilt_vectors_are_decoded_then_they_reencode_and_name_the_expected_message) {
  auto doc = load_vectors("nas_handbuilt.json");
  ASSERT_GE(doc["samples"].size(), 30u);
  for (const auto& s : doc["samples"]) {
    const std::string id = s["id"];
    auto bytes = hex_bytes(s["hex"]);
    auto pdu = expect_round_trip(bytes, id);
    ASSERT_TRUE(pdu.has_value()) << id;
    EXPECT_EQ(std::string(message_name(*pdu)), std::string(s["message"])) << id;
    expect_truncation_safe(bytes, id);
  }
}

TEST(nas_handbuilt, when_a_service_request_is_built_then_it_matches_the_golden_vector) {
  service_request m;
  m.ngksi_ = {false, 2};
  m.service_type_ = {service_type_value::data};
  m.s_tmsi_.value_ = s_tmsi_5g_identity{{model::amf_set_id::literal(1), model::amf_pointer::literal(0), model::tmsi_5g::literal(0xc0000001)}};
  m.uplink_data_status_ = psi_bitmap{1u << 5, {}};
  m.pdu_session_status_ = psi_bitmap{1u << 5, {}};
  EXPECT_EQ(encode_hex(gmm_pdu{m}), "7e004c120007f40040c00000014002200050022000");
  auto back = decode_nas(hex_bytes("7e004c120007f40040c00000014002200050022000"));
  ASSERT_TRUE(back.has_value());
  EXPECT_TRUE(std::get<service_request>(std::get<gmm_pdu>(*back).message_) == m);
}

TEST(nas_handbuilt, when_a_registration_accept_with_tai_list_and_nssai_is_built_then_it_matches_the_golden_vector) {
  registration_accept m;
  m.registration_result_.value_ = 1;
  m.registration_result_.sms_allowed_ = true;
  const model::plmn plmn = *model::plmn::from_digits("001", "01");
  m.tai_list_ = tai_list{{tai_list_tacs{plmn, {model::tac::literal(1), model::tac::literal(2)}},
                          tai_list_consecutive{plmn, model::tac::literal(0x10), 4}}};
  const auto sd = [](std::uint32_t v) { return model::slice_differentiator::from(v); };
  const model::s_nssai sst2{2, {}};
  m.allowed_nssai_ = nssai{{s_nssai{{1, {}}, {}}, s_nssai{{1, {}}, sst2}, s_nssai{{1, sd(1)}, {}},
                            s_nssai{{1, sd(1)}, sst2}, s_nssai{{1, sd(1)}, model::s_nssai{2, sd(2)}}}};
  m.rejected_nssai_ = rejected_nssai{{{0, {1, {}}}, {1, {1, sd(1)}}}};
  m.t3512_value_ = gprs_timer_3{1, 1};
  m.non_3gpp_deregistration_timer_value_ = gprs_timer_2{2, 0x1e};
  m.t3502_value_ = gprs_timer_2{1, 0x0c};
  auto doc = load_vectors("nas_handbuilt.json");
  for (const auto& s : doc["samples"]) {
    if (s["id"] == "registration-accept-tai-nssai") {
      EXPECT_EQ(encode_hex(gmm_pdu{m}), std::string(s["hex"]));
    }
  }
  EXPECT_EQ(*m.t3512_value_->seconds(), 3600u);
}

TEST(nas_handbuilt, when_a_pdu_session_establishment_accept_is_built_then_it_decodes_equal) {
  pdu_session_establishment_accept m;
  m.selected_pdu_session_type_ = {pdu_session_type_value::ipv4v6};
  m.selected_ssc_mode_ = {1};
  qos_rule rule;
  rule.identifier_ = 1;
  rule.default_rule_ = true;
  rule.packet_filters_.push_back(
      {packet_filter_direction::bidirectional, 1, {{packet_filter_component_type::match_all, {}}}});
  rule.precedence_ = 255;
  rule.qfi_ = 1;
  qos_rule rule2;
  rule2.identifier_ = 2;
  rule2.packet_filters_.push_back(
      {packet_filter_direction::uplink,
       2,
       {{packet_filter_component_type::ipv4_remote_address, {10, 0, 0, 1, 255, 255, 255, 255}},
        {packet_filter_component_type::protocol_identifier_next_header, {17}},
        {packet_filter_component_type::single_remote_port, {0x13, 0xc4}}}});
  rule2.precedence_ = 10;
  rule2.qfi_ = 2;
  rule2.segregation_ = true;
  m.authorized_qos_rules_.rules_ = {rule, rule2};
  m.session_ambr_ = {6, 1000, 6, 500};
  m.pdu_address_ = pdu_address{pdu_session_type_value::ipv4v6,
                               false,
                               std::array<std::uint8_t, 4>{10, 45, 0, 2},
                               std::array<std::uint8_t, 8>{0, 0, 0, 0, 0, 0, 0, 1},
                               {}};
  m.s_nssai_ = s_nssai{{1, model::slice_differentiator::from(0x010203)}, {}};
  m.authorized_qos_flow_descriptions_ =
      qos_flow_descriptions{{{1, qos_flow_operation::create_new, true, {{qos_flow_parameter_id::five_qi, {9}}}},
                             {2,
                              qos_flow_operation::create_new,
                              true,
                              {{qos_flow_parameter_id::five_qi, {1}},
                               {qos_flow_parameter_id::gfbr_uplink, {6, 0, 100}},
                               {qos_flow_parameter_id::gfbr_downlink, {6, 0, 100}}}}}};
  m.extended_protocol_configuration_options_ =
      extended_pco{0x80, {{pco_id::dns_server_ipv4_address, {8, 8, 8, 8}}, {pco_id::ipv4_link_mtu, {0x05, 0xdc}}}};
  m.dnn_ = dnn{"internet.mnc001.mcc001.gprs"};
  gsm_pdu pdu{5, 1, m};
  auto bytes = encode_nas(pdu);
  ASSERT_TRUE(bytes.has_value());
  auto back = decode_nas(*bytes);
  ASSERT_TRUE(back.has_value()) << back.error().message();
  EXPECT_TRUE(std::get<gsm_pdu>(*back) == pdu);
  const auto& ac = std::get<pdu_session_establishment_accept>(std::get<gsm_pdu>(*back).message_);
  ASSERT_EQ(ac.extended_protocol_configuration_options_->dns_server_ipv4().size(), 1u);
  EXPECT_EQ(*ac.extended_protocol_configuration_options_->ipv4_link_mtu(), 1500);
  EXPECT_EQ(session_ambr::bits_per_second(6, 1000), 1'000'000'000ull);
  EXPECT_EQ(session_ambr::bits_per_second(3, 2), 32'000ull);
  EXPECT_EQ(session_ambr::bits_per_second(11, 1), 1'000'000'000ull);
  expect_round_trip(*bytes, "built PDU session establishment accept");
  expect_truncation_safe(*bytes, "built PDU session establishment accept");
}

TEST(nas_handbuilt, when_mobile_identities_are_decoded_then_their_fields_are_typed) {
  auto imei_pdu = decode_nas(hex_bytes("7e005c00083b65390853468390"));
  ASSERT_TRUE(imei_pdu.has_value());
  const auto& id = std::get<identity_response>(std::get<gmm_pdu>(*imei_pdu).message_).mobile_identity_;
  EXPECT_EQ(std::get<imei>(id.value_).digits_, "356938035643809");

  auto suci = decode_nas(hex_bytes("7e005c000d0199f907f0ff00000000203190"));
  ASSERT_TRUE(suci.has_value());
  const auto& s =
      std::get<suci_imsi>(std::get<identity_response>(std::get<gmm_pdu>(*suci).message_).mobile_identity_.value_);
  EXPECT_EQ(s.plmn_.mcc(), "999");
  EXPECT_EQ(s.plmn_.mnc(), "70");
  EXPECT_EQ(s.routing_indicator_, "0");
  EXPECT_EQ(s.msin(), "0000021309");
  const auto as_model = s.to_model();
  ASSERT_TRUE(as_model);
  EXPECT_EQ(as_model->to_string(), "suci-0-999-70-0-0-0-0000021309");
  EXPECT_EQ(as_model->msin(), "0000021309");

  // A routing indicator with an F before a digit decodes (and re-encodes) as
  // received, but is not a SUCI of TS 23.003 §2.2B.
  auto odd_ri = decode_nas(hex_bytes("7e005c000d0199f9070fff00000000203190"));
  ASSERT_TRUE(odd_ri.has_value());
  const auto& o =
      std::get<suci_imsi>(std::get<identity_response>(std::get<gmm_pdu>(*odd_ri).message_).mobile_identity_.value_);
  EXPECT_EQ(o.routing_indicator_, "F0");
  EXPECT_FALSE(o.to_model());

  auto nai = decode_nas(hex_bytes("7e005c00111175736572406578616d706c652e6f7267"));
  ASSERT_TRUE(nai.has_value());
  EXPECT_EQ(
      std::get<suci_nai>(std::get<identity_response>(std::get<gmm_pdu>(*nai).message_).mobile_identity_.value_).nai_,
      "user@example.org");

  auto guti = decode_nas(hex_bytes("7e004509000bf200f110020040c0000580"));
  ASSERT_TRUE(guti.has_value());
  const auto& g = std::get<guti_5g_identity>(
                      std::get<deregistration_request_ue_originating>(std::get<gmm_pdu>(*guti).message_)
                          .mobile_identity_.value_)
                      .value_;
  EXPECT_EQ(g.guami_.amf_id_.region_.value(), 2);
  EXPECT_EQ(g.guami_.amf_id_.set_.value(), 1);
  EXPECT_EQ(g.guami_.amf_id_.pointer_.value(), 0);
  EXPECT_EQ(g.tmsi_.value(), 0xc0000580u);
}

}  // namespace
}  // namespace meridian::nas::test

namespace meridian::nas::test {
namespace {

TEST(nas_handbuilt, when_all_vectors_are_decoded_then_every_message_type_has_a_golden_vector) {
  std::array<bool, std::variant_size_v<gmm_message>> gmm{};
  std::array<bool, std::variant_size_v<gsm_message>> gsm{};
  auto note = [&](const nas_pdu& pdu, auto& self) -> void {
    if (const auto* g = std::get_if<gmm_pdu>(&pdu)) {
      gmm[g->message_.index()] = true;
      std::visit(
          [&](const auto& m) {
            using T = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<T, ul_nas_transport> || std::is_same_v<T, dl_nas_transport>) {
              auto pl = decode_payload(m.payload_container_type_, m.payload_container_.bytes_);
              if (pl)
                if (const auto* s = std::get_if<gsm_pdu>(&*pl)) gsm[s->message_.index()] = true;
            }
          },
          g->message_);
    } else if (const auto* s = std::get_if<gsm_pdu>(&pdu)) {
      gsm[s->message_.index()] = true;
    } else {
      auto inner = decode_plain_nas(std::get<protected_pdu>(pdu).payload_);
      if (inner) self(*inner, self);
    }
  };
  for (const char* file : {"nas_samples.json", "nas_handbuilt.json", "nas_pcap_samples.json"}) {
    auto doc = meridian::test::load_vectors(file);
    for (const auto& s : doc["samples"]) {
      auto pdu = decode_nas(meridian::test::hex_bytes(s["hex"]));
      ASSERT_TRUE(pdu.has_value());
      note(*pdu, note);
    }
  }
  for (std::size_t i = 0; i < gmm.size(); ++i) EXPECT_TRUE(gmm[i]) << "no vector for 5GMM alternative " << i;
  for (std::size_t i = 0; i < gsm.size(); ++i) EXPECT_TRUE(gsm[i]) << "no vector for 5GSM alternative " << i;
}

}  // namespace
}  // namespace meridian::nas::test
