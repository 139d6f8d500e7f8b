// The UPF's PFCP node (TS 29.244 §6: node procedures; §7.5: session messages).
// One object per N4 thread; see n4_node.hpp.

#include "meridian/upf/n4_node.hpp"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>
#include <spdlog/logger.h>

#include "meridian/common/log.hpp"
#include "n4_rules.hpp"

namespace meridian::upf {

namespace {

using pfcp::cause_value;
using pfcp::message_type;

/// TS 29.244 §8.2.25 UP Function Features: BUCP (octet 5 bit 1), FTUP (octet 5
/// bit 5), EMPU (octet 6 bit 1).
constexpr pfcp::flag feature_bucp{0, 1}, feature_ftup{0, 5}, feature_empu{1, 1};
/// TS 29.244 §8.2.77: SARR, the UP function asks for the association's release.
constexpr pfcp::flag sarr{0, 1};

constexpr std::uint32_t ntp_unix_offset = 2'208'988'800u;  // 1900-01-01 to 1970-01-01

bool is_request(std::uint8_t t) {
  switch (static_cast<message_type>(t)) {
    case message_type::heartbeat_request:
    case message_type::pfd_management_request:
    case message_type::association_setup_request:
    case message_type::association_update_request:
    case message_type::association_release_request:
    case message_type::node_report_request:
    case message_type::session_set_deletion_request:
    case message_type::session_establishment_request:
    case message_type::session_modification_request:
    case message_type::session_deletion_request:
    case message_type::session_report_request:
      return true;
    default:
      return false;
  }
}

bool is_session_message(std::uint8_t t) { return t >= 50; }

struct cache_key {
  n4_endpoint peer_;
  std::uint32_t sequence_ = 0;
  bool operator==(const cache_key&) const = default;
};
struct cache_key_hash {
  std::size_t operator()(const cache_key& k) const noexcept {
    std::uint64_t v = (std::uint64_t{k.peer_.address_[0]} << 56) | (std::uint64_t{k.peer_.address_[1]} << 48) |
                      (std::uint64_t{k.peer_.address_[2]} << 40) | (std::uint64_t{k.peer_.address_[3]} << 32) |
                      (std::uint64_t{k.peer_.port_} << 24) | k.sequence_;
    return std::hash<std::uint64_t>{}(v * 0x9e3779b97f4a7c15ull);
  }
};

struct endpoint_hash {
  std::size_t operator()(const n4_endpoint& e) const noexcept { return cache_key_hash{}(cache_key{e, 0}); }
};

}  // namespace

std::string to_string(const n4_endpoint& e) {
  return fmt::format("{}.{}.{}.{}:{}", e.address_[0], e.address_[1], e.address_[2], e.address_[3], e.port_);
}

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

struct n4_node::impl {
  struct association {
    pfcp::node_id node_id_{};
    std::uint32_t recovery_ = 0;
    clock::time_point next_heartbeat_{};
    bool heartbeat_outstanding_ = false;
  };
  struct session_ctx {
    seid up_seid_{};
    seid cp_seid_{};
    n4_endpoint peer_{};
    session_rules rules_{};
    std::vector<teid> owned_teids_{};  ///< chosen by us: released when no PDR uses them
    std::uint32_t ur_seqn_ = 0;        ///< §8.2.71: per session, incremented per Usage Report
    n4::ipv6_only_pdrs ipv6_only_{};   ///< kept here, not installed (n4_rules.hpp)
  };
  struct pending_request {
    n4_endpoint peer_{};
    std::vector<std::uint8_t> bytes_{};
    message_type type_ = message_type::heartbeat_request;
    unsigned retransmissions_ = 0;
    clock::time_point deadline_{};
    std::optional<seid> session_{};
  };

  impl(n4_config cfg, session_installer& installer, n4_sender& sender, const clock& clk,
       std::unique_ptr<teid_allocator> allocator)
      : cfg_(std::move(cfg)),
        installer_(installer),
        sender_(sender),
        clock_(clk),
        allocator_(allocator ? std::move(allocator) : std::make_unique<sequential_teid_allocator>()),
        log_(log::get("upf.n4")),
        recovery_(ntp_seconds(clk.wall_now())) {
    const auto& id = cfg_.node_id_ == std::array<std::uint8_t, 4>{} ? cfg_.bind_address_ : cfg_.node_id_;
    node_id_.type_ = pfcp::node_id::kind::ipv4;
    node_id_.ipv4_ = id;
  }

  // ---- sending ----------------------------------------------------------------------

  std::optional<std::vector<std::uint8_t>> encode(const pfcp::message& m) {
    auto bytes = pfcp::encode(m);
    if (!bytes) {
      log_->error("cannot encode {}: {}", pfcp::message_name(m.body_), bytes.error().message());
      return std::nullopt;
    }
    return std::move(*bytes);
  }

  void send(const n4_endpoint& to, std::span<const std::uint8_t> bytes) {
    ++counters_.sent_;
    sender_.send(to, bytes);
  }

  /// Sends a response and keeps it to answer a retransmission of the request (§6.4).
  void respond(const n4_endpoint& to, const pfcp::header& request, std::optional<seid> header_seid,
               pfcp::message_body body) {
    pfcp::message m;
    m.header_.sequence_number_ = request.sequence_number_;
    m.header_.seid_ = header_seid;
    m.body_ = std::move(body);
    auto bytes = encode(m);
    if (!bytes) return;
    send(to, *bytes);
    const cache_key key{to, request.sequence_number_};
    const auto expires = clock_.now() + cfg_.response_cache_time_;
    cache_[key] = cached_response{std::move(*bytes), expires};
    cache_order_.push_back({expires, key});
  }

  std::uint32_t next_sequence() {
    sequence_ = (sequence_ + 1) & 0xffffff;
    return sequence_;
  }

  void send_request(const n4_endpoint& to, std::optional<seid> header_seid, pfcp::message_body body,
                    std::optional<seid> session = std::nullopt) {
    pfcp::message m;
    m.header_.sequence_number_ = next_sequence();
    m.header_.seid_ = header_seid;
    const auto type = std::visit([](const auto& b) { return b.type; }, body);
    m.body_ = std::move(body);
    auto bytes = encode(m);
    if (!bytes) return;
    send(to, *bytes);
    pending_request p{to, std::move(*bytes), type, 0, clock_.now() + cfg_.t1_, session};
    retransmit_order_.push_back({p.deadline_, m.header_.sequence_number_});
    pending_[m.header_.sequence_number_] = std::move(p);
  }

  /// The pending request a response answers; nothing (and counted) for a stray response.
  std::optional<pending_request> take_pending(const n4_endpoint& from, const pfcp::header& h, message_type expected) {
    auto it = pending_.find(h.sequence_number_);
    if (it == pending_.end() || it->second.peer_ != from ||
        static_cast<std::uint8_t>(it->second.type_) + 1 != static_cast<std::uint8_t>(expected)) {
      ++counters_.dropped_unexpected_;
      log_->debug("{}: response with sequence number {} answers no request of ours", to_string(from),
                  h.sequence_number_);
      return std::nullopt;
    }
    auto p = std::move(it->second);
    pending_.erase(it);
    return p;
  }

  // ---- associations and sessions -------------------------------------------------------

  pfcp::up_function_features features() const {
    pfcp::up_function_features f;
    f.set(feature_bucp);
    f.set(feature_ftup);
    f.set(feature_empu);
    return f;
  }

  void release_session(session_ctx& s) {
    for (teid t : s.owned_teids_) allocator_->release(t);
    s.owned_teids_.clear();
  }

  /// Releases TEIDs we chose that no PDR of the session uses any more.
  void reconcile_teids(session_ctx& s) {
    auto unused = [&](teid t) {
      for (const auto& p : s.rules_.pdrs_)
        if (p.pdi_.local_teid_ == t) return false;
      allocator_->release(t);
      return true;
    };
    std::erase_if(s.owned_teids_, unused);
  }

  void delete_session(std::unordered_map<std::uint64_t, session_ctx>::iterator it) {
    (void)installer_.remove(it->second.up_seid_);
    release_session(it->second);
    sessions_.erase(it);
    ++counters_.sessions_deleted_;
  }

  /// Deletes every session of `peer` (its association went, or it restarted).
  std::size_t delete_sessions_of(const n4_endpoint& peer) {
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

  void peer_restarted(const n4_endpoint& peer, association& a, std::uint32_t recovery) {
    ++counters_.peer_restarts_;
    const std::size_t n = delete_sessions_of(peer);
    log_->warn("{}: peer restarted (Recovery Time Stamp {} -> {}); deleted its {} sessions", to_string(peer),
               a.recovery_, recovery, n);
    a.recovery_ = recovery;
  }

  void check_recovery(const n4_endpoint& peer, std::uint32_t recovery) {
    auto it = associations_.find(peer);
    if (it != associations_.end() && it->second.recovery_ != recovery) peer_restarted(peer, it->second, recovery);
  }

  void associate(const n4_endpoint& peer, const pfcp::node_id& id, std::uint32_t recovery) {
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

  void drop_association(const n4_endpoint& peer, std::string_view why) {
    if (associations_.erase(peer) == 0) return;
    const std::size_t n = delete_sessions_of(peer);
    log_->warn("{}: PFCP association released ({}); deleted {} sessions", to_string(peer), why, n);
    // A configured SMF is ours to associate with again.
    for (const auto& s : cfg_.smfs_)
      if (n4_endpoint{s.address_, s.port_} == peer)
        setup_retry_[peer] = clock_.now() + cfg_.association_retry_interval_;
  }

  void send_association_setup(const n4_endpoint& peer) {
    pfcp::association_setup_request r;
    r.node_id_ = node_id_;
    r.recovery_time_stamp_.value_ = recovery_;
    r.up_function_features_ = features();
    send_request(peer, std::nullopt, std::move(r));
  }

  // ---- received messages --------------------------------------------------------------

  void on_datagram(const n4_endpoint& from, std::span<const std::uint8_t> datagram) {
    ++counters_.received_;
    auto m = pfcp::decode(datagram);
    if (!m) {
      on_decode_failure(from, m.error());
      return;
    }
    const pfcp::header& h = m->header_;
    if (is_request(h.message_type_)) {
      if (auto c = cache_.find(cache_key{from, h.sequence_number_}); c != cache_.end()) {
        // §6.4: a retransmitted request gets the same response, and is not applied again.
        ++counters_.retransmissions_answered_;
        send(from, c->second.bytes_);
        return;
      }
      if (is_session_message(h.message_type_) != h.seid_.has_value()) {
        // §7.2.2.1: the S flag is 1 exactly for session messages.
        ++counters_.dropped_malformed_;
        log_->warn("{}: {} with the S flag {}; dropped", to_string(from), pfcp::message_name(m->body_),
                   h.seid_ ? "set" : "clear");
        return;
      }
    }
    std::visit([&](auto& body) { handle(from, h, body); }, m->body_);
  }

  void on_decode_failure(const n4_endpoint& from, const pfcp::decode_failure& f) {
    if (!f.header_) {
      ++counters_.dropped_undecodable_header_;
      log_->warn("{}: PFCP header undecodable ({}); dropped", to_string(from), f.error_.message());
      return;
    }
    const pfcp::header& h = *f.header_;
    if (h.version_ != 1) {
      // §7.2.2.1: a message of another PFCP version is answered with Version Not Supported.
      if (h.message_type_ == static_cast<std::uint8_t>(message_type::version_not_supported_response)) {
        ++counters_.dropped_malformed_;
        return;
      }
      ++counters_.version_not_supported_;
      log_->warn("{}: PFCP version {} not supported", to_string(from), h.version_);
      send_version_not_supported(from, h);
      return;
    }
    if (f.error_.code == decode_errc::unknown_type) {
      ++counters_.dropped_unknown_type_;
      log_->warn("{}: unknown PFCP message type {}; dropped", to_string(from), h.message_type_);
      return;
    }
    if (!is_request(h.message_type_)) {
      ++counters_.dropped_malformed_;
      log_->warn("{}: malformed {} dropped: {}", to_string(from),
                 pfcp::to_string(static_cast<message_type>(h.message_type_)), f.error_.message());
      return;
    }
    if (auto c = cache_.find(cache_key{from, h.sequence_number_}); c != cache_.end()) {
      ++counters_.retransmissions_answered_;
      send(from, c->second.bytes_);
      return;
    }
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

  void send_version_not_supported(const n4_endpoint& to, const pfcp::header& request) {
    // §7.4.4.7: header only, no IEs; the type is not in message_body, so it is written here.
    byte_writer w;
    pfcp::header h;
    h.message_type_ = static_cast<std::uint8_t>(message_type::version_not_supported_response);
    h.sequence_number_ = request.sequence_number_;
    { auto len = pfcp::encode_header(w, h); }
    auto bytes = std::move(w).finish();
    if (bytes) send(to, *bytes);
  }

  /// The answer to a request we cannot take: its response type with `cause`.
  /// False for a request that has no such answer (Heartbeat).
  bool reject(const n4_endpoint& from, const pfcp::header& h, cause_value cause,
              std::optional<std::uint16_t> offending) {
    std::optional<pfcp::offending_ie> off;
    if (offending) off = pfcp::offending_ie{*offending};
    pfcp::cause c{cause};
    std::optional<seid> session_seid;
    if (is_session_message(h.message_type_)) {
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

  // Node messages.

  void handle(const n4_endpoint& from, const pfcp::header& h, const pfcp::heartbeat_request& req) {
    // §6.2.2: answered whether or not there is an association.
    check_recovery(from, req.recovery_time_stamp_.value_);
    pfcp::heartbeat_response r;
    r.recovery_time_stamp_.value_ = recovery_;
    respond(from, h, std::nullopt, std::move(r));
  }

  void handle(const n4_endpoint& from, const pfcp::header& h, const pfcp::heartbeat_response& rsp) {
    if (!take_pending(from, h, message_type::heartbeat_response)) return;
    auto it = associations_.find(from);
    if (it == associations_.end()) return;
    it->second.heartbeat_outstanding_ = false;
    if (it->second.recovery_ != rsp.recovery_time_stamp_.value_)
      peer_restarted(from, it->second, rsp.recovery_time_stamp_.value_);
  }

  void handle(const n4_endpoint& from, const pfcp::header& h, const pfcp::association_setup_request& req) {
    associate(from, req.node_id_, req.recovery_time_stamp_.value_);
    pfcp::association_setup_response r;
    r.node_id_ = node_id_;
    r.cause_.value_ = cause_value::request_accepted;
    r.recovery_time_stamp_.value_ = recovery_;
    r.up_function_features_ = features();
    respond(from, h, std::nullopt, std::move(r));
  }

  void handle(const n4_endpoint& from, const pfcp::header& h, const pfcp::association_setup_response& rsp) {
    if (!take_pending(from, h, message_type::association_setup_response)) return;
    if (rsp.cause_.value_ != cause_value::request_accepted) {
      log_->warn("{}: Association Setup refused with cause {}; retrying", to_string(from),
                 static_cast<int>(rsp.cause_.value_));
      setup_retry_[from] = clock_.now() + cfg_.association_retry_interval_;
      return;
    }
    associate(from, rsp.node_id_, rsp.recovery_time_stamp_.value_);
  }

  void handle(const n4_endpoint& from, const pfcp::header& h, const pfcp::association_update_request&) {
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

  void handle(const n4_endpoint& from, const pfcp::header& h, const pfcp::association_update_response& rsp) {
    if (!take_pending(from, h, message_type::association_update_response)) return;
    log_->info("{}: Association Update answered with cause {}", to_string(from), static_cast<int>(rsp.cause_.value_));
  }

  void handle(const n4_endpoint& from, const pfcp::header& h, const pfcp::association_release_request&) {
    pfcp::association_release_response r;
    r.node_id_ = node_id_;
    if (!associations_.contains(from)) {
      r.cause_.value_ = cause_value::no_established_pfcp_association;
      ++counters_.no_association_;
    } else {
      // §6.2.8: releasing the association deletes its sessions.
      r.cause_.value_ = cause_value::request_accepted;
      associations_.erase(from);
      const std::size_t n = delete_sessions_of(from);
      log_->info("{}: PFCP association released by the peer; deleted {} sessions", to_string(from), n);
    }
    respond(from, h, std::nullopt, std::move(r));
  }

  void handle(const n4_endpoint& from, const pfcp::header& h, const pfcp::pfd_management_request&) {
    pfcp::pfd_management_response r;
    r.cause_.value_ = cause_value::service_not_supported;  // no application detection (PFDM not announced)
    respond(from, h, std::nullopt, std::move(r));
  }

  // Session messages.

  void handle(const n4_endpoint& from, const pfcp::header& h, const pfcp::session_establishment_request& req) {
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

  void handle(const n4_endpoint& from, const pfcp::header& h, const pfcp::session_modification_request& req) {
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

  void handle(const n4_endpoint& from, const pfcp::header& h, const pfcp::session_deletion_request&) {
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

  void handle(const n4_endpoint& from, const pfcp::header& h, const pfcp::session_report_response& rsp) {
    auto p = take_pending(from, h, message_type::session_report_response);
    if (!p || !p->session_) return;
    if (rsp.cause_.value_ == cause_value::session_context_not_found) {
      // The CP function has no such session: ours is an orphan.
      if (auto it = sessions_.find(p->session_->value()); it != sessions_.end()) {
        log_->warn("session {:#x}: the CP function does not know it; deleted", p->session_->value());
        delete_session(it);
      }
    } else if (rsp.cause_.value_ != cause_value::request_accepted) {
      log_->warn("session {:#x}: Session Report refused with cause {}", p->session_->value(),
                 static_cast<int>(rsp.cause_.value_));
    }
  }

  /// Anything else: valid PFCP that a UPF does not expect.
  template <class Body>
  void handle(const n4_endpoint& from, const pfcp::header& h, const Body&) {
    if (is_request(h.message_type_)) {
      // A request we do not serve still deserves an answer where it has one.
      if (reject(from, h, cause_value::service_not_supported, std::nullopt)) return;
    }
    ++counters_.dropped_unexpected_;
    log_->warn("{}: unexpected {} dropped", to_string(from), pfcp::to_string(Body::type));
  }

  template <class Response>
  void session_not_found(const n4_endpoint& from, const pfcp::header& h, Response r) {
    // §7.2.2.4.2: with an unknown SEID the response carries SEID 0.
    ++counters_.session_not_found_;
    log_->warn("{}: {} for unknown SEID {:#x}", to_string(from),
               pfcp::to_string(static_cast<message_type>(h.message_type_)), h.seid_->value());
    r.cause_.value_ = cause_value::session_context_not_found;
    respond(from, h, seid{}, std::move(r));
  }

  template <class Response>
  void reject_rules(const n4_endpoint& from, const pfcp::header& h, seid cp, const n4::rule_failure& f, Response r) {
    ++counters_.rule_failures_;
    log_->warn("{}: {} refused (cause {}): {}", to_string(from),
               pfcp::to_string(static_cast<message_type>(h.message_type_)), static_cast<int>(f.cause_), f.reason_);
    r.cause_.value_ = f.cause_;
    if (f.rule_) r.failed_rule_id_ = n4::encode_failed_rule(*f.rule_);
    if (f.offending_ie_) r.offending_ie_ = pfcp::offending_ie{*f.offending_ie_};
    respond(from, h, cp, std::move(r));
  }

  n4::teid_chooser chooser(session_ctx& s) {
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

  std::vector<pfcp::created_pdr> created(const std::vector<n4::chosen_teid>& chosen) const {
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

  // ---- reports from the data path ----------------------------------------------------------

  void report(seid session, pfcp::session_report_request r) {
    auto it = sessions_.find(session.value());
    if (it == sessions_.end()) {
      log_->debug("report for session {:#x}, which is gone", session.value());
      return;
    }
    ++counters_.reports_sent_;
    send_request(it->second.peer_, it->second.cp_seid_, std::move(r), session);
  }

  // ---- timers --------------------------------------------------------------------------

  void on_timer() {
    const auto now = clock_.now();
    while (!retransmit_order_.empty() && retransmit_order_.front().first <= now) {
      const auto [deadline, sequence] = retransmit_order_.front();
      retransmit_order_.pop_front();
      auto it = pending_.find(sequence);
      if (it == pending_.end() || it->second.deadline_ != deadline) continue;  // answered meanwhile
      pending_request& p = it->second;
      if (p.retransmissions_ < cfg_.n1_) {
        ++p.retransmissions_;
        ++counters_.requests_retransmitted_;
        p.deadline_ = now + cfg_.t1_;
        retransmit_order_.push_back({p.deadline_, sequence});
        send(p.peer_, p.bytes_);
        continue;
      }
      ++counters_.requests_timed_out_;
      const pending_request lost = std::move(p);
      pending_.erase(it);
      request_timed_out(lost);
    }
    while (!cache_order_.empty() && cache_order_.front().first <= now) {
      // Only the entry this expiry was for: the key may have been cached again since.
      auto it = cache_.find(cache_order_.front().second);
      if (it != cache_.end() && it->second.expires_ == cache_order_.front().first) cache_.erase(it);
      cache_order_.pop_front();
    }
    for (auto& [peer, a] : associations_) {
      if (a.heartbeat_outstanding_ || a.next_heartbeat_ > now) continue;
      a.heartbeat_outstanding_ = true;
      a.next_heartbeat_ = now + cfg_.heartbeat_interval_;
      pfcp::heartbeat_request r;
      r.recovery_time_stamp_.value_ = recovery_;
      send_request(peer, std::nullopt, std::move(r));
    }
    for (auto it = setup_retry_.begin(); it != setup_retry_.end();) {
      if (it->second > now) {
        ++it;
        continue;
      }
      const n4_endpoint peer = it->first;
      it = setup_retry_.erase(it);
      send_association_setup(peer);
    }
  }

  void request_timed_out(const pending_request& p) {
    switch (p.type_) {
      case message_type::heartbeat_request:
        ++counters_.heartbeat_failures_;
        log_->warn("{}: no Heartbeat Response after {} retransmissions", to_string(p.peer_), cfg_.n1_);
        drop_association(p.peer_, "heartbeat failure");
        break;
      case message_type::association_setup_request:
        log_->warn("{}: no Association Setup Response; retrying", to_string(p.peer_));
        setup_retry_[p.peer_] = clock_.now() + cfg_.association_retry_interval_;
        break;
      default:
        log_->warn("{}: {} unanswered after {} retransmissions", to_string(p.peer_), pfcp::to_string(p.type_),
                   cfg_.n1_);
        break;
    }
  }

  std::optional<clock::time_point> next_deadline() const {
    std::optional<clock::time_point> next;
    auto consider = [&](clock::time_point t) {
      if (!next || t < *next) next = t;
    };
    if (!retransmit_order_.empty()) consider(retransmit_order_.front().first);
    if (!cache_order_.empty()) consider(cache_order_.front().first);
    for (const auto& [peer, a] : associations_)
      if (!a.heartbeat_outstanding_) consider(a.next_heartbeat_);
    for (const auto& [peer, t] : setup_retry_) consider(t);
    return next;
  }

  n4_config cfg_;
  session_installer& installer_;
  n4_sender& sender_;
  const clock& clock_;
  std::unique_ptr<teid_allocator> allocator_;
  std::shared_ptr<spdlog::logger> log_;
  std::uint32_t recovery_;
  pfcp::node_id node_id_{};
  n4_counters counters_{};

  std::unordered_map<n4_endpoint, association, endpoint_hash> associations_;
  std::unordered_map<n4_endpoint, clock::time_point, endpoint_hash> setup_retry_;
  std::unordered_map<std::uint64_t, session_ctx> sessions_;
  std::uint64_t next_seid_ = 1;

  std::uint32_t sequence_ = 0;
  std::unordered_map<std::uint32_t, pending_request> pending_;
  std::deque<std::pair<clock::time_point, std::uint32_t>> retransmit_order_;

  struct cached_response {
    std::vector<std::uint8_t> bytes_{};
    clock::time_point expires_{};
  };
  std::unordered_map<cache_key, cached_response, cache_key_hash> cache_;
  std::deque<std::pair<clock::time_point, cache_key>> cache_order_;
};

n4_node::n4_node(n4_config cfg, session_installer& installer, n4_sender& sender, const clock& clk,
                 std::unique_ptr<teid_allocator> allocator)
    : impl_(std::make_unique<impl>(std::move(cfg), installer, sender, clk, std::move(allocator))) {}

n4_node::~n4_node() = default;

void n4_node::start() {
  for (const auto& s : impl_->cfg_.smfs_) setup_association(n4_endpoint{s.address_, s.port_});
}

void n4_node::on_datagram(const n4_endpoint& from, std::span<const std::uint8_t> datagram) {
  impl_->on_datagram(from, datagram);
}

void n4_node::on_timer() { impl_->on_timer(); }

std::optional<clock::time_point> n4_node::next_deadline() const { return impl_->next_deadline(); }

void n4_node::setup_association(const n4_endpoint& peer) { impl_->send_association_setup(peer); }

bool n4_node::update_association(const n4_endpoint& peer, bool request_release) {
  if (!impl_->associations_.contains(peer)) return false;
  pfcp::association_update_request r;
  r.node_id_ = impl_->node_id_;
  r.up_function_features_ = impl_->features();
  if (request_release) {
    pfcp::pfcp_association_release_request flags;
    flags.set(sarr);
    r.pfcp_association_release_request_ = flags;
  }
  impl_->send_request(peer, std::nullopt, std::move(r));
  return true;
}

void n4_node::on_downlink_data(seid session, pdr_id pdr) {
  // §7.5.8.2: Report Type DLDR with a Downlink Data Report naming the PDR.
  pfcp::session_report_request r;
  r.report_type_.set(pfcp::flags::report_type::dldr);
  pfcp::downlink_data_report d;
  d.pdr_id_.push_back(pfcp::pdr_id{pdr.value()});
  r.downlink_data_report_ = std::move(d);
  impl_->report(session, std::move(r));
}

void n4_node::on_usage_threshold(seid session, std::vector<urr_usage> usage) {
  auto it = impl_->sessions_.find(session.value());
  if (it == impl_->sessions_.end()) return;
  // §7.5.8.3: Report Type USAR, one Usage Report per URR, trigger VOLTH.
  pfcp::session_report_request r;
  r.report_type_.set(pfcp::flags::report_type::usar);
  for (const auto& u : usage)
    r.usage_report_.push_back(n4::usage_report<pfcp::usage_report_session_report_request>(
        u, it->second.ur_seqn_++, pfcp::flags::usage_report_trigger::volth));
  impl_->report(session, std::move(r));
}

void n4_node::on_error_indication(remote_f_teid tunnel) {
  // §7.5.8.4: Report Type ERIR, the tunnel as the Remote F-TEID, to every
  // session with a FAR into it (normally one). Error Indications are rare and
  // bounded per second by the workers, so a scan of the sessions is enough.
  std::vector<seid> affected;
  for (const auto& [id, s] : impl_->sessions_) {
    const bool forwards_into = std::any_of(s.rules_.fars_.begin(), s.rules_.fars_.end(), [&](const far& f) {
      return f.outer_header_creation_ && f.outer_header_creation_->teid_ == tunnel.teid_ &&
             f.outer_header_creation_->peer_address_ == tunnel.address_;
    });
    if (forwards_into) affected.push_back(s.up_seid_);
  }
  if (affected.empty()) {
    ++impl_->counters_.error_indications_unmatched_;
    return;
  }
  for (const seid session : affected) {
    pfcp::session_report_request r;
    r.report_type_.set(pfcp::flags::report_type::erir);
    pfcp::f_teid remote;
    remote.teid_ = tunnel.teid_;
    remote.ipv4_ = ipv4_octets(tunnel.address_);
    pfcp::error_indication_report report;
    report.remote_f_teid_.push_back(remote);
    r.error_indication_report_ = std::move(report);
    impl_->report(session, std::move(r));
  }
}

const n4_counters& n4_node::counters() const noexcept { return impl_->counters_; }
std::size_t n4_node::session_count() const noexcept { return impl_->sessions_.size(); }
bool n4_node::associated(const n4_endpoint& peer) const { return impl_->associations_.contains(peer); }
std::uint32_t n4_node::recovery_time_stamp() const noexcept { return impl_->recovery_; }

}  // namespace meridian::upf
