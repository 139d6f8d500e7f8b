#pragma once
// TS 29.503 data types of the UDM's services (UEAU, SDM, UECM). The UDR's
// provisioned-data resources (TS 29.505) return the same schemas, and the AUSF
// (TS 29.509) reuses AuthType, so they live here, apart from the interfaces.
//
// Conventions as in sbi_types/common_data.hpp. Optional properties left out,
// per schema (none of issues 14–16 or 19 reads them):
// - AuthenticationInfoRequest: supportedFeatures, cellCagInfo, n5gcInd, nswoInd, disasterRoamingInd
// - AuthenticationInfoResult: supportedFeatures, akmaInd, authAaa, routingId, pvsInfo
// - AuthEvent: nfSetId, resetIds, dataRestorationCallbackUri, udrRestartInd
// - AccessAndMobilitySubscriptionData: everything but gpsis, internalGroupIds,
//   subscribedUeAmbr, nssai, ratRestrictions, subsRegTimer, ueUsageType,
//   micoAllowed, routingIndicator (forbidden/service areas, SoR/UPU, MDT,
//   CAG, eDRX, wireline, roaming restrictions, ...)
// - Nssai: supportedFeatures, provisioningTime, additionalSnssaiData, suppressNssrgInd
// - SmfSelectionSubscriptionData: supportedFeatures, sharedSnssaiInfosId, hssGroupId
// - DnnInfo: lboRoamingAllowed, iwkEpsInd, invokeNefInd, smfList, sameSmfInd
// - SessionManagementSubscriptionData: everything but singleNssai,
//   dnnConfigurations, internalGroupIds; SmSubsData's ExtendedSmSubsData form
// - DnnConfiguration: everything but pduSessionTypes, sscModes, 5gQosProfile,
//   sessionAmbr, 3gppChargingCharacteristics, staticIpAddress
// - UeContextInSmfData: pgwInfo, emergencyInfo
// - Amf3GppAccessRegistration: everything but amfInstanceId, supportedFeatures,
//   purgeFlag, pei, deregCallbackUri, initialRegistrationInd,
//   emergencyRegistrationInd, guami, ratType, registrationTime, supi
// - Amf3GppAccessRegistrationModification: imsVoPs, backupAmfInfo,
//   epsInterworkingInfo, ueSrvccCapability, ueMINTCapability
// - DeregistrationData: newSmfInstanceId

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "meridian/model/guami.hpp"
#include "meridian/model/pei.hpp"
#include "meridian/model/plmn.hpp"
#include "meridian/model/s_nssai.hpp"
#include "meridian/model/supi.hpp"
#include "meridian/sbi_types/common_data.hpp"
#include "meridian/sbi_types/enum_strings.hpp"

namespace meridian::udm {

// ---------------------------------------------------------------- UEAU

/// TS 29.503 §6.3.6.3.3 AuthType. TS 29.509 and TS 29.505 (AuthMethod) use the
/// same strings; TS 29.509's AuthType lacks NONE, which the AUSF never sends.
enum class auth_type : std::uint8_t { five_g_aka, eap_aka_prime, eap_tls, none, eap_ttls };
inline constexpr sbi::enum_string<auth_type> auth_type_strings[] = {
    {auth_type::five_g_aka, "5G_AKA"}, {auth_type::eap_aka_prime, "EAP_AKA_PRIME"}, {auth_type::eap_tls, "EAP_TLS"},
    {auth_type::none, "NONE"},     {auth_type::eap_ttls, "EAP_TTLS"},
};
constexpr std::span<const sbi::enum_string<auth_type>> enum_strings(auth_type) noexcept { return auth_type_strings; }

/// TS 29.503 §6.3.6.3.2 AvType.
enum class av_type : std::uint8_t { five_g_he_aka, eap_aka_prime };
inline constexpr sbi::enum_string<av_type> av_type_strings[] = {
    {av_type::five_g_he_aka, "5G_HE_AKA"},
    {av_type::eap_aka_prime, "EAP_AKA_PRIME"},
};
constexpr std::span<const sbi::enum_string<av_type>> enum_strings(av_type) noexcept { return av_type_strings; }

/// TS 29.503 §6.3.6.2.8 ResynchronizationInfo: the UE's AUTS after a synch failure.
struct resynchronization_info {
  sbi::bytes rand_{};  ///< required: 16 octets (hex on the wire)
  sbi::bytes auts_{};  ///< required: 14 octets (hex on the wire)
  bool operator==(const resynchronization_info&) const = default;
};

/// TS 29.503 §6.3.6.2.2 AuthenticationInfoRequest (body of GenerateAuthData).
struct authentication_info_request {
  std::string serving_network_name_{};                            ///< required: "5G:mnc001.mcc001.3gppnetwork.org"
  std::optional<resynchronization_info> resynchronization_info_{};  ///< optional
  sbi::nf_instance_id ausf_instance_id_{};                        ///< required
  bool operator==(const authentication_info_request&) const = default;
};

/// TS 29.503 §6.3.6.2.5 Av5GHeAka: a 5G home-environment AV. avType is implied.
/// Key material: never log it.
struct av_5g_he_aka {
  sbi::bytes rand_{};       ///< required: 16 octets
  sbi::bytes xres_star_{};  ///< required: 16 octets
  sbi::bytes autn_{};       ///< required: 16 octets
  sbi::bytes kausf_{};      ///< required: 32 octets
  bool operator==(const av_5g_he_aka&) const = default;
};

/// TS 29.503 §6.3.6.2.4 AvEapAkaPrime: an EAP-AKA' AV. avType is implied.
/// Key material: never log it.
struct av_eap_aka_prime {
  sbi::bytes rand_{};      ///< required
  sbi::bytes xres_{};      ///< required
  sbi::bytes autn_{};      ///< required
  sbi::bytes ck_prime_{};  ///< required
  sbi::bytes ik_prime_{};  ///< required
  bool operator==(const av_eap_aka_prime&) const = default;
};

/// TS 29.503 §6.3.6.3.1 AuthenticationVector: oneOf, told apart by avType.
using authentication_vector = std::variant<av_5g_he_aka, av_eap_aka_prime>;

/// TS 29.503 §6.3.6.2.3 AuthenticationInfoResult (answer of GenerateAuthData).
struct authentication_info_result {
  auth_type auth_type_ = auth_type::five_g_aka;                     ///< required
  std::optional<authentication_vector> authentication_vector_{};  ///< optional (absent for EAP-TLS)
  std::optional<model::supi> supi_{};                             ///< optional: set when the request carried a SUCI
  bool operator==(const authentication_info_result&) const = default;
};

/// TS 29.503 §6.3.6.2.7 AuthEvent: an authentication's outcome (ConfirmAuth
/// body and answer; also the UDR's authentication-status resource).
struct auth_event {
  sbi::nf_instance_id nf_instance_id_{};  ///< required: the AUSF
  bool success_ = false;                ///< required
  sbi::date_time time_stamp_{};         ///< required
  auth_type auth_type_ = auth_type::five_g_aka;  ///< required
  std::string serving_network_name_{};    ///< required
  std::optional<bool> auth_removal_ind_{};  ///< optional
  bool operator==(const auth_event&) const = default;
};

// ---------------------------------------------------------------- SDM

/// TS 29.503 §6.1.6.2.2 Nssai: the subscribed S-NSSAIs.
struct nssai {
  std::vector<model::s_nssai> default_single_nssais_{};  ///< required (minItems 1)
  std::vector<model::s_nssai> single_nssais_{};          ///< optional (empty when absent)
  bool operator==(const nssai&) const = default;
};

/// TS 29.503 §6.1.6.2.4 AccessAndMobilitySubscriptionData.
struct access_and_mobility_subscription_data {
  std::vector<sbi::gpsi> gpsis_{};                     ///< optional
  std::vector<std::string> internal_group_ids_{};      ///< optional
  std::optional<sbi::ambr> subscribed_ue_ambr_{};      ///< optional
  std::optional<udm::nssai> nssai_{};                  ///< optional
  std::vector<sbi::rat_type> rat_restrictions_{};      ///< optional
  std::optional<std::int32_t> subs_reg_timer_{};       ///< optional: seconds (periodic registration, T3512)
  std::optional<std::int32_t> ue_usage_type_{};        ///< optional
  std::optional<bool> mico_allowed_{};                 ///< optional
  std::optional<std::string> routing_indicator_{};     ///< optional
  bool operator==(const access_and_mobility_subscription_data&) const = default;
};

/// TS 29.503 §6.1.6.2.7 DnnInfo.
struct dnn_info {
  sbi::dnn dnn_{};                             ///< required
  std::optional<bool> default_dnn_indicator_{};  ///< optional
  std::optional<bool> dnn_barred_{};           ///< optional
  bool operator==(const dnn_info&) const = default;
};

/// TS 29.503 §6.1.6.2.6 SnssaiInfo.
struct snssai_info {
  std::vector<dnn_info> dnn_infos_{};  ///< required (minItems 1)
  bool operator==(const snssai_info&) const = default;
};

/// TS 29.503 §6.1.6.2.5 SmfSelectionSubscriptionData.
struct smf_selection_subscription_data {
  /// optional: map keyed by the S-NSSAI ("1" or "1-010203" on the wire)
  std::map<model::s_nssai, snssai_info> subscribed_snssai_infos_{};
  bool operator==(const smf_selection_subscription_data&) const = default;
};

/// TS 29.503 §6.1.6.2.10 PduSessionTypes.
struct pdu_session_types {
  std::optional<sbi::pdu_session_type> default_session_type_{};   ///< optional
  std::vector<sbi::pdu_session_type> allowed_session_types_{};    ///< optional
  bool operator==(const pdu_session_types&) const = default;
};

/// TS 29.503 §6.1.6.2.11 SscModes.
struct ssc_modes {
  sbi::ssc_mode default_ssc_mode_ = sbi::ssc_mode::ssc_mode_1;  ///< required
  std::vector<sbi::ssc_mode> allowed_ssc_modes_{};                ///< optional
  bool operator==(const ssc_modes&) const = default;
};

/// TS 29.503 §6.1.6.2.13 IpAddress: oneOf ipv4Addr / ipv6Addr / ipv6Prefix, as text.
struct ip_address {
  std::optional<std::string> ipv4_addr_{};    ///< "10.45.0.2"
  std::optional<std::string> ipv6_addr_{};    ///< "2001:db8::1"
  std::optional<std::string> ipv6_prefix_{};  ///< "2001:db8:cafe:1::/64"
  bool operator==(const ip_address&) const = default;
};

/// TS 29.503 §6.1.6.2.9 DnnConfiguration: a DNN's session parameters.
struct dnn_configuration {
  pdu_session_types pdu_session_types_{};                     ///< required
  udm::ssc_modes ssc_modes_{};                                ///< required
  std::optional<sbi::subscribed_default_qos> qos_profile_5g_{};  ///< optional: "5gQosProfile"
  std::optional<sbi::ambr> session_ambr_{};                   ///< optional
  std::optional<std::string> charging_characteristics_3gpp_{};  ///< optional: "3gppChargingCharacteristics"
  std::vector<ip_address> static_ip_address_{};               ///< optional (at most 2)
  bool operator==(const dnn_configuration&) const = default;
};

/// TS 29.503 §6.1.6.2.8 SessionManagementSubscriptionData (one per S-NSSAI;
/// SmSubsData is an array of them).
struct session_management_subscription_data {
  model::s_nssai single_nssai_{};                             ///< required
  std::map<sbi::dnn, dnn_configuration> dnn_configurations_{};  ///< optional
  std::vector<std::string> internal_group_ids_{};             ///< optional
  bool operator==(const session_management_subscription_data&) const = default;
};

/// TS 29.503 §6.1.6.2.34 SmSubsData, in its array form.
using sm_subs_data = std::vector<session_management_subscription_data>;

/// TS 29.503 §6.1.6.2.14 PduSession: a PDU session the UE has with an SMF.
struct pdu_session {
  sbi::dnn dnn_{};                               ///< required
  sbi::nf_instance_id smf_instance_id_{};        ///< required
  model::plmn plmn_id_{};                        ///< required
  std::optional<model::s_nssai> single_nssai_{};  ///< optional
  bool operator==(const pdu_session&) const = default;
};

/// TS 29.503 §6.1.6.2.15 UeContextInSmfData.
struct ue_context_in_smf_data {
  std::map<std::uint8_t, pdu_session> pdu_sessions_{};  ///< optional: keyed by PDU session id
  bool operator==(const ue_context_in_smf_data&) const = default;
};

// ---------------------------------------------------------------- UECM

/// TS 29.503 §6.2.6.2.2 Amf3GppAccessRegistration.
struct amf_3gpp_access_registration {
  sbi::nf_instance_id amf_instance_id_{};             ///< required
  std::optional<sbi::supported_features> supported_features_{};  ///< optional
  std::optional<bool> purge_flag_{};                  ///< optional
  std::optional<model::pei> pei_{};                   ///< optional
  sbi::uri dereg_callback_uri_{};                     ///< required
  std::optional<bool> initial_registration_ind_{};    ///< optional
  std::optional<bool> emergency_registration_ind_{};  ///< optional
  model::guami guami_{};                              ///< required
  sbi::rat_type rat_type_ = sbi::rat_type::nr;      ///< required
  std::optional<sbi::date_time> registration_time_{};  ///< optional
  std::optional<model::supi> supi_{};                 ///< optional
  bool operator==(const amf_3gpp_access_registration&) const = default;
};

/// TS 29.503 §6.2.6.2.7 Amf3GppAccessRegistrationModification (PATCH body).
struct amf_3gpp_access_registration_modification {
  model::guami guami_{};               ///< required: must match the registered AMF's
  std::optional<bool> purge_flag_{};   ///< optional
  std::optional<model::pei> pei_{};    ///< optional
  bool operator==(const amf_3gpp_access_registration_modification&) const = default;
};

/// TS 29.503 §6.2.6.3.3 DeregistrationReason.
enum class deregistration_reason : std::uint8_t {
  ue_initial_registration,
  ue_registration_area_change,
  subscription_withdrawn,
  five_gs_to_eps_mobility,
  five_gs_to_eps_mobility_ue_initial_registration,
  reregistration_required,
  smf_context_transferred,
  duplicate_pdu_session,
  disaster_condition_terminated,
};
inline constexpr sbi::enum_string<deregistration_reason> deregistration_reason_strings[] = {
    {deregistration_reason::ue_initial_registration, "UE_INITIAL_REGISTRATION"},
    {deregistration_reason::ue_registration_area_change, "UE_REGISTRATION_AREA_CHANGE"},
    {deregistration_reason::subscription_withdrawn, "SUBSCRIPTION_WITHDRAWN"},
    {deregistration_reason::five_gs_to_eps_mobility, "5GS_TO_EPS_MOBILITY"},
    {deregistration_reason::five_gs_to_eps_mobility_ue_initial_registration, "5GS_TO_EPS_MOBILITY_UE_INITIAL_REGISTRATION"},
    {deregistration_reason::reregistration_required, "REREGISTRATION_REQUIRED"},
    {deregistration_reason::smf_context_transferred, "SMF_CONTEXT_TRANSFERRED"},
    {deregistration_reason::duplicate_pdu_session, "DUPLICATE_PDU_SESSION"},
    {deregistration_reason::disaster_condition_terminated, "DISASTER_CONDITION_TERMINATED"},
};
constexpr std::span<const sbi::enum_string<deregistration_reason>> enum_strings(deregistration_reason) noexcept {
  return deregistration_reason_strings;
}

/// TS 29.503 §6.2.6.2.5 DeregistrationData: what the UDM tells a serving AMF
/// it no longer serves the UE (callback to deregCallbackUri).
struct deregistration_data {
  deregistration_reason dereg_reason_ = deregistration_reason::ue_initial_registration;  ///< required
  std::optional<sbi::access_type> access_type_{};  ///< optional
  std::optional<std::uint8_t> pdu_session_id_{};   ///< optional
  bool operator==(const deregistration_data&) const = default;
};

/// TS 29.503 §6.2.6.2.23 AmfDeregInfo (body of deregAMF).
struct amf_dereg_info {
  deregistration_reason dereg_reason_ = deregistration_reason::ue_initial_registration;  ///< required
  bool operator==(const amf_dereg_info&) const = default;
};

}  // namespace meridian::udm
