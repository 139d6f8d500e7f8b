#pragma once
// An open-addressing hash index from a 32-bit key (a TEID, an IPv4 address) to
// a pointer, for the per-packet lookups of the data path: one multiply to hash,
// linear probing over a flat array of 16-byte slots (usually one cache line
// touched), never an allocation on lookup. It grows (rehashes) only on insert,
// which happens on the control path when a session is installed; reserve()
// sizes it up front from configuration. Erase uses backward-shift deletion, so
// there are no tombstones and lookups stay short however many sessions come
// and go.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace meridian::upf {

template <class T>
class flat_index {
 public:
  flat_index() { rehash(16); }

  /// Room for `n` keys without growing (load factor stays <= 1/2).
  void reserve(std::size_t n) {
    const std::size_t want = std::bit_ceil(n * 2 < 16 ? std::size_t{16} : n * 2);
    if (want > slots_.size()) rehash(want);
  }

  /// Inserts `key` → `value`; false (and no change) when the key is present.
  bool insert(std::uint32_t key, T* value) {
    if ((size_ + 1) * 2 > slots_.size()) rehash(slots_.size() * 2);
    std::size_t i = home(key);
    while (slots_[i].value_ != nullptr) {
      if (slots_[i].key_ == key) return false;
      i = (i + 1) & mask_;
    }
    slots_[i] = slot{key, value};
    ++size_;
    return true;
  }

  T* find(std::uint32_t key) const noexcept {
    std::size_t i = home(key);
    // Bounded: the table is never more than half full, so an empty slot exists.
    while (slots_[i].value_ != nullptr) {
      if (slots_[i].key_ == key) return slots_[i].value_;
      i = (i + 1) & mask_;
    }
    return nullptr;
  }

  /// Starts loading `key`'s home slot into the cache, so that a batch of
  /// lookups overlaps its memory latencies instead of paying them in turn.
  void prefetch(std::uint32_t key) const noexcept { __builtin_prefetch(&slots_[home(key)]); }

  bool erase(std::uint32_t key) noexcept {
    std::size_t i = home(key);
    while (slots_[i].value_ != nullptr && slots_[i].key_ != key) i = (i + 1) & mask_;
    if (slots_[i].value_ == nullptr) return false;
    // Backward shift: pull later members of the probe run into the hole so that
    // no lookup ever stops early at it.
    std::size_t hole = i;
    std::size_t j = i;
    for (;;) {
      j = (j + 1) & mask_;
      if (slots_[j].value_ == nullptr) break;
      const std::size_t h = home(slots_[j].key_);
      // Move j into the hole when its home is not cyclically within (hole, j].
      const bool in_between = hole <= j ? (hole < h && h <= j) : (hole < h || h <= j);
      if (!in_between) {
        slots_[hole] = slots_[j];
        hole = j;
      }
    }
    slots_[hole] = slot{};
    --size_;
    return true;
  }

  std::size_t size() const noexcept { return size_; }
  std::size_t bucket_count() const noexcept { return slots_.size(); }

 private:
  struct slot {
    std::uint32_t key_ = 0;
    T* value_ = nullptr;  ///< nullptr marks an empty slot
  };

  std::size_t home(std::uint32_t key) const noexcept {
    // Fibonacci hashing: consecutive TEIDs / addresses spread over the table.
    return static_cast<std::size_t>((std::uint64_t{key} * 0x9E3779B97F4A7C15ULL) >> shift_);
  }

  void rehash(std::size_t count) {
    std::vector<slot> old = std::move(slots_);
    slots_.assign(count, slot{});
    mask_ = count - 1;
    shift_ = static_cast<unsigned>(64 - std::countr_zero(count));
    size_ = 0;
    for (const slot& s : old)
      if (s.value_ != nullptr) insert(s.key_, s.value_);
  }

  std::vector<slot> slots_{};
  std::size_t mask_ = 0;
  unsigned shift_ = 64;
  std::size_t size_ = 0;
};

}  // namespace meridian::upf
