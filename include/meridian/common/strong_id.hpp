#pragma once
// Strong types for protocol identifiers, so an AMF UE NGAP ID can never be passed
// where a TEID is expected, and a value wider than the specification allows can
// never be built from wire data.

#include <compare>
#include <cstdint>
#include <functional>
#include <optional>

namespace meridian {

template <class Tag, class Rep, unsigned Bits = sizeof(Rep) * 8, Rep Min = 0>
class strong_id {
  static_assert(Bits >= 1 && Bits <= sizeof(Rep) * 8);

 public:
  using rep = Rep;
  static constexpr unsigned bits = Bits;
  static constexpr Rep min_value = Min;
  static constexpr Rep max_value =
      Bits == sizeof(Rep) * 8 ? static_cast<Rep>(~Rep{0}) : static_cast<Rep>((Rep{1} << Bits) - 1);

  constexpr strong_id() noexcept = default;

  /// The identifier for `v`, or nothing when `v` is outside the specification's range.
  static constexpr std::optional<strong_id> from(std::uint64_t v) noexcept {
    if (v < Min || v > max_value) return std::nullopt;
    return strong_id(static_cast<Rep>(v));
  }

  /// For constants known to be in range; a wrong constant fails to compile in
  /// constant evaluation and is clamped nowhere.
  static consteval strong_id literal(std::uint64_t v) {
    if (v < Min || v > max_value) throw "identifier constant out of range";
    return strong_id(static_cast<Rep>(v));
  }

  constexpr Rep value() const noexcept { return value_; }
  constexpr auto operator<=>(const strong_id&) const noexcept = default;

 private:
  constexpr explicit strong_id(Rep v) noexcept : value_(v) {}
  Rep value_ = Min;
};

/// TS 29.281 §5.1: Tunnel Endpoint Identifier
using teid = strong_id<struct teid_tag, std::uint32_t>;
/// TS 29.244 §5.6: Session Endpoint Identifier
using seid = strong_id<struct seid_tag, std::uint64_t>;
/// TS 23.501 §5.7.1.1: QoS Flow Identifier, 6 bits. Here rather than in model
/// because the user-plane codecs and the UPF carry it in every packet; model
/// names the same type model::qfi.
using qfi = strong_id<struct qfi_tag, std::uint8_t, 6>;

// The 5G identities of the control plane (NGAP UE ids, PDU session id, SUPI,
// PLMN, ...) live in the model module: include/meridian/model/.

}  // namespace meridian

template <class Tag, class Rep, unsigned Bits, Rep Min>
struct std::hash<meridian::strong_id<Tag, Rep, Bits, Min>> {
  std::size_t operator()(const meridian::strong_id<Tag, Rep, Bits, Min>& id) const noexcept {
    return std::hash<Rep>{}(id.value());
  }
};
