// Names of the worker counters, as printed in statistics; see worker_counters.hpp.

#include "meridian/upf/worker_counters.hpp"

namespace meridian::upf {

std::string_view to_string(worker_counter c) noexcept {
  switch (c) {
    case worker_counter::n3_datagrams:
      return "n3_datagrams";
    case worker_counter::uplink_packets:
      return "uplink_packets";
    case worker_counter::uplink_octets:
      return "uplink_octets";
    case worker_counter::n6_packets:
      return "n6_packets";
    case worker_counter::downlink_packets:
      return "downlink_packets";
    case worker_counter::downlink_octets:
      return "downlink_octets";
    case worker_counter::malformed_gtpu:
      return "malformed_gtpu";
    case worker_counter::gtpu_trailing_octets:
      return "gtpu_trailing_octets";
    case worker_counter::unsupported_gtpu:
      return "unsupported_gtpu";
    case worker_counter::echo_requests:
      return "echo_requests";
    case worker_counter::error_indications_received:
      return "error_indications_received";
    case worker_counter::error_indications_reported:
      return "error_indications_reported";
    case worker_counter::error_indications_unreported:
      return "error_indications_unreported";
    case worker_counter::unknown_teid:
      return "unknown_teid";
    case worker_counter::error_indications_sent:
      return "error_indications_sent";
    case worker_counter::error_indications_suppressed:
      return "error_indications_suppressed";
    case worker_counter::malformed_inner:
      return "malformed_inner";
    case worker_counter::unknown_ue_address:
      return "unknown_ue_address";
    case worker_counter::no_matching_pdr:
      return "no_matching_pdr";
    case worker_counter::dropped_far:
      return "dropped_far";
    case worker_counter::dropped_gate_closed:
      return "dropped_gate_closed";
    case worker_counter::dropped_mbr:
      return "dropped_mbr";
    case worker_counter::buffered:
      return "buffered";
    case worker_counter::dropped_buffer_full:
      return "dropped_buffer_full";
    case worker_counter::dropped_no_tunnel:
      return "dropped_no_tunnel";
    case worker_counter::drained:
      return "drained";
    case worker_counter::end_markers_sent:
      return "end_markers_sent";
    case worker_counter::usage_reports:
      return "usage_reports";
    case worker_counter::handed_over:
      return "handed_over";
    case worker_counter::handover_dropped:
      return "handover_dropped";
    case worker_counter::n3_send_dropped:
      return "n3_send_dropped";
    case worker_counter::n6_write_dropped:
      return "n6_write_dropped";
    case worker_counter::n6_super_packets:
      return "n6_super_packets";
    case worker_counter::n6_super_packets_refused:
      return "n6_super_packets_refused";
    case worker_counter::n3_trains:
      return "n3_trains";
    case worker_counter::ipv6_on_n6:
      return "ipv6_on_n6";
    case worker_counter::count_:
      break;
  }
  return "unknown";
}

}  // namespace meridian::upf
