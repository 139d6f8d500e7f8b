#pragma once
// The JSON string of every SBI enumeration, in one table per enum, so that the
// (de)serialisation of issue 19 is a lookup and a test can compare each table
// with the OpenAPI file it comes from.
//
// An enum opts in by declaring, in its own namespace,
//   constexpr std::span<const sbi::enum_string<E>> enum_strings(E) noexcept;
// which ADL finds from sbi::to_string / sbi::from_string.

#include <concepts>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>

namespace meridian::sbi {

/// One enumerator and the exact string the OpenAPI schema gives it.
template <class E>
struct enum_string {
  E value_{};
  std::string_view text_{};
};

template <class E>
concept sbi_enum = std::is_enum_v<E> && requires(E e) {
  { enum_strings(e) } -> std::convertible_to<std::span<const enum_string<E>>>;
};

/// The schema's string for `v`; empty only if `v` is not a declared enumerator
/// (a value cast from an integer), which no table lookup can name.
template <sbi_enum E>
constexpr std::string_view to_string(E v) noexcept {
  for (const auto& e : enum_strings(E{})) {
    if (e.value_ == v) return e.text_;
  }
  return {};
}

/// The enumerator whose schema string is exactly `text` (case-sensitive, as
/// JSON is), or nothing: a peer's unknown value is the caller's to answer.
template <sbi_enum E>
constexpr std::optional<E> from_string(std::string_view text) noexcept {
  for (const auto& e : enum_strings(E{})) {
    if (e.text_ == text) return e.value_;
  }
  return std::nullopt;
}

}  // namespace meridian::sbi
