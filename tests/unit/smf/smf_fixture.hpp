#pragma once
// The SMF core against hand-written fakes: the AMF's Namf_Communication and
// the UDM's SDM (tests/unit/support), and an N4 port whose UPF accepts,
// refuses or stays silent as the test says. Timers on a manual clock; the
// fakes answer without suspending, so each operation runs to its end inside
// run(), and run_due() starts the user-plane half of an establishment.

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <vector>

#include "meridian/common/clock.hpp"
#include "meridian/nas/nas.hpp"
#include "meridian/ngap/ngap.hpp"
#include "meridian/runtime/timer_service.hpp"
#include "meridian/smf/smf.hpp"
#include "smf/fake_n4_port.hpp"
#include "support/amf_service_fake.hpp"
#include "support/run_task.hpp"
#include "support/smf_service_fake.hpp"
#include "support/udm_service_fake.hpp"

namespace meridian::smf::test {

using namespace meridian::test;

using create_result = sbi::result<sm_context_created, sm_context_create_error>;
using update_result = sbi::result<sm_context_updated_data, sm_context_update_error>;

inline nas::extended_pco epco_request(std::initializer_list<std::uint16_t> ids) {
  nas::extended_pco e;
  for (auto id : ids) e.containers_.push_back({id, {}});
  return e;
}

/// TS 24.501 §8.3.1 PDU SESSION ESTABLISHMENT REQUEST as a UE sends it.
inline sbi::bytes establishment_request(std::uint8_t psi, std::uint8_t pti,
                                        std::optional<nas::pdu_session_type_value> type,
                                        std::optional<nas::extended_pco> epco = std::nullopt,
                                        std::optional<std::uint8_t> ssc = std::nullopt) {
  nas::pdu_session_establishment_request r;
  r.integrity_protection_maximum_data_rate_ = {0xff, 0xff};
  if (type) r.pdu_session_type_ = nas::pdu_session_type{*type};
  if (ssc) r.ssc_mode_ = nas::ssc_mode{*ssc};
  r.extended_protocol_configuration_options_ = std::move(epco);
  auto b = nas::encode_nas(psi, pti, r);
  EXPECT_TRUE(b);
  return b ? *b : sbi::bytes{};
}

inline sbi::bytes gsm(std::uint8_t psi, std::uint8_t pti, const nas::gsm_message& m) {
  auto b = nas::encode_nas(psi, pti, m);
  EXPECT_TRUE(b);
  return b ? *b : sbi::bytes{};
}

/// The 5GSM message in `bytes` (fails the test when it does not decode).
inline std::optional<nas::gsm_pdu> decode_gsm(const std::optional<sbi::bytes>& bytes) {
  EXPECT_TRUE(bytes.has_value());
  if (!bytes) return std::nullopt;
  auto d = nas::decode_plain_nas(*bytes);
  EXPECT_TRUE(d) << (d ? "" : d.error().message());
  if (!d) return std::nullopt;
  const auto* g = std::get_if<nas::gsm_pdu>(&*d);
  EXPECT_NE(g, nullptr);
  if (g == nullptr) return std::nullopt;
  return *g;
}

/// TS 38.413 §9.3.4.2 PDU Session Resource Setup Response Transfer from a gNB.
inline sbi::bytes setup_response_transfer(std::array<std::uint8_t, 4> gnb, std::uint32_t teid, std::uint8_t qfi = 1) {
  ngap::pdu_session_resource_setup_response_transfer t;
  ngap::gtp_tunnel tunnel;
  tunnel.transport_layer_address_ = asn1::bit_string({gnb.begin(), gnb.end()}, 32);
  tunnel.gtp_teid_ = {static_cast<std::uint8_t>(teid >> 24), static_cast<std::uint8_t>(teid >> 16),
                      static_cast<std::uint8_t>(teid >> 8), static_cast<std::uint8_t>(teid)};
  t.dl_qos_flow_per_tnl_information_.up_transport_layer_information_.value_ = tunnel;
  ngap::associated_qos_flow_item item;
  item.qos_flow_identifier_ = qfi;
  t.dl_qos_flow_per_tnl_information_.associated_qos_flow_list_.push_back(item);
  auto b = ngap::encode_pdu_session_resource_setup_response_transfer(t);
  EXPECT_TRUE(b);
  return b ? *b : sbi::bytes{};
}

struct smf_fixture : ::testing::Test {
  manual_clock clock;
  runtime::timer_service timers{clock};
  fake_namf_communication amf;
  fake_nudm_sdm sdm;
  fake_nsmf_sm_context_status_notification status;
  fake_n4_port n4;
  std::unique_ptr<session_management_function> smf;
  const model::supi supi = *model::supi::parse("imsi-001010000000001");

  void SetUp() override {
    amf.n1_n2_message_transfer_.will_answer_with(
        [](const std::string&, const amf::n1_n2_message_transfer_req_data&) {
          return sbi::result<amf::n1_n2_message_transfer_rsp_data>{amf::n1_n2_message_transfer_rsp_data{}};
        });
    status.sm_context_status_notification_.will_answer_with(
        [](const sbi::uri&, const sm_context_status_notification&) { return sbi::result<sbi::no_content>{}; });
    make(smf_config{}, false);
  }

  void make(smf_config cfg, bool with_sdm) {
    smf.reset();
    smf = std::make_unique<session_management_function>(
        std::move(cfg), smf_services{amf, with_sdm ? &sdm : nullptr, &status}, n4, timers);
  }

  sm_context_create_data create_data(sbi::bytes n1, std::uint8_t psi = 5) const {
    sm_context_create_data d;
    d.supi_ = supi;
    d.pdu_session_id_ = model::pdu_session_id::from(psi);
    d.dnn_ = "internet";
    d.s_nssai_ = model::s_nssai{1, std::nullopt};
    d.serving_nf_id_ = "amf-1";
    d.request_type_ = request_type::initial_request;
    d.n1_sm_msg_ = std::move(n1);
    d.sm_context_status_uri_ = "http://amf/status/1";
    return d;
  }

  /// CreateSMContext, then the user-plane half (PFCP, N1N2MessageTransfer).
  create_result create(sm_context_create_data d) {
    auto r = run(smf->create_sm_context(std::move(d)));
    EXPECT_TRUE(r.has_value()) << "CreateSMContext did not end";
    timers.run_due();
    return r ? std::move(*r) : create_result(std::unexpect);
  }
  create_result create(std::optional<nas::pdu_session_type_value> type = nas::pdu_session_type_value::ipv4,
                       std::optional<nas::extended_pco> epco = std::nullopt) {
    return create(create_data(establishment_request(5, 1, type, std::move(epco))));
  }

  update_result update(const std::string& ref, sm_context_update_data d) {
    auto r = run(smf->update_sm_context(ref, std::move(d)));
    EXPECT_TRUE(r.has_value()) << "UpdateSMContext did not end";
    return r ? std::move(*r) : update_result(std::unexpect);
  }
  update_result n2_setup_response(const std::string& ref, sbi::bytes transfer) {
    sm_context_update_data d;
    d.n2_sm_info_ = std::move(transfer);
    d.n2_sm_info_type_ = n2_sm_info_type::pdu_res_setup_rsp;
    return update(ref, std::move(d));
  }
  update_result n1(const std::string& ref, sbi::bytes bytes) {
    sm_context_update_data d;
    d.n1_sm_msg_ = std::move(bytes);
    return update(ref, std::move(d));
  }

  /// The last N1N2MessageTransfer's N1 and N2 contents.
  const amf::n1_n2_message_transfer_req_data& last_transfer() const {
    return amf.n1_n2_message_transfer_.last<1>();
  }
  std::optional<sbi::bytes> last_n1() const {
    if (amf.n1_n2_message_transfer_.call_count() == 0 || !last_transfer().n1_message_container_) return std::nullopt;
    return last_transfer().n1_message_container_->n1_message_content_;
  }
  std::optional<sbi::bytes> last_n2() const {
    if (amf.n1_n2_message_transfer_.call_count() == 0 || !last_transfer().n2_info_container_ ||
        !last_transfer().n2_info_container_->sm_info_ || !last_transfer().n2_info_container_->sm_info_->n2_info_content_)
      return std::nullopt;
    return last_transfer().n2_info_container_->sm_info_->n2_info_content_->ngap_data_;
  }

  /// The 5GSM cause of the reject in a create error (nothing when there is none).
  static std::optional<nas::gsm_cause> reject_cause(const create_result& r) {
    if (r || !r.error().n1_sm_msg_) return std::nullopt;
    auto g = decode_gsm(r.error().n1_sm_msg_);
    if (!g) return std::nullopt;
    if (const auto* rej = std::get_if<nas::pdu_session_establishment_reject>(&g->message_)) return rej->cause_;
    return std::nullopt;
  }
  static std::optional<nas::gsm_cause> status_cause(const std::optional<sbi::bytes>& n1) {
    if (!n1) return std::nullopt;
    auto g = decode_gsm(n1);
    if (!g) return std::nullopt;
    if (const auto* s = std::get_if<nas::gsm_status>(&g->message_)) return s->cause_;
    return std::nullopt;
  }

  ue_address_pool& pool() { return *smf->pools().find("internet", model::s_nssai{1, std::nullopt}); }
};

}  // namespace meridian::smf::test
