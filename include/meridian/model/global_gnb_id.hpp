#pragma once
// Global gNB identity.

#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "meridian/model/plmn.hpp"

namespace meridian::model {

/// TS 38.413 §9.3.1.6 / TS 23.003 §19.6A: Global gNB ID = PLMN + gNB ID of 22..32 bits.
class global_gnb_id {
 public:
  /// PLMN 001/01, gNB ID 1 in 22 bits.
  constexpr global_gnb_id() noexcept = default;

  /// Nothing unless 22 <= length_bits <= 32 and `id` fits in `length_bits`.
  static constexpr std::optional<global_gnb_id> from(const plmn& p, std::uint32_t id,
                                                     unsigned length_bits) noexcept {
    if (length_bits < 22 || length_bits > 32) return std::nullopt;
    if (length_bits < 32 && id >> length_bits != 0) return std::nullopt;
    global_gnb_id g;
    g.plmn_ = p;
    g.id_ = id;
    g.length_bits_ = static_cast<std::uint8_t>(length_bits);
    return g;
  }

  constexpr const plmn& plmn_id() const noexcept { return plmn_; }
  constexpr std::uint32_t gnb_id() const noexcept { return id_; }
  constexpr unsigned length_bits() const noexcept { return length_bits_; }

  /// "0x000001": the gNB ID alone, in hex.
  std::string id_string() const;
  /// "001/01/000001/22": PLMN, gNB ID in hex, its length in bits.
  std::string to_string() const;
  static std::optional<global_gnb_id> parse(std::string_view text) noexcept;

  constexpr auto operator<=>(const global_gnb_id&) const noexcept = default;

 private:
  plmn plmn_;
  std::uint32_t id_ = 1;
  std::uint8_t length_bits_ = 22;
};

}  // namespace meridian::model

template <>
struct std::hash<meridian::model::global_gnb_id> {
  std::size_t operator()(const meridian::model::global_gnb_id& g) const noexcept {
    return std::hash<meridian::model::plmn>{}(g.plmn_id()) * 31 + (std::size_t{g.gnb_id()} << 6 | g.length_bits());
  }
};
