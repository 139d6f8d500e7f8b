#pragma once
// What the tests of the AMF's session relay and CM-IDLE share: a registered
// UE (the scripted UE of amf_mm_fixture.hpp) and a scripted SMF, with the
// subscription's UE-AMBR and smf-select-data (internet as default DNN, ims,
// and a barred DNN) on the default slice.

#include "amf/amf_mm_fixture.hpp"
#include "support/run_task.hpp"
#include "support/smf_service_fake.hpp"

namespace meridian::amf::test {

inline constexpr std::uint8_t psi1 = 1;
inline constexpr std::uint8_t pti = 7;
inline const std::string alice_context_id = "imsi-001010000000001";

/// TS 24.501 §8.3.1 PDU Session Establishment Request (IPv4).
inline std::vector<std::uint8_t> establishment_request(std::uint8_t psi = psi1) {
  nas::pdu_session_establishment_request r;
  r.integrity_protection_maximum_data_rate_ = {0xff, 0xff};
  r.pdu_session_type_ = nas::pdu_session_type{nas::pdu_session_type_value::ipv4};
  return *nas::encode_nas(psi, pti, nas::gsm_message{r});
}

inline std::vector<std::uint8_t> release_request(std::uint8_t psi = psi1) {
  return *nas::encode_nas(psi, pti, nas::gsm_message{nas::pdu_session_release_request{}});
}

/// Octets standing for what the SMF gives the AMF to carry: the AMF never
/// reads them, so any distinct values show that they arrive unchanged.
inline const std::vector<std::uint8_t> accept_n1{0x2e, 0x01, 0x07, 0xc2, 0xaa};
inline const std::vector<std::uint8_t> setup_request_transfer{0x00, 0x00, 0x04, 0x11, 0x22};
inline const std::vector<std::uint8_t> setup_response_transfer{0x00, 0x03, 0xe0, 0x0a, 0x00};
inline const std::vector<std::uint8_t> setup_unsuccessful_transfer{0x00, 0x0f};
inline const std::vector<std::uint8_t> release_command_n1{0x2e, 0x01, 0x07, 0xd3, 0x24};
inline const std::vector<std::uint8_t> release_command_transfer{0x10};
inline const std::vector<std::uint8_t> release_response_transfer{0x00};

struct session_fixture : mm_fixture {
  meridian::test::fake_nsmf_pdu_session fake_smf;
  smf::nsmf_pdu_session* smf() override { return &fake_smf; }

  void SetUp() override {
    mm_fixture::SetUp();
    auto& alice = hn.udr.subscribers.at(ausf::test::alice);
    alice.am_data->subscribed_ue_ambr_ = sbi::ambr{.uplink_ = "100 Mbps", .downlink_ = "1 Gbps"};
    udm::smf_selection_subscription_data selection;
    selection.subscribed_snssai_infos_[model::s_nssai{}] = udm::snssai_info{
        .dnn_infos_ = {udm::dnn_info{.dnn_ = "internet", .default_dnn_indicator_ = true, .dnn_barred_ = {}},
                       udm::dnn_info{.dnn_ = "ims", .default_dnn_indicator_ = {}, .dnn_barred_ = {}},
                       udm::dnn_info{.dnn_ = "barred", .default_dnn_indicator_ = {}, .dnn_barred_ = true}}};
    alice.smf_select_data = selection;
    ASSERT_NE(register_ue(), 0u);
    ASSERT_TRUE(complete_registration());
    ASSERT_EQ(ctx()->state, mm_state::registered);
  }

  /// The UE sends a 5GSM message in an UL NAS Transport.
  void ue_sends_sm(std::vector<std::uint8_t> sm, std::optional<std::uint8_t> psi = psi1,
                   std::optional<nas::request_type_value> request = nas::request_type_value::initial_request,
                   std::optional<std::string> dnn = "internet",
                   std::optional<model::s_nssai> slice = model::s_nssai{}) {
    nas::ul_nas_transport ul;
    ul.payload_container_type_.value_ = nas::payload_container_type_value::n1_sm_information;
    ul.payload_container_.bytes_ = std::move(sm);
    ul.pdu_session_id_ = psi;
    if (request) ul.request_type_ = nas::request_type{*request};
    if (dnn) ul.dnn_ = nas::dnn{*dnn};
    if (slice) ul.s_nssai_ = nas::s_nssai{.value_ = *slice, .mapped_hplmn_ = {}};
    uplink(phone.seal(ul));
  }
  /// The DL NAS Transport in a NAS PDU, as the UE opens it.
  std::optional<nas::dl_nas_transport> opened(const std::vector<std::uint8_t>& pdu) {
    auto m = phone.receive(pdu);
    const auto* dl = m ? std::get_if<nas::dl_nas_transport>(&*m) : nullptr;
    if (dl == nullptr) return std::nullopt;
    return *dl;
  }
  /// The SMF's N1N2MessageTransfer for session `psi`.
  std::optional<sbi::result<amf::n1_n2_message_transfer_rsp_data>> smf_transfers(
      std::vector<std::uint8_t> n1, std::optional<amf::ngap_ie_type> n2_type, std::vector<std::uint8_t> n2,
      std::uint8_t psi = psi1, const std::string& ue = alice_context_id) {
    amf::n1_n2_message_transfer_req_data r;
    // TS 29.518 §6.1.6.2.8: pduSessionId is there whenever the N1 message is 5GSM.
    r.pdu_session_id_ = *model::pdu_session_id::from(psi);
    if (!n1.empty())
      r.n1_message_container_ = amf::n1_message_container{.n1_message_class_ = amf::n1_message_class::sm,
                                                          .n1_message_content_ = std::move(n1)};
    if (n2_type) {
      amf::n2_sm_information sm;
      sm.pdu_session_id_ = *model::pdu_session_id::from(psi);
      sm.n2_info_content_ =
          amf::n2_info_content{.ngap_message_type_ = {}, .ngap_ie_type_ = n2_type, .ngap_data_ = std::move(n2)};
      r.n2_info_container_ =
          amf::n2_info_container{.n2_information_class_ = amf::n2_information_class::sm, .sm_info_ = std::move(sm)};
    }
    return meridian::test::run(mm->n1_n2_message_transfer(ue, std::move(r)));
  }
  /// A session established through the SMF with reference `ref`, its
  /// PDU Session Resource Setup answered by the gNB.
  void establish(const std::string& ref = "sm-1") {
    fake_smf.create_sm_context_.will_answer(smf::sm_context_created{.sm_context_ref_ = ref, .data_ = {}});
    ue_sends_sm(establishment_request());
    ASSERT_EQ(fake_smf.create_sm_context_.call_count(), 1u);
    ASSERT_TRUE(smf_transfers(accept_n1, amf::ngap_ie_type::pdu_res_setup_req, setup_request_transfer));
    const auto* setup = out.last_initiating<ngap::pdu_session_resource_setup_request>();
    ASSERT_NE(setup, nullptr);
    fake_smf.update_sm_context_.will_answer(smf::sm_context_updated_data{});
    gnb_answers_setup(*setup, true);
  }
  void gnb_answers_setup(const ngap::pdu_session_resource_setup_request& r, bool ok) {
    ngap::pdu_session_resource_setup_response resp;
    resp.amf_ue_ngap_id_ = r.amf_ue_ngap_id_;
    resp.ran_ue_ngap_id_ = r.ran_ue_ngap_id_;
    for (const auto& item : r.pdu_session_resource_setup_list_su_req_) {
      if (ok) {
        resp.pdu_session_resource_setup_list_su_res_.emplace();
        resp.pdu_session_resource_setup_list_su_res_->push_back(
            {.pdu_session_id_ = item.pdu_session_id_,
             .pdu_session_resource_setup_response_transfer_ = setup_response_transfer,
             .ie_extensions_ = {}});
      } else {
        resp.pdu_session_resource_failed_to_setup_list_su_res_.emplace();
        resp.pdu_session_resource_failed_to_setup_list_su_res_->push_back(
            {.pdu_session_id_ = item.pdu_session_id_,
             .pdu_session_resource_setup_unsuccessful_transfer_ = setup_unsuccessful_transfer,
             .ie_extensions_ = {}});
      }
    }
    gnb_sends(n2::encode(n2::make_pdu<ngap::successful_outcome>(std::move(resp))));
  }
  /// The DL NAS Transport that went back to the UE last, not forwarded.
  std::optional<nas::dl_nas_transport> returned() {
    const auto* d = out.last_initiating<ngap::downlink_nas_transport>();
    if (d == nullptr) return std::nullopt;
    return opened(d->nas_pdu_);
  }
  const pdu_session_link* link(std::uint8_t psi = psi1) const {
    const auto* c = ctx();
    if (c == nullptr || !c->sessions) return nullptr;
    const auto it = c->sessions->links.find(psi);
    return it == c->sessions->links.end() ? nullptr : &it->second;
  }
  /// The gNB asks for the UE's release (user inactivity) and completes it:
  /// the UE is in CM-IDLE afterwards if it was registered.
  void release_connection() {
    ngap::ue_context_release_request r;
    r.amf_ue_ngap_id_ = static_cast<std::int64_t>(id);
    r.ran_ue_ngap_id_ = 5;
    r.cause_.value_ = ngap::cause_radio_network::user_inactivity;
    gnb_sends(n2::encode(n2::make_pdu<ngap::initiating_message>(std::move(r))));
    complete_release();
    ASSERT_EQ(amf.ues().find(*model::amf_ue_ngap_id::from(id)), nullptr);
  }
  /// The gNB completes the last UE Context Release Command.
  void complete_release() {
    const auto* cmd = out.last_initiating<ngap::ue_context_release_command>();
    ASSERT_NE(cmd, nullptr);
    const auto* pair = std::get_if<ngap::ue_ngap_id_pair>(&cmd->ue_ngap_i_ds_.value_);
    ASSERT_NE(pair, nullptr);
    ngap::ue_context_release_complete c;
    c.amf_ue_ngap_id_ = pair->amf_ue_ngap_id_;
    c.ran_ue_ngap_id_ = pair->ran_ue_ngap_id_;
    gnb_sends(n2::encode(n2::make_pdu<ngap::successful_outcome>(std::move(c))));
  }
};

}  // namespace meridian::amf::test
