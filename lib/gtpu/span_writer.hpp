#pragma once
// A big-endian writer into a fixed caller buffer (private to gtpu): the G-PDU
// encode path writes headers into headroom and must not allocate. The caller
// sizes the buffer first, so running out is a bug reported as a flag, not UB.

#include <cstddef>
#include <cstdint>
#include <span>

namespace meridian::gtpu::detail {

class span_writer {
 public:
  explicit span_writer(std::span<std::uint8_t> out) noexcept : out_(out) {}
  void u8(std::uint8_t v) noexcept {
    if (pos_ >= out_.size()) {
      overflow_ = true;
      return;
    }
    out_[pos_++] = v;
  }
  void uint_be(std::uint64_t v, std::size_t octets) noexcept {
    for (std::size_t i = octets; i-- > 0;) u8(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  std::size_t size() const noexcept { return pos_; }
  bool overflow() const noexcept { return overflow_; }

 private:
  std::span<std::uint8_t> out_;
  std::size_t pos_ = 0;
  bool overflow_ = false;
};

}  // namespace meridian::gtpu::detail
