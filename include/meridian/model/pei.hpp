#pragma once
// The permanent equipment identifier.

#include <array>
#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace meridian::model {

/// TS 23.003 §6.2 and TS 23.501 §5.9.3: PEI as IMEI (15 digits: TAC, SNR and a
/// Luhn check digit) or IMEISV (16 digits: TAC, SNR, 2-digit software version).
/// Text form TS 29.571 Pei: "imei-<15 digits>" or "imeisv-<16 digits>".
class pei {
 public:
  enum class type : std::uint8_t { imei, imeisv };

  /// "imei-..." (whose check digit must be right) or "imeisv-...".
  static std::optional<pei> parse(std::string_view text) noexcept;
  /// An IMEI from its 15 digits; nothing unless they are digits and the check digit is right.
  static std::optional<pei> imei(std::string_view digits) noexcept;
  /// An IMEISV from its 16 digits.
  static std::optional<pei> imeisv(std::string_view digits) noexcept;

  /// TS 23.003 Annex B: the Luhn check digit of the 14 digits TAC+SNR.
  static std::optional<char> luhn_check_digit(std::string_view fourteen_digits) noexcept;

  type kind() const noexcept { return type_; }
  std::string_view digits() const noexcept { return {digits_.data(), type_ == type::imei ? 15u : 16u}; }
  /// TS 23.003 §6.2.1: the Type Allocation Code, the first 8 digits.
  std::string_view tac() const noexcept { return digits().substr(0, 8); }
  std::string to_string() const;

  auto operator<=>(const pei&) const noexcept = default;

 private:
  pei() = default;
  type type_ = type::imei;
  std::array<char, 16> digits_{};
};

}  // namespace meridian::model

template <>
struct std::hash<meridian::model::pei> {
  std::size_t operator()(const meridian::model::pei& p) const noexcept {
    return std::hash<std::string_view>{}(p.digits());
  }
};
