#pragma once
// Key material that wipes itself. K, OPc and every key derived from them live in
// `secret<N>`, whose storage is cleansed (OPENSSL_cleanse, which the optimiser
// may not remove) whenever the object is destroyed or overwritten.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <ranges>
#include <span>
#include <type_traits>

namespace meridian::crypto {

/// Overwrites `bytes` with zeros in a way the compiler cannot elide.
void secure_wipe(std::span<std::uint8_t> bytes) noexcept;

/// Compares in time independent of where the inputs differ (for MACs and keys).
bool constant_time_equal(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) noexcept;

/// Wipes `object` in place: a trivially copyable object (std::array, an
/// integer, a plain struct of them, key-schedule state) or the elements of a
/// contiguous container of trivially copyable elements (std::vector<uint8_t>).
template <class T>
requires std::is_trivially_copyable_v<T> ||
    (std::ranges::contiguous_range<T>&& std::is_trivially_copyable_v<std::ranges::range_value_t<T>>)void wipe_object(
        T& object) noexcept {
  if constexpr (std::ranges::contiguous_range<T> && !std::is_trivially_copyable_v<T>) {
    secure_wipe(std::span<std::uint8_t>(reinterpret_cast<std::uint8_t*>(std::ranges::data(object)),
                                        std::ranges::size(object) * sizeof(std::ranges::range_value_t<T>)));
  } else {
    secure_wipe(std::span<std::uint8_t>(reinterpret_cast<std::uint8_t*>(std::addressof(object)), sizeof(T)));
  }
}

/// Wipes an intermediate buffer (AK, RES, a cipher block, a vector holding a
/// private key, ...) when the scope ends, on every way out:
///   block128 temp{};
///   const scoped_wipe wipe_temp(temp);
/// The buffer itself stays an ordinary object; only its lifetime is guarded.
template <class T>
class scoped_wipe {
 public:
  explicit scoped_wipe(T& object) noexcept : object_(object) {}
  ~scoped_wipe() { wipe_object(object_); }
  scoped_wipe(const scoped_wipe&) = delete;
  scoped_wipe& operator=(const scoped_wipe&) = delete;

 private:
  T& object_;
};

template <std::size_t N>
class secret {
 public:
  static constexpr std::size_t size() noexcept { return N; }

  secret() noexcept = default;
  explicit secret(std::span<const std::uint8_t, N> bytes) noexcept {
    std::copy(bytes.begin(), bytes.end(), b_.begin());
  }
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
