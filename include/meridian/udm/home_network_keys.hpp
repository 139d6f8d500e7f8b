#pragma once
// The home network's SUCI private keys (TS 33.501 §6.12.2, Annex C), as the
// UDM's SIDF asks for them: by the home network public key identifier a SUCI
// carries and its protection scheme. The subscriber store keeps them (issue
// 14: "the home network's SUCI keys, Profile A and B private keys by key id");
// the composition root adapts the store to this interface.
//
// Synchronous on purpose: de-concealment needs the key before anything else
// can happen, and an implementation loads the few keys a network has once and
// answers from memory.

#include <cstdint>
#include <optional>

#include "meridian/crypto/secret.hpp"
#include "meridian/model/suci.hpp"

namespace meridian::udm {

/// An ECIES private key (32 octets for both profiles). Never log it.
using hn_private_key = crypto::secret<32>;

class home_network_keys {
 public:
  virtual ~home_network_keys() = default;

  /// The private key with identifier `key_id` (1..255, TS 23.003 §2.2B) for
  /// `scheme` (Profile A or B), or nothing when the home network has none.
  virtual std::optional<hn_private_key> find(std::uint8_t key_id, model::protection_scheme scheme) const = 0;
};

}  // namespace meridian::udm
