#pragma once
// NR cell global identity.

#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "meridian/common/strong_id.hpp"
#include "meridian/model/plmn.hpp"

namespace meridian::model {

/// TS 38.413 §9.3.1.7 (TS 23.003 §19.6A): NR Cell Identity, 36 bits (gNB ID in
/// the leftmost 22..32 bits, the cell within the gNB in the rest).
using nr_cell_identity = strong_id<struct nr_cell_identity_tag, std::uint64_t, 36>;

/// TS 23.003 §19.6A: NR Cell Global Identity = PLMN + NR Cell Identity.
struct ncgi {
  plmn plmn_;
  nr_cell_identity nci_;

  /// "001/01/000000001": PLMN, then the NCI as 9 hex digits (TS 29.571 NrCellId).
  std::string to_string() const;
  static std::optional<ncgi> parse(std::string_view text) noexcept;

  auto operator<=>(const ncgi&) const noexcept = default;
};

}  // namespace meridian::model

template <>
struct std::hash<meridian::model::ncgi> {
  std::size_t operator()(const meridian::model::ncgi& c) const noexcept {
    return std::hash<meridian::model::plmn>{}(c.plmn_) * 31 + std::hash<std::uint64_t>{}(c.nci_.value());
  }
};
