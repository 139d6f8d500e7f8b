// TS 24.501 §5.4.4, generic UE configuration update, the UE's side:
//
//   UE ◄─ CONFIGURATION UPDATE COMMAND (5G-GUTI, TAI list, allowed NSSAI,
//         configuration update indication) ── AMF      (integrity protected)
//   UE ── CONFIGURATION UPDATE COMPLETE ─► AMF    only when the indication
//         asks for an acknowledgement (ACK bit)
//
// The registration-requested bit (RED) asks for a mobility registration
// after the release; mobility registration is not in this UE yet.

#include "meridian/ue/mm.hpp"
#include "mm_support.hpp"

namespace meridian::ue {

using detail::logger;

void mm_entity::on_configuration_update_command(const nas::configuration_update_command& m) {
  // §5.4.4.3: a new 5G-GUTI replaces the old one; so do a TAI list and an allowed NSSAI.
  if (m.guti_)
    if (const auto* g = std::get_if<nas::guti_5g_identity>(&m.guti_->value_)) guti_ = g->value_;
  if (m.tai_list_) tai_list_ = detail::tais_of(*m.tai_list_);
  if (m.allowed_nssai_) {
    allowed_nssai_.clear();
    for (const auto& s : m.allowed_nssai_->s_nssais_) allowed_nssai_.push_back(s.value_);
  }
  // §9.11.3.18 Configuration update indication: bit 1 ACK, bit 2 RED.
  const std::uint8_t indication = m.configuration_update_indication_ ? m.configuration_update_indication_->to_nibble() : 0;
  if ((indication & 0x02) != 0)
    logger()->debug("UE {}: Configuration Update asks for a registration (not supported yet)", id_);
  if ((indication & 0x01) != 0) send(nas::configuration_update_complete{});
}

}  // namespace meridian::ue
