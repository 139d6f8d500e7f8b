#pragma once
// An appending big-endian writer. Length fields are written as placeholders that
// fill themselves in when they close, so nested length-prefixed parts (an IE in a
// grouped IE in a message) need no hand-computed lengths. A writer never throws:
// a value that does not fit records an encode_error, and finish() reports it.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "meridian/common/result.hpp"

namespace meridian {

class byte_writer {
 public:
  byte_writer() = default;

  /// Writes the low `octets` octets of `v`, big-endian. A value that does not
  /// fit records value_out_of_range.
  void uint_be(std::uint64_t v, std::size_t octets, std::string_view what = {}) {
    if (octets < 8 && (v >> (8 * octets)) != 0) {
      fail({encode_errc::value_out_of_range, what});
      return;
    }
    for (std::size_t i = octets; i-- > 0;) buf_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  void u8(std::uint8_t v) { buf_.push_back(v); }
  void u16(std::uint16_t v) { uint_be(v, 2); }
  void u24(std::uint32_t v, std::string_view what = {}) { uint_be(v, 3, what); }
  void u32(std::uint32_t v) { uint_be(v, 4); }
  void u40(std::uint64_t v, std::string_view what = {}) { uint_be(v, 5, what); }
  void u48(std::uint64_t v, std::string_view what = {}) { uint_be(v, 6, what); }
  void u64(std::uint64_t v) { uint_be(v, 8); }
  void bytes(std::span<const std::uint8_t> b) { buf_.insert(buf_.end(), b.begin(), b.end()); }
  void fill(std::size_t n, std::uint8_t v) { buf_.insert(buf_.end(), n, v); }

  std::size_t size() const noexcept { return buf_.size(); }
  std::span<const std::uint8_t> data() const noexcept { return buf_; }

  /// Overwrites `octets` octets at `pos` (already written) with `v`.
  void patch_uint_be(std::size_t pos, std::uint64_t v, std::size_t octets) {
    for (std::size_t i = 0; i < octets; ++i) buf_[pos + i] = static_cast<std::uint8_t>(v >> (8 * (octets - 1 - i)));
  }

  /// A length field of `width` octets whose value is the number of octets
  /// written after it (plus `adjust`) until close() or destruction.
  class length_placeholder {
   public:
    length_placeholder(const length_placeholder&) = delete;
    length_placeholder& operator=(const length_placeholder&) = delete;
    length_placeholder(length_placeholder&& o) noexcept
        : w_(std::exchange(o.w_, nullptr)), pos_(o.pos_), width_(o.width_), adjust_(o.adjust_), what_(o.what_) {}
    ~length_placeholder() { close(); }

    /// Fills in the length now; later writes are not counted.
    void close() {
      if (w_ == nullptr) return;
      const std::size_t len = w_->size() - (pos_ + width_) + adjust_;
      if (width_ < 8 && (static_cast<std::uint64_t>(len) >> (8 * width_)) != 0)
        w_->fail({encode_errc::length_overflow, what_});
      else
        w_->patch_uint_be(pos_, len, width_);
      w_ = nullptr;
    }

   private:
    friend class byte_writer;
    length_placeholder(byte_writer* w, std::size_t pos, std::size_t width, std::size_t adjust, std::string_view what)
        : w_(w), pos_(pos), width_(width), adjust_(adjust), what_(what) {}
    byte_writer* w_;
    std::size_t pos_, width_, adjust_;
    std::string_view what_;
  };

  /// Reserves a `width`-octet length field (1..8) here.
  [[nodiscard]] length_placeholder length(std::size_t width, std::string_view what = {}, std::size_t adjust = 0) {
    const std::size_t pos = buf_.size();
    fill(width, 0);
    return length_placeholder(this, pos, width, adjust, what);
  }

  /// Records the first error; later ones are ignored.
  void fail(encode_error e) {
    if (!error_) error_ = e;
  }
  bool ok() const noexcept { return !error_.has_value(); }
  const std::optional<encode_error>& error() const noexcept { return error_; }

  /// The bytes, or the first error recorded.
  encode_result<std::vector<std::uint8_t>> finish() && {
    if (error_) return std::unexpected(*error_);
    return std::move(buf_);
  }

 private:
  std::vector<std::uint8_t> buf_;
  std::optional<encode_error> error_;
};

}  // namespace meridian
