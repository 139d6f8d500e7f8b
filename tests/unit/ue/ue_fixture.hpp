#pragma once
// What the UE's scripted tests share: one UE (the USIM of TS 35.207 set 1,
// imsi-001010000000001) over the AMF double, timers on a manual clock, and
// the steps of a registration as the network drives them.

#include <gtest/gtest.h>

#include <chrono>
#include <optional>

#include "meridian/common/clock.hpp"
#include "meridian/runtime/timer_service.hpp"
#include "meridian/ue/mm.hpp"
#include "ue/amf_double.hpp"

namespace meridian::ue::test {

using namespace std::chrono_literals;

inline const char* const imeisv_digits = "3534900698733190";

/// The 5G-GUTI the double's Registration Accept gives: GUAMI 001/01, region 1, set 1, pointer 0.
inline model::guti_5g test_guti(std::uint32_t tmsi = 0x1234) {
  const model::amf_identifier amf_id{model::amf_region_id::literal(1), model::amf_set_id::literal(1),
                                     model::amf_pointer::literal(0)};
  return model::guti_5g{model::guami{model::plmn{}, amf_id}, *model::tmsi_5g::from(tmsi)};
}

struct ue_fixture : ::testing::Test {
  manual_clock clk;
  runtime::timer_service timers{clk};
  amf_double amf;
  mm_config cfg;
  std::shared_ptr<const suci_calc_info> suci_info;  ///< null: the null scheme
  std::optional<mm_entity> ue;

  void SetUp() override { make_ue(); }
  void make_ue() {
    ue.emplace(7, cfg, usim(*model::supi::parse(supi_text), key_of(k_hex), key_of(opc_hex), suci_info), imeisv_digits, amf,
               timers);
  }
  void advance(std::chrono::milliseconds d) {
    clk.advance(d);
    timers.run_due();
  }
  void down(const std::vector<std::uint8_t>& pdu) { ue->on_downlink_nas(pdu); }

  /// The network challenges; the UE must answer with the right RES*.
  void authenticate(std::uint8_t ngksi = 0) {
    down(amf.authentication_request(ngksi));
    const auto* r = amf.last_as<nas::authentication_response>();
    ASSERT_NE(r, nullptr);
    ASSERT_TRUE(amf.accept(*r));
  }
  /// The network takes NAS security into use; the UE must complete.
  const nas::security_mode_complete* secure(amf_double::smc_options o = {}) {
    down(amf.security_mode_command(ue->ue_security_capability(), o));
    return amf.last_as<nas::security_mode_complete>();
  }
  static nas::registration_accept accept_message(model::guti_5g g = test_guti()) {
    nas::registration_accept a;
    a.guti_ = nas::mobile_identity{nas::guti_5g_identity{.value_ = g}};
    a.tai_list_ = nas::tai_list{{nas::tai_list_tacs{model::plmn{}, {model::tac::literal(1), model::tac::literal(2)}}}};
    a.allowed_nssai_ = nas::nssai{{nas::s_nssai{.value_ = model::s_nssai{}, .mapped_hplmn_ = {}}}};
    a.t3512_value_ = nas::gprs_timer_3{5, 30};  // 30 minutes
    return a;
  }
  /// A whole initial registration: Request, 5G-AKA, security mode, Accept, Complete.
  void register_fully() {
    ASSERT_TRUE(ue->register_initial());
    ASSERT_NO_FATAL_FAILURE(authenticate());
    ASSERT_NE(secure(), nullptr);
    down(amf.seal(accept_message()));
    ASSERT_NE(amf.last_as<nas::registration_complete>(), nullptr);
    ASSERT_EQ(ue->state(), mm_state::registered);
  }
};

}  // namespace meridian::ue::test
