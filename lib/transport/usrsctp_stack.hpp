#pragma once
// usrsctp is one SCTP stack per process with its own threads. This file owns
// that global: initialisation on first use (reference counted, usrsctp_finish
// after the last user), the sysctls every user needs, and the table that routes
// the stack's callbacks (which run on usrsctp's threads) to the io_context that
// owns each socket.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/post.hpp>

#include "meridian/transport/sctp_config.hpp"
#include "meridian/transport/sctp_error.hpp"

#include <usrsctp.h>

namespace meridian::transport::detail {

/// A buffer malloc'ed by usrsctp and handed to us by the receive callback.
struct malloc_deleter {
  void operator()(void* p) const noexcept { std::free(p); }
};
using malloc_buffer = std::unique_ptr<std::uint8_t, malloc_deleter>;

/// One thing the stack told us about a socket, carried to its io_context.
struct usrsctp_event {
  enum class kind : std::uint8_t {
    data,          ///< a user message or a fragment of one (no end-of-record flag)
    notification,  ///< an SCTP_EVENT notification (MSG_NOTIFICATION)
    eof,           ///< the callback's "no more data" (data == NULL)
    send_space,    ///< the send buffer has room again
  };
  kind what = kind::data;
  malloc_buffer data;  ///< the stack's own buffer: moved, never copied
  std::size_t length = 0;
  std::uint16_t stream = 0;
  std::uint16_t ssn = 0;
  std::uint32_t ppid = 0;  ///< host byte order
  std::uint32_t tsn = 0;
  sctp_assoc_t assoc_id = 0;  ///< data on a one-to-many socket: whose it is
  bool end_of_record = true;
};

/// Implemented by the association and server objects; runs on their io_context.
class usrsctp_event_sink {
 public:
  virtual ~usrsctp_event_sink() = default;
  virtual void on_usrsctp_event(usrsctp_event ev) = 0;
};

/// The routing entry of one usrsctp socket. Events that come before the owner
/// attaches are buffered here (bounded).
class usrsctp_socket_ctx {
 public:
  /// Posts `ev` to the owner, buffers it before attach, drops it when detached.
  void dispatch(usrsctp_event ev);
  /// Binds the entry to its owner and hands over what was buffered, in order.
  void attach(asio::io_context& io, std::weak_ptr<usrsctp_event_sink> sink);
  /// No event reaches the owner after this returns.
  void detach();

  /// Set when the owner has queued data: the stack's send callback then posts
  /// one send_space event. Cleared by that post, so SACKs do not flood the loop.
  std::atomic<bool> wants_send_space{false};

 private:
  std::mutex mutex_;
  asio::io_context* io_ = nullptr;
  std::weak_ptr<usrsctp_event_sink> sink_;
  std::vector<usrsctp_event> pending_;
  bool detached_ = false;
};

class usrsctp_stack {
 public:
  /// Initialises the process's stack, or shares the running one. Fails when
  /// the running stack's UDP encapsulation port cannot serve `cfg`, or when raw
  /// IP is asked for without the privilege to open raw sockets.
  static sctp_result<std::shared_ptr<usrsctp_stack>> acquire(const sctp_config& cfg);
  ~usrsctp_stack();
  usrsctp_stack(const usrsctp_stack&) = delete;
  usrsctp_stack& operator=(const usrsctp_stack&) = delete;

  std::uint16_t udp_port() const noexcept { return udp_port_; }

  /// The socket-creating helpers below pass these to usrsctp_socket().
  static int receive_callback(struct socket* sock, union sctp_sockstore addr, void* data, std::size_t datalen,
                              struct sctp_rcvinfo rcv, int flags, void* ulp_info);
  static int send_callback(struct socket* sock, std::uint32_t sb_free, void* ulp_info);

  /// Routing table (all thread-safe).
  static void register_socket(struct socket* sock, const std::shared_ptr<usrsctp_socket_ctx>& ctx);
  static void unregister_socket(struct socket* sock);

 private:
  static void route_received(struct socket* sock, malloc_buffer buffer, bool eof, std::size_t datalen,
                             const struct sctp_rcvinfo& rcv, int flags);
  explicit usrsctp_stack(std::uint16_t udp_port) : udp_port_(udp_port) {}
  std::uint16_t udp_port_;
};

}  // namespace meridian::transport::detail
