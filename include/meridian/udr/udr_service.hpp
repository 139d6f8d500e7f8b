#pragma once
// The UDR's subscription-data resources that the UDM uses (TS 29.504
// Nudr_DataRepository, data model TS 29.505) as an awaitable C++ interface.
// The UDR (issue 14, SQLite behind it) implements it; the UDM depends on this
// header only.
//
// The provisioned-data resources answer the TS 29.503 schemas (udm_types.hpp).
// Optional properties left out of AuthenticationSubscription: protectionParameterId,
// encTopcKey, vectorGenerationInHss, hssGroupId, n5gcAuthMethod,
// rgAuthenticationInd, akmaAllowed, routingId. PatchResult (the 200 answer of
// a PATCH) is left out: Meridian's UDR answers 204.
// Operations left out: QueryProvisionedData, the non-3GPP AMF context, SMF
// registrations, SoR/UPU/NSSAI acknowledgements, subscriptions to
// notifications, identity/ODB/PP data, and the individual (per serving
// network) authentication status.

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "meridian/model/plmn.hpp"
#include "meridian/model/supi.hpp"
#include "meridian/sbi_types/common_data.hpp"
#include "meridian/sbi_types/enum_strings.hpp"
#include "meridian/sbi_types/result.hpp"
#include "meridian/udm/udm_types.hpp"

namespace meridian::udr {

/// TS 29.505 §5.2.2.3.2 AuthMethod (same strings as TS 29.503 AuthType).
enum class auth_method : std::uint8_t { five_g_aka, eap_aka_prime, eap_tls, eap_ttls, none };
inline constexpr sbi::enum_string<auth_method> auth_method_strings[] = {
    {auth_method::five_g_aka, "5G_AKA"}, {auth_method::eap_aka_prime, "EAP_AKA_PRIME"},
    {auth_method::eap_tls, "EAP_TLS"},   {auth_method::eap_ttls, "EAP_TTLS"},
    {auth_method::none, "NONE"},
};
constexpr std::span<const sbi::enum_string<auth_method>> enum_strings(auth_method) noexcept {
  return auth_method_strings;
}

/// TS 29.505 §5.2.2.3.3 SqnScheme.
enum class sqn_scheme : std::uint8_t { general, non_time_based, time_based };
inline constexpr sbi::enum_string<sqn_scheme> sqn_scheme_strings[] = {
    {sqn_scheme::general, "GENERAL"},
    {sqn_scheme::non_time_based, "NON_TIME_BASED"},
    {sqn_scheme::time_based, "TIME_BASED"},
};
constexpr std::span<const sbi::enum_string<sqn_scheme>> enum_strings(sqn_scheme) noexcept {
  return sqn_scheme_strings;
}

/// TS 29.505 §5.2.2.3.4 Sign.
enum class sign : std::uint8_t { positive, negative };
inline constexpr sbi::enum_string<sign> sign_strings[] = {
    {sign::positive, "POSITIVE"},
    {sign::negative, "NEGATIVE"},
};
constexpr std::span<const sbi::enum_string<sign>> enum_strings(sign) noexcept { return sign_strings; }

/// TS 29.505 §5.2.2.2.3 SequenceNumber: the subscriber's SQN (TS 33.102 Annex C).
struct sequence_number {
  std::optional<udr::sqn_scheme> sqn_scheme_{};           ///< optional
  std::optional<std::string> sqn_{};                      ///< optional: 12 hex digits (SEQ || IND)
  std::map<std::string, std::int32_t> last_indexes_{};    ///< optional: last IND used per AUSF/serving network
  std::optional<std::int32_t> ind_length_{};              ///< optional: bits of IND (5 by default)
  std::optional<udr::sign> dif_sign_{};                   ///< optional
  bool operator==(const sequence_number&) const = default;
};

/// TS 29.505 §5.2.2.2.2 AuthenticationSubscription: the subscriber's long-term
/// credentials. The "enc" keys are K and OPc as the store holds them (hex on
/// the wire). Key material: never log it.
struct authentication_subscription {
  auth_method authentication_method_ = auth_method::five_g_aka;  ///< required
  std::optional<sbi::bytes> enc_permanent_key_{};                  ///< optional: K, 16 octets
  std::optional<udr::sequence_number> sequence_number_{};          ///< optional
  std::optional<sbi::bytes> authentication_management_field_{};    ///< optional: AMF, 2 octets
  std::optional<std::string> algorithm_id_{};                      ///< optional: "milenage", "tuak"
  std::optional<sbi::bytes> enc_opc_key_{};                        ///< optional: OPc, 16 octets
  std::optional<model::supi> supi_{};                              ///< optional
  bool operator==(const authentication_subscription&) const = default;
};

/// A PatchItem on authentication-subscription: its value is a SequenceNumber
/// ("replace" /sequenceNumber) or a string ("test" /sequenceNumber/sqn, which
/// makes the SQN update a compare-and-swap: two UDM tasks can never both
/// advance from the same SQN).
using authentication_subscription_patch = sbi::patch_item<sequence_number, std::string>;

/// TS 29.504 §5.2 Nudr_DataRepository on /subscription-data (TS 29.505 §5.2).
/// Every operation answers USER_NOT_FOUND (404) for an unknown ueId and
/// DATA_NOT_FOUND when the resource is absent.
class nudr_data_repository {
 public:
  virtual ~nudr_data_repository() = default;

  // ------------------------------------------------ authentication data

  /// GET /subscription-data/{ueId}/authentication-data/authentication-subscription (QueryAuthSubsData).
  virtual sbi::awaitable<authentication_subscription> query_auth_subs_data(model::supi ue_id) = 0;

  /// PATCH /subscription-data/{ueId}/authentication-data/authentication-subscription
  /// (ModifyAuthenticationSubscription): the SQN update. Answers only once the
  /// change is durable; a failed "test" item leaves the data unchanged and
  /// answers MODIFICATION_NOT_ALLOWED.
  virtual sbi::awaitable<sbi::no_content> modify_authentication_subscription(
      model::supi ue_id, std::vector<authentication_subscription_patch> patch) = 0;

  /// PUT /subscription-data/{ueId}/authentication-data/authentication-status (CreateAuthenticationStatus).
  virtual sbi::awaitable<sbi::no_content> create_authentication_status(model::supi ue_id, udm::auth_event event) = 0;

  /// GET /subscription-data/{ueId}/authentication-data/authentication-status (QueryAuthenticationStatus).
  virtual sbi::awaitable<udm::auth_event> query_authentication_status(model::supi ue_id) = 0;

  // ------------------------------------------------ provisioned data

  /// GET /subscription-data/{ueId}/{servingPlmnId}/provisioned-data/am-data (QueryAmData).
  virtual sbi::awaitable<udm::access_and_mobility_subscription_data> query_am_data(model::supi ue_id,
                                                                                  model::plmn serving_plmn_id) = 0;

  /// GET /subscription-data/{ueId}/{servingPlmnId}/provisioned-data/smf-selection-subscription-data
  /// (QuerySmfSelectData).
  virtual sbi::awaitable<udm::smf_selection_subscription_data> query_smf_select_data(
      model::supi ue_id, model::plmn serving_plmn_id) = 0;

  /// GET /subscription-data/{ueId}/{servingPlmnId}/provisioned-data/sm-data?single-nssai&dnn (QuerySmData).
  virtual sbi::awaitable<udm::sm_subs_data> query_sm_data(model::supi ue_id, model::plmn serving_plmn_id,
                                                          std::optional<model::s_nssai> single_nssai,
                                                          std::optional<sbi::dnn> dnn) = 0;

  // ------------------------------------------------ context data

  /// PUT /subscription-data/{ueId}/context-data/amf-3gpp-access (CreateAmfContext3gpp):
  /// the UDM stores the serving AMF's registration.
  virtual sbi::awaitable<sbi::no_content> create_amf_context_3gpp(model::supi ue_id,
                                                                  udm::amf_3gpp_access_registration registration) = 0;

  /// GET /subscription-data/{ueId}/context-data/amf-3gpp-access (QueryAmfContext3gpp).
  virtual sbi::awaitable<udm::amf_3gpp_access_registration> query_amf_context_3gpp(model::supi ue_id) = 0;
};

}  // namespace meridian::udr
