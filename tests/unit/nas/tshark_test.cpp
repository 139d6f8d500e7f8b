// tshark as the independent oracle: every message our encoder writes (all
// golden vectors re-encoded, and messages built in code) goes into a pcap with
// the USER0 link type mapped to nas-5gs; tshark must decode each without a
// malformed packet or an expert warning/error, name the same message, and agree
// on a few field values. Skipped when tshark is not installed.

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "meridian/common/pcap_writer.hpp"
#include "nas_test_support.hpp"
#include "support/command_output.hpp"

namespace meridian::nas::test {
namespace {

using meridian::test::hex_bytes;
using meridian::test::load_vectors;

bool have_tshark() { return std::system("tshark --version > /dev/null 2>&1") == 0; }

using meridian::test::command_output;

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(s);
  while (std::getline(in, cur, sep)) out.push_back(cur);
  return out;
}

const char* tshark_opts =
    "-o 'uat:user_dlts:\"User 0 (DLT=147)\",\"nas-5gs\",\"0\",\"\",\"0\",\"\"' -o nas-5gs.null_decipher:TRUE";

TEST(nas_tshark, when_tshark_decodes_every_message_we_encode_then_nothing_is_malformed_and_fields_agree) {
  if (!have_tshark()) GTEST_SKIP() << "tshark is not installed";
  struct frame {
    std::string id;
    std::vector<std::uint8_t> bytes;
    std::string name;
  };
  std::vector<frame> frames;
  for (const char* file : {"nas_samples.json", "nas_handbuilt.json", "nas_pcap_samples.json"}) {
    auto doc = load_vectors(file);
    for (const auto& s : doc["samples"]) {
      auto pdu = decode_nas(hex_bytes(s["hex"]));
      ASSERT_TRUE(pdu.has_value()) << std::string(s["id"]);
      auto bytes = encode_nas(*pdu);  // what our encoder writes
      ASSERT_TRUE(bytes.has_value());
      std::string name(message_name(*pdu));
      if (const auto* p = std::get_if<protected_pdu>(&*pdu)) {
        auto inner = decode_plain_nas(p->payload_);
        ASSERT_TRUE(inner.has_value());
        name = message_name(*inner);
      }
      frames.push_back({s["id"], std::move(*bytes), name});
    }
  }
  // A message built in code from typed fields.
  {
    pdu_session_establishment_accept m;
    m.selected_pdu_session_type_ = {pdu_session_type_value::ipv4};
    qos_rule rule;
    rule.default_rule_ = true;
    rule.packet_filters_.push_back(
        {packet_filter_direction::bidirectional, 1, {{packet_filter_component_type::match_all, {}}}});
    rule.precedence_ = 255;
    rule.qfi_ = 9;
    m.authorized_qos_rules_.rules_ = {rule};
    m.session_ambr_ = {6, 100, 6, 50};
    m.pdu_address_ =
        pdu_address{pdu_session_type_value::ipv4, false, std::array<std::uint8_t, 4>{10, 45, 0, 7}, {}, {}};
    m.authorized_qos_flow_descriptions_ =
        qos_flow_descriptions{{{9, qos_flow_operation::create_new, true, {{qos_flow_parameter_id::five_qi, {9}}}}}};
    m.extended_protocol_configuration_options_ = extended_pco{0x80, {{pco_id::dns_server_ipv4_address, {8, 8, 4, 4}}}};
    m.dnn_ = dnn{"ims.example"};
    auto sm = encode_nas(7, 3, gsm_message(m));
    ASSERT_TRUE(sm.has_value());
    dl_nas_transport dl;
    dl.payload_container_ = octets{*sm};
    dl.pdu_session_id_ = 7;
    auto bytes = encode_nas(gmm_message(dl));
    ASSERT_TRUE(bytes.has_value());
    frames.push_back({"built-dl-nas-transport", *bytes, "DL NAS transport"});
  }

  const auto dir = std::filesystem::temp_directory_path() / ("meridian_nas_tshark_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto file = dir / "nas.pcap";
  {
    auto w = pcap_writer::create(file, static_cast<pcap_link_type>(147));
    ASSERT_TRUE(w.has_value()) << w.error();
    for (const auto& f : frames) ASSERT_TRUE(w->write(clock::wall_time{}, f.bytes));
    ASSERT_TRUE(w->flush());
  }
  const std::string base = std::string("tshark -r ") + file.string() + " " + tshark_opts;
  const std::string verbose = command_output(base + " -V 2>/dev/null");
  EXPECT_EQ(verbose.find("Malformed"), std::string::npos) << "tshark reports a malformed packet";
  EXPECT_EQ(verbose.find("Severity level: Error"), std::string::npos);
  EXPECT_EQ(verbose.find("Severity level: Warn"), std::string::npos);
  EXPECT_EQ(verbose.find("Extraneous Data"), std::string::npos);

  const std::string fields =
      command_output(base +
                     " -T fields -E separator='|' -e frame.number -e _ws.col.Info -e _ws.expert.severity"
                     " -e nas_5gs.cmn.dnn -e nas_5gs.sm.pdu_addr_inf_ipv4 -e nas_5gs.sm.5qi 2>/dev/null");
  auto lines = split(fields, '\n');
  ASSERT_EQ(lines.size(), frames.size());
  for (std::size_t i = 0; i < frames.size(); ++i) {
    auto cols = split(lines[i], '|');
    cols.resize(6);
    std::string info = cols[1], name = frames[i].name;
    for (auto& c : info) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_EQ(info.rfind(name, 0), 0u) << frames[i].id << ": tshark says '" << cols[1] << "'";
    // Expert severities: chat 0x200000, note 0x400000, warn 0x600000, error 0x800000.
    for (const auto& sev : split(cols[2], ',')) {
      if (sev.empty()) continue;
      EXPECT_LT(std::stoul(sev), 0x600000ul) << frames[i].id << ": expert warning or error " << sev;
    }
  }
  // Field values: the message built in code (last frame).
  auto last = split(lines.back(), '|');
  last.resize(6);
  EXPECT_EQ(last[3], "ims.example");
  EXPECT_EQ(last[4], "10.45.0.7");
  EXPECT_EQ(last[5].substr(0, 1), "9");
  // And one capture sample: pcap-020 carries DNN "internet" and 192.168.100.14.
  for (std::size_t i = 0; i < frames.size(); ++i) {
    if (frames[i].id != "pcap-020") continue;
    auto c = split(lines[i], '|');
    c.resize(6);
    EXPECT_EQ(c[3], "internet");
    EXPECT_EQ(c[4], "192.168.100.14");
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace meridian::nas::test
