#pragma once
// The UDM's Subscription Identifier De-concealing Function (TS 33.501 §6.12.5):
// the SUPI behind a SupiOrSuci, with the home network private key the SUCI's
// key identifier names.

#include "meridian/sbi_types/common_data.hpp"
#include "meridian/sbi_types/result.hpp"
#include "meridian/udm/home_network_keys.hpp"

namespace meridian::udm {

/// The SUPI itself for a SUPI; for a SUCI its de-concealment:
/// - a scheme other than null, Profile A and B, the null scheme when the home
///   network refuses it, or a key identifier with no private key for the
///   scheme: UNSUPPORTED_PROTECTION_SCHEME (501);
/// - a scheme output that does not de-conceal (wrong length, ECIES MAC
///   failure, not a point on the curve, not a SUPI): MANDATORY_IE_INCORRECT
///   (400) on /supiOrSuci.
sbi::result<model::supi> deconceal_supi(const sbi::supi_or_suci& id, const home_network_keys& keys,
                                        bool allow_null_scheme);

}  // namespace meridian::udm
