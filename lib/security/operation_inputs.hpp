#pragma once
// Reads a crypto operation's inputs from their typed text. The first bad
// input's error is kept; later reads still return a value (zeros, empty) so
// that an operation reads all it needs and checks ok() once, before it
// computes anything.

#include <algorithm>
#include <array>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "meridian/crypto/secret.hpp"
#include "meridian/security/crypto_operations.hpp"

namespace meridian::security {

class input_reader {
 public:
  explicit input_reader(const operation_values& values) : values_(values) {}

  /// The text of `name` as given, "" when absent.
  std::string_view text(std::string_view name) const;
  bool given(std::string_view name) const { return !text(name).empty(); }

  /// Hex of exactly `octets` octets (any count when 0).
  std::vector<std::uint8_t> hex(std::string_view name, std::size_t octets = 0);
  /// An unsigned number (decimal, or hex with 0x) in [0, max].
  std::uint64_t number(std::string_view name, std::uint64_t max);
  /// Text of 1..max_octets octets.
  std::string nonempty_text(std::string_view name, std::size_t max_octets = 65535);

  /// A key of exactly N octets, held in wiping storage.
  template <std::size_t N>
  crypto::secret<N> key(std::string_view name) {
    auto bytes = hex(name, N);
    crypto::secret<N> s;
    if (bytes.size() == N) s = *crypto::secret<N>::from(bytes);
    crypto::secure_wipe(bytes);
    return s;
  }

  /// A non-secret value of exactly N octets (RAND, SQN, AMF).
  template <std::size_t N>
  std::array<std::uint8_t, N> octets(std::string_view name) {
    const auto bytes = hex(name, N);
    std::array<std::uint8_t, N> out{};
    if (bytes.size() == N) std::ranges::copy(bytes, out.begin());
    return out;
  }

  /// Records `message` unless an earlier input failed.
  void fail(std::string message);
  bool ok() const noexcept { return error_.empty(); }
  std::unexpected<std::string> failure() const { return std::unexpected(error_); }

 private:
  /// "--name", as the error messages call the input.
  static std::string option(std::string_view name);
  template <class T>
  T keep(std::expected<T, std::string> r) {
    if (r) return std::move(*r);
    fail(std::move(r.error()));
    return T{};
  }

  const operation_values& values_;
  std::string error_;
};

}  // namespace meridian::security
