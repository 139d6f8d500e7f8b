#include "meridian/crypto/milenage.hpp"

#include <algorithm>
#include <cstddef>

namespace meridian::crypto {

namespace {

// TEMP, the OUTn blocks and every block between them are as sensitive as the
// keys derived from them: each is a block128 guarded by a scoped_wipe.

// TS 35.206 §4.1 rotation amounts r1..r5, in octets (all are multiples of 8 bits).
constexpr std::size_t r1 = 64 / 8, r2 = 0 / 8, r3 = 32 / 8, r4 = 64 / 8, r5 = 96 / 8;
// TS 35.206 §4.1 constants c1..c5: only the last octet is non-zero.
constexpr std::uint8_t c1 = 0x00, c2 = 0x01, c3 = 0x02, c4 = 0x04, c5 = 0x08;

// out = x xor y.
void xor_into(block128& out, const block128& x, std::span<const std::uint8_t, 16> y) noexcept {
  for (std::size_t i = 0; i < 16; ++i) out[i] = static_cast<std::uint8_t>(x[i] ^ y[i]);
}

// rot(x, r): x cyclically rotated by r bits towards the most significant end
// (TS 35.206 §4.1), for r a whole number of octets.
void rotate_into(block128& out, const block128& x, std::size_t r_octets) noexcept {
  for (std::size_t i = 0; i < 16; ++i) out[i] = x[(i + r_octets) % 16];
}

// TEMP = E_K(RAND xor OPc).
void temp_block(const aes128_block_cipher& cipher, const key128& opc, const rand128& rand, block128& temp) noexcept {
  block128 in{};
  const scoped_wipe wipe_in(in);
  xor_into(in, rand, opc.bytes());
  temp = cipher.encrypt(in);
}

// OUTn = E_K(rot(TEMP xor OPc, rn) xor cn) xor OPc, for n = 2..5.
void out_block(const aes128_block_cipher& cipher, const key128& opc, const block128& temp, std::size_t r_octets,
               std::uint8_t c, block128& out) noexcept {
  block128 x{}, in{}, enc{};
  const scoped_wipe wipe_x(x), wipe_in(in), wipe_enc(enc);
  xor_into(x, temp, opc.bytes());
  rotate_into(in, x, r_octets);
  in[15] ^= c;
  enc = cipher.encrypt(in);
  xor_into(out, enc, opc.bytes());
}

// OUT1 = E_K(TEMP xor rot(IN1 xor OPc, r1) xor c1) xor OPc with
// IN1 = SQN || AMF || SQN || AMF.
void out1_block(const aes128_block_cipher& cipher, const key128& opc, const rand128& rand, const sqn48& sqn,
                const amf16& amf, block128& out) noexcept {
  block128 temp{}, in1{}, x{}, in{}, enc{};
  const scoped_wipe wipe_temp(temp), wipe_in1(in1), wipe_x(x), wipe_in(in), wipe_enc(enc);
  temp_block(cipher, opc, rand, temp);

  std::copy(sqn.begin(), sqn.end(), in1.begin());
  std::copy(amf.begin(), amf.end(), in1.begin() + 6);
  std::copy(sqn.begin(), sqn.end(), in1.begin() + 8);
  std::copy(amf.begin(), amf.end(), in1.begin() + 14);

  xor_into(x, in1, opc.bytes());
  rotate_into(in, x, r1);
  for (std::size_t i = 0; i < 16; ++i) in[i] ^= temp[i];
  in[15] ^= c1;
  enc = cipher.encrypt(in);
  xor_into(out, enc, opc.bytes());
}

}  // namespace

// TS 35.206 §4.1: OPc = OP xor E_K(OP).
key128 milenage_opc(const key128& k, const key128& op) {
  const aes128_block_cipher cipher(k);
  block128 op_block{}, enc{};
  const scoped_wipe wipe_op(op_block), wipe_enc(enc);
  std::copy(op.bytes().begin(), op.bytes().end(), op_block.begin());
  enc = cipher.encrypt(op_block);
  key128 opc;
  auto out = opc.mutable_bytes();
  for (std::size_t i = 0; i < 16; ++i) out[i] = static_cast<std::uint8_t>(op_block[i] ^ enc[i]);
  return opc;
}

milenage::milenage(const key128& k, const key128& opc) : cipher_(k), opc_(opc) {}

// TS 35.206 §4.1: f1 = OUT1[0..63].
mac64 milenage::f1(const rand128& rand, const sqn48& sqn, const amf16& amf) const {
  block128 out1{};
  const scoped_wipe wipe_out1(out1);
  out1_block(cipher_, opc_, rand, sqn, amf, out1);
  mac64 mac{};
  std::copy(out1.begin(), out1.begin() + 8, mac.begin());
  return mac;
}

// TS 35.206 §4.1: f1* = OUT1[64..127].
mac64 milenage::f1_star(const rand128& rand, const sqn48& sqn, const amf16& amf) const {
  block128 out1{};
  const scoped_wipe wipe_out1(out1);
  out1_block(cipher_, opc_, rand, sqn, amf, out1);
  mac64 mac{};
  std::copy(out1.begin() + 8, out1.end(), mac.begin());
  return mac;
}

// TS 35.206 §4.1: f5 = OUT2[0..47], f2 = OUT2[64..127], f3 = OUT3, f4 = OUT4.
milenage::f2345_output milenage::f2345(const rand128& rand) const {
  block128 temp{}, block{};
  const scoped_wipe wipe_temp(temp), wipe_block(block);
  temp_block(cipher_, opc_, rand, temp);

  f2345_output out{};
  out_block(cipher_, opc_, temp, r2, c2, block);
  std::copy(block.begin(), block.begin() + 6, out.ak.begin());
  std::copy(block.begin() + 8, block.end(), out.res.begin());

  out_block(cipher_, opc_, temp, r3, c3, block);
  std::copy(block.begin(), block.end(), out.ck.mutable_bytes().begin());

  out_block(cipher_, opc_, temp, r4, c4, block);
  std::copy(block.begin(), block.end(), out.ik.mutable_bytes().begin());
  return out;
}

// TS 35.206 §4.1: f5* = OUT5[0..47].
ak48 milenage::f5_star(const rand128& rand) const {
  block128 temp{}, out5{};
  const scoped_wipe wipe_temp(temp), wipe_out5(out5);
  temp_block(cipher_, opc_, rand, temp);
  out_block(cipher_, opc_, temp, r5, c5, out5);
  ak48 ak{};
  std::copy(out5.begin(), out5.begin() + 6, ak.begin());
  return ak;
}

}  // namespace meridian::crypto
