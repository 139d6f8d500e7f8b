#pragma once
// TS 29.571 common data types that every service's requests and responses
// share (and TS 29.510 NFType, which every SBI names). The 5G identities
// themselves (PlmnId, Snssai, Tai, Guami, Ncgi, Supi, Suci, Pei) are the
// `model` module's types; here are the types around them.
//
// Field names are the schema's property names in snake_case with the trailing
// underscore, so that the JSON mapping of issue 19 is mechanical: `ratType` ->
// `rat_type_`, `5gQosProfile` -> `qos_profile_5g_` (a leading digit moves to
// the end). Required properties are plain members, optional ones std::optional
// (or an empty container where the schema's array has minItems 1).
// Binary and base64/hex byte strings (Bytes, RefToBinaryData parts, keys) are
// byte vectors: the binding encodes them.

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "meridian/model/global_gnb_id.hpp"
#include "meridian/model/ncgi.hpp"
#include "meridian/model/plmn.hpp"
#include "meridian/model/suci.hpp"
#include "meridian/model/supi.hpp"
#include "meridian/model/tai.hpp"
#include "meridian/sbi_types/enum_strings.hpp"

namespace meridian::sbi {

/// TS 29.571 Bytes / binary parts: octets, base64 or hex on the wire.
using bytes = std::vector<std::uint8_t>;
/// TS 29.571 DateTime (RFC 3339), kept as a time point at millisecond resolution.
using date_time = std::chrono::sys_time<std::chrono::milliseconds>;
/// TS 29.571 Dnn: a DNN (APN network identifier) as text, e.g. "internet".
using dnn = std::string;
/// TS 29.571 NfInstanceId: a UUID in its text form.
using nf_instance_id = std::string;
/// TS 29.571 Uri.
using uri = std::string;
/// TS 29.571 Gpsi: "msisdn-<digits>" or "extid-<id>".
using gpsi = std::string;
/// TS 29.571 SupportedFeatures: a hex string, bit i = feature i+1 of the API.
using supported_features = std::string;
/// TS 29.571 BitRate: "<n>[.<fraction>] (bps|Kbps|Mbps|Gbps|Tbps)", e.g. "1 Gbps".
using bit_rate = std::string;
/// TS 29.571 5Qi: 0..255.
using qos_5qi = std::uint8_t;

/// TS 29.571 SupiOrSuci: a SUPI ("imsi-..."/"nai-...") or a SUCI ("suci-...").
using supi_or_suci = std::variant<model::suci, model::supi>;

/// TS 29.571 §5.4.3.2 AccessType.
enum class access_type : std::uint8_t { access_3gpp, access_non_3gpp };
inline constexpr enum_string<access_type> access_type_strings[] = {
    {access_type::access_3gpp, "3GPP_ACCESS"},
    {access_type::access_non_3gpp, "NON_3GPP_ACCESS"},
};
constexpr std::span<const enum_string<access_type>> enum_strings(access_type) noexcept { return access_type_strings; }

/// TS 29.571 §5.4.3.2 RatType (the values a 5G SA core meets; left out: the
/// wireline, satellite and NB-IoT/LTE-M satellite values).
enum class rat_type : std::uint8_t { nr, eutra, wlan, virtual_, nbiot, lte_m, nr_u, eutra_u, nr_redcap };
inline constexpr enum_string<rat_type> rat_type_strings[] = {
    {rat_type::nr, "NR"},           {rat_type::eutra, "EUTRA"},     {rat_type::wlan, "WLAN"},
    {rat_type::virtual_, "VIRTUAL"}, {rat_type::nbiot, "NBIOT"},     {rat_type::lte_m, "LTE-M"},
    {rat_type::nr_u, "NR_U"},       {rat_type::eutra_u, "EUTRA_U"}, {rat_type::nr_redcap, "NR_REDCAP"},
};
constexpr std::span<const enum_string<rat_type>> enum_strings(rat_type) noexcept { return rat_type_strings; }

/// TS 29.571 §5.4.3.3 PduSessionType.
enum class pdu_session_type : std::uint8_t { ipv4, ipv6, ipv4v6, unstructured, ethernet };
inline constexpr enum_string<pdu_session_type> pdu_session_type_strings[] = {
    {pdu_session_type::ipv4, "IPV4"},
    {pdu_session_type::ipv6, "IPV6"},
    {pdu_session_type::ipv4v6, "IPV4V6"},
    {pdu_session_type::unstructured, "UNSTRUCTURED"},
    {pdu_session_type::ethernet, "ETHERNET"},
};
constexpr std::span<const enum_string<pdu_session_type>> enum_strings(pdu_session_type) noexcept {
  return pdu_session_type_strings;
}

/// TS 29.571 §5.4.3.6 SscMode.
enum class ssc_mode : std::uint8_t { ssc_mode_1, ssc_mode_2, ssc_mode_3 };
inline constexpr enum_string<ssc_mode> ssc_mode_strings[] = {
    {ssc_mode::ssc_mode_1, "SSC_MODE_1"},
    {ssc_mode::ssc_mode_2, "SSC_MODE_2"},
    {ssc_mode::ssc_mode_3, "SSC_MODE_3"},
};
constexpr std::span<const enum_string<ssc_mode>> enum_strings(ssc_mode) noexcept { return ssc_mode_strings; }

/// TS 29.571 §5.5.3.1 PreemptionCapability.
enum class preemption_capability : std::uint8_t { not_preempt, may_preempt };
inline constexpr enum_string<preemption_capability> preemption_capability_strings[] = {
    {preemption_capability::not_preempt, "NOT_PREEMPT"},
    {preemption_capability::may_preempt, "MAY_PREEMPT"},
};
constexpr std::span<const enum_string<preemption_capability>> enum_strings(preemption_capability) noexcept {
  return preemption_capability_strings;
}

/// TS 29.571 §5.5.3.2 PreemptionVulnerability.
enum class preemption_vulnerability : std::uint8_t { not_preemptable, preemptable };
inline constexpr enum_string<preemption_vulnerability> preemption_vulnerability_strings[] = {
    {preemption_vulnerability::not_preemptable, "NOT_PREEMPTABLE"},
    {preemption_vulnerability::preemptable, "PREEMPTABLE"},
};
constexpr std::span<const enum_string<preemption_vulnerability>> enum_strings(preemption_vulnerability) noexcept {
  return preemption_vulnerability_strings;
}

/// TS 29.571 §5.2.3.2 PatchOperation (RFC 6902).
enum class patch_operation : std::uint8_t { add, copy, move, remove, replace, test };
inline constexpr enum_string<patch_operation> patch_operation_strings[] = {
    {patch_operation::add, "add"},       {patch_operation::copy, "copy"},       {patch_operation::move, "move"},
    {patch_operation::remove, "remove"}, {patch_operation::replace, "replace"}, {patch_operation::test, "test"},
};
constexpr std::span<const enum_string<patch_operation>> enum_strings(patch_operation) noexcept {
  return patch_operation_strings;
}

/// TS 29.510 §6.1.6.3.3 NFType (the core's functions; left out: the IMS, MBS,
/// ProSe, location-services and SMS-gateway types).
enum class nf_type : std::uint8_t {
  nrf, udm, amf, smf, ausf, nef, pcf, smsf, nssf, udr, lmf, gmlc, five_g_eir, sepp, upf, n3iwf, af, udsf, bsf, chf,
  nwdaf, scp, nssaaf,
};
inline constexpr enum_string<nf_type> nf_type_strings[] = {
    {nf_type::nrf, "NRF"},     {nf_type::udm, "UDM"},       {nf_type::amf, "AMF"},     {nf_type::smf, "SMF"},
    {nf_type::ausf, "AUSF"},   {nf_type::nef, "NEF"},       {nf_type::pcf, "PCF"},     {nf_type::smsf, "SMSF"},
    {nf_type::nssf, "NSSF"},   {nf_type::udr, "UDR"},       {nf_type::lmf, "LMF"},     {nf_type::gmlc, "GMLC"},
    {nf_type::five_g_eir, "5G_EIR"}, {nf_type::sepp, "SEPP"},   {nf_type::upf, "UPF"},     {nf_type::n3iwf, "N3IWF"},
    {nf_type::af, "AF"},       {nf_type::udsf, "UDSF"},     {nf_type::bsf, "BSF"},     {nf_type::chf, "CHF"},
    {nf_type::nwdaf, "NWDAF"}, {nf_type::scp, "SCP"},       {nf_type::nssaaf, "NSSAAF"},
};
constexpr std::span<const enum_string<nf_type>> enum_strings(nf_type) noexcept { return nf_type_strings; }

/// TS 29.571 §5.5.2.2 Arp: allocation and retention priority.
struct arp {
  std::uint8_t priority_level_ = 8;  ///< required (nullable only in a subscription): 1..15, 1 the highest
  preemption_capability preempt_cap_ = preemption_capability::not_preempt;                 ///< required
  preemption_vulnerability preempt_vuln_ = preemption_vulnerability::preemptable;          ///< required
  bool operator==(const arp&) const = default;
};

/// TS 29.571 §5.5.2.3 Ambr: aggregate maximum bit rates.
struct ambr {
  bit_rate uplink_{};    ///< required
  bit_rate downlink_{};  ///< required
  bool operator==(const ambr&) const = default;
};

/// TS 29.571 §5.5.2.7 SubscribedDefaultQos.
struct subscribed_default_qos {
  qos_5qi qos_5qi_ = 9;                       ///< required: "5qi"
  sbi::arp arp_{};                              ///< required
  std::optional<std::uint8_t> priority_level_{};  ///< optional: 1..127
  bool operator==(const subscribed_default_qos&) const = default;
};

/// TS 29.571 §5.4.4.10 PlmnIdNid: a PLMN (flattened mcc/mnc) and, for an SNPN, its NID.
struct plmn_id_nid {
  model::plmn plmn_{};               ///< required: "mcc", "mnc"
  std::optional<std::string> nid_{};  ///< optional: 11 hex digits
  bool operator==(const plmn_id_nid&) const = default;
};

/// TS 29.571 §5.4.4.9 NrLocation. Left out: geographicalInformation,
/// geodeticInformation, ntnTaiInfo.
struct nr_location {
  model::tai tai_{};                                     ///< required
  model::ncgi ncgi_{};                                   ///< required
  std::optional<bool> ignore_ncgi_{};                    ///< optional
  std::optional<std::int32_t> age_of_location_information_{};  ///< optional: minutes
  std::optional<date_time> ue_location_timestamp_{};     ///< optional
  std::optional<model::global_gnb_id> global_gnb_id_{};  ///< optional
  bool operator==(const nr_location&) const = default;
};

/// TS 29.571 §5.4.4.7 UserLocation (NR only: left out eutraLocation,
/// n3gaLocation, utraLocation, geraLocation).
struct user_location {
  std::optional<sbi::nr_location> nr_location_{};  ///< optional
  bool operator==(const user_location&) const = default;
};

/// TS 29.571 §5.4.4.12 NgApCause: an NGAP Cause as its group and value.
struct ng_ap_cause {
  std::uint32_t group_ = 0;  ///< required: 0 radioNetwork, 1 transport, 2 nas, 3 protocol, 4 misc
  std::uint32_t value_ = 0;  ///< required
  bool operator==(const ng_ap_cause&) const = default;
};

/// TS 29.571 §5.2.4.x Link: a hypermedia link (one value of LinksValueSchema).
struct link {
  uri href_{};  ///< required
  bool operator==(const link&) const = default;
};

/// TS 29.571 §5.2.4.3 PatchItem (RFC 6902). The schema's `value` is any JSON
/// value; here it is one of the typed values its user patches (Values...), so
/// that an in-process patch never goes through JSON text.
template <class... Values>
struct patch_item {
  patch_operation op_ = patch_operation::replace;  ///< required
  std::string path_{};                               ///< required: a JSON pointer, "/sequenceNumber"
  std::optional<std::string> from_{};                ///< optional: for move and copy
  std::variant<std::monostate, Values...> value_;  ///< optional: monostate when absent
  bool operator==(const patch_item&) const = default;
};

}  // namespace meridian::sbi
