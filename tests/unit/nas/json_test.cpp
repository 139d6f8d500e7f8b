// JSON rendering: every golden vector renders; fields carry the typed values.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "meridian/nas/json.hpp"
#include "nas_test_support.hpp"

namespace meridian::nas::test {
namespace {

using meridian::test::hex_bytes;
using meridian::test::load_vectors;

TEST(nas_json, when_every_vector_is_rendered_then_the_json_parses_and_names_the_message) {
  for (const char* file : {"nas_samples.json", "nas_handbuilt.json", "nas_pcap_samples.json"}) {
    auto doc = load_vectors(file);
    for (const auto& s : doc["samples"]) {
      auto pdu = decode_nas(hex_bytes(s["hex"]));
      ASSERT_TRUE(pdu.has_value());
      auto j = nlohmann::json::parse(to_json(*pdu));
      if (std::holds_alternative<protected_pdu>(*pdu)) {
        ASSERT_TRUE(j.contains("plain_message")) << std::string(s["id"]);
        EXPECT_FALSE(j["plain_message"]["message"].get<std::string>().empty());
      } else {
        EXPECT_EQ(j["message"].get<std::string>(), std::string(message_name(*pdu)));
      }
    }
  }
}

TEST(nas_json, when_a_dl_nas_transport_is_rendered_then_the_5gsm_payload_and_its_ies_are_typed) {
  // pcap-020 inner: DL NAS transport carrying a PDU session establishment accept.
  auto pdu =
      decode_nas(hex_bytes("7e00680100472e0101c211000901000631310101ff010603f42403f424290501c0a8640e2201017900060120410"
                           "101097b000f80000d0408080808000d0408080404250908696e7465726e65741201"));
  ASSERT_TRUE(pdu.has_value());
  auto j = nlohmann::json::parse(to_json(*pdu, 2));
  const auto& sm = j["ies"]["payload"];
  EXPECT_EQ(sm["message"], "PDU session establishment accept");
  EXPECT_EQ(sm["ies"]["PDU address"]["ipv4"], "192.168.100.14");
  EXPECT_EQ(sm["ies"]["DNN"], "internet");
  EXPECT_EQ(sm["ies"]["Extended protocol configuration options"]["dns_server_ipv4"][1], "8.8.4.4");
  EXPECT_EQ(sm["ies"]["Authorized QoS rules"][0]["qfi"], 1);
  EXPECT_EQ(sm["ies"]["Authorized QoS flow descriptions"][0]["parameters"][0]["5qi"], 9);
  EXPECT_EQ(j["ies"]["PDU session ID"], 1);
}

TEST(nas_json, when_octets_decode_then_the_ngap_renderer_gives_their_json_and_otherwise_nothing) {
  const auto doc = load_vectors("nas_samples.json");
  ASSERT_FALSE(doc["samples"].empty());
  const auto bytes = hex_bytes(doc["samples"][0]["hex"]);
  auto pdu = decode_nas(bytes);
  ASSERT_TRUE(pdu.has_value());
  EXPECT_EQ(to_json_if_decodable(bytes), to_json(*pdu));
  EXPECT_EQ(to_json_if_decodable(std::vector<std::uint8_t>{0x7e}), "");
}

}  // namespace
}  // namespace meridian::nas::test
