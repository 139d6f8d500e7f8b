#pragma once
// The generic key derivation function of TS 33.220 Annex B.2:
//   S = FC || P0 || L0 || P1 || L1 || ... ;  derived key = HMAC-SHA-256(Key, S)
// where each Li is the length of Pi as two octets.

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <vector>

#include "meridian/crypto/secret.hpp"

namespace meridian::crypto {

/// HMAC-SHA-256 (RFC 2104, FIPS 180-4) of `data` under `key` (any lengths).
std::array<std::uint8_t, 32> hmac_sha256(std::span<const std::uint8_t> key, std::span<const std::uint8_t> data);

/// HMAC-SHA-256 over the concatenation of `parts`, without building the
/// concatenation (so no copy of key-dependent input is left in memory).
std::array<std::uint8_t, 32> hmac_sha256(std::span<const std::uint8_t> key,
                                         std::initializer_list<std::span<const std::uint8_t>> parts);

/// SHA-256 (FIPS 180-4) of `data`.
std::array<std::uint8_t, 32> sha256(std::span<const std::uint8_t> data);

/// The largest parameter TS 33.220 B.2 can encode: Li is two octets.
inline constexpr std::size_t kdf_max_parameter_length = 0xffff;

/// The input string S of TS 33.220 B.2 (exposed so tests can compare it with vectors).
/// A parameter longer than kdf_max_parameter_length cannot be encoded; only its
/// first kdf_max_parameter_length octets are used (no specification defines one).
std::vector<std::uint8_t> kdf_input(std::uint8_t fc, std::initializer_list<std::span<const std::uint8_t>> params);

/// TS 33.220 B.2: HMAC-SHA-256(key, S), with S as kdf_input() builds it. S is
/// fed to the MAC piecewise and never materialised, since parameters can be
/// keys themselves (the SYNC-input of the NH derivation is KgNB or NH).
key256 kdf(std::span<const std::uint8_t> key, std::uint8_t fc,
           std::initializer_list<std::span<const std::uint8_t>> params);

}  // namespace meridian::crypto
