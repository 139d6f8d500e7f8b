#include "meridian/crypto/milenage.hpp"

#include <algorithm>
#include <cstddef>

namespace meridian::crypto {

namespace {

// A 128-bit working block that is wiped when it goes out of scope: TEMP and
// the OUTn blocks are as sensitive as the keys derived from them.
struct wiped_block {
  block128 b{};
  wiped_block() = default;
  wiped_block(const wiped_block&) = delete;
  wiped_block& operator=(const wiped_block&) = delete;
  ~wiped_block() { secure_wipe(b); }
  std::uint8_t& operator[](std::size_t i) noexcept { return b[i]; }
  std::uint8_t operator[](std::size_t i) const noexcept { return b[i]; }
};

// TS 35.206 §4.1 rotation amounts r1..r5, in octets (all are multiples of 8 bits).
constexpr std::size_t r1 = 64 / 8, r2 = 0 / 8, r3 = 32 / 8, r4 = 64 / 8, r5 = 96 / 8;
// TS 35.206 §4.1 constants c1..c5: only the last octet is non-zero.
constexpr std::uint8_t c1 = 0x00, c2 = 0x01, c3 = 0x02, c4 = 0x04, c5 = 0x08;

// out = x xor y.
void xor_into(wiped_block& out, const block128& x, std::span<const std::uint8_t, 16> y) noexcept {
  for (std::size_t i = 0; i < 16; ++i) out[i] = static_cast<std::uint8_t>(x[i] ^ y[i]);
}

// rot(x, r): x cyclically rotated by r bits towards the most significant end
// (TS 35.206 §4.1), for r a whole number of octets.
void rotate_into(wiped_block& out, const wiped_block& x, std::size_t r_octets) noexcept {
  for (std::size_t i = 0; i < 16; ++i) out[i] = x[(i + r_octets) % 16];
}

// TEMP = E_K(RAND xor OPc).
void temp_block(const aes128_block_cipher& cipher, const key128& opc, const rand128& rand, wiped_block& temp) noexcept {
  wiped_block in;
  xor_into(in, rand, opc.bytes());
  temp.b = cipher.encrypt(in.b);
}

// OUTn = E_K(rot(TEMP xor OPc, rn) xor cn) xor OPc, for n = 2..5.
void out_block(const aes128_block_cipher& cipher, const key128& opc, const wiped_block& temp, std::size_t r_octets,
               std::uint8_t c, wiped_block& out) noexcept {
  wiped_block x;
  xor_into(x, temp.b, opc.bytes());
  wiped_block in;
  rotate_into(in, x, r_octets);
  in[15] ^= c;
  wiped_block enc;
  enc.b = cipher.encrypt(in.b);
  xor_into(out, enc.b, opc.bytes());
}

// OUT1 = E_K(TEMP xor rot(IN1 xor OPc, r1) xor c1) xor OPc with
// IN1 = SQN || AMF || SQN || AMF.
void out1_block(const aes128_block_cipher& cipher, const key128& opc, const rand128& rand, const sqn48& sqn,
                const amf16& amf, wiped_block& out) noexcept {
  wiped_block temp;
  temp_block(cipher, opc, rand, temp);

  block128 in1{};
  std::copy(sqn.begin(), sqn.end(), in1.begin());
  std::copy(amf.begin(), amf.end(), in1.begin() + 6);
  std::copy(sqn.begin(), sqn.end(), in1.begin() + 8);
  std::copy(amf.begin(), amf.end(), in1.begin() + 14);

  wiped_block x;
  xor_into(x, in1, opc.bytes());
  wiped_block in;
  rotate_into(in, x, r1);
  for (std::size_t i = 0; i < 16; ++i) in[i] ^= temp[i];
  in[15] ^= c1;
  wiped_block enc;
  enc.b = cipher.encrypt(in.b);
  xor_into(out, enc.b, opc.bytes());
}

}  // namespace

// TS 35.206 §4.1: OPc = OP xor E_K(OP).
key128 milenage_opc(const key128& k, const key128& op) {
  const aes128_block_cipher cipher(k);
  block128 op_block{};
  std::copy(op.bytes().begin(), op.bytes().end(), op_block.begin());
  wiped_block enc;
  enc.b = cipher.encrypt(op_block);
  key128 opc;
  auto out = opc.mutable_bytes();
  for (std::size_t i = 0; i < 16; ++i) out[i] = static_cast<std::uint8_t>(op_block[i] ^ enc[i]);
  secure_wipe(op_block);
  return opc;
}

milenage::milenage(const key128& k, const key128& opc) : cipher_(k), opc_(opc) {}

// TS 35.206 §4.1: f1 = OUT1[0..63].
mac64 milenage::f1(const rand128& rand, const sqn48& sqn, const amf16& amf) const {
  wiped_block out1;
  out1_block(cipher_, opc_, rand, sqn, amf, out1);
  mac64 mac{};
  std::copy(out1.b.begin(), out1.b.begin() + 8, mac.begin());
  return mac;
}

// TS 35.206 §4.1: f1* = OUT1[64..127].
mac64 milenage::f1_star(const rand128& rand, const sqn48& sqn, const amf16& amf) const {
  wiped_block out1;
  out1_block(cipher_, opc_, rand, sqn, amf, out1);
  mac64 mac{};
  std::copy(out1.b.begin() + 8, out1.b.end(), mac.begin());
  return mac;
}

// TS 35.206 §4.1: f5 = OUT2[0..47], f2 = OUT2[64..127], f3 = OUT3, f4 = OUT4.
milenage::f2345_output milenage::f2345(const rand128& rand) const {
  wiped_block temp;
  temp_block(cipher_, opc_, rand, temp);

  f2345_output out{};
  wiped_block block;
  out_block(cipher_, opc_, temp, r2, c2, block);
  std::copy(block.b.begin(), block.b.begin() + 6, out.ak.begin());
  std::copy(block.b.begin() + 8, block.b.end(), out.res.begin());

  out_block(cipher_, opc_, temp, r3, c3, block);
  std::copy(block.b.begin(), block.b.end(), out.ck.mutable_bytes().begin());

  out_block(cipher_, opc_, temp, r4, c4, block);
  std::copy(block.b.begin(), block.b.end(), out.ik.mutable_bytes().begin());
  return out;
}

// TS 35.206 §4.1: f5* = OUT5[0..47].
ak48 milenage::f5_star(const rand128& rand) const {
  wiped_block temp;
  temp_block(cipher_, opc_, rand, temp);
  wiped_block out5;
  out_block(cipher_, opc_, temp, r5, c5, out5);
  ak48 ak{};
  std::copy(out5.b.begin(), out5.b.begin() + 6, ak.begin());
  return ak;
}

}  // namespace meridian::crypto
