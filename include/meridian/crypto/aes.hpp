#pragma once
// AES-128 through OpenSSL 3 EVP: the single-block cipher under Milenage, and
// the counter and CMAC modes under 128-NEA2 / 128-NIA2.

#include <array>
#include <cstdint>
#include <memory>
#include <span>

#include "meridian/crypto/crypto_error.hpp"
#include "meridian/crypto/secret.hpp"

namespace meridian::crypto {

using block128 = std::array<std::uint8_t, 16>;

/// AES-128 in ECB mode for single blocks (Milenage calls it six times per
/// authentication vector).
///
/// The object holds only the key: the key schedule lives in one OpenSSL
/// context per thread, which encrypt() re-keys when another cipher used it
/// last (see aes_block_cipher.cpp). So only a thread's first one allocates,
/// and encrypt() may be called from several threads at once. Destruction
/// overwrites the schedule in the destroying thread's context; another thread
/// that ran this cipher holds the schedule until its next re-key.
/// Copies are not offered; construct another.
///
/// encrypt() cannot fail for any input: if OpenSSL does (a broken library, or
/// a moved-from object), it aborts rather than return a predictable block.
class aes128_block_cipher {
 public:
  /// Throws std::bad_alloc if this thread's context cannot be made.
  explicit aes128_block_cipher(const key128& key);
  ~aes128_block_cipher();
  aes128_block_cipher(aes128_block_cipher&&) noexcept;
  aes128_block_cipher& operator=(aes128_block_cipher&&) noexcept;

  /// FIPS 197 one-block encryption.
  block128 encrypt(const block128& in) const noexcept;

 private:
  void forget_key() noexcept;

  key128 key_;
  std::uint64_t key_id_;  // unique per keyed object; 0 once moved from
};

/// AES-128-CTR with a 128-bit initial counter block: XORs the keystream into `data`.
crypto_result<void> aes128_ctr_apply(const key128& key, const block128& initial_counter, std::span<std::uint8_t> data);

/// AES-128-CMAC (RFC 4493 / NIST SP 800-38B) over the first `length_bits` bits of `message`.
crypto_result<block128> aes128_cmac(const key128& key, std::span<const std::uint8_t> message, std::size_t length_bits);

}  // namespace meridian::crypto
