#pragma once
// The UE against the real AMF 5GMM layer in one process (the shape of
// tests/unit/amf/amf_mm_fixture.hpp, written again here): the AMF's N2 side
// and mm_layer over the real AUSF and UDM on the in-memory UDR, one gNB set
// up, and between the UE and the AMF a minimal gNB that turns the UE's NAS
// into Initial UE Message / Uplink NAS Transport and the AMF's Downlink NAS
// Transport, Initial Context Setup Request and UE Context Release Command
// back into NAS and connection events (answering the latter two as a gNB
// must). Messages queue and are pumped, so neither side is re-entered.

#include <gtest/gtest.h>

#include <deque>
#include <functional>
#include <optional>

#include "amf/amf_test_messages.hpp"
#include "ausf/ausf_test_support.hpp"
#include "meridian/amf/amf_n2.hpp"
#include "meridian/amf/mm.hpp"
#include "meridian/n2/n2_messages.hpp"
#include "meridian/udm/subscriber_data_management.hpp"
#include "meridian/udm/ue_context_management.hpp"
#include "meridian/ue/mm.hpp"
#include "support/udm_service_fake.hpp"

namespace meridian::ue::test {

inline ngap::user_location_information nr_location() {
  ngap::user_location_information_nr nr;
  nr.tai_ = n2::encode_tai(model::tai{model::plmn{}, model::tac::literal(1)});
  nr.nr_cgi_ = n2::encode_ncgi(model::ncgi{model::plmn{}, *model::nr_cell_identity::from(0x10)});
  ngap::user_location_information uli;
  uli.value_ = std::move(nr);
  return uli;
}

/// A gNB between one emulated UE and the AMF, carrying NAS both ways.
class gnb_bridge final : public lower_layer_notifier, public amf::amf_n2_notifier {
 public:
  static constexpr std::uint32_t ran_id = 5;
  const amf::gnb_association_id gnb = *amf::gnb_association_id::from(1);

  // ---- the UE's lower layer
  void establish_connection(ue_index, establishment_cause, std::span<const std::uint8_t> pdu) override {
    ngap::initial_ue_message m;
    m.ran_ue_ngap_id_ = ran_id;
    m.nas_pdu_ = {pdu.begin(), pdu.end()};
    m.user_location_information_ = nr_location();
    m.rrc_establishment_cause_ = ngap::rrc_establishment_cause::mo_signalling;
    to_amf.push_back(n2::encode(n2::make_pdu<ngap::initiating_message>(std::move(m))));
    ue_nas.push_back({pdu.begin(), pdu.end()});
  }
  void send_uplink_nas(ue_index, std::span<const std::uint8_t> pdu) override {
    ngap::uplink_nas_transport u;
    u.amf_ue_ngap_id_ = amf_id;
    u.ran_ue_ngap_id_ = ran_id;
    u.nas_pdu_ = {pdu.begin(), pdu.end()};
    u.user_location_information_ = nr_location();
    to_amf.push_back(n2::encode(n2::make_pdu<ngap::initiating_message>(std::move(u))));
    ue_nas.push_back({pdu.begin(), pdu.end()});
  }
  void release_connection(ue_index) override { ++local_releases; }

  // ---- the AMF's N2
  void send_ngap(amf::gnb_association_id, std::span<const std::uint8_t> bytes) override {
    wire.push_back({true, {bytes.begin(), bytes.end()}});
    auto pdu = ngap::decode_ngap_pdu(bytes);
    ASSERT_TRUE(pdu);
    if (const auto* d = n2::message_as<ngap::initiating_message, ngap::downlink_nas_transport>(*pdu)) {
      amf_id = d->amf_ue_ngap_id_;
      to_ue.push_back(d->nas_pdu_);
    } else if (const auto* s = n2::message_as<ngap::initiating_message, ngap::initial_context_setup_request>(*pdu)) {
      amf_id = s->amf_ue_ngap_id_;
      ++context_setups;
      if (s->nas_pdu_) to_ue.push_back(*s->nas_pdu_);
      ngap::initial_context_setup_response r;
      r.amf_ue_ngap_id_ = s->amf_ue_ngap_id_;
      r.ran_ue_ngap_id_ = s->ran_ue_ngap_id_;
      to_amf.push_back(n2::encode(n2::make_pdu<ngap::successful_outcome>(std::move(r))));
    } else if (n2::message_as<ngap::initiating_message, ngap::ue_context_release_command>(*pdu) != nullptr) {
      ++releases;
      ngap::ue_context_release_complete c;
      c.amf_ue_ngap_id_ = amf_id;
      c.ran_ue_ngap_id_ = ran_id;
      to_amf.push_back(n2::encode(n2::make_pdu<ngap::successful_outcome>(std::move(c))));
      to_ue.push_back(std::nullopt);  // the RRC release
    }
  }

  /// Delivers what is queued, both ways, until nothing is left (bounded).
  void pump(amf::amf_n2& amf_side, mm_entity& ue) {
    for (int round = 0; round < 1000 && (!to_amf.empty() || !to_ue.empty()); ++round) {
      while (!to_amf.empty()) {
        auto bytes = std::move(to_amf.front());
        to_amf.pop_front();
        wire.push_back({false, bytes});
        amf_side.on_ngap(gnb, bytes);
      }
      if (!to_ue.empty()) {
        auto next = std::move(to_ue.front());
        to_ue.pop_front();
        if (next) {
          ue.on_downlink_nas(*next);
        } else {
          ue.on_connection_released();
        }
      }
    }
  }

  std::deque<std::vector<std::uint8_t>> to_amf;
  std::deque<std::optional<std::vector<std::uint8_t>>> to_ue;  // nothing: the connection released
  /// Every NGAP PDU both ways, in order: (from the AMF?, octets).
  std::vector<std::pair<bool, std::vector<std::uint8_t>>> wire;
  std::vector<std::vector<std::uint8_t>> ue_nas;  // what the UE sent
  ngap::amf_ue_ngap_id amf_id = 0;
  int context_setups = 0;
  int releases = 0;
  int local_releases = 0;
};

struct amf_in_process : ::testing::Test {
  manual_clock clk;
  runtime::timer_service timers{clk};
  gnb_bridge gnb;
  amf::amf_n2 amf_n2{amf::amf_config{}, gnb, timers};
  ausf::test::home_network hn;
  meridian::test::fake_nudm_uecm_deregistration_notification other_amfs;
  udm::ue_context_management uecm{hn.udr, other_amfs, hn.clock};
  udm::subscriber_data_management sdm{udm::udm_config{}, hn.udr};
  std::optional<amf::mm_layer> mm;
  mm_config ue_cfg;
  std::optional<mm_entity> ue;

  virtual amf::mm_config amf_config() const { return {}; }

  void SetUp() override {
    mm.emplace(amf_config(), amf_n2, amf::mm_services{hn.ausf, uecm, sdm}, timers);
    amf_n2.set_nas_handler(&*mm);
    amf_n2.on_gnb_connected(gnb.gnb);
    gnb.to_amf.push_back(amf::test::setup_request(1));  // PLMN 001/01, TAC 1, SST 1
    auto& alice = hn.udr.add(ausf::test::alice, ausf::test::subscription());
    udm::access_and_mobility_subscription_data am;
    am.nssai_ = udm::nssai{.default_single_nssais_ = {model::s_nssai{}}, .single_nssais_ = {}};
    alice.am_data = am;
    ue.emplace(1, ue_cfg, usim(ausf::test::alice, *crypto::key128::from(*from_hex(ausf::test::k_hex)),
                               *crypto::key128::from(*from_hex(ausf::test::opc_hex))),
               "3534900698733190", gnb, timers);
    pump();
    ASSERT_EQ(amf_n2.ready_gnb_count(), 1u);
  }
  void pump() { gnb.pump(amf_n2, *ue); }
  void advance(std::chrono::milliseconds d) {
    clk.advance(d);
    timers.run_due();
    pump();
  }
  const amf::mm_context* amf_ctx() const { return mm->find(*model::amf_ue_ngap_id::from(gnb.amf_id)); }
};

}  // namespace meridian::ue::test
