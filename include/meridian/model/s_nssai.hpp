#pragma once
// Network slice identity.

#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "meridian/common/strong_id.hpp"

namespace meridian::model {

/// TS 23.003 §28.4.2: Slice Differentiator, 24 bits.
using slice_differentiator = strong_id<struct slice_differentiator_tag, std::uint32_t, 24>;

/// TS 23.003 §28.4.2 (TS 23.501 §5.15.2.1): S-NSSAI = SST (8 bits) + optional SD.
struct s_nssai {
  std::uint8_t sst_ = 1;  ///< 1 eMBB, 2 URLLC, 3 MIoT, 4 V2X, ... (TS 23.501 §5.15.2.2)
  std::optional<slice_differentiator> sd_;

  /// "1" or "1/010203" (SST in decimal, SD as 6 hex digits as in TS 29.571 Snssai).
  std::string to_string() const;
  /// Parses to_string()'s form; also "1-010203". SST 0..255, SD exactly 6 hex digits.
  static std::optional<s_nssai> parse(std::string_view text) noexcept;

  auto operator<=>(const s_nssai&) const noexcept = default;
};

}  // namespace meridian::model

template <>
struct std::hash<meridian::model::s_nssai> {
  std::size_t operator()(const meridian::model::s_nssai& s) const noexcept {
    return std::hash<std::uint64_t>{}(std::uint64_t{s.sst_} << 32 | (s.sd_ ? (1ull << 24 | s.sd_->value()) : 0));
  }
};
