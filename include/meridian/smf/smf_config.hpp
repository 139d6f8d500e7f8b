#pragma once
// The SMF's configuration: the DNNs it serves, on which slices, with which
// local policy (standing in for the PCF until it exists: 5QI, ARP, session
// AMBR of the default QoS flow), the DNS servers and MTU it gives the UE, and
// the UE address pools. Every value has a working default: DNN "internet" on
// SST 1, 10.45.0.0/16 and 2001:db8:cafe::/48.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "meridian/common/config.hpp"
#include "meridian/model/s_nssai.hpp"
#include "meridian/smf/ue_address_pool.hpp"

namespace meridian::smf {

/// One DNN as this SMF serves it.
struct dnn_config {
  std::string dnn_ = "internet";
  /// The slices the DNN is served on (empty: every slice).
  std::vector<model::s_nssai> s_nssais_{model::s_nssai{1, std::nullopt}};
  /// Local policy of the default QoS flow when the subscription gives none
  /// (TS 23.501 §5.7.2.7: non-GBR 5QI 9, ARP priority 8).
  std::uint8_t five_qi_ = 9;
  std::uint8_t arp_priority_level_ = 8;
  bool arp_preemption_capability_ = false;   ///< may trigger pre-emption
  bool arp_preemption_vulnerability_ = true;  ///< pre-emptable
  /// Session-AMBR (bits per second) when the subscription gives none.
  std::uint64_t session_ambr_uplink_bps_ = 1'000'000'000;
  std::uint64_t session_ambr_downlink_bps_ = 1'000'000'000;
  /// Given in the ePCO when the UE asks (TS 24.008 §10.5.6.3: containers 000DH, 0003H, 0010H).
  std::vector<ipv4_address> dns_ipv4_{{8, 8, 8, 8}, {1, 1, 1, 1}};
  std::vector<ipv6_address> dns_ipv6_{{0x20, 0x01, 0x48, 0x60, 0x48, 0x60, 0, 0, 0, 0, 0, 0, 0, 0, 0x88, 0x88}};
  std::uint16_t ipv4_link_mtu_ = 1400;
};

struct smf_config {
  std::vector<dnn_config> dnns_{dnn_config{}};
  std::vector<ue_address_pool_config> pools_{ue_address_pool_config{}};
  /// The UPF's N3 address for the uplink tunnel when its Created PDR gives a
  /// TEID without an address (a UPF is expected to give both).
  ipv4_address upf_n3_address_{127, 0, 0, 1};
  /// The QFI of the default QoS flow (and so of its QoS rule).
  std::uint8_t default_qfi_ = 1;
};

/// Reads an `smf:` section over the defaults in `cfg`; raises
/// config::config_error naming the file, line and key. A `dnns` or `pools`
/// list replaces the default list; each entry starts from the defaults:
///
///   smf:
///     upf_n3_address: 127.0.0.1
///     dnns:
///       - dnn: internet
///         slices: ["1", "1/010203"]       # TS 29.571 Snssai text; empty: every slice
///         five_qi: 9
///         arp_priority_level: 8
///         arp_preemption_capability: false
///         arp_preemption_vulnerability: true
///         session_ambr_uplink: 1 Gbps     # TS 29.571 BitRate
///         session_ambr_downlink: 1 Gbps
///         dns: [8.8.8.8, 1.1.1.1]
///         dns6: ["2001:4860:4860::8888"]
///         mtu: 1400
///     pools:
///       - dnn: internet
///         slice: "1"                      # optional: this slice only
///         ipv4: 10.45.0.0/16              # "none": no IPv4
///         ipv6: 2001:db8:cafe::/48        # "none": no IPv6
///
/// Every pool's DNN must be one of the DNNs.
void read_smf_config(config::section s, smf_config& cfg);

}  // namespace meridian::smf
