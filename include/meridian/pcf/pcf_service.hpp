#pragma once
// The PCF's services (TS 29.507 Npcf_AMPolicyControl, TS 29.512
// Npcf_SMPolicyControl) as awaitable C++ interfaces: the AMF asks for access
// and mobility policy, the SMF for session policy. The PCF (issue 19)
// implements them; until it exists the AMF and SMF use local stand-ins behind
// these same interfaces.
//
// Optional properties left out (no consumer in issues 14–16, 19 yet):
// - PolicyAssociationRequest: altNotif*, accessTypes, gpsi, timeZone,
//   ratTypes, groupIds, servAreaRes, wlServAreaRes, rfsp, ueSliceMbrs,
//   targetSnssais, mappingSnssais, n3gAllowedSnssais, serviveName, traceReq,
//   nwdafDatas
// - PolicyAssociation / PolicyUpdate: request, servAreaRes, wlServAreaRes,
//   targetRfsp, smfSelInfo, ueSliceMbrs, pras, pcfUeInfo, matchPdus, asTimeDisParam
// - PolicyAssociationUpdateRequest: altNotif*, servAreaRes, wlServAreaRes,
//   rfsp, smfSelInfo, ueAmbr, ueSliceMbrs, praStatuses, targetSnssais,
//   mappingSnssais, accessTypes, ratTypes, n3gAllowedSnssais, traceReq, guami, nwdafDatas
// - SmPolicyContextData: charging fields, interGrpIds, invalidSupi,
//   dnnSelMode, addAccessInfo, ipDomain, authProfIndex, vplmnQos,
//   numOfPackFilter, online/offline, 3gppPsDataOffStatus, refQosIndication,
//   traceReq, qosFlowUsage, servNfId, smfId, recoveryTime, MA PDU/ATSSS,
//   frame routes, satellite, pcfUeInfo, pvsInfo
// - SmPolicyDecision: pcscfRestIndication, charging and usage-monitoring
//   decisions, traffContDecs, qosChars, qosMonDecs, reflectiveQoSTimer, conds,
//   offline/online, lastReq*, praInfos, ipv4/6Index, qosFlowUsage, relCause,
//   TSN containers, redSessIndication
// - SessionRule: refUmData, refUmN3gData, refCondData; AuthorizedDefaultQos:
//   averWindow, maxDataBurstVol, gbr*, extMaxDataBurstVol
// - PccRule: everything but flowInfos, pccRuleId, precedence, refQosData
// - QosData: qnc, averWindow, maxDataBurstVol, reflectiveQos, sharingKey*,
//   maxPacketLossRate*, extMaxDataBurstVol, packetDelayBudget, packetErrorRate
// - FlowInformation: ethFlowDescription, packetFilterUsage, tosTrafficClass, spi, flowLabel
// - SmPolicyUpdateContextData: everything but repPolicyCtrlReqTriggers,
//   accessType, ratType, servingNetwork, userLocationInfo, ueTimeZone,
//   ipv4Address, ipv6AddressPrefix, relIpv4Address, relIpv6AddressPrefix,
//   subsSessAmbr, subsDefQos
// - SmPolicyDeleteData: userLocationInfoTime, ranNasRelCauses, accuUsageReports, pduSessRelCause
// Operations left out: ReadIndividualAMPolicyAssociation, GetSMPolicy, and the
// PCF's notifications (AM policy update/termination, SM policy update/termination).

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "meridian/model/guami.hpp"
#include "meridian/model/pdu_session.hpp"
#include "meridian/model/pei.hpp"
#include "meridian/model/plmn.hpp"
#include "meridian/model/s_nssai.hpp"
#include "meridian/model/supi.hpp"
#include "meridian/sbi_types/common_data.hpp"
#include "meridian/sbi_types/enum_strings.hpp"
#include "meridian/sbi_types/result.hpp"

namespace meridian::pcf {

// ---------------------------------------------------------------- AM policy

/// TS 29.507 §5.6.3.3 RequestTrigger.
enum class request_trigger : std::uint8_t {
  loc_ch, pra_ch, serv_area_ch, rfsp_ch, allowed_nssai_ch, ue_ambr_ch, ue_slice_mbr_ch, smf_select_ch,
  access_type_ch, nwdaf_data_ch, target_nssai,
};
inline constexpr sbi::enum_string<request_trigger> request_trigger_strings[] = {
    {request_trigger::loc_ch, "LOC_CH"},
    {request_trigger::pra_ch, "PRA_CH"},
    {request_trigger::serv_area_ch, "SERV_AREA_CH"},
    {request_trigger::rfsp_ch, "RFSP_CH"},
    {request_trigger::allowed_nssai_ch, "ALLOWED_NSSAI_CH"},
    {request_trigger::ue_ambr_ch, "UE_AMBR_CH"},
    {request_trigger::ue_slice_mbr_ch, "UE_SLICE_MBR_CH"},
    {request_trigger::smf_select_ch, "SMF_SELECT_CH"},
    {request_trigger::access_type_ch, "ACCESS_TYPE_CH"},
    {request_trigger::nwdaf_data_ch, "NWDAF_DATA_CH"},
    {request_trigger::target_nssai, "TARGET_NSSAI"},
};
constexpr std::span<const sbi::enum_string<request_trigger>> enum_strings(request_trigger) noexcept {
  return request_trigger_strings;
}

/// TS 29.507 §5.6.2.2 PolicyAssociationRequest (body of CreateIndividualAMPolicyAssociation).
struct policy_association_request {
  sbi::uri notification_uri_{};                        ///< required
  model::supi supi_;                                 ///< required
  std::optional<sbi::access_type> access_type_{};      ///< optional
  std::optional<model::pei> pei_{};                    ///< optional
  std::optional<sbi::user_location> user_loc_{};       ///< optional
  std::optional<model::plmn> serving_plmn_{};          ///< optional (PlmnIdNid without NID)
  std::optional<sbi::rat_type> rat_type_{};            ///< optional
  std::optional<sbi::ambr> ue_ambr_{};                 ///< optional: the subscribed UE-AMBR
  std::vector<model::s_nssai> allowed_snssais_{};      ///< optional
  std::optional<model::guami> guami_{};                ///< optional
  sbi::supported_features supp_feat_{};                ///< required ("" for none)
  bool operator==(const policy_association_request&) const = default;
};

/// TS 29.507 §5.6.2.3 PolicyAssociation (answer 201, Location .../policies/{polAssoId}).
struct policy_association {
  std::vector<request_trigger> triggers_{};  ///< optional
  std::optional<std::int32_t> rfsp_{};       ///< optional: 1..256
  std::optional<sbi::ambr> ue_ambr_{};       ///< optional: the authorised UE-AMBR
  sbi::supported_features supp_feat_{};      ///< required
  bool operator==(const policy_association&) const = default;
};

/// The answer of CreateIndividualAMPolicyAssociation: the body and the
/// {polAssoId} of its Location header.
struct policy_association_created {
  std::string pol_asso_id_{};
  policy_association data_{};
  bool operator==(const policy_association_created&) const = default;
};

/// TS 29.507 §5.6.2.4 PolicyAssociationUpdateRequest.
struct policy_association_update_request {
  std::optional<sbi::uri> notification_uri_{};     ///< optional
  std::vector<request_trigger> triggers_{};        ///< optional: the triggers that fired
  std::optional<sbi::user_location> user_loc_{};   ///< optional
  std::vector<model::s_nssai> allowed_snssais_{};  ///< optional
  bool operator==(const policy_association_update_request&) const = default;
};

/// TS 29.507 §5.6.2.5 PolicyUpdate.
struct policy_update {
  sbi::uri resource_uri_{};                  ///< required
  std::vector<request_trigger> triggers_{};  ///< optional
  std::optional<std::int32_t> rfsp_{};       ///< optional
  std::optional<sbi::ambr> ue_ambr_{};       ///< optional
  bool operator==(const policy_update&) const = default;
};

/// TS 29.507 §5.2 Npcf_AMPolicyControl.
class npcf_am_policy_control {
 public:
  virtual ~npcf_am_policy_control() = default;

  /// Npcf_AMPolicyControl_Create: POST /policies (CreateIndividualAMPolicyAssociation).
  virtual sbi::awaitable<policy_association_created> create(policy_association_request request) = 0;

  /// Npcf_AMPolicyControl_Update: POST /policies/{polAssoId}/update
  /// (ReportObservedEventTriggersForIndividualAMPolicyAssociation).
  virtual sbi::awaitable<policy_update> update(std::string pol_asso_id, policy_association_update_request request) = 0;

  /// Npcf_AMPolicyControl_Delete: DELETE /policies/{polAssoId}
  /// (DeleteIndividualAMPolicyAssociation).
  virtual sbi::awaitable<sbi::no_content> delete_policy_association(std::string pol_asso_id) = 0;
};

// ---------------------------------------------------------------- SM policy

/// TS 29.512 §5.6.3.6 PolicyControlRequestTrigger (the triggers a session
/// without charging or AF sessions uses; the schema has 48).
enum class policy_control_request_trigger : std::uint8_t {
  plmn_ch, res_mo_re, ac_ty_ch, ue_ip_ch, ue_mac_ch, an_ch_cor, def_qos_ch, se_ambr_ch, qos_notif, sarea_ch,
  scnn_ch, re_timeout, res_release, succ_res_allo, rat_ty_ch, ue_tz_ch, user_location_ch, eps_fallback,
};
inline constexpr sbi::enum_string<policy_control_request_trigger> policy_control_request_trigger_strings[] = {
    {policy_control_request_trigger::plmn_ch, "PLMN_CH"},
    {policy_control_request_trigger::res_mo_re, "RES_MO_RE"},
    {policy_control_request_trigger::ac_ty_ch, "AC_TY_CH"},
    {policy_control_request_trigger::ue_ip_ch, "UE_IP_CH"},
    {policy_control_request_trigger::ue_mac_ch, "UE_MAC_CH"},
    {policy_control_request_trigger::an_ch_cor, "AN_CH_COR"},
    {policy_control_request_trigger::def_qos_ch, "DEF_QOS_CH"},
    {policy_control_request_trigger::se_ambr_ch, "SE_AMBR_CH"},
    {policy_control_request_trigger::qos_notif, "QOS_NOTIF"},
    {policy_control_request_trigger::sarea_ch, "SAREA_CH"},
    {policy_control_request_trigger::scnn_ch, "SCNN_CH"},
    {policy_control_request_trigger::re_timeout, "RE_TIMEOUT"},
    {policy_control_request_trigger::res_release, "RES_RELEASE"},
    {policy_control_request_trigger::succ_res_allo, "SUCC_RES_ALLO"},
    {policy_control_request_trigger::rat_ty_ch, "RAT_TY_CH"},
    {policy_control_request_trigger::ue_tz_ch, "UE_TZ_CH"},
    {policy_control_request_trigger::user_location_ch, "USER_LOCATION_CH"},
    {policy_control_request_trigger::eps_fallback, "EPS_FALLBACK"},
};
constexpr std::span<const sbi::enum_string<policy_control_request_trigger>> enum_strings(
    policy_control_request_trigger) noexcept {
  return policy_control_request_trigger_strings;
}

/// TS 29.512 §5.6.3.3 FlowDirection.
enum class flow_direction : std::uint8_t { downlink, uplink, bidirectional, unspecified };
inline constexpr sbi::enum_string<flow_direction> flow_direction_strings[] = {
    {flow_direction::downlink, "DOWNLINK"},
    {flow_direction::uplink, "UPLINK"},
    {flow_direction::bidirectional, "BIDIRECTIONAL"},
    {flow_direction::unspecified, "UNSPECIFIED"},
};
constexpr std::span<const sbi::enum_string<flow_direction>> enum_strings(flow_direction) noexcept {
  return flow_direction_strings;
}

/// TS 29.512 §5.6.2.2 SmPolicyContextData (body of CreateSMPolicy).
struct sm_policy_context_data {
  std::optional<sbi::gpsi> gpsi_{};                      ///< optional
  model::supi supi_;                                   ///< required
  model::pdu_session_id pdu_session_id_{};               ///< required
  sbi::pdu_session_type pdu_session_type_ = sbi::pdu_session_type::ipv4;  ///< required
  sbi::dnn dnn_{};                                       ///< required
  sbi::uri notification_uri_{};                          ///< required
  std::optional<sbi::access_type> access_type_{};        ///< optional
  std::optional<sbi::rat_type> rat_type_{};              ///< optional
  std::optional<sbi::plmn_id_nid> serving_network_{};    ///< optional
  std::optional<sbi::user_location> user_location_info_{};  ///< optional
  std::optional<std::string> ue_time_zone_{};            ///< optional
  std::optional<model::pei> pei_{};                      ///< optional
  std::optional<std::string> ipv4_address_{};            ///< optional
  std::optional<std::string> ipv6_address_prefix_{};     ///< optional
  std::optional<sbi::ambr> subs_sess_ambr_{};            ///< optional
  std::optional<sbi::subscribed_default_qos> subs_def_qos_{};  ///< optional
  model::s_nssai slice_info_{};                          ///< required
  std::optional<sbi::supported_features> supp_feat_{};   ///< optional
  bool operator==(const sm_policy_context_data&) const = default;
};

/// TS 29.512 §5.6.2.34 AuthorizedDefaultQos.
struct authorized_default_qos {
  std::optional<sbi::qos_5qi> qos_5qi_{};          ///< optional: "5qi"
  std::optional<sbi::arp> arp_{};                  ///< optional
  std::optional<std::uint8_t> priority_level_{};   ///< optional
  std::optional<sbi::bit_rate> maxbr_ul_{};        ///< optional
  std::optional<sbi::bit_rate> maxbr_dl_{};        ///< optional
  bool operator==(const authorized_default_qos&) const = default;
};

/// TS 29.512 §5.6.2.7 SessionRule.
struct session_rule {
  std::optional<sbi::ambr> auth_sess_ambr_{};             ///< optional
  std::optional<authorized_default_qos> auth_def_qos_{};  ///< optional
  std::string sess_rule_id_{};                            ///< required
  bool operator==(const session_rule&) const = default;
};

/// TS 29.512 §5.6.2.14 FlowInformation.
struct flow_information {
  std::optional<std::string> flow_description_{};  ///< optional: IPFilterRule, "permit out ip from any to assigned"
  std::optional<std::string> pack_filt_id_{};      ///< optional
  std::optional<pcf::flow_direction> flow_direction_{};  ///< optional
  bool operator==(const flow_information&) const = default;
};

/// TS 29.512 §5.6.2.6 PccRule.
struct pcc_rule {
  std::vector<flow_information> flow_infos_{};  ///< optional
  std::string pcc_rule_id_{};                   ///< required
  std::optional<std::uint32_t> precedence_{};   ///< optional
  std::vector<std::string> ref_qos_data_{};     ///< optional (at most one item)
  bool operator==(const pcc_rule&) const = default;
};

/// TS 29.512 §5.6.2.8 QosData.
struct qos_data {
  std::string qos_id_{};                        ///< required
  std::optional<sbi::qos_5qi> qos_5qi_{};       ///< optional: "5qi"
  std::optional<sbi::bit_rate> maxbr_ul_{};     ///< optional
  std::optional<sbi::bit_rate> maxbr_dl_{};     ///< optional
  std::optional<sbi::bit_rate> gbr_ul_{};       ///< optional
  std::optional<sbi::bit_rate> gbr_dl_{};       ///< optional
  std::optional<sbi::arp> arp_{};               ///< optional
  std::optional<std::uint8_t> priority_level_{};  ///< optional
  std::optional<bool> def_qos_flow_indication_{};  ///< optional
  bool operator==(const qos_data&) const = default;
};

/// TS 29.512 §5.6.2.4 SmPolicyDecision (answer of CreateSMPolicy and UpdateSMPolicy).
struct sm_policy_decision {
  std::map<std::string, session_rule> sess_rules_{};  ///< optional: keyed by sessRuleId
  std::map<std::string, pcc_rule> pcc_rules_{};       ///< optional: keyed by pccRuleId
  std::map<std::string, qos_data> qos_decs_{};        ///< optional: keyed by qosId
  std::optional<sbi::date_time> revalidation_time_{};  ///< optional
  std::vector<policy_control_request_trigger> policy_ctrl_req_triggers_{};  ///< optional
  std::optional<sbi::supported_features> supp_feat_{};  ///< optional
  bool operator==(const sm_policy_decision&) const = default;
};

/// The answer of CreateSMPolicy: the decision and the {smPolicyId} of its Location header.
struct sm_policy_created {
  std::string sm_policy_id_{};
  sm_policy_decision decision_{};
  bool operator==(const sm_policy_created&) const = default;
};

/// TS 29.512 §5.6.2.19 SmPolicyUpdateContextData (body of UpdateSMPolicy).
struct sm_policy_update_context_data {
  std::vector<policy_control_request_trigger> rep_policy_ctrl_req_triggers_{};  ///< optional: what fired
  std::optional<sbi::access_type> access_type_{};           ///< optional
  std::optional<sbi::rat_type> rat_type_{};                 ///< optional
  std::optional<sbi::plmn_id_nid> serving_network_{};       ///< optional
  std::optional<sbi::user_location> user_location_info_{};  ///< optional
  std::optional<std::string> ue_time_zone_{};               ///< optional
  std::optional<std::string> rel_ipv4_address_{};           ///< optional
  std::optional<std::string> ipv4_address_{};               ///< optional
  std::optional<std::string> ipv6_address_prefix_{};        ///< optional
  std::optional<std::string> rel_ipv6_address_prefix_{};    ///< optional
  std::optional<sbi::ambr> subs_sess_ambr_{};               ///< optional
  std::optional<sbi::subscribed_default_qos> subs_def_qos_{};  ///< optional
  bool operator==(const sm_policy_update_context_data&) const = default;
};

/// TS 29.512 §5.6.2.14 SmPolicyDeleteData (body of DeleteSMPolicy).
struct sm_policy_delete_data {
  std::optional<sbi::user_location> user_location_info_{};  ///< optional
  std::optional<std::string> ue_time_zone_{};               ///< optional
  std::optional<sbi::plmn_id_nid> serving_network_{};       ///< optional
  bool operator==(const sm_policy_delete_data&) const = default;
};

/// TS 29.512 §4.2 Npcf_SMPolicyControl.
class npcf_sm_policy_control {
 public:
  virtual ~npcf_sm_policy_control() = default;

  /// Npcf_SMPolicyControl_Create: POST /sm-policies (CreateSMPolicy).
  /// USER_UNKNOWN, ERROR_INITIAL_PARAMETERS, POLICY_CONTEXT_DENIED on refusal.
  virtual sbi::awaitable<sm_policy_created> create(sm_policy_context_data context) = 0;

  /// Npcf_SMPolicyControl_Update: POST /sm-policies/{smPolicyId}/update (UpdateSMPolicy).
  virtual sbi::awaitable<sm_policy_decision> update(std::string sm_policy_id,
                                                    sm_policy_update_context_data context) = 0;

  /// Npcf_SMPolicyControl_Delete: POST /sm-policies/{smPolicyId}/delete (DeleteSMPolicy).
  virtual sbi::awaitable<sbi::no_content> delete_sm_policy(std::string sm_policy_id, sm_policy_delete_data data) = 0;
};

}  // namespace meridian::pcf
