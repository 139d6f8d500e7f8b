// TS 38.413 §8.6 Transport of NAS messages, as the AMF runs it:
//
//   gNB ── INITIAL UE MESSAGE (RAN UE NGAP ID, NAS-PDU) ──► AMF   a new connection: AMF UE NGAP ID allocated
//   gNB ── UPLINK NAS TRANSPORT ──────────────────────────► AMF   NAS-PDU to the NAS layer
//   gNB ◄─ DOWNLINK NAS TRANSPORT ──────────────────────── AMF   NAS-PDU from the NAS layer
//   gNB ── NAS NON DELIVERY INDICATION ───────────────────► AMF   a downlink NAS-PDU not delivered
//
// A second Initial UE Message on a RAN UE NGAP ID still in use on the same
// association means the gNB has forgotten the old connection: it is released
// locally and a new one made (docs/amf.md).

#include "../amf_n2_support.hpp"
#include "meridian/n2/n2_messages.hpp"

namespace meridian::amf {

using detail::kind;
using detail::logger;
using detail::warning;

namespace {

void take_location(ue_ngap_context& ue, const ngap::user_location_information& uli) {
  const auto* nr = std::get_if<ngap::user_location_information_nr>(&uli.value_);
  if (nr == nullptr) return;
  if (auto tai = n2::decode_tai(nr->tai_)) ue.tai = *tai;
  if (auto cgi = n2::decode_ncgi(nr->nr_cgi_)) ue.ncgi = *cgi;
}

}  // namespace

void amf_n2::on_initial_ue_message(gnb_context& g, const ngap::initial_ue_message& m, std::uint16_t stream) {
  ++counters_.initial_ue_messages;
  const auto ran_id = n2::decode_ran_ue_ngap_id(m.ran_ue_ngap_id_);
  if (!ran_id) return;  // the codec enforces the range; nothing to answer for an id that cannot be
  if (const ue_ngap_context* old = ues_.find(g.association, *ran_id)) {
    ++counters_.ue_contexts_replaced;
    warn(g, kind(warning::ue_context_replaced),
         "{}: Initial UE Message on RAN UE NGAP ID {} still in use by AMF UE NGAP ID {}: the old connection is released",
         g.label(), ran_id->value(), old->amf_id.value());
    release_ue(old->amf_id, ue_release_reason::replaced);
  }
  ue_ngap_context* ue = ues_.create(g.association, *ran_id, stream);
  if (ue == nullptr) {
    logger()->error("{}: no AMF UE NGAP ID left for a new UE", g.label());
    return;
  }
  take_location(*ue, m.user_location_information_);
  logger()->debug("{}: Initial UE Message: AMF UE NGAP ID {} for RAN UE NGAP ID {}", g.label(), ue->amf_id.value(),
                  ran_id->value());
  if (nas_ == nullptr) {
    // No NAS layer in this process (N2 only): the UE cannot be served.
    const auto id = ue->amf_id;
    release_ue_context(id, n2::misc_cause(ngap::cause_misc::unspecified));
    return;
  }
  nas_->on_initial_nas(*ue, m.nas_pdu_, m);
}

void amf_n2::on_uplink_nas_transport(gnb_context& g, const ngap::uplink_nas_transport& m) {
  ue_ngap_context* ue = ue_for(g, m.amf_ue_ngap_id_, m.ran_ue_ngap_id_);
  if (ue == nullptr) return;
  ++counters_.uplink_nas_transports;
  take_location(*ue, m.user_location_information_);
  if (nas_ != nullptr) nas_->on_uplink_nas(*ue, m.nas_pdu_);
}

void amf_n2::on_nas_non_delivery_indication(gnb_context& g, const ngap::nas_non_delivery_indication& m) {
  ue_ngap_context* ue = ue_for(g, m.amf_ue_ngap_id_, m.ran_ue_ngap_id_);
  if (ue == nullptr) return;
  ++counters_.nas_non_deliveries;
  logger()->info("{}: NAS PDU not delivered to AMF UE NGAP ID {}: {}", g.label(), ue->amf_id.value(),
                 n2::to_string(m.cause_));
  if (nas_ != nullptr) nas_->on_nas_non_delivery(*ue, m.nas_pdu_, m.cause_);
}

bool amf_n2::send_downlink_nas(model::amf_ue_ngap_id id, std::span<const std::uint8_t> nas_pdu) {
  const ue_ngap_context* ue = ues_.find(id);
  if (ue == nullptr) return false;
  ngap::downlink_nas_transport d;
  d.amf_ue_ngap_id_ = n2::encode_amf_ue_ngap_id(ue->amf_id);
  d.ran_ue_ngap_id_ = n2::encode_ran_ue_ngap_id(ue->ran_id);
  d.nas_pdu_.assign(nas_pdu.begin(), nas_pdu.end());
  ++counters_.downlink_nas_transports;
  send_ue(*ue, n2::make_pdu<ngap::initiating_message>(std::move(d)));
  return true;
}

}  // namespace meridian::amf
