// The SMF core over its real N4 port (n4_client_port over n4_peer::client)
// against the UPF's real N4 node (upf::n4_server) on 127.0.0.1 with kernel-
// chosen ports; the UPF's data path is the session table of the upf tests'
// fake installer, so the rules the UPF compiled and installed can be read
// back: the PFCP session is really established, modified and deleted there.

#include <gtest/gtest.h>

#include <chrono>

#include <asio/io_context.hpp>

#include "meridian/n4_peer/client.hpp"
#include "meridian/smf/n4_client_port.hpp"
#include "meridian/upf/ids.hpp"
#include "meridian/upf/n4_server.hpp"
#include "smf/smf_fixture.hpp"
#include "upf/n4_fakes.hpp"

namespace meridian::smf::test {
namespace {

using namespace std::chrono_literals;
using type = nas::pdu_session_type_value;

class smf_with_upf : public ::testing::Test {
 protected:
  void SetUp() override {
    start_upf(0, installer_);
    ASSERT_TRUE(upf_);
    const auto e = upf_->local_endpoint();

    n4_peer::client_config ccfg;
    ccfg.t1_ = 300ms;
    ccfg.n1_ = 1;
    auto c = n4_peer::client::create(io_, ccfg, &machine_clock_);
    ASSERT_TRUE(c) << c.error();
    client_ = std::move(*c);
    port_ = make_n4_client_port(*client_, timers_, {n4_peer::endpoint{e.address_, e.port_}, 3s});

    amf_.n1_n2_message_transfer_.will_answer_with([](const std::string&, const amf::n1_n2_message_transfer_req_data&) {
      return sbi::result<amf::n1_n2_message_transfer_rsp_data>{amf::n1_n2_message_transfer_rsp_data{}};
    });
    smf_ = std::make_unique<session_management_function>(smf_config{}, smf_services{amf_, nullptr, nullptr}, *port_,
                                                         timers_);
  }
  /// The UPF's N4 node on 127.0.0.1:`port` (0: the kernel chooses).
  void start_upf(std::uint16_t port, upf::test::fake_installer& installer) {
    upf::n4_config ucfg;
    ucfg.bind_address_ = {127, 0, 0, 1};
    ucfg.port_ = port;
    ucfg.n3_address_ = {127, 0, 0, 7};
    ucfg.t1_ = 500ms;
    ucfg.n1_ = 1;
    auto u = upf::n4_server::create(io_, ucfg, installer, machine_clock_);
    ASSERT_TRUE(u) << u.error();
    upf_ = std::move(*u);
  }

  void TearDown() override {
    smf_.reset();
    port_.reset();
    if (client_) client_->stop();
    if (upf_) upf_->stop();
  }

  template <class T>
  std::optional<T> await(runtime::task<T> t, std::chrono::milliseconds limit = 5s) {
    std::optional<T> out;
    start(std::move(t), out);
    n4_peer::run_until(
        io_, [&] { return out.has_value(); }, limit);
    return out;
  }

  sm_context_create_data create_data(sbi::bytes n1) const {
    sm_context_create_data d;
    d.supi_ = model::supi::parse("imsi-001010000000009");
    d.pdu_session_id_ = model::pdu_session_id::from(1);
    d.dnn_ = "internet";
    d.s_nssai_ = model::s_nssai{1, std::nullopt};
    d.n1_sm_msg_ = std::move(n1);
    return d;
  }

  /// CreateSMContext and the user plane: returns the ref once the accept went to the AMF.
  std::string establish(type t) {
    auto created = await(smf_->create_sm_context(create_data(establishment_request(1, 3, t))));
    EXPECT_TRUE(created && *created);
    if (!created || !*created) return {};
    n4_peer::run_until(
        io_, [&] { return amf_.n1_n2_message_transfer_.call_count() > 0; }, 5s);
    EXPECT_EQ(amf_.n1_n2_message_transfer_.call_count(), 1u);
    return (*created)->sm_context_ref_;
  }

  asio::io_context io_;
  system_clock_source machine_clock_;
  runtime::timer_service timers_{machine_clock_, io_};
  upf::test::fake_installer installer_;
  upf::test::fake_installer restarted_installer_;
  std::unique_ptr<upf::n4_server> upf_;
  std::unique_ptr<n4_peer::client> client_;
  std::unique_ptr<n4_port> port_;
  fake_namf_communication amf_;
  std::unique_ptr<session_management_function> smf_;
};

TEST_F(smf_with_upf, a_session_is_established_modified_and_deleted_on_the_upf) {
  const std::string ref = establish(type::ipv4);
  ASSERT_FALSE(ref.empty());
  const sm_context* ctx = smf_->context(ref);
  ASSERT_NE(ctx, nullptr);
  ASSERT_TRUE(ctx->up_seid);
  ASSERT_TRUE(ctx->ipv4);

  // Established: one session, found on the UPF by the UE's address and by the TEID the UPF chose.
  EXPECT_EQ(upf_->node().session_count(), 1u);
  EXPECT_EQ(installer_.table_.size(), 1u);
  const auto& a = *ctx->ipv4;
  const upf::session* by_address = installer_.table_.find_by_ue_address(upf::ipv4_from_octets(a[0], a[1], a[2], a[3]));
  ASSERT_NE(by_address, nullptr);
  ASSERT_TRUE(ctx->ul_tunnel);
  EXPECT_EQ(ctx->ul_tunnel->address_, (ipv4_address{127, 0, 0, 7})) << "the UPF's N3 address from its Created PDR";
  EXPECT_EQ(installer_.table_.find_by_teid(*teid::from(ctx->ul_tunnel->teid_)), by_address);
  // The N2 transfer names the very tunnel the UPF installed.
  auto t = ngap::decode_pdu_session_resource_setup_request_transfer(
      amf_.n1_n2_message_transfer_.last<1>().n2_info_container_->sm_info_->n2_info_content_->ngap_data_);
  ASSERT_TRUE(t);
  const auto& tunnel = std::get<ngap::gtp_tunnel>(t->ul_ngu_up_tnl_information_.value_);
  const std::uint32_t teid_in_n2 = (std::uint32_t{tunnel.gtp_teid_[0]} << 24) | (std::uint32_t{tunnel.gtp_teid_[1]} << 16) |
                                   (std::uint32_t{tunnel.gtp_teid_[2]} << 8) | tunnel.gtp_teid_[3];
  EXPECT_EQ(teid_in_n2, ctx->ul_tunnel->teid_);
  const auto& rules = by_address->rules();
  ASSERT_EQ(rules.qers_.size(), 2u);
  EXPECT_EQ(rules.qers_[0].mbr_uplink_kbps_, std::optional<std::uint64_t>(1'000'000));
  const upf::far* dl_before = nullptr;
  for (const auto& f : rules.fars_)
    if (f.id_.value() == 2) dl_before = &f;
  ASSERT_NE(dl_before, nullptr);
  EXPECT_EQ(dl_before->action_, upf::apply_action::buffer);

  // Modified: the gNB's tunnel becomes the downlink FAR's outer header.
  sm_context_update_data n2;
  n2.n2_sm_info_type_ = n2_sm_info_type::pdu_res_setup_rsp;
  n2.n2_sm_info_ = setup_response_transfer({127, 0, 0, 8}, 0x00c0ffee);
  auto updated = await(smf_->update_sm_context(ref, n2));
  ASSERT_TRUE(updated);
  ASSERT_TRUE(*updated) << updated->error().error_.detail_.value_or("");
  EXPECT_EQ((*updated)->up_cnx_state_, up_cnx_state::activated);
  EXPECT_EQ(installer_.modify_calls_, 1);
  const upf::session* after = installer_.table_.find(*ctx->up_seid);
  ASSERT_NE(after, nullptr);
  const upf::far* dl = nullptr;
  for (const auto& f : after->rules().fars_)
    if (f.id_.value() == 2) dl = &f;
  ASSERT_NE(dl, nullptr);
  EXPECT_EQ(dl->action_, upf::apply_action::forward);
  EXPECT_EQ(dl->destination_interface_, upf::interface_type::access);
  ASSERT_TRUE(dl->outer_header_creation_);
  EXPECT_EQ(dl->outer_header_creation_->teid_, teid::from(0x00c0ffee));
  EXPECT_EQ(dl->outer_header_creation_->peer_address_, upf::ipv4_from_octets(127, 0, 0, 8));

  // Deleted: ReleaseSMContext leaves nothing on the UPF and frees the address.
  const seid up = *ctx->up_seid;
  auto released = await(smf_->release_sm_context(ref, {}));
  ASSERT_TRUE(released && *released);
  EXPECT_EQ(upf_->node().session_count(), 0u);
  EXPECT_EQ(installer_.table_.size(), 0u);
  ASSERT_EQ(installer_.removed_.size(), 1u);
  EXPECT_EQ(installer_.removed_[0], up);
  EXPECT_EQ(smf_->pools().find("internet", model::s_nssai{1, std::nullopt})->ipv4_in_use(), 0u);
}

TEST_F(smf_with_upf, a_ue_requested_release_deletes_the_session_on_the_upf) {
  const std::string ref = establish(type::ipv4v6);
  ASSERT_FALSE(ref.empty());
  EXPECT_EQ(upf_->node().session_count(), 1u);
  sm_context_update_data d;
  d.n1_sm_msg_ = gsm(1, 4, nas::pdu_session_release_request{});
  auto r = await(smf_->update_sm_context(ref, d));
  ASSERT_TRUE(r && *r);
  EXPECT_EQ(upf_->node().session_count(), 0u);
  auto g = decode_gsm((*r)->n1_sm_msg_);
  ASSERT_TRUE(g);
  EXPECT_TRUE(std::holds_alternative<nas::pdu_session_release_command>(g->message_));
}

TEST_F(smf_with_upf, sessions_of_several_ues_established_at_once_share_one_association) {
  std::vector<std::optional<sbi::result<sm_context_created, sm_context_create_error>>> created(3);
  for (std::size_t i = 0; i < created.size(); ++i) {
    auto d = create_data(establishment_request(1, 3, type::ipv4));
    d.supi_ = model::supi::parse("imsi-00101000000010" + std::to_string(i));
    start(smf_->create_sm_context(std::move(d)), created[i]);
  }
  ASSERT_TRUE(n4_peer::run_until(
      io_, [&] { return amf_.n1_n2_message_transfer_.call_count() == created.size(); }, 5s));
  for (const auto& c : created) ASSERT_TRUE(c && *c);
  EXPECT_EQ(upf_->node().session_count(), created.size());
  EXPECT_EQ(installer_.table_.size(), created.size());
  // One Association Setup Request and the establishments; nothing refused for want of an association.
  EXPECT_EQ(client_->counters().sent_, 1u + created.size());
  EXPECT_EQ(upf_->node().counters().no_association_, 0u);
}

TEST_F(smf_with_upf, when_the_upf_restarted_and_lost_the_association_then_the_port_sets_it_up_again) {
  ASSERT_FALSE(establish(type::ipv4).empty());
  const std::uint16_t port = upf_->local_endpoint().port_;
  upf_->stop();
  upf_.reset();
  start_upf(port, restarted_installer_);  // a new UPF on the same address knows no association
  ASSERT_TRUE(upf_);
  auto d = create_data(establishment_request(2, 4, type::ipv4));
  d.pdu_session_id_ = model::pdu_session_id::from(2);
  auto created = await(smf_->create_sm_context(std::move(d)));
  ASSERT_TRUE(created && *created);
  ASSERT_TRUE(n4_peer::run_until(
      io_, [&] { return amf_.n1_n2_message_transfer_.call_count() == 2; }, 5s));
  auto g = decode_gsm(amf_.n1_n2_message_transfer_.last<1>().n1_message_container_->n1_message_content_);
  ASSERT_TRUE(g);
  EXPECT_TRUE(std::holds_alternative<nas::pdu_session_establishment_accept>(g->message_));
  EXPECT_EQ(upf_->node().session_count(), 1u);
  EXPECT_EQ(upf_->node().counters().no_association_, 1u) << "refused once, then associated and retried";
}

TEST_F(smf_with_upf, when_the_upf_is_gone_then_the_ue_is_rejected_with_26_and_the_address_freed) {
  upf_->stop();
  auto created = await(smf_->create_sm_context(create_data(establishment_request(1, 3, type::ipv4))));
  ASSERT_TRUE(created && *created);
  // The association request goes unanswered: T1 × (N1 + 1) = 600 ms.
  ASSERT_TRUE(n4_peer::run_until(
      io_, [&] { return amf_.n1_n2_message_transfer_.call_count() > 0; }, 5s));
  auto g = decode_gsm(amf_.n1_n2_message_transfer_.last<1>().n1_message_container_->n1_message_content_);
  ASSERT_TRUE(g);
  const auto* reject = std::get_if<nas::pdu_session_establishment_reject>(&g->message_);
  ASSERT_NE(reject, nullptr);
  EXPECT_EQ(reject->cause_, nas::gsm_cause::insufficient_resources);
  EXPECT_EQ(smf_->context_count(), 0u);
  EXPECT_EQ(smf_->pools().find("internet", model::s_nssai{1, std::nullopt})->ipv4_in_use(), 0u);
}

}  // namespace
}  // namespace meridian::smf::test
