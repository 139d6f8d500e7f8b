// JSON rendering of GTP-U messages for logs and `meridian decode gtpu`. The IE
// names come from the same schema that drives the codec.

#include <nlohmann/json.hpp>

#include "ie_schema.hpp"
#include "meridian/common/hex.hpp"
#include "meridian/gtpu/messages.hpp"

namespace meridian::gtpu {

using json = nlohmann::ordered_json;
using namespace detail;

namespace {

json ie_json(const recovery& v) { return v.restart_counter_; }
json ie_json(const teid_data_i& v) { return v.teid_.value(); }
json ie_json(const gtp_u_peer_address& v) {
  std::string s;
  if (v.address_.size() == 4) {
    for (std::size_t i = 0; i < 4; ++i) {
      if (i != 0) s.push_back('.');
      s.append(std::to_string(v.address_[i]));
    }
    return s;
  }
  return to_hex(v.address_);
}
json ie_json(const extension_header_type_list& v) {
  json a = json::array();
  for (auto t : v.types_) a.push_back(t);
  return a;
}
json ie_json(const private_extension& v) {
  return json{{"extension_identifier", v.extension_identifier_}, {"extension_value", to_hex(v.extension_value_)}};
}

template <class Msg, class... Fs>
json body_json_impl(const Msg& m, std::tuple<Fs...>*) {
  json j = json::object();
  auto one = [&]<class F>() {
    const auto& v = m.*(F::member);
    if constexpr (is_optional_v<F>) {
      if (v) j[std::string(ie_codec<value_t<F>>::name)] = ie_json(*v);
    } else {
      j[std::string(ie_codec<value_t<F>>::name)] = ie_json(v);
    }
  };
  (one.template operator()<Fs>(), ...);
  return j;
}

json container_json(const pdu_session_container& c) {
  json j;
  if (const auto* d = std::get_if<dl_pdu_session_information>(&c)) {
    j["pdu_type"] = "dl_pdu_session_information";
    j["qfi"] = d->qfi_.value();
    j["rqi"] = d->rqi_;
    if (d->ppi_) j["ppi"] = *d->ppi_;
    if (d->dl_sending_time_stamp_) j["dl_sending_time_stamp"] = *d->dl_sending_time_stamp_;
    if (d->dl_qfi_sequence_number_) j["dl_qfi_sequence_number"] = *d->dl_qfi_sequence_number_;
    if (d->dl_mbs_qfi_sequence_number_) j["dl_mbs_qfi_sequence_number"] = *d->dl_mbs_qfi_sequence_number_;
    return j;
  }
  const auto& u = std::get<ul_pdu_session_information>(c);
  j["pdu_type"] = "ul_pdu_session_information";
  j["qfi"] = u.qfi_.value();
  if (u.qos_monitoring_) {
    j["dl_sending_time_stamp_repeated"] = u.qos_monitoring_->dl_sending_time_stamp_repeated_;
    j["dl_received_time_stamp"] = u.qos_monitoring_->dl_received_time_stamp_;
    j["ul_sending_time_stamp"] = u.qos_monitoring_->ul_sending_time_stamp_;
  }
  if (u.dl_delay_result_) j["dl_delay_result"] = *u.dl_delay_result_;
  if (u.ul_delay_result_) j["ul_delay_result"] = *u.ul_delay_result_;
  if (u.ul_qfi_sequence_number_) j["ul_qfi_sequence_number"] = *u.ul_qfi_sequence_number_;
  if (u.n3_n9_delay_result_) j["n3_n9_delay_result"] = *u.n3_n9_delay_result_;
  if (u.new_ie_flags_) j["new_ie_flags"] = *u.new_ie_flags_;
  if (u.d1_ul_pdcp_delay_result_) j["d1_ul_pdcp_delay_result"] = *u.d1_ul_pdcp_delay_result_;
  return j;
}

json extension_json(const extension_header& x) {
  json j;
  j["type"] = x.type_;
  if (const auto* c = std::get_if<pdu_session_container>(&x.content_)) {
    j["pdu_session_container"] = container_json(*c);
  } else {
    const auto& raw = std::get<std::vector<std::uint8_t>>(x.content_);
    if (x.type_ == extension_type::udp_port && raw.size() >= 2)
      j["udp_port"] = (raw[0] << 8) | raw[1];
    else
      j["content"] = to_hex(raw);
  }
  return j;
}

}  // namespace

std::string to_json_text(const message& m, int indent) {
  json j;
  j["message_type"] = std::string(to_string(m.type()));
  j["teid"] = m.teid_.value();
  if (m.sequence_number_) j["sequence_number"] = *m.sequence_number_;
  if (m.n_pdu_number_) j["n_pdu_number"] = *m.n_pdu_number_;
  if (!m.extension_headers_.empty()) {
    json a = json::array();
    for (const auto& x : m.extension_headers_) a.push_back(extension_json(x));
    j["extension_headers"] = a;
  }
  std::visit(
      [&]<class B>(const B& b) {
        if constexpr (std::is_same_v<B, g_pdu>) {
          j["t_pdu"] = to_hex(b.t_pdu_);
        } else {
          json ies = body_json_impl(b, static_cast<typename schema_of<B>::fields*>(nullptr));
          if (!ies.empty()) j["ies"] = ies;
        }
      },
      m.body_);
  // Strings from the wire (flow descriptions, FQDNs) need not be UTF-8: invalid bytes are replaced, so rendering cannot
  // fail.
  return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

}  // namespace meridian::gtpu
