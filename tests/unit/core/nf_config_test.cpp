// Configuration → network function config struct, through each NF's unit:
// defaults with no file, values from a valid file, and errors that name the
// file, line and key.

#include <gtest/gtest.h>

#include "meridian/core/amf_node.hpp"
#include "meridian/core/gnb_node.hpp"
#include "meridian/core/nf_unit.hpp"
#include "meridian/core/upf_node.hpp"

namespace meridian::core {
namespace {

template <class Unit>
config::config_error error_of(std::string_view yaml) {
  try {
    load_config<Unit>(config::document::parse(yaml, "nf.yaml"));
  } catch (const config::config_error& e) {
    return e;
  }
  ADD_FAILURE() << "no config_error for:\n" << yaml;
  return config::config_error("", 0, "", "");
}

TEST(nf_config, when_there_is_no_config_then_the_upf_gets_the_defaults_of_meridian_upf) {
  const auto c = load_config<upf_unit>(config::document::empty());
  EXPECT_EQ(c.datapath_.n3_.bind_.address, (std::array<std::uint8_t, 4>{127, 0, 0, 1}));
  EXPECT_EQ(c.datapath_.n3_.bind_.port, 2152);
  EXPECT_EQ(c.datapath_.workers_, 1u);
  ASSERT_TRUE(c.datapath_.tun_.has_value());
  EXPECT_EQ(c.datapath_.tun_->name_, "upf0");
  EXPECT_EQ(c.datapath_.tun_->mtu_, 1400u);
  EXPECT_TRUE(c.datapath_.tun_->try_offloads_);
  EXPECT_EQ(c.tun_address_, "10.45.0.1/16");
  EXPECT_EQ(c.n4_.port_, 8805);
  EXPECT_TRUE(c.pcap_.empty());
}

TEST(nf_config, when_there_is_no_config_then_the_amf_and_the_gnb_get_their_defaults) {
  const auto amf = load_config<amf_unit>(config::document::empty());
  EXPECT_EQ(amf.amf_.ngap_address, "127.0.0.1");
  EXPECT_EQ(amf.amf_.ngap_port, 38412);
  const auto gnb = load_config<gnb_unit>(config::document::empty());
  ASSERT_EQ(gnb.gnb_.amfs.size(), 1u);
  EXPECT_EQ(gnb.gnb_.amfs[0].port, 38412);
  EXPECT_EQ(gnb.gnb_.count, 1u);
}

TEST(nf_config, when_the_config_is_valid_then_its_values_reach_the_nf_config) {
  const auto c = load_config<upf_unit>(config::document::parse(R"(
upf:
  workers: 3
  n3: {address: 127.0.0.2, port: 3152, gro: false}
  tun: {name: core7, address: 10.60.0.1/24, mtu: 1300}
  buffer: {packets: 8}
n4:
  port: 9805
  smf:
    - address: 127.0.0.9
)",
                                                                "upf.yaml"));
  EXPECT_EQ(c.datapath_.workers_, 3u);
  EXPECT_EQ(c.datapath_.n3_.bind_.address, (std::array<std::uint8_t, 4>{127, 0, 0, 2}));
  EXPECT_EQ(c.datapath_.n3_.bind_.port, 3152);
  EXPECT_FALSE(c.datapath_.n3_.try_gro_);
  EXPECT_EQ(c.datapath_.tun_->name_, "core7");
  EXPECT_EQ(c.datapath_.tun_->mtu_, 1300u);
  EXPECT_EQ(c.tun_address_, "10.60.0.1/24");
  EXPECT_EQ(c.datapath_.sessions_.session_.buffer_.max_packets_, 8u);
  EXPECT_EQ(c.n4_.port_, 9805);
  ASSERT_EQ(c.n4_.smfs_.size(), 1u);
  EXPECT_EQ(c.n4_.smfs_[0].address_, (std::array<std::uint8_t, 4>{127, 0, 0, 9}));

  const auto amf = load_config<amf_unit>(config::document::parse("amf:\n  ngap_port: 39412\nsctp: {}\n", "amf.yaml"));
  EXPECT_EQ(amf.amf_.ngap_port, 39412);
}

TEST(nf_config, when_a_nested_key_is_unknown_then_the_error_names_file_line_and_key) {
  const auto e = error_of<upf_unit>("upf:\n  workers: 1\n  n3:\n    prot: 2152\n");
  EXPECT_EQ(e.file(), "nf.yaml");
  EXPECT_EQ(e.line(), 4);
  EXPECT_EQ(e.key(), "upf.n3.prot");
  EXPECT_NE(std::string(e.what()).find("upf.n3.prot"), std::string::npos) << e.what();
}

TEST(nf_config, when_a_top_level_section_belongs_to_no_nf_of_the_unit_then_it_is_an_error) {
  // `amf:` is not the UPF's: load_config gives the whole document to one NF.
  const auto e = error_of<upf_unit>("upf: {}\namf:\n  ngap_port: 1\n");
  EXPECT_EQ(e.line(), 2);
  EXPECT_EQ(e.key(), "amf");
  const auto g = error_of<gnb_unit>("gnb:\n  tac: 1\n  colour: blue\n");
  EXPECT_EQ(g.line(), 3);
  EXPECT_EQ(g.key(), "gnb.colour");
}

TEST(nf_config, when_a_value_is_invalid_then_the_error_names_its_key) {
  EXPECT_EQ(error_of<upf_unit>("upf:\n  tun:\n    address: 10.45.0.1/40\n").key(), "upf.tun.address");
  EXPECT_EQ(error_of<upf_unit>("upf:\n  workers: 0\n").key(), "upf.workers");
  EXPECT_EQ(error_of<upf_unit>("n4:\n  bind: not-an-address\n").key(), "n4.bind");
}

TEST(nf_config, ipv4_prefixes_parse_with_and_without_a_length) {
  const auto p = parse_ipv4_prefix("10.45.0.1/16");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->address_, (std::array<std::uint8_t, 4>{10, 45, 0, 1}));
  EXPECT_EQ(p->prefix_length_, 16);
  EXPECT_EQ(parse_ipv4_prefix("10.0.0.1")->prefix_length_, 32);
  EXPECT_EQ(parse_ipv4_prefix("10.0.0.1/8")->prefix_length_, 8);
  for (const char* bad : {"", "10.0.0.1/", "10.0.0.1/0", "10.0.0.1/33", "10.0.0.1/1x", "10.0.0/8", "x/8"})
    EXPECT_FALSE(parse_ipv4_prefix(bad)) << bad;
}

}  // namespace
}  // namespace meridian::core
