// Fuzz target: the uplink GSO coalescer (upf/gso_coalescer.hpp), which reads
// inner IPv4 packets straight from subscribers. The input is a sequence of
// packets, each prefixed by a 2-octet big-endian length. Properties checked:
//   - nothing crashes or reads out of bounds (ASan/UBSan);
//   - no packet is lost, duplicated or changed: cutting every super-packet up
//     (gso_segmenter, as the kernel would) gives back exactly the packets that
//     went in, as a multiset;
//   - every super-packet fits the IPv4 Total Length and carries a valid header checksum.

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "meridian/common/ip_framing.hpp"
#include "meridian/upf/gso_coalescer.hpp"
#include "meridian/upf/gso_segmenter.hpp"

namespace {

using bytes = std::vector<std::uint8_t>;

void cut(std::span<const meridian::upf::n6_packet> out, std::vector<bytes>& seen) {
  static std::vector<std::uint8_t> room(256 * 1024);
  for (const auto& p : out) {
    if (p.gso_.gso_type_ == meridian::transport::gso_info::gso_none) {
      seen.emplace_back(p.bytes_.begin(), p.bytes_.end());
      continue;
    }
    if (p.bytes_.size() > meridian::upf::gso_coalescer::max_super_packet) std::abort();
    std::uint32_t sum = meridian::internet_checksum_sum(p.bytes_.first(20));
    if (sum != 0xffff) std::abort();
    auto seg = meridian::upf::segment_gso_packet(p.bytes_, p.gso_, room, meridian::upf::segment_layout{});
    if (!seg) std::abort();
    for (std::size_t i = 0; i < seg->count_; ++i) {
      const std::size_t len = i + 1 == seg->count_ ? seg->last_length_ : seg->segment_length_;
      const auto at = room.begin() + static_cast<std::ptrdiff_t>(i * seg->stride_);
      seen.emplace_back(at, at + static_cast<std::ptrdiff_t>(len));
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<bytes> in;
  for (std::size_t at = 0; at + 2 <= size;) {
    const std::size_t n = std::size_t{data[at]} << 8 | data[at + 1];
    at += 2;
    const std::size_t take = std::min(n, size - at);
    in.emplace_back(data + at, data + at + take);
    at += take;
  }
  meridian::upf::gso_coalescer c(3, 2);
  std::vector<bytes> seen;
  for (const auto& p : in) {
    if (!c.add(p)) {
      cut(c.finish(), seen);
      c.clear();
      if (!c.add(p)) std::abort();
    }
  }
  cut(c.finish(), seen);
  c.clear();
  auto want = in;
  std::sort(want.begin(), want.end());
  std::sort(seen.begin(), seen.end());
  if (want != seen) std::abort();
  return 0;
}
