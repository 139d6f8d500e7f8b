#pragma once
// SNOW 3G keystream generator (ETSI/SAGE UEA2 & UIA2 Document 2), the core of
// 128-NEA1 and 128-NIA1.

#include <array>
#include <cstdint>
#include <span>

namespace meridian::crypto {

class snow3g {
 public:
  /// Key and IV as four 32-bit words each, k0..k3 and iv0..iv3 in the
  /// specification's numbering (k0 = the least significant word of the key).
  snow3g(const std::array<std::uint32_t, 4>& k, const std::array<std::uint32_t, 4>& iv) noexcept;
  /// Wipes the state: it is derived from the key.
  ~snow3g();
  snow3g(const snow3g&) = default;
  snow3g& operator=(const snow3g&) = default;

  /// The next keystream word z_t.
  std::uint32_t next() noexcept;
  void keystream(std::span<std::uint32_t> out) noexcept;

 private:
  std::array<std::uint32_t, 16> s_{};       // LFSR s0..s15
  std::uint32_t r1_ = 0, r2_ = 0, r3_ = 0;  // FSM registers
  std::uint32_t clock_fsm() noexcept;
  void clock_lfsr(std::uint32_t f) noexcept;
};

}  // namespace meridian::crypto
