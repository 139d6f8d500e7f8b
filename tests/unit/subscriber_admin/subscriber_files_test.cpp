// CSV and YAML: import with defaults, export, read back the same, and errors
// that name the file, the line and the field.

#include <gtest/gtest.h>

#include <sstream>

#include "meridian/common/hex.hpp"
#include "meridian/subscriber_admin/subscriber_files.hpp"
#include "meridian/subscriber_admin/subscriber_options.hpp"

namespace meridian::subscriber_admin {
namespace {

constexpr const char* k_hex = "465b5ce8b199b49faa5f0a2ee238a6bc";
constexpr const char* opc_hex = "cd63cb71954a9f4e48a5994e37a02baf";

std::string export_all(file_format f, const std::vector<udr::subscriber>& subs, bool with_keys,
                       const subscriber_defaults& d = {}) {
  std::ostringstream out;
  subscriber_writer w(f, out, with_keys, d);
  w.begin();
  for (const auto& s : subs) EXPECT_TRUE(w.add(s));
  w.end();
  return out.str();
}

TEST(subscriber_files, a_minimal_csv_row_gets_the_defaults) {
  const std::string csv = std::string("supi,k,opc\nimsi-001010000000001,") + k_hex + "," + opc_hex + "\n";
  subscriber_defaults d;
  d.dnns_ = {"internet", "ims"};
  auto subs = import_subscribers(file_format::csv, csv, "subs.csv", d);
  ASSERT_TRUE(subs) << subs.error();
  ASSERT_EQ(subs->size(), 1u);
  const auto& s = (*subs)[0];
  EXPECT_EQ(s.supi_.to_string(), "imsi-001010000000001");
  EXPECT_EQ(to_hex(s.k_.bytes()), k_hex);
  EXPECT_EQ(s.op_kind_, udr::op_kind::opc);
  EXPECT_EQ(s.amf_, (std::array<std::uint8_t, 2>{0x80, 0x00}));
  ASSERT_EQ(s.nssai_.size(), 1u);
  EXPECT_TRUE(s.nssai_[0].default_);
  ASSERT_EQ(s.sessions_.size(), 2u);
  EXPECT_TRUE(s.sessions_[0].default_dnn_);
  EXPECT_EQ(s.sessions_[1].dnn_, "ims");
  EXPECT_FALSE(s.sessions_[1].default_dnn_);
}

TEST(subscriber_files, every_csv_column_is_read) {
  const std::string csv =
      std::string("auth_method,supi,op,k,amf,sqn,ind_length,default_nssai,nssai,dnn,static_ip,ue_ambr_uplink,"
                  "ue_ambr_downlink,rat_restrictions\n") +
      "EAP_AKA_PRIME,nai-bob@example.org," + opc_hex + "," + k_hex +
      ",9001,1f,6,1/010203,2;3,internet;iot,internet=10.45.0.9;iot=2001:db8::9,200 Mbps,\"1 Gbps\",EUTRA;WLAN\n";
  auto subs = import_subscribers(file_format::csv, csv, "subs.csv", {});
  ASSERT_TRUE(subs) << subs.error();
  const auto& s = (*subs)[0];
  EXPECT_EQ(s.auth_method_, udr::auth_method::eap_aka_prime);
  EXPECT_EQ(s.op_kind_, udr::op_kind::op);
  EXPECT_EQ(s.amf_, (std::array<std::uint8_t, 2>{0x90, 0x01}));
  EXPECT_EQ(s.sqn_.sqn_, 0x1fu);
  EXPECT_EQ(s.sqn_.ind_length_, 6u);
  ASSERT_EQ(s.nssai_.size(), 3u);
  EXPECT_EQ(s.nssai_[0].snssai_.to_string(), "1/010203");
  EXPECT_TRUE(s.nssai_[0].default_);
  EXPECT_FALSE(s.nssai_[2].default_);
  ASSERT_EQ(s.sessions_.size(), 2u);
  EXPECT_EQ(s.sessions_[0].snssai_.to_string(), "1/010203");
  EXPECT_EQ(s.sessions_[0].static_ipv4_, "10.45.0.9");
  EXPECT_EQ(s.sessions_[1].static_ipv6_, "2001:db8::9");
  EXPECT_EQ(s.ue_ambr_.uplink_, "200 Mbps");
  EXPECT_EQ(s.rat_restrictions_, (std::vector<sbi::rat_type>{sbi::rat_type::eutra, sbi::rat_type::wlan}));
}

TEST(subscriber_files, csv_errors_name_the_file_line_and_column) {
  const std::string header = "supi,k,opc,amf\n";
  const std::string good = std::string("imsi-001010000000001,") + k_hex + "," + opc_hex + ",8000\n";
  const struct {
    std::string text;
    std::string error;
  } cases[] = {
      {header + good + "imsi-12," + k_hex + "," + opc_hex + ",8000\n",
       "s.csv:3: supi: 'imsi-12' is not a SUPI (imsi-<5 to 15 digits> or nai-<user>@<realm>)"},
      {header + "imsi-001010000000002,465b5ce8," + opc_hex + ",8000\n", "s.csv:2: k: must be 32 hex digits (16 octets)"},
      {header + "imsi-001010000000002," + k_hex + "," + opc_hex + ",80\n", "s.csv:2: amf: must be 4 hex digits"},
      {header + good + "imsi-001010000000002," + k_hex + "\n", "s.csv:3: 2 fields where the header has 4"},
      {"supi,k,opc,colour\n", "s.csv:1: unknown column 'colour'"},
      {"supi,k,k\n", "s.csv:1: column 'k' twice"},
  };
  for (const auto& c : cases) {
    auto subs = import_subscribers(file_format::csv, c.text, "s.csv", {});
    ASSERT_FALSE(subs) << c.text;
    EXPECT_EQ(subs.error(), c.error);
  }
}

TEST(subscriber_files, yaml_carries_every_field_and_reads_back_what_it_wrote) {
  const std::string yaml = std::string(R"(subscribers:
  - supi: imsi-001010000000001
    k: )") + k_hex + R"(
    opc: )" + opc_hex + R"(
    amf: "9001"
    sqn: "000000000041"
    auth_method: EAP_AKA_PRIME
    nssai:
      - {snssai: "1", default: true}
      - {snssai: "2/0a0b0c", default: false}
    sessions:
      - snssai: "1"
        dnn: internet
        default_dnn: true
        pdu_session_types: [IPV4V6, IPV4]
        ssc_modes: [SSC_MODE_1, SSC_MODE_3]
        5qi: 8
        arp: {priority_level: 3, preempt_cap: MAY_PREEMPT, preempt_vuln: NOT_PREEMPTABLE}
        session_ambr: {uplink: 200 Mbps, downlink: 1.5 Gbps}
        static_ipv4: 10.45.0.7
        static_ipv6: "2001:db8:1::/64"
      - {snssai: "2/0a0b0c", dnn: ims, 5qi: 5}
    ue_ambr: {uplink: 500 Mbps, downlink: 2 Gbps}
    rat_restrictions: [EUTRA]
  - supi: nai-bob@example.org
    k: ")" + k_hex + R"("
    op: ")" + opc_hex + R"("
)";
  auto subs = import_subscribers(file_format::yaml, yaml, "subs.yaml", {});
  ASSERT_TRUE(subs) << subs.error();
  ASSERT_EQ(subs->size(), 2u);
  const auto& s = (*subs)[0];
  EXPECT_EQ(s.sqn_.sqn_, 0x41u);
  ASSERT_EQ(s.sessions_.size(), 2u);
  EXPECT_EQ(s.sessions_[0].default_pdu_session_type_, sbi::pdu_session_type::ipv4v6);
  EXPECT_EQ(s.sessions_[0].arp_.preempt_cap_, sbi::preemption_capability::may_preempt);
  EXPECT_EQ(s.sessions_[0].session_ambr_.downlink_, "1.5 Gbps");
  EXPECT_EQ(s.sessions_[0].static_ipv6_, "2001:db8:1::/64");
  EXPECT_EQ(s.sessions_[1].qos_5qi_, 5);
  EXPECT_EQ((*subs)[1].op_kind_, udr::op_kind::op);

  const std::string written = export_all(file_format::yaml, *subs, true);
  auto again = import_subscribers(file_format::yaml, written, "export.yaml", {});
  ASSERT_TRUE(again) << again.error() << "\n" << written;
  EXPECT_EQ(*again, *subs);
}

TEST(subscriber_files, export_leaves_keys_out_unless_asked) {
  const std::string csv = std::string("supi,k,opc\nimsi-001010000000001,") + k_hex + "," + opc_hex + "\n";
  auto subs = import_subscribers(file_format::csv, csv, "s.csv", {});
  ASSERT_TRUE(subs);
  for (auto f : {file_format::csv, file_format::yaml}) {
    const auto without = export_all(f, *subs, false);
    EXPECT_EQ(without.find(k_hex), std::string::npos) << without;
    EXPECT_EQ(without.find(opc_hex), std::string::npos) << without;
    const auto with = export_all(f, *subs, true);
    EXPECT_NE(with.find(k_hex), std::string::npos);
    EXPECT_NE(with.find(opc_hex), std::string::npos);
  }
  const auto shown = subscriber_yaml((*subs)[0], false);
  EXPECT_EQ(shown.find(k_hex), std::string::npos);
  EXPECT_NE(shown.find("supi: \"imsi-001010000000001\""), std::string::npos);
}

TEST(subscriber_files, csv_export_reads_back_the_same_and_refuses_what_it_cannot_carry) {
  const std::string csv =
      std::string("supi,k,opc,default_nssai,nssai,dnn,static_ip,rat_restrictions\n") + "imsi-001010000000001," + k_hex +
      "," + opc_hex + ",1,2/0a0b0c,internet;ims,internet=10.45.0.3,NR_REDCAP\n";
  auto subs = import_subscribers(file_format::csv, csv, "s.csv", {});
  ASSERT_TRUE(subs) << subs.error();
  const auto written = export_all(file_format::csv, *subs, true);
  auto again = import_subscribers(file_format::csv, written, "export.csv", {});
  ASSERT_TRUE(again) << again.error() << "\n" << written;
  EXPECT_EQ(*again, *subs);

  auto custom = (*subs)[0];
  custom.sessions_[0].qos_5qi_ = 7;  // not the default: CSV has no column for it
  std::ostringstream out;
  subscriber_writer w(file_format::csv, out, true, {});
  w.begin();
  auto r = w.add(custom);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("export it as YAML"), std::string::npos);
}

TEST(subscriber_files, yaml_errors_name_the_file_line_and_field) {
  const std::string head = std::string("subscribers:\n  - supi: imsi-001010000000001\n    k: ") + k_hex + "\n";
  const struct {
    std::string text;
    std::string error;
  } cases[] = {
      {head + "    opc: " + opc_hex + "\n    colour: blue\n", "s.yaml:5: subscribers[0].colour: unknown key"},
      {head + "    opc: 1234\n",
       "s.yaml:4: subscribers[0] (imsi-001010000000001).opc: must be 32 hex digits (16 octets)"},
      {head + "    opc: " + opc_hex + "\n    sessions:\n      - {dnn: internet, 5qi: 300}\n",
       "s.yaml:6: subscribers[0] (imsi-001010000000001).sessions[0].5qi: must be a number from 0 to 255"},
      {head + "    opc: " + opc_hex + "\n" + "  - supi: imsi-001010000000001\n    k: " + k_hex + "\n    opc: " +
           opc_hex + "\n",
       "s.yaml:5: subscribers[1]: imsi-001010000000001 is listed twice"},
      {"subscribers: [\n", "s.yaml:2: end of sequence flow not found"},
  };
  for (const auto& c : cases) {
    auto subs = import_subscribers(file_format::yaml, c.text, "s.yaml", {});
    ASSERT_FALSE(subs) << c.text;
    EXPECT_EQ(subs.error(), c.error);
  }
}

TEST(subscriber_files, formats_are_named_or_told_by_the_file_name) {
  EXPECT_EQ(format_named("csv"), file_format::csv);
  EXPECT_EQ(format_named("yaml"), file_format::yaml);
  EXPECT_EQ(format_named("subs.yml"), file_format::yaml);
  EXPECT_EQ(format_named("/tmp/x.csv"), file_format::csv);
  EXPECT_EQ(format_named("x.txt"), std::nullopt);
}

TEST(subscriber_options, options_change_the_named_fields_and_errors_name_the_option) {
  subscriber_keys keys;
  auto s = new_subscriber(*model::supi::parse("imsi-001010000000001"), keys, {});
  subscriber_options o;
  o.auth_method_ = "eap-aka-prime";
  o.sqn_ = "3f";
  o.default_nssai_ = {"1/010203"};
  o.static_ip_ = {"internet=10.45.0.4"};
  ASSERT_TRUE(apply_options(s, o, {}));
  EXPECT_EQ(s.auth_method_, udr::auth_method::eap_aka_prime);
  EXPECT_EQ(s.sqn_.sqn_, 0x3fu);
  // The default session followed the new default S-NSSAI.
  EXPECT_EQ(s.sessions_[0].snssai_.to_string(), "1/010203");
  EXPECT_EQ(s.sessions_[0].static_ipv4_, "10.45.0.4");

  const struct {
    subscriber_options o;
    std::string error;
  } cases[] = {
      {{.amf_ = "800"}, "--amf: must be 4 hex digits"},
      {{.sqn_ = "1000000000000"}, "--sqn: must be 1 to 12 hex digits (48 bits)"},
      {{.default_nssai_ = {"1/01"}}, "--default-nssai: '1/01' is not an S-NSSAI (SST 0..255, optionally /SD in 6 hex digits)"},
      {{.static_ip_ = {"corp=10.0.0.1"}}, "--static-ip: the subscriber has no session for DNN 'corp'"},
      {{.static_ip_ = {"internet=10.0.0.300"}}, "session internet on 1/010203: '10.0.0.300' is not an IPv4 address"},
      {{.rat_restriction_ = {"5G"}}, "--rat-restriction: must be one of NR, EUTRA, WLAN, VIRTUAL, NBIOT, LTE-M, NR_U, EUTRA_U, NR_REDCAP"},
  };
  for (const auto& c : cases) {
    auto copy = s;
    auto r = apply_options(copy, c.o, {});
    ASSERT_FALSE(r) << c.error;
    EXPECT_EQ(r.error(), c.error);
  }
  auto bad = parse_supi_argument("imsi-0010100000000001234");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error(),
            "--supi: 'imsi-0010100000000001234' is not a SUPI (imsi-<5 to 15 digits> or nai-<user>@<realm>)");
}

}  // namespace
}  // namespace meridian::subscriber_admin
