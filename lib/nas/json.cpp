// JSON rendering: walks each message's schema (the same field list that drives
// decoding and encoding) and renders every IE by its type.

#include "meridian/nas/json.hpp"

#include <nlohmann/json.hpp>

#include "meridian/common/hex.hpp"
#include "schemas_5gmm.hpp"
#include "schemas_5gsm.hpp"

namespace meridian::nas {

namespace {

using json = nlohmann::ordered_json;

json render_pdu(const nas_pdu& pdu, int depth);

std::string hexs(std::span<const std::uint8_t> b) { return to_hex(b); }

std::string ip4(const std::array<std::uint8_t, 4>& a) {
  return std::to_string(a[0]) + "." + std::to_string(a[1]) + "." + std::to_string(a[2]) + "." + std::to_string(a[3]);
}
std::string ip6(std::span<const std::uint8_t> a) {
  std::string s;
  for (std::size_t i = 0; i + 1 < a.size(); i += 2) {
    if (i != 0) s += ":";
    char buf[8];
    std::snprintf(buf, sizeof buf, "%x", (a[i] << 8) | a[i + 1]);
    s += buf;
  }
  return s;
}

json to_j(const octets& v) { return hexs(v.bytes_); }
json to_j(const half_octet& v) { return v.value_; }
json to_j(std::uint8_t v) { return v; }
template <std::size_t N>
json to_j(const std::array<std::uint8_t, N>& v) {
  return hexs(v);
}
json to_j(gmm_cause v) { return static_cast<int>(v); }
json to_j(gsm_cause v) { return static_cast<int>(v); }
json to_j(const key_set_identifier& v) { return {{"tsc", v.mapped_ ? "mapped" : "native"}, {"ksi", v.ksi_}}; }
json to_j(const registration_type& v) {
  return {{"follow_on_request", v.follow_on_request_}, {"value", static_cast<int>(v.value_)}};
}
json to_j(const deregistration_type& v) {
  return {{"switch_off", v.switch_off_},
          {"reregistration_required", v.reregistration_required_},
          {"access_type", static_cast<int>(v.access_type_)}};
}
json to_j(const access_type_ie& v) { return static_cast<int>(v.value_); }
json to_j(const identity_type_ie& v) { return static_cast<int>(v.value_); }
json to_j(const service_type& v) { return static_cast<int>(v.value_); }
json to_j(const payload_container_type& v) { return static_cast<int>(v.value_); }
json to_j(const request_type& v) { return static_cast<int>(v.value_); }
json to_j(const pdu_session_type& v) { return static_cast<int>(v.value_); }
json to_j(const ssc_mode& v) { return v.value_; }
json to_j(const nas_security_algorithms& v) {
  return {{"ciphering", "5G-EA" + std::to_string(v.ciphering_)}, {"integrity", "5G-IA" + std::to_string(v.integrity_)}};
}
json to_j(const model::plmn& v) { return {{"mcc", v.mcc()}, {"mnc", v.mnc()}}; }
json to_j(const model::tai& v) { return {{"plmn", to_j(v.plmn_)}, {"tac", v.tac_.value()}}; }
json to_j(const std::vector<model::tac>& v) {
  json a = json::array();
  for (auto t : v) a.push_back(t.value());
  return a;
}
json to_j(const tai_list& v) {
  json a = json::array();
  for (const auto& pl : v.partial_lists_) {
    if (const auto* x = std::get_if<tai_list_tacs>(&pl)) {
      a.push_back({{"type", 0}, {"plmn", to_j(x->plmn_)}, {"tacs", to_j(x->tacs_)}});
    } else if (const auto* y = std::get_if<tai_list_consecutive>(&pl)) {
      a.push_back({{"type", 1}, {"plmn", to_j(y->plmn_)}, {"first_tac", y->first_tac_.value()}, {"count", y->count_}});
    } else if (const auto* z = std::get_if<tai_list_tais>(&pl)) {
      json t = json::array();
      for (const auto& e : z->tais_) t.push_back(to_j(e));
      a.push_back({{"type", 2}, {"tais", t}});
    }
  }
  return a;
}
json to_j(const s_nssai& v) {
  json j{{"sst", v.value_.sst_}};
  if (v.value_.sd_) j["sd"] = v.value_.sd_->value();
  if (v.mapped_hplmn_) {
    j["mapped_hplmn_sst"] = v.mapped_hplmn_->sst_;
    if (v.mapped_hplmn_->sd_) j["mapped_hplmn_sd"] = v.mapped_hplmn_->sd_->value();
  }
  return j;
}
json to_j(const nssai& v) {
  json a = json::array();
  for (const auto& s : v.s_nssais_) a.push_back(to_j(s));
  return a;
}
json to_j(const rejected_nssai& v) {
  json a = json::array();
  for (const auto& r : v.rejected_) {
    json j{{"cause", r.cause_}, {"sst", r.s_nssai_.sst_}};
    if (r.s_nssai_.sd_) j["sd"] = r.s_nssai_.sd_->value();
    a.push_back(j);
  }
  return a;
}
json to_j(const registration_result& v) {
  return {{"value", v.value_},
          {"sms_allowed", v.sms_allowed_},
          {"nssaa_to_be_performed", v.nssaa_to_be_performed_},
          {"emergency_registered", v.emergency_registered_},
          {"disaster_roaming", v.disaster_roaming_}};
}
json mask(std::uint8_t m, const char* prefix) {
  json a = json::array();
  for (unsigned i = 0; i < 8; ++i)
    if ((m & (0x80 >> i)) != 0) a.push_back(prefix + std::to_string(i));
  return a;
}
json to_j(const ue_security_capability& v) {
  json j{{"5g_ea", mask(v.ea_, "5G-EA")}, {"5g_ia", mask(v.ia_, "5G-IA")}};
  if (v.eea_) j["eea"] = mask(*v.eea_, "EEA");
  if (v.eia_) j["eia"] = mask(*v.eia_, "EIA");
  return j;
}
json to_j(const psi_bitmap& v) {
  json a = json::array();
  for (unsigned i = 0; i < 16; ++i)
    if (v.has(i)) a.push_back(i);
  return {{"psi", a}};
}
template <timer_kind K>
json to_j(const timer_ie<K>& v) {
  json j{{"unit", v.unit_}, {"value", v.value_}};
  if (auto s = v.seconds())
    j["seconds"] = *s;
  else
    j["deactivated"] = true;
  return j;
}
json to_j(const mobile_identity& v) {
  return std::visit(
      [](const auto& x) -> json {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, suci_imsi>) {
          json j{{"type", "SUCI"},
                 {"supi_format", "IMSI"},
                 {"plmn", to_j(x.plmn_)},
                 {"routing_indicator", x.routing_indicator_},
                 {"protection_scheme", x.protection_scheme_},
                 {"home_network_public_key_id", x.home_network_public_key_id_},
                 {"scheme_output", hexs(x.scheme_output_)}};
          if (x.protection_scheme_ == 0) j["msin"] = x.msin();
          return j;
        } else if constexpr (std::is_same_v<T, suci_nai>) {
          return {{"type", "SUCI"}, {"supi_format", x.supi_format_}, {"nai", x.nai_}};
        } else if constexpr (std::is_same_v<T, guti_5g_identity>) {
          const auto& g = x.value_.guami_;
          return {{"type", "5G-GUTI"},
                  {"plmn", to_j(g.plmn_)},
                  {"amf_region_id", g.amf_id_.region_.value()},
                  {"amf_set_id", g.amf_id_.set_.value()},
                  {"amf_pointer", g.amf_id_.pointer_.value()},
                  {"5g_tmsi", x.value_.tmsi_.value()}};
        } else if constexpr (std::is_same_v<T, s_tmsi_5g_identity>) {
          return {{"type", "5G-S-TMSI"},
                  {"amf_set_id", x.value_.set_.value()},
                  {"amf_pointer", x.value_.pointer_.value()},
                  {"5g_tmsi", x.value_.tmsi_.value()}};
        } else if constexpr (std::is_same_v<T, imei>) {
          return {{"type", "IMEI"}, {"digits", x.digits_}};
        } else if constexpr (std::is_same_v<T, imeisv>) {
          return {{"type", "IMEISV"}, {"digits", x.digits_}};
        } else if constexpr (std::is_same_v<T, mac_address_identity>) {
          return {{"type", "MAC address"}, {"mac", hexs(x.mac_)}, {"usage_restricted", x.usage_restricted_}};
        } else if constexpr (std::is_same_v<T, eui64_identity>) {
          return {{"type", "EUI-64"}, {"eui64", hexs(x.eui64_)}};
        } else {
          return {{"type", "no identity"}, {"octets", hexs(x.bytes_)}};
        }
      },
      v.value_);
}
json to_j(const dnn& v) { return v.value_; }
json to_j(const pdu_address& v) {
  json j{{"pdu_session_type", static_cast<int>(v.type_)}};
  if (v.ipv4_) j["ipv4"] = ip4(*v.ipv4_);
  if (v.ipv6_interface_id_) j["ipv6_interface_identifier"] = ip6(*v.ipv6_interface_id_);
  if (v.ipv6_link_local_) j["ipv6_link_local"] = ip6(*v.ipv6_link_local_);
  return j;
}
json to_j(const session_ambr& v) {
  return {{"downlink_bps", session_ambr::bits_per_second(v.downlink_unit_, v.downlink_)},
          {"uplink_bps", session_ambr::bits_per_second(v.uplink_unit_, v.uplink_)},
          {"downlink", {{"unit", v.downlink_unit_}, {"value", v.downlink_}}},
          {"uplink", {{"unit", v.uplink_unit_}, {"value", v.uplink_}}}};
}
json to_j(const qos_rules& v) {
  json a = json::array();
  for (const auto& r : v.rules_) {
    json filters = json::array();
    for (const auto& f : r.packet_filters_) {
      json comps = json::array();
      for (const auto& c : f.components_) {
        json cj{{"type", static_cast<int>(c.type_)}};
        if (!c.value_.empty()) cj["value"] = hexs(c.value_);
        if ((c.type_ == packet_filter_component_type::ipv4_remote_address ||
             c.type_ == packet_filter_component_type::ipv4_local_address) &&
            c.value_.size() == 8) {
          cj["address"] = ip4({c.value_[0], c.value_[1], c.value_[2], c.value_[3]});
          cj["mask"] = ip4({c.value_[4], c.value_[5], c.value_[6], c.value_[7]});
        }
        if (c.type_ == packet_filter_component_type::match_all) cj["name"] = "match-all";
        comps.push_back(cj);
      }
      filters.push_back(
          {{"identifier", f.identifier_}, {"direction", static_cast<int>(f.direction_)}, {"components", comps}});
    }
    json j{{"identifier", r.identifier_},
           {"operation", static_cast<int>(r.operation_)},
           {"default_rule", r.default_rule_},
           {"packet_filters", filters}};
    if (r.precedence_) j["precedence"] = *r.precedence_;
    if (r.qfi_) {
      j["qfi"] = *r.qfi_;
      j["segregation"] = r.segregation_;
    }
    a.push_back(j);
  }
  return a;
}
json to_j(const qos_flow_descriptions& v) {
  json a = json::array();
  for (const auto& d : v.descriptions_) {
    json params = json::array();
    for (const auto& p : d.parameters_) {
      json pj{{"id", static_cast<int>(p.id_)}, {"contents", hexs(p.contents_)}};
      if (p.id_ == qos_flow_parameter_id::five_qi && p.contents_.size() == 1) pj["5qi"] = p.contents_[0];
      if ((p.id_ >= qos_flow_parameter_id::gfbr_uplink && p.id_ <= qos_flow_parameter_id::mfbr_downlink) &&
          p.contents_.size() == 3)
        pj["bps"] = session_ambr::bits_per_second(p.contents_[0],
                                                  static_cast<std::uint16_t>((p.contents_[1] << 8) | p.contents_[2]));
      params.push_back(pj);
    }
    a.push_back(
        {{"qfi", d.qfi_}, {"operation", static_cast<int>(d.operation_)}, {"e_bit", d.e_bit_}, {"parameters", params}});
  }
  return a;
}
json to_j(const extended_pco& v) {
  json c = json::array();
  for (const auto& x : v.containers_) c.push_back({{"id", x.id_}, {"contents", hexs(x.contents_)}});
  json j{{"configuration_protocol", v.header_ & 0x07}, {"containers", c}};
  json dns4 = json::array();
  for (const auto& a : v.dns_server_ipv4()) dns4.push_back(ip4(a));
  if (!dns4.empty()) j["dns_server_ipv4"] = dns4;
  json dns6 = json::array();
  for (const auto& a : v.dns_server_ipv6()) dns6.push_back(ip6(a));
  if (!dns6.empty()) j["dns_server_ipv6"] = dns6;
  if (auto mtu = v.ipv4_link_mtu()) j["ipv4_link_mtu"] = *mtu;
  return j;
}
json to_j(const integrity_protection_maximum_data_rate& v) {
  return {{"uplink", v.uplink_}, {"downlink", v.downlink_}};
}
json to_j(const network_name& v) {
  return {{"coding_scheme", v.coding_scheme_}, {"add_ci", v.add_ci_}, {"text", v.to_utf8()}};
}

template <class Msg, class... Fs>
json render_fields(const Msg& m, std::tuple<Fs*...>*) {
  json j = json::object();
  (
      [&] {
        using F = Fs;
        if constexpr (F::format != detail::ie_format::spare_half) {
          const auto& v = m.*F::member;
          if constexpr (F::is_optional) {
            if (v) j[std::string(F::name)] = to_j(*v);
          } else {
            j[std::string(F::name)] = to_j(v);
          }
        }
      }(),
      ...);
  return j;
}

template <class Msg>
json render_message(const Msg& m, int depth) {
  using fields = typename detail::schema_of<Msg>::fields;
  json j = render_fields(m, static_cast<typename decltype([]<class... Fs>(std::tuple<Fs...>*) {
                           return std::type_identity<std::tuple<Fs*...>>{};
                         }(static_cast<fields*>(nullptr)))::type*>(nullptr));
  if constexpr (requires {
                  m.payload_container_;
                  m.payload_container_type_;
                }) {
    const payload_container* pc = nullptr;
    std::optional<payload_container_type> t;
    if constexpr (requires { m.payload_container_->bytes_; }) {
      if (m.payload_container_) pc = &*m.payload_container_;
      t = m.payload_container_type_;
    } else {
      pc = &m.payload_container_;
      t = m.payload_container_type_;
    }
    if (pc && t && depth < 4) {
      auto p = decode_payload(*t, pc->bytes_);
      if (p) {
        if (const auto* s = std::get_if<gsm_pdu>(&*p)) j["payload"] = render_pdu(nas_pdu(*s), depth + 1);
        if (const auto* mp = std::get_if<multiple_payloads>(&*p)) {
          json a = json::array();
          for (const auto& e : mp->entries_)
            a.push_back({{"type", static_cast<int>(e.type_)}, {"contents", hexs(e.contents_)}});
          j["payload"] = {{"entries", a}};
        }
      } else {
        j["payload_error"] = p.error().message();
      }
    }
  }
  if constexpr (requires { m.nas_message_container_; }) {
    if (m.nas_message_container_ && depth < 4) {
      auto inner = decode_plain_nas(m.nas_message_container_->bytes_);
      if (inner) j["NAS message container (decoded)"] = render_pdu(*inner, depth + 1);
    }
  }
  return j;
}

json render_pdu(const nas_pdu& pdu, int depth) {
  json j;
  if (const auto* g = std::get_if<gmm_pdu>(&pdu)) {
    j["epd"] = "5GMM";
    j["security_header_type"] = 0;
    j["message"] = message_name(g->message_);
    j["message_type"] = std::visit(
        [](const auto& m) { return static_cast<int>(std::decay_t<decltype(m)>::message_type); }, g->message_);
    j["ies"] = std::visit([&](const auto& m) { return render_message(m, depth); }, g->message_);
  } else if (const auto* s = std::get_if<gsm_pdu>(&pdu)) {
    j["epd"] = "5GSM";
    j["pdu_session_id"] = s->pdu_session_id_;
    j["pti"] = s->pti_;
    j["message"] = message_name(s->message_);
    j["message_type"] = std::visit(
        [](const auto& m) { return static_cast<int>(std::decay_t<decltype(m)>::message_type); }, s->message_);
    j["ies"] = std::visit([&](const auto& m) { return render_message(m, depth); }, s->message_);
  } else {
    const auto& p = std::get<protected_pdu>(pdu);
    j["epd"] = "5GMM";
    j["security_header_type"] = static_cast<int>(p.security_header_type_);
    j["message_authentication_code"] = hexs(p.mac_);
    j["sequence_number"] = p.sequence_number_;
    j["payload"] = hexs(p.payload_);
  }
  return j;
}

}  // namespace

std::string to_json(const nas_pdu& pdu, const std::optional<nas_pdu>& deciphered, int indent) {
  json j = render_pdu(pdu, 0);
  if (deciphered) j["plain_message"] = render_pdu(*deciphered, 1);
  return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

std::string to_json(const nas_pdu& pdu, int indent) {
  std::optional<nas_pdu> inner;
  if (const auto* p = std::get_if<protected_pdu>(&pdu)) {
    // Header types 1 and 3 are not ciphered; under NEA0 2 and 4 read the same.
    auto d = decode_plain_nas(p->payload_);
    if (d) inner = std::move(*d);
  }
  return to_json(pdu, inner, indent);
}

std::string to_json_if_decodable(std::span<const std::uint8_t> bytes) {
  auto pdu = decode_nas(bytes);
  if (!pdu) return {};
  return to_json(*pdu);
}

}  // namespace meridian::nas
