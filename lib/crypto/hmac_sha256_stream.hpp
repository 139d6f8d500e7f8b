#pragma once
// HMAC-SHA-256 (RFC 2104) fed in pieces, for kdf.cpp and sha256.cpp; not
// public API. Both hash states live inside the object, on the caller's stack:
// nothing is allocated, nothing is shared, so any thread (or a forked child)
// may use its own stream freely.

#include <openssl/sha.h>

#include <cstdint>
#include <span>

namespace meridian::crypto::detail {

class hmac_sha256_stream {
 public:
  /// Keys the stream (any key length; RFC 2104 hashes keys over 64 octets).
  explicit hmac_sha256_stream(std::span<const std::uint8_t> key) noexcept;
  /// Cleanses both keyed hash states: each is as good as the key for this MAC.
  ~hmac_sha256_stream();
  hmac_sha256_stream(const hmac_sha256_stream&) = delete;
  hmac_sha256_stream& operator=(const hmac_sha256_stream&) = delete;

  void update(std::span<const std::uint8_t> data) noexcept;
  /// The MAC; call once, after the last update().
  void finish(std::span<std::uint8_t, 32> out) noexcept;

 private:
  SHA256_CTX inner_;  // SHA-256 over (K0 xor ipad) || text
  SHA256_CTX outer_;  // SHA-256 over (K0 xor opad), finished with the inner hash
};

}  // namespace meridian::crypto::detail
