#pragma once
// ECIES as TS 33.501 Annex C.3 profiles it for SUCI: X25519 (Profile A) or
// secp256r1 with compressed points (Profile B), ANSI X9.63 KDF with SHA-256,
// AES-128-CTR, and HMAC-SHA-256 truncated to 64 bits.
//
// Processing (TS 33.501 C.3.2 / C.3.3 over SECG SEC 1 v2 §5.1.3 / §5.1.4):
//   Z      = ECDH(private key, peer public key)  (X25519, or the x-coordinate of d·P)
//   K      = X9.63-KDF-SHA-256(Z, SharedInfo1 = ephemeral public key as sent), 64 octets
//   EncKey = K[0..16), ICB = K[16..32), MacKey = K[32..64)
//   ciphertext = AES-128-CTR(EncKey, ICB, plaintext)   (32-bit counter, SP 800-38A B.1)
//   MAC tag    = HMAC-SHA-256(MacKey, ciphertext)[0..8)
// Nothing here throws or aborts on a bad input: every failure is a crypto_error.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "meridian/crypto/crypto_error.hpp"
#include "meridian/crypto/secret.hpp"

namespace meridian::crypto {

enum class ecies_profile : std::uint8_t { a = 1, b = 2 };
/// "A" or "B" (either case), as TS 33.501 Annex C.3.4 names the profiles.
std::optional<ecies_profile> parse_ecies_profile(std::string_view text) noexcept;

/// Octets of an ECIES private key (both profiles).
inline constexpr std::size_t ecies_private_key_length = 32;
/// Octets of the MAC tag (TS 33.501 C.3.4: maclen = 8).
inline constexpr std::size_t ecies_mac_length = 8;
/// Octets of the public key as it appears in the scheme output: 32 (A), 33 (B, compressed).
constexpr std::size_t ecies_public_key_length(ecies_profile profile) noexcept {
  return profile == ecies_profile::a ? 32 : 33;
}

struct ecies_key_pair {
  std::vector<std::uint8_t> private_key;  ///< 32 octets
  std::vector<std::uint8_t> public_key;   ///< A: 32 octets; B: 33 octets, compressed
};

/// A fresh key pair (the home network's, or an ephemeral one).
crypto_result<ecies_key_pair> ecies_generate_key_pair(ecies_profile profile);
/// The key pair whose private key is `private_key`. Profile B rejects a scalar
/// outside [1, n-1] (crypto_errc::invalid_key).
crypto_result<ecies_key_pair> ecies_key_pair_from_private(ecies_profile profile,
                                                          std::span<const std::uint8_t> private_key);

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
crypto_result<std::vector<std::uint8_t>> ecies_decrypt(ecies_profile profile,
                                                       std::span<const std::uint8_t> hn_private_key,
                                                       const ecies_ciphertext& in);

// ---- The steps, exposed for the intermediate values of TS 33.501 C.4 and for tools ----

/// The ECDH shared secret Z: X25519 (RFC 7748 §5) for Profile A, the
/// x-coordinate of the cofactor ECDH product (SEC 1 §3.3.2, h = 1) for Profile B.
/// A peer key that is not a valid point, or a Profile A result of all zeros (a
/// low-order peer point), is crypto_errc::invalid_key.
crypto_result<key256> ecies_shared_secret(ecies_profile profile, std::span<const std::uint8_t> private_key,
                                          std::span<const std::uint8_t> peer_public_key);

/// ANSI X9.63 KDF with SHA-256 (SEC 1 §3.6.1): Hash(Z || counter32 || SharedInfo)
/// for counter = 1, 2, ... concatenated and cut to `out.size()` octets.
crypto_result<void> x963_kdf_sha256(std::span<const std::uint8_t> z, std::span<const std::uint8_t> shared_info,
                                    std::span<std::uint8_t> out);

/// The keys TS 33.501 C.3.2 splits from the 64 KDF octets.
struct ecies_keys {
  key128 enc_key;
  secret<16> icb;
  key256 mac_key;
};
/// K = X9.63-KDF(Z, SharedInfo1 = the ephemeral public key as sent), split EncKey || ICB || MacKey.
crypto_result<ecies_keys> ecies_derive_keys(const key256& shared_secret,
                                            std::span<const std::uint8_t> ephemeral_public_key);

}  // namespace meridian::crypto
