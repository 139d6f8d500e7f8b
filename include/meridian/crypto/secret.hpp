#pragma once
// Key material that wipes itself. K, OPc and every key derived from them live in
// `secret<N>`, whose storage is cleansed (OPENSSL_cleanse, which the optimiser
// may not remove) whenever the object is destroyed or overwritten.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace meridian::crypto {

/// Overwrites `bytes` with zeros in a way the compiler cannot elide.
void secure_wipe(std::span<std::uint8_t> bytes) noexcept;

/// Compares in time independent of where the inputs differ (for MACs and keys).
bool constant_time_equal(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) noexcept;

template <std::size_t N>
class secret {
 public:
  static constexpr std::size_t size() noexcept { return N; }

  secret() noexcept = default;
  explicit secret(std::span<const std::uint8_t, N> bytes) noexcept { std::copy(bytes.begin(), bytes.end(), b_.begin()); }
  secret(const secret&) noexcept = default;
  secret& operator=(const secret& o) noexcept {
    if (this != &o) b_ = o.b_;
    return *this;
  }
  ~secret() { secure_wipe(b_); }

  /// The secret from exactly N bytes, or nothing on a length mismatch.
  static std::optional<secret> from(std::span<const std::uint8_t> bytes) noexcept {
    if (bytes.size() != N) return std::nullopt;
    return secret(std::span<const std::uint8_t, N>(bytes.data(), N));
  }

  std::span<const std::uint8_t, N> bytes() const noexcept { return b_; }
  std::span<std::uint8_t, N> mutable_bytes() noexcept { return b_; }
  const std::uint8_t* data() const noexcept { return b_.data(); }

  bool operator==(const secret& o) const noexcept { return constant_time_equal(b_, o.b_); }

 private:
  std::array<std::uint8_t, N> b_{};
};

using key128 = secret<16>;
using key256 = secret<32>;

}  // namespace meridian::crypto
