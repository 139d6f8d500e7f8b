// tshark is the oracle for what the SMF produces: the N1 SM accept (inside a
// DL NAS Transport, as the AMF forwards it) and the N2 PDU Session Resource
// Setup Request Transfer go into the NGAP PDU Session Resource Setup Request
// they travel in (SCTP port 38412, PPID 60), the release command and the
// N2 release command transfer likewise, and the PFCP requests onto UDP 8805.
// tshark must dissect all of it with no malformed packet and no expert error.

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "meridian/common/ip_framing.hpp"
#include "meridian/common/pcap_writer.hpp"
#include "meridian/n2/n2_messages.hpp"
#include "meridian/n2/n2_types.hpp"
#include "smf/smf_fixture.hpp"
#include "support/command_output.hpp"

namespace meridian::smf::test {
namespace {

using type = nas::pdu_session_type_value;

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

/// The 5GSM message as the AMF forwards it: a plain DL NAS Transport (TS 24.501 §8.2.11).
sbi::bytes in_dl_nas_transport(const sbi::bytes& gsm, std::uint8_t psi) {
  nas::dl_nas_transport t;
  t.payload_container_type_.value_ = nas::payload_container_type_value::n1_sm_information;
  t.payload_container_.bytes_ = gsm;
  t.pdu_session_id_ = psi;
  auto b = nas::encode_nas(nas::gmm_message{t});
  EXPECT_TRUE(b);
  return b ? *b : sbi::bytes{};
}

struct smf_tshark : smf_fixture {
  void SetUp() override {
    if (command_output("command -v tshark").empty()) GTEST_SKIP() << "tshark is not installed";
    smf_fixture::SetUp();
    path_ = std::filesystem::temp_directory_path() / ("meridian_smf_tshark_" + std::to_string(::getpid()) + ".pcap");
  }
  void TearDown() override {
    if (!path_.empty() && std::getenv("MERIDIAN_KEEP_PCAP") == nullptr) std::filesystem::remove(path_);
  }
  std::filesystem::path path_;
};

TEST_F(smf_tshark, the_n1_n2_and_n4_messages_of_a_session_dissect_in_tshark_without_errors) {
  auto created = create(type::ipv4v6, epco_request({nas::pco_id::dns_server_ipv4_address,
                                                    nas::pco_id::dns_server_ipv6_address, nas::pco_id::ipv4_link_mtu}));
  ASSERT_TRUE(created);
  ASSERT_TRUE(last_n1() && last_n2());
  const std::string ref = created->sm_context_ref_;
  ASSERT_TRUE(n2_setup_response(ref, setup_response_transfer({192, 0, 2, 50}, 0x1234)));
  auto released = n1(ref, gsm(5, 2, nas::pdu_session_release_request{}));
  ASSERT_TRUE(released);
  ASSERT_TRUE(released->n1_sm_msg_ && released->n2_sm_info_);

  std::vector<sbi::bytes> ngap_pdus;
  {
    ngap::pdu_session_resource_setup_item_su_req item;
    item.pdu_session_id_ = 5;
    item.pdu_session_nas_pdu_ = in_dl_nas_transport(*last_n1(), 5);
    item.s_nssai_ = n2::encode_s_nssai(model::s_nssai{1, std::nullopt});
    item.pdu_session_resource_setup_request_transfer_ = *last_n2();
    ngap::pdu_session_resource_setup_request req;
    req.amf_ue_ngap_id_ = 1;
    req.ran_ue_ngap_id_ = 1;
    req.pdu_session_resource_setup_list_su_req_.push_back(std::move(item));
    auto b = ngap::encode_ngap_pdu(n2::make_pdu<ngap::initiating_message>(std::move(req)));
    ASSERT_TRUE(b);
    ngap_pdus.push_back(*b);
  }
  {
    ngap::pdu_session_resource_to_release_item_rel_cmd item;
    item.pdu_session_id_ = 5;
    item.pdu_session_resource_release_command_transfer_ = *released->n2_sm_info_;
    ngap::pdu_session_resource_release_command cmd;
    cmd.amf_ue_ngap_id_ = 1;
    cmd.ran_ue_ngap_id_ = 1;
    cmd.nas_pdu_ = in_dl_nas_transport(*released->n1_sm_msg_, 5);
    cmd.pdu_session_resource_to_release_list_rel_cmd_.push_back(std::move(item));
    auto b = ngap::encode_ngap_pdu(n2::make_pdu<ngap::initiating_message>(std::move(cmd)));
    ASSERT_TRUE(b);
    ngap_pdus.push_back(*b);
  }
  std::vector<sbi::bytes> pfcp_messages;
  std::uint32_t sequence = 1;
  auto add_pfcp = [&](std::optional<seid> s, pfcp::message_body body) {
    pfcp::message m;
    m.header_.seid_ = s;
    m.header_.sequence_number_ = sequence++;
    m.body_ = std::move(body);
    auto b = pfcp::encode(m);
    ASSERT_TRUE(b);
    pfcp_messages.push_back(*b);
  };
  ASSERT_EQ(n4.establishments.size(), 1u);
  auto establishment = n4.establishments[0];
  establishment.node_id_.ipv4_ = {127, 0, 0, 2};
  add_pfcp(seid{}, establishment);
  ASSERT_EQ(n4.modifications.size(), 1u);
  add_pfcp(n4.modifications[0].first, n4.modifications[0].second);
  add_pfcp(n4.deletions.at(0), pfcp::session_deletion_request{});

  auto w = pcap_writer::create(path_);
  ASSERT_TRUE(w) << w.error();
  const ipv4_endpoint amf_at{{127, 0, 0, 1}, 38412}, gnb{{127, 0, 0, 2}, 38412};
  const ipv4_endpoint smf_at{{127, 0, 0, 3}, 8805}, upf{{127, 0, 0, 4}, 8805};
  std::int64_t t = 1'700'000'000;
  std::uint32_t tsn = 1;
  for (const auto& pdu : ngap_pdus) {
    sctp_data_chunk_info chunk;
    chunk.tsn = tsn++;
    chunk.ppid = 60;
    auto frame = ipv4_sctp_data_frame(amf_at, gnb, chunk, pdu);
    ASSERT_TRUE(frame);
    ASSERT_TRUE(w->write(clock::wall_time(std::chrono::seconds(t++)), *frame));
  }
  for (const auto& m : pfcp_messages) {
    auto frame = ipv4_udp_frame(smf_at, upf, m);
    ASSERT_TRUE(frame);
    ASSERT_TRUE(w->write(clock::wall_time(std::chrono::seconds(t++)), *frame));
  }
  ASSERT_TRUE(w->flush());

  const std::string text = command_output("tshark -r " + path_.string() + " -V 2>&1");
  EXPECT_EQ(text.find("Malformed"), std::string::npos) << text;
  EXPECT_EQ(text.find("[Expert Info (Error"), std::string::npos) << text;
  const std::string errors = command_output("tshark -r " + path_.string() + " -z expert,error -q 2>&1");
  EXPECT_EQ(errors.find("Errors ("), std::string::npos) << errors;
  // What tshark read is what the SMF meant to say.
  EXPECT_EQ(count(text, "PDU session establishment accept (0xc2)"), 1u) << text;
  EXPECT_EQ(count(text, "PDU session release command (0xd3)"), 1u) << text;
  EXPECT_NE(text.find("PDUSessionResourceSetupRequestTransfer"), std::string::npos) << text;
  EXPECT_NE(text.find("PDUSessionResourceReleaseCommandTransfer"), std::string::npos) << text;
  EXPECT_NE(text.find("PFCP Session Establishment Request"), std::string::npos) << text;
  EXPECT_NE(text.find("PFCP Session Modification Request"), std::string::npos) << text;
  EXPECT_NE(text.find("PFCP Session Deletion Request"), std::string::npos) << text;
  EXPECT_NE(text.find("8.8.8.8"), std::string::npos) << "the DNS server in the ePCO\n" << text;
}

}  // namespace
}  // namespace meridian::smf::test
