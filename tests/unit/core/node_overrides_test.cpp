// Command-line overrides over each NF's configuration: what each option
// changes, what it leaves alone, and the one-line errors that name it.

#include <gtest/gtest.h>

#include <fmt/format.h>

#include "meridian/core/node_overrides.hpp"

namespace meridian::core {
namespace {

TEST(node_overrides, nothing_given_leaves_every_nf_config_as_configured) {
  amf_node_config amf;
  ASSERT_TRUE(apply_overrides(amf_overrides{}, amf).has_value());
  EXPECT_EQ(amf.amf_.ngap_address, "127.0.0.1");
  EXPECT_EQ(amf.amf_.ngap_port, 38412);
  EXPECT_EQ(amf.amf_.time_to_wait, ngap::time_to_wait::v10s);
  gnb_node_config gnb;
  ASSERT_TRUE(apply_overrides(gnb_overrides{}, gnb).has_value());
  EXPECT_EQ(gnb.gnb_.amfs, (std::vector<gnb::amf_address>{gnb::amf_address{}}));
  EXPECT_EQ(gnb.gnb_.count, 1u);
  upf_node_config upf;
  ASSERT_TRUE(apply_overrides(upf_overrides{}, upf).has_value());
  EXPECT_EQ(upf.tun_address_, "10.45.0.1/16");
  EXPECT_TRUE(upf.n4_.smfs_.empty());
}

TEST(node_overrides, the_amfs_address_port_plmns_and_time_to_wait_replace_the_configured_ones) {
  amf_node_config cfg;
  amf_overrides o;
  o.ngap_address_ = "127.0.0.5";
  o.ngap_port_ = 0;
  o.plmns_ = {"001/01", "208/93"};
  o.time_to_wait_ = 20;
  ASSERT_TRUE(apply_overrides(o, cfg).has_value());
  EXPECT_EQ(cfg.amf_.ngap_address, "127.0.0.5");
  EXPECT_EQ(cfg.amf_.ngap_port, 0);
  ASSERT_EQ(cfg.amf_.plmn_support.size(), 2u);
  EXPECT_EQ(cfg.amf_.plmn_support[1].plmn.to_string(), "208/93");
  EXPECT_EQ(cfg.amf_.time_to_wait, ngap::time_to_wait::v20s);
}

TEST(node_overrides, a_time_to_wait_ngap_cannot_code_or_a_bad_plmn_is_refused_by_name) {
  amf_node_config cfg;
  amf_overrides o;
  o.time_to_wait_ = 3;
  EXPECT_EQ(apply_overrides(o, cfg).error(), "--time-to-wait: one of 1, 2, 5, 10, 20, 60");
  o = {};
  o.plmns_ = {"001/01", "x"};
  EXPECT_EQ(apply_overrides(o, cfg).error(), "--plmn: 'x' is not a PLMN (MCC/MNC)");
}

TEST(node_overrides, udp_encapsulation_picks_usrsctp_only_when_the_backend_was_automatic) {
  transport::sctp_config cfg;
  cfg.backend = transport::sctp_backend_kind::automatic;
  sctp_overrides o{"udp", 9899, 9900};
  ASSERT_TRUE(apply_overrides(o, cfg).has_value());
  EXPECT_EQ(cfg.encapsulation, transport::sctp_encapsulation::udp);
  EXPECT_EQ(cfg.backend, transport::sctp_backend_kind::usrsctp);
  EXPECT_EQ(cfg.udp_encapsulation_port, 9899);
  EXPECT_EQ(cfg.remote_udp_encapsulation_port, 9900);
  EXPECT_EQ(apply_overrides(sctp_overrides{"tcp"}, cfg).error(),
            "--sctp-encapsulation: 'tcp' is not one of: none, udp");
}

TEST(node_overrides, gnb_amfs_take_ipv4_ipv6_and_bare_addresses_with_the_default_port) {
  gnb_node_config cfg;
  gnb_overrides o;
  o.amfs_ = {"10.0.0.1", "10.0.0.2:3000", "[::1]:4000", "fe80::1"};
  o.amf_port_ = 5000;
  ASSERT_TRUE(apply_overrides(o, cfg).has_value());
  EXPECT_EQ(cfg.gnb_.amfs,
            (std::vector<gnb::amf_address>{{"10.0.0.1", 5000}, {"10.0.0.2", 3000}, {"::1", 4000}, {"fe80::1", 5000}}));
  o.amfs_ = {"[::1"};
  EXPECT_EQ(apply_overrides(o, cfg).error(), "--amf: '[::1' is not ADDRESS[:PORT]");
  o.amfs_ = {"10.0.0.1:70000"};
  EXPECT_EQ(apply_overrides(o, cfg).error(), "--amf: 70000 is out of range [0, 65535]");
}

TEST(node_overrides, a_port_alone_moves_every_configured_amf) {
  gnb_node_config cfg;
  cfg.gnb_.amfs = {{"10.0.0.1", 1}, {"10.0.0.2", 2}};
  gnb_overrides o;
  o.amf_port_ = 7;
  ASSERT_TRUE(apply_overrides(o, cfg).has_value());
  EXPECT_EQ(cfg.gnb_.amfs, (std::vector<gnb::amf_address>{{"10.0.0.1", 7}, {"10.0.0.2", 7}}));
}

TEST(node_overrides, the_gnb_id_must_fit_its_length_with_every_gnb_of_the_count) {
  gnb_node_config cfg;
  const unsigned bits = cfg.gnb_.identity.length_bits();
  gnb_overrides o;
  o.plmn_ = "208/93";
  o.gnb_id_ = "0x10";
  o.count_ = 3;
  o.tac_ = 7;
  ASSERT_TRUE(apply_overrides(o, cfg).has_value());
  EXPECT_EQ(cfg.gnb_.identity.plmn_id().to_string(), "208/93");
  EXPECT_EQ(cfg.gnb_.identity.gnb_id(), 16u);
  EXPECT_EQ(cfg.gnb_.identity.length_bits(), bits);
  EXPECT_EQ(cfg.gnb_.count, 3u);
  EXPECT_EQ(cfg.gnb_.tac, model::tac::literal(7));
  o.gnb_id_ = std::to_string((std::uint64_t{1} << bits) - 2);  // the last id and one more
  EXPECT_EQ(apply_overrides(o, cfg).error(), "--count: the gNB ids overflow the gNB ID length");
  o.gnb_id_ = std::to_string(std::uint64_t{1} << bits);
  EXPECT_EQ(apply_overrides(o, cfg).error(), fmt::format("--gnb-id: {} is out of range [0, {}]",
                                                         std::uint64_t{1} << bits, (std::uint64_t{1} << bits) - 1));
}

TEST(node_overrides, upf_addresses_ports_smfs_and_workers_reach_its_config) {
  upf_node_config cfg;
  upf_overrides o;
  o.n3_address_ = "127.0.0.7";
  o.n3_port_ = 3152;
  o.n4_address_ = "127.0.0.8";
  o.n4_port_ = 9805;
  o.smfs_ = {"127.0.0.9"};
  o.tun_name_ = "core7";
  o.tun_address_ = "10.60.0.1/24";
  o.workers_ = 2;
  ASSERT_TRUE(apply_overrides(o, cfg).has_value());
  EXPECT_EQ(cfg.datapath_.n3_.bind_.address, (std::array<std::uint8_t, 4>{127, 0, 0, 7}));
  EXPECT_EQ(cfg.datapath_.n3_.bind_.port, 3152);
  EXPECT_EQ(cfg.n4_.bind_address_, (std::array<std::uint8_t, 4>{127, 0, 0, 8}));
  EXPECT_EQ(cfg.n4_.port_, 9805);
  ASSERT_EQ(cfg.n4_.smfs_.size(), 1u);
  EXPECT_EQ(cfg.n4_.smfs_[0].address_, (std::array<std::uint8_t, 4>{127, 0, 0, 9}));
  EXPECT_EQ(cfg.n4_.smfs_[0].port_, 8805);
  EXPECT_EQ(cfg.datapath_.tun_->name_, "core7");
  EXPECT_EQ(cfg.tun_address_, "10.60.0.1/24");
  EXPECT_EQ(cfg.datapath_.workers_, 2u);
}

TEST(node_overrides, the_tun_prefix_is_checked_first_then_each_address_by_its_option) {
  upf_node_config cfg;
  upf_overrides o;
  o.tun_address_ = "x";
  o.n3_address_ = "1.2.3";
  EXPECT_EQ(apply_overrides(o, cfg).error(), "--tun-address: 'x' is not an IPv4 prefix (a.b.c.d/len)");
  upf_node_config fresh;
  o.tun_address_ = {};
  EXPECT_EQ(apply_overrides(o, fresh).error(), "--n3-address: '1.2.3' is not an IPv4 address");
  o.n3_address_ = {};
  o.smfs_ = {"foo"};
  EXPECT_EQ(apply_overrides(o, fresh).error(), "--smf: 'foo' is not an IPv4 address");
}

}  // namespace
}  // namespace meridian::core
