// The AMF's 5GMM layer, first step: a Registration Request with a SUCI starts
// 5G-AKA through the real AUSF and UDM (over the in-memory UDR), carried over
// UE-associated NGAP; the UE side is the security module's. T3560, a wrong
// RES*, an unknown subscriber and a connection lost mid-procedure.

#include <gtest/gtest.h>

#include "ausf/ausf_test_support.hpp"
#include "meridian/amf/amf_n2.hpp"
#include "meridian/amf/mm.hpp"
#include "meridian/common/hex.hpp"
#include "meridian/n2/n2_messages.hpp"
#include "meridian/nas/nas.hpp"
#include "amf/amf_test_messages.hpp"

namespace meridian::amf {
namespace {

using namespace std::chrono_literals;
using test::initial_ue_message;
using test::nr_location;
using test::setup_request;

class recording_sender final : public amf_n2_notifier {
 public:
  void send_ngap(gnb_association_id, std::span<const std::uint8_t> pdu) override {
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
  /// The 5GMM message of the last Downlink NAS Transport.
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
};

const auto gnb_a = *gnb_association_id::from(1);

// TS 24.501 §8.2.6 Registration Request, initial, ngKSI 7, SUCI of
// imsi-001010000000001 with the null scheme, UE security capability
// 5G-EA0-2 / 5G-IA0-2 (the shape of tests/vectors/nas_samples.json's first one).
const char* const registration_request_hex = "7e004179000d0100f1100000000000000000102e02e0e0";
const char* const unknown_registration_request_hex = "7e004179000d0100f1100000000000000000902e02e0e0";

std::vector<std::uint8_t> uplink_nas(std::uint64_t amf_id, std::uint32_t ran_id, const nas::gmm_message& m) {
  ngap::uplink_nas_transport u;
  u.amf_ue_ngap_id_ = static_cast<std::int64_t>(amf_id);
  u.ran_ue_ngap_id_ = ran_id;
  u.nas_pdu_ = *nas::encode_nas(m);
  u.user_location_information_ = nr_location();
  return n2::encode(n2::make_pdu<ngap::initiating_message>(std::move(u)));
}

struct mm_fixture : ::testing::Test {
  manual_clock clk;
  runtime::timer_service timers{clk};
  recording_sender out;
  amf_n2 amf{amf_config{}, out, timers};
  ausf::test::home_network hn;
  mm_layer mm{mm_config{}, amf, hn.ausf, timers};
  ausf::test::ue phone;

  void SetUp() override {
    amf.set_nas_handler(&mm);
    amf.on_gnb_connected(gnb_a);
    amf.on_ngap(gnb_a, setup_request(1));
    ASSERT_EQ(amf.ready_gnb_count(), 1u);
    hn.udr.add(ausf::test::alice, ausf::test::subscription());
  }
  /// The UE registers; gives its AMF UE NGAP ID.
  std::uint64_t register_ue(const char* request_hex = registration_request_hex) {
    amf.on_ngap(gnb_a, initial_ue_message(5, *from_hex(request_hex)));
    const auto ids = amf.ues().on(gnb_a);
    return ids.empty() ? 0 : ids.front().value();
  }
  const nas::authentication_request* challenge() {
    challenge_ = out.last_downlink_gmm();
    return challenge_ ? std::get_if<nas::authentication_request>(&*challenge_) : nullptr;
  }
  void advance(std::chrono::milliseconds d) {
    clk.advance(d);
    timers.run_due();
  }
  std::optional<nas::gmm_message> challenge_;
};

TEST_F(mm_fixture, a_registration_with_a_suci_runs_5g_aka_and_ends_with_the_supi_and_k_seaf) {
  const auto id = register_ue();
  ASSERT_NE(id, 0u);
  const auto* request = challenge();
  ASSERT_NE(request, nullptr) << "Authentication Request expected";
  ASSERT_TRUE(request->rand_ && request->autn_);
  EXPECT_EQ(request->abba_.bytes_, (std::vector<std::uint8_t>{0x00, 0x00}));
  // The UE checks AUTN and computes RES* (TS 33.501 Annex A.4).
  auto ue_side = security::ue_authenticate(phone.k, phone.opc, *request->rand_, *request->autn_,
                                           ausf::test::snn, phone.usim);
  ASSERT_TRUE(ue_side) << "the UE accepts the network";
  nas::authentication_response response;
  response.res_star_ = ue_side->res_star;
  amf.on_ngap(gnb_a, uplink_nas(id, 5, response));
  const mm_context* ctx = mm.find(*model::amf_ue_ngap_id::from(id));
  ASSERT_NE(ctx, nullptr);
  EXPECT_EQ(ctx->state, mm_state::authenticated);
  EXPECT_EQ(ctx->supi, ausf::test::alice);
  // K_SEAF as the UE derives it from its own K_AUSF (TS 33.501 A.6).
  const auto kseaf = security::derive_kseaf(ue_side->kausf, ausf::test::snn);
  EXPECT_EQ(to_hex(ctx->kseaf), to_hex(kseaf.bytes()));
  EXPECT_EQ(mm.counters().authentications_succeeded, 1u);
  EXPECT_EQ(timers.pending(), 0u) << "T3560 stopped";
}

TEST_F(mm_fixture, a_wrong_res_star_gets_authentication_reject_and_the_connection_is_released) {
  const auto id = register_ue();
  ASSERT_NE(challenge(), nullptr);
  nas::authentication_response response;
  response.res_star_ = nas::res_star_value{};  // all zero
  amf.on_ngap(gnb_a, uplink_nas(id, 5, response));
  const auto reject = out.last_downlink_gmm();
  ASSERT_TRUE(reject);
  EXPECT_TRUE(std::holds_alternative<nas::authentication_reject>(*reject));
  const auto* cmd = out.last_initiating<ngap::ue_context_release_command>();
  ASSERT_NE(cmd, nullptr);
  EXPECT_EQ(std::get<ngap::cause_nas>(cmd->cause_.value_), ngap::cause_nas::authentication_failure);
  EXPECT_EQ(mm.counters().authentications_rejected, 1u);
}

TEST_F(mm_fixture, the_authentication_request_is_repeated_four_times_on_t3560_then_the_connection_is_released) {
  register_ue();
  ASSERT_NE(challenge(), nullptr);
  const auto requests = [&] {
    std::size_t n = 0;
    for (const auto& pdu : out.sent)
      if (n2::message_as<ngap::initiating_message, ngap::downlink_nas_transport>(pdu)) ++n;
    return n;
  };
  EXPECT_EQ(requests(), 1u);
  advance(5999ms);
  EXPECT_EQ(requests(), 1u);
  advance(1ms);
  EXPECT_EQ(requests(), 2u) << "TS 24.501 §5.4.1.3.7 b): sent again on the first expiry";
  EXPECT_EQ(out.last_initiating<ngap::ue_context_release_command>(), nullptr);
  for (int i = 0; i < 3; ++i) advance(6s);
  EXPECT_EQ(requests(), 5u) << "four retransmissions";
  EXPECT_EQ(out.last_initiating<ngap::ue_context_release_command>(), nullptr);
  advance(6s);  // the fifth expiry aborts
  EXPECT_EQ(requests(), 5u);
  EXPECT_EQ(mm.counters().t3560_expiries, 5u);
  EXPECT_NE(out.last_initiating<ngap::ue_context_release_command>(), nullptr);
}

TEST_F(mm_fixture, an_authentication_response_to_a_retransmitted_request_completes_5g_aka) {
  const auto id = register_ue();
  const auto* request = challenge();
  ASSERT_NE(request, nullptr);
  const auto first_rand = request->rand_;  // challenge() reuses its storage
  const auto first_count = out.sent.size();
  advance(6s);  // the request goes again, with the same RAND and AUTN
  ASSERT_GT(out.sent.size(), first_count);
  const auto* again = challenge();
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(again->rand_, first_rand);
  auto ue_side = security::ue_authenticate(phone.k, phone.opc, *again->rand_, *again->autn_, ausf::test::snn,
                                           phone.usim);
  ASSERT_TRUE(ue_side);
  nas::authentication_response response;
  response.res_star_ = ue_side->res_star;
  amf.on_ngap(gnb_a, uplink_nas(id, 5, response));
  EXPECT_EQ(mm.find(*model::amf_ue_ngap_id::from(id))->state, mm_state::authenticated);
  EXPECT_EQ(timers.pending(), 0u);
}

TEST_F(mm_fixture, an_unknown_subscriber_is_not_challenged_and_its_connection_is_released) {
  register_ue(unknown_registration_request_hex);
  EXPECT_EQ(out.last_initiating<ngap::downlink_nas_transport>(), nullptr);
  EXPECT_NE(out.last_initiating<ngap::ue_context_release_command>(), nullptr);
  EXPECT_EQ(mm.counters().authentications_rejected, 1u);
}

TEST_F(mm_fixture, a_connection_lost_mid_authentication_ends_the_procedure_and_its_timer) {
  const auto id = register_ue();
  ASSERT_NE(challenge(), nullptr);
  EXPECT_EQ(timers.pending(), 1u);  // T3560
  amf.on_gnb_disconnected(gnb_a);
  EXPECT_EQ(timers.pending(), 0u);
  EXPECT_EQ(mm.find(*model::amf_ue_ngap_id::from(id)), nullptr);
  advance(10s);
  EXPECT_EQ(mm.counters().t3560_expiries, 0u);
}

TEST_F(mm_fixture, an_undecodable_nas_pdu_is_counted_and_nothing_is_sent) {
  register_ue();
  const std::size_t before = out.sent.size();
  const auto id = amf.ues().on(gnb_a).front().value();
  ngap::uplink_nas_transport u;
  u.amf_ue_ngap_id_ = static_cast<std::int64_t>(id);
  u.ran_ue_ngap_id_ = 5;
  u.nas_pdu_ = {0x7E, 0x00};
  u.user_location_information_ = nr_location();
  amf.on_ngap(gnb_a, n2::encode(n2::make_pdu<ngap::initiating_message>(std::move(u))));
  EXPECT_EQ(mm.counters().undecodable_nas, 1u);
  EXPECT_EQ(out.sent.size(), before);
}

}  // namespace
}  // namespace meridian::amf
