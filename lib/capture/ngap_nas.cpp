#include "meridian/capture/ngap_nas.hpp"

#include <variant>

namespace meridian::capture {

namespace {

std::optional<std::uint64_t> ue_id(std::int64_t v) {
  if (v < 0) return std::nullopt;
  return static_cast<std::uint64_t>(v);
}

template <class Message>
void ue_ids(const Message& m, ngap_nas_view& v) {
  v.amf_ue_ngap_id_ = ue_id(m.amf_ue_ngap_id_);
  v.ran_ue_ngap_id_ = ue_id(m.ran_ue_ngap_id_);
}

void add(const std::optional<ngap::nas_pdu>& pdu, ngap_nas_view& v) {
  if (pdu) v.nas_pdus_.emplace_back(*pdu);
}

// TS 38.413 §9.3.1.16: the TAI of an NR or E-UTRA user location.
void location(const ngap::user_location_information& uli, ngap_nas_view& v) {
  const ngap::tai* tai = nullptr;
  if (const auto* nr = std::get_if<ngap::user_location_information_nr>(&uli.value_)) tai = &nr->tai_;
  if (const auto* eutra = std::get_if<ngap::user_location_information_eutra>(&uli.value_)) tai = &eutra->tai_;
  if (tai && tai->plmn_identity_.size() == 3)
    v.tai_plmn_ = std::array<std::uint8_t, 3>{tai->plmn_identity_[0], tai->plmn_identity_[1], tai->plmn_identity_[2]};
}

void collect(const ngap::initial_ue_message& m, ngap_nas_view& v) {
  v.uplink_ = true;
  v.ran_ue_ngap_id_ = ue_id(m.ran_ue_ngap_id_);
  if (m.five_g_s_tmsi_ && m.five_g_s_tmsi_->five_g_tmsi_.size() == 4) {
    const auto& t = m.five_g_s_tmsi_->five_g_tmsi_;
    v.five_g_tmsi_ = (std::uint32_t{t[0]} << 24) | (std::uint32_t{t[1]} << 16) | (std::uint32_t{t[2]} << 8) | t[3];
  }
  location(m.user_location_information_, v);
  v.nas_pdus_.emplace_back(m.nas_pdu_);
}

void collect(const ngap::uplink_nas_transport& m, ngap_nas_view& v) {
  v.uplink_ = true;
  ue_ids(m, v);
  location(m.user_location_information_, v);
  v.nas_pdus_.emplace_back(m.nas_pdu_);
}

void collect(const ngap::downlink_nas_transport& m, ngap_nas_view& v) {
  ue_ids(m, v);
  v.nas_pdus_.emplace_back(m.nas_pdu_);
}

// Sent back to the AMF, but the NAS inside went (or was to go) downlink.
void collect(const ngap::nas_non_delivery_indication& m, ngap_nas_view& v) {
  ue_ids(m, v);
  v.nas_pdus_.emplace_back(m.nas_pdu_);
}

void collect(const ngap::initial_context_setup_request& m, ngap_nas_view& v) {
  ue_ids(m, v);
  add(m.nas_pdu_, v);
  if (m.pdu_session_resource_setup_list_cxt_req_)
    for (const auto& item : *m.pdu_session_resource_setup_list_cxt_req_) add(item.nas_pdu_, v);
}

void collect(const ngap::pdu_session_resource_setup_request& m, ngap_nas_view& v) {
  ue_ids(m, v);
  add(m.nas_pdu_, v);
  for (const auto& item : m.pdu_session_resource_setup_list_su_req_) add(item.pdu_session_nas_pdu_, v);
}

void collect(const ngap::pdu_session_resource_modify_request& m, ngap_nas_view& v) {
  ue_ids(m, v);
  for (const auto& item : m.pdu_session_resource_modify_list_mod_req_) add(item.nas_pdu_, v);
}

void collect(const ngap::pdu_session_resource_release_command& m, ngap_nas_view& v) {
  ue_ids(m, v);
  add(m.nas_pdu_, v);
}

template <class Other>
void collect(const Other&, ngap_nas_view&) {}  // carries no NAS-PDU

}  // namespace

ngap_nas_view nas_of(const ngap::ngap_pdu& pdu) {
  ngap_nas_view v;
  // Only initiating messages carry a NAS-PDU in TS 38.413 Rel-17.
  if (const auto* im = std::get_if<ngap::initiating_message>(&pdu.value_))
    std::visit([&](const auto& m) { collect(m, v); }, im->value_);
  return v;
}

}  // namespace meridian::capture
