// The worker's session table and its data-path indexes; see session_table.hpp.

#include "meridian/upf/session_table.hpp"

namespace meridian::upf {

namespace {
std::unexpected<rules_error> fail(rules_errc c, std::uint32_t id) { return std::unexpected(rules_error{c, id}); }
}  // namespace

session_table::session_table(session_table_config cfg) : config_(cfg) {
  sessions_.reserve(cfg.expected_sessions_);
  by_teid_.reserve(cfg.expected_sessions_);
  by_ue_address_.reserve(cfg.expected_sessions_);
}

session* session_table::find(seid id) noexcept {
  auto it = sessions_.find(id.value());
  return it == sessions_.end() ? nullptr : it->second.get();
}

std::expected<void, rules_error> session_table::index(session& s, const session* replacing) {
  // Check every key before inserting any, so a refused session leaves no trace.
  // A key may repeat inside one session (several PDRs share a tunnel).
  for (const compiled_pdr& p : s.tunnel_pdrs()) {
    const session* owner = by_teid_.find(p.local_teid_->value());
    if (owner != nullptr && owner != replacing) return fail(rules_errc::teid_in_use, p.local_teid_->value());
  }
  for (const compiled_pdr& p : s.ue_address_pdrs()) {
    const session* owner = by_ue_address_.find(p.ue_address_->value());
    if (owner != nullptr && owner != replacing) return fail(rules_errc::ue_address_in_use, p.ue_address_->value());
  }
  if (replacing != nullptr) unindex(*replacing);
  for (const compiled_pdr& p : s.tunnel_pdrs()) by_teid_.insert(p.local_teid_->value(), &s);
  for (const compiled_pdr& p : s.ue_address_pdrs()) by_ue_address_.insert(p.ue_address_->value(), &s);
  return {};
}

void session_table::unindex(const session& s) noexcept {
  // Erase only keys that still point at `s`: another session's key is never touched.
  for (const compiled_pdr& p : s.tunnel_pdrs()) {
    const std::uint32_t k = p.local_teid_->value();
    if (by_teid_.find(k) == &s) by_teid_.erase(k);
  }
  for (const compiled_pdr& p : s.ue_address_pdrs()) {
    const std::uint32_t k = p.ue_address_->value();
    if (by_ue_address_.find(k) == &s) by_ue_address_.erase(k);
  }
}

std::expected<session*, rules_error> session_table::establish(session_rules rules, clock::time_point now) {
  const std::uint64_t key = rules.seid_.value();
  if (sessions_.contains(key)) return fail(rules_errc::duplicate_seid, 0);
  auto created = session::create(std::move(rules), config_.session_, now);
  if (!created) return std::unexpected(created.error());
  session* s = created->get();
  if (auto r = index(*s, nullptr); !r) return std::unexpected(r.error());
  sessions_.emplace(key, std::move(*created));
  return s;
}

std::expected<session*, rules_error> session_table::modify(session_rules rules, clock::time_point now) {
  auto it = sessions_.find(rules.seid_.value());
  if (it == sessions_.end()) return fail(rules_errc::unknown_seid, 0);
  auto created = session::create(std::move(rules), config_.session_, now);
  if (!created) return std::unexpected(created.error());
  session* s = created->get();
  if (auto r = index(*s, it->second.get()); !r) return std::unexpected(r.error());
  s->take_state_from(*it->second);
  it->second = std::move(*created);
  return s;
}

bool session_table::remove(seid id) {
  auto it = sessions_.find(id.value());
  if (it == sessions_.end()) return false;
  unindex(*it->second);
  sessions_.erase(it);
  return true;
}

}  // namespace meridian::upf
