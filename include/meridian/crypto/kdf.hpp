#pragma once
// The generic key derivation function of TS 33.220 Annex B.2:
//   S = FC || P0 || L0 || P1 || L1 || ... ;  derived key = HMAC-SHA-256(Key, S)
// where each Li is the length of Pi as two octets.

#include <array>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <vector>

#include "meridian/crypto/secret.hpp"

namespace meridian::crypto {

std::array<std::uint8_t, 32> hmac_sha256(std::span<const std::uint8_t> key, std::span<const std::uint8_t> data);

/// The input string S of TS 33.220 B.2 (exposed so tests can compare it with vectors).
std::vector<std::uint8_t> kdf_input(std::uint8_t fc, std::initializer_list<std::span<const std::uint8_t>> params);

/// TS 33.220 B.2: HMAC-SHA-256(key, S).
key256 kdf(std::span<const std::uint8_t> key, std::uint8_t fc, std::initializer_list<std::span<const std::uint8_t>> params);

}  // namespace meridian::crypto
