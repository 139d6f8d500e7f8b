#pragma once
// TS 29.502 data types of Nsmf_PDUSession (the SM-context half that the AMF
// uses for a non-roaming or local-breakout session).
//
// Conventions as in sbi_types/common_data.hpp; N1 SM and N2 SM payloads are
// the bytes of the multipart body's binary parts. Optional properties left
// out (no consumer in issues 14–16, 19 yet):
// - SmContextCreateData: serviceName, presenceInLadn, addUeLocation, the
//   home-routed and I-SMF URIs and ids (hSmfUri, hSmfId, smfUri, smfId,
//   additional*), pduSessionsActivateList, ueEpsPdnConnection, pcfGroupId,
//   pcfSetId, nrfUri, selMode, backupAmfInfo, traceData, udmGroupId,
//   routingIndicator, hNwPubKeyId, epsInterworkingInd, indirect/direct
//   forwarding flags, targetId, epsBearerCtxStatus, CIoT, MA PDU, smContext*
//   (SMF context transfer), small data / APN rate status, DDN failure,
//   W-AGF/TNGF/TWIF info, NRF URIs, pvsInfo, onboarding, satellite, UAV, roaming
// - SmContextCreatedData: hSmfUri, smfUri, additionalSnssai, allocatedEbiList,
//   smfServiceInstanceId, selectedSmfId, selectedOldSmfId, interPlmnApiRoot
// - SmContextUpdateData: backupAmfInfo, additionalAnType, anTypeToReactivate,
//   presenceInLadn, addUeLocation, targetId, n9 forwarding tunnels,
//   n9InactivityTimer, EPS bearers, traceData, epsInterworkingInd,
//   anTypeCanBeChanged, n2SmInfoExt1/TypeExt1, MA PDU, exemptionInd,
//   moExpDataCounter, extendedNasSmTimerInd, forwardingFTeid,
//   forwardingBearerContexts, ddnFailureSubs, secondary RAT usage, PCF UE
//   callback, satellite backhaul
// - SmContextUpdatedData: EBI lists, epsBearerSetup, n3/n9 forwarding tunnels,
//   maAcceptedInd, forwarding F-TEID and bearer contexts, selected SMF ids,
//   interPlmnApiRoot, anchorSmfFeatures
// - SmContextReleaseData: addUeLocation, vsmfReleaseOnly, ismfReleaseOnly
// - SmContextReleasedData: smallDataRateStatus, apnRateStatus (so it is empty)
// - SmContextStatusNotification: everything but statusInfo; StatusInfo: cnAssistedRanPara

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "meridian/model/guami.hpp"
#include "meridian/model/pdu_session.hpp"
#include "meridian/model/pei.hpp"
#include "meridian/model/s_nssai.hpp"
#include "meridian/model/supi.hpp"
#include "meridian/sbi_types/common_data.hpp"
#include "meridian/sbi_types/enum_strings.hpp"
#include "meridian/sbi_types/problem_details.hpp"

namespace meridian::smf {

/// TS 29.502 §6.1.6.3.2 UpCnxState.
enum class up_cnx_state : std::uint8_t { activated, deactivated, activating, suspended };
inline constexpr sbi::enum_string<up_cnx_state> up_cnx_state_strings[] = {
    {up_cnx_state::activated, "ACTIVATED"},
    {up_cnx_state::deactivated, "DEACTIVATED"},
    {up_cnx_state::activating, "ACTIVATING"},
    {up_cnx_state::suspended, "SUSPENDED"},
};
constexpr std::span<const sbi::enum_string<up_cnx_state>> enum_strings(up_cnx_state) noexcept {
  return up_cnx_state_strings;
}

/// TS 29.502 §6.1.6.3.3 HoState.
enum class ho_state : std::uint8_t { none, preparing, prepared, completed, cancelled };
inline constexpr sbi::enum_string<ho_state> ho_state_strings[] = {
    {ho_state::none, "NONE"},           {ho_state::preparing, "PREPARING"}, {ho_state::prepared, "PREPARED"},
    {ho_state::completed, "COMPLETED"}, {ho_state::cancelled, "CANCELLED"},
};
constexpr std::span<const sbi::enum_string<ho_state>> enum_strings(ho_state) noexcept { return ho_state_strings; }

/// TS 29.502 §6.1.6.3.4 RequestType.
enum class request_type : std::uint8_t {
  initial_request,
  existing_pdu_session,
  initial_emergency_request,
  existing_emergency_pdu_session,
};
inline constexpr sbi::enum_string<request_type> request_type_strings[] = {
    {request_type::initial_request, "INITIAL_REQUEST"},
    {request_type::existing_pdu_session, "EXISTING_PDU_SESSION"},
    {request_type::initial_emergency_request, "INITIAL_EMERGENCY_REQUEST"},
    {request_type::existing_emergency_pdu_session, "EXISTING_EMERGENCY_PDU_SESSION"},
};
constexpr std::span<const sbi::enum_string<request_type>> enum_strings(request_type) noexcept {
  return request_type_strings;
}

/// TS 29.502 §6.1.6.3.6 N2SmInfoType: which NGAP transfer an N2 SM container holds.
enum class n2_sm_info_type : std::uint8_t {
  pdu_res_setup_req, pdu_res_setup_rsp, pdu_res_setup_fail, pdu_res_rel_cmd, pdu_res_rel_rsp, pdu_res_mod_req,
  pdu_res_mod_rsp, pdu_res_mod_fail, pdu_res_nty, pdu_res_nty_rel, pdu_res_mod_ind, pdu_res_mod_cfm,
  path_switch_req, path_switch_setup_fail, path_switch_req_ack, path_switch_req_fail, handover_required,
  handover_cmd, handover_prep_fail, handover_req_ack, handover_res_alloc_fail, secondary_rat_usage,
  pdu_res_mod_ind_fail, ue_context_resume_req, ue_context_resume_rsp, ue_context_suspend_req,
};
inline constexpr sbi::enum_string<n2_sm_info_type> n2_sm_info_type_strings[] = {
    {n2_sm_info_type::pdu_res_setup_req, "PDU_RES_SETUP_REQ"},
    {n2_sm_info_type::pdu_res_setup_rsp, "PDU_RES_SETUP_RSP"},
    {n2_sm_info_type::pdu_res_setup_fail, "PDU_RES_SETUP_FAIL"},
    {n2_sm_info_type::pdu_res_rel_cmd, "PDU_RES_REL_CMD"},
    {n2_sm_info_type::pdu_res_rel_rsp, "PDU_RES_REL_RSP"},
    {n2_sm_info_type::pdu_res_mod_req, "PDU_RES_MOD_REQ"},
    {n2_sm_info_type::pdu_res_mod_rsp, "PDU_RES_MOD_RSP"},
    {n2_sm_info_type::pdu_res_mod_fail, "PDU_RES_MOD_FAIL"},
    {n2_sm_info_type::pdu_res_nty, "PDU_RES_NTY"},
    {n2_sm_info_type::pdu_res_nty_rel, "PDU_RES_NTY_REL"},
    {n2_sm_info_type::pdu_res_mod_ind, "PDU_RES_MOD_IND"},
    {n2_sm_info_type::pdu_res_mod_cfm, "PDU_RES_MOD_CFM"},
    {n2_sm_info_type::path_switch_req, "PATH_SWITCH_REQ"},
    {n2_sm_info_type::path_switch_setup_fail, "PATH_SWITCH_SETUP_FAIL"},
    {n2_sm_info_type::path_switch_req_ack, "PATH_SWITCH_REQ_ACK"},
    {n2_sm_info_type::path_switch_req_fail, "PATH_SWITCH_REQ_FAIL"},
    {n2_sm_info_type::handover_required, "HANDOVER_REQUIRED"},
    {n2_sm_info_type::handover_cmd, "HANDOVER_CMD"},
    {n2_sm_info_type::handover_prep_fail, "HANDOVER_PREP_FAIL"},
    {n2_sm_info_type::handover_req_ack, "HANDOVER_REQ_ACK"},
    {n2_sm_info_type::handover_res_alloc_fail, "HANDOVER_RES_ALLOC_FAIL"},
    {n2_sm_info_type::secondary_rat_usage, "SECONDARY_RAT_USAGE"},
    {n2_sm_info_type::pdu_res_mod_ind_fail, "PDU_RES_MOD_IND_FAIL"},
    {n2_sm_info_type::ue_context_resume_req, "UE_CONTEXT_RESUME_REQ"},
    {n2_sm_info_type::ue_context_resume_rsp, "UE_CONTEXT_RESUME_RSP"},
    {n2_sm_info_type::ue_context_suspend_req, "UE_CONTEXT_SUSPEND_REQ"},
};
constexpr std::span<const sbi::enum_string<n2_sm_info_type>> enum_strings(n2_sm_info_type) noexcept {
  return n2_sm_info_type_strings;
}

/// TS 29.502 §6.1.6.3.7 Cause: why an SM context is released or changed.
enum class cause : std::uint8_t {
  rel_due_to_ho, eps_fallback, rel_due_to_up_sec, dnn_congestion, s_nssai_congestion, rel_due_to_reactivation,
  an_5g_not_responding, rel_due_to_slice_not_available, rel_due_to_duplicate_session_id,
  pdu_session_status_mismatch, ho_failure, insufficient_up_resources, pdu_session_handed_over,
  pdu_session_resumed, cn_assisted_ran_parameter_tuning, ismf_context_transfer, smf_context_transfer,
  rel_due_to_ps_to_cs_ho, rel_due_to_subscription_change, ho_cancel, rel_due_to_slice_not_authorized,
  pdu_session_hand_over_failure, ddn_failure_status, rel_due_to_cp_only_not_applicable, not_supported_with_ismf,
  changed_anchor_smf, changed_intermediate_smf, target_dnai_notification, rel_due_to_vplmn_qos_failure,
  rel_due_to_smf_not_support_psetr, rel_due_to_snpn_snpn_mobility, rel_due_to_no_hr_agreement,
  rel_due_to_unspecified_reason,
};
inline constexpr sbi::enum_string<cause> cause_strings[] = {
    {cause::rel_due_to_ho, "REL_DUE_TO_HO"},
    {cause::eps_fallback, "EPS_FALLBACK"},
    {cause::rel_due_to_up_sec, "REL_DUE_TO_UP_SEC"},
    {cause::dnn_congestion, "DNN_CONGESTION"},
    {cause::s_nssai_congestion, "S_NSSAI_CONGESTION"},
    {cause::rel_due_to_reactivation, "REL_DUE_TO_REACTIVATION"},
    {cause::an_5g_not_responding, "5G_AN_NOT_RESPONDING"},
    {cause::rel_due_to_slice_not_available, "REL_DUE_TO_SLICE_NOT_AVAILABLE"},
    {cause::rel_due_to_duplicate_session_id, "REL_DUE_TO_DUPLICATE_SESSION_ID"},
    {cause::pdu_session_status_mismatch, "PDU_SESSION_STATUS_MISMATCH"},
    {cause::ho_failure, "HO_FAILURE"},
    {cause::insufficient_up_resources, "INSUFFICIENT_UP_RESOURCES"},
    {cause::pdu_session_handed_over, "PDU_SESSION_HANDED_OVER"},
    {cause::pdu_session_resumed, "PDU_SESSION_RESUMED"},
    {cause::cn_assisted_ran_parameter_tuning, "CN_ASSISTED_RAN_PARAMETER_TUNING"},
    {cause::ismf_context_transfer, "ISMF_CONTEXT_TRANSFER"},
    {cause::smf_context_transfer, "SMF_CONTEXT_TRANSFER"},
    {cause::rel_due_to_ps_to_cs_ho, "REL_DUE_TO_PS_TO_CS_HO"},
    {cause::rel_due_to_subscription_change, "REL_DUE_TO_SUBSCRIPTION_CHANGE"},
    {cause::ho_cancel, "HO_CANCEL"},
    {cause::rel_due_to_slice_not_authorized, "REL_DUE_TO_SLICE_NOT_AUTHORIZED"},
    {cause::pdu_session_hand_over_failure, "PDU_SESSION_HAND_OVER_FAILURE"},
    {cause::ddn_failure_status, "DDN_FAILURE_STATUS"},
    {cause::rel_due_to_cp_only_not_applicable, "REL_DUE_TO_CP_ONLY_NOT_APPLICABLE"},
    {cause::not_supported_with_ismf, "NOT_SUPPORTED_WITH_ISMF"},
    {cause::changed_anchor_smf, "CHANGED_ANCHOR_SMF"},
    {cause::changed_intermediate_smf, "CHANGED_INTERMEDIATE_SMF"},
    {cause::target_dnai_notification, "TARGET_DNAI_NOTIFICATION"},
    {cause::rel_due_to_vplmn_qos_failure, "REL_DUE_TO_VPLMN_QOS_FAILURE"},
    {cause::rel_due_to_smf_not_support_psetr, "REL_DUE_TO_SMF_NOT_SUPPORT_PSETR"},
    {cause::rel_due_to_snpn_snpn_mobility, "REL_DUE_TO_SNPN_SNPN_MOBILITY"},
    {cause::rel_due_to_no_hr_agreement, "REL_DUE_TO_NO_HR_AGREEMENT"},
    {cause::rel_due_to_unspecified_reason, "REL_DUE_TO_UNSPECIFIED_REASON"},
};
constexpr std::span<const sbi::enum_string<cause>> enum_strings(cause) noexcept { return cause_strings; }

/// TS 29.502 §6.1.6.3.8 ResourceStatus.
enum class resource_status : std::uint8_t { released, unchanged, transferred, updated, alt_anchor_smf };
inline constexpr sbi::enum_string<resource_status> resource_status_strings[] = {
    {resource_status::released, "RELEASED"},       {resource_status::unchanged, "UNCHANGED"},
    {resource_status::transferred, "TRANSFERRED"}, {resource_status::updated, "UPDATED"},
    {resource_status::alt_anchor_smf, "ALT_ANCHOR_SMF"},
};
constexpr std::span<const sbi::enum_string<resource_status>> enum_strings(resource_status) noexcept {
  return resource_status_strings;
}

/// TS 29.502 §6.1.6.2.2 SmContextCreateData (body of PostSmContexts).
struct sm_context_create_data {
  std::optional<model::supi> supi_{};                       ///< optional (absent only for an emergency session without one)
  std::optional<bool> unauthenticated_supi_{};              ///< optional
  std::optional<model::pei> pei_{};                         ///< optional
  std::optional<sbi::gpsi> gpsi_{};                         ///< optional
  std::optional<model::pdu_session_id> pdu_session_id_{};   ///< optional (present outside EPS interworking)
  std::optional<sbi::dnn> dnn_{};                           ///< optional: as the UE asked for it
  std::optional<sbi::dnn> selected_dnn_{};                  ///< optional: after the AMF's DNN replacement
  std::optional<model::s_nssai> s_nssai_{};                 ///< optional
  std::optional<model::s_nssai> hplmn_snssai_{};            ///< optional
  sbi::nf_instance_id serving_nf_id_{};                     ///< required: the AMF
  std::optional<model::guami> guami_{};                     ///< optional
  sbi::plmn_id_nid serving_network_{};                      ///< required
  std::optional<smf::request_type> request_type_{};         ///< optional
  std::optional<sbi::bytes> n1_sm_msg_{};                   ///< optional: PDU Session Establishment Request
  sbi::access_type an_type_ = sbi::access_type::access_3gpp;  ///< required
  std::optional<sbi::rat_type> rat_type_{};                 ///< optional
  std::optional<sbi::user_location> ue_location_{};         ///< optional
  std::optional<std::string> ue_time_zone_{};               ///< optional: "+01:00"
  sbi::uri sm_context_status_uri_{};                        ///< required: where SmContextStatusNotification goes
  std::optional<model::pdu_session_id> old_pdu_session_id_{};  ///< optional: SSC mode 3 re-establishment
  std::optional<smf::ho_state> ho_state_{};                 ///< optional: N2 handover of a session
  std::optional<sbi::nf_instance_id> pcf_id_{};             ///< optional
  std::optional<sbi::supported_features> supported_features_{};  ///< optional
  std::optional<sbi::bytes> n2_sm_info_{};                  ///< optional
  std::optional<smf::n2_sm_info_type> n2_sm_info_type_{};   ///< optional
  std::optional<smf::up_cnx_state> up_cnx_state_{};         ///< optional
  bool operator==(const sm_context_create_data&) const = default;
};

/// TS 29.502 §6.1.6.2.3 SmContextCreatedData (answer 201 of PostSmContexts).
struct sm_context_created_data {
  std::optional<model::pdu_session_id> pdu_session_id_{};  ///< optional
  std::optional<model::s_nssai> s_nssai_{};                ///< optional
  std::optional<smf::up_cnx_state> up_cnx_state_{};        ///< optional
  std::optional<sbi::bytes> n2_sm_info_{};                 ///< optional
  std::optional<smf::n2_sm_info_type> n2_sm_info_type_{};  ///< optional
  std::optional<smf::ho_state> ho_state_{};                ///< optional
  std::optional<sbi::gpsi> gpsi_{};                        ///< optional
  std::optional<sbi::date_time> recovery_time_{};          ///< optional
  std::optional<sbi::supported_features> supported_features_{};  ///< optional
  bool operator==(const sm_context_created_data&) const = default;
};

/// The answer of PostSmContexts: 201 with the body and a Location header
/// ".../sm-contexts/{smContextRef}"; the binding puts the {smContextRef} here.
struct sm_context_created {
  std::string sm_context_ref_{};
  sm_context_created_data data_{};
  bool operator==(const sm_context_created&) const = default;
};

/// TS 29.502 §6.1.6.2.6 SmContextCreateError: the problem and, usually, the N1
/// PDU Session Establishment Reject for the UE.
struct sm_context_create_error {
  sbi::problem_details error_{};                           ///< required (ExtProblemDetails)
  std::optional<sbi::bytes> n1_sm_msg_{};                  ///< optional
  std::optional<sbi::bytes> n2_sm_info_{};                 ///< optional
  std::optional<smf::n2_sm_info_type> n2_sm_info_type_{};  ///< optional
  std::optional<sbi::date_time> recovery_time_{};          ///< optional
  bool operator==(const sm_context_create_error&) const = default;
};

/// TS 29.502 §6.1.6.2.4 SmContextUpdateData (body of UpdateSmContext).
struct sm_context_update_data {
  std::optional<model::pei> pei_{};                        ///< optional
  std::optional<sbi::nf_instance_id> serving_nf_id_{};     ///< optional: a new AMF
  std::optional<model::guami> guami_{};                    ///< optional
  std::optional<sbi::plmn_id_nid> serving_network_{};      ///< optional
  std::optional<sbi::access_type> an_type_{};              ///< optional
  std::optional<sbi::rat_type> rat_type_{};                ///< optional
  std::optional<sbi::user_location> ue_location_{};        ///< optional
  std::optional<std::string> ue_time_zone_{};              ///< optional
  std::optional<smf::up_cnx_state> up_cnx_state_{};        ///< optional: ACTIVATING on service request, DEACTIVATED on AN release
  std::optional<smf::ho_state> ho_state_{};                ///< optional
  std::optional<bool> to_be_switched_{};                   ///< optional: Xn handover (path switch)
  std::optional<bool> failed_to_be_switched_{};            ///< optional
  std::optional<sbi::bytes> n1_sm_msg_{};                  ///< optional
  std::optional<sbi::bytes> n2_sm_info_{};                 ///< optional
  std::optional<smf::n2_sm_info_type> n2_sm_info_type_{};  ///< optional
  std::optional<sbi::nf_instance_id> target_serving_nf_id_{};  ///< optional
  std::optional<sbi::uri> sm_context_status_uri_{};        ///< optional
  std::optional<bool> data_forwarding_{};                  ///< optional
  std::optional<bool> release_{};                          ///< optional
  std::optional<smf::cause> cause_{};                      ///< optional
  std::optional<sbi::ng_ap_cause> ng_ap_cause_{};          ///< optional
  std::optional<std::uint8_t> mm_cause_value_5g_{};        ///< optional: "5gMmCauseValue"
  std::optional<model::s_nssai> s_nssai_{};                ///< optional
  std::optional<bool> skip_n2_pdu_session_res_rel_ind_{};  ///< optional
  std::optional<sbi::supported_features> supported_features_{};  ///< optional
  bool operator==(const sm_context_update_data&) const = default;
};

/// TS 29.502 §6.1.6.2.5 SmContextUpdatedData (answer 200 of UpdateSmContext;
/// a default-constructed value stands for 204 No Content).
struct sm_context_updated_data {
  std::optional<smf::up_cnx_state> up_cnx_state_{};        ///< optional
  std::optional<smf::ho_state> ho_state_{};                ///< optional
  std::optional<sbi::bytes> n1_sm_msg_{};                  ///< optional
  std::optional<sbi::bytes> n2_sm_info_{};                 ///< optional
  std::optional<smf::n2_sm_info_type> n2_sm_info_type_{};  ///< optional
  std::optional<bool> data_forwarding_{};                  ///< optional
  std::optional<smf::cause> cause_{};                      ///< optional
  std::optional<sbi::supported_features> supported_features_{};  ///< optional
  bool operator==(const sm_context_updated_data&) const = default;
};

/// TS 29.502 §6.1.6.2.7 SmContextUpdateError.
struct sm_context_update_error {
  sbi::problem_details error_{};                           ///< required (ExtProblemDetails)
  std::optional<sbi::bytes> n1_sm_msg_{};                  ///< optional
  std::optional<sbi::bytes> n2_sm_info_{};                 ///< optional
  std::optional<smf::n2_sm_info_type> n2_sm_info_type_{};  ///< optional
  std::optional<smf::up_cnx_state> up_cnx_state_{};        ///< optional
  std::optional<sbi::date_time> recovery_time_{};          ///< optional
  bool operator==(const sm_context_update_error&) const = default;
};

/// TS 29.502 §6.1.6.2.8 SmContextReleaseData (body of ReleaseSmContext).
struct sm_context_release_data {
  std::optional<smf::cause> cause_{};                      ///< optional
  std::optional<sbi::ng_ap_cause> ng_ap_cause_{};          ///< optional
  std::optional<std::uint8_t> mm_cause_value_5g_{};        ///< optional: "5gMmCauseValue"
  std::optional<sbi::user_location> ue_location_{};        ///< optional
  std::optional<std::string> ue_time_zone_{};              ///< optional
  std::optional<sbi::bytes> n2_sm_info_{};                 ///< optional
  std::optional<smf::n2_sm_info_type> n2_sm_info_type_{};  ///< optional
  bool operator==(const sm_context_release_data&) const = default;
};

/// TS 29.502 §6.1.6.2.40 SmContextReleasedData (answer 200 of ReleaseSmContext;
/// every property left out, so it stands for 204 as well).
struct sm_context_released_data {
  bool operator==(const sm_context_released_data&) const = default;
};

/// TS 29.502 §6.1.6.2.12 StatusInfo.
struct status_info {
  smf::resource_status resource_status_ = smf::resource_status::released;  ///< required
  std::optional<smf::cause> cause_{};            ///< optional
  std::optional<sbi::access_type> an_type_{};    ///< optional
  bool operator==(const status_info&) const = default;
};

/// TS 29.502 §6.1.6.2.11 SmContextStatusNotification.
struct sm_context_status_notification {
  smf::status_info status_info_{};  ///< required
  bool operator==(const sm_context_status_notification&) const = default;
};

}  // namespace meridian::smf
