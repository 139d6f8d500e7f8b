#pragma once
// The AUSF's service (TS 29.509 Nausf_UEAuthentication) as an awaitable C++
// interface: what the AMF (SEAF) calls to authenticate a UE. The AUSF core
// (issue 14) implements it; consumers depend on this header only.
//
// Optional properties left out (no consumer in issues 14–16, 19):
// AuthenticationInfo: traceData, udmGroupId, routingIndicator, cellCagInfo,
// n5gcInd, supportedFeatures, nswoInd, disasterRoamingInd, onboardingInd;
// ConfirmationData: supportedFeatures; ConfirmationDataResponse: pvsInfo;
// EapSession: supportedFeatures, pvsInfo, msk.
// Operations left out: Delete5gAkaAuthenticationResult, DeleteEapAuthenticationResult,
// ue-authentications/deregister, rg-authentications, prose-authentications.

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "meridian/model/pei.hpp"
#include "meridian/model/supi.hpp"
#include "meridian/sbi_types/common_data.hpp"
#include "meridian/sbi_types/enum_strings.hpp"
#include "meridian/sbi_types/result.hpp"
#include "meridian/udm/udm_types.hpp"

namespace meridian::ausf {

/// TS 29.509 §6.1.6.3.3 AuthResult.
enum class auth_result : std::uint8_t { authentication_success, authentication_failure, authentication_ongoing };
inline constexpr sbi::enum_string<auth_result> auth_result_strings[] = {
    {auth_result::authentication_success, "AUTHENTICATION_SUCCESS"},
    {auth_result::authentication_failure, "AUTHENTICATION_FAILURE"},
    {auth_result::authentication_ongoing, "AUTHENTICATION_ONGOING"},
};
constexpr std::span<const sbi::enum_string<auth_result>> enum_strings(auth_result) noexcept {
  return auth_result_strings;
}

/// TS 29.509 §6.1.6.2.2 AuthenticationInfo (body of POST /ue-authentications).
struct authentication_info {
  sbi::supi_or_suci supi_or_suci_{};                                     ///< required
  std::string serving_network_name_{};                                   ///< required
  std::optional<udm::resynchronization_info> resynchronization_info_{};  ///< optional: after a synch failure
  std::optional<model::pei> pei_{};                                      ///< optional
  bool operator==(const authentication_info&) const = default;
};

/// TS 29.509 §6.1.6.2.4 Av5gAka: the serving-network AV of 5G AKA.
struct av_5g_aka {
  sbi::bytes rand_{};        ///< required: 16 octets
  sbi::bytes hxres_star_{};  ///< required: 16 octets
  sbi::bytes autn_{};        ///< required: 16 octets
  bool operator==(const av_5g_aka&) const = default;
};

/// TS 29.509 §6.1.6.3.2 EapPayload: an EAP packet (base64 on the wire).
using eap_payload = sbi::bytes;

/// TS 29.509 §6.1.6.2.3 UEAuthenticationCtx (answer 201 of POST /ue-authentications).
struct ue_authentication_ctx {
  udm::auth_type auth_type_ = udm::auth_type::five_g_aka;  ///< required: 5G_AKA or EAP_AKA_PRIME
  std::variant<av_5g_aka, eap_payload> auth_data_5g_{};      ///< required: "5gAuthData"
  /// required: "_links", keyed by "5g-aka" or "eap-session"; the href ends in
  /// /ue-authentications/{authCtxId}/5g-aka-confirmation or .../eap-session.
  std::map<std::string, sbi::link> links_{};
  std::optional<std::string> serving_network_name_{};  ///< optional
  bool operator==(const ue_authentication_ctx&) const = default;
};

/// The authCtxId in a link's href ("…/ue-authentications/{authCtxId}/…"), or
/// an empty view if the href has no such segment. The view points into `href`.
constexpr std::string_view auth_ctx_id_of(std::string_view href) noexcept {
  constexpr std::string_view marker = "ue-authentications/";
  const auto at = href.find(marker);
  if (at == std::string_view::npos) return {};
  const auto rest = href.substr(at + marker.size());
  return rest.substr(0, rest.find('/'));
}

/// TS 29.509 §6.1.6.2.5 ConfirmationData: the UE's RES* (hex on the wire).
struct confirmation_data {
  std::optional<sbi::bytes> res_star_{};  ///< required but nullable: null when the UE sent none
  bool operator==(const confirmation_data&) const = default;
};

/// TS 29.509 §6.1.6.2.6 ConfirmationDataResponse.
struct confirmation_data_response {
  ausf::auth_result auth_result_ = ausf::auth_result::authentication_failure;  ///< required
  std::optional<model::supi> supi_{};   ///< optional: on success
  std::optional<sbi::bytes> kseaf_{};   ///< optional: on success, 32 octets. Never log it.
  bool operator==(const confirmation_data_response&) const = default;
};

/// TS 29.509 §6.1.6.2.7 EapSession: one EAP round trip, and the outcome at the end.
struct eap_session {
  std::optional<eap_payload> eap_payload_{};  ///< required but nullable (null with the final result)
  std::optional<sbi::bytes> k_seaf_{};        ///< optional: on success. Never log it.
  std::map<std::string, sbi::link> links_{};  ///< optional: "_links"
  std::optional<ausf::auth_result> auth_result_{};  ///< optional
  std::optional<model::supi> supi_{};         ///< optional: on success
  bool operator==(const eap_session&) const = default;
};

/// TS 29.509 §5.2 Nausf_UEAuthentication.
class nausf_ue_authentication {
 public:
  virtual ~nausf_ue_authentication() = default;

  /// Nausf_UEAuthentication_Authenticate (start): POST /ue-authentications, answered
  /// 201 with the challenge and the link to continue on.
  /// Errors: USER_NOT_FOUND, SERVING_NETWORK_NOT_AUTHORIZED, AUTHENTICATION_REJECTED,
  /// UPSTREAM_SERVER_ERROR.
  virtual sbi::awaitable<ue_authentication_ctx> authenticate(authentication_info info) = 0;

  /// Nausf_UEAuthentication_Authenticate (5G AKA confirmation): PUT
  /// /ue-authentications/{authCtxId}/5g-aka-confirmation. Checks RES* against
  /// XRES*, tells the UDM (ResultConfirmation) and gives K_SEAF on success.
  virtual sbi::awaitable<confirmation_data_response> confirm_5g_aka(std::string auth_ctx_id,
                                                                    confirmation_data data) = 0;

  /// Nausf_UEAuthentication_Authenticate (EAP): POST
  /// /ue-authentications/{authCtxId}/eap-session (EapAuthMethod).
  virtual sbi::awaitable<ausf::eap_session> eap_session(std::string auth_ctx_id, ausf::eap_session session) = 0;
};

}  // namespace meridian::ausf
