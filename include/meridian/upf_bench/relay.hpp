#pragma once
// The machine's ceiling: a plain UDP relay in the upf namespace that moves the
// benchmark's packets between N3 and N6 with the least work a forwarder can do
// — no session lookup, no rules, fixed header offsets — so that every UPF
// figure can be read as a fraction of what the kernel, the veths and the
// generator allow on this machine.
//
//  - uplink: receives the G-PDUs on N3 (port 2152), strips the GTP-U and inner
//    IPv4/UDP headers and sends the probe payload to the data network;
//  - downlink: the UE pool is made local in the upf namespace (a `local`
//    route), so datagrams to any UE address reach the relay's socket; it puts a
//    GTP-U header (with a DL PDU Session Container) and an inner IPv4/UDP header
//    in front and sends the G-PDU to the gNB.
//
// Two modes: recvmmsg→sendmmsg (one datagram per slot), and GRO→GSO (the
// kernel hands over coalesced trains, which leave as one GSO send each).
// The relay runs on a thread of its own, optionally pinned to a CPU.

#include <cstddef>
#include <cstdint>
#include <expected>
#include <memory>
#include <string>
#include <string_view>

#include "meridian/upf_bench/topology.hpp"

namespace meridian::upf_bench {

enum class relay_mode : std::uint8_t { mmsg, gro_gso };
std::string_view to_string(relay_mode m) noexcept;

struct relay_config {
  relay_mode mode_ = relay_mode::mmsg;
  std::size_t uplink_strip_ = 0;   ///< octets in front of the probe in an uplink G-PDU
  std::uint16_t ue_port_ = 40000;  ///< the downlink datagrams' destination port
  int cpu_ = -1;                   ///< pin the relay thread here (-1: no pinning)
};

class udp_relay {
 public:
  /// Opens the sockets in the upf namespace, adds the local route for the UE
  /// pool and starts the thread.
  static std::expected<std::unique_ptr<udp_relay>, std::string> start(const topology& topo, relay_config cfg);
  /// Stops the thread and removes the route.
  ~udp_relay();
  udp_relay(const udp_relay&) = delete;
  udp_relay& operator=(const udp_relay&) = delete;

  /// The relay thread's CPU time so far, ns.
  std::uint64_t cpu_ns() const;
  /// Datagrams the relay could not send (its socket was full).
  std::uint64_t dropped() const noexcept;

  struct state;

 private:
  explicit udp_relay(std::unique_ptr<state> s);
  std::unique_ptr<state> state_;
};

}  // namespace meridian::upf_bench
