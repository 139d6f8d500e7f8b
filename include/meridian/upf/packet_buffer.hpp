#pragma once
// The per-session downlink buffer for a FAR whose action is BUFF (TS 29.244
// §5.2.3.1, TS 23.502 §4.2.3.3: while the UE is idle the UPF holds downlink
// packets until the SMF switches the FAR to forward). Bounded in packets and
// in packet size; storage is one block of fixed slots allocated the first time
// the session buffers, so buffering a packet is a copy, never an allocation.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "meridian/upf/ids.hpp"

namespace meridian::upf {

struct packet_buffer_config {
  std::size_t max_packets_ = 64;        ///< per session; a BAR's suggested count lowers it
  std::size_t max_packet_size_ = 2048;  ///< octets per slot; larger packets are dropped
};

class packet_buffer {
 public:
  enum class push_result : std::uint8_t {
    first_buffered,  ///< the buffer was empty: time to notify the CP function (NOCP)
    buffered,
    dropped_full,
    dropped_too_big,
  };

  packet_buffer() = default;
  explicit packet_buffer(packet_buffer_config cfg) noexcept : config_(cfg) {}

  push_result push(std::span<const std::uint8_t> packet, pdr_id pdr);

  /// Hands every buffered packet, oldest first, to `f(std::span<const std::uint8_t>, pdr_id)`
  /// and empties the buffer. Returns how many were handed over.
  template <class F>
  std::size_t drain(F&& f) {
    std::size_t n = 0;
    while (count_ > 0) {
      const entry& e = entries_[head_];
      f(std::span<const std::uint8_t>(storage_.data() + head_ * config_.max_packet_size_, e.size_), e.pdr_);
      head_ = (head_ + 1) % config_.max_packets_;
      --count_;
      ++n;
    }
    head_ = 0;
    return n;
  }

  /// Drops everything buffered (FAR changed to DROP, session deleted).
  void clear() noexcept {
    dropped_ += count_;
    count_ = 0;
    head_ = 0;
  }

  std::size_t size() const noexcept { return count_; }
  bool empty() const noexcept { return count_ == 0; }
  std::size_t capacity() const noexcept { return config_.max_packets_; }
  std::uint64_t dropped() const noexcept { return dropped_; }
  /// Limit from a BAR's Suggested Buffering Packets Count; never above the configured maximum.
  void limit_packets(std::size_t n) noexcept;

 private:
  struct entry {
    std::uint32_t size_ = 0;
    pdr_id pdr_{};
  };

  packet_buffer_config config_{};
  std::size_t limit_ = 0;  ///< 0: config_.max_packets_
  std::vector<std::uint8_t> storage_{};
  std::vector<entry> entries_{};
  std::size_t head_ = 0;
  std::size_t count_ = 0;
  std::uint64_t dropped_ = 0;
};

}  // namespace meridian::upf
