#pragma once
// Globally unique AMF identifier.

#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "meridian/common/strong_id.hpp"
#include "meridian/model/plmn.hpp"

namespace meridian::model {

/// TS 23.003 §2.10.1: AMF Region ID, 8 bits.
using amf_region_id = strong_id<struct amf_region_id_tag, std::uint8_t, 8>;
/// TS 23.003 §2.10.1: AMF Set ID, 10 bits.
using amf_set_id = strong_id<struct amf_set_id_tag, std::uint16_t, 10>;
/// TS 23.003 §2.10.1: AMF Pointer, 6 bits.
using amf_pointer = strong_id<struct amf_pointer_tag, std::uint8_t, 6>;

/// TS 23.003 §2.10.1: AMF Identifier = AMF Region ID + AMF Set ID + AMF Pointer (24 bits).
struct amf_identifier {
  amf_region_id region_ = amf_region_id::literal(1);
  amf_set_id set_ = amf_set_id::literal(1);
  amf_pointer pointer_;

  /// The 24 bits region|set|pointer, as TS 29.571 AmfId writes them in 6 hex digits.
  constexpr std::uint32_t to_uint() const noexcept {
    return std::uint32_t{region_.value()} << 16 | std::uint32_t{set_.value()} << 6 | pointer_.value();
  }
  static constexpr amf_identifier from_uint(std::uint32_t v) noexcept {
    return {*amf_region_id::from(v >> 16 & 0xFF), *amf_set_id::from(v >> 6 & 0x3FF), *amf_pointer::from(v & 0x3F)};
  }
  /// "010040": 6 hex digits (TS 29.571 AmfId).
  std::string to_string() const;
  static std::optional<amf_identifier> parse(std::string_view text) noexcept;

  auto operator<=>(const amf_identifier&) const noexcept = default;
};

/// TS 23.003 §2.10.1: GUAMI = PLMN + AMF Identifier.
struct guami {
  plmn plmn_;
  amf_identifier amf_id_;

  /// "001/01/010040": PLMN, then the AMF Identifier in 6 hex digits.
  std::string to_string() const;
  static std::optional<guami> parse(std::string_view text) noexcept;

  auto operator<=>(const guami&) const noexcept = default;
};

}  // namespace meridian::model

template <>
struct std::hash<meridian::model::amf_identifier> {
  std::size_t operator()(const meridian::model::amf_identifier& a) const noexcept { return a.to_uint(); }
};
template <>
struct std::hash<meridian::model::guami> {
  std::size_t operator()(const meridian::model::guami& g) const noexcept {
    return std::hash<meridian::model::plmn>{}(g.plmn_) * 31 + g.amf_id_.to_uint();
  }
};
