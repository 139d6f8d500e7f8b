#pragma once
// The AMF's service towards the SMF (TS 29.518 Namf_Communication,
// N1N2MessageTransfer) as an awaitable C++ interface. The AMF core (issue 15)
// implements it; the SMF (issue 16) depends on this header only.
//
// N1 and N2 payloads travel as binary parts of a multipart body on the SBI
// (RefToBinaryData names the part); here they are the bytes themselves.
// Optional properties left out (no consumer in issues 14–16, 19):
// N1N2MessageTransferReqData: mtData, lcsCorrelationId, ppi, areaOfValidity,
// supportedFeatures, oldGuami, maAcceptedInd, extBufSupport, nfId;
// N1MessageContainer: nfId, serviceInstanceId; N2InfoContainer: ranInfo,
// nrppaInfo, pwsInfo, v2xInfo, proseInfo; N2SmInformation: homePlmnSnssai,
// iwkSnssai; N1N2MessageTransferRspData: supportedFeatures;
// N1N2MessageTransferError: errInfo (the error is its ProblemDetails).
// Operations left out: UE context create/release/transfer/relocate, EBI
// assignment, N1N2 subscriptions, non-UE N2 messages, AMF status change.

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "meridian/model/pdu_session.hpp"
#include "meridian/model/s_nssai.hpp"
#include "meridian/sbi_types/common_data.hpp"
#include "meridian/sbi_types/enum_strings.hpp"
#include "meridian/sbi_types/result.hpp"

namespace meridian::amf {

/// TS 29.518 §6.1.6.3.4 N1MessageClass.
enum class n1_message_class : std::uint8_t { mm_5g, sm, lpp, sms, updp, lcs };
inline constexpr sbi::enum_string<n1_message_class> n1_message_class_strings[] = {
    {n1_message_class::mm_5g, "5GMM"}, {n1_message_class::sm, "SM"},     {n1_message_class::lpp, "LPP"},
    {n1_message_class::sms, "SMS"},    {n1_message_class::updp, "UPDP"}, {n1_message_class::lcs, "LCS"},
};
constexpr std::span<const sbi::enum_string<n1_message_class>> enum_strings(n1_message_class) noexcept {
  return n1_message_class_strings;
}

/// TS 29.518 §6.1.6.3.5 N2InformationClass.
enum class n2_information_class : std::uint8_t { sm, nrppa, pws, pws_bcal, pws_rf, ran, v2x, prose };
inline constexpr sbi::enum_string<n2_information_class> n2_information_class_strings[] = {
    {n2_information_class::sm, "SM"},           {n2_information_class::nrppa, "NRPPa"},
    {n2_information_class::pws, "PWS"},         {n2_information_class::pws_bcal, "PWS-BCAL"},
    {n2_information_class::pws_rf, "PWS-RF"},   {n2_information_class::ran, "RAN"},
    {n2_information_class::v2x, "V2X"},         {n2_information_class::prose, "PROSE"},
};
constexpr std::span<const sbi::enum_string<n2_information_class>> enum_strings(n2_information_class) noexcept {
  return n2_information_class_strings;
}

/// TS 29.518 §6.1.6.3.8 NgapIeType: which NGAP IE an N2 container holds.
enum class ngap_ie_type : std::uint8_t {
  pdu_res_setup_req, pdu_res_rel_cmd, pdu_res_mod_req, handover_cmd, handover_required, handover_prep_fail,
  src_to_tar_container, tar_to_src_container, tar_to_src_fail_container, ran_status_trans_container,
  son_config_transfer, nrppa_pdu, ue_radio_capability, rim_info_transfer, secondary_rat_usage, pc5_qos_para,
  early_status_trans_container, ue_radio_capability_for_paging,
};
inline constexpr sbi::enum_string<ngap_ie_type> ngap_ie_type_strings[] = {
    {ngap_ie_type::pdu_res_setup_req, "PDU_RES_SETUP_REQ"},
    {ngap_ie_type::pdu_res_rel_cmd, "PDU_RES_REL_CMD"},
    {ngap_ie_type::pdu_res_mod_req, "PDU_RES_MOD_REQ"},
    {ngap_ie_type::handover_cmd, "HANDOVER_CMD"},
    {ngap_ie_type::handover_required, "HANDOVER_REQUIRED"},
    {ngap_ie_type::handover_prep_fail, "HANDOVER_PREP_FAIL"},
    {ngap_ie_type::src_to_tar_container, "SRC_TO_TAR_CONTAINER"},
    {ngap_ie_type::tar_to_src_container, "TAR_TO_SRC_CONTAINER"},
    {ngap_ie_type::tar_to_src_fail_container, "TAR_TO_SRC_FAIL_CONTAINER"},
    {ngap_ie_type::ran_status_trans_container, "RAN_STATUS_TRANS_CONTAINER"},
    {ngap_ie_type::son_config_transfer, "SON_CONFIG_TRANSFER"},
    {ngap_ie_type::nrppa_pdu, "NRPPA_PDU"},
    {ngap_ie_type::ue_radio_capability, "UE_RADIO_CAPABILITY"},
    {ngap_ie_type::rim_info_transfer, "RIM_INFO_TRANSFER"},
    {ngap_ie_type::secondary_rat_usage, "SECONDARY_RAT_USAGE"},
    {ngap_ie_type::pc5_qos_para, "PC5_QOS_PARA"},
    {ngap_ie_type::early_status_trans_container, "EARLY_STATUS_TRANS_CONTAINER"},
    {ngap_ie_type::ue_radio_capability_for_paging, "UE_RADIO_CAPABILITY_FOR_PAGING"},
};
constexpr std::span<const sbi::enum_string<ngap_ie_type>> enum_strings(ngap_ie_type) noexcept {
  return ngap_ie_type_strings;
}

/// TS 29.518 §6.1.6.3.6 N1N2MessageTransferCause.
enum class n1_n2_message_transfer_cause : std::uint8_t {
  attempting_to_reach_ue, n1_n2_transfer_initiated, waiting_for_asynchronous_transfer, ue_not_responding,
  n1_msg_not_transferred, n2_msg_not_transferred, ue_not_reachable_for_session,
  temporary_reject_registration_ongoing, temporary_reject_handover_ongoing, rejection_due_to_paging_restriction,
  an_not_responding, failure_cause_unspecified,
};
inline constexpr sbi::enum_string<n1_n2_message_transfer_cause> n1_n2_message_transfer_cause_strings[] = {
    {n1_n2_message_transfer_cause::attempting_to_reach_ue, "ATTEMPTING_TO_REACH_UE"},
    {n1_n2_message_transfer_cause::n1_n2_transfer_initiated, "N1_N2_TRANSFER_INITIATED"},
    {n1_n2_message_transfer_cause::waiting_for_asynchronous_transfer, "WAITING_FOR_ASYNCHRONOUS_TRANSFER"},
    {n1_n2_message_transfer_cause::ue_not_responding, "UE_NOT_RESPONDING"},
    {n1_n2_message_transfer_cause::n1_msg_not_transferred, "N1_MSG_NOT_TRANSFERRED"},
    {n1_n2_message_transfer_cause::n2_msg_not_transferred, "N2_MSG_NOT_TRANSFERRED"},
    {n1_n2_message_transfer_cause::ue_not_reachable_for_session, "UE_NOT_REACHABLE_FOR_SESSION"},
    {n1_n2_message_transfer_cause::temporary_reject_registration_ongoing, "TEMPORARY_REJECT_REGISTRATION_ONGOING"},
    {n1_n2_message_transfer_cause::temporary_reject_handover_ongoing, "TEMPORARY_REJECT_HANDOVER_ONGOING"},
    {n1_n2_message_transfer_cause::rejection_due_to_paging_restriction, "REJECTION_DUE_TO_PAGING_RESTRICTION"},
    {n1_n2_message_transfer_cause::an_not_responding, "AN_NOT_RESPONDING"},
    {n1_n2_message_transfer_cause::failure_cause_unspecified, "FAILURE_CAUSE_UNSPECIFIED"},
};
constexpr std::span<const sbi::enum_string<n1_n2_message_transfer_cause>> enum_strings(
    n1_n2_message_transfer_cause) noexcept {
  return n1_n2_message_transfer_cause_strings;
}

/// TS 29.518 §6.1.6.2.10 N1MessageContainer.
struct n1_message_container {
  amf::n1_message_class n1_message_class_ = amf::n1_message_class::sm;  ///< required
  sbi::bytes n1_message_content_{};  ///< required: the NAS message (a binary part on the SBI)
  bool operator==(const n1_message_container&) const = default;
};

/// TS 29.518 §6.1.6.2.14 N2InfoContent.
struct n2_info_content {
  std::optional<std::uint32_t> ngap_message_type_{};  ///< optional: NGAP procedure code
  std::optional<amf::ngap_ie_type> ngap_ie_type_{};   ///< optional
  sbi::bytes ngap_data_{};                            ///< required: the APER-encoded IE (a binary part)
  bool operator==(const n2_info_content&) const = default;
};

/// TS 29.518 §6.1.6.2.12 N2SmInformation.
struct n2_sm_information {
  model::pdu_session_id pdu_session_id_{};           ///< required
  std::optional<n2_info_content> n2_info_content_{};  ///< optional
  std::optional<model::s_nssai> s_nssai_{};          ///< optional
  std::optional<bool> subject_to_ho_{};              ///< optional
  bool operator==(const n2_sm_information&) const = default;
};

/// TS 29.518 §6.1.6.2.11 N2InfoContainer.
struct n2_info_container {
  amf::n2_information_class n2_information_class_ = amf::n2_information_class::sm;  ///< required
  std::optional<n2_sm_information> sm_info_{};  ///< optional: present for class SM
  bool operator==(const n2_info_container&) const = default;
};

/// TS 29.518 §6.1.6.2.8 N1N2MessageTransferReqData.
struct n1_n2_message_transfer_req_data {
  std::optional<n1_message_container> n1_message_container_{};  ///< optional
  std::optional<n2_info_container> n2_info_container_{};        ///< optional
  std::optional<bool> skip_ind_{};                              ///< optional: skip N1 if the UE is idle
  std::optional<bool> last_msg_indication_{};                   ///< optional
  std::optional<model::pdu_session_id> pdu_session_id_{};       ///< optional
  std::optional<sbi::arp> arp_{};                               ///< optional: for paging policy
  std::optional<sbi::qos_5qi> qos_5qi_{};                       ///< optional: "5qi"
  std::optional<sbi::uri> n1n2_failure_txf_notif_uri_{};        ///< optional: "n1n2FailureTxfNotifURI"
  std::optional<bool> smf_reallocation_ind_{};                  ///< optional
  std::optional<sbi::access_type> target_access_{};             ///< optional
  bool operator==(const n1_n2_message_transfer_req_data&) const = default;
};

/// TS 29.518 §6.1.6.2.9 N1N2MessageTransferRspData (answer 200, or 202 while paging).
struct n1_n2_message_transfer_rsp_data {
  n1_n2_message_transfer_cause cause_ = n1_n2_message_transfer_cause::n1_n2_transfer_initiated;  ///< required
  bool operator==(const n1_n2_message_transfer_rsp_data&) const = default;
};

/// TS 29.518 §5.2.2 Namf_Communication (the SMF's part of it).
class namf_communication {
 public:
  virtual ~namf_communication() = default;

  /// Namf_Communication_N1N2MessageTransfer: POST
  /// /ue-contexts/{ueContextId}/n1-n2-messages (N1N2MessageTransfer).
  /// `ue_context_id` is the TS 29.518 UeContextId: "imsi-…", "nai-…" or "5g-guti-…".
  /// A UE in CM-IDLE is paged (cause ATTEMPTING_TO_REACH_UE); errors:
  /// CONTEXT_NOT_FOUND, UE_NOT_REACHABLE, TEMPORARY_REJECT_* (409).
  virtual sbi::awaitable<n1_n2_message_transfer_rsp_data> n1_n2_message_transfer(
      std::string ue_context_id, n1_n2_message_transfer_req_data request) = 0;
};

}  // namespace meridian::amf
