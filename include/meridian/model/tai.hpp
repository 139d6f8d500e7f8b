#pragma once
// Tracking area identity.

#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "meridian/common/strong_id.hpp"
#include "meridian/model/plmn.hpp"

namespace meridian::model {

/// TS 23.003 §19.4.2.3: 5GS Tracking Area Code, 24 bits.
using tac = strong_id<struct tac_tag, std::uint32_t, 24>;

/// TS 23.003 §19.4.2.3: Tracking Area Identity = PLMN + TAC.
struct tai {
  plmn plmn_;
  tac tac_;

  /// "001/01/000001": PLMN, then the TAC as 6 hex digits (TS 29.571 Tac).
  std::string to_string() const;
  /// Parses to_string()'s form; the PLMN part as plmn::parse reads it.
  static std::optional<tai> parse(std::string_view text) noexcept;

  auto operator<=>(const tai&) const noexcept = default;
};

}  // namespace meridian::model

template <>
struct std::hash<meridian::model::tai> {
  std::size_t operator()(const meridian::model::tai& t) const noexcept {
    return std::hash<meridian::model::plmn>{}(t.plmn_) * 31 + t.tac_.value();
  }
};
