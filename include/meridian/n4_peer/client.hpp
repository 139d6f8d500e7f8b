#pragma once
// The SMF's N4 client (and the test SMF that `meridian bench upf` and the
// tests use): the CP function's side of N4 (TS 29.244), a PFCP entity on a UDP
// socket in an Asio io_context that sets up associations with UPFs, answers
// their heartbeats and association requests, runs the session procedures with
// response callbacks, and receives Session Report Requests.
//
// Requests are pipelined: any number may be outstanding. Sequence numbers,
// T1/N1 retransmission, matching responses to requests and answering a UPF's
// retransmitted requests from the cache are the n4 module's transaction layer
// (meridian/n4/transactions.hpp), the same one the UPF's N4 node runs on; this
// class adds the socket, the timer and the CP function's procedures.
// call() is the synchronous form for tests and tools: it runs the
// io_context until the answer arrives or the timeout passes, so it must not be
// called from inside that io_context's handlers.

#include <array>
#include <chrono>
#include <compare>
#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <asio/io_context.hpp>

#include "meridian/common/clock.hpp"
#include "meridian/common/strong_id.hpp"
#include "meridian/n4/endpoint.hpp"
#include "meridian/pfcp/messages.hpp"

namespace meridian::n4_peer {

/// A PFCP peer's UDP address (IPv4): the n4 module's, shared with the UPF's N4 node.
using endpoint = meridian::n4::endpoint;
using meridian::n4::to_string;

struct client_config {
  /// Local address and port (0: the kernel chooses).
  std::array<std::uint8_t, 4> bind_address_{127, 0, 0, 1};
  std::uint16_t port_ = 0;
  /// Node ID (IPv4) we announce; the bind address when left at 0.0.0.0.
  std::array<std::uint8_t, 4> node_id_{0, 0, 0, 0};
  /// T1 and N1 (§6.4): wait for a response, retransmissions before giving up.
  std::chrono::milliseconds t1_{3000};
  unsigned n1_ = 3;
  /// Responses kept to answer a peer's retransmitted request: at most this
  /// many, each for at most response_cache_time_ (the UPF's T1 × (N1 + 1)).
  std::size_t response_cache_size_ = 4096;
  std::chrono::milliseconds response_cache_time_{20000};
  /// TS 29.244 §8.2.118: Source Interface Type and Destination Interface Type
  /// in the rules of establish() and modify() (interface_types.hpp); optional
  /// IEs, which false leaves out.
  bool send_interface_types_ = true;
  /// Socket buffer sizes (0: the system's default); large ones let a benchmark
  /// keep many requests in flight.
  int socket_buffer_bytes_ = 4 << 20;
};

enum class request_errc : std::uint8_t {
  timeout,                ///< no response after N1 retransmissions (or call()'s timeout)
  encode_failed,          ///< the request could not be encoded
  stopped,                ///< the client was stopped or destroyed first
  version_not_supported,  ///< the UPF answered Version Not Supported (TS 29.244 §7.4.4.7)
};

struct request_error {
  request_errc code_ = request_errc::timeout;
  std::string message() const;
};

using response = std::expected<pfcp::message, request_error>;
using response_handler = std::function<void(response)>;

/// Answers a Session Report Request: the body of the Session Report Response.
/// The client puts the UPF's SEID in its header (learnt from the Session
/// Establishment Response of that session).
using report_handler = std::function<pfcp::session_report_response(const endpoint& from, const pfcp::header& h,
                                                                   const pfcp::session_report_request& report)>;

struct client_counters {
  std::uint64_t sent_ = 0;
  std::uint64_t received_ = 0;
  std::uint64_t retransmissions_ = 0;
  std::uint64_t timeouts_ = 0;
  std::uint64_t dropped_malformed_ = 0;   ///< undecodable, unknown type, bad response, bad request
  std::uint64_t dropped_unexpected_ = 0;  ///< a response to nothing outstanding (or given up), an unexpected request
  std::uint64_t reports_received_ = 0;
  std::uint64_t heartbeats_answered_ = 0;
  std::uint64_t retransmissions_answered_ = 0;
};

class client {
 public:
  /// Binds the socket and starts receiving. Timers run on `clk` (which
  /// outlives the client); without one, on the machine's clocks.
  static std::expected<std::unique_ptr<client>, std::string> create(asio::io_context& io, client_config cfg,
                                                                    const clock* clk = nullptr);
  ~client();
  client(const client&) = delete;
  client& operator=(const client&) = delete;

  endpoint local_endpoint() const;
  const pfcp::node_id& node_id() const noexcept;
  /// Our Recovery Time Stamp (seconds since 1900); a test may change it to
  /// play a CP function that restarted.
  std::uint32_t recovery_time_stamp() const noexcept;
  void set_recovery_time_stamp(std::uint32_t t) noexcept;

  /// Sends any request; `handler` gets its response or the error.
  void request(const endpoint& upf, std::optional<seid> header_seid, pfcp::message_body body, response_handler handler);

  /// Association Setup Request with our Node ID and Recovery Time Stamp.
  void associate(const endpoint& upf, response_handler handler);
  void heartbeat(const endpoint& upf, response_handler handler);
  void release_association(const endpoint& upf, response_handler handler);
  /// Session Establishment Request (header SEID 0); Node ID is filled in when
  /// left empty, and the 3GPP Interface Types when client_config says so.
  void establish(const endpoint& upf, pfcp::session_establishment_request req, response_handler handler);
  void modify(const endpoint& upf, seid up_seid, pfcp::session_modification_request req, response_handler handler);
  void remove(const endpoint& upf, seid up_seid, response_handler handler);

  /// The synchronous form of request(): runs the io_context until answered.
  response call(const endpoint& upf, std::optional<seid> header_seid, pfcp::message_body body,
                std::chrono::milliseconds timeout = std::chrono::seconds(5));

  /// Session Report Requests go to `h`; without one they are accepted when
  /// the session is known (established through this client, not deleted) and
  /// answered "Session context not found" otherwise.
  void on_session_report(report_handler h);
  /// The UPF's SEID for our CP SEID `cp`, learnt from the establishment response.
  std::optional<seid> up_seid(seid cp) const;
  /// Called for each Association Setup / Update / Release Request a UPF sends
  /// us (after it has been answered with Request accepted).
  void on_node_request(std::function<void(const endpoint&, const pfcp::message&)> h);

  std::size_t outstanding() const noexcept;
  const client_counters& counters() const noexcept;
  /// Closes the socket; outstanding requests fail with `stopped`.
  void stop();

  struct impl;

 private:
  explicit client(std::shared_ptr<impl> i);
  std::shared_ptr<impl> impl_;
};

/// Runs `io` until `done()` or `timeout` passes; false on timeout. For tests and tools.
bool run_until(asio::io_context& io, const std::function<bool()>& done, std::chrono::milliseconds timeout);

}  // namespace meridian::n4_peer
