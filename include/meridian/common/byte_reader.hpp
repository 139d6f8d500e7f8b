#pragma once
// A bounds-checked reader over wire bytes. Every read returns a decode_result:
// short input yields decode_errc::truncated with the absolute byte offset, never
// undefined behaviour. Offsets are absolute so that nested readers (an IE's
// value, a container inside a message) report positions in the outermost input.

#include <cstddef>
#include <cstdint>
#include <span>

#include "meridian/common/result.hpp"

namespace meridian {

class byte_reader {
 public:
  byte_reader() = default;
  explicit byte_reader(std::span<const std::uint8_t> data, std::size_t base_offset = 0) noexcept
      : data_(data), base_(base_offset) {}

  /// Absolute offset of the next byte to be read.
  std::size_t offset() const noexcept { return base_ + pos_; }
  std::size_t remaining() const noexcept { return data_.size() - pos_; }
  bool empty() const noexcept { return pos_ == data_.size(); }

  /// An error of the given kind at the current offset.
  decode_error error(decode_errc code, std::string_view what = {}) const noexcept {
    return decode_error{code, offset(), what};
  }

  decode_result<std::uint8_t> peek_u8(std::string_view what = {}) const noexcept {
    if (remaining() < 1) return std::unexpected(error(decode_errc::truncated, what));
    return data_[pos_];
  }

  /// Reads an unsigned big-endian integer of `Octets` octets (1..8).
  template <std::size_t Octets>
  decode_result<std::uint64_t> uint_be(std::string_view what = {}) noexcept {
    static_assert(Octets >= 1 && Octets <= 8);
    if (remaining() < Octets) return std::unexpected(error(decode_errc::truncated, what));
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < Octets; ++i) v = (v << 8) | data_[pos_ + i];
    pos_ += Octets;
    return v;
  }

  decode_result<std::uint8_t> u8(std::string_view what = {}) noexcept {
    if (remaining() < 1) return std::unexpected(error(decode_errc::truncated, what));
    return data_[pos_++];
  }
  // (libstdc++ 12's std::expected has no transform(), hence the narrowing helper.)
  decode_result<std::uint16_t> u16(std::string_view what = {}) noexcept { return narrow<std::uint16_t, 2>(what); }
  decode_result<std::uint32_t> u24(std::string_view what = {}) noexcept { return narrow<std::uint32_t, 3>(what); }
  decode_result<std::uint32_t> u32(std::string_view what = {}) noexcept { return narrow<std::uint32_t, 4>(what); }
  decode_result<std::uint64_t> u40(std::string_view what = {}) noexcept { return uint_be<5>(what); }
  decode_result<std::uint64_t> u48(std::string_view what = {}) noexcept { return uint_be<6>(what); }
  decode_result<std::uint64_t> u64(std::string_view what = {}) noexcept { return uint_be<8>(what); }

  /// The next `n` bytes, consumed. The span points into the input.
  decode_result<std::span<const std::uint8_t>> bytes(std::size_t n, std::string_view what = {}) noexcept {
    if (remaining() < n) return std::unexpected(error(decode_errc::truncated, what));
    auto s = data_.subspan(pos_, n);
    pos_ += n;
    return s;
  }

  /// A reader over the next `n` bytes (consumed from this one), keeping absolute offsets.
  decode_result<byte_reader> sub(std::size_t n, std::string_view what = {}) noexcept {
    const std::size_t at = offset();
    auto b = bytes(n, what);
    if (!b) return std::unexpected(b.error());
    return byte_reader(*b, at);
  }

  decode_result<void> skip(std::size_t n, std::string_view what = {}) noexcept {
    if (remaining() < n) return std::unexpected(error(decode_errc::truncated, what));
    pos_ += n;
    return {};
  }

  /// Everything not yet read, consumed.
  std::span<const std::uint8_t> rest() noexcept {
    auto s = data_.subspan(pos_);
    pos_ = data_.size();
    return s;
  }

  /// Succeeds only when every byte has been read.
  decode_result<void> expect_end(std::string_view what = {}) const noexcept {
    if (!empty()) return std::unexpected(error(decode_errc::trailing_bytes, what));
    return {};
  }

 private:
  template <class T, std::size_t Octets>
  decode_result<T> narrow(std::string_view what) noexcept {
    auto v = uint_be<Octets>(what);
    if (!v) return std::unexpected(v.error());
    return static_cast<T>(*v);
  }

  std::span<const std::uint8_t> data_{};
  std::size_t pos_ = 0;
  std::size_t base_ = 0;
};

/// `count` bits of `octet` starting at bit `msb` (7 = most significant), as a
/// number: bits(0b1011'0000, 7, 4) == 0b1011. The specifications number bits
/// 8..1 within an octet; spec bit N is msb N-1 here.
constexpr std::uint8_t bits(std::uint8_t octet, unsigned msb, unsigned count) noexcept {
  return static_cast<std::uint8_t>((octet >> (msb + 1 - count)) & ((1u << count) - 1u));
}

}  // namespace meridian
