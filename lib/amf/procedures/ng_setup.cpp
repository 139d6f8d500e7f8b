// TS 38.413 §8.7.1 NG Setup, as the AMF answers it:
//
//   gNB ── NG SETUP REQUEST ───────────────────► AMF
//   gNB ◄─ NG SETUP RESPONSE ─────────────────── AMF   a served TA with a served slice
//   gNB ◄─ NG SETUP FAILURE (cause, Time To Wait) AMF   otherwise (§8.7.1.3)
//
// NG Setup replaces what the AMF held for the gNB; the same Global gNB ID on
// another association is that gNB restarted (docs/n2.md).

#include <algorithm>

#include <fmt/format.h>

#include "../amf_n2_support.hpp"
#include "meridian/common/log_escape.hpp"
#include "meridian/n2/n2_messages.hpp"

namespace meridian::amf {

using detail::gnb_key;
using detail::kind;
using detail::logger;
using detail::warning;

std::optional<ngap::cause> amf_n2::check_supported_tas(const ngap::supported_ta_list& tas) const {
  // A TA is served when its PLMN is supported and its TAI (PLMN + TAC) is in
  // the TAI list (or any TAC is accepted); the gNB is accepted when one served
  // TA also supports one of the PLMN's slices.
  bool plmn_known = false;
  bool ta_served = false;
  for (const auto& ta : tas) {
    const auto tac = n2::decode_tac(ta.tac_);
    for (const auto& bp : ta.broadcast_plmn_list_) {
      const auto plmn = n2::decode_plmn(bp.plmn_identity_);
      if (!plmn || !tac) continue;
      const auto served = std::find_if(cfg_.plmn_support.begin(), cfg_.plmn_support.end(),
                                       [&](const n2::plmn_slices& p) { return p.plmn == *plmn; });
      if (served == cfg_.plmn_support.end()) continue;
      plmn_known = true;
      const bool tai_listed = cfg_.accept_any_tac || std::any_of(cfg_.tais.begin(), cfg_.tais.end(), [&](const auto& t) {
                                return t.plmn == *plmn && std::find(t.tacs.begin(), t.tacs.end(), *tac) != t.tacs.end();
                              });
      if (!tai_listed) continue;
      ta_served = true;
      for (const auto& item : bp.tai_slice_support_list_) {
        const auto s = n2::decode_s_nssai(item.s_nssai_);
        if (s && std::find(served->slices.begin(), served->slices.end(), *s) != served->slices.end())
          return std::nullopt;
      }
    }
  }
  // TS 38.413 has no cause for "no served TA"; unknown-PLMN-or-SNPN ("the AMF
  // does not identify any PLMN provided by the NG-RAN node", §9.3.1.2) is the
  // one whose meaning covers it: no PLMN is served in the gNB's TAs (docs/n2.md).
  if (!plmn_known || !ta_served) return n2::misc_cause(ngap::cause_misc::unknown_plmn_or_snpn);
  return n2::radio_network_cause(ngap::cause_radio_network::slice_not_supported);
}

void amf_n2::on_ng_setup_request(gnb_context& g, const ngap::ng_setup_request& m) {
  const auto id = n2::decode_global_gnb_id(m.global_ran_node_id_);
  std::optional<ngap::cause> refusal;
  const bool name_ok = !m.ran_node_name_ || n2::is_printable_string(*m.ran_node_name_);
  if (!id) {
    // Only gNBs are served here; an ng-eNB or N3IWF gets a semantic error.
    refusal = n2::protocol_cause(ngap::cause_protocol::semantic_error);
  } else if (!name_ok) {
    // TS 38.413 §10.4: a comprehended message whose content is not valid (a
    // RANNodeName outside the PrintableString alphabet) is a logical error;
    // a class 1 request gets its unsuccessful outcome with "semantic error".
    ++counters_.invalid_names;
    refusal = n2::protocol_cause(ngap::cause_protocol::semantic_error);
  } else {
    refusal = check_supported_tas(m.supported_ta_list_);
  }
  const std::string who =
      id ? fmt::format("gNB {}{}", id->id_string(),
                       m.ran_node_name_ ? fmt::format(" ({})", log::escaped(*m.ran_node_name_)) : "")
         : g.label();
  if (refusal) {
    ++counters_.ng_setups_rejected;
    ngap::ng_setup_failure f;
    f.cause_ = *refusal;
    f.time_to_wait_ = cfg_.time_to_wait;
    warn(g, kind(warning::setup_refused), "NG Setup with {} refused: {}{}, Time To Wait {} s", who,
         n2::to_string(*refusal), name_ok ? "" : " (RAN Node Name is not a PrintableString)",
         n2::to_duration(cfg_.time_to_wait).count());
    // A refused re-setup leaves no stale configuration behind.
    if (g.setup_complete && g.id)
      if (const auto by = by_gnb_id_.find(gnb_key(*g.id)); by != by_gnb_id_.end() && by->second == g.association)
        by_gnb_id_.erase(by);
    g.setup_complete = false;
    send(g, n2::make_pdu<ngap::unsuccessful_outcome>(std::move(f)));
    return;
  }
  // TS 38.413 §8.7.1: NG Setup replaces whatever the AMF held for this gNB.
  // The same Global gNB ID on another association is that gNB restarted
  // before its old association was seen to fail: release the old one (docs/n2.md).
  const auto key = gnb_key(*id);
  if (const auto by = by_gnb_id_.find(key); by != by_gnb_id_.end() && by->second != g.association) {
    const auto old = by->second;
    ++counters_.duplicate_gnb_ids;
    // Limited per gNB ID, not per association: every duplicate comes on a new association.
    const auto d =
        log_limiter_.on_event(std::hash<std::string>{}(key), kind(warning::duplicate_gnb_id), timers_.now());
    if (d.suppressed_before != 0)
      logger()->warn("{}: {} more like this (duplicate gNB ID) not logged", who, d.suppressed_before);
    if (d.log)
      logger()->warn("NG Setup with {} on association {}: that gNB was set up on association {}, releasing it (restart)",
                     who, g.association.value(), old.value());
    forget(old);
    out_.release_association(old);
  }
  if (g.setup_complete && g.id && gnb_key(*g.id) != key) by_gnb_id_.erase(gnb_key(*g.id));
  by_gnb_id_.insert_or_assign(key, g.association);
  g.id = id;
  g.name = m.ran_node_name_.value_or("");
  g.supported_tas = m.supported_ta_list_;
  g.default_paging_drx = m.default_paging_drx_;
  g.setup_complete = true;
  ++counters_.ng_setups_accepted;

  ngap::ng_setup_response r;
  r.amf_name_ = cfg_.name;
  r.served_guami_list_ = detail::served_guami_list(cfg_);
  r.relative_amf_capacity_ = cfg_.relative_capacity;
  r.plmn_support_list_ = detail::plmn_support_list(cfg_);
  send(g, n2::make_pdu<ngap::successful_outcome>(std::move(r)));
  logger()->info("NG Setup with {} complete ({} gNBs set up)", g.label(), ready_gnb_count());
}

}  // namespace meridian::amf
