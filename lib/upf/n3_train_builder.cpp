// Joining G-PDUs into UDP GSO trains; see n3_train_builder.hpp.

#include "meridian/upf/n3_train_builder.hpp"

#include <cstring>

namespace meridian::upf {

n3_train_builder::n3_train_builder(std::size_t buffer_octets, std::size_t max_segment)
    : buffer_(buffer_octets), max_segment_(max_segment) {
  out_.reserve(256);
}

std::span<const transport::outgoing_datagram> n3_train_builder::build(
    std::span<const transport::outgoing_datagram> in) noexcept {
  out_.clear();
  trains_ = 0;
  std::size_t used = 0;
  std::size_t i = 0;
  while (i < in.size()) {
    const transport::outgoing_datagram& first = in[i];
    const std::size_t size = first.data_.size();
    // The run: same peer, same size, the last one possibly shorter.
    std::size_t end = i + 1;
    std::size_t octets = size;
    if (first.segment_size_ == 0 && size > 0 && size <= max_segment_) {
      while (end < in.size() && end - i < max_segments) {
        const transport::outgoing_datagram& d = in[end];
        if (d.segment_size_ != 0 || !(d.peer_ == first.peer_) || d.data_.empty() || d.data_.size() > size ||
            octets + d.data_.size() > max_train_octets)
          break;
        octets += d.data_.size();
        ++end;
        if (d.data_.size() < size) break;
      }
    }
    const std::size_t count = end - i;
    if (count == 1 || used + octets > buffer_.size() || out_.size() == out_.capacity()) {
      // Alone, or no room to join: as they came (still one sendmmsg).
      for (std::size_t k = i; k < end; ++k) {
        if (out_.size() == out_.capacity()) out_.reserve(out_.capacity() * 2);  // only with > 256 entries
        out_.push_back(in[k]);
      }
      i = end;
      continue;
    }
    std::uint8_t* at = buffer_.data() + used;
    std::size_t off = 0;
    for (std::size_t k = i; k < end; ++k) {
      std::memcpy(at + off, in[k].data_.data(), in[k].data_.size());
      off += in[k].data_.size();
    }
    out_.push_back(transport::outgoing_datagram{std::span<const std::uint8_t>(at, octets), first.peer_,
                                                static_cast<std::uint16_t>(size)});
    used += octets;
    ++trains_;
    i = end;
  }
  return out_;
}

}  // namespace meridian::upf
