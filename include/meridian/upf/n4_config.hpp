#pragma once
// Configuration of the UPF's N4 side (docs/n4.md): its PFCP address, Node ID,
// the GTP-U address it hands out in F-TEIDs, the SMFs it associates with on
// its own initiative, and the PFCP timers (TS 29.244 §6.4: T1 and N1).

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace meridian::config {
class section;
}

namespace meridian::upf {

struct n4_config {
  /// Address and UDP port the PFCP socket binds (n4_server).
  std::array<std::uint8_t, 4> bind_address_{127, 0, 0, 1};
  std::uint16_t port_ = 8805;
  /// Node ID (IPv4) we announce; the bind address when left at 0.0.0.0.
  std::array<std::uint8_t, 4> node_id_{0, 0, 0, 0};
  /// The N3 GTP-U address put in F-TEIDs the UPF chooses.
  std::array<std::uint8_t, 4> n3_address_{127, 0, 0, 1};
  /// SMFs to set up an association with at start (UPF-initiated, §6.2.6.2).
  struct smf_peer {
    std::array<std::uint8_t, 4> address_{};
    std::uint16_t port_ = 8805;
  };
  std::vector<smf_peer> smfs_{};
  /// T1: time to wait for a response before retransmitting a request.
  std::chrono::milliseconds t1_{3000};
  /// N1: retransmissions of a request before giving up.
  unsigned n1_ = 3;
  /// Heartbeat Request interval towards each associated peer.
  std::chrono::milliseconds heartbeat_interval_{10000};
  /// Delay between UPF-initiated Association Setup attempts.
  std::chrono::milliseconds association_retry_interval_{5000};
  /// How long a response is kept to answer a retransmitted request (§6.4);
  /// must cover the peer's T1 × (N1 + 1).
  std::chrono::milliseconds response_cache_time_{20000};
  /// Requests taken and not answered yet (a Session Establishment waiting for
  /// the data path) at most; beyond it a request is answered with Cause 74
  /// "PFCP entity in congestion" (§8.2.1). 0: no limit.
  std::size_t requests_in_progress_limit_ = 0;
};

/// Reads the `n4:` keys (bind, port, node_id, n3_address, smf, t1_ms, n1,
/// heartbeat_interval_ms, association_retry_ms, response_cache_ms,
/// requests_in_progress_limit) over the
/// defaults in `cfg`; bad values raise config::config_error.
void read_config(config::section s, n4_config& cfg);

}  // namespace meridian::upf
