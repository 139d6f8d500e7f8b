#pragma once
// 128-NEA0..3 (ciphering) and 128-NIA0..3 (integrity) of TS 33.501 Annex D,
// over bit lengths: SNOW 3G (1), AES (2), ZUC (3), and the null algorithms (0).

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "meridian/crypto/crypto_error.hpp"
#include "meridian/crypto/secret.hpp"

namespace meridian::crypto {

/// TS 33.501 §5.11.1.1 / TS 24.501 §9.11.3.34: the algorithm identifiers.
enum class nea : std::uint8_t { nea0 = 0, nea1 = 1, nea2 = 2, nea3 = 3 };
enum class nia : std::uint8_t { nia0 = 0, nia1 = 1, nia2 = 2, nia3 = 3 };

/// The inputs every NEA and NIA takes besides the key and data (TS 33.501 D.2.1, D.3.1).
struct algorithm_input {
  std::uint32_t count = 0;     ///< COUNT, 32 bits
  std::uint8_t bearer = 0;     ///< BEARER, 5 bits
  std::uint8_t direction = 0;  ///< DIRECTION, 1 bit: 0 uplink, 1 downlink
};

/// Ciphers (or deciphers: the same operation) the first `length_bits` bits of
/// `data` in place. `data` must hold at least ceil(length_bits/8) octets; the
/// bits of the last octet beyond `length_bits` are set to zero, as the
/// specification's output leaves them.
crypto_result<void> nea_apply(nea algorithm, const key128& key, const algorithm_input& in, std::span<std::uint8_t> data,
                              std::size_t length_bits);

/// The 32-bit MAC-I/NAS-MAC of the first `length_bits` bits of `message`.
/// 128-NIA0 returns all zeros (TS 33.501 D.3.1.1).
crypto_result<std::array<std::uint8_t, 4>> nia_mac(nia algorithm, const key128& key, const algorithm_input& in,
                                                   std::span<const std::uint8_t> message, std::size_t length_bits);

}  // namespace meridian::crypto
