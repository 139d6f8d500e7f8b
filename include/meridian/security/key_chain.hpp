#pragma once
// The 5G-AKA key chain in one call (TS 33.501 §6.1.3.2, Annex A.2-A.10): from
// the subscriber's K and OPc and one challenge to the authentication vector,
// KSEAF, KAMF, the NAS algorithm keys, KgNB and the first NH. It is what one
// successful authentication and the following Security Mode Command produce
// on both sides, for tools (`meridian crypto aka`) and for tests that check
// another implementation step by step. Each step is the single derivation of
// key_hierarchy.hpp; nothing here is logged.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "meridian/security/aka.hpp"
#include "meridian/security/key_hierarchy.hpp"

namespace meridian::security {

/// The inputs of one chain.
struct key_chain_input {
  key128 k;
  key128 opc;
  rand128 rand{};
  sqn48 sqn{};
  amf16 amf{};
  std::string serving_network_name{};  ///< "5G:mnc<MNC>.mcc<MCC>.3gppnetwork.org" (TS 24.501 §9.12.1)
  std::string supi_value{};            ///< A.7: the IMSI digits, or the NAI
  std::vector<std::uint8_t> abba{0x00, 0x00};  ///< A.7.1: 0x0000 today
  std::uint32_t uplink_nas_count = 0;          ///< A.9: the uplink NAS COUNT of KgNB
  std::uint8_t nas_ciphering_algorithm = 2;    ///< A.8: 128-NEA<id> of KNASenc
  std::uint8_t nas_integrity_algorithm = 2;    ///< A.8: 128-NIA<id> of KNASint
};

/// Every key of the chain, in the order they are derived.
struct key_chain {
  he_authentication_vector av;  ///< RES, CK, IK, AK, AUTN, XRES*, HXRES*, KAUSF
  key256 kseaf;                 ///< A.6
  key256 kamf;                  ///< A.7
  key128 knas_enc;              ///< A.8, N-NAS-enc-alg
  key128 knas_int;              ///< A.8, N-NAS-int-alg
  key256 kgnb;                  ///< A.9, 3GPP access
  key256 nh;                    ///< A.10, the first NH (SYNC-input KgNB)
};

key_chain derive_key_chain(const key_chain_input& in);

/// A.8's three pairs of algorithm type distinguishers: NAS (from KAMF), RRC
/// and UP (from KgNB).
enum class algorithm_key_family : std::uint8_t { nas, rrc, up };
/// "nas", "rrc" or "up".
std::optional<algorithm_key_family> parse_algorithm_key_family(std::string_view text) noexcept;

/// A.8 for one family: both keys, whole (256 bits) and truncated (128 bits).
struct algorithm_keys {
  key256 enc_256;
  key256 int_256;
  key128 enc;
  key128 integ;
};
algorithm_keys derive_algorithm_keys(const key256& parent, algorithm_key_family family, std::uint8_t ciphering_algorithm,
                                     std::uint8_t integrity_algorithm);

/// A.9's access type distinguisher by name: "3gpp" or "non-3gpp".
std::optional<access_type> parse_access_type(std::string_view text) noexcept;

}  // namespace meridian::security
