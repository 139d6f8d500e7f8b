#include "meridian/crypto/kdf.hpp"

#include <algorithm>

#include "hmac_sha256_stream.hpp"

namespace meridian::crypto {

namespace {

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
  detail::hmac_sha256_stream mac(key);
  emit_kdf_input(fc, params, [&mac](std::span<const std::uint8_t> piece) { mac.update(piece); });
  key256 out;
  mac.finish(out.mutable_bytes());
  return out;
}

}  // namespace meridian::crypto
