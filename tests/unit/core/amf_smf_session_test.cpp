// The AMF and the SMF together, in process as `meridian core` will run them:
// the AMF's 5GMM layer and N11 relay (over the real AUSF/UDM on the in-memory
// UDR) and the real SMF core, each reaching the other only through its
// service interface (Nsmf_PDUSession one way, Namf_Communication and
// SmContextStatusNotify the other); the UPF is the SMF's fake N4 port. A
// scripted gNB/UE registers, then:
//   establishes a PDU session: its PDU SESSION ESTABLISHMENT ACCEPT (with an
//   address from the SMF's pool) reaches the UE inside the PDU Session
//   Resource Setup Request, whose transfer names the UPF's N3 tunnel; the
//   gNB's tunnel in its answer becomes the UPF's downlink FAR;
//   goes idle: the SMF deactivates the user plane, the session is kept;
//   releases the session: RELEASE COMMAND to the UE with the N2 release, the
//   PFCP session deleted, the AMF's routing context gone after RELEASE COMPLETE.

#include "amf/amf_mm_fixture.hpp"
#include "meridian/smf/smf.hpp"
#include "smf/smf_fixture.hpp"

namespace meridian::core {
namespace {

using namespace amf::test;
using smf::test::decode_gsm;

constexpr std::uint8_t psi = 5;
constexpr std::uint8_t pti = 1;

/// The SMF is made after the AMF (each needs the other): the AMF holds this
/// stand-in, which forwards to it.
class smf_stand_in final : public smf::nsmf_pdu_session {
 public:
  smf::nsmf_pdu_session* target = nullptr;
  sbi::awaitable<smf::sm_context_created, smf::sm_context_create_error> create_sm_context(
      smf::sm_context_create_data data) override {
    std::expected<smf::sm_context_created, smf::sm_context_create_error> r =
        co_await target->create_sm_context(std::move(data));
    co_return r;
  }
  sbi::awaitable<smf::sm_context_updated_data, smf::sm_context_update_error> update_sm_context(
      std::string ref, smf::sm_context_update_data data) override {
    std::expected<smf::sm_context_updated_data, smf::sm_context_update_error> r =
        co_await target->update_sm_context(std::move(ref), std::move(data));
    co_return r;
  }
  sbi::awaitable<smf::sm_context_released_data> release_sm_context(std::string ref,
                                                                   smf::sm_context_release_data data) override {
    std::expected<smf::sm_context_released_data, sbi::problem_details> r =
        co_await target->release_sm_context(std::move(ref), std::move(data));
    co_return r;
  }
};

struct amf_and_smf : mm_fixture {
  smf_stand_in stand_in;
  smf::test::fake_n4_port upf;
  std::unique_ptr<smf::session_management_function> session_management;
  smf::nsmf_pdu_session* smf() override { return &stand_in; }

  void SetUp() override {
    mm_fixture::SetUp();
    session_management = std::make_unique<smf::session_management_function>(
        smf::smf_config{}, smf::smf_services{*mm, nullptr, &*mm}, upf, timers);
    stand_in.target = session_management.get();
    auto& alice = hn.udr.subscribers.at(ausf::test::alice);
    udm::smf_selection_subscription_data selection;
    selection.subscribed_snssai_infos_[model::s_nssai{}] = udm::snssai_info{
        .dnn_infos_ = {udm::dnn_info{.dnn_ = "internet", .default_dnn_indicator_ = true, .dnn_barred_ = {}}}};
    alice.smf_select_data = selection;
    ASSERT_NE(register_ue(), 0u);
    ASSERT_TRUE(complete_registration());
    ASSERT_EQ(ctx()->state, amf::mm_state::registered);
  }
  void TearDown() override {
    // The SMF goes first: it may still call the AMF's interfaces.
    session_management.reset();
  }
  /// The UE's 5GSM message in an UL NAS Transport (request type for an establishment).
  void ue_sends_sm(const nas::gsm_message& m, bool initial) {
    nas::ul_nas_transport ul;
    ul.payload_container_.bytes_ = *nas::encode_nas(psi, pti, m);
    ul.pdu_session_id_ = psi;
    if (initial) {
      ul.request_type_ = nas::request_type{nas::request_type_value::initial_request};
      ul.dnn_ = nas::dnn{"internet"};
      ul.s_nssai_ = nas::s_nssai{.value_ = model::s_nssai{}, .mapped_hplmn_ = {}};
    }
    uplink(phone.seal(ul));
    timers.run_due();  // the SMF's user-plane half runs after its 201
  }
  /// The 5GSM message a NAS PDU for the UE carries (a DL NAS Transport the UE opens).
  std::optional<nas::gsm_pdu> sm_for_ue(const std::vector<std::uint8_t>& nas_pdu) {
    auto m = phone.receive(nas_pdu);
    const auto* dl = m ? std::get_if<nas::dl_nas_transport>(&*m) : nullptr;
    if (dl == nullptr) return std::nullopt;
    EXPECT_EQ(dl->pdu_session_id_, psi);
    return decode_gsm(dl->payload_container_.bytes_);
  }
  const amf::pdu_session_link* link() const {
    const auto* c = ctx();
    if (c == nullptr || !c->sessions) return nullptr;
    const auto it = c->sessions->links.find(psi);
    return it == c->sessions->links.end() ? nullptr : &it->second;
  }
  /// The UE asks for an IPv4 session.
  void request_session() {
    nas::pdu_session_establishment_request r;
    r.integrity_protection_maximum_data_rate_ = {0xff, 0xff};
    r.pdu_session_type_ = nas::pdu_session_type{nas::pdu_session_type_value::ipv4};
    ue_sends_sm(r, true);
  }
  /// The establishment through both NFs, the gNB's answer included.
  void establish() {
    request_session();
    gnb_answers_setup();
  }
  /// The gNB sets the session up, with its tunnel end 10.1.2.3 / 0xabcd.
  void gnb_answers_setup() {
    const auto* setup = out.last_initiating<ngap::pdu_session_resource_setup_request>();
    ASSERT_NE(setup, nullptr);
    ngap::pdu_session_resource_setup_response resp;
    resp.amf_ue_ngap_id_ = setup->amf_ue_ngap_id_;
    resp.ran_ue_ngap_id_ = setup->ran_ue_ngap_id_;
    resp.pdu_session_resource_setup_list_su_res_.emplace();
    resp.pdu_session_resource_setup_list_su_res_->push_back(
        {.pdu_session_id_ = psi,
         .pdu_session_resource_setup_response_transfer_ = smf::test::setup_response_transfer({10, 1, 2, 3}, 0xabcd),
         .ie_extensions_ = {}});
    gnb_sends(n2::encode(n2::make_pdu<ngap::successful_outcome>(std::move(resp))));
  }
};

TEST_F(amf_and_smf, a_pdu_session_is_established_through_the_amf_and_the_smf) {
  request_session();
  ASSERT_EQ(upf.establishments.size(), 1u);

  const auto* setup = out.last_initiating<ngap::pdu_session_resource_setup_request>();
  ASSERT_NE(setup, nullptr);
  ASSERT_EQ(setup->pdu_session_resource_setup_list_su_req_.size(), 1u);
  const auto& item = setup->pdu_session_resource_setup_list_su_req_[0];
  EXPECT_EQ(item.pdu_session_id_, psi);
  // The accept, as the UE reads it: an IPv4 address from 10.45.0.0/16.
  ASSERT_TRUE(item.pdu_session_nas_pdu_);
  const auto accept_pdu = sm_for_ue(*item.pdu_session_nas_pdu_);
  ASSERT_TRUE(accept_pdu);
  EXPECT_EQ(accept_pdu->pti_, pti);
  const auto* accept = std::get_if<nas::pdu_session_establishment_accept>(&accept_pdu->message_);
  ASSERT_NE(accept, nullptr);
  ASSERT_TRUE(accept->pdu_address_);
  ASSERT_TRUE(accept->pdu_address_->ipv4_);
  EXPECT_EQ((*accept->pdu_address_->ipv4_)[0], 10);
  EXPECT_EQ((*accept->pdu_address_->ipv4_)[1], 45);
  // The transfer names the UPF's N3 end the fake UPF chose.
  const auto transfer =
      ngap::decode_pdu_session_resource_setup_request_transfer(item.pdu_session_resource_setup_request_transfer_);
  ASSERT_TRUE(transfer);
  const auto* tunnel = std::get_if<ngap::gtp_tunnel>(&transfer->ul_ngu_up_tnl_information_.value_);
  ASSERT_NE(tunnel, nullptr);
  EXPECT_EQ(tunnel->transport_layer_address_.bytes_, (std::vector<std::uint8_t>{192, 0, 2, 100}));
  EXPECT_EQ(tunnel->gtp_teid_, (std::vector<std::uint8_t>{0x00, 0x00, 0x10, 0x00}));

  // The gNB's answer: its tunnel becomes the downlink FAR on the UPF.
  gnb_answers_setup();
  ASSERT_EQ(upf.modifications.size(), 1u);
  ASSERT_NE(link(), nullptr);
  EXPECT_FALSE(link()->sm_context_ref.empty());
  EXPECT_EQ(mm->counters().sm_contexts_created, 1u);
}

TEST_F(amf_and_smf, a_session_survives_cm_idle_with_its_user_plane_deactivated) {
  const model::guti_5g guti = *ctx()->guti;
  establish();
  ASSERT_EQ(upf.modifications.size(), 1u);
  // The gNB lets the UE go: the SMF deactivates the user plane on the UPF.
  ngap::ue_context_release_request rr;
  rr.amf_ue_ngap_id_ = static_cast<std::int64_t>(id);
  rr.ran_ue_ngap_id_ = 5;
  rr.cause_.value_ = ngap::cause_radio_network::user_inactivity;
  gnb_sends(n2::encode(n2::make_pdu<ngap::initiating_message>(std::move(rr))));
  const auto* cmd = out.last_initiating<ngap::ue_context_release_command>();
  ASSERT_NE(cmd, nullptr);
  const auto* pair = std::get_if<ngap::ue_ngap_id_pair>(&cmd->ue_ngap_i_ds_.value_);
  ASSERT_NE(pair, nullptr);
  ngap::ue_context_release_complete done;
  done.amf_ue_ngap_id_ = pair->amf_ue_ngap_id_;
  done.ran_ue_ngap_id_ = pair->ran_ue_ngap_id_;
  gnb_sends(n2::encode(n2::make_pdu<ngap::successful_outcome>(std::move(done))));
  ASSERT_EQ(mm->idle_count(), 1u);
  EXPECT_EQ(upf.modifications.size(), 2u) << "the downlink FAR buffers while the UE is idle";

  // The routing context stays with the idle UE, and the SMF's context with it.
  const amf::mm_context* idle = mm->find_idle(guti.tmsi_);
  ASSERT_NE(idle, nullptr);
  ASSERT_TRUE(idle->sessions);
  EXPECT_TRUE(idle->sessions->links.contains(psi));
  EXPECT_TRUE(upf.deletions.empty());
}

TEST_F(amf_and_smf, a_ue_requested_release_goes_through_both_and_deletes_the_pfcp_session) {
  establish();
  ue_sends_sm(nas::pdu_session_release_request{}, false);
  // TS 23.502 §4.3.4.2: the PFCP session goes, the command reaches gNB and UE.
  EXPECT_EQ(upf.deletions.size(), 1u);
  const auto* cmd = out.last_initiating<ngap::pdu_session_resource_release_command>();
  ASSERT_NE(cmd, nullptr);
  ASSERT_TRUE(cmd->nas_pdu_);
  const auto command = sm_for_ue(*cmd->nas_pdu_);
  ASSERT_TRUE(command);
  EXPECT_TRUE(std::holds_alternative<nas::pdu_session_release_command>(command->message_));
  ngap::pdu_session_resource_release_response resp;
  resp.amf_ue_ngap_id_ = cmd->amf_ue_ngap_id_;
  resp.ran_ue_ngap_id_ = cmd->ran_ue_ngap_id_;
  resp.pdu_session_resource_released_list_rel_res_.push_back(
      {.pdu_session_id_ = psi, .pdu_session_resource_release_response_transfer_ = {0x00}, .ie_extensions_ = {}});
  gnb_sends(n2::encode(n2::make_pdu<ngap::successful_outcome>(std::move(resp))));
  ASSERT_NE(link(), nullptr) << "the routing context stays until the UE completes";
  ue_sends_sm(nas::pdu_session_release_complete{}, false);
  EXPECT_EQ(link(), nullptr) << "the SMF's RELEASED notification ended it";
}

}  // namespace
}  // namespace meridian::core
