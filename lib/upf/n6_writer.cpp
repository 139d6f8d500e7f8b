// Writing to N6 with a fallback for refused super-packets; see n6_writer.hpp.

#include "meridian/upf/n6_writer.hpp"

#include <algorithm>

#include "meridian/upf/gso_segmenter.hpp"

namespace meridian::upf {

std::uint64_t packets_in(const n6_packet& p) noexcept {
  if (p.gso_.gso_type_ == transport::gso_info::gso_none || p.gso_.gso_size_ == 0) return 1;
  const std::size_t payload = p.bytes_.size() > p.gso_.header_length_ ? p.bytes_.size() - p.gso_.header_length_ : 0;
  return std::max<std::uint64_t>(1, (payload + p.gso_.gso_size_ - 1) / p.gso_.gso_size_);
}

n6_write_outcome write_n6_packet(transport::tun_device& tun, const n6_packet& p,
                                 std::vector<std::uint8_t>& scratch) noexcept {
  n6_write_outcome out;
  auto written = tun.write(p.bytes_, p.gso_);
  if (written) {
    if (!*written) out.dropped_ = packets_in(p);  // the queue is full: the kernel's drop, as for any packet
    return out;
  }
  if (p.gso_.gso_type_ == transport::gso_info::gso_none) {
    out.dropped_ = 1;
    return out;
  }
  out.refused_ = true;
  if (scratch.size() < 256 * 1024) scratch.resize(256 * 1024);
  auto seg = segment_gso_packet(p.bytes_, p.gso_, scratch, segment_layout{});
  if (!seg) {
    out.dropped_ = packets_in(p);
    return out;
  }
  for (std::size_t i = 0; i < seg->count_; ++i) {
    const std::size_t length = i + 1 == seg->count_ ? seg->last_length_ : seg->segment_length_;
    auto one = tun.write(std::span<const std::uint8_t>(scratch).subspan(i * seg->stride_, length));
    if (!one || !*one) ++out.dropped_;
  }
  return out;
}

}  // namespace meridian::upf
