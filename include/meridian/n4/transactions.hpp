#pragma once
// The PFCP transaction layer (TS 29.244 §6.4 reliable delivery, §7.6 error
// handling), the one copy shared by the UPF's N4 node (upf/n4_node.hpp) and
// the SMF's N4 client (n4_peer/client.hpp):
//
// - requests get a 24-bit sequence number, are kept in a table of pending
//   requests, retransmitted after T1 and given up after N1 retransmissions;
// - a response is matched to its request by sequence number, peer and message
//   type; one matching nothing, or a request given up, is dropped and counted;
// - a request received twice is answered from the cached response and not
//   handed up again (§6.4: "the same response ... without processing");
// - a request handed up stays "in progress" until it is answered (respond())
//   or dropped (ignore()), however long that takes: neither the cache time nor
//   the cache size evicts it, so a slow answer still finds its request and a
//   retransmission meanwhile is never handed up a second time. What bounds
//   them is requests_in_progress_limit_: beyond it a new request is refused
//   through request_handler::on_overload (the protocol's answer, Cause "PFCP
//   entity in congestion");
// - what is not PFCP version 1, has an unreadable header or an unknown type is
//   handled here (§7.2.2.1: Version Not Supported Response), the rest goes up.
//
// Socket-free and clock-injected, like the rest of the N4 code: datagrams and
// the peer's address come in through on_datagram(), datagrams leave through a
// datagram_sender, time comes from the clock, and the owner calls on_timer()
// at next_deadline(). One thread: none of it is synchronised.
//
// Completions. send_request() takes a completion that is called exactly once:
// with the response, or with a transaction_error (timeout after N1, encode
// failure — then before send_request() returns —, or cancel_all()). That makes
// an awaitable wrapper a thin layer on top, without touching this class: the
// `runtime` module's awaiter for `co_await async_request(tx, peer, seid, body)`
// passes a completion that stores the transaction_result and resumes the
// coroutine handle (posted onto the caller's strand), and cancels the request
// by sequence number (cancel()) when the coroutine is destroyed first.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "meridian/common/clock.hpp"
#include "meridian/common/strong_id.hpp"
#include "meridian/n4/endpoint.hpp"
#include "meridian/pfcp/messages.hpp"

namespace spdlog {
class logger;
}

namespace meridian::n4 {

/// Where the layer's datagrams go out (a UDP socket, or a test's recorder).
class datagram_sender {
 public:
  virtual ~datagram_sender() = default;
  virtual void send(const endpoint& to, std::span<const std::uint8_t> datagram) = 0;
};

/// TS 29.244 §6.4: T1, N1, and how long answers are kept for retransmitted requests.
struct transaction_config {
  /// T1: time to wait for a response before retransmitting a request.
  std::chrono::milliseconds t1_{3000};
  /// N1: retransmissions of a request before giving up.
  unsigned n1_ = 3;
  /// How long a response is kept to answer a retransmitted request; must
  /// cover the peer's T1 × (N1 + 1). Counted from the answer, not the request.
  std::chrono::milliseconds response_cache_time_{20000};
  /// At most this many cached responses (the oldest go first); 0: no limit
  /// but the time. Requests in progress are not in the cache.
  std::size_t response_cache_limit_ = 0;
  /// At most this many received requests in progress (handed up, not yet
  /// answered or dropped); one more is refused (on_overload). 0: no limit.
  std::size_t requests_in_progress_limit_ = 0;
  /// The sequence number of the first request (then +1 modulo 2^24).
  std::uint32_t first_sequence_number_ = 1;
  /// The logger that names what is dropped at this boundary.
  std::string logger_ = "n4";
};

enum class transaction_errc : std::uint8_t {
  timeout,                ///< no response after N1 retransmissions
  encode_failed,          ///< the request could not be encoded
  version_not_supported,  ///< the peer answered Version Not Supported (§7.4.4.7)
  cancelled,              ///< cancel_all(): the owner stopped
};

struct transaction_error {
  transaction_errc code_ = transaction_errc::timeout;
  std::string message() const;
  bool operator==(const transaction_error&) const = default;
};

using transaction_result = std::expected<pfcp::message, transaction_error>;
/// Called exactly once per request (see the file comment).
using completion = std::function<void(transaction_result)>;

/// What the layer hands up: requests seen for the first time.
class request_handler {
 public:
  virtual ~request_handler() = default;
  /// A decoded request, not a retransmission of one already answered. Answer
  /// it with transactions::respond() (now or later), or drop it with
  /// transactions::ignore(); until then it is in progress and a
  /// retransmission of it is dropped and counted.
  virtual void on_request(const endpoint& from, const pfcp::message& request) = 0;
  /// A PFCP version 1 request whose header decoded but whose body did not
  /// (§7.6); `f` carries the Cause and Offending IE to answer with through
  /// respond(), or the handler drops it.
  virtual void on_malformed_request(const endpoint& from, const pfcp::decode_failure& f) = 0;
  /// A new request while requests_in_progress_limit_ are in progress: not
  /// handed up. The handler may answer it through respond() with the Cause
  /// "PFCP entity in congestion" (§8.2.1, cause 74) where the message has a
  /// Cause; by default it is dropped (counted as requests_refused_).
  virtual void on_overload(const endpoint& from, const pfcp::message& request);
};

/// Everything the layer dropped, answered itself or retried.
struct transaction_counters {
  std::uint64_t received_ = 0;
  std::uint64_t sent_ = 0;                        ///< every datagram, retransmissions included
  std::uint64_t dropped_undecodable_header_ = 0;  ///< too short for a PFCP header
  std::uint64_t dropped_unknown_type_ = 0;        ///< a message type we do not know
  std::uint64_t dropped_malformed_ = 0;           ///< a bad response; a request with the wrong S flag
  std::uint64_t version_not_supported_ = 0;       ///< answered with Version Not Supported Response
  std::uint64_t duplicates_answered_ = 0;         ///< requests answered from the response cache
  std::uint64_t duplicates_in_progress_ = 0;      ///< retransmitted requests not answered yet: dropped
  std::uint64_t duplicates_ignored_ = 0;          ///< retransmitted requests the handler dropped: dropped
  std::uint64_t requests_refused_ = 0;            ///< new requests beyond requests_in_progress_limit_
  std::uint64_t requests_sent_ = 0;               ///< requests sent the first time
  std::uint64_t requests_retransmitted_ = 0;      ///< our requests sent again after T1
  std::uint64_t requests_timed_out_ = 0;          ///< our requests unanswered after N1 retransmissions
  std::uint64_t responses_unmatched_ = 0;         ///< answering no request of ours
  std::uint64_t responses_late_ = 0;              ///< answering a request we had given up
};

/// The transaction layer of one PFCP entity (one local address).
class transactions {
 public:
  /// `sender`, `clk` and `handler` must outlive the layer.
  transactions(transaction_config cfg, datagram_sender& sender, const clock& clk, request_handler& handler);
  ~transactions();
  transactions(const transactions&) = delete;
  transactions& operator=(const transactions&) = delete;

  /// Sends a request with the next sequence number (the header's sequence
  /// number is ours to set); `done` gets the response or the error. The
  /// sequence number used, or nothing when the request could not be encoded
  /// (`done` has been called then).
  std::optional<std::uint32_t> send_request(const endpoint& to, std::optional<seid> header_seid,
                                            pfcp::message_body body, completion done);

  /// Sends the response to `request` (its sequence number, `header_seid` in
  /// the header) and keeps it to answer a retransmission of the request; the
  /// request is no longer in progress.
  void respond(const endpoint& to, const pfcp::header& request, std::optional<seid> header_seid,
               pfcp::message_body body);
  /// The handler drops `request` from `from` without an answer: it is no
  /// longer in progress, and a retransmission within the cache time is
  /// dropped too (counted) rather than handed up again.
  void ignore(const endpoint& from, const pfcp::header& request);

  /// One received UDP payload. Never throws on bad input.
  void on_datagram(const endpoint& from, std::span<const std::uint8_t> datagram);

  /// Retransmits and gives up what is due, and forgets expired responses.
  void on_timer();
  /// When on_timer() next has something to do.
  std::optional<clock::time_point> next_deadline() const;

  /// Forgets the pending request `sequence` without calling its completion.
  bool cancel(std::uint32_t sequence);
  /// Completes every pending request with transaction_errc::cancelled.
  void cancel_all();

  /// Requests sent and not yet answered or given up.
  std::size_t outstanding() const noexcept;
  /// Requests received, handed up and not yet answered or dropped.
  std::size_t requests_in_progress() const noexcept;
  const transaction_counters& counters() const noexcept;

 private:
  struct pending_request {
    endpoint peer_{};
    std::vector<std::uint8_t> bytes_{};
    std::uint8_t type_ = 0;
    unsigned retransmissions_ = 0;
    clock::time_point deadline_{};
    completion done_{};
  };
  /// A request received from `peer_` with `sequence_`, answered or in progress.
  struct request_key {
    endpoint peer_{};
    std::uint32_t sequence_ = 0;
    bool operator==(const request_key&) const = default;
  };
  struct request_key_hash {
    std::size_t operator()(const request_key& k) const noexcept;
  };
  struct cached_response {
    std::vector<std::uint8_t> bytes_{};  ///< empty: the handler dropped the request (ignore())
    clock::time_point expires_{};
  };

  void send(const endpoint& to, std::span<const std::uint8_t> bytes);
  void on_request(const endpoint& from, const pfcp::message& m);
  void on_response(const endpoint& from, pfcp::message m);
  void on_decode_failure(const endpoint& from, const pfcp::decode_failure& f);
  bool answered_from_cache(const endpoint& from, std::uint32_t sequence);
  void finish(const request_key& key, std::vector<std::uint8_t> bytes);
  void send_version_not_supported(const endpoint& to, const pfcp::header& request);
  std::uint32_t next_sequence();

  transaction_config cfg_;
  datagram_sender& sender_;
  const clock& clock_;
  request_handler& handler_;
  std::shared_ptr<spdlog::logger> log_;
  transaction_counters counters_{};

  std::uint32_t sequence_;
  std::unordered_map<std::uint32_t, pending_request> pending_;
  /// (deadline, sequence) in deadline order: T1 is fixed, so appending keeps the order.
  std::deque<std::pair<clock::time_point, std::uint32_t>> retransmit_order_;
  /// Requests given up, kept for the cache time to tell a late answer from a stray one.
  std::unordered_map<request_key, clock::time_point, request_key_hash> given_up_;
  std::deque<std::pair<clock::time_point, request_key>> given_up_order_;

  /// Requests handed up and not answered yet: apart from the cache, so that
  /// neither its time nor its size limit can evict one.
  std::unordered_set<request_key, request_key_hash> in_progress_;
  /// Answered (or dropped) requests, for the cache time.
  std::unordered_map<request_key, cached_response, request_key_hash> cache_;
  std::deque<std::pair<clock::time_point, request_key>> cache_order_;
};

/// True for the request message types of TS 29.244 Table 7.3-1.
bool is_request(std::uint8_t message_type) noexcept;
/// True for the session-related messages (§7.3: types 50 and up), whose header has the SEID.
bool is_session_message(std::uint8_t message_type) noexcept;

}  // namespace meridian::n4
