#pragma once
// What the AMF's 5GMM tests share: an AMF (N2 + 5GMM) over the real AUSF and
// UDM on the in-memory UDR, one gNB set up, and a scripted UE whose NAS side
// is built from the codecs and the security module (not from the AMF's code):
// it answers challenges with the USIM's computation, derives K_AMF and the
// NAS keys itself, and protects and checks NAS as TS 24.501 §4.4 says.

#include <gtest/gtest.h>

#include "amf/amf_test_messages.hpp"
#include "amf/scripted_ue.hpp"
#include "ausf/ausf_test_support.hpp"
#include "meridian/amf/amf_n2.hpp"
#include "meridian/amf/mm.hpp"
#include "meridian/common/hex.hpp"
#include "meridian/n2/n2_messages.hpp"
#include "meridian/nas/nas.hpp"
#include "meridian/nas/security.hpp"
#include "meridian/security/key_hierarchy.hpp"
#include "meridian/udm/subscriber_data_management.hpp"
#include "meridian/udm/ue_context_management.hpp"
#include "support/udm_service_fake.hpp"

namespace meridian::amf::test {

using namespace std::chrono_literals;

class recording_sender final : public amf_n2_notifier {
 public:
  void send_ngap(gnb_association_id, std::span<const std::uint8_t> pdu) override {
    wire.push_back({true, std::vector<std::uint8_t>(pdu.begin(), pdu.end())});
    auto decoded = ngap::decode_ngap_pdu(pdu);
    ASSERT_TRUE(decoded);
    sent.push_back(std::move(*decoded));
  }
  template <class T>
  const T* last_initiating() const {
    for (auto it = sent.rbegin(); it != sent.rend(); ++it)
      if (const auto* m = n2::message_as<ngap::initiating_message, T>(*it)) return m;
    return nullptr;
  }
  template <class T>
  std::size_t count() const {
    std::size_t n = 0;
    for (const auto& pdu : sent)
      if (n2::message_as<ngap::initiating_message, T>(pdu)) ++n;
    return n;
  }
  /// The NAS PDU of the last Downlink NAS Transport or Initial Context Setup Request.
  std::optional<std::vector<std::uint8_t>> last_nas() const {
    for (auto it = sent.rbegin(); it != sent.rend(); ++it) {
      if (const auto* d = n2::message_as<ngap::initiating_message, ngap::downlink_nas_transport>(*it))
        return d->nas_pdu_;
      if (const auto* s = n2::message_as<ngap::initiating_message, ngap::initial_context_setup_request>(*it))
        if (s->nas_pdu_) return *s->nas_pdu_;
    }
    return std::nullopt;
  }
  /// The 5GMM message of the last plain Downlink NAS Transport.
  std::optional<nas::gmm_message> last_downlink_gmm() const {
    const auto* d = last_initiating<ngap::downlink_nas_transport>();
    if (d == nullptr) return std::nullopt;
    auto pdu = nas::decode_nas(d->nas_pdu_);
    if (!pdu) return std::nullopt;
    const auto* gmm = std::get_if<nas::gmm_pdu>(&*pdu);
    if (gmm == nullptr) return std::nullopt;
    return gmm->message_;
  }
  std::vector<ngap::ngap_pdu> sent;
  /// Every NGAP PDU both ways, in order: (from the AMF?, octets).
  std::vector<std::pair<bool, std::vector<std::uint8_t>>> wire;
};

inline const auto gnb_a = *gnb_association_id::from(1);

inline std::vector<std::uint8_t> uplink_nas(std::uint64_t amf_id, std::uint32_t ran_id, const nas::gmm_message& m) {
  return uplink_nas_bytes(amf_id, ran_id, *nas::encode_nas(m));
}

struct mm_fixture : ::testing::Test {
  manual_clock clk;
  runtime::timer_service timers{clk};
  recording_sender out;
  amf_n2 amf{amf_config{}, out, timers};
  ausf::test::home_network hn;
  meridian::test::fake_nudm_uecm_deregistration_notification other_amfs;
  udm::ue_context_management uecm{hn.udr, other_amfs, hn.clock};
  udm::subscriber_data_management sdm{udm::udm_config{}, hn.udr};
  std::optional<mm_layer> mm;
  scripted_ue phone;
  std::uint64_t id = 0;

  /// The 5GMM configuration of the test (fixtures override it).
  virtual mm_config config() const { return {}; }
  /// The SMF the AMF relays 5GSM to (none unless a fixture gives one).
  virtual smf::nsmf_pdu_session* smf() { return nullptr; }

  void SetUp() override {
    mm.emplace(config(), amf, mm_services{hn.ausf, uecm, sdm, smf()}, timers);
    amf.set_nas_handler(&*mm);
    amf.on_gnb_connected(gnb_a);
    gnb_sends(setup_request(1));
    ASSERT_EQ(amf.ready_gnb_count(), 1u);
    auto& alice = hn.udr.add(ausf::test::alice, ausf::test::subscription());
    udm::access_and_mobility_subscription_data am;
    am.nssai_ = udm::nssai{.default_single_nssais_ = {model::s_nssai{}}, .single_nssais_ = {}};
    alice.am_data = am;
  }
  /// The UE sends its Registration Request; gives its AMF UE NGAP ID.
  std::uint64_t register_ue(const char* request_hex = registration_request_hex) {
    return register_ue(*from_hex(request_hex));
  }
  std::uint64_t register_ue(const std::vector<std::uint8_t>& request) {
    gnb_sends(initial_ue_message(5, request));
    const auto ids = amf.ues().on(gnb_a);
    id = ids.empty() ? 0 : ids.front().value();
    return id;
  }
  /// What the UE got last (Downlink NAS Transport or Initial Context Setup).
  std::optional<nas::gmm_message> downlink() {
    const auto pdu = out.last_nas();
    return pdu ? phone.receive(*pdu) : std::nullopt;
  }
  /// The gNB sends `bytes` to the AMF (recorded in out.wire too).
  void gnb_sends(const std::vector<std::uint8_t>& bytes) {
    out.wire.push_back({false, bytes});
    amf.on_ngap(gnb_a, bytes);
  }
  void uplink(const nas::gmm_message& m) { gnb_sends(uplink_nas(id, 5, m)); }
  void uplink(std::vector<std::uint8_t> pdu) { gnb_sends(uplink_nas_bytes(id, 5, std::move(pdu))); }
  /// The UE answers the challenge it got last; false if there was none or it refused it.
  bool authenticate() {
    const auto m = downlink();
    const auto* request = m ? std::get_if<nas::authentication_request>(&*m) : nullptr;
    if (request == nullptr) return false;
    auto response = phone.answer(*request);
    if (!response) return false;
    uplink(*response);
    return true;
  }
  /// The UE takes the Security Mode Command it got last and completes it.
  const nas::security_mode_command* secure(std::vector<model::s_nssai> requested = {{}}) {
    smc_ = downlink();
    const auto* command = smc_ ? std::get_if<nas::security_mode_command>(&*smc_) : nullptr;
    if (command == nullptr) return nullptr;
    uplink(phone.security_mode_complete(whole_registration_request(std::move(requested))));
    return command;
  }
  /// The gNB answers the last Initial Context Setup Request.
  void context_setup_response() {
    const auto* r = out.last_initiating<ngap::initial_context_setup_request>();
    ASSERT_NE(r, nullptr);
    ngap::initial_context_setup_response resp;
    resp.amf_ue_ngap_id_ = r->amf_ue_ngap_id_;
    resp.ran_ue_ngap_id_ = r->ran_ue_ngap_id_;
    gnb_sends(n2::encode(n2::make_pdu<ngap::successful_outcome>(std::move(resp))));
  }
  /// After register_ue(): the UE answers 5G-AKA and the Security Mode
  /// Command, takes the Registration Accept, the gNB sets the context up, and
  /// the UE completes; false (with the failure recorded) if a step did not come.
  bool complete_registration() {
    if (!authenticate() || secure() == nullptr) return false;
    const auto* s = out.last_initiating<ngap::initial_context_setup_request>();
    if (s == nullptr || !s->nas_pdu_ || !phone.receive(*s->nas_pdu_)) return false;
    context_setup_response();
    uplink(phone.seal(nas::registration_complete{}));
    return ctx() != nullptr && ctx()->state == mm_state::registered;
  }
  void advance(std::chrono::milliseconds d) {
    clk.advance(d);
    timers.run_due();
  }
  const mm_context* ctx() const { return mm->find(*model::amf_ue_ngap_id::from(id)); }
  std::optional<nas::gmm_message> smc_;
};

}  // namespace meridian::amf::test
