// The AMF's N2 side: one context per gNB association, the dispatch of received
// NGAP to the procedures (lib/amf/procedures/), and what they share.

#include "meridian/amf/amf_n2.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "amf_n2_support.hpp"
#include "meridian/common/log_escape.hpp"
#include "meridian/n2/n2_messages.hpp"

namespace meridian::amf {

namespace detail {

const std::shared_ptr<spdlog::logger>& logger() {
  static const auto l = log::get("amf.ngap");
  return l;
}

std::string_view to_string(warning w) noexcept {
  switch (w) {
    case warning::undecodable:
      return "undecodable NGAP";
    case warning::unknown_procedure:
      return "unknown procedure";
    case warning::wrong_state:
      return "message in wrong state";
    case warning::error_indication_received:
      return "Error Indication received";
    case warning::setup_refused:
      return "NG Setup refused";
    case warning::configuration_update_refused:
      return "RAN Configuration Update refused";
    case warning::duplicate_gnb_id:
      return "duplicate gNB ID";
    case warning::configuration_update_failed:
      return "AMF Configuration Update failed";
    case warning::unknown_ue_ngap_id:
      return "unknown or inconsistent UE NGAP ID";
    case warning::ue_context_replaced:
      return "UE context replaced";
  }
  return "?";
}

std::string gnb_key(const model::global_gnb_id& id) {
  return fmt::format("{}:{}/{}", id.plmn_id().to_string(), id.gnb_id(), id.length_bits());
}

ngap::plmn_support_list plmn_support_list(const amf_config& cfg) {
  ngap::plmn_support_list out;
  for (const auto& p : cfg.plmn_support) {
    ngap::plmn_support_item item;
    item.plmn_identity_ = n2::encode_plmn(p.plmn);
    for (const auto& s : p.slices) item.slice_support_list_.push_back(ngap::slice_support_item{n2::encode_s_nssai(s)});
    out.push_back(std::move(item));
  }
  return out;
}

ngap::served_guami_list served_guami_list(const amf_config& cfg) {
  ngap::served_guami_list out;
  for (const auto& g : cfg.served_guamis) out.push_back(ngap::served_guami_item{n2::encode_guami(g)});
  return out;
}

std::string seconds(std::chrono::milliseconds d) {
  return fmt::format("{:g} s", static_cast<double>(d.count()) / 1000.0);
}

}  // namespace detail

using detail::kind;
using detail::logger;
using detail::warning;

std::string gnb_context::label() const {
  if (!id) return fmt::format("association {}", association.value());
  // The name came from the wire: escaped, although NG Setup admits only PrintableString names.
  return name.empty() ? fmt::format("gNB {}", id->id_string())
                      : fmt::format("gNB {} ({})", id->id_string(), log::escaped(name));
}

amf_n2::amf_n2(amf_config cfg, amf_n2_notifier& out, runtime::timer_service& timers)
    : cfg_(std::move(cfg)), out_(out), timers_(timers) {
  if (cfg_.tais.empty() && !cfg_.accept_any_tac)
    logger()->warn("AMF {} serves no tracking area (empty TAI list): every NG Setup will be refused", cfg_.name);
}

amf_n2::~amf_n2() {
  // Suspended procedures resume at once with runtime_error::cancelled and end
  // here, while the contexts they look up are still in the table.
  for (auto& [a, g] : gnbs_) g.procedures.request_cancellation();
}

void amf_n2::log_summary(std::uint64_t association, std::uint32_t k, std::uint64_t suppressed) {
  const auto it = gnbs_.find(*gnb_association_id::from(association));
  const std::string who = it != gnbs_.end() ? it->second.label() : fmt::format("association {}", association);
  logger()->warn("{}: {} more like this ({}) not logged", who, suppressed, detail::to_string(static_cast<warning>(k)));
}

void amf_n2::drain_log_summaries() {
  log_limiter_.drain(timers_.now(),
                     [this](std::uint64_t peer, std::uint32_t k, std::uint64_t n) { log_summary(peer, k, n); });
}

std::size_t amf_n2::ready_gnb_count() const noexcept {
  return static_cast<std::size_t>(
      std::count_if(gnbs_.begin(), gnbs_.end(), [](const auto& kv) { return kv.second.setup_complete; }));
}

const gnb_context* amf_n2::find(gnb_association_id a) const {
  const auto it = gnbs_.find(a);
  return it == gnbs_.end() ? nullptr : &it->second;
}

gnb_context* amf_n2::context(gnb_association_id a) {
  const auto it = gnbs_.find(a);
  return it == gnbs_.end() ? nullptr : &it->second;
}

void amf_n2::on_gnb_connected(gnb_association_id a) {
  forget(a);  // an association number used again starts from nothing
  gnbs_.try_emplace(a, a, timers_);
  logger()->debug("association {} up, waiting for NG Setup Request", a.value());
}

void amf_n2::on_gnb_disconnected(gnb_association_id a) {
  if (const auto* g = find(a)) logger()->info("{} disconnected", g->label());
  forget(a);
}

void amf_n2::forget(gnb_association_id a) {
  const auto it = gnbs_.find(a);
  if (it == gnbs_.end()) return;
  // The procedures running with this gNB end first (inline), then its UEs'
  // connections and its context go.
  it->second.procedures.request_cancellation();
  release_ues_on(a, ue_release_reason::association_lost);
  // What was held back for this association is reported before it is forgotten.
  log_limiter_.forget(a.value(), [this](std::uint64_t peer, std::uint32_t k, std::uint64_t n) { log_summary(peer, k, n); });
  if (it->second.id)
    if (const auto by = by_gnb_id_.find(detail::gnb_key(*it->second.id)); by != by_gnb_id_.end() && by->second == a)
      by_gnb_id_.erase(by);
  gnbs_.erase(it);
}

void amf_n2::send(gnb_context& g, const ngap::ngap_pdu& pdu) {
  const auto bytes = n2::encode(pdu);
  if (bytes.empty()) {
    logger()->error("cannot encode an NGAP message for {}", g.label());
    return;
  }
  out_.send_ngap(g.association, bytes);
}

void amf_n2::send_error_indication(gnb_context& g, const ngap::cause& c,
                                   std::optional<ngap::criticality_diagnostics> d) {
  ++counters_.error_indications_sent;
  send(g, n2::make_error_indication(c, std::move(d)));
}

void amf_n2::on_ngap(gnb_association_id a, std::span<const std::uint8_t> bytes, std::uint16_t stream) {
  gnb_context* gp = context(a);
  if (gp == nullptr) {
    // A message racing the up notification: treat the association as new.
    on_gnb_connected(a);
    gp = context(a);
  }
  gnb_context& g = *gp;
  auto in = n2::receive_ngap(bytes);
  switch (in.what) {
    case n2::inbound::verdict::ignore:
      ++counters_.unknown_procedures;
      warn(g, kind(warning::unknown_procedure), "{}: {} (criticality ignore): ignored", g.label(), in.problem);
      return;
    case n2::inbound::verdict::error_indication: {
      const bool unknown = in.kind == n2::inbound_problem::unknown_procedure;
      ++(unknown ? counters_.unknown_procedures : counters_.undecodable_messages);
      warn(g, kind(unknown ? warning::unknown_procedure : warning::undecodable),
           "{}: {}; answering Error Indication ({})", g.label(), in.problem, n2::to_string(in.cause));
      send_error_indication(g, in.cause, std::move(in.diagnostics));
      return;
    }
    case n2::inbound::verdict::process:
      break;
  }
  if (const auto* m = std::get_if<ngap::initiating_message>(&in.pdu.value_)) {
    if (const auto* ue = std::get_if<ngap::initial_ue_message>(&m->value_); ue != nullptr && g.setup_complete)
      return on_initial_ue_message(g, *ue, stream);
    return on_initiating(g, *m, bytes);
  }
  // An outcome goes to the procedure of the AMF that waits for it, if one does.
  // UE-associated: the connection must be known and its ids consistent (§10.6).
  const auto to_ue_procedure = [&](ngap::procedure_code p, const auto& m, std::string_view what) {
    const ue_ngap_context* ue = ue_for(g, m.amf_ue_ngap_id_, m.ran_ue_ngap_id_);
    if (ue != nullptr && !g.ue_answers.complete(detail::ue_procedure_key(p, ue->amf_id), std::move(in.pdu)))
      wrong_state(g, bytes, what);
  };
  if (const auto* c = n2::message_as<ngap::successful_outcome, ngap::ue_context_release_complete>(in.pdu))
    return to_ue_procedure(ngap::id_ue_context_release, *c, "answers no UE Context Release Command");
  if (const auto* r = n2::message_as<ngap::successful_outcome, ngap::initial_context_setup_response>(in.pdu))
    return to_ue_procedure(ngap::id_initial_context_setup, *r, "answers no Initial Context Setup Request");
  if (const auto* f = n2::message_as<ngap::unsuccessful_outcome, ngap::initial_context_setup_failure>(in.pdu))
    return to_ue_procedure(ngap::id_initial_context_setup, *f, "answers no Initial Context Setup Request");
  if (const auto* r = n2::message_as<ngap::successful_outcome, ngap::pdu_session_resource_setup_response>(in.pdu))
    return to_ue_procedure(ngap::id_pdu_session_resource_setup, *r, "answers no PDU Session Resource Setup Request");
  if (const auto* r = n2::message_as<ngap::successful_outcome, ngap::pdu_session_resource_release_response>(in.pdu))
    return to_ue_procedure(ngap::id_pdu_session_resource_release, *r,
                           "answers no PDU Session Resource Release Command");
  if (const auto* r = n2::message_as<ngap::successful_outcome, ngap::pdu_session_resource_modify_response>(in.pdu))
    return to_ue_procedure(ngap::id_pdu_session_resource_modify, *r, "answers no PDU Session Resource Modify Request");
  const auto h = n2::peek_header(bytes);
  if (!h || !g.answers.complete(h->procedure, std::move(in.pdu)))
    wrong_state(g, bytes, "answers no procedure this AMF started");
}

void amf_n2::wrong_state(gnb_context& g, std::span<const std::uint8_t> bytes, std::string_view why) {
  ++counters_.messages_in_wrong_state;
  warn(g, kind(warning::wrong_state), "{}: {} {}; answering Error Indication (message-not-compatible-with-receiver-state)",
       g.label(), n2::message_name(bytes), why);
  std::optional<ngap::criticality_diagnostics> d;
  if (auto h = n2::peek_header(bytes)) d = n2::diagnostics_for(*h);
  send_error_indication(g, n2::protocol_cause(ngap::cause_protocol::message_not_compatible_with_receiver_state),
                        std::move(d));
}

void amf_n2::on_initiating(gnb_context& g, const ngap::initiating_message& m, std::span<const std::uint8_t> bytes) {
  if (const auto* req = std::get_if<ngap::ng_setup_request>(&m.value_)) return on_ng_setup_request(g, *req);
  if (const auto* ei = std::get_if<ngap::error_indication>(&m.value_)) return on_error_indication(g, *ei);
  if (!g.setup_complete) return wrong_state(g, bytes, "before NG Setup");
  if (const auto* reset = std::get_if<ngap::ng_reset>(&m.value_)) return on_ng_reset(g, *reset);
  if (const auto* upd = std::get_if<ngap::ran_configuration_update>(&m.value_))
    return on_ran_configuration_update(g, *upd);
  if (const auto* ul = std::get_if<ngap::uplink_nas_transport>(&m.value_)) return on_uplink_nas_transport(g, *ul);
  if (const auto* nd = std::get_if<ngap::nas_non_delivery_indication>(&m.value_))
    return on_nas_non_delivery_indication(g, *nd);
  if (const auto* rc = std::get_if<ngap::ue_radio_capability_info_indication>(&m.value_))
    return on_ue_radio_capability_info_indication(g, *rc);
  if (const auto* rr = std::get_if<ngap::ue_context_release_request>(&m.value_))
    return on_ue_context_release_request(g, *rr);
  wrong_state(g, bytes, "is not handled by this AMF");
}

ue_ngap_context* amf_n2::ue_for(gnb_context& g, ngap::amf_ue_ngap_id amf_id, ngap::ran_ue_ngap_id ran_id) {
  const auto id = n2::decode_amf_ue_ngap_id(amf_id);
  ue_ngap_context* ue = id ? ues_.find(*id) : nullptr;
  const auto ran = n2::decode_ran_ue_ngap_id(ran_id);
  if (ue != nullptr && ran && ue->association == g.association && ue->ran_id == *ran) return ue;
  // TS 38.413 §10.6: an unknown AMF UE NGAP ID gets "unknown local UE NGAP
  // ID"; ids that do not belong together "inconsistent remote UE NGAP ID".
  const auto why = ue == nullptr ? ngap::cause_radio_network::unknown_local_ue_ngap_id
                                 : ngap::cause_radio_network::inconsistent_remote_ue_ngap_id;
  ++(ue == nullptr ? counters_.unknown_ue_ngap_ids : counters_.inconsistent_ue_ngap_ids);
  warn(g, kind(warning::unknown_ue_ngap_id), "{}: UE-associated message for AMF UE NGAP ID {} / RAN UE NGAP ID {}: {}",
       g.label(), amf_id, ran_id, ue == nullptr ? "unknown" : "inconsistent");
  ngap::ngap_pdu ei = n2::make_error_indication(n2::radio_network_cause(why));
  auto& e = std::get<ngap::error_indication>(std::get<ngap::initiating_message>(ei.value_).value_);
  e.amf_ue_ngap_id_ = amf_id;
  e.ran_ue_ngap_id_ = ran_id;
  ++counters_.error_indications_sent;
  send(g, ei);
  return nullptr;
}

void amf_n2::send_ue(const ue_ngap_context& ue, const ngap::ngap_pdu& pdu) {
  const auto bytes = n2::encode(pdu);
  if (bytes.empty()) {
    logger()->error("cannot encode an NGAP message for AMF UE NGAP ID {}", ue.amf_id.value());
    return;
  }
  out_.send_ue_ngap(ue.association, ue.stream, bytes);
}

void amf_n2::release_ue(model::amf_ue_ngap_id ue, ue_release_reason why) {
  if (!ues_.erase(ue)) return;
  releasing_.erase(ue.value());
  if (nas_ != nullptr) nas_->on_ue_context_released(ue, why);
}

void amf_n2::release_ues_on(gnb_association_id a, ue_release_reason why) {
  for (const auto id : ues_.on(a)) {
    ++counters_.ue_contexts_released_by_gnb_loss_or_reset;
    release_ue(id, why);
  }
}

}  // namespace meridian::amf
