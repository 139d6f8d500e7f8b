#pragma once
// The UPF's PFCP node on N4 (TS 29.244): associations with CP functions,
// heartbeats, and the session procedures that install rules in the data path
// through an async_session_installer: the N4 loop never waits for a worker,
// a session request's response goes out when the data path's completion
// runs (until then the transaction layer drops retransmissions of it as in
// progress), and one session's requests are applied in turn. PFCP transactions (sequence numbers, T1/N1
// retransmission, answers to retransmitted requests) are the n4 module's
// transaction layer (meridian/n4/transactions.hpp); the procedures are split
// over lib/upf/n4_{node,association,sessions,reports}.cpp (docs/n4.md).
// Socket-free: datagrams come in through
// on_datagram() and leave through an n4_sender; time comes from an injected
// clock and the owner calls on_timer() at next_deadline(). n4_server.hpp runs
// it on a UDP socket.
//
// Everything here runs on one thread (the N4 io_context); the data path's
// datapath_notifier calls must be posted onto that thread.

#include <array>
#include <chrono>
#include <compare>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "meridian/common/clock.hpp"
#include "meridian/common/strong_id.hpp"
#include "meridian/n4/endpoint.hpp"
#include "meridian/n4/transactions.hpp"
#include "meridian/pfcp/messages.hpp"
#include "meridian/upf/async_session_installer.hpp"
#include "meridian/upf/datapath.hpp"
#include "meridian/upf/n4_config.hpp"

namespace meridian::upf {

/// A PFCP peer's UDP address (IPv4): the n4 module's, shared with the SMF's N4 client.
using n4_endpoint = meridian::n4::endpoint;
using meridian::n4::to_string;

/// Where the node's datagrams go out (the UDP socket, or a test's recorder):
/// the transaction layer's sender.
using n4_sender = meridian::n4::datagram_sender;

/// Allocates the local TEIDs of F-TEIDs that the CP function asked the UPF to
/// CHOOSE (TS 29.244 §5.5.3). The data path may supply its own, e.g. to put a
/// worker index into the TEID so that a packet's TEID names its worker.
class teid_allocator {
 public:
  virtual ~teid_allocator() = default;
  /// A TEID not in use, for a PDR of session `session`; nothing when none is left.
  virtual std::optional<teid> allocate(seid session) = 0;
  /// `t` is no longer in use.
  virtual void release(teid t) = 0;
};

/// The default: TEIDs 1, 2, 3, ... with released ones reused first.
class sequential_teid_allocator final : public teid_allocator {
 public:
  std::optional<teid> allocate(seid session) override;
  void release(teid t) override;

 private:
  std::uint32_t next_ = 1;
  std::vector<std::uint32_t> free_{};
};

/// What the node counted; everything dropped or refused is here (the
/// transaction layer's counts included, under the names they had before it).
struct n4_counters {
  std::uint64_t received_ = 0;
  std::uint64_t sent_ = 0;
  std::uint64_t dropped_undecodable_header_ = 0;  ///< too short for a PFCP header
  std::uint64_t dropped_unknown_type_ = 0;        ///< a message type we do not know
  std::uint64_t dropped_malformed_ = 0;           ///< bad message that gets no answer (a response, a heartbeat)
  std::uint64_t dropped_unexpected_ = 0;          ///< a valid message a UPF does not expect (or a stale response)
  std::uint64_t version_not_supported_ = 0;       ///< answered with Version Not Supported Response
  std::uint64_t rejected_malformed_ = 0;          ///< answered with a Cause from the decoder (§7.6)
  std::uint64_t rejected_overload_ = 0;           ///< answered with Cause 74: requests_in_progress_limit_ reached
  std::uint64_t retransmissions_answered_ = 0;    ///< answered from the response cache
  std::uint64_t retransmissions_in_progress_ = 0; ///< retransmitted requests not answered yet: dropped (also in dropped_unexpected_)
  std::uint64_t requests_retransmitted_ = 0;      ///< our requests sent again after T1
  std::uint64_t requests_timed_out_ = 0;          ///< our requests unanswered after N1 retransmissions
  std::uint64_t no_association_ = 0;              ///< session requests refused: no PFCP association
  std::uint64_t session_not_found_ = 0;
  std::uint64_t rule_failures_ = 0;
  std::uint64_t peer_restarts_ = 0;  ///< a peer's Recovery Time Stamp changed
  std::uint64_t heartbeat_failures_ = 0;
  std::uint64_t sessions_established_ = 0;
  std::uint64_t sessions_modified_ = 0;
  std::uint64_t sessions_deleted_ = 0;
  std::uint64_t session_requests_queued_ = 0;  ///< waited for the data path's answer to the session's previous one
  std::uint64_t reports_sent_ = 0;
  std::uint64_t error_indications_unmatched_ = 0;  ///< named a tunnel no session forwards into
};

class n4_node final : public datapath_notifier {
 public:
  /// `installer`, `sender` and `clk` must outlive the node; its completions
  /// must run on the node's thread, and may run after the node is gone (they
  /// then do nothing). Without an allocator the node uses a
  /// sequential_teid_allocator.
  n4_node(n4_config cfg, async_session_installer& installer, n4_sender& sender, const clock& clk,
          std::unique_ptr<teid_allocator> allocator = nullptr);
  ~n4_node() override;
  n4_node(const n4_node&) = delete;
  n4_node& operator=(const n4_node&) = delete;

  /// Starts the UPF-initiated Association Setup towards each configured SMF.
  void start();

  /// One received UDP payload from `from`. Never throws on bad input.
  void on_datagram(const n4_endpoint& from, std::span<const std::uint8_t> datagram);

  /// Runs what is due (retransmissions, heartbeats, cache expiry).
  void on_timer();
  /// When on_timer() next has something to do.
  std::optional<clock::time_point> next_deadline() const;

  /// UPF-initiated Association Setup Request towards `peer` (TS 29.244 §6.2.6.2),
  /// retried every association_retry_interval until it succeeds.
  void setup_association(const n4_endpoint& peer);
  /// Association Update Request towards an associated peer (§6.2.7.2); with
  /// `request_release` it carries PFCP Association Release Request (SARR), the
  /// UP function's way to ask the CP function to release the association.
  bool update_association(const n4_endpoint& peer, bool request_release = false);

  // datapath_notifier: Session Report Requests towards the session's CP function.
  void on_downlink_data(seid session, pdr_id pdr) override;
  void on_usage_threshold(seid session, std::vector<urr_usage> usage) override;
  void on_error_indication(remote_f_teid tunnel) override;

  const n4_counters& counters() const noexcept;
  std::size_t session_count() const noexcept;
  bool associated(const n4_endpoint& peer) const;
  /// Recovery Time Stamp we send (seconds since 1900, TS 29.244 §8.2.65).
  std::uint32_t recovery_time_stamp() const noexcept;

  struct impl;

 private:
  std::unique_ptr<impl> impl_;
};

/// Seconds since 1900-01-01 (NTP era 0) of `t`, as PFCP time stamps count.
std::uint32_t ntp_seconds(clock::wall_time t) noexcept;

}  // namespace meridian::upf
