#pragma once
// The NRF's services (TS 29.510: Nnrf_NFManagement, Nnrf_NFDiscovery,
// Nnrf_AccessToken) as awaitable C++ interfaces: every NF registers, sends
// heartbeats, discovers its peers and asks for OAuth2 tokens through them.
// The NRF (issue 19) implements them; NFs depend on this header only.
//
// Optional properties left out (no consumer in issues 14–16, 19 yet):
// - NFProfile: collocatedNfInstances, snpnList, perPlmnSnssaiList, nsiList,
//   interPlmnFqdn, allowedPlmns, allowedSnpns, allowedNfDomains,
//   allowedNssais, loadTimeStamp, locality, the *Info / *InfoList of NF types
//   other than AMF and SMF (and the AMF/SMF lists), and everything after bsfInfo
//   (customInfo, recoveryTime, nfServicePersistence, nfServiceList,
//   defaultNotificationSubscriptions, ...). Meridian uses the array nfServices.
// - NFService: interPlmnFqdn, defaultNotificationSubscriptions, allowed*
//   except allowedNfTypes, loadTimeStamp, recoveryTime, nfServiceSetIdList,
//   perPlmnSnssaiList, vendor fields, oauth2Required, perPlmnOauth2ReqList
// - NFServiceVersion: expiry
// - AmfInfo: taiRangeList, backupInfoAmfFailure/Removal, n2InterfaceAmfInfo,
//   amfOnboardingCapability, highLatencyCom
// - SmfInfo: taiRangeList, pgw*, accessType, priority, vsmf/ismf support,
//   smfOnboardingCapability, smfUPRPCapability; DnnSmfInfoItem: dnaiList
// - SearchResult: searchId, numNfInstComplete, preferredSearch,
//   nrfSupportedFeatures, nfInstanceList, alteredPriorityInd, noProfileMatchInfo
// - AccessTokenReq: requesterPlmnList, requesterSnssaiList, requesterFqdn,
//   SNPN fields, targetSnssaiList, targetNsiList, targetNfSetId,
//   targetNfServiceSetId, hnrfAccessTokenUri, sourceNfInstanceId
// Operations left out: GetNFInstances, OptionsNFInstances, subscriptions and
// NFStatusNotify, stored searches, SCP domain routing.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "meridian/model/guami.hpp"
#include "meridian/model/plmn.hpp"
#include "meridian/model/s_nssai.hpp"
#include "meridian/model/supi.hpp"
#include "meridian/model/tai.hpp"
#include "meridian/sbi_types/common_data.hpp"
#include "meridian/sbi_types/enum_strings.hpp"
#include "meridian/sbi_types/problem_details.hpp"
#include "meridian/sbi_types/result.hpp"

namespace meridian::nrf {

/// TS 29.510 §6.1.6.3.5 NFStatus.
enum class nf_status : std::uint8_t { registered, suspended, undiscoverable };
inline constexpr sbi::enum_string<nf_status> nf_status_strings[] = {
    {nf_status::registered, "REGISTERED"},
    {nf_status::suspended, "SUSPENDED"},
    {nf_status::undiscoverable, "UNDISCOVERABLE"},
};
constexpr std::span<const sbi::enum_string<nf_status>> enum_strings(nf_status) noexcept { return nf_status_strings; }

/// TS 29.510 §6.1.6.3.7 NFServiceStatus.
enum class nf_service_status : std::uint8_t { registered, suspended, undiscoverable };
inline constexpr sbi::enum_string<nf_service_status> nf_service_status_strings[] = {
    {nf_service_status::registered, "REGISTERED"},
    {nf_service_status::suspended, "SUSPENDED"},
    {nf_service_status::undiscoverable, "UNDISCOVERABLE"},
};
constexpr std::span<const sbi::enum_string<nf_service_status>> enum_strings(nf_service_status) noexcept {
  return nf_service_status_strings;
}

/// TS 29.571 §5.4.3.x UriScheme.
enum class uri_scheme : std::uint8_t { http, https };
inline constexpr sbi::enum_string<uri_scheme> uri_scheme_strings[] = {
    {uri_scheme::http, "http"},
    {uri_scheme::https, "https"},
};
constexpr std::span<const sbi::enum_string<uri_scheme>> enum_strings(uri_scheme) noexcept {
  return uri_scheme_strings;
}

/// TS 29.510 §6.1.6.3.4 TransportProtocol.
enum class transport_protocol : std::uint8_t { tcp };
inline constexpr sbi::enum_string<transport_protocol> transport_protocol_strings[] = {
    {transport_protocol::tcp, "TCP"},
};
constexpr std::span<const sbi::enum_string<transport_protocol>> enum_strings(transport_protocol) noexcept {
  return transport_protocol_strings;
}

/// TS 29.510 §6.1.6.3.11 ServiceName (the services Meridian serves; the schema
/// lists about 130).
enum class service_name : std::uint8_t {
  nnrf_nfm, nnrf_disc, nnrf_oauth2, nudm_sdm, nudm_uecm, nudm_ueau, namf_comm, nsmf_pdusession, nausf_auth,
  npcf_am_policy_control, npcf_smpolicycontrol, nnssf_nsselection, nudr_dr,
};
inline constexpr sbi::enum_string<service_name> service_name_strings[] = {
    {service_name::nnrf_nfm, "nnrf-nfm"},
    {service_name::nnrf_disc, "nnrf-disc"},
    {service_name::nnrf_oauth2, "nnrf-oauth2"},
    {service_name::nudm_sdm, "nudm-sdm"},
    {service_name::nudm_uecm, "nudm-uecm"},
    {service_name::nudm_ueau, "nudm-ueau"},
    {service_name::namf_comm, "namf-comm"},
    {service_name::nsmf_pdusession, "nsmf-pdusession"},
    {service_name::nausf_auth, "nausf-auth"},
    {service_name::npcf_am_policy_control, "npcf-am-policy-control"},
    {service_name::npcf_smpolicycontrol, "npcf-smpolicycontrol"},
    {service_name::nnssf_nsselection, "nnssf-nsselection"},
    {service_name::nudr_dr, "nudr-dr"},
};
constexpr std::span<const sbi::enum_string<service_name>> enum_strings(service_name) noexcept {
  return service_name_strings;
}

/// TS 29.510 §6.1.6.2.5 IpEndPoint.
struct ip_end_point {
  std::optional<std::string> ipv4_address_{};          ///< optional
  std::optional<std::string> ipv6_address_{};          ///< optional
  std::optional<nrf::transport_protocol> transport_{};  ///< optional
  std::optional<std::uint16_t> port_{};                ///< optional
  bool operator==(const ip_end_point&) const = default;
};

/// TS 29.510 §6.1.6.2.4 NFServiceVersion.
struct nf_service_version {
  std::string api_version_in_uri_{};  ///< required: "v1"
  std::string api_full_version_{};    ///< required: "1.2.0"
  bool operator==(const nf_service_version&) const = default;
};

/// TS 29.510 §6.1.6.2.3 NFService: one service instance of an NF.
struct nf_service {
  std::string service_instance_id_{};                 ///< required
  nrf::service_name service_name_ = nrf::service_name::nnrf_nfm;  ///< required
  std::vector<nf_service_version> versions_{};        ///< required (minItems 1)
  nrf::uri_scheme scheme_ = nrf::uri_scheme::http;  ///< required
  nrf::nf_service_status nf_service_status_ = nrf::nf_service_status::registered;  ///< required
  std::optional<std::string> fqdn_{};                 ///< optional
  std::vector<ip_end_point> ip_end_points_{};         ///< optional
  std::optional<std::string> api_prefix_{};           ///< optional
  std::vector<sbi::nf_type> allowed_nf_types_{};      ///< optional
  std::optional<std::uint16_t> priority_{};           ///< optional: 0..65535, lower first
  std::optional<std::uint16_t> capacity_{};           ///< optional
  std::optional<std::uint8_t> load_{};                ///< optional: 0..100 %
  std::optional<sbi::supported_features> supported_features_{};  ///< optional
  std::vector<model::s_nssai> s_nssais_{};            ///< optional
  bool operator==(const nf_service&) const = default;
};

/// TS 29.510 §6.1.6.2.11 AmfInfo.
struct amf_info {
  std::string amf_set_id_{};               ///< required: 3 hex digits (10 bits)
  std::string amf_region_id_{};            ///< required: 2 hex digits
  std::vector<model::guami> guami_list_{};  ///< required (minItems 1)
  std::vector<model::tai> tai_list_{};     ///< optional
  bool operator==(const amf_info&) const = default;
};

/// TS 29.510 §6.1.6.2.15 DnnSmfInfoItem.
struct dnn_smf_info_item {
  sbi::dnn dnn_{};  ///< required ("*" for any)
  bool operator==(const dnn_smf_info_item&) const = default;
};

/// TS 29.510 §6.1.6.2.14 SnssaiSmfInfoItem.
struct snssai_smf_info_item {
  model::s_nssai s_nssai_{};                            ///< required
  std::vector<dnn_smf_info_item> dnn_smf_info_list_{};  ///< required (minItems 1)
  bool operator==(const snssai_smf_info_item&) const = default;
};

/// TS 29.510 §6.1.6.2.12 SmfInfo.
struct smf_info {
  std::vector<snssai_smf_info_item> s_nssai_smf_info_list_{};  ///< required (minItems 1)
  std::vector<model::tai> tai_list_{};                         ///< optional
  bool operator==(const smf_info&) const = default;
};

/// TS 29.510 §6.1.6.2.2 NFProfile.
struct nf_profile {
  sbi::nf_instance_id nf_instance_id_{};             ///< required
  std::optional<std::string> nf_instance_name_{};    ///< optional
  sbi::nf_type nf_type_ = sbi::nf_type::nrf;       ///< required
  nrf::nf_status nf_status_ = nrf::nf_status::registered;  ///< required
  std::optional<std::int32_t> heart_beat_timer_{};   ///< optional: seconds
  std::vector<model::plmn> plmn_list_{};             ///< optional
  std::vector<model::s_nssai> s_nssais_{};           ///< optional
  std::optional<std::string> fqdn_{};                ///< optional
  std::vector<std::string> ipv4_addresses_{};        ///< optional
  std::vector<std::string> ipv6_addresses_{};        ///< optional
  std::vector<sbi::nf_type> allowed_nf_types_{};     ///< optional
  std::optional<std::uint16_t> priority_{};          ///< optional
  std::optional<std::uint16_t> capacity_{};          ///< optional
  std::optional<std::uint8_t> load_{};               ///< optional
  std::optional<nrf::amf_info> amf_info_{};          ///< optional
  std::optional<nrf::smf_info> smf_info_{};          ///< optional
  std::vector<nf_service> nf_services_{};            ///< optional
  bool operator==(const nf_profile&) const = default;
};

/// A PatchItem on an NF instance (UpdateNFInstance): heartbeats replace
/// /nfStatus; load and capacity updates replace /load, /capacity.
using nf_profile_patch = sbi::patch_item<nf_status, std::int32_t, std::string>;

/// The query parameters of SearchNFInstances (TS 29.510 §6.2.3.2.3.1) that
/// Meridian's NFs use. Left out: the other ~60 parameters (ranges, group ids,
/// preferred-*, complex-query, ...).
struct search_nf_instances_query {
  sbi::nf_type target_nf_type_ = sbi::nf_type::nrf;      ///< "target-nf-type", required
  sbi::nf_type requester_nf_type_ = sbi::nf_type::amf;   ///< "requester-nf-type", required
  std::optional<sbi::nf_instance_id> requester_nf_instance_id_{};  ///< "requester-nf-instance-id"
  std::vector<nrf::service_name> service_names_{};         ///< "service-names"
  std::optional<sbi::nf_instance_id> target_nf_instance_id_{};  ///< "target-nf-instance-id"
  std::vector<model::plmn> target_plmn_list_{};            ///< "target-plmn-list"
  std::vector<model::s_nssai> snssais_{};                  ///< "snssais"
  std::optional<sbi::dnn> dnn_{};                          ///< "dnn"
  std::optional<model::supi> supi_{};                      ///< "supi"
  std::optional<model::tai> tai_{};                        ///< "tai"
  std::optional<model::guami> guami_{};                    ///< "guami"
  std::optional<std::uint32_t> limit_{};                   ///< "limit"
  bool operator==(const search_nf_instances_query&) const = default;
};

/// TS 29.510 §6.2.6.2.2 SearchResult.
struct search_result {
  std::optional<std::int32_t> validity_period_{};  ///< optional: seconds the result may be cached
  std::vector<nf_profile> nf_instances_{};         ///< required (may be empty)
  bool operator==(const search_result&) const = default;
};

/// TS 29.510 §6.3.5.2.2 AccessTokenReq: grant_type is always "client_credentials".
struct access_token_req {
  sbi::nf_instance_id nf_instance_id_{};           ///< required
  std::optional<sbi::nf_type> nf_type_{};          ///< optional
  std::optional<sbi::nf_type> target_nf_type_{};   ///< optional
  std::string scope_{};                            ///< required: space-separated service names
  std::optional<sbi::nf_instance_id> target_nf_instance_id_{};  ///< optional
  std::optional<model::plmn> requester_plmn_{};    ///< optional
  std::optional<model::plmn> target_plmn_{};       ///< optional
  bool operator==(const access_token_req&) const = default;
};

/// TS 29.510 §6.3.5.2.3 AccessTokenRsp: token_type is always "Bearer".
struct access_token_rsp {
  std::string access_token_{};                  ///< required: the JWS compact serialisation
  std::optional<std::int32_t> expires_in_{};    ///< optional: seconds
  std::optional<std::string> scope_{};          ///< optional
  bool operator==(const access_token_rsp&) const = default;
};

/// The values of AccessTokenErr.error (TS 29.510 §6.3.5.2.4, RFC 6749 §5.2).
enum class access_token_error : std::uint8_t {
  invalid_request, invalid_client, invalid_grant, unauthorized_client, unsupported_grant_type, invalid_scope,
};
inline constexpr sbi::enum_string<access_token_error> access_token_error_strings[] = {
    {access_token_error::invalid_request, "invalid_request"},
    {access_token_error::invalid_client, "invalid_client"},
    {access_token_error::invalid_grant, "invalid_grant"},
    {access_token_error::unauthorized_client, "unauthorized_client"},
    {access_token_error::unsupported_grant_type, "unsupported_grant_type"},
    {access_token_error::invalid_scope, "invalid_scope"},
};
constexpr std::span<const sbi::enum_string<access_token_error>> enum_strings(access_token_error) noexcept {
  return access_token_error_strings;
}

/// TS 29.510 §6.3.5.2.4 AccessTokenErr (the 400 answer of the token endpoint).
struct access_token_err {
  access_token_error error_ = access_token_error::invalid_request;  ///< required
  std::optional<std::string> error_description_{};  ///< optional
  std::optional<sbi::uri> error_uri_{};             ///< optional
  bool operator==(const access_token_err&) const = default;
};

/// The error of AccessTokenRequest: the OAuth2 error the NRF answered, or a
/// problem (transport, 5xx) that never reached the token logic.
using access_token_failure = std::variant<access_token_err, sbi::problem_details>;

/// TS 29.510 §5.2 Nnrf_NFManagement.
class nnrf_nf_management {
 public:
  virtual ~nnrf_nf_management() = default;

  /// Nnrf_NFManagement_NFRegister: PUT /nf-instances/{nfInstanceID}
  /// (RegisterNFInstance), answered with the profile as stored (the NRF may set
  /// heartBeatTimer).
  virtual sbi::awaitable<nf_profile> register_nf_instance(sbi::nf_instance_id nf_instance_id,
                                                          nf_profile profile) = 0;

  /// Nnrf_NFManagement_NFUpdate: PATCH /nf-instances/{nfInstanceID}
  /// (UpdateNFInstance); a heartbeat is a replace of /nfStatus. Nothing for 204,
  /// the new profile for 200.
  virtual sbi::awaitable<std::optional<nf_profile>> update_nf_instance(sbi::nf_instance_id nf_instance_id,
                                                                       std::vector<nf_profile_patch> patch) = 0;

  /// Nnrf_NFManagement_NFDeregister: DELETE /nf-instances/{nfInstanceID} (DeregisterNFInstance).
  virtual sbi::awaitable<sbi::no_content> deregister_nf_instance(sbi::nf_instance_id nf_instance_id) = 0;

  /// Nnrf_NFManagement_NFProfileRetrieval: GET /nf-instances/{nfInstanceID} (GetNFInstance).
  virtual sbi::awaitable<nf_profile> get_nf_instance(sbi::nf_instance_id nf_instance_id) = 0;
};

/// TS 29.510 §5.3 Nnrf_NFDiscovery.
class nnrf_nf_discovery {
 public:
  virtual ~nnrf_nf_discovery() = default;

  /// Nnrf_NFDiscovery_Request: GET /nf-instances?target-nf-type&requester-nf-type&…
  /// (SearchNFInstances).
  virtual sbi::awaitable<search_result> search_nf_instances(search_nf_instances_query query) = 0;
};

/// TS 29.510 §5.4 Nnrf_AccessToken.
class nnrf_access_token {
 public:
  virtual ~nnrf_access_token() = default;

  /// Nnrf_AccessToken_Get: POST /oauth2/token, form-encoded (AccessTokenRequest).
  virtual sbi::awaitable<access_token_rsp, access_token_failure> access_token_request(access_token_req request) = 0;
};

}  // namespace meridian::nrf
