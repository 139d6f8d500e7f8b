#pragma once
// The SMF's n4_port over the pipelined PFCP client (`n4_peer::client`): each
// call registers in a pending_requests table, sends through the client, and
// the client's response callback completes the table entry, so the calling
// procedure resumes with the response (or an error) on the client's
// io_context thread. The first session call sets up the PFCP association
// (TS 29.244 §6.2.6) when none exists yet, and an association the UPF sets
// up itself is taken as it is.

#include <chrono>
#include <memory>

#include "meridian/n4_peer/client.hpp"
#include "meridian/runtime/timer_service.hpp"
#include "meridian/smf/n4_port.hpp"

namespace meridian::smf {

struct n4_client_port_config {
  /// The UPF's PFCP address.
  n4_peer::endpoint upf_{{127, 0, 0, 1}, 8805};
  /// How long a call waits for its answer. The client gives up by itself
  /// after T1 × (N1 + 1); this is the backstop should it not answer at all.
  std::chrono::milliseconds answer_timeout_{15000};
};

/// `client` and `timers` outlive the port and run on one thread (the SMF's).
/// The port takes the client's on_node_request handler.
std::unique_ptr<n4_port> make_n4_client_port(n4_peer::client& client, runtime::timer_service& timers,
                                             n4_client_port_config cfg);

}  // namespace meridian::smf
