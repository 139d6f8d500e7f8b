#pragma once
// Runs an n4_node on a UDP socket (PFCP, port 8805 by default) in an Asio
// io_context: received datagrams go to the node, the node's datagrams leave
// through the socket, and one steady_timer wakes the node at its next deadline.

#include <cstdint>
#include <expected>
#include <memory>
#include <string>

#include <asio/io_context.hpp>

#include "meridian/common/clock.hpp"
#include "meridian/upf/n4_node.hpp"

namespace meridian::upf {

class upf_capture;

class n4_server {
 public:
  /// Binds cfg.bind_address_:cfg.port_ (port 0: the kernel chooses) and starts
  /// receiving; the error says why the socket could not be bound. With a
  /// `capture` (which outlives the server) every PFCP message received and
  /// sent is written to it.
  static std::expected<std::unique_ptr<n4_server>, std::string> create(asio::io_context& io, n4_config cfg,
                                                                       async_session_installer& installer, const clock& clk,
                                                                       std::unique_ptr<teid_allocator> allocator = {},
                                                                       upf_capture* capture = nullptr);
  ~n4_server();
  n4_server(const n4_server&) = delete;
  n4_server& operator=(const n4_server&) = delete;

  n4_node& node() noexcept;
  /// What the data path reports to (calls posted onto this io_context): the
  /// node's Session Report Requests, with the retransmission timer armed.
  datapath_notifier& notifier() noexcept;
  /// The bound address and port.
  n4_endpoint local_endpoint() const;
  /// Re-arms the timer after a direct call on node() gave it work to do.
  void kick();
  /// Closes the socket; pending handlers finish with operation_aborted.
  void stop();

  struct impl;

 private:
  explicit n4_server(std::shared_ptr<impl> i);
  std::shared_ptr<impl> impl_;
};

}  // namespace meridian::upf
