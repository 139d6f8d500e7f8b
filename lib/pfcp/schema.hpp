#pragma once
// The schema machinery (private to the pfcp module). A message or grouped IE
// declares its IEs once, in schemas.hpp, as a std::tuple of field descriptors
// naming the struct member and whether the IE is mandatory, conditional or
// optional; the member's type says the IE type and how many may appear (T:
// exactly one, std::optional<T>: at most one, std::vector<T>: any number).
// A PFCP IE type codes itself (its ie_type, ie_name, decode and encode); a
// shared identity from `model`, which knows nothing of PFCP, is coded by the
// IE struct that ie_codec names for it (the codec's edge). decode_group/encode_group walk that one list in both directions and
// json.cpp walks it to render.
//
// Decoding rules (TS 29.244 §7.6 and §8.1.1):
//  - IEs may come in any order; the order is kept in layout_.order_;
//  - an IE type not in the list, a vendor-specific IE (type bit 16 set, an
//    Enterprise ID first in the value) and a repetition of an IE that may appear
//    once are skipped and kept in layout_.unknown_ (so re-encoding is exact);
//  - a missing mandatory IE is missing_mandatory_ie naming the IE; the decode
//    context records its type as the Offending IE.

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "meridian/common/byte_reader.hpp"
#include "meridian/common/byte_writer.hpp"
#include "meridian/pfcp/grouped_ies.hpp"

namespace meridian::pfcp::detail {

enum class presence : std::uint8_t { mandatory, conditional, optional };

template <auto Member, presence P>
struct field {
  static constexpr auto member = Member;
  static constexpr presence p = P;
};
template <auto Member>
using M = field<Member, presence::mandatory>;
template <auto Member>
using C = field<Member, presence::conditional>;
template <auto Member>
using O = field<Member, presence::optional>;

/// Specialised in schemas.hpp: `using fields = std::tuple<M<...>, C<...>, ...>;`
template <class T>
struct schema_of;

template <class S, class T>
T member_type_of(T S::*);

enum class multiplicity : std::uint8_t { one, optional, many };
template <class T>
struct slot {
  using value = T;
  static constexpr multiplicity kind = multiplicity::one;
  static std::size_t count(const T&) { return 1; }
  static const T& at(const T& m, std::size_t) { return m; }
  static void put(T& m, T&& v) { m = std::move(v); }
};
template <class T>
struct slot<std::optional<T>> {
  using value = T;
  static constexpr multiplicity kind = multiplicity::optional;
  static std::size_t count(const std::optional<T>& m) { return m ? 1 : 0; }
  static const T& at(const std::optional<T>& m, std::size_t) { return *m; }
  static void put(std::optional<T>& m, T&& v) { m = std::move(v); }
};
template <class T>
struct slot<std::vector<T>> {
  using value = T;
  static constexpr multiplicity kind = multiplicity::many;
  static std::size_t count(const std::vector<T>& m) { return m.size(); }
  static const T& at(const std::vector<T>& m, std::size_t i) { return m[i]; }
  static void put(std::vector<T>& m, T&& v) { m.push_back(std::move(v)); }
};
template <class F>
using slot_t = slot<decltype(member_type_of(F::member))>;
template <class F>
using value_t = typename slot_t<F>::value;

template <class T>
concept grouped_ie = requires {
  T::grouped;
};

/// How a member of type T goes on the wire: by default T itself.
template <class T>
struct ie_codec {
  static constexpr std::uint16_t ie_type = T::ie_type;
  static constexpr std::string_view ie_name = T::ie_name;
  static decode_result<T> decode(byte_reader& r) { return T::decode(r); }
  static void encode(byte_writer& w, const T& v) { v.encode(w); }
};
/// model::s_nssai as IE type 257.
template <>
struct ie_codec<model::s_nssai> : s_nssai_ie {};

template <class S>
using fields_of = typename schema_of<S>::fields;

/// What a failed decode learnt on its way out.
struct decode_ctx {
  std::optional<std::uint16_t> offending_ie_;  ///< innermost IE type that failed or is missing
  bool top_mandatory_ = false;                 ///< the failing top-level IE is mandatory
};

template <class S>
decode_result<S> decode_group(byte_reader& r, decode_ctx& c);

template <class T>
decode_result<T> decode_value(byte_reader& r, decode_ctx& c) {
  if constexpr (grouped_ie<T>) {
    return decode_group<T>(r, c);
  } else {
    auto v = ie_codec<T>::decode(r);
    if (!v) return v;
    // TS 29.244 §8.1.1 leaves room for longer IEs only where the IE says so
    // (flags IEs read all their octets); anything else left over is wrong.
    if (!r.empty()) return std::unexpected(r.error(decode_errc::invalid_length, ie_codec<T>::ie_name));
    return v;
  }
}

template <class S, class... Fs>
decode_result<S> decode_group_impl(byte_reader& r, decode_ctx& c, std::tuple<Fs...>*) {
  S s{};
  std::array<std::uint32_t, sizeof...(Fs)> counts{};
  while (!r.empty()) {
    const std::size_t at = r.offset();
    auto type = r.u16("IE type");
    if (!type) return std::unexpected(type.error());
    auto len = r.u16("IE length");
    if (!len) return std::unexpected(len.error());
    auto value = r.sub(*len, "IE value");
    if (!value) {
      c.offending_ie_ = c.offending_ie_.value_or(*type);
      return std::unexpected(decode_error{decode_errc::invalid_length, at + 2, "IE length"});
    }
    std::optional<std::uint16_t> enterprise;
    if ((*type & 0x8000) != 0) {
      // TS 29.244 §8.1.1: vendor-specific IEs start with the Enterprise ID.
      auto e = value->u16("enterprise ID");
      if (!e) return std::unexpected(decode_error{decode_errc::invalid_length, at + 2, "vendor-specific IE length"});
      enterprise = *e;
    }
    bool matched = false;
    std::optional<decode_error> err;
    auto try_field = [&]<std::size_t I, class F>() {
      using T = value_t<F>;
      if (matched || err || enterprise || ie_codec<T>::ie_type != *type) return;
      if (slot_t<F>::kind != multiplicity::many && counts[I] != 0) return;  // a repetition: kept raw
      matched = true;
      auto v = decode_value<T>(*value, c);
      if (!v) {
        err = v.error();
        if (err->what.empty()) err->what = ie_codec<T>::ie_name;
        if (!c.offending_ie_) c.offending_ie_ = ie_codec<T>::ie_type;
        c.top_mandatory_ = F::p == presence::mandatory;
        return;
      }
      ++counts[I];
      slot_t<F>::put(s.*(F::member), std::move(*v));
    };
    [&]<std::size_t... I>(std::index_sequence<I...>) { (try_field.template operator()<I, Fs>(), ...); }
    (std::index_sequence_for<Fs...>{});
    if (err) return std::unexpected(*err);
    if (!matched) {
      auto rest = value->rest();
      s.layout_.unknown_.push_back(raw_ie{*type, enterprise, {rest.begin(), rest.end()}});
    }
    s.layout_.order_.push_back(*type);
  }
  std::optional<decode_error> missing;
  auto check = [&]<std::size_t I, class F>() {
    if (missing || F::p != presence::mandatory || counts[I] != 0) return;
    missing = decode_error{decode_errc::missing_mandatory_ie, r.offset(), ie_codec<value_t<F>>::ie_name};
    if (!c.offending_ie_) c.offending_ie_ = ie_codec<value_t<F>>::ie_type;
    c.top_mandatory_ = true;
  };
  [&]<std::size_t... I>(std::index_sequence<I...>) { (check.template operator()<I, Fs>(), ...); }
  (std::index_sequence_for<Fs...>{});
  if (missing) return std::unexpected(*missing);
  return s;
}

template <class S>
decode_result<S> decode_group(byte_reader& r, decode_ctx& c) {
  return decode_group_impl<S>(r, c, static_cast<fields_of<S>*>(nullptr));
}

template <class S>
void encode_group(byte_writer& w, const S& s);

template <class T>
void encode_ie(byte_writer& w, const T& v) {
  w.u16(ie_codec<T>::ie_type);
  auto len = w.length(2, ie_codec<T>::ie_name);
  if constexpr (grouped_ie<T>)
    encode_group(w, v);
  else
    ie_codec<T>::encode(w, v);
}

inline void encode_raw(byte_writer& w, const raw_ie& v) {
  w.u16(v.type_);
  auto len = w.length(2, "IE");
  if (v.enterprise_id_) w.u16(*v.enterprise_id_);
  w.bytes(v.value_);
}

template <class S, class... Fs>
void encode_group_impl(byte_writer& w, const S& s, std::tuple<Fs...>*) {
  std::array<std::size_t, sizeof...(Fs)> used{};
  std::size_t unknown_used = 0;
  const auto& unknown = s.layout_.unknown_;
  // First the IEs in the order they were received (or set by the caller).
  for (std::uint16_t t : s.layout_.order_) {
    bool done = false;
    auto one = [&]<std::size_t I, class F>() {
      const auto& m = s.*(F::member);
      if (done || ie_codec<value_t<F>>::ie_type != t || used[I] >= slot_t<F>::count(m)) return;
      encode_ie(w, slot_t<F>::at(m, used[I]++));
      done = true;
    };
    [&]<std::size_t... I>(std::index_sequence<I...>) { (one.template operator()<I, Fs>(), ...); }
    (std::index_sequence_for<Fs...>{});
    if (!done && unknown_used < unknown.size() && unknown[unknown_used].type_ == t)
      encode_raw(w, unknown[unknown_used++]);
  }
  // Then whatever the order list did not name, in schema order.
  auto rest = [&]<std::size_t I, class F>() {
    const auto& m = s.*(F::member);
    if (F::p == presence::mandatory && slot_t<F>::count(m) == 0)
      w.fail({encode_errc::missing_field, ie_codec<value_t<F>>::ie_name});
    for (std::size_t i = used[I]; i < slot_t<F>::count(m); ++i) encode_ie(w, slot_t<F>::at(m, i));
  };
  [&]<std::size_t... I>(std::index_sequence<I...>) { (rest.template operator()<I, Fs>(), ...); }
  (std::index_sequence_for<Fs...>{});
  for (; unknown_used < unknown.size(); ++unknown_used) encode_raw(w, unknown[unknown_used]);
}

template <class S>
void encode_group(byte_writer& w, const S& s) {
  encode_group_impl(w, s, static_cast<fields_of<S>*>(nullptr));
}

}  // namespace meridian::pfcp::detail
