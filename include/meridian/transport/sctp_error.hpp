#pragma once
// Errors of the SCTP layer are values: nothing from the network throws.

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace meridian::transport {

enum class sctp_errc : std::uint8_t {
  would_block,          ///< the send queue is full: wait for on_send_ready()
  not_connected,        ///< the association is not (yet, or any more) up
  invalid_stream,       ///< stream id beyond the negotiated outbound streams
  message_too_large,    ///< larger than the whole send queue could ever hold
  backend_unavailable,  ///< the chosen SCTP implementation cannot be used here
  address_error,        ///< an address the stack cannot bind or reach
  socket_error,         ///< the stack refused an operation (see sys_errno)
};

std::string_view to_string(sctp_errc code) noexcept;

struct sctp_error {
  sctp_errc code = sctp_errc::socket_error;
  int sys_errno = 0;        ///< errno from the stack, 0 when none
  std::string detail = {};  ///< what was being done ("bind 127.0.0.1:38412")

  /// "socket_error: bind 127.0.0.1:38412: Address already in use"
  std::string message() const;
};

template <class T>
using sctp_result = std::expected<T, sctp_error>;

}  // namespace meridian::transport
