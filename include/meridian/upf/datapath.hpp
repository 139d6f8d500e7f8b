#pragma once
// The seam between the UPF's two halves: the N4 side (PFCP, on the control
// thread's io_context) and the data path (worker threads that own the session
// tables). N4 installs rules through an async_session_installer
// (async_session_installer.hpp); the data path tells
// N4 about events that need a PFCP Session Report Request through a
// datapath_notifier. Tests stand in for either side with hand-written fakes.

#include <cstdint>
#include <expected>
#include <optional>
#include <vector>

#include "meridian/upf/ids.hpp"
#include "meridian/upf/rules.hpp"
#include "meridian/upf/session.hpp"
#include "meridian/upf/usage_counter.hpp"

namespace meridian::upf {

/// One URR's measurement since its last report: what a Usage Report IE carries
/// (TS 29.244 §7.5.5.2 / §7.5.7.2 / §7.5.8.3).
struct urr_usage {
  urr_id id_{};
  volume_measurement volume_{};
  bool operator==(const urr_usage&) const = default;
};

/// The far end of a GTP-U tunnel: what an Error Indication names (TS 29.281
/// §7.3.1: TEID Data I and GTP-U Peer Address) and an Error Indication
/// Report's Remote F-TEID carries (TS 29.244 §7.5.8.4).
struct remote_f_teid {
  teid teid_{};
  ipv4_address address_{};
  bool operator==(const remote_f_teid&) const = default;
};

/// What a Session Modification asks the data path to do besides replacing the rules.
struct modify_options {
  /// FARs whose Update Forwarding Parameters carried PFCPSMReq-Flags SNDEM
  /// (TS 29.244 §8.2.58): after the switch, an End Marker (TS 29.281 §5.1) goes
  /// down each one's previous tunnel.
  std::vector<far_id> send_end_marker_{};
  /// Query URR / immediate report: take the current measurement of these URRs
  /// and return it with the answer. Taken from the rules in force before the
  /// modification: N4 also lists here the URRs the modification removes, whose
  /// final measurement the Session Modification Response carries.
  std::vector<urr_id> query_urrs_{};
};

/// Implemented by the N4 side. The data path posts these onto the N4 thread;
/// implementations never run on a worker.
class datapath_notifier {
 public:
  virtual ~datapath_notifier() = default;

  /// The first downlink packet was buffered by a FAR with BUFF and NOCP
  /// (TS 29.244 §5.2.3.1): send a Session Report Request with a Downlink Data
  /// Report naming the PDR.
  virtual void on_downlink_data(seid session, pdr_id pdr) = 0;

  /// URRs of the session reached their volume threshold (§5.2.2.2.1); their
  /// counters have been taken and restarted. Send a Session Report Request
  /// with a Usage Report per URR, trigger VOLTH.
  virtual void on_usage_threshold(seid session, std::vector<urr_usage> usage) = 0;

  /// A peer sent a GTP-U Error Indication: it has no context for `tunnel`.
  /// Every session with a FAR that forwards into that tunnel gets a Session
  /// Report Request with Report Type ERIR and an Error Indication Report
  /// (TS 29.244 §7.5.8.4) so that its SMF can act (e.g. release the session).
  virtual void on_error_indication(remote_f_teid tunnel) = 0;
};

}  // namespace meridian::upf
