#pragma once
// The SMF's side of N4 as awaitable calls (TS 29.244 §7.5.2, §7.5.4, §7.5.6):
// what the SMF core needs from a UPF, so that the core's procedures read top
// to bottom (`co_await n4_.establish(request)`) and tests stand a fake in.
//
// The request and response bodies are the pfcp codec's messages: the core
// builds the rules (pfcp_rules.cpp), the port only carries them. A port
// answers with the UPF's response whatever its Cause; an error is only what
// kept a response from arriving (no answer after the retransmissions, no
// association, the client stopped). The implementation over the pipelined
// `n4_peer::client` is in n4_client_port.hpp.

#include <cstdint>
#include <expected>
#include <string_view>

#include "meridian/common/strong_id.hpp"
#include "meridian/pfcp/messages.hpp"
#include "meridian/runtime/task.hpp"

namespace meridian::smf {

enum class n4_errc : std::uint8_t {
  no_answer,        ///< T1 × N1 passed without a response (TS 29.244 §6.4)
  no_association,   ///< no PFCP association with a UPF could be set up
  unexpected,       ///< the UPF answered with another message type
  stopped,          ///< the port was stopped, or the calling task cancelled
};
std::string_view to_string(n4_errc e) noexcept;

template <class T>
using n4_result = std::expected<T, n4_errc>;

class n4_port {
 public:
  virtual ~n4_port() = default;

  /// PFCP Session Establishment Request (header SEID 0). The request's CP F-SEID
  /// names the session for the UPF's later messages.
  virtual runtime::task<n4_result<pfcp::session_establishment_response>> establish(
      pfcp::session_establishment_request request) = 0;
  /// PFCP Session Modification Request to the UPF's SEID.
  virtual runtime::task<n4_result<pfcp::session_modification_response>> modify(
      seid up_seid, pfcp::session_modification_request request) = 0;
  /// PFCP Session Deletion Request to the UPF's SEID.
  virtual runtime::task<n4_result<pfcp::session_deletion_response>> remove(seid up_seid) = 0;
  /// The SMF's CP F-SEID address on N4 (put in every establishment).
  virtual pfcp::ipv4_address cp_address() const = 0;
};

}  // namespace meridian::smf
