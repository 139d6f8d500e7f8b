#pragma once
// The identities both ends of N2 are configured with (PLMN, TAC, S-NSSAI, GUAMI,
// gNB ID) as plain values, and their NGAP encodings. Shared by the AMF and the
// gNB so that both read and write them the same way.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "meridian/ngap/ngap_ies.hpp"

namespace meridian::n2 {

/// TS 23.003 §2.2: MCC (3 digits) and MNC (2 or 3 digits).
struct plmn_id {
  std::string mcc = "001";
  std::string mnc = "01";

  /// "001/01"
  std::string to_string() const;
  /// Both parts are decimal digits of the right count.
  bool valid() const noexcept;
  bool operator==(const plmn_id&) const = default;
};

/// "001/01" or "00101" (MCC then a 2- or 3-digit MNC; the slash makes a 3-digit MNC unambiguous).
std::optional<plmn_id> parse_plmn(std::string_view text);

/// TS 38.413 §9.3.3.5 (TS 24.008 §10.5.1.13): 3 octets of BCD digits, filler F for a 2-digit MNC.
ngap::plmn_identity encode_plmn(const plmn_id& p);
std::optional<plmn_id> decode_plmn(const ngap::plmn_identity& octets);

/// TS 38.413 §9.3.3.10: Tracking Area Code, 3 octets.
ngap::tac encode_tac(std::uint32_t tac);
std::optional<std::uint32_t> decode_tac(const ngap::tac& octets);

/// TS 23.003 §28.4.2: SST and an optional 24-bit SD.
struct s_nssai_value {
  std::uint8_t sst = 1;
  std::optional<std::uint32_t> sd;

  /// "1" or "1/010203"
  std::string to_string() const;
  bool operator==(const s_nssai_value&) const = default;
};

/// TS 38.413 §9.3.1.24
ngap::s_nssai encode_s_nssai(const s_nssai_value& s);
std::optional<s_nssai_value> decode_s_nssai(const ngap::s_nssai& s);

/// TS 23.003 §2.10.1: GUAMI = PLMN + AMF Region ID (8 bits) + AMF Set ID (10 bits) + AMF Pointer (6 bits).
struct guami_value {
  plmn_id plmn;
  std::uint8_t region = 1;
  std::uint16_t set = 1;
  std::uint8_t pointer = 0;
  bool operator==(const guami_value&) const = default;
};

/// TS 38.413 §9.3.3.3
ngap::guami encode_guami(const guami_value& g);

/// A PLMN and the slices served in it (the AMF's PLMN Support Item, the
/// gNB's Broadcast PLMN Item).
struct plmn_slices {
  plmn_id plmn;
  std::vector<s_nssai_value> slices{s_nssai_value{}};
  bool operator==(const plmn_slices&) const = default;
};

/// TS 38.413 §9.3.1.5: gNB ID of 22..32 bits.
struct gnb_identity {
  plmn_id plmn;
  std::uint32_t id = 1;
  std::uint8_t length_bits = 22;

  /// "0x000001"
  std::string id_string() const;
  bool operator==(const gnb_identity&) const = default;
};

ngap::global_ran_node_id encode_global_gnb_id(const gnb_identity& g);
/// Nothing for an ng-eNB, N3IWF or malformed id.
std::optional<gnb_identity> decode_global_gnb_id(const ngap::global_ran_node_id& id);

/// TS 38.413 §9.3.1.56: the Time To Wait IE and its duration.
std::chrono::seconds to_duration(ngap::time_to_wait t) noexcept;
/// The shortest Time To Wait not shorter than `d` (v60s for anything longer).
ngap::time_to_wait time_to_wait_at_least(std::chrono::seconds d) noexcept;

}  // namespace meridian::n2
