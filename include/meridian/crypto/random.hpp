#pragma once
// Unpredictable octets from the operating system's CSPRNG (OpenSSL's DRBG), for
// what the specifications require to be random: RAND of an authentication
// vector (TS 33.102 §6.3.2), identifiers an attacker must not guess (an AUSF's
// authCtxId).

#include <cstdint>
#include <span>

#include "meridian/crypto/crypto_error.hpp"

namespace meridian::crypto {

/// Fills `out` with random octets; crypto_errc::backend_failure when the
/// generator is not seeded (the caller must not go on with predictable octets).
crypto_result<void> random_bytes(std::span<std::uint8_t> out) noexcept;

}  // namespace meridian::crypto
