#pragma once
// The emulated UE's USIM (TS 31.102 as far as 5G NAS needs it): the
// subscriber's K and OPc, the SQN array of TS 33.102 Annex C (SEQ_MS per IND
// value, the freshness window Δ), the 5G-AKA check of a challenge with the
// AUTS of a synchronisation failure (TS 33.102 §6.3.3), and the SUCI
// computation of TS 33.501 §6.12.2 / Annex C with the home network public key
// (null scheme, ECIES Profile A or B) that EF_SUCI_Calc_Info would hold.
//
// One USIM per emulated UE: its own SUPI, keys and SQN state. The home
// network's SUCI parameters are the same for every subscriber of an HPLMN, so
// they are shared (one allocation for 100,000 UEs).

#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "meridian/crypto/milenage.hpp"
#include "meridian/crypto/secret.hpp"
#include "meridian/model/suci.hpp"
#include "meridian/model/supi.hpp"
#include "meridian/security/aka.hpp"
#include "meridian/security/eap_aka_prime_peer.hpp"
#include "meridian/security/sqn.hpp"
#include "meridian/security/suci.hpp"

namespace meridian::ue {

/// TS 31.102 §4.4.11.8 EF_SUCI_Calc_Info as the ME uses it: the protection
/// scheme and the home network public key, with the routing indicator
/// (EF_Routing_Indicator) and the MNC length (EF_AD) that shape the SUCI.
struct suci_calc_info {
  model::protection_scheme scheme = model::protection_scheme::null;
  std::vector<std::uint8_t> home_network_public_key;  ///< X25519 (A) or compressed P-256 (B)
  std::uint8_t home_network_public_key_id = 0;        ///< 1..255 with Profiles A/B
  std::string routing_indicator = "0";
  unsigned mnc_length = 2;  ///< digits of the IMSI after the MCC that are the MNC
};

/// TS 24.501 §5.4.1.3.7 / TS 33.102 §6.3.3: why the USIM refused a challenge
/// (5GMM causes #20, #21 with AUTS, #26) or, on success, what the ME derives.
using aka_outcome = std::expected<security::ue_aka_result, security::ue_aka_rejection>;

class usim {
 public:
  /// `suci_info` may be null: the null scheme with routing indicator 0.
  usim(model::supi supi, const crypto::key128& k, const crypto::key128& opc,
       std::shared_ptr<const suci_calc_info> suci_info = {}, security::sqn_config sqn = {});
  /// A USIM provisioned with OP rather than OPc (TS 35.206 §4.1: OPc = OP xor E_K(OP)).
  static usim with_op(model::supi supi, const crypto::key128& k, const crypto::key128& op,
                      std::shared_ptr<const suci_calc_info> suci_info = {}, security::sqn_config sqn = {});

  const model::supi& supi() const noexcept { return supi_; }
  const suci_calc_info& suci_info() const noexcept;

  /// TS 33.501 §6.12.2: a fresh SUCI (a new ephemeral key each call for the
  /// ECIES profiles, so two SUCIs of one SUPI cannot be linked).
  /// `ephemeral_private_key` fixes the ephemeral key (test vectors only).
  security::suci_result<model::suci> conceal(
      std::optional<std::span<const std::uint8_t>> ephemeral_private_key = {}) const;

  /// TS 33.102 §6.3.3 and TS 33.501 §6.1.3.2.0: checks AUTN — MAC-A first
  /// (#20 MAC failure), then the AMF separation bit (#26 non-5G
  /// authentication unacceptable), then SQN freshness against the Annex C
  /// array (#21 synch failure, with AUTS = SQN_MS xor AK* || MAC-S) — and on
  /// success accepts the SQN and gives RES*, K_AUSF, CK and IK for the
  /// serving network. The SQN state changes only on success.
  aka_outcome authenticate(const crypto::rand128& rand, const security::autn128& autn,
                           std::string_view serving_network_name);

  /// TS 33.501 §6.1.3.1 / RFC 9048: an EAP-AKA' peer over this USIM's keys
  /// and SQN state for one exchange in `serving_network_name` (the identity
  /// entering MK is the SUPI's, TS 33.501 Annex F.3). It refers to this USIM,
  /// which must outlive it.
  std::unique_ptr<security::eap_aka_prime_peer> eap_aka_prime_peer(std::string serving_network_name);

  const security::sqn_ue_state& sqn_state() const noexcept { return sqn_; }

 private:
  model::supi supi_;
  crypto::key128 k_;    // never log
  crypto::key128 opc_;  // never log
  std::shared_ptr<const suci_calc_info> suci_info_;
  security::sqn_ue_state sqn_;
};

}  // namespace meridian::ue
