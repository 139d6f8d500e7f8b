// The NAS follower on typed NGAP: which NAS-PDUs an NGAP message carries, and
// on the real captures with the UERANSIM default subscribers' keys every
// protected NAS message's MAC verifies (free5GC 8 of 8, Open5GS 21 of 21,
// roaming 8 of 8; docs/pcap.md). Another implementation's MACs over real
// messages are the oracle for the whole chain K_AUSF -> K_SEAF -> K_AMF ->
// K_NASint and for COUNT, DIRECTION and BEARER.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "meridian/capture/capture_check.hpp"
#include "meridian/capture/ngap_nas.hpp"
#include "meridian/common/hex.hpp"

namespace meridian::capture {
namespace {

const std::string pcaps = std::string(MERIDIAN_TEST_VECTORS_DIR) + "/pcaps/";
const std::string free5gc_n2 = pcaps + "free5gc_ueransim_n2-registration-pdu_2026.pcap";
const std::string open5gs_n2 = pcaps + "open5gs_ueransim_sandbox_n2.pcap";
const std::string open5gs_roaming = pcaps + "open5gs_testsuite-gnb_5g-roaming-hr_2025.pcapng";
const std::string free5gc_nea2 =
    std::string(MERIDIAN_TEST_VECTORS_DIR) + "/pcaps-nas/free5gc_ueransim_n2_nea2-nia2.pcap";

crypto::key128 key(const char* hex) { return *crypto::key128::from(*from_hex(hex)); }

// UERANSIM's free5gc-ue.yaml (imsi-208930000000001) and open5gs-ue.yaml (imsi-99970000000000x).
subscriber_keys free5gc_subscriber() {
  return {key("8baf473f2f8fd09487cccbd7097c6862"), key("8e27b6af0e692e750f32667a3b14605d"), {}};
}
subscriber_keys open5gs_subscriber() {
  return {key("465b5ce8b199b49faa5f0a2ee238a6bc"), key("e8ed289deba952e4283b54e88e6183ca"), {}};
}

capture_check check(const std::string& file, std::optional<subscriber_keys> keys) {
  auto messages = read_capture(file);
  EXPECT_TRUE(messages) << messages.error();
  if (!messages) return {};
  return check_capture(messages->messages_, std::move(keys));
}

std::string failures(const capture_check& c) {
  std::string s;
  for (const auto& f : c.failures_) s += "frame " + std::to_string(f.frame_) + ": " + f.reason_ + "\n";
  return s;
}

TEST(nas_of, a_pdu_session_resource_setup_request_gives_its_own_nas_pdu_then_each_sessions_in_order) {
  ngap::pdu_session_resource_setup_request req;
  req.amf_ue_ngap_id_ = 7;
  req.ran_ue_ngap_id_ = 3;
  req.nas_pdu_ = ngap::nas_pdu{0x7e, 0x00, 0x01};
  req.pdu_session_resource_setup_list_su_req_.resize(3);
  req.pdu_session_resource_setup_list_su_req_[0].pdu_session_nas_pdu_ = ngap::nas_pdu{0x7e, 0x02};
  req.pdu_session_resource_setup_list_su_req_[2].pdu_session_nas_pdu_ = ngap::nas_pdu{0x7e, 0x03};
  ngap::ngap_pdu pdu;
  pdu.value_ = ngap::initiating_message{req, {}};
  const auto v = nas_of(pdu);
  EXPECT_FALSE(v.uplink_);
  EXPECT_EQ(v.amf_ue_ngap_id_, 7u);
  EXPECT_EQ(v.ran_ue_ngap_id_, 3u);
  ASSERT_EQ(v.nas_pdus_.size(), 3u);
  EXPECT_EQ(v.nas_pdus_[0].size(), 3u);
  EXPECT_EQ(v.nas_pdus_[1][1], 0x02);
  EXPECT_EQ(v.nas_pdus_[2][1], 0x03);
}

TEST(nas_of, an_initial_ue_message_is_uplink_with_its_5g_tmsi_and_the_plmn_of_its_tai) {
  ngap::initial_ue_message m;
  m.ran_ue_ngap_id_ = 1;
  m.nas_pdu_ = {0x7e, 0x00, 0x41};
  ngap::user_location_information_nr nr;
  nr.tai_.plmn_identity_ = {0x02, 0xf8, 0x39};
  m.user_location_information_.value_ = nr;
  m.five_g_s_tmsi_.emplace();
  m.five_g_s_tmsi_->five_g_tmsi_ = {0xc0, 0x00, 0x00, 0x07};
  ngap::ngap_pdu pdu;
  pdu.value_ = ngap::initiating_message{m, {}};
  const auto v = nas_of(pdu);
  EXPECT_TRUE(v.uplink_);
  EXPECT_FALSE(v.amf_ue_ngap_id_);
  EXPECT_EQ(v.five_g_tmsi_, 0xc0000007u);
  ASSERT_TRUE(v.tai_plmn_);
  EXPECT_EQ((*v.tai_plmn_)[2], 0x39);
  EXPECT_EQ(v.nas_pdus_.size(), 1u);
}

TEST(nas_of, a_message_without_nas_gives_nothing) {
  ngap::ngap_pdu pdu;
  pdu.value_ = ngap::initiating_message{ngap::ng_setup_request{}, {}};
  EXPECT_TRUE(nas_of(pdu).nas_pdus_.empty());
  pdu.value_ = ngap::successful_outcome{ngap::ng_setup_response{}, {}};
  EXPECT_TRUE(nas_of(pdu).nas_pdus_.empty());
}

TEST(nas_follower, without_keys_every_nas_pdu_of_the_free5gc_capture_is_decoded_and_reencoded) {
  const auto c = check(free5gc_n2, std::nullopt);
  EXPECT_TRUE(c.passed()) << failures(c);
  EXPECT_EQ(c.nas_, 11u);  // 9 NGAP messages with one NAS-PDU, frame 18 with two, frame 20 repeating 19
  EXPECT_EQ(c.mac_verified_, 0u);
  EXPECT_TRUE(std::ranges::all_of(c.nas_reports_, [](const nas_report& r) {
    return r.mac_ == mac_check::not_protected || r.mac_ == mac_check::no_keys;
  }));
}

TEST(nas_follower, with_the_free5gc_subscribers_keys_every_mac_verifies_8_of_8) {
  const auto c = check(free5gc_n2, free5gc_subscriber());
  EXPECT_TRUE(c.passed()) << failures(c);
  EXPECT_EQ(c.mac_verified_, 8u);
  EXPECT_EQ(c.mac_failed_, 0u);
  EXPECT_EQ(c.deciphered_, 7u);
  const auto smc_complete = std::ranges::find_if(c.nas_reports_, [](const nas_report& r) { return r.frame_ == 13; });
  ASSERT_NE(smc_complete, c.nas_reports_.end());
  EXPECT_TRUE(smc_complete->uplink_);
  EXPECT_EQ(smc_complete->name_, "Security mode complete");
  EXPECT_EQ(smc_complete->count_, 0u);
  EXPECT_EQ(smc_complete->algorithms_, "128-NEA0/128-NIA2");
}

TEST(nas_follower, nas_ciphered_with_nea2_by_an_independent_implementation_is_deciphered_8_of_8) {
  const auto c = check(free5gc_nea2, free5gc_subscriber());
  EXPECT_TRUE(c.passed()) << failures(c);
  EXPECT_EQ(c.mac_verified_, 8u);
  EXPECT_EQ(c.deciphered_, 7u);
  const auto accept = std::ranges::find_if(c.nas_reports_, [](const nas_report& r) { return r.frame_ == 15; });
  ASSERT_NE(accept, c.nas_reports_.end());
  EXPECT_EQ(accept->name_, "Registration accept");
  ASSERT_TRUE(accept->plain_);
  EXPECT_EQ(accept->algorithms_, "128-NEA2/128-NIA2");
}

TEST(nas_follower, with_the_open5gs_subscribers_keys_every_mac_of_three_ues_verifies_21_of_21) {
  const auto c = check(open5gs_n2, open5gs_subscriber());
  EXPECT_TRUE(c.passed()) << failures(c);
  EXPECT_EQ(c.mac_verified_, 21u);
  EXPECT_EQ(c.mac_failed_, 0u);
  EXPECT_TRUE(
      std::ranges::none_of(c.nas_reports_, [](const nas_report& r) { return r.mac_ == mac_check::no_context; }));
}

TEST(nas_follower, the_roaming_ue_is_followed_in_the_visited_network_and_found_again_by_its_5g_tmsi_8_of_8) {
  const auto c = check(open5gs_roaming, open5gs_subscriber());
  EXPECT_TRUE(c.passed()) << failures(c);
  EXPECT_EQ(c.mac_verified_, 8u);
  EXPECT_EQ(c.mac_failed_, 0u);
  EXPECT_TRUE(std::ranges::any_of(c.nas_reports_, [](const nas_report& r) {
    return r.note_ == "NAS keys derived for SUPI 999700000021309 in 5G:mnc001.mcc001.3gppnetwork.org";
  }));
  EXPECT_TRUE(
      std::ranges::none_of(c.nas_reports_, [](const nas_report& r) { return r.mac_ == mac_check::no_context; }));
}

TEST(nas_follower, when_the_keys_are_another_subscribers_then_no_mac_is_claimed_verified) {
  const auto c = check(free5gc_n2, open5gs_subscriber());
  EXPECT_TRUE(c.passed()) << failures(c);
  EXPECT_EQ(c.mac_verified_, 0u);
  EXPECT_TRUE(std::ranges::any_of(
      c.nas_reports_, [](const nas_report& r) { return r.note_.find("another subscriber") != r.note_.npos; }));
}

TEST(nas_follower, when_one_mac_is_altered_then_that_message_fails_and_the_rest_verify) {
  auto messages = read_capture(free5gc_n2);
  ASSERT_TRUE(messages);
  // Frame 13's NAS-PDU begins 7e 04 | MAC c3 32 8d 16 | SQN 00 | 7e (Security mode complete).
  const std::vector<std::uint8_t> smc_complete{0x7e, 0x04, 0xc3, 0x32, 0x8d, 0x16, 0x00, 0x7e};
  bool altered = false;
  for (auto& m : messages->messages_) {
    auto at = std::ranges::search(m.payload_, smc_complete);
    if (at.empty()) continue;
    at[3] ^= 0x01;
    altered = true;
  }
  ASSERT_TRUE(altered);
  const auto c = check_capture(messages->messages_, free5gc_subscriber());
  EXPECT_FALSE(c.passed());
  EXPECT_EQ(c.mac_failed_, 1u);
  EXPECT_EQ(c.mac_verified_, 7u);
  ASSERT_EQ(c.failures_.size(), 1u);
  EXPECT_EQ(c.failures_[0].frame_, 13u);
  EXPECT_EQ(c.failures_[0].reason_.rfind("NAS uplink Security mode complete: MAC does not verify", 0), 0u)
      << c.failures_[0].reason_;
}

TEST(nas_follower, with_a_supi_given_a_concealed_identity_is_not_needed) {
  auto keys = free5gc_subscriber();
  keys.supi_ = "208930000000001";
  const auto c = check(free5gc_n2, keys);
  EXPECT_EQ(c.mac_verified_, 8u);
  keys.supi_ = "208930000000002";  // the wrong SUPI: K_AMF differs, no MAC verifies
  const auto wrong = check(free5gc_n2, keys);
  EXPECT_EQ(wrong.mac_verified_, 0u);
  EXPECT_GT(wrong.mac_failed_, 0u);
}

}  // namespace
}  // namespace meridian::capture
