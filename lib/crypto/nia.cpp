// 128-NIA0..3, the NAS/AS integrity algorithms of TS 33.501 Annex D.3.

#include <algorithm>
#include <array>

#include "meridian/crypto/nas_algorithms.hpp"
#include "meridian/crypto/snow3g.hpp"
#include "meridian/crypto/zuc.hpp"
#include "nas_internal.hpp"

namespace meridian::crypto {
namespace {

using detail::load_be32;
using mac32 = std::array<std::uint8_t, 4>;

mac32 to_mac(std::uint32_t v) noexcept {
  mac32 m{};
  detail::store_be32(m.data(), v);
  return m;
}

/// The message octets from `i` as a big-endian 64-bit block, zero beyond `n` octets.
std::uint64_t load_be64_partial(const std::uint8_t* p, std::size_t n) noexcept {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) v = (v << 8) | (i < n ? p[i] : 0u);
  return v;
}

/// Multiplication by a fixed P in GF(2^64) modulo x^64 + x^4 + x^3 + x + 1
/// (UIA2 Document 1 §4.3, MUL64 with c = 0x1b), with 4-bit windows: the
/// table holds P * (n << 4j) for every nibble position j and value n.
class gf64_multiplier {
 public:
  explicit gf64_multiplier(std::uint64_t p) noexcept {
    // MUL64xPOW(P, i) for i = 0..63.
    std::array<std::uint64_t, 64> pow{};
    pow[0] = p;
    for (std::size_t i = 1; i < 64; ++i) pow[i] = (pow[i - 1] << 1) ^ ((pow[i - 1] >> 63) != 0 ? 0x1bu : 0u);
    for (std::size_t j = 0; j < 16; ++j) {
      table_[j][0] = 0;
      for (std::size_t n = 1; n < 16; ++n) {
        const std::size_t low = n & (n - 1);  // n without its lowest set bit
        const auto bit = static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(n)));
        table_[j][n] = table_[j][low] ^ pow[4 * j + bit];
      }
    }
    wipe_object(pow);
  }
  ~gf64_multiplier() { wipe_object(table_); }
  gf64_multiplier(const gf64_multiplier&) = delete;
  gf64_multiplier& operator=(const gf64_multiplier&) = delete;

  std::uint64_t operator()(std::uint64_t v) const noexcept {
    std::uint64_t r = 0;
    for (std::size_t j = 0; j < 16; ++j) r ^= table_[j][(v >> (4 * j)) & 0xfu];
    return r;
  }

 private:
  std::array<std::array<std::uint64_t, 16>, 16> table_{};
};

// TS 33.501 D.3.2 -> TS 33.401 B.2.2 -> UIA2 f9 (ETSI/SAGE UEA2&UIA2 Document 1
// §4) with FRESH = BEARER || 0^27: a polynomial hash keyed by SNOW 3G words.
mac32 nia1(const key128& key, const algorithm_input& in, std::span<const std::uint8_t> m, std::size_t length) noexcept {
  const std::uint8_t* ik = key.data();
  const std::array<std::uint32_t, 4> k = {load_be32(ik + 12), load_be32(ik + 8), load_be32(ik + 4), load_be32(ik)};
  const std::uint32_t fresh = std::uint32_t{in.bearer} << 27;
  const std::uint32_t dir = in.direction;
  // Document 1 §4.4: IV3 = COUNT, IV2 = FRESH, IV1 = COUNT ^ DIR<<31, IV0 = FRESH ^ DIR<<15.
  const std::array<std::uint32_t, 4> iv = {fresh ^ (dir << 15), in.count ^ (dir << 31), fresh, in.count};
  snow3g generator(k, iv);
  std::array<std::uint32_t, 5> z{};
  generator.keystream(z);
  const gf64_multiplier by_p((std::uint64_t{z[0]} << 32) | z[1]);
  const gf64_multiplier by_q((std::uint64_t{z[2]} << 32) | z[3]);

  // Document 1 §4.4: EVAL over the message in 64-bit blocks, zero-padded, then the length.
  std::uint64_t eval = 0;
  const std::size_t bytes = (length + 7) / 8;
  const std::size_t blocks = (length + 63) / 64;
  for (std::size_t i = 0; i < blocks; ++i) {
    std::uint64_t block = load_be64_partial(m.data() + 8 * i, std::min<std::size_t>(8, bytes - 8 * i));
    if (i + 1 == blocks && length % 64 != 0) block &= ~std::uint64_t{0} << (64 - length % 64);
    eval = by_p(eval ^ block);
  }
  eval = by_q(eval ^ static_cast<std::uint64_t>(length));
  const auto mac = static_cast<std::uint32_t>(eval >> 32) ^ z[4];
  wipe_object(z);
  wipe_object(eval);
  return to_mac(mac);
}

// TS 33.501 D.3.3 -> TS 33.401 B.2.3: AES-CMAC over COUNT || BEARER ||
// DIRECTION || 0^26 || MESSAGE, truncated to its 32 most significant bits.
crypto_result<mac32> nia2(const key128& key, const algorithm_input& in, std::span<const std::uint8_t> m,
                          std::size_t length) {
  const auto header = detail::count_bearer_direction(in);
  auto stream = detail::aes128_cmac_stream::create(key);
  if (!stream) return std::unexpected(stream.error());
  if (auto r = stream->update(header); !r) return std::unexpected(r.error());
  if (auto r = stream->update(m.first((length + 7) / 8)); !r) return std::unexpected(r.error());
  auto tag = stream->finish(64 + length);
  if (!tag) return std::unexpected(tag.error());
  return mac32{(*tag)[0], (*tag)[1], (*tag)[2], (*tag)[3]};
}

// TS 33.501 D.3.4 -> TS 33.401 B.2.4 -> 128-EIA3 (ETSI/SAGE 128-EEA3&128-EIA3
// Document 1 §4): T = XOR of the keystream words z_i at every set message bit
// i, then z_LENGTH, then the word z_32(L-1).
mac32 nia3(const key128& key, const algorithm_input& in, std::span<const std::uint8_t> m, std::size_t length) noexcept {
  std::array<std::uint8_t, 16> iv{};
  const auto head = detail::count_bearer_direction(in.count, in.bearer, 0);
  std::copy(head.begin(), head.end(), iv.begin());
  std::copy(head.begin(), head.end(), iv.begin() + 8);
  iv[8] ^= static_cast<std::uint8_t>(in.direction << 7);
  iv[14] ^= static_cast<std::uint8_t>(in.direction << 7);
  zuc generator(key.bytes(), iv);

  // z_i is the 32-bit window at keystream bit i: the high word of `window`
  // after shifting left by i mod 32, with the two current words loaded.
  std::uint32_t w0 = generator.next(), w1 = generator.next();
  std::uint32_t t = 0;
  auto absorb = [&](std::uint32_t bits, unsigned count) noexcept {
    const std::uint64_t window = (std::uint64_t{w0} << 32) | w1;
    for (unsigned b = 0; b < count; ++b) {
      const std::uint32_t mask = 0u - ((bits >> (31 - b)) & 1u);
      t ^= static_cast<std::uint32_t>(window >> (32 - b)) & mask;
    }
  };
  const std::size_t words = length / 32;
  const auto rem = static_cast<unsigned>(length % 32);
  for (std::size_t j = 0; j < words; ++j) {
    absorb(load_be32(m.data() + 4 * j), 32);
    w0 = w1;
    w1 = generator.next();
  }
  if (rem != 0) {
    std::array<std::uint8_t, 4> tail{};
    std::copy_n(m.data() + 4 * words, (rem + 7) / 8, tail.begin());
    absorb(load_be32(tail.data()), rem);
  }
  t ^= static_cast<std::uint32_t>(((std::uint64_t{w0} << 32) | w1) >> (32 - rem));  // z_LENGTH
  // z_32(L-1) with L = ceil(LENGTH/32) + 2: the word after w1 when LENGTH is
  // not a multiple of 32, else w1 itself.
  t ^= rem != 0 ? generator.next() : w1;
  const mac32 mac = to_mac(t);
  wipe_object(w0);
  wipe_object(w1);
  wipe_object(t);
  return mac;
}

}  // namespace

crypto_result<std::array<std::uint8_t, 4>> nia_mac(nia algorithm, const key128& key, const algorithm_input& in,
                                                   std::span<const std::uint8_t> message, std::size_t length_bits) {
  if (auto ok = detail::check_algorithm_input(in, message.size(), length_bits); !ok) return std::unexpected(ok.error());
  switch (algorithm) {
    case nia::nia0:  // TS 33.501 D.3.1.1: the null algorithm, a MAC of zeros.
      return mac32{};
    case nia::nia1:
      return nia1(key, in, message, length_bits);
    case nia::nia2:
      return nia2(key, in, message, length_bits);
    case nia::nia3:
      return nia3(key, in, message, length_bits);
  }
  return std::unexpected(crypto_error{crypto_errc::invalid_parameter, "unknown NIA algorithm"});
}

}  // namespace meridian::crypto
