// TS 38.413 §8.14.1 UE Radio Capability Info Indication:
//
//   gNB ── UE RADIO CAPABILITY INFO INDICATION ──► AMF   kept with the connection

#include "../amf_n2_support.hpp"
#include "meridian/n2/n2_messages.hpp"

namespace meridian::amf {

void amf_n2::on_ue_radio_capability_info_indication(gnb_context& g,
                                                    const ngap::ue_radio_capability_info_indication& m) {
  ue_ngap_context* ue = ue_for(g, m.amf_ue_ngap_id_, m.ran_ue_ngap_id_);
  if (ue == nullptr) return;
  ++counters_.ue_radio_capability_infos;
  ue->radio_capability.assign(m.ue_radio_capability_.begin(), m.ue_radio_capability_.end());
}

}  // namespace meridian::amf
