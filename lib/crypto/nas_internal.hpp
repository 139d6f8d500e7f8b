#pragma once
// Helpers shared by the NAS algorithm sources (not installed).

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "meridian/crypto/aes.hpp"
#include "meridian/crypto/crypto_error.hpp"
#include "meridian/crypto/nas_algorithms.hpp"
#include "meridian/crypto/secret.hpp"

namespace meridian::crypto::detail {

inline std::uint32_t load_be32(const std::uint8_t* p) noexcept {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]};
}

inline void store_be32(std::uint8_t* p, std::uint32_t v) noexcept {
  p[0] = static_cast<std::uint8_t>(v >> 24);
  p[1] = static_cast<std::uint8_t>(v >> 16);
  p[2] = static_cast<std::uint8_t>(v >> 8);
  p[3] = static_cast<std::uint8_t>(v);
}

/// COUNT || BEARER || DIRECTION || 0^26: the 64-bit block every 128-NEA and
/// 128-NIA starts from (TS 33.401 B.1.3, B.1.4, B.2.3, B.2.4): COUNT big-endian,
/// then BEARER in the 5 most significant bits of octet 4 and DIRECTION in the
/// next bit. 128-NIA3 passes direction 0 and folds DIRECTION in elsewhere.
inline std::array<std::uint8_t, 8> count_bearer_direction(std::uint32_t count, std::uint8_t bearer,
                                                          std::uint8_t direction) noexcept {
  std::array<std::uint8_t, 8> block{};
  store_be32(block.data(), count);
  block[4] = static_cast<std::uint8_t>((bearer << 3) | (direction << 2));
  return block;
}

inline std::array<std::uint8_t, 8> count_bearer_direction(const algorithm_input& in) noexcept {
  return count_bearer_direction(in.count, in.bearer, in.direction);
}

/// XORs the big-endian bytes of `word` into the first `n` (<= 4) bytes at `p`.
inline void xor_be32(std::uint8_t* p, std::uint32_t word, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i) p[i] ^= static_cast<std::uint8_t>(word >> (24 - 8 * i));
}

/// Clears the bits of the octet that holds bit `length_bits` onwards (the
/// specifications' outputs carry zeros beyond LENGTH).
inline void clear_trailing_bits(std::span<std::uint8_t> data, std::size_t length_bits) noexcept {
  if (length_bits % 8 != 0) data[length_bits / 8] &= static_cast<std::uint8_t>(0xff00u >> (length_bits % 8));
}

/// The checks every NEA and NIA makes: BEARER fits 5 bits, DIRECTION 1 bit,
/// and LENGTH bits fit in `data_size` octets.
crypto_result<void> check_algorithm_input(const algorithm_input& in, std::size_t data_size,
                                          std::size_t length_bits) noexcept;

/// NIST SP 800-38B CMAC over a bit string fed in octet pieces: lets 128-NIA2
/// prepend COUNT||BEARER||DIRECTION||0^26 without copying the message.
/// The caller feeds exactly ceil(total_bits / 8) octets, then calls finish().
class aes128_cmac_stream {
 public:
  /// Keys the cipher and derives the subkeys K1, K2.
  static crypto_result<aes128_cmac_stream> create(const key128& key);
  aes128_cmac_stream(aes128_cmac_stream&&) noexcept;
  aes128_cmac_stream& operator=(aes128_cmac_stream&&) noexcept;
  ~aes128_cmac_stream();

  crypto_result<void> update(std::span<const std::uint8_t> bytes) noexcept;
  /// The tag over the first `total_bits` bits of everything fed.
  crypto_result<block128> finish(std::size_t total_bits) noexcept;

  struct impl;

 private:
  explicit aes128_cmac_stream(std::unique_ptr<impl> p) noexcept;
  std::unique_ptr<impl> impl_;
};

}  // namespace meridian::crypto::detail
