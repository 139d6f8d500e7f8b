#pragma once
// Parsing of the values people type on the command line (hex keys, numbers),
// with one-line errors that name the option. Shared by the tool subcommands.

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "meridian/crypto/secret.hpp"

namespace meridian::app {

/// Hex text of exactly `octets` octets (any count when octets == 0); throws
/// usage_error naming `option` otherwise.
std::vector<std::uint8_t> hex_argument(std::string_view option, std::string_view text, std::size_t octets = 0);

/// An unsigned number (decimal, or hex with 0x) in [0, max]; throws usage_error.
std::uint64_t number_argument(std::string_view option, std::string_view text, std::uint64_t max);

/// Lowercase hex of `bytes`, for JSON output.
std::string hex(std::span<const std::uint8_t> bytes);

/// Text of 1..max_octets octets (a serving network name, a SUPI value);
/// throws usage_error. The KDF encodes each parameter's length in two octets,
/// so nothing longer may reach it.
std::string text_argument(std::string_view option, std::string_view text, std::size_t max_octets = 65535);

/// A key of exactly N octets from hex, held in wiping storage.
template <std::size_t N>
crypto::secret<N> secret_argument(std::string_view option, std::string_view text) {
  auto bytes = hex_argument(option, text, N);
  auto s = *crypto::secret<N>::from(bytes);
  crypto::secure_wipe(bytes);
  return s;
}

/// A non-secret value of exactly N octets from hex (RAND, SQN, AMF).
template <std::size_t N>
std::array<std::uint8_t, N> array_argument(std::string_view option, std::string_view text) {
  const auto bytes = hex_argument(option, text, N);
  std::array<std::uint8_t, N> out{};
  std::copy(bytes.begin(), bytes.end(), out.begin());
  return out;
}

}  // namespace meridian::app
