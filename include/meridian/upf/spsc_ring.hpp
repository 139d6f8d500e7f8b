#pragma once
// A bounded single-producer single-consumer ring of fixed-size slots, for
// handing packets from one data-path worker to another without a lock: the
// producer writes a slot and publishes it with a release store of its index,
// the consumer reads it after an acquire load. Capacity is fixed at
// construction (a power of two); a full ring refuses, and the producer counts
// the drop — a slow worker never makes another one wait.

#include <atomic>
#include <bit>
#include <cstddef>
#include <new>
#include <vector>

namespace meridian::upf {

template <class T>
class spsc_ring {
 public:
  explicit spsc_ring(std::size_t capacity)
      : slots_(std::bit_ceil(capacity < 2 ? std::size_t{2} : capacity)), mask_(slots_.size() - 1) {}

  spsc_ring(const spsc_ring&) = delete;
  spsc_ring& operator=(const spsc_ring&) = delete;

  /// Producer: the slot to fill next, or nullptr when the ring is full.
  T* begin_push() noexcept {
    const std::size_t head = head_.load(std::memory_order_relaxed);
    if (head - cached_tail_ > mask_) {
      cached_tail_ = tail_.load(std::memory_order_acquire);
      if (head - cached_tail_ > mask_) return nullptr;
    }
    return &slots_[head & mask_];
  }
  /// Producer: publishes the slot begin_push() returned.
  void commit_push() noexcept { head_.store(head_.load(std::memory_order_relaxed) + 1, std::memory_order_release); }

  /// Consumer: the oldest slot, or nullptr when the ring is empty.
  T* front() noexcept {
    const std::size_t tail = tail_.load(std::memory_order_relaxed);
    if (tail == cached_head_) {
      cached_head_ = head_.load(std::memory_order_acquire);
      if (tail == cached_head_) return nullptr;
    }
    return &slots_[tail & mask_];
  }
  /// Consumer: releases the slot front() returned.
  void pop() noexcept { tail_.store(tail_.load(std::memory_order_relaxed) + 1, std::memory_order_release); }

  std::size_t capacity() const noexcept { return slots_.size(); }

 private:
  std::vector<T> slots_;
  std::size_t mask_;
  // Producer and consumer indexes on separate cache lines, each with the
  // side's cached copy of the other index, so neither writes the other's line.
  alignas(64) std::atomic<std::size_t> head_{0};
  std::size_t cached_tail_ = 0;
  alignas(64) std::atomic<std::size_t> tail_{0};
  std::size_t cached_head_ = 0;
};

}  // namespace meridian::upf
