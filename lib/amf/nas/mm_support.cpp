// What the AMF's 5GMM procedures share.

#include "mm_support.hpp"

#include <array>

#include "meridian/security/key_hierarchy.hpp"

namespace meridian::amf::mm_detail {

const std::shared_ptr<spdlog::logger>& logger() {
  static const auto l = log::get("amf.nas");
  return l;
}

nas::gprs_timer_3 gprs_timer_3_for(std::chrono::seconds d) {
  // TS 24.008 Table 10.5.163a: the unit codes, finest first, and their seconds.
  struct unit {
    std::uint8_t code;
    std::int64_t seconds;
  };
  static constexpr std::array<unit, 7> units{{{3, 2}, {4, 30}, {5, 60}, {0, 600}, {1, 3600}, {2, 36000}, {6, 1152000}}};
  const std::int64_t s = d.count();
  if (s <= 0) return nas::gprs_timer_3{7, 0};  // deactivated
  for (const auto& u : units)
    if (s % u.seconds == 0 && s / u.seconds <= 31)
      return nas::gprs_timer_3{u.code, static_cast<std::uint8_t>(s / u.seconds)};
  for (const auto& u : units)
    if ((s + u.seconds - 1) / u.seconds <= 31)
      return nas::gprs_timer_3{u.code, static_cast<std::uint8_t>((s + u.seconds - 1) / u.seconds)};
  return nas::gprs_timer_3{6, 31};
}

nas::psi_bitmap pdu_session_status(const mm_context& ctx) {
  nas::psi_bitmap b;
  if (ctx.sessions)
    for (const auto& [psi, link] : ctx.sessions->links)
      if (psi < 16) b.psi_ = static_cast<std::uint16_t>(b.psi_ | (1u << psi));
  return b;
}

initial_context_setup_parameters context_setup_for(const mm_context& ctx, std::vector<std::uint8_t> nas_pdu) {
  initial_context_setup_parameters setup;
  if (ctx.guti) setup.guami = ctx.guti->guami_;
  setup.allowed_nssai = ctx.allowed_nssai;
  if (ctx.ue_security_capability) {
    const auto& capability = *ctx.ue_security_capability;
    setup.nr_encryption = ngap_mask(capability.ea_);
    setup.nr_integrity = ngap_mask(capability.ia_);
    setup.eutra_encryption = ngap_mask(capability.eea_.value_or(0));
    setup.eutra_integrity = ngap_mask(capability.eia_.value_or(0));
  }
  // TS 33.501 A.9: K_gNB from K_AMF and the uplink NAS COUNT of the last
  // message received (the Security Mode Complete's, or the Service Request's).
  if (ctx.kamf && ctx.security)
    setup.security_key = security::derive_kgnb(*ctx.kamf, ctx.security->last_received_count().value_or(0));
  setup.nas_pdu = std::move(nas_pdu);
  return setup;
}

}  // namespace meridian::amf::mm_detail
