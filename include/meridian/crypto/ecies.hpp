#pragma once
// ECIES as TS 33.501 Annex C.3 profiles it for SUCI: X25519 (Profile A) or
// secp256r1 with compressed points (Profile B), ANSI X9.63 KDF with SHA-256,
// AES-128-CTR, and HMAC-SHA-256 truncated to 64 bits.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "meridian/crypto/crypto_error.hpp"

namespace meridian::crypto {

enum class ecies_profile : std::uint8_t { a = 1, b = 2 };

struct ecies_key_pair {
  std::vector<std::uint8_t> private_key;  ///< 32 octets
  std::vector<std::uint8_t> public_key;   ///< A: 32 octets; B: 33 octets, compressed
};

/// A fresh key pair (the home network's, or an ephemeral one).
crypto_result<ecies_key_pair> ecies_generate_key_pair(ecies_profile profile);
/// The key pair whose private key is `private_key`.
crypto_result<ecies_key_pair> ecies_key_pair_from_private(ecies_profile profile, std::span<const std::uint8_t> private_key);

struct ecies_ciphertext {
  std::vector<std::uint8_t> ephemeral_public_key;  ///< A: 32 octets; B: 33 octets, compressed
  std::vector<std::uint8_t> ciphertext;
  std::array<std::uint8_t, 8> mac_tag{};
};

/// UE side. `ephemeral_private_key`, when given, replaces the random ephemeral
/// key (for test vectors and reproducible debugging). The home network public
/// key for Profile B may be compressed (33) or uncompressed (65 octets).
crypto_result<ecies_ciphertext> ecies_encrypt(ecies_profile profile, std::span<const std::uint8_t> hn_public_key,
                                              std::span<const std::uint8_t> plaintext,
                                              std::optional<std::span<const std::uint8_t>> ephemeral_private_key = {});

/// Home network side: checks the MAC tag first (crypto_errc::mac_failure), and
/// rejects ephemeral keys that are not valid points (crypto_errc::invalid_key).
crypto_result<std::vector<std::uint8_t>> ecies_decrypt(ecies_profile profile, std::span<const std::uint8_t> hn_private_key,
                                                       const ecies_ciphertext& in);

}  // namespace meridian::crypto
