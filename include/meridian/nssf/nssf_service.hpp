#pragma once
// The NSSF's service (TS 29.531 Nnssf_NSSelection) as an awaitable C++
// interface: the AMF asks which slices a UE may use at registration, and
// which slice instance serves a PDU session. The NSSF (issue 19) implements
// it; until then the AMF's in-process stand-in (allowed = requested ∩
// subscribed ∩ served by the TA, issue 15) does, behind this same interface.
//
// Optional properties left out (no consumer in issues 14–16, 19 yet):
// - AuthorizedNetworkSliceInfo: targetAmfSet, candidateAmfList, nsiInformation,
//   supportedFeatures, nrfAmfSet*, nrfOauth2Required, targetAmfServiceSet,
//   targetNssai, nsagInfos
// - AllowedSnssai: nsiInformationList, mappedHomeSnssai; ConfiguredSnssai: mappedHomeSnssai
// - SliceInfoForRegistration: allowedNssaiCurrentAccess, allowedNssaiOtherAccess,
//   sNssaiForMapping, mappingOfNssai, requestMapping, ueSupNssrgInd,
//   suppressNssrgInd, nsagSupported; SubscribedSnssai: subscribedNsSrgList
// - SliceInfoForPDUSession: homeSnssai
// - query: slice-info-request-for-ue-cu, supported-features
// Operations left out: Nnssf_NSSAIAvailability (another API).

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "meridian/model/plmn.hpp"
#include "meridian/model/s_nssai.hpp"
#include "meridian/model/tai.hpp"
#include "meridian/sbi_types/common_data.hpp"
#include "meridian/sbi_types/enum_strings.hpp"
#include "meridian/sbi_types/result.hpp"

namespace meridian::nssf {

/// TS 29.531 §6.1.6.3.3 RoamingIndication.
enum class roaming_indication : std::uint8_t { non_roaming, local_breakout, home_routed_roaming };
inline constexpr sbi::enum_string<roaming_indication> roaming_indication_strings[] = {
    {roaming_indication::non_roaming, "NON_ROAMING"},
    {roaming_indication::local_breakout, "LOCAL_BREAKOUT"},
    {roaming_indication::home_routed_roaming, "HOME_ROUTED_ROAMING"},
};
constexpr std::span<const sbi::enum_string<roaming_indication>> enum_strings(roaming_indication) noexcept {
  return roaming_indication_strings;
}

/// TS 29.531 §6.1.6.2.10 SubscribedSnssai.
struct subscribed_snssai {
  model::s_nssai subscribed_snssai_{};        ///< required
  std::optional<bool> default_indication_{};  ///< optional
  bool operator==(const subscribed_snssai&) const = default;
};

/// TS 29.531 §6.1.6.2.11 SliceInfoForRegistration.
struct slice_info_for_registration {
  std::vector<subscribed_snssai> subscribed_nssai_{};  ///< optional
  std::vector<model::s_nssai> requested_nssai_{};      ///< optional
  std::optional<bool> default_configured_snssai_ind_{};  ///< optional
  bool operator==(const slice_info_for_registration&) const = default;
};

/// TS 29.531 §6.1.6.2.12 SliceInfoForPDUSession.
struct slice_info_for_pdu_session {
  model::s_nssai s_nssai_{};  ///< required
  nssf::roaming_indication roaming_indication_ = nssf::roaming_indication::non_roaming;  ///< required
  bool operator==(const slice_info_for_pdu_session&) const = default;
};

/// The query parameters of NSSelectionGet (TS 29.531 §6.1.3.2.3.1); exactly
/// one of the two slice-info requests is present.
struct ns_selection_query {
  sbi::nf_type nf_type_ = sbi::nf_type::amf;       ///< "nf-type", required
  sbi::nf_instance_id nf_id_{};                      ///< "nf-id", required
  std::optional<slice_info_for_registration> slice_info_request_for_registration_{};
  std::optional<slice_info_for_pdu_session> slice_info_request_for_pdu_session_{};
  std::optional<model::plmn> home_plmn_id_{};        ///< "home-plmn-id"
  std::optional<model::tai> tai_{};                  ///< "tai"
  bool operator==(const ns_selection_query&) const = default;
};

/// TS 29.531 §6.1.6.2.6 AllowedSnssai.
struct allowed_snssai {
  model::s_nssai allowed_snssai_{};  ///< required
  bool operator==(const allowed_snssai&) const = default;
};

/// TS 29.531 §6.1.6.2.5 AllowedNssai.
struct allowed_nssai {
  std::vector<nssf::allowed_snssai> allowed_snssai_list_{};  ///< required (minItems 1)
  sbi::access_type access_type_ = sbi::access_type::access_3gpp;  ///< required
  bool operator==(const allowed_nssai&) const = default;
};

/// TS 29.531 §6.1.6.2.8 ConfiguredSnssai.
struct configured_snssai {
  model::s_nssai configured_snssai_{};  ///< required
  bool operator==(const configured_snssai&) const = default;
};

/// TS 29.531 §6.1.6.2.2 AuthorizedNetworkSliceInfo.
struct authorized_network_slice_info {
  std::vector<allowed_nssai> allowed_nssai_list_{};          ///< optional
  std::vector<configured_snssai> configured_nssai_{};        ///< optional
  std::vector<model::s_nssai> rejected_nssai_in_plmn_{};     ///< optional
  std::vector<model::s_nssai> rejected_nssai_in_ta_{};       ///< optional
  bool operator==(const authorized_network_slice_info&) const = default;
};

/// TS 29.531 §5.2 Nnssf_NSSelection.
class nnssf_ns_selection {
 public:
  virtual ~nnssf_ns_selection() = default;

  /// Nnssf_NSSelection_Get: GET /network-slice-information?nf-type&nf-id&…
  /// (NSSelectionGet). SNSSAI_NOT_SUPPORTED when no requested slice can be served.
  virtual sbi::awaitable<authorized_network_slice_info> get(ns_selection_query query) = 0;
};

}  // namespace meridian::nssf
