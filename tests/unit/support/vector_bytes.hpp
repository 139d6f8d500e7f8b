#pragma once
// Fixed-size values (RAND, SQN, keys) from the hex strings of a test vector;
// a wrong length fails the calling test and gives zeros.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>

#include "meridian/crypto/secret.hpp"
#include "support/vectors.hpp"

namespace meridian::test {

/// Exactly N octets of hex, as an array.
template <std::size_t N>
std::array<std::uint8_t, N> array_of(const std::string& hex) {
  const auto b = hex_bytes(hex);
  std::array<std::uint8_t, N> a{};
  if (b.size() != N) {
    ADD_FAILURE() << "expected " << N << " octets: " << hex;
    return a;
  }
  std::copy(b.begin(), b.end(), a.begin());
  return a;
}

/// Exactly N octets of hex, as a key.
template <std::size_t N>
crypto::secret<N> secret_of(const std::string& hex) {
  auto s = crypto::secret<N>::from(hex_bytes(hex));
  if (!s) {
    ADD_FAILURE() << "expected " << N << " octets: " << hex;
    return {};
  }
  return *s;
}

}  // namespace meridian::test
