#pragma once
// The inside of n4_node (private to lib/upf). The node is one object, its
// procedures are spread over files that each follow one part of TS 29.244:
//
//   n4_node.cpp         the public API, dispatch of requests and responses,
//                       timers, and §7.6 answers to malformed requests
//   n4_association.cpp  §6.2 node procedures: Heartbeat, Association Setup,
//                       Update and Release, peer restarts (Recovery Time Stamp)
//   n4_sessions.cpp     §7.5.2–§7.5.6 Session Establishment, Modification and
//                       Deletion, answered from the data path's asynchronous
//                       completions; TEIDs the UPF chooses (§5.5.3)
//   n4_reports.cpp      §7.5.8 Session Report Requests from the data path
//
// Sequence numbers, T1/N1 retransmission and the response cache are not here:
// they are the n4 module's transaction layer (meridian/n4/transactions.hpp).

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <spdlog/logger.h>

#include "meridian/n4/transactions.hpp"
#include "meridian/upf/async_session_installer.hpp"
#include "meridian/upf/n4_node.hpp"
#include "n4_rules.hpp"

namespace meridian::upf {

/// TS 29.244 §8.2.25 UP Function Features: BUCP (octet 5 bit 1), FTUP (octet 5
/// bit 5), EMPU (octet 6 bit 1).
inline constexpr pfcp::flag feature_bucp{0, 1}, feature_ftup{0, 5}, feature_empu{1, 1};
/// TS 29.244 §8.2.77: SARR, the UP function asks for the association's release.
inline constexpr pfcp::flag feature_sarr{0, 1};

struct n4_node::impl final : meridian::n4::request_handler {
  /// §6.2.6: an association with a CP function.
  struct association {
    pfcp::node_id node_id_{};
    std::uint32_t recovery_ = 0;
    clock::time_point next_heartbeat_{};
    bool heartbeat_outstanding_ = false;
  };
  /// §5.2.2: one PFCP session and the rules it installed.
  struct session_ctx {
    seid up_seid_{};
    seid cp_seid_{};
    n4_endpoint peer_{};
    session_rules rules_{};
    std::vector<teid> owned_teids_{};  ///< chosen by us: released when no PDR uses them
    std::uint32_t ur_seqn_ = 0;        ///< §8.2.71: per session, incremented per Usage Report
    n4::ipv6_only_pdrs ipv6_only_{};   ///< kept here, not installed (n4_rules.hpp)
  };
  using session_map = std::unordered_map<std::uint64_t, session_ctx>;
  /// The session procedures of one session, one at a time: while the data
  /// path has not answered one, the session's next requests wait here, so they
  /// apply and are answered in the order they arrived (a Deletion after a
  /// pending Establishment is answered after it).
  struct session_turn {
    bool busy_ = false;
    std::deque<std::pair<n4_endpoint, pfcp::message>> waiting_{};
  };

  impl(n4_config cfg, async_session_installer& installer, n4_sender& sender, const clock& clk,
       std::unique_ptr<teid_allocator> allocator);

  // ---- n4_node.cpp: dispatch, timers, §7.6 ---------------------------------------------
  void on_request(const n4_endpoint& from, const pfcp::message& request) override;
  void on_malformed_request(const n4_endpoint& from, const pfcp::decode_failure& f) override;
  void on_overload(const n4_endpoint& from, const pfcp::message& request) override;
  void respond(const n4_endpoint& to, const pfcp::header& request, std::optional<seid> header_seid,
               pfcp::message_body body);
  /// Sends a request of ours; its response (or failure) comes back to on_response / request_failed.
  void send_request(const n4_endpoint& to, std::optional<seid> header_seid, pfcp::message_body body,
                    std::optional<seid> session = std::nullopt);
  /// The answer to a request we cannot take: its response type with `cause`.
  /// False for a request that has no such answer (Heartbeat).
  bool reject(const n4_endpoint& from, const pfcp::header& h, pfcp::cause_value cause,
              std::optional<std::uint16_t> offending);
  /// Anything else: valid PFCP that a UPF does not expect.
  template <class Body>
  void handle(const n4_endpoint& from, const pfcp::header& h, const Body&);
  template <class Body>
  void on_response(const n4_endpoint& from, const pfcp::header& h, const Body&, std::optional<seid> session);
  void request_failed(const n4_endpoint& peer, pfcp::message_type type, std::optional<seid> session,
                      const meridian::n4::transaction_error& e);
  void on_timer();
  std::optional<clock::time_point> next_deadline() const;
  const n4_counters& counters() const;

  // ---- n4_association.cpp: §6.2 node procedures -------------------------------------------
  pfcp::up_function_features features() const;
  void handle(const n4_endpoint& from, const pfcp::header& h, const pfcp::heartbeat_request& req);
  void handle(const n4_endpoint& from, const pfcp::header& h, const pfcp::association_setup_request& req);
  void handle(const n4_endpoint& from, const pfcp::header& h, const pfcp::association_update_request& req);
  void handle(const n4_endpoint& from, const pfcp::header& h, const pfcp::association_release_request& req);
  void handle(const n4_endpoint& from, const pfcp::header& h, const pfcp::pfd_management_request& req);
  void on_response(const n4_endpoint& from, const pfcp::header& h, const pfcp::heartbeat_response& rsp,
                   std::optional<seid> session);
  void on_response(const n4_endpoint& from, const pfcp::header& h, const pfcp::association_setup_response& rsp,
                   std::optional<seid> session);
  void on_response(const n4_endpoint& from, const pfcp::header& h, const pfcp::association_update_response& rsp,
                   std::optional<seid> session);
  void send_association_setup(const n4_endpoint& peer);
  bool send_association_update(const n4_endpoint& peer, bool request_release);
  void associate(const n4_endpoint& peer, const pfcp::node_id& id, std::uint32_t recovery);
  void drop_association(const n4_endpoint& peer, std::string_view why);
  void check_recovery(const n4_endpoint& peer, std::uint32_t recovery);
  void peer_restarted(const n4_endpoint& peer, association& a, std::uint32_t recovery);
  void heartbeat_failed(const n4_endpoint& peer);
  void setup_failed(const n4_endpoint& peer);
  /// Heartbeats due and UPF-initiated Association Setups to retry.
  void association_timers(clock::time_point now);
  void association_deadlines(std::optional<clock::time_point>& next) const;

  // ---- n4_sessions.cpp: §7.5.2–§7.5.6 session procedures ------------------------------------
  void handle(const n4_endpoint& from, const pfcp::header& h, const pfcp::session_establishment_request& req);
  void handle(const n4_endpoint& from, const pfcp::header& h, const pfcp::session_modification_request& req);
  void handle(const n4_endpoint& from, const pfcp::header& h, const pfcp::session_deletion_request& req);
  /// The data path's answers, on the N4 thread; each sends the PFCP response.
  void established(const n4_endpoint& from, const pfcp::header& h, std::uint64_t id, seid cp,
                   const std::vector<n4::chosen_teid>& chosen, std::expected<void, rules_error> installed);
  void modified(const n4_endpoint& from, const pfcp::header& h, std::uint64_t id, std::size_t owned_before,
                session_rules rules, n4::ipv6_only_pdrs ipv6_only, const std::vector<n4::chosen_teid>& chosen,
                std::expected<std::vector<urr_usage>, rules_error> applied);
  void deleted(const n4_endpoint& from, const pfcp::header& h, std::uint64_t id,
               std::optional<std::vector<urr_usage>> usage);
  /// True when session `h.seid_` has a procedure in the data path: the
  /// request is kept and handled when its turn comes.
  template <class Body>
  bool wait_turn(const n4_endpoint& from, const pfcp::header& h, const Body& req);
  /// Session `id` has a procedure in the data path from now on.
  void take_turn(std::uint64_t id) { turns_[id].busy_ = true; }
  /// Its procedure was answered: the requests that waited run now.
  void end_turn(std::uint64_t id);
  /// `f`, doing nothing once the node is gone (a completion may outlive it).
  template <class F>
  auto guarded(F f) {
    return [alive = std::weak_ptr<int>(alive_), f = std::move(f)](auto&&... args) mutable {
      if (alive.expired()) return;
      f(std::forward<decltype(args)>(args)...);
    };
  }
  template <class Response>
  void session_not_found(const n4_endpoint& from, const pfcp::header& h, Response r);
  template <class Response>
  void reject_rules(const n4_endpoint& from, const pfcp::header& h, seid cp, const n4::rule_failure& f, Response r);
  n4::teid_chooser chooser(session_ctx& s);
  std::vector<pfcp::created_pdr> created(const std::vector<n4::chosen_teid>& chosen) const;
  void release_session(session_ctx& s);
  void reconcile_teids(session_ctx& s);
  void delete_session(session_map::iterator it);
  /// Deletes every session of `peer` (its association went, or it restarted).
  std::size_t delete_sessions_of(const n4_endpoint& peer);

  // ---- n4_reports.cpp: §7.5.8 Session Report ------------------------------------------------
  void report(seid session, pfcp::session_report_request r);
  void downlink_data(seid session, pdr_id pdr);
  void usage_threshold(seid session, std::vector<urr_usage> usage);
  void error_indication(remote_f_teid tunnel);
  void on_response(const n4_endpoint& from, const pfcp::header& h, const pfcp::session_report_response& rsp,
                   std::optional<seid> session);

  n4_config cfg_;
  async_session_installer& installer_;
  const clock& clock_;
  std::unique_ptr<teid_allocator> allocator_;
  std::shared_ptr<spdlog::logger> log_;
  std::uint32_t recovery_;
  pfcp::node_id node_id_{};
  /// What the node itself counted; counters() adds the transaction layer's.
  n4_counters counters_{};
  mutable n4_counters snapshot_{};

  std::unordered_map<n4_endpoint, association, meridian::n4::endpoint_hash> associations_;
  std::unordered_map<n4_endpoint, clock::time_point, meridian::n4::endpoint_hash> setup_retry_;
  session_map sessions_;
  std::unordered_map<std::uint64_t, session_turn> turns_;
  std::uint64_t next_seid_ = 1;
  /// Completions hold this weakly: one that arrives after the node is gone does nothing.
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);

  meridian::n4::transactions tx_;
};

template <class Body>
void n4_node::impl::handle(const n4_endpoint& from, const pfcp::header& h, const Body&) {
  if (meridian::n4::is_request(h.message_type_)) {
    // A request we do not serve still deserves an answer where it has one.
    if (reject(from, h, pfcp::cause_value::service_not_supported, std::nullopt)) return;
  }
  ++counters_.dropped_unexpected_;
  log_->warn("{}: unexpected {} dropped", to_string(from), pfcp::to_string(Body::type));
  tx_.ignore(from, h);  // no answer will come: not in progress any more
}

template <class Body>
bool n4_node::impl::wait_turn(const n4_endpoint& from, const pfcp::header& h, const Body& req) {
  if (!h.seid_) return false;
  auto t = turns_.find(h.seid_->value());
  if (t == turns_.end() || !t->second.busy_) return false;
  ++counters_.session_requests_queued_;
  t->second.waiting_.emplace_back(from, pfcp::message{h, req});
  return true;
}

template <class Body>
void n4_node::impl::on_response(const n4_endpoint& from, const pfcp::header&, const Body&, std::optional<seid>) {
  // The transaction layer matched it to a request of ours of the right type, so
  // only the responses above can arrive; this is for the variant's other members.
  ++counters_.dropped_unexpected_;
  log_->warn("{}: unexpected {} dropped", to_string(from), pfcp::to_string(Body::type));
}

}  // namespace meridian::upf
