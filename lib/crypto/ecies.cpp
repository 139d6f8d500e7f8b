// ECIES for SUCI (TS 33.501 Annex C.3) over OpenSSL 3: X25519 through EVP_PKEY,
// P-256 through EC_POINT (point compression and validation), SHA-256 through
// EVP; AES-128-CTR and HMAC-SHA-256 are the project's own wrappers (aes.hpp,
// kdf.hpp). Every OpenSSL failure becomes a crypto_error; the
// OpenSSL error queue is cleared so that no stale error leaks to other callers.

#include "meridian/crypto/ecies.hpp"

#include <algorithm>
#include <memory>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/rand.h>

#include "meridian/crypto/aes.hpp"
#include "meridian/crypto/kdf.hpp"

namespace meridian::crypto {

namespace {

struct evp_pkey_free {
  void operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
};
struct evp_pkey_ctx_free {
  void operator()(EVP_PKEY_CTX* p) const noexcept { EVP_PKEY_CTX_free(p); }
};
struct evp_md_ctx_free {
  void operator()(EVP_MD_CTX* p) const noexcept { EVP_MD_CTX_free(p); }
};
struct ec_group_free {
  void operator()(EC_GROUP* p) const noexcept { EC_GROUP_free(p); }
};
struct ec_point_free {
  void operator()(EC_POINT* p) const noexcept { EC_POINT_clear_free(p); }
};
struct bn_free {
  void operator()(BIGNUM* p) const noexcept { BN_clear_free(p); }
};
struct bn_ctx_free {
  void operator()(BN_CTX* p) const noexcept { BN_CTX_free(p); }
};
using pkey_ptr = std::unique_ptr<EVP_PKEY, evp_pkey_free>;
using pkey_ctx_ptr = std::unique_ptr<EVP_PKEY_CTX, evp_pkey_ctx_free>;
using md_ctx_ptr = std::unique_ptr<EVP_MD_CTX, evp_md_ctx_free>;
using group_ptr = std::unique_ptr<EC_GROUP, ec_group_free>;
using point_ptr = std::unique_ptr<EC_POINT, ec_point_free>;
using bn_ptr = std::unique_ptr<BIGNUM, bn_free>;
using bn_ctx_ptr = std::unique_ptr<BN_CTX, bn_ctx_free>;

/// A failure, with OpenSSL's error queue emptied so the next caller starts clean.
std::unexpected<crypto_error> fail(crypto_errc code, std::string_view what) noexcept {
  ERR_clear_error();
  return std::unexpected(crypto_error{code, what});
}

bool valid_profile(ecies_profile p) noexcept { return p == ecies_profile::a || p == ecies_profile::b; }

// ---------------------------------------------------------------- Profile A: X25519

// RFC 7748 §6.1: the public key is X25519(k, 9); OpenSSL derives it from the raw private key.
crypto_result<ecies_key_pair> x25519_from_private(std::span<const std::uint8_t> private_key) {
  pkey_ptr key(EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nullptr, private_key.data(), private_key.size()));
  if (!key) return fail(crypto_errc::invalid_key, "X25519 private key");
  ecies_key_pair out;
  out.public_key.resize(32);
  std::size_t len = out.public_key.size();
  if (EVP_PKEY_get_raw_public_key(key.get(), out.public_key.data(), &len) != 1 || len != 32)
    return fail(crypto_errc::backend_failure, "X25519 public key");
  out.private_key.assign(private_key.begin(), private_key.end());
  return out;
}

// RFC 7748 §5 / §6.1: Z = X25519(private key, peer public key). OpenSSL refuses an
// all-zero result (a low-order peer point), which RFC 7748 §6.1 allows us to reject.
crypto_result<key256> x25519_shared(std::span<const std::uint8_t> private_key, std::span<const std::uint8_t> peer) {
  if (peer.size() != 32) return fail(crypto_errc::invalid_length, "X25519 public key must be 32 octets");
  pkey_ptr own(EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nullptr, private_key.data(), private_key.size()));
  if (!own) return fail(crypto_errc::invalid_key, "X25519 private key");
  pkey_ptr other(EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, nullptr, peer.data(), peer.size()));
  if (!other) return fail(crypto_errc::invalid_key, "X25519 public key");
  pkey_ctx_ptr ctx(EVP_PKEY_CTX_new(own.get(), nullptr));
  if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1) return fail(crypto_errc::backend_failure, "X25519 derive init");
  if (EVP_PKEY_derive_set_peer(ctx.get(), other.get()) != 1) return fail(crypto_errc::invalid_key, "X25519 public key");
  key256 z;
  std::size_t len = z.size();
  if (EVP_PKEY_derive(ctx.get(), z.mutable_bytes().data(), &len) != 1 || len != z.size())
    return fail(crypto_errc::invalid_key, "X25519 public key is a low-order point (all-zero shared secret)");
  return z;
}

// ---------------------------------------------------------------- Profile B: secp256r1

struct p256 {
  group_ptr group;
  bn_ctx_ptr ctx;
};

crypto_result<p256> p256_group() {
  p256 g{group_ptr(EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1)), bn_ctx_ptr(BN_CTX_secure_new())};
  if (!g.group || !g.ctx) return fail(crypto_errc::backend_failure, "secp256r1 group");
  return g;
}

// SEC 1 §3.2.1: a private key is an integer d in [1, n-1], here as 32 big-endian octets.
crypto_result<bn_ptr> p256_scalar(const p256& g, std::span<const std::uint8_t> private_key) {
  if (private_key.size() != 32) return fail(crypto_errc::invalid_length, "secp256r1 private key must be 32 octets");
  bn_ptr d(BN_secure_new());
  if (!d || BN_bin2bn(private_key.data(), 32, d.get()) == nullptr)
    return fail(crypto_errc::backend_failure, "secp256r1 private key");
  const BIGNUM* order = EC_GROUP_get0_order(g.group.get());
  if (BN_is_zero(d.get()) || BN_cmp(d.get(), order) >= 0)
    return fail(crypto_errc::invalid_key, "secp256r1 private key outside [1, n-1]");
  return d;
}

// SEC 1 §2.3.3 with point compression (TS 33.501 C.3.4.2): 0x02/0x03 || X.
crypto_result<std::vector<std::uint8_t>> p256_encode_compressed(const p256& g, const EC_POINT* point) {
  std::vector<std::uint8_t> out(33);
  if (EC_POINT_point2oct(g.group.get(), point, POINT_CONVERSION_COMPRESSED, out.data(), out.size(), g.ctx.get()) != 33)
    return fail(crypto_errc::backend_failure, "secp256r1 point encoding");
  return out;
}

// SEC 1 §2.3.4: a compressed (33 octets, 0x02/0x03) or uncompressed (65, 0x04)
// point. OpenSSL recovers Y and checks that the point is on the curve; the
// "hybrid" forms 0x06/0x07 and the single-octet point at infinity are refused here.
crypto_result<point_ptr> p256_decode(const p256& g, std::span<const std::uint8_t> encoded) {
  if (encoded.size() != 33 && encoded.size() != 65)
    return fail(crypto_errc::invalid_length, "secp256r1 public key must be 33 or 65 octets");
  const bool compressed_prefix = encoded[0] == 0x02 || encoded[0] == 0x03;
  if ((encoded.size() == 33 && !compressed_prefix) || (encoded.size() == 65 && encoded[0] != 0x04))
    return fail(crypto_errc::invalid_key, "secp256r1 public key has a wrong prefix octet");
  point_ptr p(EC_POINT_new(g.group.get()));
  if (!p) return fail(crypto_errc::backend_failure, "secp256r1 point");
  if (EC_POINT_oct2point(g.group.get(), p.get(), encoded.data(), encoded.size(), g.ctx.get()) != 1)
    return fail(crypto_errc::invalid_key, "secp256r1 public key is not a point on the curve");
  if (EC_POINT_is_at_infinity(g.group.get(), p.get()) == 1 ||
      EC_POINT_is_on_curve(g.group.get(), p.get(), g.ctx.get()) != 1)
    return fail(crypto_errc::invalid_key, "secp256r1 public key is not a point on the curve");
  return p;
}

// SEC 1 §3.2.1: Q = d·G.
crypto_result<ecies_key_pair> p256_from_private(std::span<const std::uint8_t> private_key) {
  auto g = p256_group();
  if (!g) return std::unexpected(g.error());
  auto d = p256_scalar(*g, private_key);
  if (!d) return std::unexpected(d.error());
  point_ptr q(EC_POINT_new(g->group.get()));
  if (!q || EC_POINT_mul(g->group.get(), q.get(), d->get(), nullptr, nullptr, g->ctx.get()) != 1)
    return fail(crypto_errc::backend_failure, "secp256r1 public key");
  auto pub = p256_encode_compressed(*g, q.get());
  if (!pub) return std::unexpected(pub.error());
  ecies_key_pair out;
  out.private_key.assign(private_key.begin(), private_key.end());
  out.public_key = std::move(*pub);
  return out;
}

// SEC 1 §3.3.2 (Elliptic Curve Cofactor Diffie-Hellman, TS 33.501 C.3.4.2):
// P = h·d·Q with h = 1 for secp256r1; Z is the x-coordinate of P, 32 octets.
crypto_result<key256> p256_shared(std::span<const std::uint8_t> private_key, std::span<const std::uint8_t> peer) {
  auto g = p256_group();
  if (!g) return std::unexpected(g.error());
  auto q = p256_decode(*g, peer);
  if (!q) return std::unexpected(q.error());
  auto d = p256_scalar(*g, private_key);
  if (!d) return std::unexpected(d.error());
  point_ptr r(EC_POINT_new(g->group.get()));
  if (!r || EC_POINT_mul(g->group.get(), r.get(), nullptr, q->get(), d->get(), g->ctx.get()) != 1)
    return fail(crypto_errc::backend_failure, "secp256r1 ECDH");
  if (EC_POINT_is_at_infinity(g->group.get(), r.get()) == 1)
    return fail(crypto_errc::invalid_key, "secp256r1 ECDH gave the point at infinity");
  bn_ptr x(BN_secure_new());
  if (!x || EC_POINT_get_affine_coordinates(g->group.get(), r.get(), x.get(), nullptr, g->ctx.get()) != 1)
    return fail(crypto_errc::backend_failure, "secp256r1 ECDH");
  key256 z;
  if (BN_bn2binpad(x.get(), z.mutable_bytes().data(), static_cast<int>(z.size())) != static_cast<int>(z.size()))
    return fail(crypto_errc::backend_failure, "secp256r1 ECDH");
  return z;
}

// ---------------------------------------------------------------- symmetric part

// TS 33.501 C.3.2: AES-128 in CTR mode from the ICB, with the standard
// incrementing function of NIST SP 800-38A B.1 on the low m = 32 bits: the 96
// high bits never carry. aes128_ctr_apply increments all 128 bits, which is the
// same until the low 32 bits wrap; so the data is cut at each wrap and every
// piece is run from its own counter block (low 32 bits back to zero).
crypto_result<void> aes128_ctr32(const key128& key, std::span<const std::uint8_t, 16> icb,
                                 std::span<std::uint8_t> data) {
  block128 counter{};
  const scoped_wipe wipe_counter(counter);
  std::copy(icb.begin(), icb.end(), counter.begin());
  while (!data.empty()) {
    const std::uint64_t low = (std::uint64_t{counter[12]} << 24) | (std::uint64_t{counter[13]} << 16) |
                              (std::uint64_t{counter[14]} << 8) | std::uint64_t{counter[15]};
    const std::uint64_t blocks_before_wrap = (std::uint64_t{1} << 32) - low;
    const std::size_t piece =
        blocks_before_wrap >= data.size() / 16 + 1 ? data.size() : static_cast<std::size_t>(blocks_before_wrap * 16);
    if (auto r = aes128_ctr_apply(key, counter, data.first(piece)); !r) return fail(r.error().code, r.error().what);
    data = data.subspan(piece);
    std::fill(counter.begin() + 12, counter.end(), std::uint8_t{0});
  }
  return {};
}

// TS 33.501 C.3.4: MAC tag = the maclen (8) most significant octets of HMAC-SHA-256(MacKey, ciphertext).
std::array<std::uint8_t, ecies_mac_length> mac_tag(const key256& mac_key, std::span<const std::uint8_t> ciphertext) {
  auto full = hmac_sha256(mac_key.bytes(), ciphertext);
  const scoped_wipe wipe_full(full);
  std::array<std::uint8_t, ecies_mac_length> tag{};
  std::copy_n(full.begin(), tag.size(), tag.begin());
  return tag;
}

crypto_result<key256> shared(ecies_profile profile, std::span<const std::uint8_t> private_key,
                             std::span<const std::uint8_t> peer) {
  if (private_key.size() != ecies_private_key_length)
    return fail(crypto_errc::invalid_length, "ECIES private key must be 32 octets");
  return profile == ecies_profile::a ? x25519_shared(private_key, peer) : p256_shared(private_key, peer);
}

}  // namespace

std::optional<ecies_profile> parse_ecies_profile(std::string_view text) noexcept {
  if (text == "A" || text == "a") return ecies_profile::a;
  if (text == "B" || text == "b") return ecies_profile::b;
  return std::nullopt;
}

// SEC 1 §3.6.1 (ANSI X9.63 KDF), Hash = SHA-256 (TS 33.501 C.3.4).
crypto_result<void> x963_kdf_sha256(std::span<const std::uint8_t> z, std::span<const std::uint8_t> shared_info,
                                    std::span<std::uint8_t> out) {
  md_ctx_ptr ctx(EVP_MD_CTX_new());
  if (!ctx) return fail(crypto_errc::backend_failure, "SHA-256");
  std::array<std::uint8_t, 32> block{};
  const scoped_wipe wipe_block(block);
  std::uint32_t counter = 1;
  for (std::size_t off = 0; off < out.size(); off += 32, ++counter) {
    const std::array<std::uint8_t, 4> c{static_cast<std::uint8_t>(counter >> 24),
                                        static_cast<std::uint8_t>(counter >> 16),
                                        static_cast<std::uint8_t>(counter >> 8), static_cast<std::uint8_t>(counter)};
    unsigned int len = 0;
    if (EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1 ||
        EVP_DigestUpdate(ctx.get(), z.data(), z.size()) != 1 || EVP_DigestUpdate(ctx.get(), c.data(), c.size()) != 1 ||
        EVP_DigestUpdate(ctx.get(), shared_info.data(), shared_info.size()) != 1 ||
        EVP_DigestFinal_ex(ctx.get(), block.data(), &len) != 1 || len != 32)
      return fail(crypto_errc::backend_failure, "SHA-256");
    std::copy_n(block.begin(), std::min<std::size_t>(32, out.size() - off),
                out.begin() + static_cast<std::ptrdiff_t>(off));
  }
  return {};
}

// TS 33.501 C.3.2 step "generate keying data K of length enckeylen + icblen + mackeylen":
// EncKey is the leftmost 16 octets, ICB the middle 16, MacKey the rightmost 32.
crypto_result<ecies_keys> ecies_derive_keys(const key256& shared_secret,
                                            std::span<const std::uint8_t> ephemeral_public_key) {
  std::array<std::uint8_t, 64> k{};
  const scoped_wipe wipe_k(k);
  auto r = x963_kdf_sha256(shared_secret.bytes(), ephemeral_public_key, k);
  if (!r) return std::unexpected(r.error());
  ecies_keys keys;
  std::copy_n(k.begin(), 16, keys.enc_key.mutable_bytes().begin());
  std::copy_n(k.begin() + 16, 16, keys.icb.mutable_bytes().begin());
  std::copy_n(k.begin() + 32, 32, keys.mac_key.mutable_bytes().begin());
  return keys;
}

// TS 33.501 C.3.4.1 (X25519) / C.3.4.2 (secp256r1): the shared secret Z.
crypto_result<key256> ecies_shared_secret(ecies_profile profile, std::span<const std::uint8_t> private_key,
                                          std::span<const std::uint8_t> peer_public_key) {
  if (!valid_profile(profile)) return fail(crypto_errc::invalid_parameter, "unknown ECIES profile");
  return shared(profile, private_key, peer_public_key);
}

// TS 33.501 C.3.4: key pair generation (RFC 7748 §6.1 for A; SEC 1 §3.2.1 for B).
crypto_result<ecies_key_pair> ecies_key_pair_from_private(ecies_profile profile,
                                                          std::span<const std::uint8_t> private_key) {
  if (!valid_profile(profile)) return fail(crypto_errc::invalid_parameter, "unknown ECIES profile");
  if (private_key.size() != ecies_private_key_length)
    return fail(crypto_errc::invalid_length, "ECIES private key must be 32 octets");
  return profile == ecies_profile::a ? x25519_from_private(private_key) : p256_from_private(private_key);
}

// TS 33.501 C.3.4: a fresh key pair. X25519 takes any 32 random octets (RFC 7748 §5
// clamps them); for secp256r1, d is drawn uniformly from [1, n-1].
crypto_result<ecies_key_pair> ecies_generate_key_pair(ecies_profile profile) {
  if (!valid_profile(profile)) return fail(crypto_errc::invalid_parameter, "unknown ECIES profile");
  std::array<std::uint8_t, 32> priv{};
  const scoped_wipe wipe_priv(priv);
  if (profile == ecies_profile::a) {
    if (RAND_priv_bytes(priv.data(), static_cast<int>(priv.size())) != 1)
      return fail(crypto_errc::backend_failure, "random private key");
  } else {
    auto g = p256_group();
    if (!g) return std::unexpected(g.error());
    bn_ptr d(BN_secure_new());
    if (!d) return fail(crypto_errc::backend_failure, "random private key");
    do {
      if (BN_priv_rand_range(d.get(), EC_GROUP_get0_order(g->group.get())) != 1)
        return fail(crypto_errc::backend_failure, "random private key");
    } while (BN_is_zero(d.get()));
    if (BN_bn2binpad(d.get(), priv.data(), static_cast<int>(priv.size())) != 32)
      return fail(crypto_errc::backend_failure, "random private key");
  }
  return ecies_key_pair_from_private(profile, priv);
}

// TS 33.501 C.3.2: encryption at the UE (SEC 1 §5.1.3 with the C.3.2 changes).
crypto_result<ecies_ciphertext> ecies_encrypt(ecies_profile profile, std::span<const std::uint8_t> hn_public_key,
                                              std::span<const std::uint8_t> plaintext,
                                              std::optional<std::span<const std::uint8_t>> ephemeral_private_key) {
  if (!valid_profile(profile)) return fail(crypto_errc::invalid_parameter, "unknown ECIES profile");
  auto eph = ephemeral_private_key ? ecies_key_pair_from_private(profile, *ephemeral_private_key)
                                   : ecies_generate_key_pair(profile);
  if (!eph) return std::unexpected(eph.error());
  // The ephemeral private key must not outlive this call.
  const scoped_wipe wipe_eph_private(eph->private_key);

  auto z = shared(profile, eph->private_key, hn_public_key);
  if (!z) return std::unexpected(z.error());
  auto keys = ecies_derive_keys(*z, eph->public_key);
  if (!keys) return std::unexpected(keys.error());

  ecies_ciphertext out;
  out.ciphertext.assign(plaintext.begin(), plaintext.end());
  auto enc = aes128_ctr32(keys->enc_key, keys->icb.bytes(), out.ciphertext);
  if (!enc) return std::unexpected(enc.error());
  out.mac_tag = mac_tag(keys->mac_key, out.ciphertext);
  out.ephemeral_public_key = std::move(eph->public_key);
  return out;
}

// TS 33.501 C.3.3: decryption at the SIDF (SEC 1 §5.1.4 with the C.3.3 changes).
// The MAC is checked before anything is deciphered.
crypto_result<std::vector<std::uint8_t>> ecies_decrypt(ecies_profile profile,
                                                       std::span<const std::uint8_t> hn_private_key,
                                                       const ecies_ciphertext& in) {
  if (!valid_profile(profile)) return fail(crypto_errc::invalid_parameter, "unknown ECIES profile");
  if (in.ephemeral_public_key.size() != ecies_public_key_length(profile))
    return fail(crypto_errc::invalid_length, profile == ecies_profile::a
                                                 ? "Profile A ephemeral public key must be 32 octets"
                                                 : "Profile B ephemeral public key must be 33 octets (compressed)");
  auto z = shared(profile, hn_private_key, in.ephemeral_public_key);
  if (!z) return std::unexpected(z.error());
  auto keys = ecies_derive_keys(*z, in.ephemeral_public_key);
  if (!keys) return std::unexpected(keys.error());
  const auto tag = mac_tag(keys->mac_key, in.ciphertext);
  if (!constant_time_equal(tag, in.mac_tag)) return fail(crypto_errc::mac_failure, "SUCI MAC tag");
  std::vector<std::uint8_t> plaintext(in.ciphertext);
  auto dec = aes128_ctr32(keys->enc_key, keys->icb.bytes(), plaintext);
  if (!dec) {
    secure_wipe(plaintext);
    return std::unexpected(dec.error());
  }
  return plaintext;
}

}  // namespace meridian::crypto
