#pragma once
// The error every service operation answers with: RFC 7807 problem details as
// TS 29.571 ProblemDetails profiles them, and the `cause` strings that
// TS 29.500 and the services' own specifications define.

#include <array>
#include <cstddef>
#include <iterator>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "meridian/sbi_types/enum_strings.hpp"

namespace meridian::sbi {

/// TS 29.500 §5.2.7.2 Table 5.2.7.2-1 (errors common to every SBI API) and the
/// application errors of the services Meridian serves: TS 29.503 §6.x.7.3
/// (UDM), TS 29.509 §6.1.7.3 (AUSF), TS 29.502 §6.1.7.3 (SMF), TS 29.518
/// §6.1.7.3 (AMF), TS 29.531 §6.1.7.3 (NSSF), TS 29.512 §5.7.3 (PCF).
/// Not an OpenAPI enum (ProblemDetails.cause is a plain string), so a peer may
/// send a cause missing here: from_string gives nothing and the binding keeps
/// the status and `detail`.
enum class cause : std::uint8_t {
  // TS 29.500 Table 5.2.7.2-1
  invalid_api,
  invalid_msg_format,
  invalid_query_param,
  mandatory_query_param_incorrect,
  optional_query_param_incorrect,
  mandatory_query_param_missing,
  mandatory_ie_incorrect,
  optional_ie_incorrect,
  mandatory_ie_missing,
  unspecified_msg_failure,
  resource_context_not_found,
  modification_not_allowed,
  subscription_not_found,
  resource_uri_structure_not_found,
  incorrect_length,
  nf_congestion_risk,
  insufficient_resources,
  unspecified_nf_failure,
  system_failure,
  nf_failover,
  inbound_server_error,
  nf_congestion,
  target_nf_not_reachable,
  timed_out_request,
  // TS 29.503 (UDM) and TS 29.509 (AUSF)
  authentication_rejected,
  serving_network_not_authorized,
  user_not_found,
  data_not_found,
  av_generation_problem,
  unsupported_protection_scheme,
  upstream_server_error,
  unknown_5gs_subscription,
  no_ps_subscription,
  roaming_not_allowed,
  access_not_allowed,
  rat_not_allowed,
  invalid_guami,
  context_not_found,
  // TS 29.502 (SMF)
  n1_sm_error,
  n2_sm_error,
  snssai_denied,
  dnn_denied,
  pdutype_denied,
  ssc_denied,
  subscription_denied,
  dnn_not_supported,
  pdutype_not_supported,
  ssc_not_supported,
  ho_tau_in_progress,
  dnn_congestion,
  s_nssai_congestion,
  peer_not_responding,
  network_failure,
  upf_not_responding,
  // TS 29.518 (AMF, N1N2MessageTransfer)
  ue_not_reachable,
  higher_priority_request_ongoing,
  temporary_reject_registration_ongoing,
  temporary_reject_handover_ongoing,
  // TS 29.531 (NSSF)
  snssai_not_supported,
  // TS 29.512 (PCF)
  user_unknown,
  error_initial_parameters,
  policy_context_denied,
};

/// The cause's string and the HTTP status its table gives it.
struct cause_entry {
  cause value_{};
  std::string_view text_{};
  std::uint16_t status_{};
};

inline constexpr cause_entry cause_table[] = {
    {cause::invalid_api, "INVALID_API", 400},
    {cause::invalid_msg_format, "INVALID_MSG_FORMAT", 400},
    {cause::invalid_query_param, "INVALID_QUERY_PARAM", 400},
    {cause::mandatory_query_param_incorrect, "MANDATORY_QUERY_PARAM_INCORRECT", 400},
    {cause::optional_query_param_incorrect, "OPTIONAL_QUERY_PARAM_INCORRECT", 400},
    {cause::mandatory_query_param_missing, "MANDATORY_QUERY_PARAM_MISSING", 400},
    {cause::mandatory_ie_incorrect, "MANDATORY_IE_INCORRECT", 400},
    {cause::optional_ie_incorrect, "OPTIONAL_IE_INCORRECT", 400},
    {cause::mandatory_ie_missing, "MANDATORY_IE_MISSING", 400},
    {cause::unspecified_msg_failure, "UNSPECIFIED_MSG_FAILURE", 400},
    {cause::resource_context_not_found, "RESOURCE_CONTEXT_NOT_FOUND", 400},
    {cause::modification_not_allowed, "MODIFICATION_NOT_ALLOWED", 403},
    {cause::subscription_not_found, "SUBSCRIPTION_NOT_FOUND", 404},
    {cause::resource_uri_structure_not_found, "RESOURCE_URI_STRUCTURE_NOT_FOUND", 404},
    {cause::incorrect_length, "INCORRECT_LENGTH", 411},
    {cause::nf_congestion_risk, "NF_CONGESTION_RISK", 429},
    {cause::insufficient_resources, "INSUFFICIENT_RESOURCES", 500},
    {cause::unspecified_nf_failure, "UNSPECIFIED_NF_FAILURE", 500},
    {cause::system_failure, "SYSTEM_FAILURE", 500},
    {cause::nf_failover, "NF_FAILOVER", 500},
    {cause::inbound_server_error, "INBOUND_SERVER_ERROR", 502},
    {cause::nf_congestion, "NF_CONGESTION", 503},
    {cause::target_nf_not_reachable, "TARGET_NF_NOT_REACHABLE", 504},
    {cause::timed_out_request, "TIMED_OUT_REQUEST", 504},
    {cause::authentication_rejected, "AUTHENTICATION_REJECTED", 403},
    {cause::serving_network_not_authorized, "SERVING_NETWORK_NOT_AUTHORIZED", 403},
    {cause::user_not_found, "USER_NOT_FOUND", 404},
    {cause::data_not_found, "DATA_NOT_FOUND", 404},
    {cause::av_generation_problem, "AV_GENERATION_PROBLEM", 500},
    {cause::unsupported_protection_scheme, "UNSUPPORTED_PROTECTION_SCHEME", 501},
    {cause::upstream_server_error, "UPSTREAM_SERVER_ERROR", 504},
    {cause::unknown_5gs_subscription, "UNKNOWN_5GS_SUBSCRIPTION", 403},
    {cause::no_ps_subscription, "NO_PS_SUBSCRIPTION", 403},
    {cause::roaming_not_allowed, "ROAMING_NOT_ALLOWED", 403},
    {cause::access_not_allowed, "ACCESS_NOT_ALLOWED", 403},
    {cause::rat_not_allowed, "RAT_NOT_ALLOWED", 403},
    {cause::invalid_guami, "INVALID_GUAMI", 403},
    {cause::context_not_found, "CONTEXT_NOT_FOUND", 404},
    {cause::n1_sm_error, "N1_SM_ERROR", 403},
    {cause::n2_sm_error, "N2_SM_ERROR", 403},
    {cause::snssai_denied, "SNSSAI_DENIED", 403},
    {cause::dnn_denied, "DNN_DENIED", 403},
    {cause::pdutype_denied, "PDUTYPE_DENIED", 403},
    {cause::ssc_denied, "SSC_DENIED", 403},
    {cause::subscription_denied, "SUBSCRIPTION_DENIED", 403},
    {cause::dnn_not_supported, "DNN_NOT_SUPPORTED", 403},
    {cause::pdutype_not_supported, "PDUTYPE_NOT_SUPPORTED", 403},
    {cause::ssc_not_supported, "SSC_NOT_SUPPORTED", 403},
    {cause::ho_tau_in_progress, "HO_TAU_IN_PROGRESS", 409},
    {cause::dnn_congestion, "DNN_CONGESTION", 403},
    {cause::s_nssai_congestion, "S_NSSAI_CONGESTION", 403},
    {cause::peer_not_responding, "PEER_NOT_RESPONDING", 504},
    {cause::network_failure, "NETWORK_FAILURE", 504},
    {cause::upf_not_responding, "UPF_NOT_RESPONDING", 504},
    {cause::ue_not_reachable, "UE_NOT_REACHABLE", 504},
    {cause::higher_priority_request_ongoing, "HIGHER_PRIORITY_REQUEST_ONGOING", 409},
    {cause::temporary_reject_registration_ongoing, "TEMPORARY_REJECT_REGISTRATION_ONGOING", 409},
    {cause::temporary_reject_handover_ongoing, "TEMPORARY_REJECT_HANDOVER_ONGOING", 409},
    {cause::snssai_not_supported, "SNSSAI_NOT_SUPPORTED", 403},
    {cause::user_unknown, "USER_UNKNOWN", 400},
    {cause::error_initial_parameters, "ERROR_INITIAL_PARAMETERS", 400},
    {cause::policy_context_denied, "POLICY_CONTEXT_DENIED", 403},
};
// One row per enumerator, in declaration order, so a cause added above without
// its row fails here rather than printing as an empty string.
static_assert([] {
  for (std::size_t i = 0; i < std::size(cause_table); ++i) {
    if (cause_table[i].value_ != static_cast<cause>(i)) return false;
  }
  return std::size(cause_table) == static_cast<std::size_t>(cause::policy_context_denied) + 1;
}());

inline constexpr auto cause_strings = [] {
  std::array<enum_string<cause>, std::size(cause_table)> out{};
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = {cause_table[i].value_, cause_table[i].text_};
  return out;
}();
constexpr std::span<const enum_string<cause>> enum_strings(cause) noexcept { return cause_strings; }

/// The HTTP status the specification pairs with `c` (500 for a value outside the table).
constexpr std::uint16_t http_status_of(cause c) noexcept {
  for (const auto& e : cause_table) {
    if (e.value_ == c) return e.status_;
  }
  return 500;
}

/// TS 29.571 §5.2.4.2 InvalidParam: which input was wrong, as a JSON pointer.
struct invalid_param {
  std::string param_{};                  ///< required: "/supiOrSuci", "/servingNetworkName"
  std::optional<std::string> reason_{};  ///< optional
  bool operator==(const invalid_param&) const = default;
};

/// TS 29.571 §5.2.4.1 ProblemDetails (RFC 7807). Left out: supportedFeatures,
/// accessTokenError, accessTokenRequest, nrfId (none of issues 14–16, 19 reads them).
struct problem_details {
  std::optional<std::string> type_{};      ///< a URI naming the problem type
  std::optional<std::string> title_{};     ///< the status's reason phrase
  std::uint16_t status_ = 500;           ///< optional in the schema, always set by Meridian
  std::optional<std::string> detail_{};    ///< for a person, never parsed
  std::optional<std::string> instance_{};  ///< the URI of this occurrence
  std::optional<sbi::cause> cause_{};      ///< the machine-readable reason
  std::vector<invalid_param> invalid_params_{};  ///< optional, empty when absent

  /// The problem for `c` with its specification's status and an optional detail.
  static problem_details of(sbi::cause c, std::string detail = {}) {
    problem_details p;
    p.status_ = http_status_of(c);
    p.cause_ = c;
    if (!detail.empty()) p.detail_ = std::move(detail);
    return p;
  }

  bool operator==(const problem_details&) const = default;
};

}  // namespace meridian::sbi
