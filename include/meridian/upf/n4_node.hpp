#pragma once
// The UPF's PFCP node on N4 (TS 29.244): associations with CP functions,
// heartbeats, and the session procedures that install rules in the data path
// through a session_installer. Socket-free: datagrams come in through
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
#include "meridian/pfcp/messages.hpp"
#include "meridian/upf/datapath.hpp"
#include "meridian/upf/n4_config.hpp"

namespace meridian::upf {

/// A PFCP peer's UDP address (IPv4).
struct n4_endpoint {
  std::array<std::uint8_t, 4> address_{};
  std::uint16_t port_ = pfcp::udp_port;
  auto operator<=>(const n4_endpoint&) const = default;
};

std::string to_string(const n4_endpoint& e);

/// Where the node's datagrams go out (the UDP socket, or a test's recorder).
class n4_sender {
 public:
  virtual ~n4_sender() = default;
  virtual void send(const n4_endpoint& to, std::span<const std::uint8_t> datagram) = 0;
};

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

/// What the node counted; everything dropped or refused is here.
struct n4_counters {
  std::uint64_t received_ = 0;
  std::uint64_t sent_ = 0;
  std::uint64_t dropped_undecodable_header_ = 0;  ///< too short for a PFCP header
  std::uint64_t dropped_unknown_type_ = 0;        ///< a message type we do not know
  std::uint64_t dropped_malformed_ = 0;           ///< bad message that gets no answer (a response, a heartbeat)
  std::uint64_t dropped_unexpected_ = 0;          ///< a valid message a UPF does not expect (or a stale response)
  std::uint64_t version_not_supported_ = 0;       ///< answered with Version Not Supported Response
  std::uint64_t rejected_malformed_ = 0;          ///< answered with a Cause from the decoder (§7.6)
  std::uint64_t retransmissions_answered_ = 0;    ///< answered from the response cache
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
  std::uint64_t reports_sent_ = 0;
  std::uint64_t error_indications_unmatched_ = 0;  ///< named a tunnel no session forwards into
};

class n4_node final : public datapath_notifier {
 public:
  /// `installer`, `sender` and `clk` must outlive the node. Without an
  /// allocator the node uses a sequential_teid_allocator.
  n4_node(n4_config cfg, session_installer& installer, n4_sender& sender, const clock& clk,
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
