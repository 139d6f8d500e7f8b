#pragma once
// The 5G key hierarchy of TS 33.501 Annex A (and the EAP-AKA' keys of RFC 9048),
// each derivation one function named after its clause. All use the KDF of
// TS 33.220 B.2 (crypto/kdf.hpp).

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "meridian/crypto/milenage.hpp"
#include "meridian/crypto/secret.hpp"
#include "meridian/model/supi.hpp"

namespace meridian::security {

using crypto::key128;
using crypto::key256;

/// A.2, FC 0x6A: KAUSF from CK || IK, the serving network name and SQN xor AK.
key256 derive_kausf(const key128& ck, const key128& ik, std::string_view serving_network_name,
                    std::span<const std::uint8_t, 6> sqn_xor_ak);

/// TS 33.102 §6.3.2: RES/XRES is 4 to 16 octets (32..128 bits; Milenage gives 8).
constexpr bool is_valid_res_length(std::size_t octets) noexcept { return octets >= 4 && octets <= 16; }

/// A.4, FC 0x6B: RES* (or XRES*) — the 128 least significant bits of the KDF output.
/// Precondition: is_valid_res_length(res.size()). A RES of another length is
/// outside every specification; it is not rejected here (the signature has no
/// error channel) but derived over the octets given, with L2 their true length
/// (up to 65535), so the result is still keyed by CK || IK — unpredictable
/// without the keys, never a constant an attacker could send — and cannot equal
/// the RES* of any conforming RES. Callers that take RES from outside should
/// check is_valid_res_length first.
std::array<std::uint8_t, 16> derive_res_star(const key128& ck, const key128& ik, std::string_view serving_network_name,
                                             std::span<const std::uint8_t, 16> rand, std::span<const std::uint8_t> res);

/// A.5: HRES* (HXRES*) — the 128 least significant bits of SHA-256(RAND || RES*).
std::array<std::uint8_t, 16> derive_hres_star(std::span<const std::uint8_t, 16> rand,
                                              std::span<const std::uint8_t, 16> res_star);

/// A.6, FC 0x6C: KSEAF from KAUSF and the serving network name.
key256 derive_kseaf(const key256& kausf, std::string_view serving_network_name);

/// A.7, FC 0x6D: KAMF from KSEAF, the SUPI (IMSI digits, or the NAI) and ABBA.
/// ABBA is variable-length (A.7.1; 0x0000 today); a SUPI or ABBA longer than
/// 65535 octets is cut to that length, the most TS 33.220 B.2 can encode.
key256 derive_kamf(const key256& kseaf, std::string_view supi_value, std::span<const std::uint8_t> abba);

/// A.13, FC 0x72: K'AMF from KAMF at AMF re-allocation / mobility (DIRECTION, COUNT).
/// Handover: DIRECTION 0x01 and the downlink NAS COUNT; idle mobility
/// (registration update): DIRECTION 0x00 and the uplink NAS COUNT.
key256 derive_kamf_prime(const key256& kamf, std::uint8_t direction, std::uint32_t count);

/// A.8, FC 0x69: algorithm type distinguishers.
enum class algorithm_distinguisher : std::uint8_t {
  n_nas_enc = 0x01,
  n_nas_int = 0x02,
  n_rrc_enc = 0x03,
  n_rrc_int = 0x04,
  n_up_enc = 0x05,
  n_up_int = 0x06,
};

/// A.8: an algorithm key (KNASenc, KNASint, KRRCenc, ...), the 128 least
/// significant bits of the 256-bit KDF output. `algorithm_id` is the octet P1:
/// the algorithm identity in its four least significant bits (A.8 asks the
/// upper four to be zero; the octet is used as given).
key128 derive_algorithm_key(const key256& parent, algorithm_distinguisher type, std::uint8_t algorithm_id);
/// The full 256-bit A.8 output, for tools and vectors.
key256 derive_algorithm_key_256(const key256& parent, algorithm_distinguisher type, std::uint8_t algorithm_id);

enum class access_type : std::uint8_t { three_gpp = 0x01, non_three_gpp = 0x02 };

/// A.9, FC 0x6E: KgNB (3GPP access) or KN3IWF (non-3GPP access) from KAMF and the uplink NAS COUNT.
key256 derive_kgnb(const key256& kamf, std::uint32_t uplink_nas_count, access_type access = access_type::three_gpp);

/// A.10, FC 0x6F: NH from KAMF and SYNC-input (KgNB for the first NH, then the previous NH).
key256 derive_nh(const key256& kamf, const key256& sync_input);

/// A.11, FC 0x70: KNG-RAN* from KgNB or NH, the target PCI and ARFCN-DL (3 octets).
/// Only the low 24 bits of `arfcn_dl` are encoded; every NR-ARFCN (0..3279165) fits.
key256 derive_kng_ran_star(const key256& kgnb_or_nh, std::uint16_t pci, std::uint32_t arfcn_dl);

/// TS 33.402 A.2 / RFC 9048 §3.3, FC 0x20: CK' || IK' from CK, IK, the access
/// network name and SQN xor AK.
struct ck_ik_prime {
  key128 ck_prime;
  key128 ik_prime;
};
ck_ik_prime derive_ck_ik_prime(const key128& ck, const key128& ik, std::string_view access_network_name,
                               std::span<const std::uint8_t, 6> sqn_xor_ak);

/// RFC 9048 §3.3 (RFC 5448 §3.3): MK = PRF'(IK'|CK', "EAP-AKA'"|Identity) split into
/// K_encr (128), K_aut (256), K_re (256), MSK (512), EMSK (512) bits, where
/// PRF'(K,S) = T1 | T2 | ..., T1 = HMAC-SHA-256(K, S | 0x01),
/// Tn = HMAC-SHA-256(K, Tn-1 | S | n).
struct eap_aka_prime_keys {
  key128 k_encr;
  key256 k_aut;
  key256 k_re;
  crypto::secret<64> msk;
  crypto::secret<64> emsk;
};
eap_aka_prime_keys derive_eap_aka_prime_keys(const ck_ik_prime& keys, std::string_view identity);

/// TS 33.501 Annex F.3: the Identity that enters MK in 5G, whatever identity
/// the UE sent: the IMSI digits of an IMSI-type SUPI (TS 23.003 §2.2), the NAI
/// of an NAI-type one.
std::string eap_aka_prime_identity(const model::supi& supi);

/// TS 33.501 §6.1.3.1 and Annex F: after EAP-AKA', KAUSF is the 256 most
/// significant bits of EMSK (both the UE and the AUSF take it so).
key256 derive_kausf_from_emsk(const crypto::secret<64>& emsk);

}  // namespace meridian::security
