// TS 29.244 §7.5.2–§7.5.6, the session procedures on the UP function:
// Session Establishment (§7.5.2, §5.2.2.2), Modification (§7.5.4, §5.2.2.3)
// and Deletion (§7.5.6, §5.2.2.4). The IEs become the data path's rules in
// n4_rules.cpp; the data path installs them through the async_session_installer
// and the response goes out when its completion runs (one procedure of a
// session at a time: the next ones wait in the session's turn).
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
  if (!result) {
    release_session(s);
    reject_rules(from, h, cp, result.error(), std::move(r));
    return;
  }
  // The session exists from now on, so that its next requests wait for the
  // data path's answer (end_turn) instead of finding nothing.
  const std::uint64_t id = s.up_seid_.value();
  auto rules = n4::installable(s.rules_, s.ipv6_only_);
  sessions_.emplace(id, std::move(s));
  take_turn(id);
  // The completion may run before establish_async returns (an installer that
  // answers at once): nothing after this call touches the node.
  installer_.establish_async(
      std::move(rules), guarded([this, from, h, id, cp, chosen = std::move(chosen)](
                                    std::expected<void, rules_error> installed) {
        established(from, h, id, cp, chosen, std::move(installed));
      }));
}

void n4_node::impl::established(const n4_endpoint& from, const pfcp::header& h, std::uint64_t id, seid cp,
                                const std::vector<n4::chosen_teid>& chosen,
                                std::expected<void, rules_error> installed) {
  pfcp::session_establishment_response r;
  r.node_id_ = node_id_;
  auto it = sessions_.find(id);
  if (it == sessions_.end()) {
    // Deleted while the data path installed it (its association went); the
    // data path removes it after installing it, in the order asked.
    log_->warn("{}: session {:#x} deleted before its establishment was answered", to_string(from), id);
    r.cause_.value_ = cause_value::request_rejected;
    respond(from, h, cp, std::move(r));
  } else if (!installed) {
    const auto failure = n4::failure_from(installed.error(), it->second.rules_);
    release_session(it->second);
    sessions_.erase(it);
    reject_rules(from, h, cp, failure, std::move(r));
  } else {
    session_ctx& s = it->second;
    r.cause_.value_ = cause_value::request_accepted;
    r.up_f_seid_ = pfcp::f_seid{s.up_seid_, node_id_.ipv4_, std::nullopt};
    r.created_pdr_ = created(chosen);
    ++counters_.sessions_established_;
    log_->debug("{}: session {:#x} established (CP SEID {:#x})", to_string(from), id, cp.value());
    respond(from, h, cp, std::move(r));
  }
  end_turn(id);
}

// ---- §7.5.4 Session Modification ------------------------------------------------------------

void n4_node::impl::handle(const n4_endpoint& from, const pfcp::header& h,
                           const pfcp::session_modification_request& req) {
  if (wait_turn(from, h, req)) return;
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
  if (!options) {
    // The old rules stay in force: give back only what this request took.
    for (std::size_t i = owned_before; i < s.owned_teids_.size(); ++i) allocator_->release(s.owned_teids_[i]);
    s.owned_teids_.resize(owned_before);
    reject_rules(from, h, s.cp_seid_, options.error(), std::move(r));
    return;
  }
  const std::uint64_t id = it->first;
  auto installable = n4::installable(rules, ipv6_only);
  take_turn(id);
  installer_.modify_async(
      std::move(installable), std::move(*options),
      guarded([this, from, h, id, owned_before, rules = std::move(rules), ipv6_only = std::move(ipv6_only),
               chosen = std::move(chosen)](std::expected<std::vector<urr_usage>, rules_error> applied) mutable {
        modified(from, h, id, owned_before, std::move(rules), std::move(ipv6_only), chosen, std::move(applied));
      }));
}

void n4_node::impl::modified(const n4_endpoint& from, const pfcp::header& h, std::uint64_t id,
                             std::size_t owned_before, session_rules rules, n4::ipv6_only_pdrs ipv6_only,
                             const std::vector<n4::chosen_teid>& chosen,
                             std::expected<std::vector<urr_usage>, rules_error> applied) {
  pfcp::session_modification_response r;
  auto it = sessions_.find(id);
  if (it == sessions_.end()) {
    // Deleted meanwhile (its association went): its TEIDs went with it.
    session_not_found(from, h, std::move(r));
    end_turn(id);
    return;
  }
  session_ctx& s = it->second;
  if (!applied) {
    // The old rules stay in force: give back only what this request took.
    for (std::size_t i = owned_before; i < s.owned_teids_.size(); ++i) allocator_->release(s.owned_teids_[i]);
    s.owned_teids_.resize(owned_before);
    reject_rules(from, h, s.cp_seid_, n4::failure_from(applied.error(), rules), std::move(r));
    end_turn(id);
    return;
  }
  s.rules_ = std::move(rules);
  s.ipv6_only_ = std::move(ipv6_only);
  reconcile_teids(s);
  r.cause_.value_ = cause_value::request_accepted;
  r.created_pdr_ = created(chosen);
  for (const auto& u : *applied) {
    // §8.2.41: IMMER for a queried URR, TERMR for one this request removed.
    const bool removed =
        std::none_of(s.rules_.urrs_.begin(), s.rules_.urrs_.end(), [&](const urr& x) { return x.id_ == u.id_; });
    r.usage_report_.push_back(n4::usage_report<pfcp::usage_report_session_modification_response>(
        u, s.ur_seqn_++,
        removed ? pfcp::flags::usage_report_trigger::termr : pfcp::flags::usage_report_trigger::immer));
  }
  ++counters_.sessions_modified_;
  respond(from, h, s.cp_seid_, std::move(r));
  end_turn(id);
}

// ---- §7.5.6 Session Deletion ----------------------------------------------------------------

void n4_node::impl::handle(const n4_endpoint& from, const pfcp::header& h, const pfcp::session_deletion_request& req) {
  if (wait_turn(from, h, req)) return;
  pfcp::session_deletion_response r;
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
  const std::uint64_t id = it->first;
  const seid up = s.up_seid_;
  take_turn(id);
  installer_.remove_async(up, guarded([this, from, h, id](std::optional<std::vector<urr_usage>> usage) {
                            deleted(from, h, id, std::move(usage));
                          }));
}

void n4_node::impl::deleted(const n4_endpoint& from, const pfcp::header& h, std::uint64_t id,
                            std::optional<std::vector<urr_usage>> usage) {
  pfcp::session_deletion_response r;
  auto it = sessions_.find(id);
  if (it == sessions_.end()) {
    // Deleted meanwhile (its association went).
    session_not_found(from, h, std::move(r));
    end_turn(id);
    return;
  }
  session_ctx& s = it->second;
  const seid cp = s.cp_seid_;
  if (!usage) log_->warn("session {:#x} was not in the data path", id);
  // §5.2.2.3.1: the final measurement of each URR goes in the response, trigger TERMR.
  r.cause_.value_ = cause_value::request_accepted;
  if (usage)
    for (const auto& u : *usage)
      r.usage_report_.push_back(n4::usage_report<pfcp::usage_report_session_deletion_response>(
          u, s.ur_seqn_++, pfcp::flags::usage_report_trigger::termr));
  release_session(s);
  sessions_.erase(it);
  ++counters_.sessions_deleted_;
  respond(from, h, cp, std::move(r));
  end_turn(id);
}

// ---- one procedure at a time per session ----------------------------------------------------

void n4_node::impl::end_turn(std::uint64_t id) {
  if (auto t = turns_.find(id); t != turns_.end()) t->second.busy_ = false;
  // A waiting request may take the turn again, and its completion may run
  // (and come back here) before it returns: look the turn up each time.
  for (;;) {
    auto t = turns_.find(id);
    if (t == turns_.end() || t->second.busy_) return;
    if (t->second.waiting_.empty()) {
      turns_.erase(t);
      return;
    }
    auto [from, m] = std::move(t->second.waiting_.front());
    t->second.waiting_.pop_front();
    on_request(from, m);
  }
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
  // Nothing to answer: the data path removes it after whatever it was asked
  // before (one session's operations apply in order). A procedure of the
  // session still in the data path finds it gone when its answer comes.
  installer_.remove_async(it->second.up_seid_, [](std::optional<std::vector<urr_usage>>) {});
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
