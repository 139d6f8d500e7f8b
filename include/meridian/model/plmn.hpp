#pragma once
// The PLMN identity: MCC and MNC as decimal digits, held in fixed-size storage
// (no heap) so that codecs can build and compare PLMNs without allocating.

#include <array>
#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace meridian::model {

/// TS 23.003 §2.2: PLMN identity = MCC (3 digits) + MNC (2 or 3 digits).
class plmn {
 public:
  /// 001/01, the test PLMN of TS 23.003 §2.2 (and every option's default).
  constexpr plmn() noexcept = default;

  /// The PLMN of these digit strings, or nothing unless the MCC has 3 decimal
  /// digits and the MNC 2 or 3.
  static constexpr std::optional<plmn> from_digits(std::string_view mcc, std::string_view mnc) noexcept {
    if (mcc.size() != 3 || mnc.size() < 2 || mnc.size() > 3) return std::nullopt;
    plmn p;
    p.mnc_length_ = static_cast<std::uint8_t>(mnc.size());
    p.digits_ = {'0', '0', '0', '0', '0', '0'};
    for (std::size_t i = 0; i < 3; ++i) {
      if (mcc[i] < '0' || mcc[i] > '9') return std::nullopt;
      p.digits_[i] = mcc[i];
    }
    for (std::size_t i = 0; i < mnc.size(); ++i) {
      if (mnc[i] < '0' || mnc[i] > '9') return std::nullopt;
      p.digits_[3 + i] = mnc[i];
    }
    return p;
  }

  /// "001/01" or "001/001"; also "00101" / "001001" (MCC then a 2- or 3-digit
  /// MNC; only the slash makes a 3-digit MNC unambiguous to a reader).
  static std::optional<plmn> parse(std::string_view text) noexcept;

  /// TS 24.008 §10.5.1.13 (also TS 38.413 §9.3.3.5): the 3 octets
  /// MCC2|MCC1, MNC3|MCC3, MNC2|MNC1, with filler F for MNC3 of a 2-digit MNC.
  std::array<std::uint8_t, 3> to_bcd() const noexcept;
  /// The PLMN of 3 BCD octets, or nothing for another length, a digit above 9, or
  /// an F anywhere but the MNC's third digit. Never throws.
  static std::optional<plmn> from_bcd(std::span<const std::uint8_t> octets) noexcept;

  constexpr std::string_view mcc() const noexcept { return {digits_.data(), 3}; }
  constexpr std::string_view mnc() const noexcept { return {digits_.data() + 3, mnc_length_}; }
  /// The MCC and MNC digits run together ("00101"), as they begin an IMSI.
  constexpr std::string_view digits() const noexcept { return {digits_.data(), 3u + mnc_length_}; }
  constexpr unsigned mnc_length() const noexcept { return mnc_length_; }

  /// "001/01"
  std::string to_string() const;

  constexpr auto operator<=>(const plmn&) const noexcept = default;

 private:
  // MCC then MNC digits as characters; a third MNC digit slot holds '0' when the
  // MNC has 2 digits, so that the defaulted comparison is exact.
  std::array<char, 6> digits_{'0', '0', '1', '0', '1', '0'};
  std::uint8_t mnc_length_ = 2;
};

}  // namespace meridian::model

template <>
struct std::hash<meridian::model::plmn> {
  std::size_t operator()(const meridian::model::plmn& p) const noexcept {
    return std::hash<std::string_view>{}(p.digits());
  }
};
