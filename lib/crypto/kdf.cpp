#include "meridian/crypto/kdf.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

namespace meridian::crypto {

namespace {

struct mac_ctx_free {
  void operator()(EVP_MAC_CTX* c) const noexcept { EVP_MAC_CTX_free(c); }
};
using mac_ctx_ptr = std::unique_ptr<EVP_MAC_CTX, mac_ctx_free>;

// OpenSSL fails here only when it cannot allocate or its default provider is
// missing; no input reaches this. Carrying on would hand out a predictable
// (all-zero) key, which is worse than stopping, so this is treated as a broken
// internal invariant.
[[noreturn]] void backend_broken() noexcept { std::abort(); }

// A keyless HMAC-SHA-256 context prepared once: fetching the algorithm and the
// digest by name costs more than a short MAC, so every call duplicates this
// template instead (EVP_MAC_CTX_dup only reads it, so threads may share it).
// Measured: keeping one context per thread and re-keying it is no faster, as
// EVP_MAC_init dominates either way, and it would leave keyed state behind.
const EVP_MAC_CTX* hmac_template() noexcept {
  static const mac_ctx_ptr tmpl = []() -> mac_ctx_ptr {
    EVP_MAC* mac = EVP_MAC_fetch(nullptr, OSSL_MAC_NAME_HMAC, nullptr);
    if (mac == nullptr) return {};
    mac_ctx_ptr ctx(EVP_MAC_CTX_new(mac));
    EVP_MAC_free(mac);  // the context holds its own reference
    if (!ctx) return {};
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                                 OSSL_PARAM_construct_end()};
    if (EVP_MAC_CTX_set_params(ctx.get(), params) != 1) return {};
    return ctx;
  }();
  return tmpl.get();
}

// One HMAC computation fed in pieces; the context (and with it the keyed
// inner/outer hash states) is cleansed by EVP_MAC_CTX_free.
class hmac_stream {
 public:
  explicit hmac_stream(std::span<const std::uint8_t> key) noexcept {
    const EVP_MAC_CTX* tmpl = hmac_template();
    if (tmpl == nullptr) backend_broken();
    ctx_.reset(EVP_MAC_CTX_dup(tmpl));
    if (!ctx_) backend_broken();
    // An empty span may have a null data pointer, which EVP_MAC_init reads as
    // "keep the previous key"; point at a real (unused) byte instead.
    static const std::uint8_t empty = 0;
    const std::uint8_t* k = key.empty() ? &empty : key.data();
    if (EVP_MAC_init(ctx_.get(), k, key.size(), nullptr) != 1) backend_broken();
  }

  void update(std::span<const std::uint8_t> data) noexcept {
    if (data.empty()) return;
    if (EVP_MAC_update(ctx_.get(), data.data(), data.size()) != 1) backend_broken();
  }

  void finish(std::span<std::uint8_t, 32> out) noexcept {
    std::size_t len = 0;
    if (EVP_MAC_final(ctx_.get(), out.data(), &len, out.size()) != 1 || len != out.size()) backend_broken();
  }

 private:
  mac_ctx_ptr ctx_;
};

// Feeds S = FC || P0 || L0 || ... to `sink`, one piece at a time, so that
// kdf_input() and kdf() cannot disagree on the encoding.
template <class Sink>
void emit_kdf_input(std::uint8_t fc, std::initializer_list<std::span<const std::uint8_t>> params, Sink&& sink) {
  const std::uint8_t fc_octet[1] = {fc};
  sink(std::span<const std::uint8_t>(fc_octet));
  for (auto p : params) {
    const std::size_t n = std::min(p.size(), kdf_max_parameter_length);
    const std::uint8_t length[2] = {static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)};
    sink(p.first(n));
    sink(std::span<const std::uint8_t>(length));
  }
}

}  // namespace

// RFC 2104 with SHA-256.
std::array<std::uint8_t, 32> hmac_sha256(std::span<const std::uint8_t> key, std::span<const std::uint8_t> data) {
  return hmac_sha256(key, {data});
}

// RFC 2104 with SHA-256, over a concatenation given in parts.
std::array<std::uint8_t, 32> hmac_sha256(std::span<const std::uint8_t> key,
                                         std::initializer_list<std::span<const std::uint8_t>> parts) {
  hmac_stream mac(key);
  for (auto p : parts) mac.update(p);
  std::array<std::uint8_t, 32> out{};
  mac.finish(out);
  return out;
}

// FIPS 180-4 SHA-256.
std::array<std::uint8_t, 32> sha256(std::span<const std::uint8_t> data) {
  std::array<std::uint8_t, 32> out{};
  unsigned int len = 0;
  static const std::uint8_t empty = 0;
  const std::uint8_t* d = data.empty() ? &empty : data.data();
  if (EVP_Digest(d, data.size(), out.data(), &len, EVP_sha256(), nullptr) != 1 || len != out.size()) backend_broken();
  return out;
}

// TS 33.220 B.2: the input string S.
std::vector<std::uint8_t> kdf_input(std::uint8_t fc, std::initializer_list<std::span<const std::uint8_t>> params) {
  std::vector<std::uint8_t> s;
  std::size_t total = 1;
  for (auto p : params) total += std::min(p.size(), kdf_max_parameter_length) + 2;
  s.reserve(total);
  emit_kdf_input(fc, params,
                 [&s](std::span<const std::uint8_t> piece) { s.insert(s.end(), piece.begin(), piece.end()); });
  return s;
}

// TS 33.220 B.2: derived key = HMAC-SHA-256(Key, S).
key256 kdf(std::span<const std::uint8_t> key, std::uint8_t fc,
           std::initializer_list<std::span<const std::uint8_t>> params) {
  hmac_stream mac(key);
  emit_kdf_input(fc, params, [&mac](std::span<const std::uint8_t> piece) { mac.update(piece); });
  key256 out;
  mac.finish(out.mutable_bytes());
  return out;
}

}  // namespace meridian::crypto
