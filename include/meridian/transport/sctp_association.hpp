#pragma once
// One SCTP association, whichever stack carries it. All calls and all
// notifications happen on the io_context the association was created with: no
// thread per association, no locks needed by the user.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include <asio/ip/address.hpp>

#include "meridian/transport/sctp_error.hpp"

namespace meridian::transport {

class sctp_pcap_mirror;

/// NGAP's registered SCTP port and payload protocol identifier (TS 38.412 §7).
inline constexpr std::uint16_t ngap_sctp_port = 38412;
inline constexpr std::uint32_t ngap_ppid = 60;

struct sctp_endpoint {
  asio::ip::address address;
  std::uint16_t port = 0;

  /// "127.0.0.1:38412"
  std::string to_string() const;
  bool operator==(const sctp_endpoint&) const = default;
};

/// A received user message. `bytes` is valid only during the notifier call;
/// copy what must be kept.
struct sctp_message {
  std::uint16_t stream = 0;
  std::uint32_t ppid = 0;
  std::span<const std::uint8_t> bytes;
};

enum class sctp_state : std::uint8_t {
  connecting,     ///< INIT sent, not yet up
  up,             ///< established: send() works
  shutting_down,  ///< the peer started SHUTDOWN; no new data from it
  down,           ///< ended (peer shutdown, abort, loss, failed attempt or close())
};

/// Why an association went down.
enum class sctp_down_reason : std::uint8_t {
  peer_shutdown,       ///< graceful SHUTDOWN completed
  communication_lost,  ///< ABORT received or retransmissions exhausted
  cannot_start,        ///< the association attempt failed (no answer, ABORT to INIT)
  local_close,         ///< close() on this side
};

std::string_view to_string(sctp_state s) noexcept;
std::string_view to_string(sctp_down_reason r) noexcept;

struct sctp_counters {
  std::uint64_t messages_sent = 0;  ///< handed to the stack
  std::uint64_t bytes_sent = 0;
  std::uint64_t messages_received = 0;
  std::uint64_t bytes_received = 0;
  std::uint64_t sends_rejected_queue_full = 0;  ///< send() answered would_block
  std::uint64_t send_errors = 0;                ///< the stack refused a message
  std::uint64_t messages_queued = 0;            ///< went through the send queue
  std::uint64_t messages_reassembled = 0;       ///< arrived from the stack in pieces
  std::uint64_t notifications = 0;
  std::uint64_t malformed_notifications = 0;  ///< too short to parse: ignored
};

class sctp_association;

/// The layer above (NGAP) implements this; every call arrives on the
/// association's io_context. The notifier must outlive the associations it serves.
class sctp_association_notifier {
 public:
  virtual ~sctp_association_notifier() = default;
  /// The association is established. Keep `a` to send on it; the layer itself
  /// keeps it only until it goes down.
  virtual void on_association_up(const std::shared_ptr<sctp_association>& a) = 0;
  virtual void on_message(sctp_association& a, const sctp_message& m) = 0;
  /// Called once per association, unless close() was called first.
  virtual void on_association_down(sctp_association& a, sctp_down_reason why) = 0;
  /// The peer restarted (RFC 9260 §5.2.4): its state is gone, the association lives on.
  virtual void on_association_restart(sctp_association& /*a*/) {}
  /// The peer sent SHUTDOWN: it sends no more; down follows.
  virtual void on_peer_shutdown(sctp_association& /*a*/) {}
  /// Space again after send() answered would_block.
  virtual void on_send_ready(sctp_association& /*a*/) {}
};

class sctp_association {
 public:
  virtual ~sctp_association() = default;

  /// Queues one message. Copies `bytes` only when the stack cannot take it at
  /// once. Errors: would_block (queue full, on_send_ready follows),
  /// not_connected, invalid_stream, message_too_large.
  virtual sctp_result<void> send(std::uint16_t stream, std::uint32_t ppid, std::span<const std::uint8_t> bytes) = 0;

  /// Graceful SHUTDOWN (queued data is still delivered by the stack); no
  /// notification follows. Idempotent.
  virtual void close() = 0;
  /// ABORT at once; queued data is dropped. No notification follows.
  virtual void abort() = 0;

  virtual sctp_state state() const noexcept = 0;
  /// A process-unique number for logs.
  virtual std::uint64_t id() const noexcept = 0;
  virtual sctp_endpoint local_endpoint() const = 0;
  virtual sctp_endpoint remote_endpoint() const = 0;
  /// Negotiated stream counts (0 until up).
  virtual std::uint16_t outbound_streams() const noexcept = 0;
  virtual std::uint16_t inbound_streams() const noexcept = 0;
  /// Messages and bytes waiting in this association's own send queue.
  virtual std::size_t queued_messages() const noexcept = 0;
  virtual std::size_t queued_bytes() const noexcept = 0;
  virtual const sctp_counters& counters() const noexcept = 0;
  /// "usrsctp/raw", "usrsctp/udp" or "kernel".
  virtual std::string_view backend_name() const noexcept = 0;

  /// Mirrors every DATA message sent and received from now on to `mirror`
  /// (nullptr stops mirroring).
  virtual void set_pcap_mirror(std::shared_ptr<sctp_pcap_mirror> mirror) = 0;
};

}  // namespace meridian::transport
