#pragma once
// 5G-AKA (TS 33.501 §6.1.3.2) as pure functions, both sides: the home network's
// authentication vector, the UE's AUTN check (MAC failure vs synch failure,
// AUTS), and the home network's AUTS verification for resynchronisation.

#include <array>
#include <cstdint>
#include <expected>
#include <optional>
#include <string_view>

#include "meridian/crypto/milenage.hpp"
#include "meridian/crypto/secret.hpp"
#include "meridian/security/sqn.hpp"

namespace meridian::security {

using crypto::ak48;
using crypto::amf16;
using crypto::key128;
using crypto::key256;
using crypto::rand128;
using crypto::sqn48;

using autn128 = std::array<std::uint8_t, 16>;
using auts112 = std::array<std::uint8_t, 14>;

/// Converts between the 48-bit number and its six octets.
sqn48 sqn_to_bytes(std::uint64_t sqn) noexcept;
std::uint64_t sqn_from_bytes(const sqn48& sqn) noexcept;

/// The 5G home environment authentication vector (TS 33.501 §6.1.3.2.0 step 1)
/// and the AUSF's derived values, with the Milenage outputs for debugging tools.
struct he_authentication_vector {
  rand128 rand{};
  autn128 autn{};
  std::array<std::uint8_t, 16> xres_star{};
  std::array<std::uint8_t, 16> hxres_star{};
  key256 kausf;
  // Intermediate values (not sent anywhere; for `meridian crypto aka`).
  crypto::mac64 res{};
  key128 ck;
  key128 ik;
  ak48 ak{};
};

/// UDM/ARPF side. The "separation bit" (bit 0, the most significant bit of the
/// AMF field, TS 33.102 Annex H) is set to 1 as TS 33.501 §6.1.3.2 requires for
/// 5G; the other AMF bits are kept as given.
he_authentication_vector generate_he_av(const key128& k, const key128& opc, const rand128& rand, const sqn48& sqn,
                                        const amf16& amf, std::string_view serving_network_name);

/// Why the UE rejected an AUTN (TS 24.501 §5.4.1.3.7 5GMM causes 20 / 21 / 26).
enum class autn_failure : std::uint8_t {
  mac_failure,               ///< MAC-A does not match: 5GMM cause #20
  synch_failure,             ///< SQN not fresh: 5GMM cause #21, with AUTS
  non_5g_auth_unacceptable,  ///< AMF separation bit is 0: 5GMM cause #26
};

struct ue_aka_rejection {
  autn_failure reason;
  auts112 auts{};  ///< filled for synch_failure
};

/// What the UE computes from an accepted challenge.
struct ue_aka_result {
  std::array<std::uint8_t, 16> res_star{};
  key256 kausf;
  key128 ck;
  key128 ik;
  std::uint64_t sqn = 0;
};

/// What the USIM computes from a challenge whose AUTN it accepted: the AKA
/// outputs both 5G-AKA and EAP-AKA' build on (TS 33.102 §6.3.3).
struct usim_aka_result {
  crypto::mac64 res{};  ///< f2: RES. Never log it.
  key128 ck;
  key128 ik;
  std::uint64_t sqn = 0;  ///< the SQN in AUTN, not yet accepted into the state
};

/// USIM side of TS 33.102 §6.3.3, without changing `state`: checks AUTN in
/// this order — MAC (mac_failure), separation bit (non_5g_auth_unacceptable),
/// SQN freshness (synch_failure, with the AUTS for state.sqn_ms()). The caller
/// accepts the SQN (state.accept(result.sqn)) once everything else it checks
/// (EAP-AKA''s AT_MAC) has verified too.
std::expected<usim_aka_result, ue_aka_rejection> usim_check(const key128& k, const key128& opc, const rand128& rand,
                                                           const autn128& autn, const sqn_ue_state& state);

/// USIM + ME side: checks AUTN in this order — MAC (mac_failure), separation
/// bit (non_5g_auth_unacceptable), SQN freshness in `state` (synch_failure, with
/// the AUTS for state.sqn_ms()) — and on success accepts the SQN and derives
/// RES* and KAUSF. `state` changes only on success.
std::expected<ue_aka_result, ue_aka_rejection> ue_authenticate(const key128& k, const key128& opc, const rand128& rand,
                                                               const autn128& autn,
                                                               std::string_view serving_network_name,
                                                               sqn_ue_state& state);

/// The AUTS of TS 33.102 §6.3.3: (SQN_MS xor AK*) || MAC-S, with the dummy AMF 0x0000.
auts112 generate_auts(const key128& k, const key128& opc, const rand128& rand, std::uint64_t sqn_ms);

/// Home network side of resynchronisation (TS 33.102 §6.3.5): recovers SQN_MS
/// from AUTS and checks MAC-S; nothing when MAC-S is wrong.
std::optional<std::uint64_t> verify_auts(const key128& k, const key128& opc, const rand128& rand, const auts112& auts);

/// TS 33.102 §6.3.3 as a party holding K and OPc but not the UE's SQN sees a
/// challenge (a tool reading a capture): whether AUTN's MAC-A verifies for
/// RAND. No freshness check: an observer has no SQN_MS.
bool autn_mac_verifies(const key128& k, const key128& opc, const rand128& rand, const autn128& autn);

/// TS 33.501 §6.1.3.2 and Annex A.2: the K_AUSF of the challenge (RAND, AUTN)
/// in a serving network, as both the UE and the home network derive it.
key256 derive_kausf_of_challenge(const key128& k, const key128& opc, const rand128& rand, const autn128& autn,
                                 std::string_view serving_network_name);

}  // namespace meridian::security
