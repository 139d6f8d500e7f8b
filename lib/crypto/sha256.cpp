// SHA-256 (FIPS 180-4) and HMAC-SHA-256 (RFC 2104) on OpenSSL's low-level
// SHA256_CTX.
//
// Why not EVP: every EVP_MAC or EVP_MD context is heap-allocated by the
// provider, and re-initialising a kept one frees and allocates its algorithm
// context again in OpenSSL 3.0. An HMAC through EVP_MAC_CTX_dup cost 11
// allocations and ~750 ns; on SHA256_CTX it costs none and ~170 ns (see
// docs/performance.md), and a 5G-AKA runs several per authentication. The
// low-level calls are deprecated in OpenSSL 3 but present in every 3.x, and
// they run the same SHA-256 block function (SHA-NI where the CPU has it) as
// the default provider, which is itself built on them.
#define OPENSSL_SUPPRESS_DEPRECATED

#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <cstdlib>

#include "hmac_sha256_stream.hpp"
#include "meridian/crypto/kdf.hpp"
#include "meridian/crypto/secret.hpp"

namespace meridian::crypto {

namespace {

// SHA256_Init/Update/Final only ever return 1 in OpenSSL 3 (no allocation, no
// provider); a 0 would mean a broken library. Carrying on would hand out a
// predictable MAC or key, which is worse than stopping (aes_block_cipher.cpp
// decides the same).
[[noreturn]] void backend_broken() noexcept { std::abort(); }

constexpr std::size_t block_size = SHA256_CBLOCK;  // 64 octets

void init_hash(SHA256_CTX& ctx) noexcept {
  if (SHA256_Init(&ctx) != 1) backend_broken();
}

void update_hash(SHA256_CTX& ctx, std::span<const std::uint8_t> data) noexcept {
  if (data.empty()) return;  // an empty span may carry a null pointer
  if (SHA256_Update(&ctx, data.data(), data.size()) != 1) backend_broken();
}

void finish_hash(SHA256_CTX& ctx, std::span<std::uint8_t, 32> out) noexcept {
  if (SHA256_Final(out.data(), &ctx) != 1) backend_broken();
}

}  // namespace

// RFC 2104 §2: K0 is the key, or its hash when longer than a block, padded
// with zeros to one block; the inner and outer states absorb K0 xor ipad and
// K0 xor opad up front so the key itself is not kept.
detail::hmac_sha256_stream::hmac_sha256_stream(std::span<const std::uint8_t> key) noexcept {
  std::array<std::uint8_t, block_size> k0{}, pad{};
  const scoped_wipe wipe_k0(k0), wipe_pad(pad);
  if (key.size() > block_size) {
    SHA256_CTX h;
    const scoped_wipe wipe_h(h);
    init_hash(h);
    update_hash(h, key);
    finish_hash(h, std::span<std::uint8_t, 32>(k0.data(), 32));
  } else {
    std::copy(key.begin(), key.end(), k0.begin());
  }
  for (std::size_t i = 0; i < block_size; ++i) pad[i] = static_cast<std::uint8_t>(k0[i] ^ 0x36u);
  init_hash(inner_);
  update_hash(inner_, pad);
  for (std::size_t i = 0; i < block_size; ++i) pad[i] = static_cast<std::uint8_t>(k0[i] ^ 0x5cu);
  init_hash(outer_);
  update_hash(outer_, pad);
}

detail::hmac_sha256_stream::~hmac_sha256_stream() {
  wipe_object(inner_);
  wipe_object(outer_);
}

void detail::hmac_sha256_stream::update(std::span<const std::uint8_t> data) noexcept { update_hash(inner_, data); }

void detail::hmac_sha256_stream::finish(std::span<std::uint8_t, 32> out) noexcept {
  std::array<std::uint8_t, 32> inner_hash{};
  const scoped_wipe wipe_inner_hash(inner_hash);
  finish_hash(inner_, inner_hash);
  update_hash(outer_, inner_hash);
  finish_hash(outer_, out);
}

// RFC 2104 with SHA-256.
std::array<std::uint8_t, 32> hmac_sha256(std::span<const std::uint8_t> key, std::span<const std::uint8_t> data) {
  return hmac_sha256(key, {data});
}

// RFC 2104 with SHA-256, over a concatenation given in parts.
std::array<std::uint8_t, 32> hmac_sha256(std::span<const std::uint8_t> key,
                                         std::initializer_list<std::span<const std::uint8_t>> parts) {
  detail::hmac_sha256_stream mac(key);
  for (auto p : parts) mac.update(p);
  std::array<std::uint8_t, 32> out{};
  mac.finish(out);
  return out;
}

// FIPS 180-4 SHA-256. The state is cleansed: the input may be secret (HXRES*
// hashes RAND || XRES*).
std::array<std::uint8_t, 32> sha256(std::span<const std::uint8_t> data) {
  SHA256_CTX ctx;
  const scoped_wipe wipe_ctx(ctx);
  init_hash(ctx);
  update_hash(ctx, data);
  std::array<std::uint8_t, 32> out{};
  finish_hash(ctx, out);
  return out;
}

}  // namespace meridian::crypto
