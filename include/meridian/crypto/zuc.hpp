#pragma once
// ZUC keystream generator (ETSI/SAGE 128-EEA3 & 128-EIA3 Document 2), the core
// of 128-NEA3 and 128-NIA3.

#include <array>
#include <cstdint>
#include <span>

namespace meridian::crypto {

class zuc {
 public:
  zuc(std::span<const std::uint8_t, 16> key, std::span<const std::uint8_t, 16> iv) noexcept;
  /// Wipes the state: it is derived from the key.
  ~zuc();
  zuc(const zuc&) = default;
  zuc& operator=(const zuc&) = default;

  std::uint32_t next() noexcept;
  void keystream(std::span<std::uint32_t> out) noexcept;

 private:
  std::array<std::uint32_t, 16> s_{};  // 31-bit LFSR cells
  std::uint32_t r1_ = 0, r2_ = 0;
  std::uint32_t x0_ = 0, x1_ = 0, x2_ = 0, x3_ = 0;
  void bit_reorganization() noexcept;
  std::uint32_t f() noexcept;
  /// Document 2 §3.2: one LFSR step; u = W >> 1 in initialisation mode, 0 in work mode.
  void lfsr_step(std::uint32_t u) noexcept;
};

}  // namespace meridian::crypto
