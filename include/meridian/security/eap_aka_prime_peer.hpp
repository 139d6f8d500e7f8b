#pragma once
// The UE's side of EAP-AKA' in 5G (TS 33.501 §6.1.3.1, RFC 9048 §3): what the
// USIM and ME do with each EAP packet the network sends inside NAS
// Authentication Request / Result, and the EAP-Response to send back. Keys
// stay inside; K_AUSF comes out once the challenge was accepted. Pure apart
// from the SQN state it updates; never logs.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "meridian/crypto/secret.hpp"
#include "meridian/security/aka.hpp"
#include "meridian/security/eap_aka_prime.hpp"
#include "meridian/security/key_hierarchy.hpp"
#include "meridian/security/sqn.hpp"

namespace meridian::security {

/// What the UE did with one EAP packet from the network.
enum class eap_peer_action : std::uint8_t {
  challenge_response,       ///< accepted the challenge: EAP-Response/AKA'-Challenge with AT_RES and AT_MAC
  kdf_negotiation,          ///< the first AT_KDF was not 1 but 1 was offered: EAP-Response/AKA'-Challenge with AT_KDF 1
  synchronization_failure,  ///< SQN not fresh: EAP-Response/AKA'-Synchronization-Failure with AT_AUTS
  authentication_reject,    ///< AUTN failed, non-5G AMF, KDF 1 not offered, or not our serving network name
  client_error,             ///< a packet it cannot process (malformed, attribute missing, AT_MAC wrong)
  success,                  ///< EAP-Success after an accepted challenge: K_AUSF is in force
  failure,                  ///< EAP-Failure, or an EAP-Success with no accepted challenge before it
};

/// The outcome of one packet: the action and the EAP-Response to send (empty
/// for success and failure, which are not answered).
struct eap_peer_step {
  eap_peer_action action = eap_peer_action::client_error;
  std::vector<std::uint8_t> response{};
  /// Why AUTN was refused (authentication_reject or synchronization_failure from the USIM).
  std::optional<autn_failure> autn_failure_{};
};

/// One UE's EAP-AKA' peer for one serving network.
class eap_aka_prime_peer {
 public:
  /// `identity` is the SUPI's form for MK (eap_aka_prime_identity(supi));
  /// `serving_network_name` the one the UE computes itself (TS 33.501
  /// §6.1.1.4), which AT_KDF_INPUT must equal; `sqn` the USIM's SQN state,
  /// which an accepted challenge updates.
  eap_aka_prime_peer(const key128& k, const key128& opc, std::string identity, std::string serving_network_name,
                     sqn_ue_state& sqn);

  /// Processes one EAP packet (octets of the NAS EAP message IE).
  eap_peer_step receive(std::span<const std::uint8_t> eap_packet);

  /// K_AUSF of the last accepted challenge (TS 33.501 Annex F: EMSK's first 256 bits).
  const std::optional<key256>& kausf() const noexcept { return kausf_; }
  /// Every key of the last accepted challenge (tools and tests).
  const std::optional<eap_aka_prime_keys>& keys() const noexcept { return keys_; }
  /// True once an EAP-Success followed an accepted challenge.
  bool authenticated() const noexcept { return authenticated_; }

 private:
  eap_peer_step on_challenge(const eap::packet& request, std::span<const std::uint8_t> bytes);

  key128 k_;
  key128 opc_;
  std::string identity_;
  std::string serving_network_name_;
  sqn_ue_state& sqn_;
  std::optional<key256> kausf_;
  std::optional<eap_aka_prime_keys> keys_;
  bool authenticated_ = false;
};

}  // namespace meridian::security
