#pragma once
// PFCP leaf information elements (TS 29.244 §8.2). Each IE type is a plain
// value with its IE type number and name, and decode/encode of its value part
// (the octets after Type and Length). The grouped IEs that contain them are in
// grouped_ies.hpp; which IE goes where is declared once, in lib/pfcp/schemas.hpp.
//
// Simple shapes share a template (an unsigned integer, one octet holding an
// enumeration, a set of flag bits, opaque octets); every other IE is its own struct.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "meridian/common/byte_reader.hpp"
#include "meridian/common/byte_writer.hpp"
#include "meridian/model/s_nssai.hpp"
#include "meridian/common/result.hpp"
#include "meridian/common/strong_id.hpp"

namespace meridian::pfcp {

namespace detail {
template <std::size_t N>
struct fixed_string {
  char s_[N]{};
  constexpr fixed_string(const char (&in)[N]) {  // NOLINT: implicit by design
    for (std::size_t i = 0; i < N; ++i) s_[i] = in[i];
  }
  constexpr std::string_view view() const { return {s_, N - 1}; }
};
template <std::size_t Octets>
using uint_for = std::conditional_t<
    Octets == 1, std::uint8_t,
    std::conditional_t<Octets == 2, std::uint16_t, std::conditional_t<Octets <= 4, std::uint32_t, std::uint64_t>>>;
}  // namespace detail

using ipv4_address = std::array<std::uint8_t, 4>;
using ipv6_address = std::array<std::uint8_t, 16>;

/// An IE whose value is an unsigned integer of `Octets` octets.
template <std::uint16_t Type, detail::fixed_string Name, std::size_t Octets>
struct uint_ie {
  static constexpr std::uint16_t ie_type = Type;
  static constexpr std::string_view ie_name = Name.view();
  using rep = detail::uint_for<Octets>;
  rep value_ = 0;

  static decode_result<uint_ie> decode(byte_reader& r) {
    auto v = r.uint_be<Octets>(ie_name);
    if (!v) return std::unexpected(v.error());
    return uint_ie{static_cast<rep>(*v)};
  }
  void encode(byte_writer& w) const { w.uint_be(value_, Octets, ie_name); }
  bool operator==(const uint_ie&) const = default;
};

/// An IE whose value is one octet of which `Mask` holds the value (an
/// enumeration or a small number); the other bits are spare.
template <std::uint16_t Type, detail::fixed_string Name, class V, std::uint8_t Mask = 0xff>
struct octet_ie {
  static constexpr std::uint16_t ie_type = Type;
  static constexpr std::string_view ie_name = Name.view();
  V value_{};

  static decode_result<octet_ie> decode(byte_reader& r) {
    auto v = r.u8(ie_name);
    if (!v) return std::unexpected(v.error());
    return octet_ie{static_cast<V>(*v & Mask)};
  }
  void encode(byte_writer& w) const {
    const auto raw = static_cast<std::uint8_t>(value_);
    if ((raw & ~Mask) != 0) w.fail({encode_errc::value_out_of_range, ie_name});
    w.u8(raw);
  }
  bool operator==(const octet_ie&) const = default;
};

/// A flag in a flags IE: octet index (0 = the first value octet) and spec bit (1..8).
struct flag {
  std::uint8_t octet_ = 0;
  std::uint8_t bit_ = 1;
};

/// An IE that is a set of flag bits over `MinOctets` or more octets; later
/// releases append octets, so the received length is kept.
template <std::uint16_t Type, detail::fixed_string Name, std::size_t MinOctets>
struct flags_ie {
  static constexpr std::uint16_t ie_type = Type;
  static constexpr std::string_view ie_name = Name.view();
  std::vector<std::uint8_t> octets_ = std::vector<std::uint8_t>(MinOctets, 0);

  bool test(flag f) const noexcept {
    return f.octet_ < octets_.size() && (octets_[f.octet_] & (1u << (f.bit_ - 1))) != 0;
  }
  void set(flag f, bool on = true) {
    if (octets_.size() <= f.octet_) octets_.resize(f.octet_ + 1, 0);
    if (on)
      octets_[f.octet_] = static_cast<std::uint8_t>(octets_[f.octet_] | (1u << (f.bit_ - 1)));
    else
      octets_[f.octet_] = static_cast<std::uint8_t>(octets_[f.octet_] & ~(1u << (f.bit_ - 1)));
  }

  static decode_result<flags_ie> decode(byte_reader& r) {
    if (r.remaining() < MinOctets) return std::unexpected(r.error(decode_errc::invalid_length, ie_name));
    auto b = r.rest();
    return flags_ie{{b.begin(), b.end()}};
  }
  void encode(byte_writer& w) const {
    if (octets_.size() < MinOctets) w.fail({encode_errc::invalid_argument, ie_name});
    w.bytes(octets_);
  }
  bool operator==(const flags_ie&) const = default;
};

/// An IE kept as its value octets (text such as a Network Instance, or an IE
/// whose contents no user of this codec interprets yet).
template <std::uint16_t Type, detail::fixed_string Name>
struct octets_ie {
  static constexpr std::uint16_t ie_type = Type;
  static constexpr std::string_view ie_name = Name.view();
  std::vector<std::uint8_t> value_;

  static decode_result<octets_ie> decode(byte_reader& r) {
    auto b = r.rest();
    return octets_ie{{b.begin(), b.end()}};
  }
  void encode(byte_writer& w) const { w.bytes(value_); }
  bool operator==(const octets_ie&) const = default;
};

/// TS 29.244 §8.2.1
enum class cause_value : std::uint8_t {
  request_accepted = 1,
  more_usage_report_to_send = 2,
  request_partially_accepted = 3,
  request_rejected = 64,
  session_context_not_found = 65,
  mandatory_ie_missing = 66,
  conditional_ie_missing = 67,
  invalid_length = 68,
  mandatory_ie_incorrect = 69,
  invalid_forwarding_policy = 70,
  invalid_f_teid_allocation_option = 71,
  no_established_pfcp_association = 72,
  rule_creation_modification_failure = 73,
  pfcp_entity_in_congestion = 74,
  no_resources_available = 75,
  service_not_supported = 76,
  system_failure = 77,
  redirection_requested = 78,
  all_dynamic_addresses_are_occupied = 79,
};

/// TS 29.244 §8.2.2 / §8.2.24: Source / Destination Interface values
enum class interface_value : std::uint8_t {
  access = 0,
  core = 1,
  sgi_lan_n6_lan = 2,
  cp_function = 3,
  five_g_vn_internal = 4,
};

/// TS 29.244 §8.2.79
enum class pdn_type_value : std::uint8_t { ipv4 = 1, ipv6 = 2, ipv4v6 = 3, non_ip = 4, ethernet = 5 };

/// TS 29.244 §8.2.1
using cause = octet_ie<19, "cause", cause_value>;
/// TS 29.244 §8.2.2
using source_interface = octet_ie<20, "source_interface", interface_value, 0x0f>;
/// TS 29.244 §8.2.4
using network_instance = octets_ie<22, "network_instance">;
/// TS 29.244 §8.2.6
using application_id = octets_ie<24, "application_id">;
/// TS 29.244 §8.2.10
using qer_correlation_id = uint_ie<28, "qer_correlation_id", 4>;
/// TS 29.244 §8.2.11
using precedence = uint_ie<29, "precedence", 4>;
/// TS 29.244 §8.2.12
using transport_level_marking = uint_ie<30, "transport_level_marking", 2>;
/// TS 29.244 §8.2.14
using time_threshold = uint_ie<32, "time_threshold", 4>;
/// TS 29.244 §8.2.15
using monitoring_time = uint_ie<33, "monitoring_time", 4>;
/// TS 29.244 §8.2.17
using subsequent_time_threshold = uint_ie<35, "subsequent_time_threshold", 4>;
/// TS 29.244 §8.2.18
using inactivity_detection_time = uint_ie<36, "inactivity_detection_time", 4>;
/// TS 29.244 §8.2.19
using reporting_triggers = flags_ie<37, "reporting_triggers", 2>;
/// TS 29.244 §8.2.20
using redirect_information = octets_ie<38, "redirect_information">;
/// TS 29.244 §8.2.21
using report_type = flags_ie<39, "report_type", 1>;
/// TS 29.244 §8.2.22: the type of the offending IE
using offending_ie = uint_ie<40, "offending_ie", 2>;
/// TS 29.244 §8.2.23
using forwarding_policy = octets_ie<41, "forwarding_policy">;
/// TS 29.244 §8.2.24
using destination_interface = octet_ie<42, "destination_interface", interface_value, 0x0f>;
/// TS 29.244 §8.2.25
using up_function_features = flags_ie<43, "up_function_features", 2>;
/// TS 29.244 §8.2.26
using apply_action = flags_ie<44, "apply_action", 1>;
/// TS 29.244 §8.2.27
using downlink_data_service_information = octets_ie<45, "downlink_data_service_information">;
/// TS 29.244 §8.2.28
using downlink_data_notification_delay = uint_ie<46, "downlink_data_notification_delay", 1>;
/// TS 29.244 §8.2.29
using dl_buffering_duration = octets_ie<47, "dl_buffering_duration">;
/// TS 29.244 §8.2.30
using dl_buffering_suggested_packet_count = octets_ie<48, "dl_buffering_suggested_packet_count">;
/// TS 29.244 §8.2.31
using pfcpsmreq_flags = flags_ie<49, "pfcpsmreq_flags", 1>;
/// TS 29.244 §8.2.32
using pfcpsrrsp_flags = flags_ie<50, "pfcpsrrsp_flags", 1>;
/// TS 29.244 §8.2.33
using sequence_number = uint_ie<52, "sequence_number", 4>;
/// TS 29.244 §8.2.34
using metric = uint_ie<53, "metric", 1>;
/// TS 29.244 §8.2.35
using timer = octets_ie<55, "timer">;
/// TS 29.244 §8.2.36
using pdr_id = uint_ie<56, "pdr_id", 2>;
/// TS 29.244 §8.2.39
using pfd_contents = octets_ie<61, "pfd_contents">;
/// TS 29.244 §8.2.40
using measurement_method = flags_ie<62, "measurement_method", 1>;
/// TS 29.244 §8.2.41
using usage_report_trigger = flags_ie<63, "usage_report_trigger", 2>;
/// TS 29.244 §8.2.42
using measurement_period = uint_ie<64, "measurement_period", 4>;
/// TS 29.244 §8.2.43
using fq_csid = octets_ie<65, "fq_csid">;
/// TS 29.244 §8.2.45
using duration_measurement = uint_ie<67, "duration_measurement", 4>;
/// TS 29.244 §8.2.46
using time_of_first_packet = uint_ie<69, "time_of_first_packet", 4>;
/// TS 29.244 §8.2.47
using time_of_last_packet = uint_ie<70, "time_of_last_packet", 4>;
/// TS 29.244 §8.2.48
using quota_holding_time = uint_ie<71, "quota_holding_time", 4>;
/// TS 29.244 §8.2.51
using time_quota = uint_ie<74, "time_quota", 4>;
/// TS 29.244 §8.2.52
using start_time = uint_ie<75, "start_time", 4>;
/// TS 29.244 §8.2.53
using end_time = uint_ie<76, "end_time", 4>;
/// TS 29.244 §8.2.54
using urr_id = uint_ie<81, "urr_id", 4>;
/// TS 29.244 §8.2.55
using linked_urr_id = uint_ie<82, "linked_urr_id", 4>;
/// TS 29.244 §8.2.57
using bar_id = uint_ie<88, "bar_id", 1>;
/// TS 29.244 §8.2.58
using cp_function_features = flags_ie<89, "cp_function_features", 1>;
/// TS 29.244 §8.2.59
using usage_information = flags_ie<90, "usage_information", 1>;
/// TS 29.244 §8.2.65
using recovery_time_stamp = uint_ie<96, "recovery_time_stamp", 4>;
/// TS 29.244 §8.2.68
using measurement_information = flags_ie<100, "measurement_information", 1>;
/// TS 29.244 §8.2.69
using node_report_type = flags_ie<101, "node_report_type", 1>;
/// TS 29.244 §8.2.70
using remote_gtp_u_peer = octets_ie<103, "remote_gtp_u_peer">;
/// TS 29.244 §8.2.71
using ur_seqn = uint_ie<104, "ur_seqn", 4>;
/// TS 29.244 §8.2.72
using activate_predefined_rules = octets_ie<106, "activate_predefined_rules">;
/// TS 29.244 §8.2.73
using deactivate_predefined_rules = octets_ie<107, "deactivate_predefined_rules">;
/// TS 29.244 §8.2.74
using far_id = uint_ie<108, "far_id", 4>;
/// TS 29.244 §8.2.75
using qer_id = uint_ie<109, "qer_id", 4>;
/// TS 29.244 §8.2.76
using oci_flags = flags_ie<110, "oci_flags", 1>;
/// TS 29.244 §8.2.77
using pfcp_association_release_request = flags_ie<111, "pfcp_association_release_request", 1>;
/// TS 29.244 §8.2.78
using graceful_release_period = octets_ie<112, "graceful_release_period">;
/// TS 29.244 §8.2.79
using pdn_type = octet_ie<113, "pdn_type", pdn_type_value, 0x07>;
/// TS 29.244 §8.2.80
using failed_rule_id = octets_ie<114, "failed_rule_id">;
/// TS 29.244 §8.2, IE type 116 (Rel-14 User Plane IP Resource Information)
using user_plane_ip_resource_information = octets_ie<116, "user_plane_ip_resource_information">;
/// TS 29.244 §8.2.83
using user_plane_inactivity_timer = uint_ie<117, "user_plane_inactivity_timer", 4>;
/// TS 29.244 §8.2, IE type 123: RQI
using rqi = octet_ie<123, "rqi", std::uint8_t, 0x01>;
/// TS 29.244 §8.2, IE type 124: QFI (6 bits)
using qfi = octet_ie<124, "qfi", std::uint8_t, 0x3f>;
/// TS 29.244 §8.2, IE type 125: Query URR Reference
using query_urr_reference = uint_ie<125, "query_urr_reference", 4>;
/// TS 29.244 §8.2, IE type 158: Paging Policy Indicator (3 bits)
using paging_policy_indicator = octet_ie<158, "paging_policy_indicator", std::uint8_t, 0x07>;
/// TS 29.244 §8.2, IE type 159: APN/DNN, encoded as DNS labels (TS 23.003 §9.1)
using apn_dnn = octets_ie<159, "apn_dnn">;
/// TS 29.244 §8.2, IE type 160: 3GPP Interface Type (6 bits)
using three_gpp_interface_type = octet_ie<160, "3gpp_interface_type", std::uint8_t, 0x3f>;
/// TS 29.244 §8.2, IE type 141: User ID (kept as octets)
using user_id = octets_ie<141, "user_id">;
/// TS 29.244 §8.2, IE type 161 (Rel-16): PFCPSRReq-Flags
using pfcpsrreq_flags = flags_ie<161, "pfcpsrreq_flags", 1>;

/// TS 29.244 §8.2.3: F-TEID. With CH (CHOOSE) the UP function allocates the
/// TEID (and an address of each family flagged), and CHOOSE ID groups PDRs that
/// share one allocation.
struct f_teid {
  static constexpr std::uint16_t ie_type = 21;
  static constexpr std::string_view ie_name = "f_teid";
  bool choose_ = false;
  teid teid_{};                            ///< when !choose_
  std::optional<ipv4_address> ipv4_;       ///< when !choose_
  std::optional<ipv6_address> ipv6_;       ///< when !choose_
  bool choose_ipv4_ = false;               ///< when choose_: allocate an IPv4 address
  bool choose_ipv6_ = false;               ///< when choose_: allocate an IPv6 address
  std::optional<std::uint8_t> choose_id_;  ///< when choose_

  static decode_result<f_teid> decode(byte_reader& r);
  void encode(byte_writer& w) const;
  bool operator==(const f_teid&) const = default;
};

/// TS 29.244 §8.2.5: SDF Filter
struct sdf_filter {
  static constexpr std::uint16_t ie_type = 23;
  static constexpr std::string_view ie_name = "sdf_filter";
  std::optional<std::string> flow_description_;            ///< FD: IPFilterRule (RFC 6733)
  std::optional<std::uint16_t> tos_traffic_class_;         ///< TTC
  std::optional<std::uint32_t> security_parameter_index_;  ///< SPI
  std::optional<std::uint32_t> flow_label_;                ///< FL, 20 bits in 3 octets
  std::optional<std::uint32_t> sdf_filter_id_;             ///< BID

  static decode_result<sdf_filter> decode(byte_reader& r);
  void encode(byte_writer& w) const;
  bool operator==(const sdf_filter&) const = default;
};

/// TS 29.244 §8.2.7: Gate Status (0 open, 1 closed)
struct gate_status {
  static constexpr std::uint16_t ie_type = 25;
  static constexpr std::string_view ie_name = "gate_status";
  std::uint8_t ul_gate_ = 0;
  std::uint8_t dl_gate_ = 0;

  static decode_result<gate_status> decode(byte_reader& r);
  void encode(byte_writer& w) const;
  bool operator==(const gate_status&) const = default;
};

/// TS 29.244 §8.2.8 (MBR) and §8.2.9 (GBR): kilobits per second, 40 bits each
template <std::uint16_t Type, detail::fixed_string Name>
struct bitrate_ie {
  static constexpr std::uint16_t ie_type = Type;
  static constexpr std::string_view ie_name = Name.view();
  std::uint64_t ul_ = 0;
  std::uint64_t dl_ = 0;

  static decode_result<bitrate_ie> decode(byte_reader& r) {
    auto ul = r.u40(ie_name);
    if (!ul) return std::unexpected(ul.error());
    auto dl = r.u40(ie_name);
    if (!dl) return std::unexpected(dl.error());
    return bitrate_ie{*ul, *dl};
  }
  void encode(byte_writer& w) const {
    w.u40(ul_, ie_name);
    w.u40(dl_, ie_name);
  }
  bool operator==(const bitrate_ie&) const = default;
};
/// TS 29.244 §8.2.8
using mbr = bitrate_ie<26, "mbr">;
/// TS 29.244 §8.2.9
using gbr = bitrate_ie<27, "gbr">;

/// TS 29.244 §8.2.13 (Volume Threshold), §8.2.50 (Volume Quota) and their
/// "subsequent" forms: octets, each volume present when its flag is.
template <std::uint16_t Type, detail::fixed_string Name>
struct volume_ie {
  static constexpr std::uint16_t ie_type = Type;
  static constexpr std::string_view ie_name = Name.view();
  std::optional<std::uint64_t> total_volume_;     ///< TOVOL
  std::optional<std::uint64_t> uplink_volume_;    ///< ULVOL
  std::optional<std::uint64_t> downlink_volume_;  ///< DLVOL

  static decode_result<volume_ie> decode(byte_reader& r) {
    auto f = r.u8(ie_name);
    if (!f) return std::unexpected(f.error());
    volume_ie v;
    std::optional<std::uint64_t>* slots[] = {&v.total_volume_, &v.uplink_volume_, &v.downlink_volume_};
    for (unsigned i = 0; i < 3; ++i) {
      if ((*f & (1u << i)) == 0) continue;
      auto x = r.u64();
      if (!x) return std::unexpected(r.error(decode_errc::truncated, ie_name));
      *slots[i] = *x;
    }
    return v;
  }
  void encode(byte_writer& w) const {
    w.u8(static_cast<std::uint8_t>((total_volume_ ? 1 : 0) | (uplink_volume_ ? 2 : 0) | (downlink_volume_ ? 4 : 0)));
    for (const auto* s : {&total_volume_, &uplink_volume_, &downlink_volume_})
      if (*s) w.u64(**s);
  }
  bool operator==(const volume_ie&) const = default;
};
/// TS 29.244 §8.2.13
using volume_threshold = volume_ie<31, "volume_threshold">;
/// TS 29.244 §8.2.16
using subsequent_volume_threshold = volume_ie<34, "subsequent_volume_threshold">;
/// TS 29.244 §8.2.50
using volume_quota = volume_ie<73, "volume_quota">;
/// TS 29.244 §8.2, IE type 121: Subsequent Volume Quota
using subsequent_volume_quota = volume_ie<121, "subsequent_volume_quota">;

/// TS 29.244 §8.2.37: F-SEID
struct f_seid {
  static constexpr std::uint16_t ie_type = 57;
  static constexpr std::string_view ie_name = "f_seid";
  seid seid_{};
  std::optional<ipv4_address> ipv4_;
  std::optional<ipv6_address> ipv6_;

  static decode_result<f_seid> decode(byte_reader& r);
  void encode(byte_writer& w) const;
  bool operator==(const f_seid&) const = default;
};

/// TS 29.244 §8.2.38: Node ID
struct node_id {
  static constexpr std::uint16_t ie_type = 60;
  static constexpr std::string_view ie_name = "node_id";
  enum class kind : std::uint8_t { ipv4 = 0, ipv6 = 1, fqdn = 2 };
  kind type_ = kind::ipv4;
  ipv4_address ipv4_{};  ///< when type_ == ipv4
  ipv6_address ipv6_{};  ///< when type_ == ipv6
  std::string fqdn_;     ///< when type_ == fqdn: dotted form of the DNS labels (RFC 1035 §3.1)

  static decode_result<node_id> decode(byte_reader& r);
  void encode(byte_writer& w) const;
  bool operator==(const node_id&) const = default;
};

/// TS 29.244 §8.2.44: Volume Measurement
struct volume_measurement {
  static constexpr std::uint16_t ie_type = 66;
  static constexpr std::string_view ie_name = "volume_measurement";
  std::optional<std::uint64_t> total_volume_;
  std::optional<std::uint64_t> uplink_volume_;
  std::optional<std::uint64_t> downlink_volume_;
  std::optional<std::uint64_t> total_number_of_packets_;
  std::optional<std::uint64_t> uplink_number_of_packets_;
  std::optional<std::uint64_t> downlink_number_of_packets_;

  static decode_result<volume_measurement> decode(byte_reader& r);
  void encode(byte_writer& w) const;
  bool operator==(const volume_measurement&) const = default;
};

/// TS 29.244 §8.2.56: Outer Header Creation
struct outer_header_creation {
  static constexpr std::uint16_t ie_type = 84;
  static constexpr std::string_view ie_name = "outer_header_creation";
  /// Outer Header Creation Description, octets 5-6 (bit 1 of octet 5 is 0x0100).
  static constexpr std::uint16_t gtpu_udp_ipv4 = 0x0100, gtpu_udp_ipv6 = 0x0200, udp_ipv4 = 0x0400, udp_ipv6 = 0x0800,
                                 ipv4 = 0x1000, ipv6 = 0x2000, c_tag = 0x4000, s_tag = 0x8000, n19_indication = 0x0001,
                                 n6_indication = 0x0002;
  std::uint16_t description_ = gtpu_udp_ipv4;
  std::optional<teid> teid_;
  std::optional<ipv4_address> ipv4_;
  std::optional<ipv6_address> ipv6_;
  std::optional<std::uint16_t> port_number_;
  std::optional<std::array<std::uint8_t, 3>> c_tag_;
  std::optional<std::array<std::uint8_t, 3>> s_tag_;

  static decode_result<outer_header_creation> decode(byte_reader& r);
  void encode(byte_writer& w) const;
  bool operator==(const outer_header_creation&) const = default;
};

/// TS 29.244 §8.2.62: UE IP Address
struct ue_ip_address {
  static constexpr std::uint16_t ie_type = 93;
  static constexpr std::string_view ie_name = "ue_ip_address";
  std::optional<ipv4_address> ipv4_;                         ///< V4
  std::optional<ipv6_address> ipv6_;                         ///< V6
  bool destination_ = false;                                 ///< S/D: 1 = destination
  bool choose_ipv4_ = false;                                 ///< CHV4
  bool choose_ipv6_ = false;                                 ///< CHV6
  std::optional<std::uint8_t> ipv6_prefix_delegation_bits_;  ///< IPv6D
  std::optional<std::uint8_t> ipv6_prefix_length_;           ///< IP6PL

  static decode_result<ue_ip_address> decode(byte_reader& r);
  void encode(byte_writer& w) const;
  bool operator==(const ue_ip_address&) const = default;
};

/// TS 29.244 §8.2.64: Outer Header Removal
struct outer_header_removal {
  static constexpr std::uint16_t ie_type = 95;
  static constexpr std::string_view ie_name = "outer_header_removal";
  /// 0 GTP-U/UDP/IPv4, 1 GTP-U/UDP/IPv6, 2 UDP/IPv4, 3 UDP/IPv6, 4 IPv4, 5 IPv6,
  /// 6 GTP-U/UDP/IP, 7 VLAN S-TAG, 8 S-TAG and C-TAG
  std::uint8_t description_ = 0;
  std::optional<std::uint8_t> gtpu_extension_header_deletion_;

  static decode_result<outer_header_removal> decode(byte_reader& r);
  void encode(byte_writer& w) const;
  bool operator==(const outer_header_removal&) const = default;
};

/// TS 29.244 §8.2.101, IE type 257: S-NSSAI. Messages hold the shared
/// model::s_nssai; this is its coding at the PFCP edge: the SST octet and
/// three SD octets, 0xFFFFFF when there is no SD (TS 23.003 §28.4.2).
struct s_nssai_ie {
  static constexpr std::uint16_t ie_type = 257;
  static constexpr std::string_view ie_name = "s_nssai";
  static decode_result<model::s_nssai> decode(byte_reader& r);
  /// An SD of 0xFFFFFF itself (reserved: "no SD") is written as it is and so
  /// reads back as no SD.
  static void encode(byte_writer& w, const model::s_nssai& v);
};

/// Named flag bits of the flags IEs (spec bit numbers), for code and JSON.
namespace flags {
/// TS 29.244 §8.2.26
namespace apply_action {
inline constexpr flag drop{0, 1}, forw{0, 2}, buff{0, 3}, nocp{0, 4}, dupl{0, 5}, ipma{0, 6}, ipmd{0, 7}, dfrt{0, 8},
    edrt{1, 1}, bdpn{1, 2}, ddpn{1, 3}, fssm{1, 4}, mbsu{1, 5};
}
/// TS 29.244 §8.2.40
namespace measurement_method {
inline constexpr flag durat{0, 1}, volum{0, 2}, event{0, 3};
}
/// TS 29.244 §8.2.21
namespace report_type {
inline constexpr flag dldr{0, 1}, usar{0, 2}, erir{0, 3}, upir{0, 4}, tmir{0, 5}, sesr{0, 6}, uisr{0, 7};
}
/// TS 29.244 §8.2.19
namespace reporting_triggers {
inline constexpr flag perio{0, 1}, volth{0, 2}, timth{0, 3}, quhti{0, 4}, start{0, 5}, stopt{0, 6}, droth{0, 7},
    liusa{0, 8}, volqu{1, 1}, timqu{1, 2}, envcl{1, 3}, macar{1, 4}, eveth{1, 5}, evequ{1, 6}, ipmjl{1, 7}, quvti{1, 8},
    reemr{2, 1}, upint{2, 2};
}
/// TS 29.244 §8.2.41
namespace usage_report_trigger {
inline constexpr flag perio{0, 1}, volth{0, 2}, timth{0, 3}, quhti{0, 4}, start{0, 5}, stopt{0, 6}, droth{0, 7},
    immer{0, 8}, volqu{1, 1}, timqu{1, 2}, liusa{1, 3}, termr{1, 4}, monit{1, 5}, envcl{1, 6}, macar{1, 7}, eveth{1, 8},
    evequ{2, 1}, tebur{2, 2}, ipmjl{2, 3}, quvti{2, 4}, emrre{2, 5}, upint{2, 6};
}
}  // namespace flags

}  // namespace meridian::pfcp
