// TS 29.244 §6.2, PFCP node related procedures, as the UP function runs them:
// Heartbeat (§6.2.2), Association Setup (§6.2.6), Update (§6.2.7) and Release
// (§6.2.8), and what a changed Recovery Time Stamp means (§6.2.2, §19A).

#include "n4_node_impl.hpp"

namespace meridian::upf {

using pfcp::cause_value;

/// §8.2.25: what this UPF announces — BUCP, FTUP, EMPU.
pfcp::up_function_features n4_node::impl::features() const {
  pfcp::up_function_features f;
  f.set(feature_bucp);
  f.set(feature_ftup);
  f.set(feature_empu);
  return f;
}

// ---- §6.2.2 Heartbeat ----------------------------------------------------------------------

void n4_node::impl::handle(const n4_endpoint& from, const pfcp::header& h, const pfcp::heartbeat_request& req) {
  // §6.2.2.2: answered whether or not there is an association.
  check_recovery(from, req.recovery_time_stamp_.value_);
  pfcp::heartbeat_response r;
  r.recovery_time_stamp_.value_ = recovery_;
  respond(from, h, std::nullopt, std::move(r));
}

void n4_node::impl::on_response(const n4_endpoint& from, const pfcp::header&, const pfcp::heartbeat_response& rsp,
                                std::optional<seid>) {
  auto it = associations_.find(from);
  if (it == associations_.end()) return;
  it->second.heartbeat_outstanding_ = false;
  if (it->second.recovery_ != rsp.recovery_time_stamp_.value_)
    peer_restarted(from, it->second, rsp.recovery_time_stamp_.value_);
}

void n4_node::impl::heartbeat_failed(const n4_endpoint& peer) {
  // §6.2.2.1: a peer that does not answer is gone, and its association with it.
  ++counters_.heartbeat_failures_;
  log_->warn("{}: no Heartbeat Response after {} retransmissions", to_string(peer), cfg_.n1_);
  drop_association(peer, "heartbeat failure");
}

void n4_node::impl::check_recovery(const n4_endpoint& peer, std::uint32_t recovery) {
  auto it = associations_.find(peer);
  if (it != associations_.end() && it->second.recovery_ != recovery) peer_restarted(peer, it->second, recovery);
}

void n4_node::impl::peer_restarted(const n4_endpoint& peer, association& a, std::uint32_t recovery) {
  // §19A: a CP function that restarted has lost its sessions; ours with it go.
  ++counters_.peer_restarts_;
  const std::size_t n = delete_sessions_of(peer);
  log_->warn("{}: peer restarted (Recovery Time Stamp {} -> {}); deleted its {} sessions", to_string(peer), a.recovery_,
             recovery, n);
  a.recovery_ = recovery;
}

// ---- §6.2.6 Association Setup ------------------------------------------------------------------

void n4_node::impl::handle(const n4_endpoint& from, const pfcp::header& h, const pfcp::association_setup_request& req) {
  // §6.2.6.2.2: CP function initiated.
  associate(from, req.node_id_, req.recovery_time_stamp_.value_);
  pfcp::association_setup_response r;
  r.node_id_ = node_id_;
  r.cause_.value_ = cause_value::request_accepted;
  r.recovery_time_stamp_.value_ = recovery_;
  r.up_function_features_ = features();
  respond(from, h, std::nullopt, std::move(r));
}

void n4_node::impl::send_association_setup(const n4_endpoint& peer) {
  // §6.2.6.3: UP function initiated.
  pfcp::association_setup_request r;
  r.node_id_ = node_id_;
  r.recovery_time_stamp_.value_ = recovery_;
  r.up_function_features_ = features();
  send_request(peer, std::nullopt, std::move(r));
}

void n4_node::impl::on_response(const n4_endpoint& from, const pfcp::header&,
                                const pfcp::association_setup_response& rsp, std::optional<seid>) {
  if (rsp.cause_.value_ != cause_value::request_accepted) {
    log_->warn("{}: Association Setup refused with cause {}; retrying", to_string(from),
               static_cast<int>(rsp.cause_.value_));
    setup_retry_[from] = clock_.now() + cfg_.association_retry_interval_;
    return;
  }
  associate(from, rsp.node_id_, rsp.recovery_time_stamp_.value_);
}

void n4_node::impl::setup_failed(const n4_endpoint& peer) {
  log_->warn("{}: no Association Setup Response; retrying", to_string(peer));
  setup_retry_[peer] = clock_.now() + cfg_.association_retry_interval_;
}

void n4_node::impl::associate(const n4_endpoint& peer, const pfcp::node_id& id, std::uint32_t recovery) {
  auto it = associations_.find(peer);
  if (it != associations_.end()) {
    // §6.2.6.2.2: a new Setup from an associated peer replaces the association;
    // its sessions survive unless the peer restarted.
    if (it->second.recovery_ != recovery) peer_restarted(peer, it->second, recovery);
    it->second.node_id_ = id;
    return;
  }
  association a{id, recovery, clock_.now() + cfg_.heartbeat_interval_, false};
  associations_.emplace(peer, a);
  setup_retry_.erase(peer);
  log_->info("{}: PFCP association established", to_string(peer));
}

// ---- §6.2.7 Association Update -----------------------------------------------------------------

void n4_node::impl::handle(const n4_endpoint& from, const pfcp::header& h, const pfcp::association_update_request&) {
  pfcp::association_update_response r;
  r.node_id_ = node_id_;
  if (!associations_.contains(from)) {
    r.cause_.value_ = cause_value::no_established_pfcp_association;
    ++counters_.no_association_;
  } else {
    r.cause_.value_ = cause_value::request_accepted;
    r.up_function_features_ = features();
  }
  respond(from, h, std::nullopt, std::move(r));
}

bool n4_node::impl::send_association_update(const n4_endpoint& peer, bool request_release) {
  // §6.2.7.2: UP function initiated; with SARR it asks the CP function to release (§6.2.8.2).
  if (!associations_.contains(peer)) return false;
  pfcp::association_update_request r;
  r.node_id_ = node_id_;
  r.up_function_features_ = features();
  if (request_release) {
    pfcp::pfcp_association_release_request flags;
    flags.set(feature_sarr);
    r.pfcp_association_release_request_ = flags;
  }
  send_request(peer, std::nullopt, std::move(r));
  return true;
}

void n4_node::impl::on_response(const n4_endpoint& from, const pfcp::header&,
                                const pfcp::association_update_response& rsp, std::optional<seid>) {
  log_->info("{}: Association Update answered with cause {}", to_string(from), static_cast<int>(rsp.cause_.value_));
}

// ---- §6.2.8 Association Release ----------------------------------------------------------------

void n4_node::impl::handle(const n4_endpoint& from, const pfcp::header& h, const pfcp::association_release_request&) {
  pfcp::association_release_response r;
  r.node_id_ = node_id_;
  if (!associations_.contains(from)) {
    r.cause_.value_ = cause_value::no_established_pfcp_association;
    ++counters_.no_association_;
  } else {
    // §6.2.8.1: releasing the association deletes its sessions.
    r.cause_.value_ = cause_value::request_accepted;
    associations_.erase(from);
    const std::size_t n = delete_sessions_of(from);
    log_->info("{}: PFCP association released by the peer; deleted {} sessions", to_string(from), n);
  }
  respond(from, h, std::nullopt, std::move(r));
}

void n4_node::impl::drop_association(const n4_endpoint& peer, std::string_view why) {
  if (associations_.erase(peer) == 0) return;
  const std::size_t n = delete_sessions_of(peer);
  log_->warn("{}: PFCP association released ({}); deleted {} sessions", to_string(peer), why, n);
  // A configured SMF is ours to associate with again.
  for (const auto& s : cfg_.smfs_)
    if (n4_endpoint{s.address_, s.port_} == peer) setup_retry_[peer] = clock_.now() + cfg_.association_retry_interval_;
}

// ---- §6.2.5 PFD Management -----------------------------------------------------------------------

void n4_node::impl::handle(const n4_endpoint& from, const pfcp::header& h, const pfcp::pfd_management_request&) {
  pfcp::pfd_management_response r;
  r.cause_.value_ = cause_value::service_not_supported;  // no application detection (PFDM not announced)
  respond(from, h, std::nullopt, std::move(r));
}

// ---- timers ------------------------------------------------------------------------------------

void n4_node::impl::association_timers(clock::time_point now) {
  // Collected first, sent after: a request's completion may change these maps.
  std::vector<n4_endpoint> heartbeats, setups;
  for (auto& [peer, a] : associations_) {
    if (a.heartbeat_outstanding_ || a.next_heartbeat_ > now) continue;
    a.heartbeat_outstanding_ = true;
    a.next_heartbeat_ = now + cfg_.heartbeat_interval_;
    heartbeats.push_back(peer);
  }
  for (auto it = setup_retry_.begin(); it != setup_retry_.end();) {
    if (it->second > now) {
      ++it;
      continue;
    }
    setups.push_back(it->first);
    it = setup_retry_.erase(it);
  }
  for (const auto& peer : heartbeats) {
    // §6.2.2.1: towards each associated peer, every heartbeat interval.
    pfcp::heartbeat_request r;
    r.recovery_time_stamp_.value_ = recovery_;
    send_request(peer, std::nullopt, std::move(r));
  }
  for (const auto& peer : setups) send_association_setup(peer);
}

void n4_node::impl::association_deadlines(std::optional<clock::time_point>& next) const {
  auto consider = [&](clock::time_point t) {
    if (!next || t < *next) next = t;
  };
  for (const auto& [peer, a] : associations_)
    if (!a.heartbeat_outstanding_) consider(a.next_heartbeat_);
  for (const auto& [peer, t] : setup_retry_) consider(t);
}

}  // namespace meridian::upf
