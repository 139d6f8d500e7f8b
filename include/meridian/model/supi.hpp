#pragma once
// The subscription permanent identifier.

#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace meridian::model {

/// TS 23.003 §2.2A: a Subscription Permanent Identifier, "imsi-<digits>" or
/// "nai-<user@realm>" (TS 29.571 Supi). Sensitive: log it only at debug level.
class supi {
 public:
  enum class type : std::uint8_t { imsi, nai };

  /// Parses the TS 29.571 string form; an IMSI has 5..15 digits, an NAI is
  /// user@realm of at most 253 octets without whitespace.
  static std::optional<supi> parse(std::string_view text);

  type kind() const noexcept { return type_; }
  /// The part after the "imsi-" / "nai-" prefix.
  std::string_view value() const noexcept { return value_; }
  std::string to_string() const;
  auto operator<=>(const supi&) const = default;

 private:
  supi(type t, std::string v) : type_(t), value_(std::move(v)) {}
  type type_ = type::imsi;
  std::string value_;
};

}  // namespace meridian::model

template <>
struct std::hash<meridian::model::supi> {
  std::size_t operator()(const meridian::model::supi& s) const noexcept {
    return std::hash<std::string_view>{}(s.value()) ^ static_cast<std::size_t>(s.kind());
  }
};
