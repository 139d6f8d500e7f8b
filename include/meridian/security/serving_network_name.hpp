#pragma once
// The serving network name (TS 33.501 §6.1.1.4): the service code "5G", a
// colon and the SN Id, which for a PLMN is "mnc<MNC>.mcc<MCC>.3gppnetwork.org"
// with a three-digit MNC (TS 24.501 §9.12.1), and for an SNPN that followed by
// ":<NID>" (11 hex digits, TS 23.003 §12.7). It binds RES*, KAUSF and KSEAF
// (and EAP-AKA''s CK'/IK' through AT_KDF_INPUT) to the network the UE is in.

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "meridian/model/plmn.hpp"

namespace meridian::security {

/// A serving network name read back into its parts.
struct serving_network_id {
  std::string mcc;                ///< 3 digits
  std::string mnc;                ///< 3 digits, as written (a two-digit MNC carries a leading 0)
  std::optional<std::string> nid; ///< an SNPN's NID, 11 hex digits
  bool operator==(const serving_network_id&) const = default;
};

/// "5G:mnc<MNC>.mcc<MCC>.3gppnetwork.org" of `plmn`.
std::string serving_network_name(const model::plmn& plmn);

/// Parses a serving network name; nothing unless it has exactly the form above
/// (case-sensitive, as the KDF hashes its octets). Never throws.
std::optional<serving_network_id> parse_serving_network_name(std::string_view text);

/// True when `text` is the serving network name of one of `plmns` (an SNPN's
/// name counts for its PLMN ID, whatever its NID).
bool names_one_of(std::string_view text, std::span<const model::plmn> plmns);

}  // namespace meridian::security
