// The UPF's PFCP node (n4_node.hpp): the public API, the dispatch of what the
// transaction layer hands up, timers, and TS 29.244 §7.6 answers to malformed
// requests. The procedures themselves are in n4_association.cpp (§6.2),
// n4_sessions.cpp (§7.5.2–§7.5.4) and n4_reports.cpp (§7.5.8).

#include <chrono>

#include "meridian/common/log.hpp"
#include "n4_node_impl.hpp"

namespace meridian::upf {

namespace {

using pfcp::cause_value;
using pfcp::message_type;

constexpr std::uint32_t ntp_unix_offset = 2'208'988'800u;  // 1900-01-01 to 1970-01-01

meridian::n4::transaction_config transaction_config_of(const n4_config& cfg) {
  meridian::n4::transaction_config t;
  t.t1_ = cfg.t1_;
  t.n1_ = cfg.n1_;
  t.response_cache_time_ = cfg.response_cache_time_;
  t.requests_in_progress_limit_ = cfg.requests_in_progress_limit_;
  t.logger_ = "upf.n4";
  return t;
}

}  // namespace

std::uint32_t ntp_seconds(clock::wall_time t) noexcept {
  const auto s = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  return static_cast<std::uint32_t>(static_cast<std::uint64_t>(s) + ntp_unix_offset);
}

std::optional<teid> sequential_teid_allocator::allocate(seid) {
  if (!free_.empty()) {
    const std::uint32_t t = free_.back();
    free_.pop_back();
    return *teid::from(t);
  }
  if (next_ == 0) return std::nullopt;  // wrapped: all 2^32-1 in use
  return *teid::from(next_++);
}

void sequential_teid_allocator::release(teid t) { free_.push_back(t.value()); }

n4_node::impl::impl(n4_config cfg, async_session_installer& installer, n4_sender& sender, const clock& clk,
                    std::unique_ptr<teid_allocator> allocator)
    : cfg_(std::move(cfg)),
      installer_(installer),
      clock_(clk),
      allocator_(allocator ? std::move(allocator) : std::make_unique<sequential_teid_allocator>()),
      log_(log::get("upf.n4")),
      recovery_(ntp_seconds(clk.wall_now())),
      tx_(transaction_config_of(cfg_), sender, clk, *this) {
  const auto& id = cfg_.node_id_ == std::array<std::uint8_t, 4>{} ? cfg_.bind_address_ : cfg_.node_id_;
  node_id_.type_ = pfcp::node_id::kind::ipv4;
  node_id_.ipv4_ = id;
}

// ---- what the transaction layer hands up ---------------------------------------------------

void n4_node::impl::on_request(const n4_endpoint& from, const pfcp::message& request) {
  std::visit([&](const auto& body) { handle(from, request.header_, body); }, request.body_);
}

void n4_node::impl::respond(const n4_endpoint& to, const pfcp::header& request, std::optional<seid> header_seid,
                            pfcp::message_body body) {
  tx_.respond(to, request, header_seid, std::move(body));
}

void n4_node::impl::send_request(const n4_endpoint& to, std::optional<seid> header_seid, pfcp::message_body body,
                                 std::optional<seid> session) {
  const auto type = std::visit([](const auto& b) { return b.type; }, body);
  tx_.send_request(to, header_seid, std::move(body), [this, to, type, session](meridian::n4::transaction_result r) {
    if (!r) {
      request_failed(to, type, session, r.error());
      return;
    }
    std::visit([&](const auto& b) { on_response(to, r->header_, b, session); }, r->body_);
  });
}

void n4_node::impl::request_failed(const n4_endpoint& peer, message_type type, std::optional<seid>,
                                   const meridian::n4::transaction_error& e) {
  switch (type) {
    case message_type::heartbeat_request:
      heartbeat_failed(peer);
      break;
    case message_type::association_setup_request:
      setup_failed(peer);
      break;
    default:
      log_->warn("{}: {} failed: {}", to_string(peer), pfcp::to_string(type), e.message());
      break;
  }
}

// ---- §7.6: requests that did not decode -------------------------------------------------------

void n4_node::impl::on_malformed_request(const n4_endpoint& from, const pfcp::decode_failure& f) {
  const pfcp::header& h = *f.header_;
  const auto name = pfcp::to_string(static_cast<message_type>(h.message_type_));
  if (!reject(from, h, f.cause_, f.offending_ie_)) {
    ++counters_.dropped_malformed_;
    log_->warn("{}: malformed {} dropped: {}", to_string(from), name, f.error_.message());
    return;
  }
  ++counters_.rejected_malformed_;
  log_->warn("{}: malformed {} rejected with cause {}: {}", to_string(from), name, static_cast<int>(f.cause_),
             f.error_.message());
}

// ---- requests beyond the limit of those in progress ------------------------------------------

void n4_node::impl::on_overload(const n4_endpoint& from, const pfcp::message& request) {
  // A Heartbeat costs nothing and is answered at once: refusing it would make
  // the peer think us gone (§6.2.2.1) exactly when we are busy.
  if (std::holds_alternative<pfcp::heartbeat_request>(request.body_)) {
    on_request(from, request);
    return;
  }
  // §8.2.1: Cause 74 "PFCP entity in congestion", where the response has a Cause.
  if (reject(from, request.header_, cause_value::pfcp_entity_in_congestion, std::nullopt)) ++counters_.rejected_overload_;
}

bool n4_node::impl::reject(const n4_endpoint& from, const pfcp::header& h, cause_value cause,
                           std::optional<std::uint16_t> offending) {
  std::optional<pfcp::offending_ie> off;
  if (offending) off = pfcp::offending_ie{*offending};
  pfcp::cause c{cause};
  std::optional<seid> session_seid;
  if (meridian::n4::is_session_message(h.message_type_)) {
    // §7.2.2.4.2: the peer's SEID when we know the session, else 0.
    session_seid = seid{};
    if (h.seid_)
      if (auto it = sessions_.find(h.seid_->value()); it != sessions_.end()) session_seid = it->second.cp_seid_;
  }
  switch (static_cast<message_type>(h.message_type_)) {
    case message_type::association_setup_request: {
      pfcp::association_setup_response r;
      r.node_id_ = node_id_;
      r.cause_ = c;
      r.recovery_time_stamp_.value_ = recovery_;
      respond(from, h, std::nullopt, std::move(r));
      return true;
    }
    case message_type::association_update_request: {
      pfcp::association_update_response r;
      r.node_id_ = node_id_;
      r.cause_ = c;
      respond(from, h, std::nullopt, std::move(r));
      return true;
    }
    case message_type::association_release_request: {
      pfcp::association_release_response r;
      r.node_id_ = node_id_;
      r.cause_ = c;
      respond(from, h, std::nullopt, std::move(r));
      return true;
    }
    case message_type::pfd_management_request: {
      pfcp::pfd_management_response r;
      r.cause_ = c;
      r.offending_ie_ = off;
      respond(from, h, std::nullopt, std::move(r));
      return true;
    }
    case message_type::session_establishment_request: {
      pfcp::session_establishment_response r;
      r.node_id_ = node_id_;
      r.cause_ = c;
      r.offending_ie_ = off;
      respond(from, h, session_seid, std::move(r));
      return true;
    }
    case message_type::session_modification_request: {
      pfcp::session_modification_response r;
      r.cause_ = c;
      r.offending_ie_ = off;
      respond(from, h, session_seid, std::move(r));
      return true;
    }
    case message_type::session_deletion_request: {
      pfcp::session_deletion_response r;
      r.cause_ = c;
      r.offending_ie_ = off;
      respond(from, h, session_seid, std::move(r));
      return true;
    }
    default:
      return false;
  }
}

// ---- time ---------------------------------------------------------------------------------

void n4_node::impl::on_timer() {
  tx_.on_timer();
  association_timers(clock_.now());
}

std::optional<clock::time_point> n4_node::impl::next_deadline() const {
  std::optional<clock::time_point> next = tx_.next_deadline();
  association_deadlines(next);
  return next;
}

const n4_counters& n4_node::impl::counters() const {
  // The transaction layer's counts under the names the node has always used.
  const auto& t = tx_.counters();
  snapshot_ = counters_;
  snapshot_.received_ = t.received_;
  snapshot_.sent_ = t.sent_;
  snapshot_.dropped_undecodable_header_ = t.dropped_undecodable_header_;
  snapshot_.dropped_unknown_type_ = t.dropped_unknown_type_;
  snapshot_.dropped_malformed_ += t.dropped_malformed_;
  snapshot_.dropped_unexpected_ +=
      t.responses_unmatched_ + t.responses_late_ + t.duplicates_in_progress_ + t.duplicates_ignored_;
  snapshot_.version_not_supported_ = t.version_not_supported_;
  snapshot_.retransmissions_answered_ = t.duplicates_answered_;
  snapshot_.retransmissions_in_progress_ = t.duplicates_in_progress_;
  snapshot_.requests_retransmitted_ = t.requests_retransmitted_;
  snapshot_.requests_timed_out_ = t.requests_timed_out_;
  return snapshot_;
}

// ---- n4_node ------------------------------------------------------------------------------

n4_node::n4_node(n4_config cfg, async_session_installer& installer, n4_sender& sender, const clock& clk,
                 std::unique_ptr<teid_allocator> allocator)
    : impl_(std::make_unique<impl>(std::move(cfg), installer, sender, clk, std::move(allocator))) {}

n4_node::~n4_node() = default;

void n4_node::start() {
  for (const auto& s : impl_->cfg_.smfs_) setup_association(n4_endpoint{s.address_, s.port_});
}

void n4_node::on_datagram(const n4_endpoint& from, std::span<const std::uint8_t> datagram) {
  impl_->tx_.on_datagram(from, datagram);
}

void n4_node::on_timer() { impl_->on_timer(); }

std::optional<clock::time_point> n4_node::next_deadline() const { return impl_->next_deadline(); }

void n4_node::setup_association(const n4_endpoint& peer) { impl_->send_association_setup(peer); }

bool n4_node::update_association(const n4_endpoint& peer, bool request_release) {
  return impl_->send_association_update(peer, request_release);
}

void n4_node::on_downlink_data(seid session, pdr_id pdr) { impl_->downlink_data(session, pdr); }

void n4_node::on_usage_threshold(seid session, std::vector<urr_usage> usage) {
  impl_->usage_threshold(session, std::move(usage));
}

void n4_node::on_error_indication(remote_f_teid tunnel) { impl_->error_indication(tunnel); }

const n4_counters& n4_node::counters() const noexcept { return impl_->counters(); }
std::size_t n4_node::session_count() const noexcept { return impl_->sessions_.size(); }
bool n4_node::associated(const n4_endpoint& peer) const { return impl_->associations_.contains(peer); }
std::uint32_t n4_node::recovery_time_stamp() const noexcept { return impl_->recovery_; }

}  // namespace meridian::upf
