#pragma once
// The UDM's services (TS 29.503) as awaitable C++ interfaces: what the AUSF,
// the AMF and the SMF call. The UDM core (issue 14) implements them; the
// in-process binding and the `sbi` module (issue 19, HTTP/2) carry the calls.
// Consumers depend on this header only, never on the UDM's implementation.
//
// Each operation is named after the TS 29.503 service operation; its comment
// gives the HTTP method, the resource and the OpenAPI operationId. Parameters
// are taken by value: a task is lazy and may outlive the caller's temporaries.
// Left out (no consumer in issues 14–16, 19 yet): UEAU GetRgAuthData,
// GenerateAv (HSS), DeleteAuth; SDM GetDataSets, GetUeCtxInAmfData,
// subscriptions and their notifications, acknowledgements (SoR, UPU, NSSAI);
// UECM non-3GPP access, SMF/SMSF/IP-SM-GW/NWDAF registrations, Get3GppRegistration,
// PeiUpdate, P-CSCF restoration.

#include <optional>

#include "meridian/model/plmn.hpp"
#include "meridian/model/s_nssai.hpp"
#include "meridian/model/supi.hpp"
#include "meridian/sbi_types/common_data.hpp"
#include "meridian/sbi_types/result.hpp"
#include "meridian/udm/udm_types.hpp"

namespace meridian::udm {

/// TS 29.503 §5.4 Nudm_UEAuthentication: authentication vectors for the AUSF.
class nudm_ue_authentication {
 public:
  virtual ~nudm_ue_authentication() = default;

  /// Nudm_UEAuthentication_Get: POST /{supiOrSuci}/security-information/generate-auth-data
  /// (GenerateAuthData). A SUCI is de-concealed; AUTS in the request re-synchronises SQN.
  /// Errors: USER_NOT_FOUND, AUTHENTICATION_REJECTED, SERVING_NETWORK_NOT_AUTHORIZED,
  /// UNSUPPORTED_PROTECTION_SCHEME, AV_GENERATION_PROBLEM.
  virtual sbi::awaitable<authentication_info_result> get(sbi::supi_or_suci supi_or_suci,
                                                         authentication_info_request request) = 0;

  /// Nudm_UEAuthentication_ResultConfirmation: POST /{supi}/auth-events (ConfirmAuth),
  /// answered 201 with the stored event.
  virtual sbi::awaitable<auth_event> result_confirmation(model::supi supi, auth_event event) = 0;
};

/// The query parameters of Nudm_SDM_Get on sm-data (TS 29.503 §6.1.3.5.3.1).
struct sm_data_query {
  std::optional<model::s_nssai> single_nssai_{};  ///< "single-nssai"
  std::optional<sbi::dnn> dnn_{};                 ///< "dnn"
  std::optional<model::plmn> plmn_id_{};          ///< "plmn-id"
  bool operator==(const sm_data_query&) const = default;
};

/// TS 29.503 §5.2 Nudm_SubscriberDataManagement: subscription data for the AMF and SMF.
/// Every operation answers USER_NOT_FOUND for an unknown SUPI and DATA_NOT_FOUND
/// when the data set is absent.
class nudm_sdm {
 public:
  virtual ~nudm_sdm() = default;

  /// Nudm_SDM_Get am-data: GET /{supi}/am-data?plmn-id (GetAmData).
  virtual sbi::awaitable<access_and_mobility_subscription_data> get_am_data(model::supi supi,
                                                                            std::optional<model::plmn> plmn_id) = 0;

  /// Nudm_SDM_Get smf-select-data: GET /{supi}/smf-select-data?plmn-id (GetSmfSelData).
  virtual sbi::awaitable<smf_selection_subscription_data> get_smf_select_data(model::supi supi,
                                                                              std::optional<model::plmn> plmn_id) = 0;

  /// Nudm_SDM_Get sm-data: GET /{supi}/sm-data?single-nssai&dnn&plmn-id (GetSmData).
  virtual sbi::awaitable<sm_subs_data> get_sm_data(model::supi supi, sm_data_query query) = 0;

  /// Nudm_SDM_Get nssai: GET /{supi}/nssai?plmn-id (GetNSSAI).
  virtual sbi::awaitable<nssai> get_nssai(model::supi supi, std::optional<model::plmn> plmn_id) = 0;

  /// Nudm_SDM_Get ue-context-in-smf-data: GET /{supi}/ue-context-in-smf-data (GetUeCtxInSmfData).
  virtual sbi::awaitable<ue_context_in_smf_data> get_ue_context_in_smf_data(model::supi supi) = 0;
};

/// TS 29.503 §5.3 Nudm_UEContextManagement: which AMF serves the UE over 3GPP access.
class nudm_uecm {
 public:
  virtual ~nudm_uecm() = default;

  /// Nudm_UECM_Registration (AMF, 3GPP access): PUT /{ueId}/registrations/amf-3gpp-access
  /// (3GppRegistration). A registration by another AMF makes the UDM send the
  /// previous one a DeregistrationNotification (reason UE_INITIAL_REGISTRATION
  /// or UE_REGISTRATION_AREA_CHANGE). Answers the stored registration.
  virtual sbi::awaitable<amf_3gpp_access_registration> registration_amf_3gpp_access(
      model::supi ue_id, amf_3gpp_access_registration registration) = 0;

  /// Nudm_UECM_Update (AMF, 3GPP access): PATCH /{ueId}/registrations/amf-3gpp-access
  /// (Update3GppRegistration); with purgeFlag the AMF purges the UE's context.
  /// CONTEXT_NOT_FOUND if the GUAMI is not the registered AMF's.
  virtual sbi::awaitable<sbi::no_content> update_amf_3gpp_access(
      model::supi ue_id, amf_3gpp_access_registration_modification modification) = 0;

  /// Nudm_UECM_Deregistration (AMF, 3GPP access): POST
  /// /{ueId}/registrations/amf-3gpp-access/dereg-amf (deregAMF).
  virtual sbi::awaitable<sbi::no_content> deregistration_amf_3gpp_access(model::supi ue_id,
                                                                         amf_dereg_info info) = 0;
};

/// TS 29.503 §5.3.2.3 Nudm_UECM_DeregistrationNotification: the callback the UDM
/// sends to a registered AMF's deregCallbackUri. The AMF implements it; the UDM
/// calls it through whatever the composition root gives it (in process: a
/// table from callback URI to AMF; over SBI: a POST to the URI).
class nudm_uecm_deregistration_notification {
 public:
  virtual ~nudm_uecm_deregistration_notification() = default;

  /// POST {deregCallbackUri} with DeregistrationData, answered 204.
  virtual sbi::awaitable<sbi::no_content> deregistration_notification(sbi::uri callback_uri,
                                                                      deregistration_data data) = 0;
};

}  // namespace meridian::udm
