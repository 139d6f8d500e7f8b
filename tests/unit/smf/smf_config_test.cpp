// The `smf:` YAML section: defaults, every key, and the errors that name the key.

#include <gtest/gtest.h>

#include "meridian/smf/smf_config.hpp"

namespace meridian::smf {
namespace {

smf_config read(std::string_view yaml) {
  smf_config cfg;
  read_smf_config(config::document::parse(yaml, "smf.yaml").root().child("smf"), cfg);
  return cfg;
}

TEST(smf_config, when_there_is_no_section_then_the_defaults_of_the_issue_hold) {
  const smf_config cfg = read("other: {}\n");
  ASSERT_EQ(cfg.dnns_.size(), 1u);
  EXPECT_EQ(cfg.dnns_[0].dnn_, "internet");
  EXPECT_EQ(cfg.dnns_[0].s_nssais_, (std::vector<model::s_nssai>{model::s_nssai{1, std::nullopt}}));
  ASSERT_EQ(cfg.pools_.size(), 1u);
  EXPECT_EQ(cfg.pools_[0].ipv4_->to_string(), "10.45.0.0/16");
  EXPECT_EQ(cfg.pools_[0].ipv6_->to_string(), "2001:db8:cafe::/48");
}

TEST(smf_config, when_every_key_is_given_then_each_lands_in_the_config) {
  const smf_config cfg = read(R"(smf:
  upf_n3_address: 192.0.2.1
  default_qfi: 5
  dnns:
    - dnn: internet
      slices: ["1", "1/010203"]
      five_qi: 8
      arp_priority_level: 3
      arp_preemption_capability: true
      arp_preemption_vulnerability: false
      session_ambr_uplink: 50 Mbps
      session_ambr_downlink: 1.5 Gbps
      dns: [9.9.9.9]
      dns6: ["2620:fe::fe"]
      mtu: 1280
    - dnn: ims
  pools:
    - dnn: internet
      slice: "1/010203"
      ipv4: 10.60.0.0/24
      ipv6: none
    - dnn: ims
      ipv4: none
      ipv6: 2001:db8:1::/56
)");
  EXPECT_EQ(cfg.upf_n3_address_, (ipv4_address{192, 0, 2, 1}));
  EXPECT_EQ(cfg.default_qfi_, 5);
  ASSERT_EQ(cfg.dnns_.size(), 2u);
  const auto& d = cfg.dnns_[0];
  EXPECT_EQ(d.s_nssais_.size(), 2u);
  EXPECT_EQ(d.s_nssais_[1], *model::s_nssai::parse("1/010203"));
  EXPECT_EQ(d.five_qi_, 8);
  EXPECT_EQ(d.arp_priority_level_, 3);
  EXPECT_TRUE(d.arp_preemption_capability_);
  EXPECT_FALSE(d.arp_preemption_vulnerability_);
  EXPECT_EQ(d.session_ambr_uplink_bps_, 50'000'000u);
  EXPECT_EQ(d.session_ambr_downlink_bps_, 1'500'000'000u);
  EXPECT_EQ(d.dns_ipv4_, (std::vector<ipv4_address>{{9, 9, 9, 9}}));
  EXPECT_EQ(d.dns_ipv6_, (std::vector<ipv6_address>{*parse_ipv6("2620:fe::fe")}));
  EXPECT_EQ(d.ipv4_link_mtu_, 1280);
  EXPECT_EQ(cfg.dnns_[1].dnn_, "ims");
  EXPECT_EQ(cfg.dnns_[1].five_qi_, 9) << "an entry starts from the defaults";
  ASSERT_EQ(cfg.pools_.size(), 2u);
  EXPECT_EQ(cfg.pools_[0].s_nssai_, model::s_nssai::parse("1/010203"));
  EXPECT_EQ(cfg.pools_[0].ipv4_->to_string(), "10.60.0.0/24");
  EXPECT_FALSE(cfg.pools_[0].ipv6_);
  EXPECT_FALSE(cfg.pools_[1].ipv4_);
  EXPECT_EQ(cfg.pools_[1].ipv6_->to_string(), "2001:db8:1::/56");
}

void expect_error(std::string_view yaml, std::string_view key) {
  try {
    read(yaml);
    ADD_FAILURE() << "accepted:\n" << yaml;
  } catch (const config::config_error& e) {
    EXPECT_NE(e.key().find(key), std::string::npos) << e.what();
    EXPECT_GT(e.line(), 0) << e.what();
  }
}

TEST(smf_config, when_a_value_is_wrong_then_the_error_names_its_key_and_line) {
  expect_error("smf:\n  dnns:\n    - dnn: internet\n      session_ambr_uplink: fast\n", "session_ambr_uplink");
  expect_error("smf:\n  dnns:\n    - dnn: internet\n      slices: [\"x\"]\n", "slices");
  expect_error("smf:\n  dnns:\n    - dnn: internet\n      dns: [1.2.3]\n", "dns");
  expect_error("smf:\n  dnns:\n    - dnn: internet\n      five_qi: 0\n", "five_qi");
  expect_error("smf:\n  dnns:\n    - dnn: internet\n      colour: red\n", "colour");
  expect_error("smf:\n  dnns:\n    - dnn: a\n    - dnn: a\n", "dnn");
  expect_error("smf:\n  pools:\n    - dnn: internet\n      ipv4: 10.0.0.0/31\n", "ipv4");
  expect_error("smf:\n  pools:\n    - dnn: internet\n      ipv6: 2001:db8::/80\n", "ipv6");
  expect_error("smf:\n  pools:\n    - dnn: internet\n      ipv4: none\n      ipv6: none\n", "ipv4");
  expect_error("smf:\n  pools:\n    - dnn: ims\n", "dnn");
  expect_error("smf:\n  upf_n3_address: nowhere\n", "upf_n3_address");
}

}  // namespace
}  // namespace meridian::smf
