// The AMF's N2 management procedures (TS 38.413 §8.7).

#include "meridian/amf/amf_n2.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "meridian/common/log.hpp"
#include "meridian/common/log_escape.hpp"
#include "meridian/n2/n2_messages.hpp"

namespace meridian::amf {

namespace {

const std::shared_ptr<spdlog::logger>& logger() {
  static const auto l = log::get("amf.ngap");
  return l;
}

/// The kinds of warning that are rate-limited per association (issue 13: one
/// misbehaving gNB must not fill the disk); every event is still counted.
enum class warning : std::uint32_t {
  undecodable,
  unknown_procedure,
  wrong_state,
  error_indication_received,
  setup_refused,
  configuration_update_refused,
  duplicate_gnb_id,
  configuration_update_failed,
};

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
  }
  return "?";
}

constexpr std::uint32_t kind(warning w) noexcept { return static_cast<std::uint32_t>(w); }

/// The key under which a Global gNB ID is unique (PLMN, id and its length).
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

}  // namespace

std::string gnb_context::label() const {
  if (!id) return fmt::format("association {}", association.value());
  // The name came from the wire: escaped, although NG Setup admits only PrintableString names.
  return name.empty() ? fmt::format("gNB {}", id->id_string())
                      : fmt::format("gNB {} ({})", id->id_string(), log::escaped(name));
}

const clock& amf_n2::default_clock() {
  static const system_clock_source c;
  return c;
}

amf_n2::amf_n2(amf_config cfg, amf_n2_notifier& out, const clock& clk)
    : cfg_(std::move(cfg)), out_(out), clock_(clk) {
  if (cfg_.tais.empty() && !cfg_.accept_any_tac)
    logger()->warn("AMF {} serves no tracking area (empty TAI list): every NG Setup will be refused", cfg_.name);
}

template <class... Args>
void amf_n2::warn(const gnb_context& g, std::uint32_t k, fmt::format_string<Args...> f, Args&&... args) {
  const auto d = log_limiter_.on_event(g.association.value(), k, clock_.now());
  if (d.suppressed_before != 0) log_summary(g.association.value(), k, d.suppressed_before);
  if (d.log) logger()->warn(f, std::forward<Args>(args)...);
}

void amf_n2::log_summary(std::uint64_t association, std::uint32_t k, std::uint64_t suppressed) {
  const auto it = gnbs_.find(*gnb_association_id::from(association));
  const std::string who = it != gnbs_.end() ? it->second.label() : fmt::format("association {}", association);
  logger()->warn("{}: {} more like this ({}) not logged", who, suppressed, to_string(static_cast<warning>(k)));
}

void amf_n2::drain_log_summaries() {
  log_limiter_.drain(clock_.now(),
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

void amf_n2::on_gnb_connected(gnb_association_id a) {
  gnb_context g;
  g.association = a;
  gnbs_.insert_or_assign(a, std::move(g));
  logger()->debug("association {} up, waiting for NG Setup Request", a.value());
}

void amf_n2::on_gnb_disconnected(gnb_association_id a) {
  const auto it = gnbs_.find(a);
  if (it == gnbs_.end()) return;
  logger()->info("{} disconnected", it->second.label());
  // What was held back for this association is reported before it is forgotten.
  log_limiter_.forget(a.value(), [this](std::uint64_t peer, std::uint32_t k, std::uint64_t n) { log_summary(peer, k, n); });
  if (it->second.id)
    if (const auto by = by_gnb_id_.find(gnb_key(*it->second.id)); by != by_gnb_id_.end() && by->second == a)
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

void amf_n2::on_ngap(gnb_association_id a, std::span<const std::uint8_t> bytes) {
  auto it = gnbs_.find(a);
  if (it == gnbs_.end()) {
    // A message racing the up notification: treat the association as new.
    on_gnb_connected(a);
    it = gnbs_.find(a);
  }
  gnb_context& g = it->second;
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
  switch (in.pdu.which()) {
    case ngap::ngap_pdu::alternative::initiating_message:
      on_initiating(g, std::get<ngap::initiating_message>(in.pdu.value_), bytes);
      break;
    case ngap::ngap_pdu::alternative::successful_outcome:
      on_successful(g, std::get<ngap::successful_outcome>(in.pdu.value_), bytes);
      break;
    case ngap::ngap_pdu::alternative::unsuccessful_outcome:
      on_unsuccessful(g, std::get<ngap::unsuccessful_outcome>(in.pdu.value_), bytes);
      break;
    case ngap::ngap_pdu::alternative::unknown_extension:
      break;  // answered by receive_ngap
  }
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
  if (const auto* ei = std::get_if<ngap::error_indication>(&m.value_)) {
    // Never answered (an Error Indication about an Error Indication would loop).
    ++counters_.error_indications_received;
    warn(g, kind(warning::error_indication_received), "{}: Error Indication received: {}", g.label(),
         ei->cause_ ? n2::to_string(*ei->cause_) : std::string("no cause"));
    return;
  }
  if (!g.setup_complete) return wrong_state(g, bytes, "before NG Setup");
  if (const auto* reset = std::get_if<ngap::ng_reset>(&m.value_)) return on_ng_reset(g, *reset);
  if (const auto* upd = std::get_if<ngap::ran_configuration_update>(&m.value_))
    return on_ran_configuration_update(g, *upd);
  wrong_state(g, bytes, "is not handled by this AMF");
}

void amf_n2::on_successful(gnb_context& g, const ngap::successful_outcome& m, std::span<const std::uint8_t> bytes) {
  if (std::holds_alternative<ngap::ng_reset_acknowledge>(m.value_)) {
    ++counters_.ng_reset_acks_received;
    logger()->info("{}: NG Reset acknowledged", g.label());
    return;
  }
  if (std::holds_alternative<ngap::amf_configuration_update_acknowledge>(m.value_)) {
    ++counters_.amf_configuration_updates_acknowledged;
    logger()->info("{}: AMF Configuration Update acknowledged", g.label());
    return;
  }
  wrong_state(g, bytes, "answers no procedure this AMF started");
}

void amf_n2::on_unsuccessful(gnb_context& g, const ngap::unsuccessful_outcome& m, std::span<const std::uint8_t> bytes) {
  if (const auto* f = std::get_if<ngap::amf_configuration_update_failure>(&m.value_)) {
    ++counters_.amf_configuration_updates_failed;
    warn(g, kind(warning::configuration_update_failed), "{}: AMF Configuration Update failed: {}", g.label(),
         n2::to_string(f->cause_));
    return;
  }
  wrong_state(g, bytes, "answers no procedure this AMF started");
}

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
    const auto d = log_limiter_.on_event(std::hash<std::string>{}(key), kind(warning::duplicate_gnb_id), clock_.now());
    if (d.suppressed_before != 0)
      logger()->warn("{}: {} more like this (duplicate gNB ID) not logged", who, d.suppressed_before);
    if (d.log)
      logger()->warn("NG Setup with {} on association {}: that gNB was set up on association {}, releasing it (restart)",
                     who, g.association.value(), old.value());
    by_gnb_id_.erase(by);
    log_limiter_.forget(old.value(),
                        [this](std::uint64_t peer, std::uint32_t k, std::uint64_t n) { log_summary(peer, k, n); });
    gnbs_.erase(old);
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
  r.served_guami_list_ = served_guami_list(cfg_);
  r.relative_amf_capacity_ = cfg_.relative_capacity;
  r.plmn_support_list_ = plmn_support_list(cfg_);
  send(g, n2::make_pdu<ngap::successful_outcome>(std::move(r)));
  logger()->info("NG Setup with {} complete ({} gNBs set up)", g.label(), ready_gnb_count());
}

void amf_n2::on_ng_reset(gnb_context& g, const ngap::ng_reset& m) {
  ++counters_.ng_resets_received;
  ngap::ng_reset_acknowledge ack;
  // TS 38.413 §8.7.4.2.2: a partial reset is acknowledged with the same connections.
  if (const auto* part = std::get_if<ngap::ue_associated_logical_ng_connection_list>(&m.reset_type_.value_))
    ack.ue_associated_logical_ng_connection_list_ = *part;
  logger()->info("{}: NG Reset received ({}), acknowledged", g.label(), n2::to_string(m.cause_));
  send(g, n2::make_pdu<ngap::successful_outcome>(std::move(ack)));
}

void amf_n2::on_ran_configuration_update(gnb_context& g, const ngap::ran_configuration_update& m) {
  std::optional<ngap::cause> refusal;
  if (m.ran_node_name_ && !n2::is_printable_string(*m.ran_node_name_)) {
    ++counters_.invalid_names;
    refusal = n2::protocol_cause(ngap::cause_protocol::semantic_error);  // §10.4, as for NG Setup
  } else if (m.supported_ta_list_) {
    refusal = check_supported_tas(*m.supported_ta_list_);
  }
  if (refusal) {
    ++counters_.ran_configuration_updates_failed;
    ngap::ran_configuration_update_failure f;
    f.cause_ = *refusal;
    f.time_to_wait_ = cfg_.time_to_wait;
    warn(g, kind(warning::configuration_update_refused), "{}: RAN Configuration Update refused: {}", g.label(),
         n2::to_string(*refusal));
    send(g, n2::make_pdu<ngap::unsuccessful_outcome>(std::move(f)));
    return;
  }
  if (m.supported_ta_list_) g.supported_tas = *m.supported_ta_list_;
  if (m.ran_node_name_) g.name = *m.ran_node_name_;
  if (m.default_paging_drx_) g.default_paging_drx = *m.default_paging_drx_;
  ++counters_.ran_configuration_updates_acknowledged;
  logger()->info("{}: RAN Configuration Update acknowledged", g.label());
  send(g, n2::make_pdu<ngap::successful_outcome>(ngap::ran_configuration_update_acknowledge{}));
}

bool amf_n2::send_ng_reset(gnb_association_id a, ngap::cause c) {
  const auto it = gnbs_.find(a);
  if (it == gnbs_.end() || !it->second.setup_complete) return false;
  ngap::ng_reset r;
  r.cause_ = std::move(c);
  r.reset_type_.value_ = ngap::reset_all::reset_all;
  ++counters_.ng_resets_sent;
  logger()->info("{}: sending NG Reset (reset all)", it->second.label());
  send(it->second, n2::make_pdu<ngap::initiating_message>(std::move(r)));
  return true;
}

std::size_t amf_n2::send_amf_configuration_update() {
  std::size_t sent = 0;
  for (auto& [a, g] : gnbs_) {
    if (!g.setup_complete) continue;
    ngap::amf_configuration_update u;
    u.amf_name_ = cfg_.name;
    u.served_guami_list_ = served_guami_list(cfg_);
    u.relative_amf_capacity_ = cfg_.relative_capacity;
    u.plmn_support_list_ = plmn_support_list(cfg_);
    send(g, n2::make_pdu<ngap::initiating_message>(std::move(u)));
    ++counters_.amf_configuration_updates_sent;
    ++sent;
  }
  logger()->info("AMF Configuration Update sent to {} gNBs", sent);
  return sent;
}

}  // namespace meridian::amf
