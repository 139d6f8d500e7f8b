#pragma once
// MILENAGE (TS 35.205/35.206): the authentication and key generation functions
// f1, f1*, f2, f3, f4, f5, f5* with the standard constants c1..c5, r1..r5.

#include <array>
#include <cstdint>
#include <span>

#include "meridian/crypto/aes.hpp"
#include "meridian/crypto/secret.hpp"

namespace meridian::crypto {

using rand128 = std::array<std::uint8_t, 16>;
using sqn48 = std::array<std::uint8_t, 6>;
using amf16 = std::array<std::uint8_t, 2>;
using mac64 = std::array<std::uint8_t, 8>;
using ak48 = std::array<std::uint8_t, 6>;

/// TS 35.206 §4.1: OPc = OP xor E_K(OP).
key128 milenage_opc(const key128& k, const key128& op);

/// One subscriber's Milenage instance. Intermediate blocks are wiped after use.
///
/// Only a thread's first one allocates (the context); its const functions may be called
/// from several threads at once: the AES key schedule lives in a per-thread
/// context (see aes.hpp). lib/security/aka.cpp makes one per authentication.
class milenage {
 public:
  milenage(const key128& k, const key128& opc);

  /// f1: network authentication code MAC-A.
  mac64 f1(const rand128& rand, const sqn48& sqn, const amf16& amf) const;
  /// f1*: resynchronisation authentication code MAC-S.
  mac64 f1_star(const rand128& rand, const sqn48& sqn, const amf16& amf) const;

  struct f2345_output {
    mac64 res;  ///< f2: RES (64 bits)
    key128 ck;  ///< f3
    key128 ik;  ///< f4
    ak48 ak;    ///< f5: anonymity key
  };
  /// f2, f3, f4 and f5 together, as they share E_K(RAND xor OPc).
  f2345_output f2345(const rand128& rand) const;
  /// f5*: anonymity key for resynchronisation.
  ak48 f5_star(const rand128& rand) const;

 private:
  aes128_block_cipher cipher_;
  key128 opc_;
};

}  // namespace meridian::crypto
