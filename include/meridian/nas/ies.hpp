#pragma once
// NAS-5GS information elements (TS 24.501 §9.9–9.11, TS 24.008 §10.5 where
// 24.501 refers to it). Each type holds the IE's value part, decoded into typed
// fields; the IEI and length octets belong to the message schema that carries
// the IE (see messages_5gmm.hpp / messages_5gsm.hpp). Each type's decode() takes
// a reader over exactly the value part; encode() appends the value part.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "meridian/common/byte_reader.hpp"
#include "meridian/common/byte_writer.hpp"
#include "meridian/common/result.hpp"
#include "meridian/model/guti.hpp"
#include "meridian/model/plmn.hpp"
#include "meridian/model/s_nssai.hpp"
#include "meridian/model/suci.hpp"
#include "meridian/model/tai.hpp"

namespace meridian::nas {

/// An IE whose value the codec carries as octets (a container of another
/// protocol such as EAP, or an IE this codec does not yet structure).
struct octets {
  std::vector<std::uint8_t> bytes_;
  static decode_result<octets> decode(byte_reader& r);
  void encode(byte_writer& w) const { w.bytes(bytes_); }
  bool operator==(const octets&) const = default;
};

/// A type 1 IE whose value is four bits the codec does not name further
/// (MICO indication, NSSAI inclusion mode, IMEISV request, ...).
struct half_octet {
  std::uint8_t value_ = 0;  ///< bits 4..1
  static half_octet from_nibble(std::uint8_t v) { return {static_cast<std::uint8_t>(v & 0x0f)}; }
  std::uint8_t to_nibble() const { return value_ & 0x0f; }
  bool operator==(const half_octet&) const = default;
};

/// TS 24.501 §9.11.3.2 5GMM cause.
enum class gmm_cause : std::uint8_t {
  illegal_ue = 3,
  pei_not_accepted = 5,
  illegal_me = 6,
  fivegs_services_not_allowed = 7,
  ue_identity_cannot_be_derived = 9,
  implicitly_deregistered = 10,
  plmn_not_allowed = 11,
  tracking_area_not_allowed = 12,
  roaming_not_allowed_in_this_tracking_area = 13,
  no_suitable_cells_in_tracking_area = 15,
  mac_failure = 20,
  synch_failure = 21,
  congestion = 22,
  ue_security_capabilities_mismatch = 23,
  security_mode_rejected_unspecified = 24,
  non_5g_authentication_unacceptable = 26,
  n1_mode_not_allowed = 27,
  restricted_service_area = 28,
  redirection_to_epc_required = 31,
  ladn_not_available = 43,
  no_network_slices_available = 62,
  maximum_number_of_pdu_sessions_reached = 65,
  insufficient_resources_for_specific_slice_and_dnn = 67,
  insufficient_resources_for_specific_slice = 69,
  ngksi_already_in_use = 71,
  non_3gpp_access_to_5gcn_not_allowed = 72,
  serving_network_not_authorized = 73,
  temporarily_not_authorized_for_this_snpn = 74,
  permanently_not_authorized_for_this_snpn = 75,
  not_authorized_for_this_cag_or_authorized_for_cag_cells_only = 76,
  wireline_access_area_not_allowed = 77,
  payload_was_not_forwarded = 90,
  dnn_not_supported_or_not_subscribed_in_the_slice = 91,
  insufficient_user_plane_resources_for_the_pdu_session = 92,
  semantically_incorrect_message = 95,
  invalid_mandatory_information = 96,
  message_type_non_existent_or_not_implemented = 97,
  message_type_not_compatible_with_protocol_state = 98,
  information_element_non_existent_or_not_implemented = 99,
  conditional_ie_error = 100,
  message_not_compatible_with_protocol_state = 101,
  protocol_error_unspecified = 111,
};

/// TS 24.501 §9.11.4.2 5GSM cause.
enum class gsm_cause : std::uint8_t {
  operator_determined_barring = 8,
  insufficient_resources = 26,
  missing_or_unknown_dnn = 27,
  unknown_pdu_session_type = 28,
  user_authentication_or_authorization_failed = 29,
  request_rejected_unspecified = 31,
  service_option_not_supported = 32,
  requested_service_option_not_subscribed = 33,
  pti_already_in_use = 35,
  regular_deactivation = 36,
  network_failure = 38,
  reactivation_requested = 39,
  semantic_error_in_the_tft_operation = 41,
  syntactical_error_in_the_tft_operation = 42,
  invalid_pdu_session_identity = 43,
  semantic_errors_in_packet_filters = 44,
  syntactical_error_in_packet_filters = 45,
  out_of_ladn_service_area = 46,
  pti_mismatch = 47,
  pdu_session_type_ipv4_only_allowed = 50,
  pdu_session_type_ipv6_only_allowed = 51,
  pdu_session_does_not_exist = 54,
  insufficient_resources_for_specific_slice_and_dnn = 67,
  not_supported_ssc_mode = 68,
  insufficient_resources_for_specific_slice = 69,
  missing_or_unknown_dnn_in_a_slice = 70,
  invalid_pti_value = 81,
  maximum_data_rate_per_ue_for_user_plane_integrity_protection_is_too_low = 82,
  semantic_error_in_the_qos_operation = 83,
  syntactical_error_in_the_qos_operation = 84,
  invalid_mapped_eps_bearer_identity = 85,
  semantically_incorrect_message = 95,
  invalid_mandatory_information = 96,
  message_type_non_existent_or_not_implemented = 97,
  message_type_not_compatible_with_protocol_state = 98,
  information_element_non_existent_or_not_implemented = 99,
  conditional_ie_error = 100,
  message_not_compatible_with_protocol_state = 101,
  protocol_error_unspecified = 111,
};

/// TS 24.501 §9.11.3.32 NAS key set identifier.
struct key_set_identifier {
  bool mapped_ = false;   ///< TSC: false native, true mapped security context
  std::uint8_t ksi_ = 7;  ///< 7: no key is available
  static key_set_identifier from_nibble(std::uint8_t v) {
    return {(v & 0x08) != 0, static_cast<std::uint8_t>(v & 0x07)};
  }
  std::uint8_t to_nibble() const { return static_cast<std::uint8_t>((mapped_ ? 0x08 : 0) | (ksi_ & 0x07)); }
  bool operator==(const key_set_identifier&) const = default;
};

/// TS 24.501 §9.11.3.7 5GS registration type.
enum class registration_type_value : std::uint8_t {
  initial = 1,
  mobility_updating = 2,
  periodic_updating = 3,
  emergency = 4,
  snpn_onboarding = 5,
  disaster_roaming_mobility = 6,
  disaster_roaming_initial = 7,
};
/// TS 24.501 §9.11.3.7 5GS registration type.
struct registration_type {
  bool follow_on_request_ = false;  ///< FOR
  registration_type_value value_ = registration_type_value::initial;
  static registration_type from_nibble(std::uint8_t v) {
    return {(v & 0x08) != 0, static_cast<registration_type_value>(v & 0x07)};
  }
  std::uint8_t to_nibble() const {
    return static_cast<std::uint8_t>((follow_on_request_ ? 0x08 : 0) | (static_cast<std::uint8_t>(value_) & 0x07));
  }
  bool operator==(const registration_type&) const = default;
};

/// TS 24.501 §9.11.2.1A Access type.
enum class access_type : std::uint8_t { three_gpp = 1, non_three_gpp = 2, both = 3 };

/// TS 24.501 §9.11.3.20 De-registration type.
struct deregistration_type {
  bool switch_off_ = false;
  bool reregistration_required_ = false;
  access_type access_type_ = access_type::three_gpp;
  static deregistration_type from_nibble(std::uint8_t v) {
    return {(v & 0x08) != 0, (v & 0x04) != 0, static_cast<access_type>(v & 0x03)};
  }
  std::uint8_t to_nibble() const {
    return static_cast<std::uint8_t>((switch_off_ ? 0x08 : 0) | (reregistration_required_ ? 0x04 : 0) |
                                     (static_cast<std::uint8_t>(access_type_) & 0x03));
  }
  bool operator==(const deregistration_type&) const = default;
};

/// TS 24.501 §9.11.2.1A Access type (as a half-octet IE).
struct access_type_ie {
  access_type value_ = access_type::three_gpp;
  std::uint8_t spare_ = 0;  ///< bits 4..3 as received
  static access_type_ie from_nibble(std::uint8_t v) {
    return {static_cast<access_type>(v & 0x03), static_cast<std::uint8_t>((v >> 2) & 0x03)};
  }
  std::uint8_t to_nibble() const {
    return static_cast<std::uint8_t>(((spare_ & 0x03) << 2) | (static_cast<std::uint8_t>(value_) & 0x03));
  }
  bool operator==(const access_type_ie&) const = default;
};

/// TS 24.501 §9.11.3.3 5GS identity type.
enum class identity_type : std::uint8_t {
  no_identity = 0,
  suci = 1,
  guti = 2,
  imei = 3,
  s_tmsi = 4,
  imeisv = 5,
  mac_address = 6,
  eui64 = 7,
};
/// TS 24.501 §9.11.3.3 5GS identity type.
struct identity_type_ie {
  identity_type value_ = identity_type::suci;
  static identity_type_ie from_nibble(std::uint8_t v) { return {static_cast<identity_type>(v & 0x07)}; }
  std::uint8_t to_nibble() const { return static_cast<std::uint8_t>(value_) & 0x07; }
  bool operator==(const identity_type_ie&) const = default;
};

/// TS 24.501 §9.11.3.50 Service type.
enum class service_type_value : std::uint8_t {
  signalling = 0,
  data = 1,
  mobile_terminated_services = 2,
  emergency_services = 3,
  emergency_services_fallback = 4,
  high_priority_access = 5,
  elevated_signalling = 6,
};
/// TS 24.501 §9.11.3.50 Service type.
struct service_type {
  service_type_value value_ = service_type_value::signalling;
  static service_type from_nibble(std::uint8_t v) { return {static_cast<service_type_value>(v & 0x0f)}; }
  std::uint8_t to_nibble() const { return static_cast<std::uint8_t>(value_) & 0x0f; }
  bool operator==(const service_type&) const = default;
};

/// TS 24.501 §9.11.3.40 Payload container type.
enum class payload_container_type_value : std::uint8_t {
  n1_sm_information = 1,
  sms = 2,
  lpp_message = 3,
  sor_transparent_container = 4,
  ue_policy_container = 5,
  ue_parameters_update_transparent_container = 6,
  location_services_message = 7,
  ciot_user_data_container = 8,
  service_level_aa_container = 9,
  event_notification = 10,
  multiple_payloads = 15,
};
/// TS 24.501 §9.11.3.40 Payload container type.
struct payload_container_type {
  payload_container_type_value value_ = payload_container_type_value::n1_sm_information;
  static payload_container_type from_nibble(std::uint8_t v) {
    return {static_cast<payload_container_type_value>(v & 0x0f)};
  }
  std::uint8_t to_nibble() const { return static_cast<std::uint8_t>(value_) & 0x0f; }
  bool operator==(const payload_container_type&) const = default;
};

/// TS 24.501 §9.11.3.47 Request type.
enum class request_type_value : std::uint8_t {
  initial_request = 1,
  existing_pdu_session = 2,
  initial_emergency_request = 3,
  existing_emergency_pdu_session = 4,
  modification_request = 5,
  ma_pdu_request = 6,
};
/// TS 24.501 §9.11.3.47 Request type.
struct request_type {
  request_type_value value_ = request_type_value::initial_request;
  static request_type from_nibble(std::uint8_t v) { return {static_cast<request_type_value>(v & 0x07)}; }
  std::uint8_t to_nibble() const { return static_cast<std::uint8_t>(value_) & 0x07; }
  bool operator==(const request_type&) const = default;
};

/// TS 24.501 §9.11.4.11 PDU session type.
enum class pdu_session_type_value : std::uint8_t { ipv4 = 1, ipv6 = 2, ipv4v6 = 3, unstructured = 4, ethernet = 5 };
/// TS 24.501 §9.11.4.11 PDU session type.
struct pdu_session_type {
  pdu_session_type_value value_ = pdu_session_type_value::ipv4;
  static pdu_session_type from_nibble(std::uint8_t v) { return {static_cast<pdu_session_type_value>(v & 0x07)}; }
  std::uint8_t to_nibble() const { return static_cast<std::uint8_t>(value_) & 0x07; }
  bool operator==(const pdu_session_type&) const = default;
};

/// TS 24.501 §9.11.4.16 SSC mode.
struct ssc_mode {
  std::uint8_t value_ = 1;  ///< 1..3: SSC mode 1..3
  static ssc_mode from_nibble(std::uint8_t v) { return {static_cast<std::uint8_t>(v & 0x07)}; }
  std::uint8_t to_nibble() const { return value_ & 0x07; }
  bool operator==(const ssc_mode&) const = default;
};

/// TS 24.501 §9.11.3.34 NAS security algorithms.
struct nas_security_algorithms {
  std::uint8_t ciphering_ = 0;  ///< 0..7: 5G-EA0..7 (128-NEA0..3 are 0..3)
  std::uint8_t integrity_ = 0;  ///< 0..7: 5G-IA0..7 (128-NIA0..3 are 0..3)
  static decode_result<nas_security_algorithms> decode(byte_reader& r);
  void encode(byte_writer& w) const { w.u8(static_cast<std::uint8_t>((ciphering_ << 4) | (integrity_ & 0x0f))); }
  bool operator==(const nas_security_algorithms&) const = default;
};

// The identities inside NAS IEs are the model types (PLMN, TAC, TAI, S-NSSAI,
// 5G-GUTI, 5G-S-TMSI); these functions are their NAS encodings.

/// TS 24.008 §10.5.1.13 (as TS 24.501 §9.11.3.8 uses it): a PLMN's 3 BCD octets.
decode_result<model::plmn> decode_plmn(byte_reader& r);
void encode_plmn(byte_writer& w, const model::plmn& p);

/// TS 24.501 §9.11.3.8 5GS tracking area identity: PLMN then the 3-octet TAC. The
/// IE's value is model::tai itself (messages hold std::optional<model::tai>).
decode_result<model::tai> decode_tai(byte_reader& r);
void encode_tai(byte_writer& w, const model::tai& t);

/// TS 24.501 §9.11.3.9 5GS tracking area identity list: type 00, non-consecutive TACs in one PLMN.
struct tai_list_tacs {
  model::plmn plmn_;
  std::vector<model::tac> tacs_;
  bool operator==(const tai_list_tacs&) const = default;
};
/// TS 24.501 §9.11.3.9: type 01, `count_` consecutive TACs from `first_tac_` in one PLMN.
struct tai_list_consecutive {
  model::plmn plmn_;
  model::tac first_tac_;
  std::uint8_t count_ = 1;  ///< 1..32
  bool operator==(const tai_list_consecutive&) const = default;
};
/// TS 24.501 §9.11.3.9: type 10, TAIs of different PLMNs.
struct tai_list_tais {
  std::vector<model::tai> tais_;
  bool operator==(const tai_list_tais&) const = default;
};
/// TS 24.501 §9.11.3.9 5GS tracking area identity list.
struct tai_list {
  std::vector<std::variant<tai_list_tacs, tai_list_consecutive, tai_list_tais>> partial_lists_;
  static decode_result<tai_list> decode(byte_reader& r);
  void encode(byte_writer& w) const;
  bool operator==(const tai_list&) const = default;
};

/// TS 24.501 §9.11.2.8 S-NSSAI IE (value part; length 1, 2, 4, 5 or 8 octets):
/// the S-NSSAI and, when roaming, the HPLMN S-NSSAI it maps to.
struct s_nssai {
  model::s_nssai value_;
  /// Mapped HPLMN SST and SD; its SD is present only with the S-NSSAI's own SD (length 8).
  std::optional<model::s_nssai> mapped_hplmn_;
  static decode_result<s_nssai> decode(byte_reader& r);
  void encode(byte_writer& w) const;
  bool operator==(const s_nssai&) const = default;
};

/// TS 24.501 §9.11.3.37 NSSAI (requested, allowed, configured, pending...).
struct nssai {
  std::vector<s_nssai> s_nssais_;
  static decode_result<nssai> decode(byte_reader& r);
  void encode(byte_writer& w) const;
  bool operator==(const nssai&) const = default;
};

/// TS 24.501 §9.11.3.46 Rejected NSSAI: one rejected S-NSSAI.
struct rejected_s_nssai {
  std::uint8_t cause_ = 0;  ///< 0 not available in the current PLMN/SNPN, 1 ... registration area, 2 NSSAA failed...
  model::s_nssai s_nssai_;
  bool operator==(const rejected_s_nssai&) const = default;
};
/// TS 24.501 §9.11.3.46 Rejected NSSAI.
struct rejected_nssai {
  std::vector<rejected_s_nssai> rejected_;
  static decode_result<rejected_nssai> decode(byte_reader& r);
  void encode(byte_writer& w) const;
  bool operator==(const rejected_nssai&) const = default;
};

/// TS 24.501 §9.11.3.6 5GS registration result.
struct registration_result {
  std::uint8_t value_ = 1;  ///< 1 3GPP access, 2 non-3GPP access, 3 both
  bool sms_allowed_ = false;
  bool nssaa_to_be_performed_ = false;
  bool emergency_registered_ = false;
  bool disaster_roaming_ = false;
  bool spare_bit8_ = false;
  static decode_result<registration_result> decode(byte_reader& r);
  void encode(byte_writer& w) const;
  bool operator==(const registration_result&) const = default;
};

/// TS 24.501 §9.11.3.54 UE security capability (bit masks, bit 8 = algorithm 0).
struct ue_security_capability {
  std::uint8_t ea_ = 0;  ///< 5G-EA0..7
  std::uint8_t ia_ = 0;  ///< 5G-IA0..7
  std::optional<std::uint8_t> eea_;
  std::optional<std::uint8_t> eia_;
  std::vector<std::uint8_t> spare_;  ///< octets 7..10, kept as received
  static decode_result<ue_security_capability> decode(byte_reader& r);
  void encode(byte_writer& w) const;
  bool operator==(const ue_security_capability&) const = default;
  bool supports_ea(unsigned n) const { return n < 8 && (ea_ & (0x80 >> n)) != 0; }
  bool supports_ia(unsigned n) const { return n < 8 && (ia_ & (0x80 >> n)) != 0; }
};

/// TS 24.501 §9.11.3.44 PDU session status (also §9.11.3.42 PDU session reactivation
/// result, §9.11.3.57 Uplink data status, §9.11.3.13 Allowed PDU session status):
/// one bit per PDU session identity 0..15.
struct psi_bitmap {
  std::uint16_t psi_ = 0;            ///< bit n set: PSI(n)
  std::vector<std::uint8_t> spare_;  ///< octets beyond the first two, as received
  static decode_result<psi_bitmap> decode(byte_reader& r);
  void encode(byte_writer& w) const;
  bool has(unsigned n) const { return n < 16 && (psi_ & (1u << n)) != 0; }
  bool operator==(const psi_bitmap&) const = default;
};

/// TS 24.008 §10.5.7.3 GPRS timer, §10.5.7.4 GPRS timer 2, §10.5.7.4a GPRS timer 3.
enum class timer_kind : std::uint8_t { gprs_timer, gprs_timer_2, gprs_timer_3 };
template <timer_kind Kind>
struct timer_ie {
  std::uint8_t unit_ = 0;   ///< bits 8..6
  std::uint8_t value_ = 0;  ///< bits 5..1
  static decode_result<timer_ie> decode(byte_reader& r) {
    auto b = r.u8("timer value");
    if (!b) return std::unexpected(b.error());
    return timer_ie{static_cast<std::uint8_t>(*b >> 5), static_cast<std::uint8_t>(*b & 0x1f)};
  }
  void encode(byte_writer& w) const { w.u8(static_cast<std::uint8_t>((unit_ << 5) | (value_ & 0x1f))); }
  /// The duration in seconds, or nothing when the timer is deactivated.
  std::optional<std::uint64_t> seconds() const;
  bool operator==(const timer_ie&) const = default;
};
using gprs_timer = timer_ie<timer_kind::gprs_timer>;      ///< TS 24.008 §10.5.7.3
using gprs_timer_2 = timer_ie<timer_kind::gprs_timer_2>;  ///< TS 24.008 §10.5.7.4
using gprs_timer_3 = timer_ie<timer_kind::gprs_timer_3>;  ///< TS 24.008 §10.5.7.4a

/// TS 24.501 §9.11.3.4 5GS mobile identity: SUCI with SUPI format IMSI, as the
/// octets carry it. Kept in wire form (a routing indicator with an F before a
/// digit has been seen in the wild and must re-encode unchanged); to_model()
/// gives the identity, model::suci.
struct suci_imsi {
  model::plmn plmn_;
  std::string routing_indicator_ = "0";  ///< up to 4 digits; 'F' marks a filler before a digit
  std::uint8_t protection_scheme_ = 0;   ///< 0 null scheme, 1 profile A, 2 profile B
  std::uint8_t home_network_public_key_id_ = 0;
  std::vector<std::uint8_t> scheme_output_;  ///< the MSIN in BCD for the null scheme
  bool operator==(const suci_imsi&) const = default;
  /// The MSIN digits when the null scheme is used (BCD scheme output), else empty.
  std::string msin() const;
  /// The SUCI, or nothing when the routing indicator is not 1..4 digits or a
  /// null-scheme output is not an MSIN.
  std::optional<model::suci> to_model() const;
};
/// TS 24.501 §9.11.3.4: SUCI in NAI form (SUPI format "network specific identifier" and others).
struct suci_nai {
  std::uint8_t supi_format_ = 1;  ///< 1 NAI, 2 GCI, 3 GLI
  std::string nai_;
  bool operator==(const suci_nai&) const = default;
};
/// TS 24.501 §9.11.3.4: a 5G-GUTI as a 5GS mobile identity.
struct guti_5g_identity {
  model::guti_5g value_;
  std::uint8_t octet1_high_ = 0x0f;  ///< bits 8..5 of octet 1 ("1111"), as received
  bool operator==(const guti_5g_identity&) const = default;
};
/// TS 24.501 §9.11.3.4: a 5G-S-TMSI as a 5GS mobile identity.
struct s_tmsi_5g_identity {
  model::s_tmsi_5g value_;
  std::uint8_t octet1_high_ = 0x0f;  ///< bits 8..5 of octet 1 ("1111"), as received
  bool operator==(const s_tmsi_5g_identity&) const = default;
};
/// TS 24.501 §9.11.3.4: IMEI (15 digits) or IMEISV (16 digits).
struct imei_digits {
  std::string digits_;
  bool operator==(const imei_digits&) const = default;
};
/// TS 24.501 §9.11.3.4: IMEI.
struct imei : imei_digits {};
/// TS 24.501 §9.11.3.4: IMEISV.
struct imeisv : imei_digits {};
/// TS 24.501 §9.11.3.4: MAC address.
struct mac_address_identity {
  std::array<std::uint8_t, 6> mac_{};
  bool usage_restricted_ = false;  ///< MAUR
  bool operator==(const mac_address_identity&) const = default;
};
/// TS 24.501 §9.11.3.4: EUI-64.
struct eui64_identity {
  std::array<std::uint8_t, 8> eui64_{};
  bool operator==(const eui64_identity&) const = default;
};
/// TS 24.501 §9.11.3.4: "no identity", kept as received.
struct no_identity {
  std::vector<std::uint8_t> bytes_{0x00};
  bool operator==(const no_identity&) const = default;
};
/// TS 24.501 §9.11.3.4 5GS mobile identity.
struct mobile_identity {
  std::variant<suci_imsi, suci_nai, guti_5g_identity, imei, s_tmsi_5g_identity, imeisv, mac_address_identity,
               eui64_identity, no_identity>
      value_;
  static decode_result<mobile_identity> decode(byte_reader& r);
  void encode(byte_writer& w) const;
  bool operator==(const mobile_identity&) const = default;
};

/// TS 24.501 §9.11.2.1B DNN (APN label encoding, TS 23.003 §9.1).
struct dnn {
  std::string value_;  ///< labels joined with '.'
  static decode_result<dnn> decode(byte_reader& r);
  void encode(byte_writer& w) const;
  bool operator==(const dnn&) const = default;
};

/// TS 24.501 §9.11.4.10 PDU address.
struct pdu_address {
  pdu_session_type_value type_ = pdu_session_type_value::ipv4;
  bool si6lla_ = false;  ///< an IPv6 link-local address follows
  std::optional<std::array<std::uint8_t, 4>> ipv4_;
  std::optional<std::array<std::uint8_t, 8>> ipv6_interface_id_;
  std::optional<std::array<std::uint8_t, 16>> ipv6_link_local_;
  static decode_result<pdu_address> decode(byte_reader& r);
  void encode(byte_writer& w) const;
  bool operator==(const pdu_address&) const = default;
};

/// TS 24.501 §9.11.4.14 Session-AMBR.
struct session_ambr {
  std::uint8_t downlink_unit_ = 6;  ///< 6: 1 Mbps ... (Table 9.11.4.14.1)
  std::uint16_t downlink_ = 0;
  std::uint8_t uplink_unit_ = 6;
  std::uint16_t uplink_ = 0;
  static decode_result<session_ambr> decode(byte_reader& r);
  void encode(byte_writer& w) const;
  bool operator==(const session_ambr&) const = default;
  /// A unit code and value as bits per second (0 for units the table leaves unused).
  static std::uint64_t bits_per_second(std::uint8_t unit, std::uint16_t value);
};

/// TS 24.501 §9.11.4.13 packet filter component (Table 9.11.4.13.1).
enum class packet_filter_component_type : std::uint8_t {
  match_all = 0x01,
  ipv4_remote_address = 0x10,
  ipv4_local_address = 0x11,
  ipv6_remote_address_prefix = 0x21,
  ipv6_local_address_prefix = 0x23,
  protocol_identifier_next_header = 0x30,
  single_local_port = 0x40,
  local_port_range = 0x41,
  single_remote_port = 0x50,
  remote_port_range = 0x51,
  security_parameter_index = 0x60,
  type_of_service_traffic_class = 0x70,
  flow_label = 0x80,
  destination_mac_address = 0x81,
  source_mac_address = 0x82,
  c_tag_vid = 0x83,
  s_tag_vid = 0x84,
  c_tag_pcp_dei = 0x85,
  s_tag_pcp_dei = 0x86,
  ethertype = 0x87,
  destination_mac_address_range = 0x88,
  source_mac_address_range = 0x89,
};
/// TS 24.501 §9.11.4.13: one component; `value_` holds the octets after the type
/// (address and mask, port, port range, ...) whose size the type fixes.
struct packet_filter_component {
  packet_filter_component_type type_ = packet_filter_component_type::match_all;
  std::vector<std::uint8_t> value_;
  bool operator==(const packet_filter_component&) const = default;
};
/// TS 24.501 §9.11.4.13 packet filter direction.
enum class packet_filter_direction : std::uint8_t { ts_1 = 0, downlink = 1, uplink = 2, bidirectional = 3 };
/// TS 24.501 §9.11.4.13 packet filter.
struct packet_filter {
  packet_filter_direction direction_ = packet_filter_direction::bidirectional;
  std::uint8_t identifier_ = 0;  ///< 4 bits
  std::vector<packet_filter_component> components_;
  bool operator==(const packet_filter&) const = default;
};
/// TS 24.501 §9.11.4.13 QoS rule operation code.
enum class qos_rule_operation : std::uint8_t {
  create_new = 1,
  delete_existing = 2,
  modify_and_add_packet_filters = 3,
  modify_and_replace_all_packet_filters = 4,
  modify_and_delete_packet_filters = 5,
  modify_without_modifying_packet_filters = 6,
};
/// TS 24.501 §9.11.4.13 QoS rule.
struct qos_rule {
  std::uint8_t identifier_ = 1;
  qos_rule_operation operation_ = qos_rule_operation::create_new;
  bool default_rule_ = false;  ///< DQR
  /// For "modify and delete packet filters" only identifiers are carried: then
  /// each filter has no components (its direction is not encoded).
  std::vector<packet_filter> packet_filters_;
  std::optional<std::uint8_t> precedence_;
  std::optional<std::uint8_t> qfi_;  ///< 6 bits
  bool segregation_ = false;
  bool operator==(const qos_rule&) const = default;
};
/// TS 24.501 §9.11.4.13 QoS rules.
struct qos_rules {
  std::vector<qos_rule> rules_;
  static decode_result<qos_rules> decode(byte_reader& r);
  void encode(byte_writer& w) const;
  bool operator==(const qos_rules&) const = default;
};

/// TS 24.501 §9.11.4.12 QoS flow parameter identifiers.
enum class qos_flow_parameter_id : std::uint8_t {
  five_qi = 0x01,
  gfbr_uplink = 0x02,
  gfbr_downlink = 0x03,
  mfbr_uplink = 0x04,
  mfbr_downlink = 0x05,
  averaging_window = 0x06,
  eps_bearer_identity = 0x07,
};
/// TS 24.501 §9.11.4.12 QoS flow parameter.
struct qos_flow_parameter {
  qos_flow_parameter_id id_ = qos_flow_parameter_id::five_qi;
  std::vector<std::uint8_t> contents_;  ///< 5QI (1), bit rate (unit + 2), window (2), EBI (1)
  bool operator==(const qos_flow_parameter&) const = default;
};
/// TS 24.501 §9.11.4.12 QoS flow description operation code.
enum class qos_flow_operation : std::uint8_t { create_new = 1, delete_existing = 2, modify_existing = 3 };
/// TS 24.501 §9.11.4.12 QoS flow description.
struct qos_flow_description {
  std::uint8_t qfi_ = 1;
  qos_flow_operation operation_ = qos_flow_operation::create_new;
  bool e_bit_ = true;  ///< parameters list carries all parameters (create) / replaces (modify)
  std::vector<qos_flow_parameter> parameters_;
  bool operator==(const qos_flow_description&) const = default;
};
/// TS 24.501 §9.11.4.12 QoS flow descriptions.
struct qos_flow_descriptions {
  std::vector<qos_flow_description> descriptions_;
  static decode_result<qos_flow_descriptions> decode(byte_reader& r);
  void encode(byte_writer& w) const;
  bool operator==(const qos_flow_descriptions&) const = default;
};

/// TS 24.008 §10.5.6.3 protocol / container identifiers used in 5GS.
namespace pco_id {
inline constexpr std::uint16_t ipcp = 0x8021;
inline constexpr std::uint16_t pap = 0xc023;
inline constexpr std::uint16_t chap = 0xc223;
inline constexpr std::uint16_t pcscf_ipv6_address = 0x0001;
inline constexpr std::uint16_t dns_server_ipv6_address = 0x0003;
inline constexpr std::uint16_t ip_address_allocation_via_nas = 0x000a;
inline constexpr std::uint16_t pcscf_ipv4_address = 0x000c;
inline constexpr std::uint16_t dns_server_ipv4_address = 0x000d;
inline constexpr std::uint16_t ipv4_link_mtu = 0x0010;
}  // namespace pco_id
/// TS 24.008 §10.5.6.3: one protocol or container (identifier, contents).
struct pco_container {
  std::uint16_t id_ = 0;
  std::vector<std::uint8_t> contents_;
  bool operator==(const pco_container&) const = default;
};
/// TS 24.008 §10.5.6.3A Extended protocol configuration options.
struct extended_pco {
  std::uint8_t header_ = 0x80;  ///< ext bit, spare bits, configuration protocol (0 = PPP)
  std::vector<pco_container> containers_;
  static decode_result<extended_pco> decode(byte_reader& r);
  void encode(byte_writer& w) const;
  bool operator==(const extended_pco&) const = default;
  /// Network to UE: the DNS server IPv4 addresses (container 000DH, 4 octets each).
  std::vector<std::array<std::uint8_t, 4>> dns_server_ipv4() const;
  /// Network to UE: the DNS server IPv6 addresses (container 0003H).
  std::vector<std::array<std::uint8_t, 16>> dns_server_ipv6() const;
  /// Network to UE: the IPv4 link MTU (container 0010H).
  std::optional<std::uint16_t> ipv4_link_mtu() const;
};

/// TS 24.501 §9.11.4.7 Integrity protection maximum data rate.
struct integrity_protection_maximum_data_rate {
  std::uint8_t uplink_ = 0;  ///< 0 64 kbps, 1 NULL, 0xff full data rate
  std::uint8_t downlink_ = 0;
  static decode_result<integrity_protection_maximum_data_rate> decode(byte_reader& r);
  void encode(byte_writer& w) const {
    w.u8(uplink_);
    w.u8(downlink_);
  }
  bool operator==(const integrity_protection_maximum_data_rate&) const = default;
};

/// TS 24.008 §10.5.3.5a Network name.
struct network_name {
  std::uint8_t coding_scheme_ = 0;  ///< 0 GSM 7-bit default alphabet, 1 UCS2
  bool add_ci_ = false;
  std::uint8_t spare_bits_in_last_octet_ = 0;
  bool ext_ = true;
  std::vector<std::uint8_t> text_;  ///< encoded text
  static decode_result<network_name> decode(byte_reader& r);
  void encode(byte_writer& w) const;
  bool operator==(const network_name&) const = default;
  /// The text as UTF-8 (GSM 7-bit or UCS2 decoded; other characters become '?').
  std::string to_utf8() const;
};

/// TS 24.501 §9.11.3.10 ABBA: octets (the spec gives no structure beyond 0x0000).
using abba = octets;
/// TS 24.501 §9.11.3.39 Payload container: its meaning follows the payload
/// container type; see decode_payload() in nas.hpp for the typed view.
using payload_container = octets;
/// TS 24.501 §9.11.3.33 NAS message container: a whole plain NAS message.
using nas_message_container = octets;
/// TS 24.501 §9.11.2.2 EAP message (RFC 3748).
using eap_message = octets;

}  // namespace meridian::nas
