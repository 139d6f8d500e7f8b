// TS 29.244 §7.5.2–§7.5.4, the session procedures on the UP function:
// Session Establishment (§7.5.2, §5.2.2.2), Modification (§7.5.4, §5.2.2.3)
// and Deletion (§7.5.6, §5.2.2.4). The IEs become the data path's rules in
// n4_rules.cpp; the data path installs them through the session_installer.
// F-TEIDs with CHOOSE get a TEID from the teid_allocator (§5.5.3).

#include <algorithm>
#include <unordered_map>

#include "n4_node_impl.hpp"

namespace meridian::upf {

using pfcp::cause_value;
using pfcp::message_type;

// ---- answers shared by the procedures ----------------------------------------------------

template <class Response>
void n4_node::impl::session_not_found(const n4_endpoint& from, const pfcp::header& h, Response r) {
  // §7.2.2.4.2: with an unknown SEID the response carries SEID 0.
  ++counters_.session_not_found_;
  log_->warn("{}: {} for unknown SEID {:#x}", to_string(from),
             pfcp::to_string(static_cast<message_type>(h.message_type_)), h.seid_->value());
  r.cause_.value_ = cause_value::session_context_not_found;
  respond(from, h, seid{}, std::move(r));
}

template <class Response>
void n4_node::impl::reject_rules(const n4_endpoint& from, const pfcp::header& h, seid cp, const n4::rule_failure& f,
                                 Response r) {
  ++counters_.rule_failures_;
  log_->warn("{}: {} refused (cause {}): {}", to_string(from),
             pfcp::to_string(static_cast<message_type>(h.message_type_)), static_cast<int>(f.cause_), f.reason_);
  r.cause_.value_ = f.cause_;
  if (f.rule_) r.failed_rule_id_ = n4::encode_failed_rule(*f.rule_);
  if (f.offending_ie_) r.offending_ie_ = pfcp::offending_ie{*f.offending_ie_};
  respond(from, h, cp, std::move(r));
}

// ---- §7.5.2 Session Establishment -----------------------------------------------------------

void n4_node::impl::handle(const n4_endpoint& from, const pfcp::header& h,
                           const pfcp::session_establishment_request& req) {
  const seid cp = req.cp_f_seid_.seid_;
  pfcp::session_establishment_response r;
  r.node_id_ = node_id_;
  if (!associations_.contains(from)) {
    ++counters_.no_association_;
    r.cause_.value_ = cause_value::no_established_pfcp_association;
    respond(from, h, cp, std::move(r));
    return;
  }
  session_ctx s;
  s.up_seid_ = *seid::from(next_seid_++);
  s.cp_seid_ = cp;
  s.peer_ = from;
  s.rules_.seid_ = s.up_seid_;
  std::vector<n4::chosen_teid> chosen;
  auto result = n4::translate_establishment(req, s.rules_, chooser(s), chosen, s.ipv6_only_);
  if (result) {
    auto installed = installer_.establish(n4::installable(s.rules_, s.ipv6_only_));
    if (!installed) result = std::unexpected(n4::failure_from(installed.error(), s.rules_));
  }
  if (!result) {
    release_session(s);
    reject_rules(from, h, cp, result.error(), std::move(r));
    return;
  }
  r.cause_.value_ = cause_value::request_accepted;
  r.up_f_seid_ = pfcp::f_seid{s.up_seid_, node_id_.ipv4_, std::nullopt};
  r.created_pdr_ = created(chosen);
  ++counters_.sessions_established_;
  log_->debug("{}: session {:#x} established (CP SEID {:#x})", to_string(from), s.up_seid_.value(), cp.value());
  sessions_.emplace(s.up_seid_.value(), std::move(s));
  respond(from, h, cp, std::move(r));
}

// ---- §7.5.4 Session Modification ------------------------------------------------------------

void n4_node::impl::handle(const n4_endpoint& from, const pfcp::header& h,
                           const pfcp::session_modification_request& req) {
  pfcp::session_modification_response r;
  auto it = sessions_.find(h.seid_->value());
  if (it == sessions_.end()) {
    session_not_found(from, h, std::move(r));
    return;
  }
  session_ctx& s = it->second;
  if (!associations_.contains(from)) {
    ++counters_.no_association_;
    r.cause_.value_ = cause_value::no_established_pfcp_association;
    respond(from, h, s.cp_seid_, std::move(r));
    return;
  }
  if (req.cp_f_seid_) s.cp_seid_ = req.cp_f_seid_->seid_;
  session_rules rules = s.rules_;
  std::vector<n4::chosen_teid> chosen;
  const std::size_t owned_before = s.owned_teids_.size();
  n4::ipv6_only_pdrs ipv6_only = s.ipv6_only_;
  auto options = n4::translate_modification(req, rules, chooser(s), chosen, ipv6_only);
  std::vector<urr_usage> usage;
  std::optional<n4::rule_failure> failure;
  if (!options) {
    failure = options.error();
  } else {
    auto applied = installer_.modify(n4::installable(rules, ipv6_only), *options);
    if (!applied)
      failure = n4::failure_from(applied.error(), rules);
    else
      usage = std::move(*applied);
  }
  if (failure) {
    // The old rules stay in force: give back only what this request took.
    for (std::size_t i = owned_before; i < s.owned_teids_.size(); ++i) allocator_->release(s.owned_teids_[i]);
    s.owned_teids_.resize(owned_before);
    reject_rules(from, h, s.cp_seid_, *failure, std::move(r));
    return;
  }
  s.rules_ = std::move(rules);
  s.ipv6_only_ = std::move(ipv6_only);
  reconcile_teids(s);
  r.cause_.value_ = cause_value::request_accepted;
  r.created_pdr_ = created(chosen);
  for (const auto& u : usage) {
    // §8.2.41: IMMER for a queried URR, TERMR for one this request removed.
    const bool removed =
        std::none_of(s.rules_.urrs_.begin(), s.rules_.urrs_.end(), [&](const urr& x) { return x.id_ == u.id_; });
    r.usage_report_.push_back(n4::usage_report<pfcp::usage_report_session_modification_response>(
        u, s.ur_seqn_++,
        removed ? pfcp::flags::usage_report_trigger::termr : pfcp::flags::usage_report_trigger::immer));
  }
  ++counters_.sessions_modified_;
  respond(from, h, s.cp_seid_, std::move(r));
}

// ---- §7.5.6 Session Deletion ----------------------------------------------------------------

void n4_node::impl::handle(const n4_endpoint& from, const pfcp::header& h, const pfcp::session_deletion_request&) {
  pfcp::session_deletion_response r;
  auto it = sessions_.find(h.seid_->value());
  if (it == sessions_.end()) {
    session_not_found(from, h, std::move(r));
    return;
  }
  session_ctx& s = it->second;
  const seid cp = s.cp_seid_;
  if (!associations_.contains(from)) {
    ++counters_.no_association_;
    r.cause_.value_ = cause_value::no_established_pfcp_association;
    respond(from, h, cp, std::move(r));
    return;
  }
  // §5.2.2.3.1: the final measurement of each URR goes in the response, trigger TERMR.
  auto usage = installer_.remove(s.up_seid_);
  if (!usage) log_->warn("session {:#x} was not in the data path", s.up_seid_.value());
  r.cause_.value_ = cause_value::request_accepted;
  if (usage)
    for (const auto& u : *usage)
      r.usage_report_.push_back(n4::usage_report<pfcp::usage_report_session_deletion_response>(
          u, s.ur_seqn_++, pfcp::flags::usage_report_trigger::termr));
  release_session(s);
  sessions_.erase(it);
  ++counters_.sessions_deleted_;
  respond(from, h, cp, std::move(r));
}

// ---- TEIDs the UPF chooses (§5.5.3) and the sessions' lifetime -----------------------------

n4::teid_chooser n4_node::impl::chooser(session_ctx& s) {
  // One TEID per CHOOSE ID within a message (§5.5.3); each F-TEID without one gets its own.
  auto by_choose_id = std::make_shared<std::unordered_map<std::uint8_t, teid>>();
  return [this, &s, by_choose_id](std::optional<std::uint8_t> choose_id) -> std::optional<teid> {
    if (choose_id)
      if (auto it = by_choose_id->find(*choose_id); it != by_choose_id->end()) return it->second;
    auto t = allocator_->allocate(s.up_seid_);
    if (!t) return std::nullopt;
    s.owned_teids_.push_back(*t);
    if (choose_id) (*by_choose_id)[*choose_id] = *t;
    return t;
  };
}

std::vector<pfcp::created_pdr> n4_node::impl::created(const std::vector<n4::chosen_teid>& chosen) const {
  std::vector<pfcp::created_pdr> out;
  for (const auto& c : chosen) {
    pfcp::created_pdr p;
    p.pdr_id_.value_ = c.pdr_.value();
    pfcp::f_teid f;
    f.teid_ = c.teid_;
    f.ipv4_ = cfg_.n3_address_;
    p.local_f_teid_ = f;
    out.push_back(std::move(p));
  }
  return out;
}

void n4_node::impl::release_session(session_ctx& s) {
  for (teid t : s.owned_teids_) allocator_->release(t);
  s.owned_teids_.clear();
}

/// Releases TEIDs we chose that no PDR of the session uses any more.
void n4_node::impl::reconcile_teids(session_ctx& s) {
  auto unused = [&](teid t) {
    for (const auto& p : s.rules_.pdrs_)
      if (p.pdi_.local_teid_ == t) return false;
    allocator_->release(t);
    return true;
  };
  std::erase_if(s.owned_teids_, unused);
}

void n4_node::impl::delete_session(session_map::iterator it) {
  (void)installer_.remove(it->second.up_seid_);
  release_session(it->second);
  sessions_.erase(it);
  ++counters_.sessions_deleted_;
}

/// Deletes every session of `peer` (its association went, or it restarted).
std::size_t n4_node::impl::delete_sessions_of(const n4_endpoint& peer) {
  std::size_t n = 0;
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    if (it->second.peer_ == peer) {
      auto next = std::next(it);
      delete_session(it);
      it = next;
      ++n;
    } else {
      ++it;
    }
  }
  return n;
}

}  // namespace meridian::upf
