// The bounded per-session buffer for FAR action BUFF; see packet_buffer.hpp.

#include "meridian/upf/packet_buffer.hpp"

#include <algorithm>
#include <cstring>

namespace meridian::upf {

void packet_buffer::limit_packets(std::size_t n) noexcept { limit_ = std::min(n, config_.max_packets_); }

packet_buffer::push_result packet_buffer::push(std::span<const std::uint8_t> packet, pdr_id pdr) {
  const std::size_t limit = limit_ == 0 ? config_.max_packets_ : limit_;
  if (packet.size() > config_.max_packet_size_) {
    ++dropped_;
    return push_result::dropped_too_big;
  }
  if (count_ >= limit) {
    ++dropped_;
    return push_result::dropped_full;
  }
  if (storage_.empty()) {
    // First use by this session: one allocation, kept until the session goes.
    storage_.resize(config_.max_packets_ * config_.max_packet_size_);
    entries_.resize(config_.max_packets_);
  }
  const std::size_t slot = (head_ + count_) % config_.max_packets_;
  if (!packet.empty()) std::memcpy(storage_.data() + slot * config_.max_packet_size_, packet.data(), packet.size());
  entries_[slot] = entry{static_cast<std::uint32_t>(packet.size()), pdr};
  ++count_;
  return count_ == 1 ? push_result::first_buffered : push_result::buffered;
}

}  // namespace meridian::upf
