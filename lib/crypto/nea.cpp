// 128-NEA0..3, the NAS/AS ciphering algorithms of TS 33.501 Annex D.2.

#include <algorithm>
#include <array>

#include "meridian/crypto/nas_algorithms.hpp"
#include "meridian/crypto/snow3g.hpp"
#include "meridian/crypto/zuc.hpp"
#include "nas_internal.hpp"

namespace meridian::crypto {
namespace {

using detail::load_be32;
using detail::xor_be32;

/// XORs `keystream.next()` words, most significant octet first, over `data`.
template <class Generator>
void xor_keystream(Generator& keystream, std::span<std::uint8_t> data) noexcept {
  std::size_t i = 0;
  for (; i + 4 <= data.size(); i += 4) xor_be32(data.data() + i, keystream.next(), 4);
  if (i < data.size()) xor_be32(data.data() + i, keystream.next(), data.size() - i);
}

// TS 33.501 D.2.2 -> TS 33.401 B.1.2 -> UEA2 f8 (ETSI/SAGE UEA2&UIA2 Document 1 §3):
// SNOW 3G keyed with K3..K0 = CK from its first word, IV = COUNT || BEARER ||
// DIRECTION || 0^26 twice.
void nea1(const key128& key, const algorithm_input& in, std::span<std::uint8_t> data) noexcept {
  const std::uint8_t* ck = key.data();
  const std::array<std::uint32_t, 4> k = {load_be32(ck + 12), load_be32(ck + 8), load_be32(ck + 4), load_be32(ck)};
  const std::uint32_t bearer_dir = (std::uint32_t{in.bearer} << 27) | (std::uint32_t{in.direction} << 26);
  const std::array<std::uint32_t, 4> iv = {bearer_dir, in.count, bearer_dir, in.count};
  snow3g generator(k, iv);
  xor_keystream(generator, data);
}

// TS 33.501 D.2.3 -> TS 33.401 B.1.3: AES-128-CTR from T1 = COUNT || BEARER ||
// DIRECTION || 0^26 || 0^64.
crypto_result<void> nea2(const key128& key, const algorithm_input& in, std::span<std::uint8_t> data) {
  block128 counter{};
  const auto head = detail::count_bearer_direction(in);
  std::copy(head.begin(), head.end(), counter.begin());
  return aes128_ctr_apply(key, counter, data);
}

// TS 33.501 D.2.4 -> TS 33.401 B.1.4 -> 128-EEA3 (ETSI/SAGE 128-EEA3&128-EIA3
// Document 1 §3): ZUC with IV = COUNT || BEARER || DIRECTION || 0^26, twice.
void nea3(const key128& key, const algorithm_input& in, std::span<std::uint8_t> data) noexcept {
  std::array<std::uint8_t, 16> iv{};
  const auto head = detail::count_bearer_direction(in);
  std::copy(head.begin(), head.end(), iv.begin());
  std::copy(head.begin(), head.end(), iv.begin() + 8);
  zuc generator(key.bytes(), iv);
  xor_keystream(generator, data);
}

}  // namespace

crypto_result<void> detail::check_algorithm_input(const algorithm_input& in, std::size_t data_size,
                                                  std::size_t length_bits) noexcept {
  if (in.bearer >= 32) return std::unexpected(crypto_error{crypto_errc::invalid_parameter, "BEARER beyond 5 bits"});
  if (in.direction >= 2) return std::unexpected(crypto_error{crypto_errc::invalid_parameter, "DIRECTION beyond 1 bit"});
  if (length_bits / 8 > data_size || (length_bits / 8 == data_size && length_bits % 8 != 0))
    return std::unexpected(crypto_error{crypto_errc::invalid_length, "LENGTH beyond the data"});
  return {};
}

crypto_result<void> nea_apply(nea algorithm, const key128& key, const algorithm_input& in, std::span<std::uint8_t> data,
                              std::size_t length_bits) {
  if (auto ok = detail::check_algorithm_input(in, data.size(), length_bits); !ok) return ok;
  // Only the octets that hold message bits are touched; the bits beyond
  // LENGTH in the last one are cleared afterwards.
  const std::span<std::uint8_t> message = data.first((length_bits + 7) / 8);
  switch (algorithm) {
    case nea::nea0:  // TS 33.501 D.2.1: the null algorithm, keystream of zeros.
      break;
    case nea::nea1:
      nea1(key, in, message);
      break;
    case nea::nea2:
      if (auto r = nea2(key, in, message); !r) return r;
      break;
    case nea::nea3:
      nea3(key, in, message);
      break;
    default:
      return std::unexpected(crypto_error{crypto_errc::invalid_parameter, "unknown NEA algorithm"});
  }
  detail::clear_trailing_bits(message, length_bits);
  return {};
}

}  // namespace meridian::crypto
