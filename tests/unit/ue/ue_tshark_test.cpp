// tshark as the independent oracle for what the UE puts on N1: every uplink
// NAS PDU of a registration (with a synch failure and an identity request on
// the way), a configuration update, 5GMM STATUS, a deregistration and a
// re-registration with the 5G-GUTI and its ciphered NAS message container
// goes into a pcap (link type USER0 mapped to nas-5gs), ciphered with NEA0
// so that tshark reads inside (nas-5gs.null_decipher). tshark must find no
// malformed packet and no expert warning or error, and name each message.
// Skipped when tshark is not installed.

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "meridian/common/pcap_writer.hpp"
#include "support/command_output.hpp"
#include "ue/ue_fixture.hpp"

namespace meridian::ue::test {
namespace {

using meridian::test::command_output;

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

struct ue_tshark : ue_fixture {
  void SetUp() override {
    if (command_output("command -v tshark").empty()) GTEST_SKIP() << "tshark is not installed";
    ue_fixture::SetUp();
    path_ = std::filesystem::temp_directory_path() / ("meridian_ue_tshark_" + std::to_string(::getpid()) + ".pcap");
  }
  void TearDown() override {
    if (!path_.empty() && std::getenv("MERIDIAN_KEEP_PCAP") == nullptr) std::filesystem::remove(path_);
  }
  /// Every uplink PDU into a pcap (USER0 → nas-5gs), then tshark -V of it.
  std::string dissect() {
    auto w = pcap_writer::create(path_, static_cast<pcap_link_type>(147));
    EXPECT_TRUE(w) << w.error();
    if (!w) return {};
    std::int64_t t = 1'700'000'000;
    for (const auto& u : amf.uplinks) EXPECT_TRUE(w->write(clock::wall_time(std::chrono::seconds(t++)), u.bytes));
    EXPECT_TRUE(w->flush());
    const std::string opts =
        " -o 'uat:user_dlts:\"User 0 (DLT=147)\",\"nas-5gs\",\"0\",\"\",\"0\",\"\"' -o nas-5gs.null_decipher:TRUE";
    return command_output("tshark -r " + path_.string() + opts + " -V 2>&1");
  }
  static void expect_clean(const std::string& text) {
    EXPECT_EQ(text.find("Malformed"), std::string::npos) << text;
    EXPECT_EQ(text.find("[Expert Info (Error"), std::string::npos) << text;
    EXPECT_EQ(text.find("[Expert Info (Warning"), std::string::npos) << text;
    EXPECT_EQ(text.find("Extraneous Data"), std::string::npos) << text;
  }
  std::filesystem::path path_;
};

TEST_F(ue_tshark, every_message_the_ue_sends_dissects_cleanly) {
  amf_double::smc_options nea0;
  nea0.nea = crypto::nea::nea0;
  ASSERT_TRUE(ue->register_initial());
  nas::identity_request ir;
  ir.identity_type_.value_ = nas::identity_type::suci;
  down(amf.plain(ir));
  ASSERT_NO_FATAL_FAILURE(authenticate());
  ASSERT_NE(secure(nea0), nullptr);
  down(amf.seal(accept_message()));
  ASSERT_NE(amf.last_as<nas::registration_complete>(), nullptr);
  // A stale SQN: Authentication Failure #21 with AUTS.
  amf.sqn_he = security::sqn_he_state{0x20};
  down(amf.seal(amf.authentication_request(1)));
  ASSERT_NE(amf.last_as<nas::authentication_failure>(), nullptr);
  nas::configuration_update_command cuc;
  cuc.configuration_update_indication_ = nas::half_octet{1};
  down(amf.seal(cuc));
  ASSERT_NE(amf.last_as<nas::configuration_update_complete>(), nullptr);
  down(amf.seal(accept_message()));  // unexpected now: 5GMM STATUS #98
  ASSERT_NE(amf.last_as<nas::gmm_status>(), nullptr);
  ASSERT_TRUE(ue->deregister(false));
  down(amf.seal(nas::deregistration_accept_ue_originating{}));
  ue->on_connection_released();
  // Again, with the 5G-GUTI and the whole request in the NAS message container.
  ASSERT_TRUE(ue->register_initial());
  ASSERT_NE(amf.last_as<nas::registration_request>(), nullptr);
  ASSERT_TRUE(ue->deregister(true));

  const std::string text = dissect();
  expect_clean(text);
  // Two initial ones, the whole one in the Security Mode Complete, and the
  // whole one in the second initial's NAS message container (NEA0: readable).
  EXPECT_EQ(count(text, "Message type: Registration request (0x41)"), 4u) << text;
  EXPECT_EQ(count(text, "Message type: Identity response (0x5c)"), 1u) << text;
  EXPECT_EQ(count(text, "Message type: Authentication response (0x57)"), 1u) << text;
  EXPECT_EQ(count(text, "Message type: Authentication failure (0x59)"), 1u) << text;
  EXPECT_EQ(count(text, "Message type: Security mode complete (0x5e)"), 1u) << text;
  EXPECT_EQ(count(text, "Message type: Registration complete (0x43)"), 1u) << text;
  EXPECT_EQ(count(text, "Message type: Configuration update complete (0x55)"), 1u) << text;
  EXPECT_EQ(count(text, "Message type: 5GMM status (0x64)"), 1u) << text;
  EXPECT_EQ(count(text, "Message type: Deregistration request (UE originating) (0x45)"), 2u) << text;
  EXPECT_NE(text.find("5GMM cause: Synch failure (21)"), std::string::npos) << text;
  EXPECT_NE(text.find("Type of identity: SUCI (1)"), std::string::npos) << text;
  EXPECT_NE(text.find("Type of identity: 5G-GUTI (2)"), std::string::npos) << text;
  EXPECT_NE(text.find("Type of identity: IMEISV (5)"), std::string::npos) << text;
}

TEST_F(ue_tshark, the_error_branches_and_eap_aka_prime_dissect_cleanly) {
  ASSERT_TRUE(ue->register_initial());
  // Authentication Failure #20, #26; a Security Mode Reject #23.
  auto bad_mac = amf.authentication_request();
  bad_mac.back() ^= 0x01;
  down(bad_mac);
  down(amf.authentication_request(0, {0x00, 0x00}));
  // EAP-AKA': the challenge answered (EAP-Response/AKA'-Challenge), then the Success.
  down(amf.eap_authentication_request(0, 4));
  const auto* r = amf.last_as<nas::authentication_response>();
  ASSERT_NE(r, nullptr);
  ASSERT_TRUE(amf.eap_accept(*r));
  down(amf.authentication_result(true, 4));
  amf_double::smc_options mismatch;
  mismatch.nea = crypto::nea::nea0;
  auto other = ue->ue_security_capability();
  other.ia_ = 0x60;
  mismatch.replayed = other;
  down(amf.security_mode_command(ue->ue_security_capability(), mismatch));
  ASSERT_NE(amf.last_as<nas::security_mode_reject>(), nullptr);
  // Again with what the UE sent: the Complete, then identities under integrity protection.
  amf_double::smc_options nea0;
  nea0.nea = crypto::nea::nea0;
  ASSERT_NE(secure(nea0), nullptr);
  nas::identity_request ir;
  ir.identity_type_.value_ = nas::identity_type::imei;
  down(amf.seal(ir));
  ir.identity_type_.value_ = nas::identity_type::guti;
  down(amf.seal(ir));  // none yet: "no identity"
  down(amf.seal(accept_message()));
  down(amf.seal(amf.authentication_request(0)));  // ngKSI in use: #71
  // The EAP synchronisation failure.
  amf.sqn_he = security::sqn_he_state{0x20};
  down(amf.seal(amf.eap_authentication_request(1, 5)));
  nas::deregistration_request_ue_terminated nd;
  nd.deregistration_type_.reregistration_required_ = true;
  down(amf.seal(nd));

  const std::string text = dissect();
  expect_clean(text);
  EXPECT_EQ(count(text, "5GMM cause: MAC failure (20)"), 1u) << text;
  EXPECT_EQ(count(text, "5GMM cause: Non-5G authentication unacceptable (26)"), 1u) << text;
  EXPECT_EQ(count(text, "5GMM cause: ngKSI already in use (71)"), 1u) << text;
  EXPECT_EQ(count(text, "Message type: Security mode reject (0x5f)"), 1u) << text;
  EXPECT_EQ(count(text, "5GMM cause: UE security capabilities mismatch (23)"), 1u) << text;
  EXPECT_EQ(count(text, "Message type: Authentication response (0x57)"), 2u) << text;
  EXPECT_NE(text.find("Extensible Authentication Protocol"), std::string::npos) << text;
  EXPECT_NE(text.find("Type of identity: IMEI (3)"), std::string::npos) << text;
  EXPECT_NE(text.find("Type of identity: No identity (0)"), std::string::npos) << text;
  EXPECT_EQ(count(text, "Message type: Deregistration accept (UE terminated) (0x48)"), 1u) << text;
}

}  // namespace
}  // namespace meridian::ue::test
