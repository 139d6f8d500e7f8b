#pragma once
// Bit-granular reading and writing, most significant bit first, as ASN.1 PER and
// the bit-oriented ciphers need. Reads past the end return decode_errc::truncated
// with the byte offset of the failing bit.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "meridian/common/result.hpp"

namespace meridian {

class bit_reader {
 public:
  explicit bit_reader(std::span<const std::uint8_t> data) noexcept : data_(data) {}

  std::size_t bit_offset() const noexcept { return bit_; }
  std::size_t remaining_bits() const noexcept { return data_.size() * 8 - bit_; }

  decode_error error(decode_errc code, std::string_view what = {}) const noexcept {
    return decode_error{code, bit_ / 8, what};
  }

  /// Reads `count` bits (0..64) as an unsigned number.
  decode_result<std::uint64_t> read(unsigned count, std::string_view what = {}) noexcept {
    if (count > 64 || remaining_bits() < count) return std::unexpected(error(decode_errc::truncated, what));
    std::uint64_t v = 0;
    for (unsigned i = 0; i < count; ++i, ++bit_) {
      v = (v << 1) | ((data_[bit_ / 8] >> (7 - bit_ % 8)) & 1u);
    }
    return v;
  }
  decode_result<bool> read_bit(std::string_view what = {}) noexcept {
    auto v = read(1, what);
    if (!v) return std::unexpected(v.error());
    return *v != 0;
  }

  /// Advances to the next octet boundary (PER "aligned" padding).
  void align() noexcept { bit_ = (bit_ + 7) / 8 * 8; }

 private:
  std::span<const std::uint8_t> data_;
  std::size_t bit_ = 0;
};

class bit_writer {
 public:
  /// Appends the low `count` bits (0..64) of `v`, most significant first.
  void write(std::uint64_t v, unsigned count) {
    for (unsigned i = count; i-- > 0;) write_bit(((v >> i) & 1u) != 0);
  }
  void write_bit(bool b) {
    if (bits_ % 8 == 0) buf_.push_back(0);
    if (b) buf_.back() |= static_cast<std::uint8_t>(0x80u >> (bits_ % 8));
    ++bits_;
  }
  /// Pads with zero bits to the next octet boundary.
  void align() noexcept { bits_ = (bits_ + 7) / 8 * 8; }

  std::size_t bit_size() const noexcept { return bits_; }
  /// The octets written; a partial last octet is zero-padded.
  const std::vector<std::uint8_t>& bytes() const noexcept { return buf_; }

 private:
  std::vector<std::uint8_t> buf_;
  std::size_t bits_ = 0;
};

}  // namespace meridian
