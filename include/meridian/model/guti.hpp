#pragma once
// Temporary UE identities assigned by the AMF.

#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "meridian/common/strong_id.hpp"
#include "meridian/model/guami.hpp"

namespace meridian::model {

/// TS 23.003 §2.10.1: 5G-TMSI, 32 bits.
using tmsi_5g = strong_id<struct tmsi_5g_tag, std::uint32_t>;

/// TS 23.003 §2.10.1: 5G-GUTI = GUAMI + 5G-TMSI.
struct guti_5g {
  guami guami_;
  tmsi_5g tmsi_;

  /// "5g-guti-00101010040c0000001": MCC, MNC, AMF Identifier (6 hex) and 5G-TMSI
  /// (8 hex), the UE context id form of TS 29.518 §6.1.3.2.2 (UeContextId).
  std::string to_string() const;
  /// Parses to_string()'s form. The MNC length is read from the total length
  /// (19 or 20 characters after the prefix).
  static std::optional<guti_5g> parse(std::string_view text) noexcept;

  auto operator<=>(const guti_5g&) const noexcept = default;
};

/// TS 23.003 §2.10.1: 5G-S-TMSI = AMF Set ID + AMF Pointer + 5G-TMSI (48 bits).
struct s_tmsi_5g {
  amf_set_id set_;
  amf_pointer pointer_;
  tmsi_5g tmsi_;

  /// The 5G-S-TMSI of a 5G-GUTI (TS 23.003 §2.10.1 drops the PLMN and region).
  static constexpr s_tmsi_5g of(const guti_5g& g) noexcept {
    return {g.guami_.amf_id_.set_, g.guami_.amf_id_.pointer_, g.tmsi_};
  }
  /// The 48 bits set|pointer|TMSI.
  constexpr std::uint64_t to_uint() const noexcept {
    return std::uint64_t{set_.value()} << 38 | std::uint64_t{pointer_.value()} << 32 | tmsi_.value();
  }
  /// "0040c0000001": the 48 bits in 12 hex digits.
  std::string to_string() const;
  static std::optional<s_tmsi_5g> parse(std::string_view text) noexcept;

  auto operator<=>(const s_tmsi_5g&) const noexcept = default;
};

}  // namespace meridian::model

template <>
struct std::hash<meridian::model::guti_5g> {
  std::size_t operator()(const meridian::model::guti_5g& g) const noexcept {
    return std::hash<meridian::model::guami>{}(g.guami_) * 31 + g.tmsi_.value();
  }
};
template <>
struct std::hash<meridian::model::s_tmsi_5g> {
  std::size_t operator()(const meridian::model::s_tmsi_5g& s) const noexcept {
    return std::hash<std::uint64_t>{}(s.to_uint());
  }
};
