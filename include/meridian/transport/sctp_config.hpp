#pragma once
// Configuration of the SCTP association layer (NGAP on N2). Every option has a
// working default, so `sctp: {}` — or no section at all — gives kernel SCTP where
// the kernel has it and userspace SCTP (usrsctp over raw IP) where it does not.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace meridian::config {
class section;
}

namespace meridian::transport {

/// Which SCTP implementation carries the associations.
enum class sctp_backend_kind : std::uint8_t {
  automatic,  ///< "auto": the kernel if it can create an SCTP socket, usrsctp otherwise
  kernel,     ///< the kernel's SCTP socket API (one-to-one style sockets)
  usrsctp,    ///< userspace SCTP (libusrsctp) over raw IP or UDP
};

/// How usrsctp puts SCTP packets on the wire.
enum class sctp_encapsulation : std::uint8_t {
  none,  ///< raw IP, protocol 132: real SCTP that any peer and tshark understand (needs CAP_NET_RAW)
  udp,   ///< SCTP in UDP (RFC 6951), for hosts where raw sockets are not allowed
};

std::string_view to_string(sctp_backend_kind k) noexcept;
std::string_view to_string(sctp_encapsulation e) noexcept;
std::optional<sctp_backend_kind> parse_sctp_backend(std::string_view s) noexcept;
std::optional<sctp_encapsulation> parse_sctp_encapsulation(std::string_view s) noexcept;

struct sctp_config {
  sctp_backend_kind backend = sctp_backend_kind::automatic;
  sctp_encapsulation encapsulation = sctp_encapsulation::none;
  /// Local UDP port of the encapsulation (RFC 6951 registers 9899). usrsctp is
  /// one stack per process, so every association of a process shares it.
  std::uint16_t udp_encapsulation_port = 9899;
  /// The peer's encapsulation port; 0 means the same as udp_encapsulation_port.
  std::uint16_t remote_udp_encapsulation_port = 0;

  /// Streams requested in INIT (TS 38.412: NGAP uses stream 0 for non-UE
  /// signalling and at least one more for UE-associated signalling).
  std::uint16_t out_streams = 2;
  std::uint16_t in_streams = 2;

  /// The association's own send queue, in front of the stack's send buffer.
  /// When either limit is reached send() answers would_block instead of growing.
  std::size_t send_queue_messages = 1024;
  std::size_t send_queue_bytes = 4 * 1024 * 1024;
  /// SO_SNDBUF of each socket; 0 keeps the stack's default.
  std::uint32_t send_buffer_bytes = 0;

  /// Retransmission timers (RFC 9260 §15); 0 keeps the stack's default.
  std::uint32_t rto_initial_ms = 0;
  std::uint32_t rto_min_ms = 0;
  std::uint32_t rto_max_ms = 0;
  /// INIT retransmissions before the association attempt fails; 0 = default.
  std::uint16_t max_init_attempts = 0;
  /// Retransmissions (of DATA or HEARTBEAT) before the peer is declared
  /// unreachable and the association goes down (communication_lost); sets
  /// both the association and the path limit. 0 keeps the stack's default (10 / 5).
  std::uint16_t max_retransmissions = 0;
  /// HEARTBEAT interval; 0 keeps the stack's default (30 s).
  std::uint32_t heartbeat_interval_ms = 0;
  /// Disable Nagle-like bundling delay (SCTP_NODELAY): signalling wants latency.
  bool nodelay = true;

  /// The peer's encapsulation port after defaulting.
  std::uint16_t effective_remote_udp_port() const noexcept {
    return remote_udp_encapsulation_port != 0 ? remote_udp_encapsulation_port : udp_encapsulation_port;
  }
};

/// Reads an `sctp:` section over the defaults in `cfg`. Unknown keys, unknown
/// enum names, out-of-range numbers and contradictory settings (kernel backend
/// with UDP encapsulation, zero streams) raise config::config_error.
void read_sctp_config(config::section s, sctp_config& cfg);

}  // namespace meridian::transport
