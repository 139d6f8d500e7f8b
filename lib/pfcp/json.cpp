// JSON rendering of PFCP messages for logs and `meridian decode pfcp`. Grouped
// IEs and messages are rendered by walking the same schema that drives the codec.

#include <algorithm>

#include <nlohmann/json.hpp>

#include "meridian/common/hex.hpp"
#include "schemas.hpp"

namespace meridian::pfcp {

using json = nlohmann::ordered_json;
using namespace detail;

namespace {

std::string ipv4_text(const ipv4_address& a) {
  std::string s;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (i != 0) s.push_back('.');
    s.append(std::to_string(a[i]));
  }
  return s;
}

std::string ipv6_text(const ipv6_address& a) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string s;
  for (std::size_t i = 0; i < a.size(); i += 2) {
    if (i != 0) s.push_back(':');
    const unsigned v = (a[i] << 8) | a[i + 1];
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      const unsigned d = (v >> shift) & 0xf;
      if (d != 0 || started || shift == 0) {
        s.push_back(digits[d]);
        started = true;
      }
    }
  }
  return s;
}

// Flag names by IE type, octet by octet, bit 1 first (TS 29.244 §8.2).
const std::vector<std::string_view>* flag_names(std::uint16_t type) {
  static const std::vector<std::string_view> apply_action{"drop", "forw", "buff", "nocp", "dupl", "ipma", "ipmd",
                                                          "dfrt", "edrt", "bdpn", "ddpn", "fssm", "mbsu"};
  static const std::vector<std::string_view> measurement_method{"durat", "volum", "event"};
  static const std::vector<std::string_view> report_type{"dldr", "usar", "erir", "upir", "tmir", "sesr", "uisr"};
  static const std::vector<std::string_view> reporting_triggers{"perio", "volth", "timth", "quhti", "start", "stopt",
                                                                "droth", "liusa", "volqu", "timqu", "envcl", "macar",
                                                                "eveth", "evequ", "ipmjl", "quvti", "reemr", "upint"};
  static const std::vector<std::string_view> usage_report_trigger{
      "perio", "volth", "timth", "quhti", "start", "stopt", "droth", "immer", "volqu", "timqu", "liusa",
      "termr", "monit", "envcl", "macar", "eveth", "evequ", "tebur", "ipmjl", "quvti", "emrre", "upint"};
  static const std::vector<std::string_view> pfcpsmreq{"drobu", "sndem", "qaurr", "sumpc", "rumuc", "deteid"};
  static const std::vector<std::string_view> measurement_information{"mbqe", "inam",  "radi",  "istm",
                                                                     "mnop", "sspoc", "aspoc", "ciam"};
  switch (type) {
    case apply_action::ie_type:
      return &apply_action;
    case measurement_method::ie_type:
      return &measurement_method;
    case report_type::ie_type:
      return &report_type;
    case reporting_triggers::ie_type:
      return &reporting_triggers;
    case usage_report_trigger::ie_type:
      return &usage_report_trigger;
    case pfcpsmreq_flags::ie_type:
      return &pfcpsmreq;
    case measurement_information::ie_type:
      return &measurement_information;
    default:
      return nullptr;
  }
}

template <std::uint16_t T, fixed_string N, std::size_t O>
json leaf_json(const uint_ie<T, N, O>& v) {
  return v.value_;
}

std::string_view enum_name(cause_value v) {
  switch (v) {
    case cause_value::request_accepted:
      return "request_accepted";
    case cause_value::more_usage_report_to_send:
      return "more_usage_report_to_send";
    case cause_value::request_partially_accepted:
      return "request_partially_accepted";
    case cause_value::request_rejected:
      return "request_rejected";
    case cause_value::session_context_not_found:
      return "session_context_not_found";
    case cause_value::mandatory_ie_missing:
      return "mandatory_ie_missing";
    case cause_value::conditional_ie_missing:
      return "conditional_ie_missing";
    case cause_value::invalid_length:
      return "invalid_length";
    case cause_value::mandatory_ie_incorrect:
      return "mandatory_ie_incorrect";
    case cause_value::invalid_forwarding_policy:
      return "invalid_forwarding_policy";
    case cause_value::invalid_f_teid_allocation_option:
      return "invalid_f_teid_allocation_option";
    case cause_value::no_established_pfcp_association:
      return "no_established_pfcp_association";
    case cause_value::rule_creation_modification_failure:
      return "rule_creation_modification_failure";
    case cause_value::pfcp_entity_in_congestion:
      return "pfcp_entity_in_congestion";
    case cause_value::no_resources_available:
      return "no_resources_available";
    case cause_value::service_not_supported:
      return "service_not_supported";
    case cause_value::system_failure:
      return "system_failure";
    case cause_value::redirection_requested:
      return "redirection_requested";
    case cause_value::all_dynamic_addresses_are_occupied:
      return "all_dynamic_addresses_are_occupied";
  }
  return {};
}
std::string_view enum_name(interface_value v) {
  switch (v) {
    case interface_value::access:
      return "access";
    case interface_value::core:
      return "core";
    case interface_value::sgi_lan_n6_lan:
      return "sgi_lan_n6_lan";
    case interface_value::cp_function:
      return "cp_function";
    case interface_value::five_g_vn_internal:
      return "5g_vn_internal";
  }
  return {};
}
std::string_view enum_name(pdn_type_value v) {
  switch (v) {
    case pdn_type_value::ipv4:
      return "ipv4";
    case pdn_type_value::ipv6:
      return "ipv6";
    case pdn_type_value::ipv4v6:
      return "ipv4v6";
    case pdn_type_value::non_ip:
      return "non_ip";
    case pdn_type_value::ethernet:
      return "ethernet";
  }
  return {};
}

template <std::uint16_t T, fixed_string N, class V, std::uint8_t Mask>
json leaf_json(const octet_ie<T, N, V, Mask>& v) {
  if constexpr (std::is_enum_v<V>) {
    const auto name = enum_name(v.value_);
    if (!name.empty()) return std::string(name);
  }
  return static_cast<unsigned>(v.value_);
}

template <std::uint16_t T, fixed_string N, std::size_t O>
json leaf_json(const flags_ie<T, N, O>& v) {
  json j;
  j["octets"] = to_hex(v.octets_);
  if (const auto* names = flag_names(T)) {
    json set = json::array();
    for (std::size_t i = 0; i < names->size(); ++i)
      if (v.test(flag{static_cast<std::uint8_t>(i / 8), static_cast<std::uint8_t>(i % 8 + 1)}))
        set.push_back(std::string((*names)[i]));
    j["flags"] = set;
  }
  return j;
}

// DNS labels (RFC 1035 §3.1) as dotted text, or nothing when `b` is not a
// sequence of printable labels.
std::optional<std::string> labels_text(const std::vector<std::uint8_t>& b) {
  std::string out;
  std::size_t i = 0;
  while (i < b.size()) {
    const std::size_t n = b[i];
    if (n == 0 || n > 63 || i + 1 + n > b.size()) return std::nullopt;
    if (!out.empty()) out.push_back('.');
    for (std::size_t k = i + 1; k <= i + n; ++k) {
      if (b[k] < 0x21 || b[k] >= 0x7f) return std::nullopt;
      out.push_back(static_cast<char>(b[k]));
    }
    i += 1 + n;
  }
  if (out.empty()) return std::nullopt;
  return out;
}

template <std::uint16_t T, fixed_string N>
json leaf_json(const octets_ie<T, N>& v) {
  // Network Instance and APN/DNN are text, often in DNS label form; show them
  // as text when they are, and any other octets as hex.
  if constexpr (T == network_instance::ie_type || T == apn_dnn::ie_type) {
    if (auto t = labels_text(v.value_)) return *t;
    const bool printable = !v.value_.empty() && std::all_of(v.value_.begin(), v.value_.end(),
                                                            [](std::uint8_t c) { return c >= 0x20 && c < 0x7f; });
    if (printable) return std::string(v.value_.begin(), v.value_.end());
  }
  return to_hex(v.value_);
}

template <std::uint16_t T, fixed_string N>
json leaf_json(const bitrate_ie<T, N>& v) {
  return json{{"ul_kbps", v.ul_}, {"dl_kbps", v.dl_}};
}

template <std::uint16_t T, fixed_string N>
json leaf_json(const volume_ie<T, N>& v) {
  json j = json::object();
  if (v.total_volume_) j["total_volume"] = *v.total_volume_;
  if (v.uplink_volume_) j["uplink_volume"] = *v.uplink_volume_;
  if (v.downlink_volume_) j["downlink_volume"] = *v.downlink_volume_;
  return j;
}

json leaf_json(const f_teid& v) {
  json j;
  if (v.choose_) {
    j["choose"] = true;
    j["choose_ipv4"] = v.choose_ipv4_;
    j["choose_ipv6"] = v.choose_ipv6_;
    if (v.choose_id_) j["choose_id"] = *v.choose_id_;
    return j;
  }
  j["teid"] = v.teid_.value();
  if (v.ipv4_) j["ipv4"] = ipv4_text(*v.ipv4_);
  if (v.ipv6_) j["ipv6"] = ipv6_text(*v.ipv6_);
  return j;
}

json leaf_json(const f_seid& v) {
  json j;
  j["seid"] = v.seid_.value();
  if (v.ipv4_) j["ipv4"] = ipv4_text(*v.ipv4_);
  if (v.ipv6_) j["ipv6"] = ipv6_text(*v.ipv6_);
  return j;
}

json leaf_json(const node_id& v) {
  switch (v.type_) {
    case node_id::kind::ipv4:
      return json{{"ipv4", ipv4_text(v.ipv4_)}};
    case node_id::kind::ipv6:
      return json{{"ipv6", ipv6_text(v.ipv6_)}};
    case node_id::kind::fqdn:
      return json{{"fqdn", v.fqdn_}};
  }
  return json{};
}

json leaf_json(const sdf_filter& v) {
  json j = json::object();
  if (v.flow_description_) j["flow_description"] = *v.flow_description_;
  if (v.tos_traffic_class_) j["tos_traffic_class"] = *v.tos_traffic_class_;
  if (v.security_parameter_index_) j["security_parameter_index"] = *v.security_parameter_index_;
  if (v.flow_label_) j["flow_label"] = *v.flow_label_;
  if (v.sdf_filter_id_) j["sdf_filter_id"] = *v.sdf_filter_id_;
  return j;
}

json leaf_json(const gate_status& v) {
  auto g = [](std::uint8_t x) { return x == 0 ? json("open") : x == 1 ? json("closed") : json(x); };
  return json{{"ul_gate", g(v.ul_gate_)}, {"dl_gate", g(v.dl_gate_)}};
}

json leaf_json(const volume_measurement& v) {
  json j = json::object();
  if (v.total_volume_) j["total_volume"] = *v.total_volume_;
  if (v.uplink_volume_) j["uplink_volume"] = *v.uplink_volume_;
  if (v.downlink_volume_) j["downlink_volume"] = *v.downlink_volume_;
  if (v.total_number_of_packets_) j["total_number_of_packets"] = *v.total_number_of_packets_;
  if (v.uplink_number_of_packets_) j["uplink_number_of_packets"] = *v.uplink_number_of_packets_;
  if (v.downlink_number_of_packets_) j["downlink_number_of_packets"] = *v.downlink_number_of_packets_;
  return j;
}

json leaf_json(const outer_header_creation& v) {
  json j;
  j["description"] = v.description_;
  json kinds = json::array();
  static constexpr std::pair<std::uint16_t, std::string_view> names[] = {
      {outer_header_creation::gtpu_udp_ipv4, "gtp-u/udp/ipv4"},
      {outer_header_creation::gtpu_udp_ipv6, "gtp-u/udp/ipv6"},
      {outer_header_creation::udp_ipv4, "udp/ipv4"},
      {outer_header_creation::udp_ipv6, "udp/ipv6"},
      {outer_header_creation::ipv4, "ipv4"},
      {outer_header_creation::ipv6, "ipv6"},
      {outer_header_creation::c_tag, "c-tag"},
      {outer_header_creation::s_tag, "s-tag"},
      {outer_header_creation::n19_indication, "n19"},
      {outer_header_creation::n6_indication, "n6"}};
  for (const auto& [bit, name] : names)
    if ((v.description_ & bit) != 0) kinds.push_back(std::string(name));
  j["kinds"] = kinds;
  if (v.teid_) j["teid"] = v.teid_->value();
  if (v.ipv4_) j["ipv4"] = ipv4_text(*v.ipv4_);
  if (v.ipv6_) j["ipv6"] = ipv6_text(*v.ipv6_);
  if (v.port_number_) j["port_number"] = *v.port_number_;
  if (v.c_tag_) j["c_tag"] = to_hex(*v.c_tag_);
  if (v.s_tag_) j["s_tag"] = to_hex(*v.s_tag_);
  return j;
}

json leaf_json(const ue_ip_address& v) {
  json j;
  if (v.ipv4_) j["ipv4"] = ipv4_text(*v.ipv4_);
  if (v.ipv6_) j["ipv6"] = ipv6_text(*v.ipv6_);
  j["source_or_destination"] = v.destination_ ? "destination" : "source";
  if (v.choose_ipv4_) j["choose_ipv4"] = true;
  if (v.choose_ipv6_) j["choose_ipv6"] = true;
  if (v.ipv6_prefix_delegation_bits_) j["ipv6_prefix_delegation_bits"] = *v.ipv6_prefix_delegation_bits_;
  if (v.ipv6_prefix_length_) j["ipv6_prefix_length"] = *v.ipv6_prefix_length_;
  return j;
}

json leaf_json(const outer_header_removal& v) {
  static constexpr std::string_view names[] = {"gtp-u/udp/ipv4", "gtp-u/udp/ipv6", "udp/ipv4",
                                               "udp/ipv6",       "ipv4",           "ipv6",
                                               "gtp-u/udp/ip",   "vlan s-tag",     "s-tag and c-tag"};
  json j;
  j["description"] =
      v.description_ < std::size(names) ? json(std::string(names[v.description_])) : json(v.description_);
  if (v.gtpu_extension_header_deletion_) j["gtpu_extension_header_deletion"] = *v.gtpu_extension_header_deletion_;
  return j;
}

json leaf_json(const model::s_nssai& v) {
  json j{{"sst", v.sst_}};
  if (v.sd_) j["sd"] = v.sd_->value();
  return j;
}

template <class S>
json group_json(const S& s);

template <class T>
json value_json(const T& v) {
  if constexpr (grouped_ie<T>)
    return group_json(v);
  else
    return leaf_json(v);
}

// Keys are the IE type names (no schema holds two members of one IE type).
template <class S, class... Fs>
json group_json_impl(const S& s, std::tuple<Fs...>*) {
  json j = json::object();
  auto one = [&]<class F>() {
    const auto& m = s.*(F::member);
    const std::string key(ie_codec<value_t<F>>::ie_name);
    if constexpr (slot_t<F>::kind == multiplicity::many) {
      if (m.empty()) return;
      json a = json::array();
      for (const auto& v : m) a.push_back(value_json(v));
      j[key] = a;
    } else if constexpr (slot_t<F>::kind == multiplicity::optional) {
      if (m) j[key] = value_json(*m);
    } else {
      j[key] = value_json(m);
    }
  };
  (one.template operator()<Fs>(), ...);
  (void)one;
  if (!s.layout_.unknown_.empty()) {
    json a = json::array();
    for (const auto& u : s.layout_.unknown_) {
      json x{{"type", u.type_}};
      if (u.enterprise_id_) x["enterprise_id"] = *u.enterprise_id_;
      x["value"] = to_hex(u.value_);
      a.push_back(x);
    }
    j["unknown_ies"] = a;
  }
  return j;
}

template <class S>
json group_json(const S& s) {
  return group_json_impl(s, static_cast<fields_of<S>*>(nullptr));
}

}  // namespace

std::string to_json_text(const message& m, int indent) {
  json j;
  j["message_type"] = std::string(message_name(m.body_));
  j["version"] = m.header_.version_;
  if (m.header_.follow_on_) j["follow_on"] = true;
  if (m.header_.seid_) j["seid"] = m.header_.seid_->value();
  j["sequence_number"] = m.header_.sequence_number_;
  if (m.header_.message_priority_) j["message_priority"] = *m.header_.message_priority_;
  j["ies"] = std::visit([](const auto& b) { return group_json(b); }, m.body_);
  // Strings from the wire (flow descriptions, FQDNs) need not be UTF-8: invalid bytes are replaced, so rendering cannot
  // fail.
  return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

}  // namespace meridian::pfcp
