// The modes of AES-128 (FIPS 197) through OpenSSL 3 EVP: CTR (NIST SP 800-38A)
// for 128-NEA2 and CMAC (NIST SP 800-38B) for 128-NIA2. The single-block
// cipher under Milenage is in aes_block_cipher.cpp.

#include "meridian/crypto/aes.hpp"

#include <openssl/evp.h>

#include <algorithm>

#include "nas_internal.hpp"

namespace meridian::crypto {
namespace {

// Fetched once: an implicit fetch by name on every EVP_EncryptInit_ex costs
// more than encrypting a NAS message.
const EVP_CIPHER* cipher(const char* name) noexcept { return EVP_CIPHER_fetch(nullptr, name, nullptr); }
const EVP_CIPHER* aes128_cbc() noexcept {
  static const EVP_CIPHER* c = cipher("AES-128-CBC");
  return c;
}
const EVP_CIPHER* aes128_ctr() noexcept {
  static const EVP_CIPHER* c = cipher("AES-128-CTR");
  return c;
}

struct ctx_deleter {
  void operator()(EVP_CIPHER_CTX* c) const noexcept { EVP_CIPHER_CTX_free(c); }  // cleanses the key schedule
};
using ctx_ptr = std::unique_ptr<EVP_CIPHER_CTX, ctx_deleter>;

/// A context keyed for encryption with padding off, or null on failure.
ctx_ptr make_ctx(const EVP_CIPHER* c, const key128& key, const std::uint8_t* iv) noexcept {
  if (c == nullptr) return nullptr;
  ctx_ptr ctx(EVP_CIPHER_CTX_new());
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), c, nullptr, key.data(), iv) != 1 ||
      EVP_CIPHER_CTX_set_padding(ctx.get(), 0) != 1)
    return nullptr;
  return ctx;
}

constexpr crypto_error backend_error(std::string_view what) noexcept {
  return crypto_error{crypto_errc::backend_failure, what};
}

/// NIST SP 800-38B §6.1: doubling in GF(2^128) with R128 = 0x87.
block128 dbl(const block128& in) noexcept {
  block128 out{};
  for (std::size_t i = 0; i < 16; ++i)
    out[i] = static_cast<std::uint8_t>((in[i] << 1) | (i + 1 < 16 ? in[i + 1] >> 7 : 0));
  if ((in[0] & 0x80u) != 0) out[15] ^= 0x87u;
  return out;
}

}  // namespace

// NIST SP 800-38A §6.5: CTR mode; OpenSSL increments the whole 128-bit block,
// which is the standard incrementing function.
crypto_result<void> aes128_ctr_apply(const key128& key, const block128& initial_counter, std::span<std::uint8_t> data) {
  if (data.empty()) return {};
  ctx_ptr ctx = make_ctx(aes128_ctr(), key, initial_counter.data());
  if (!ctx) return std::unexpected(backend_error("AES-128-CTR init"));
  std::size_t done = 0;
  while (done < data.size()) {
    // EVP lengths are int: feed huge buffers in pieces.
    const int chunk = static_cast<int>(std::min<std::size_t>(data.size() - done, 1u << 30));
    int n = 0;
    if (EVP_EncryptUpdate(ctx.get(), data.data() + done, &n, data.data() + done, chunk) != 1 || n != chunk)
      return std::unexpected(backend_error("AES-128-CTR"));
    done += static_cast<std::size_t>(chunk);
  }
  return {};
}

// ---- CMAC (NIST SP 800-38B §6.2), bit-granular -------------------------------

struct detail::aes128_cmac_stream::impl {
  ctx_ptr cbc;          // AES-128-CBC with a zero IV: the CBC-MAC chain
  block128 k1{}, k2{};  // subkeys
  block128 pending{};   // the latest octets, held back: the last block is special
  std::size_t pending_len = 0;
  bool failed = false;

  ~impl() {
    wipe_object(k1);
    wipe_object(k2);
    wipe_object(pending);
  }

  /// Runs `n` whole blocks through the CBC chain (the output is only the chain).
  bool chain(const std::uint8_t* p, std::size_t n) noexcept {
    std::array<std::uint8_t, 256> sink;  // CBC output we do not need, but EVP writes
    const scoped_wipe wipe_sink(sink);
    while (n > 0) {
      const std::size_t blocks = std::min<std::size_t>(n, sink.size() / 16);
      int out = 0;
      if (EVP_EncryptUpdate(cbc.get(), sink.data(), &out, p, static_cast<int>(blocks * 16)) != 1) return false;
      p += blocks * 16;
      n -= blocks;
    }
    return true;
  }
};

detail::aes128_cmac_stream::aes128_cmac_stream(std::unique_ptr<impl> p) noexcept : impl_(std::move(p)) {}
detail::aes128_cmac_stream::aes128_cmac_stream(aes128_cmac_stream&&) noexcept = default;
detail::aes128_cmac_stream& detail::aes128_cmac_stream::operator=(aes128_cmac_stream&&) noexcept = default;
detail::aes128_cmac_stream::~aes128_cmac_stream() = default;

// NIST SP 800-38B §6.1: L = CIPH_K(0^128), K1 = dbl(L), K2 = dbl(K1).
crypto_result<detail::aes128_cmac_stream> detail::aes128_cmac_stream::create(const key128& key) {
  static constexpr block128 zero{};
  auto p = std::make_unique<impl>();
  p->cbc = make_ctx(aes128_cbc(), key, zero.data());
  if (!p->cbc) return std::unexpected(backend_error("AES-128-CMAC init"));
  // One CBC block under a zero IV is CIPH_K(0); then the chain restarts from zero.
  block128 l{};
  const scoped_wipe wipe_l(l);
  int n = 0;
  if (EVP_EncryptUpdate(p->cbc.get(), l.data(), &n, zero.data(), 16) != 1 || n != 16 ||
      EVP_EncryptInit_ex(p->cbc.get(), nullptr, nullptr, nullptr, zero.data()) != 1)
    return std::unexpected(backend_error("AES-128-CMAC subkeys"));
  p->k1 = dbl(l);
  p->k2 = dbl(p->k1);
  return aes128_cmac_stream(std::move(p));
}

crypto_result<void> detail::aes128_cmac_stream::update(std::span<const std::uint8_t> bytes) noexcept {
  impl& s = *impl_;
  std::size_t i = 0;
  // Top up a partial block; a full one is chained only once more data follows.
  if (s.pending_len > 0 && s.pending_len < 16) {
    const std::size_t take = std::min(16 - s.pending_len, bytes.size());
    std::copy_n(bytes.begin(), take, s.pending.begin() + static_cast<std::ptrdiff_t>(s.pending_len));
    s.pending_len += take;
    i = take;
  }
  if (i == bytes.size()) return {};
  if (s.pending_len == 16) {
    if (!s.chain(s.pending.data(), 1)) s.failed = true;
    s.pending_len = 0;
  }
  // Bulk: every whole block except the one that may turn out to be the last.
  const std::size_t rest = bytes.size() - i;
  const std::size_t bulk = rest > 16 ? (rest - 1) / 16 : 0;
  if (bulk > 0 && !s.chain(bytes.data() + i, bulk)) s.failed = true;
  i += bulk * 16;
  std::copy(bytes.begin() + static_cast<std::ptrdiff_t>(i), bytes.end(), s.pending.begin());
  s.pending_len = bytes.size() - i;
  if (s.failed) return std::unexpected(backend_error("AES-128-CMAC"));
  return {};
}

// NIST SP 800-38B §6.2 steps 3-6: the last block is M_n xor K1 when complete,
// else (M_n* || 1 || 0^j) xor K2; the tag is the last CBC output.
crypto_result<block128> detail::aes128_cmac_stream::finish(std::size_t total_bits) noexcept {
  impl& s = *impl_;
  if (s.failed) return std::unexpected(backend_error("AES-128-CMAC"));
  // Bits of the message in the last block: 1..128, or 0 for the empty message.
  const std::size_t last_bits = total_bits == 0 ? 0 : total_bits - (total_bits - 1) / 128 * 128;
  block128 last = s.pending;
  const scoped_wipe wipe_last(last);
  if (last_bits == 128) {
    for (std::size_t i = 0; i < 16; ++i) last[i] ^= s.k1[i];
  } else {
    const std::size_t full = last_bits / 8, rem = last_bits % 8;
    // Keep the message bits, then the single 1 bit, then zeros.
    if (rem != 0)
      last[full] = static_cast<std::uint8_t>((last[full] & (0xff00u >> rem)) | (0x80u >> rem));
    else
      last[full] = 0x80u;
    std::fill(last.begin() + static_cast<std::ptrdiff_t>(full) + 1, last.end(), std::uint8_t{0});
    for (std::size_t i = 0; i < 16; ++i) last[i] ^= s.k2[i];
  }
  block128 tag{};
  int n = 0;
  const bool ok = EVP_EncryptUpdate(s.cbc.get(), tag.data(), &n, last.data(), 16) == 1 && n == 16;
  if (!ok) return std::unexpected(backend_error("AES-128-CMAC"));
  return tag;
}

crypto_result<block128> aes128_cmac(const key128& key, std::span<const std::uint8_t> message, std::size_t length_bits) {
  if (length_bits > message.size() * 8)
    return std::unexpected(crypto_error{crypto_errc::invalid_length, "CMAC length beyond the message"});
  auto stream = detail::aes128_cmac_stream::create(key);
  if (!stream) return std::unexpected(stream.error());
  if (auto r = stream->update(message.first((length_bits + 7) / 8)); !r) return std::unexpected(r.error());
  return stream->finish(length_bits);
}

}  // namespace meridian::crypto
