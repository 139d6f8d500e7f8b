#include "provisioned_data.hpp"

#include <algorithm>

namespace meridian::udr {

udm::access_and_mobility_subscription_data am_data_of(const subscriber& s) {
  udm::access_and_mobility_subscription_data am;
  am.subscribed_ue_ambr_ = s.ue_ambr_;
  udm::nssai nssai;
  for (const auto& n : s.nssai_) (n.default_ ? nssai.default_single_nssais_ : nssai.single_nssais_).push_back(n.snssai_);
  am.nssai_ = std::move(nssai);
  am.rat_restrictions_ = s.rat_restrictions_;
  return am;
}

udm::smf_selection_subscription_data smf_selection_data_of(const subscriber& s) {
  udm::smf_selection_subscription_data out;
  for (const auto& c : s.sessions_) {
    out.subscribed_snssai_infos_[c.snssai_].dnn_infos_.push_back(udm::dnn_info{
        .dnn_ = c.dnn_, .default_dnn_indicator_ = c.default_dnn_ ? std::optional<bool>(true) : std::nullopt,
        .dnn_barred_ = std::nullopt});
  }
  return out;
}

namespace {

udm::dnn_configuration dnn_configuration_of(const session_config& c) {
  udm::dnn_configuration d;
  d.pdu_session_types_ = udm::pdu_session_types{.default_session_type_ = c.default_pdu_session_type_,
                                                .allowed_session_types_ = c.allowed_pdu_session_types_};
  d.ssc_modes_ = udm::ssc_modes{.default_ssc_mode_ = c.default_ssc_mode_, .allowed_ssc_modes_ = c.allowed_ssc_modes_};
  d.qos_profile_5g_ = sbi::subscribed_default_qos{.qos_5qi_ = c.qos_5qi_, .arp_ = c.arp_, .priority_level_ = std::nullopt};
  d.session_ambr_ = c.session_ambr_;
  if (c.static_ipv4_) d.static_ip_address_.push_back(udm::ip_address{.ipv4_addr_ = c.static_ipv4_});
  if (c.static_ipv6_) {
    udm::ip_address a;
    // TS 29.503 IpAddress: an address or a prefix, told apart by the slash.
    (c.static_ipv6_->find('/') != std::string::npos ? a.ipv6_prefix_ : a.ipv6_addr_) = c.static_ipv6_;
    d.static_ip_address_.push_back(std::move(a));
  }
  return d;
}

}  // namespace

udm::sm_subs_data sm_data_of(const subscriber& s, const std::optional<model::s_nssai>& single_nssai,
                             const std::optional<sbi::dnn>& dnn) {
  udm::sm_subs_data out;
  for (const auto& n : s.nssai_) {
    if (single_nssai && n.snssai_ != *single_nssai) continue;
    udm::session_management_subscription_data data;
    data.single_nssai_ = n.snssai_;
    for (const auto& c : s.sessions_) {
      if (c.snssai_ != n.snssai_ || (dnn && c.dnn_ != *dnn)) continue;
      data.dnn_configurations_[c.dnn_] = dnn_configuration_of(c);
    }
    if (dnn && data.dnn_configurations_.empty()) continue;
    out.push_back(std::move(data));
  }
  return out;
}

}  // namespace meridian::udr
