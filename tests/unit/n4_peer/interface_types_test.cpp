// TS 29.244 §8.2.118 3GPP Interface Type in the test SMF's rules: derived from
// the Source / Destination Interface, never over a value already set, encoded
// as tshark (the independent oracle) reads it.

#include "meridian/n4_peer/interface_types.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <string>

#include "meridian/common/ip_framing.hpp"
#include "meridian/common/pcap_writer.hpp"
#include "support/command_output.hpp"

namespace meridian::n4_peer {
namespace {

using meridian::test::command_output;
using type_ie = pfcp::three_gpp_interface_type;

/// A PDU session's four rules: uplink PDR (Access) and FAR (to Core), downlink PDR (Core) and FAR (to Access).
pfcp::session_establishment_request session() {
  pfcp::session_establishment_request req;
  req.node_id_.type_ = pfcp::node_id::kind::ipv4;
  req.node_id_.ipv4_ = {127, 0, 0, 2};
  req.cp_f_seid_.seid_ = *seid::from(1);
  req.cp_f_seid_.ipv4_ = {127, 0, 0, 2};
  pfcp::create_pdr ul;
  ul.pdr_id_.value_ = 1;
  ul.pdi_.source_interface_.value_ = pfcp::interface_value::access;
  pfcp::f_teid ft;
  ft.choose_ = true;
  ft.choose_ipv4_ = true;
  ul.pdi_.local_f_teid_ = ft;
  ul.outer_header_removal_ = pfcp::outer_header_removal{};
  ul.far_id_ = pfcp::far_id{1};
  pfcp::create_pdr dl;
  dl.pdr_id_.value_ = 2;
  dl.pdi_.source_interface_.value_ = pfcp::interface_value::core;
  pfcp::ue_ip_address ue;
  ue.ipv4_ = {10, 45, 0, 2};
  ue.destination_ = true;
  dl.pdi_.ue_ip_address_.push_back(ue);
  dl.far_id_ = pfcp::far_id{2};
  pfcp::create_far to_core;
  to_core.far_id_.value_ = 1;
  to_core.apply_action_.set(pfcp::flags::apply_action::forw);
  to_core.forwarding_parameters_ = pfcp::forwarding_parameters{};
  to_core.forwarding_parameters_->destination_interface_.value_ = pfcp::interface_value::core;
  pfcp::create_far to_access;
  to_access.far_id_.value_ = 2;
  to_access.apply_action_.set(pfcp::flags::apply_action::forw);
  pfcp::forwarding_parameters access;
  access.destination_interface_.value_ = pfcp::interface_value::access;
  pfcp::outer_header_creation ohc;
  ohc.description_ = pfcp::outer_header_creation::gtpu_udp_ipv4;
  ohc.teid_ = *teid::from(0x100);
  ohc.ipv4_ = {10, 150, 3, 1};
  access.outer_header_creation_ = ohc;
  to_access.forwarding_parameters_ = access;
  req.create_pdr_ = {ul, dl};
  req.create_far_ = {to_core, to_access};
  return req;
}

TEST(interface_types, when_added_then_the_uplink_is_n3_to_n6_and_the_downlink_n6_to_n3) {
  auto req = session();
  add_interface_types(req);
  EXPECT_EQ(req.create_pdr_[0].pdi_.source_interface_type_, type_ie{11});  // N3 3GPP Access
  EXPECT_EQ(req.create_pdr_[1].pdi_.source_interface_type_, type_ie{17});  // N6
  EXPECT_EQ(req.create_far_[0].forwarding_parameters_->destination_interface_type_, type_ie{17});
  EXPECT_EQ(req.create_far_[1].forwarding_parameters_->destination_interface_type_, type_ie{11});
}

TEST(interface_types, when_a_rule_already_names_one_or_has_no_3gpp_interface_then_it_is_left_as_it_is) {
  auto req = session();
  req.create_pdr_[0].pdi_.source_interface_type_ = type_ie{15};  // N9: an intermediate UPF's uplink
  req.create_far_[0].forwarding_parameters_->destination_interface_.value_ = pfcp::interface_value::cp_function;
  add_interface_types(req);
  EXPECT_EQ(req.create_pdr_[0].pdi_.source_interface_type_, type_ie{15});
  EXPECT_EQ(req.create_far_[0].forwarding_parameters_->destination_interface_type_, std::nullopt);
  EXPECT_EQ(interface_type_for(pfcp::interface_value::sgi_lan_n6_lan), three_gpp_interface::n6);
  EXPECT_EQ(interface_type_for(pfcp::interface_value::five_g_vn_internal), std::nullopt);
}

TEST(interface_types, when_a_modification_changes_a_far_destination_then_its_type_follows) {
  pfcp::session_modification_request mod;
  pfcp::update_far uf;
  uf.far_id_.value_ = 2;
  uf.update_forwarding_parameters_ = pfcp::update_forwarding_parameters{};
  uf.update_forwarding_parameters_->destination_interface_ = pfcp::destination_interface{pfcp::interface_value::access};
  pfcp::update_far keep;  // no new destination: nothing to derive a type from
  keep.far_id_.value_ = 1;
  keep.update_forwarding_parameters_ = pfcp::update_forwarding_parameters{};
  mod.update_far_ = {uf, keep};
  mod.create_pdr_ = session().create_pdr_;
  add_interface_types(mod);
  EXPECT_EQ(mod.update_far_[0].update_forwarding_parameters_->destination_interface_type_, type_ie{11});
  EXPECT_EQ(mod.update_far_[1].update_forwarding_parameters_->destination_interface_type_, std::nullopt);
  EXPECT_EQ(mod.create_pdr_[0].pdi_.source_interface_type_, type_ie{11});
}

TEST(interface_types, when_written_to_a_pcap_then_tshark_reads_each_3gpp_interface_type_without_errors) {
  if (command_output("command -v tshark").empty()) GTEST_SKIP() << "tshark is not installed";
  const auto path = std::filesystem::temp_directory_path() /
                    ("meridian_n4_peer_interface_types_" + std::to_string(::getpid()) + ".pcap");
  {
    auto w = pcap_writer::create(path);
    ASSERT_TRUE(w) << w.error();
    pfcp::message m;
    m.header_.seid_ = seid{};
    m.header_.sequence_number_ = 7;
    auto req = session();
    add_interface_types(req);
    m.body_ = req;
    auto bytes = pfcp::encode(m);
    ASSERT_TRUE(bytes) << bytes.error().message();
    auto frame = ipv4_udp_frame({{127, 0, 0, 2}, 8805}, {{127, 0, 0, 1}, 8805}, *bytes);
    ASSERT_TRUE(frame);
    ASSERT_TRUE(w->write(clock::wall_time{}, *frame));
    ASSERT_TRUE(w->flush());
  }
  const std::string fields = command_output("tshark -r " + path.string() +
                                            " -T fields -E 'separator=;' -e pfcp.source_interface"
                                            " -e pfcp.dst_interface -e pfcp.tgpp_interface_type 2>/dev/null");
  const std::string named = command_output("tshark -r " + path.string() +
                                           " -V 2>/dev/null | grep -c '3GPP Interface "
                                           "Type: N3 3GPP Access\\|3GPP Interface "
                                           "Type: N6'");
  const std::string expert =
      command_output("tshark -r " + path.string() + " -Y '_ws.malformed || _ws.expert' 2>/dev/null");
  std::filesystem::remove(path);
  // In message order: PDR 1 (Access, N3), PDR 2 (Core, N6), FAR 1 (Core, N6), FAR 2 (Access, N3).
  EXPECT_EQ(fields, "0,1;1,0;11,17,17,11\n");
  EXPECT_EQ(named, "4\n");
  EXPECT_EQ(expert, "") << expert;
}

}  // namespace
}  // namespace meridian::n4_peer
