// SNOW 3G (ETSI/SAGE Specification of the 3GPP Confidentiality and Integrity
// Algorithms UEA2 & UIA2, Document 2: SNOW 3G Specification).
//
// Every table below is computed at compile time from the definitions in the
// specification (the Rijndael S-box, the Dickson polynomial behind SQ, MULx and
// MULxPOW), so no table is typed in by hand. The S-boxes S1/S2 are folded with
// their MixColumn-like diffusion into four 32-bit tables each, which makes the
// FSM word-oriented: one S-box evaluation is four lookups and three XORs.

#include "meridian/crypto/snow3g.hpp"

#include <algorithm>
#include <cstddef>

#include "nas_internal.hpp"

namespace meridian::crypto {
namespace {

using table256 = std::array<std::uint8_t, 256>;
using word_table = std::array<std::uint32_t, 256>;

/// Document 2 §3.1.1: MULx(V, c) — multiply by x in GF(2^8) reduced with c.
constexpr std::uint8_t mulx(std::uint8_t v, std::uint8_t c) noexcept {
  return static_cast<std::uint8_t>((v & 0x80u) != 0 ? ((v << 1) ^ c) : (v << 1));
}

/// Multiplication in GF(2^8) with the reduction polynomial `poly` (9 bits).
constexpr std::uint8_t gf_mul(std::uint8_t a, std::uint8_t b, unsigned poly) noexcept {
  unsigned r = 0, x = a;
  for (; b != 0; b >>= 1) {
    if ((b & 1u) != 0) r ^= x;
    x <<= 1;
    if ((x & 0x100u) != 0) x ^= poly;
  }
  return static_cast<std::uint8_t>(r);
}

/// Document 2 §3.3.1: SR is the Rijndael S-box (inverse in GF(2^8) mod
/// x^8+x^4+x^3+x+1, then the affine map with constant 0x63).
constexpr table256 make_sr() noexcept {
  table256 t{};
  for (unsigned x = 0; x < 256; ++x) {
    // x^254 = x^-1 (and 0 for 0): the product of x^2, x^4, ..., x^128.
    std::uint8_t sq = static_cast<std::uint8_t>(x), inv = 1;
    for (int i = 1; i < 8; ++i) {
      sq = gf_mul(sq, sq, 0x11b);
      inv = gf_mul(inv, sq, 0x11b);
    }
    const unsigned b = inv;
    unsigned s = b;
    for (unsigned r = 1; r <= 4; ++r) s ^= ((b << r) | (b >> (8 - r))) & 0xffu;
    t[x] = static_cast<std::uint8_t>(s ^ 0x63u);
  }
  return t;
}

/// Document 2 §3.4.2: SQ(x) = g49(x) xor 0x25, g49 the Dickson polynomial
/// x + x^9 + x^13 + x^15 + x^33 + x^41 + x^45 + x^47 + x^49 over GF(2^8)
/// defined by x^8+x^6+x^5+x^3+1.
constexpr table256 make_sq() noexcept {
  table256 t{};
  for (unsigned x = 0; x < 256; ++x) {
    // Every exponent is odd: walk x^1, x^3, ..., x^49 by multiplying with x^2.
    const auto xb = static_cast<std::uint8_t>(x);
    const std::uint8_t x2 = gf_mul(xb, xb, 0x169);
    std::uint8_t p = xb;
    unsigned v = 0;
    for (unsigned e = 1; e <= 49; e += 2) {
      if (e == 1 || e == 9 || e == 13 || e == 15 || e == 33 || e == 41 || e == 45 || e == 47 || e == 49) v ^= p;
      p = gf_mul(p, x2, 0x169);
    }
    t[x] = static_cast<std::uint8_t>(v ^ 0x25u);
  }
  return t;
}

/// Document 2 §3.4.1/§3.4.2: S1 and S2 map w0||w1||w2||w3 to r0||r1||r2||r3 with
///   r0 = M(s0) ^ s1 ^ s2 ^ M(s3) ^ s3,   r1 = M(s0) ^ s0 ^ M(s1) ^ s2 ^ s3,
///   r2 = s0 ^ M(s1) ^ s1 ^ M(s2) ^ s3,   r3 = s0 ^ s1 ^ M(s2) ^ s2 ^ M(s3),
/// where si = S-box(wi) and M = MULx(., c). Table j holds the contribution of
/// input byte wj to all four output bytes.
struct s_tables {
  std::array<word_table, 4> t{};
};

constexpr s_tables make_s_tables(const table256& sbox, std::uint8_t c) noexcept {
  s_tables out{};
  for (unsigned x = 0; x < 256; ++x) {
    const std::uint32_t s = sbox[x];
    const std::uint32_t m = mulx(sbox[x], c);
    out.t[0][x] = (m << 24) | ((m ^ s) << 16) | (s << 8) | s;
    out.t[1][x] = (s << 24) | (m << 16) | ((m ^ s) << 8) | s;
    out.t[2][x] = (s << 24) | (s << 16) | (m << 8) | (m ^ s);
    out.t[3][x] = ((m ^ s) << 24) | (s << 16) | (s << 8) | m;
  }
  return out;
}

/// Document 2 §3.4.4/§3.4.5: MULalpha(c) and DIValpha(c) as word tables, each
/// byte a MULxPOW(c, i, 0xA9); the powers of one c are walked once.
struct alpha_tables {
  word_table mul{}, div{};
};

constexpr alpha_tables make_alpha_tables() noexcept {
  alpha_tables t{};
  for (unsigned c = 0; c < 256; ++c) {
    std::array<std::uint32_t, 246> pw{};
    auto v = static_cast<std::uint8_t>(c);
    for (unsigned i = 0; i < pw.size(); ++i) {
      pw[i] = v;
      v = mulx(v, 0xa9);
    }
    t.mul[c] = (pw[23] << 24) | (pw[245] << 16) | (pw[48] << 8) | pw[239];
    t.div[c] = (pw[16] << 24) | (pw[39] << 16) | (pw[6] << 8) | pw[64];
  }
  return t;
}

constexpr table256 sr = make_sr();
constexpr table256 sq = make_sq();
// Published entries of the two S-boxes, as a guard on the generators.
static_assert(sr[0] == 0x63 && sr[1] == 0x7c && sr[0xff] == 0x16);
static_assert(sq[0] == 0x25);

constexpr s_tables s1_tables = make_s_tables(sr, 0x1b);
constexpr s_tables s2_tables = make_s_tables(sq, 0x69);
constexpr alpha_tables alpha = make_alpha_tables();

inline std::uint32_t apply(const s_tables& s, std::uint32_t w) noexcept {
  return s.t[0][w >> 24] ^ s.t[1][(w >> 16) & 0xffu] ^ s.t[2][(w >> 8) & 0xffu] ^ s.t[3][w & 0xffu];
}

}  // namespace

// Document 2 §4.1: key and IV loading, then 32 clocks in initialisation mode,
// then one discarded FSM output and one keystream-mode LFSR clock.
snow3g::snow3g(const std::array<std::uint32_t, 4>& k, const std::array<std::uint32_t, 4>& iv) noexcept {
  constexpr std::uint32_t ones = 0xffffffffu;
  s_[15] = k[3] ^ iv[0];
  s_[14] = k[2];
  s_[13] = k[1];
  s_[12] = k[0] ^ iv[1];
  s_[11] = k[3] ^ ones;
  s_[10] = k[2] ^ ones ^ iv[2];
  s_[9] = k[1] ^ ones ^ iv[3];
  s_[8] = k[0] ^ ones;
  s_[7] = k[3];
  s_[6] = k[2];
  s_[5] = k[1];
  s_[4] = k[0];
  s_[3] = k[3] ^ ones;
  s_[2] = k[2] ^ ones;
  s_[1] = k[1] ^ ones;
  s_[0] = k[0] ^ ones;
  for (int i = 0; i < 32; ++i) clock_lfsr(clock_fsm());
  (void)clock_fsm();
  clock_lfsr(0);
}

snow3g::~snow3g() {
  wipe_object(s_);
  wipe_object(r1_);
  wipe_object(r2_);
  wipe_object(r3_);
}

// Document 2 §3.4.6: clocking the FSM.
std::uint32_t snow3g::clock_fsm() noexcept {
  const std::uint32_t f = (s_[15] + r1_) ^ r2_;
  const std::uint32_t r = r2_ + (r3_ ^ s_[5]);
  r3_ = apply(s2_tables, r2_);
  r2_ = apply(s1_tables, r1_);
  r1_ = r;
  return f;
}

// Document 2 §3.4.4/§3.4.5: the LFSR in initialisation mode (f = FSM output)
// or keystream mode (f = 0; XOR with zero is the same operation).
void snow3g::clock_lfsr(std::uint32_t f) noexcept {
  const std::uint32_t v = (s_[0] << 8) ^ alpha.mul[s_[0] >> 24] ^ s_[2] ^ (s_[11] >> 8) ^ alpha.div[s_[11] & 0xffu] ^ f;
  std::copy(s_.begin() + 1, s_.end(), s_.begin());
  s_[15] = v;
}

// Document 2 §4.2: z_t = F xor s0, then the LFSR moves on in keystream mode.
std::uint32_t snow3g::next() noexcept {
  const std::uint32_t z = clock_fsm() ^ s_[0];
  clock_lfsr(0);
  return z;
}

void snow3g::keystream(std::span<std::uint32_t> out) noexcept {
  for (auto& w : out) w = next();
}

}  // namespace meridian::crypto
