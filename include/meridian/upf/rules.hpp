#pragma once
// The rules of one PFCP session as the data path needs them (TS 29.244 §5.2),
// independent of the PFCP wire format: plain structs the N4 handler fills from
// decoded Session Establishment/Modification Requests.

#include <cstdint>
#include <optional>
#include <vector>

#include "meridian/common/strong_id.hpp"
#include "meridian/upf/ids.hpp"
#include "meridian/upf/sdf_filter.hpp"

namespace meridian::upf {

/// TS 29.244 §8.2.2 Source Interface / §8.2.24 Destination Interface values.
enum class interface_type : std::uint8_t {
  access = 0,
  core = 1,
  sgi_lan_n6_lan = 2,
  cp_function = 3,
  five_g_vn_internal = 4,
};

/// TS 29.244 §7.5.2.2: Packet Detection Information.
struct pdi {
  interface_type source_interface_ = interface_type::access;
  /// Local F-TEID: the TEID this UPF allocated for the tunnel (uplink PDRs).
  std::optional<teid> local_teid_{};
  /// UE IP Address: the packet's source for uplink, its destination for downlink.
  std::optional<ipv4_address> ue_address_{};
  /// SDF Filters: the PDR matches when any one matches (none: every packet).
  std::vector<flow_description> sdf_filters_{};
  /// QFI carried in the PDU Session Container (uplink).
  std::optional<qfi> qfi_{};
};

/// TS 29.244 §7.5.2.2: Packet Detection Rule.
struct pdr {
  pdr_id id_{};
  /// Lower value = evaluated first (§5.2.1: "the highest precedence").
  std::uint32_t precedence_ = 0;
  pdi pdi_{};
  /// Outer Header Removal: strip GTP-U/UDP/IP before applying the FAR.
  bool remove_outer_header_ = false;
  std::optional<far_id> far_id_{};
  std::vector<qer_id> qer_ids_{};
  std::vector<urr_id> urr_ids_{};
};

/// TS 29.244 §8.2.26 Apply Action, the subset the data path acts on.
enum class apply_action : std::uint8_t {
  drop,               ///< DROP
  forward,            ///< FORW
  buffer,             ///< BUFF (without NOCP)
  buffer_and_notify,  ///< BUFF + NOCP: buffer and notify the CP function of the first packet
};

/// TS 29.244 §8.2.56: Outer Header Creation, GTP-U/UDP/IPv4 variant.
struct outer_header_creation {
  teid teid_{};
  ipv4_address peer_address_{};
  std::uint16_t port_ = 2152;  ///< TS 29.281 §4.4.2.3: GTP-U port
};

/// TS 29.244 §7.5.2.3: Forwarding Action Rule.
struct far {
  far_id id_{};
  apply_action action_ = apply_action::drop;
  interface_type destination_interface_ = interface_type::core;
  std::optional<outer_header_creation> outer_header_creation_{};
  std::optional<bar_id> bar_id_{};
};

/// TS 29.244 §8.2.7 Gate Status.
enum class gate : std::uint8_t { open, closed };

/// TS 29.244 §7.5.2.5: QoS Enforcement Rule.
struct qer {
  qer_id id_{};
  gate gate_uplink_ = gate::open;
  gate gate_downlink_ = gate::open;
  /// MBR in kbit/s (TS 29.244 §8.2.8); nothing: not limited in that direction.
  std::optional<std::uint64_t> mbr_uplink_kbps_{};
  std::optional<std::uint64_t> mbr_downlink_kbps_{};
  /// QFI to set in the downlink PDU Session Container.
  std::optional<qfi> qfi_{};
};

/// TS 29.244 §8.2.13: Volume Threshold, in octets; each field optional.
struct volume_threshold {
  std::optional<std::uint64_t> total_{};
  std::optional<std::uint64_t> uplink_{};
  std::optional<std::uint64_t> downlink_{};
};

/// TS 29.244 §7.5.2.4: Usage Reporting Rule, volume-based measurement.
struct urr {
  urr_id id_{};
  volume_threshold volume_threshold_{};
};

/// TS 29.244 §7.5.2.6: Buffering Action Rule.
struct bar {
  bar_id id_{};
  /// Suggested Buffering Packets Count (§8.2.112); nothing: the UPF's default.
  std::optional<std::uint8_t> suggested_buffering_packets_count_{};
};

/// Everything one PFCP session installs.
struct session_rules {
  seid seid_{};  ///< the UP F-SEID's SEID (our own key for the session)
  std::vector<pdr> pdrs_{};
  std::vector<far> fars_{};
  std::vector<qer> qers_{};
  std::vector<urr> urrs_{};
  std::optional<bar> bar_{};
};

}  // namespace meridian::upf
