#pragma once
// The message schema machinery (private to the nas module). A message's schema
// is a std::tuple of field descriptors, one per IE in the order of the
// specification's message table, each naming the struct member, the IE format
// (TS 24.007 §11.2.1.1: V, LV, LV-E, TV, TLV, TLV-E), the IEI and the length
// limits of the value part. message_codec<> walks that one list to decode and
// to encode; json.cpp walks it to render. Nothing about a message is written
// twice.
//
// Non-imperative part rules (TS 24.007 §11.2.4, TS 24.501 §7.6):
//  - optional IEs are accepted in any order; the order received is kept in the
//    message's ie_order_ so that re-encoding is byte-identical;
//  - an unknown IEI is skipped (type 1/2 when bit 8 is set: one octet; IEI
//    0x7X: TLV-E; otherwise TLV), except that an unknown IEI whose bits 8..5
//    are 0000 is "comprehension required" and rejects the message (#96);
//  - a repeated IE is an error naming the IE and its offset (stricter than
//    §7.6.3, which lets a receiver ignore repetitions);
//  - a length outside the table's limits is an error naming the IE.

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>

#include "meridian/common/byte_reader.hpp"
#include "meridian/common/byte_writer.hpp"
#include "meridian/common/result.hpp"
#include "meridian/nas/ies.hpp"

namespace meridian::nas::detail {

template <std::size_t N>
struct fixed_string {
  char s_[N]{};
  constexpr fixed_string(const char (&in)[N]) {  // NOLINT: implicit by design
    for (std::size_t i = 0; i < N; ++i) s_[i] = in[i];
  }
  constexpr std::string_view view() const { return {s_, N - 1}; }
};

enum class ie_format : std::uint8_t { v, v_half, spare_half, lv, lv_e, tv1, tv, tlv, tlv_e };

template <ie_format F, fixed_string Name, auto Member, std::uint8_t Iei, std::size_t Min, std::size_t Max>
struct field {
  static constexpr ie_format format = F;
  static constexpr std::string_view name = Name.view();
  static constexpr auto member = Member;
  static constexpr std::uint8_t iei = Iei;     ///< full IEI, or the high nibble for TV1
  static constexpr std::size_t min_len = Min;  ///< of the value part
  static constexpr std::size_t max_len = Max;
  static constexpr bool is_optional =
      F == ie_format::tv1 || F == ie_format::tv || F == ie_format::tlv || F == ie_format::tlv_e;
  static constexpr bool is_half = F == ie_format::v_half || F == ie_format::spare_half;
};

/// "n" in the specification's length column.
inline constexpr std::size_t n = 1'000'000;
constexpr std::size_t cap(std::size_t total, std::size_t overhead, std::size_t limit) {
  return total >= n ? limit : total - overhead;
}

// The descriptors, with the lengths of the specification's tables (total IE
// length including IEI and length octets) converted to value-part lengths.
template <fixed_string Name, auto M, std::size_t Len>
using V = field<ie_format::v, Name, M, 0, Len, Len>;
template <fixed_string Name, auto M>
using H = field<ie_format::v_half, Name, M, 0, 0, 0>;
using spare_h = field<ie_format::spare_half, "spare half octet", nullptr, 0, 0, 0>;
template <fixed_string Name, auto M, std::size_t MinT, std::size_t MaxT>
using LV = field<ie_format::lv, Name, M, 0, MinT - 1, cap(MaxT, 1, 255)>;
template <fixed_string Name, auto M, std::size_t MinT, std::size_t MaxT>
using LVE = field<ie_format::lv_e, Name, M, 0, MinT - 2, cap(MaxT, 2, 65535)>;
template <fixed_string Name, auto M, std::uint8_t IeiNibble>
using TV1 = field<ie_format::tv1, Name, M, IeiNibble, 0, 0>;
template <fixed_string Name, auto M, std::uint8_t Iei, std::size_t T>
using TV = field<ie_format::tv, Name, M, Iei, T - 1, T - 1>;
template <fixed_string Name, auto M, std::uint8_t Iei, std::size_t MinT, std::size_t MaxT>
using TLV = field<ie_format::tlv, Name, M, Iei, MinT - 2, cap(MaxT, 2, 255)>;
template <fixed_string Name, auto M, std::uint8_t Iei, std::size_t MinT, std::size_t MaxT>
using TLVE = field<ie_format::tlv_e, Name, M, Iei, MinT - 3, cap(MaxT, 3, 65535)>;

/// Specialised per message in schemas_5gmm.hpp / schemas_5gsm.hpp:
///   static constexpr std::string_view name; using fields = std::tuple<...>;
template <class Msg>
struct schema_of;

// Opens a schema_of<> specialisation; the schema files close it with "};".
#define MERIDIAN_NAS_SCHEMA(msg, text) \
  template <>                          \
  struct schema_of<msg> {              \
    using m = msg;                     \
    static constexpr std::string_view name = text;

template <class C, class T>
T member_type_of(T C::*);
template <class T>
struct unwrap_optional {
  using type = T;
};
template <class T>
struct unwrap_optional<std::optional<T>> {
  using type = T;
};
template <class F>
using value_t = typename unwrap_optional<decltype(member_type_of(F::member))>::type;

// ---- value codecs ------------------------------------------------------------

template <class T>
struct ie_codec {
  static decode_result<T> decode(byte_reader& r) { return T::decode(r); }
  static void encode(byte_writer& w, const T& v) { v.encode(w); }
};
/// TS 24.501 §9.11.3.8: the TAI IE's value is the model TAI.
template <>
struct ie_codec<model::tai> {
  static decode_result<model::tai> decode(byte_reader& r) { return decode_tai(r); }
  static void encode(byte_writer& w, const model::tai& v) { encode_tai(w, v); }
};
template <>
struct ie_codec<std::uint8_t> {
  static decode_result<std::uint8_t> decode(byte_reader& r) { return r.u8(); }
  static void encode(byte_writer& w, std::uint8_t v) { w.u8(v); }
};
template <std::size_t N>
struct ie_codec<std::array<std::uint8_t, N>> {
  static decode_result<std::array<std::uint8_t, N>> decode(byte_reader& r) {
    auto b = r.bytes(N);
    if (!b) return std::unexpected(b.error());
    std::array<std::uint8_t, N> a{};
    for (std::size_t i = 0; i < N; ++i) a[i] = (*b)[i];
    return a;
  }
  static void encode(byte_writer& w, const std::array<std::uint8_t, N>& v) { w.bytes(v); }
};
template <class E>
requires std::is_enum_v<E>
struct ie_codec<E> {
  static decode_result<E> decode(byte_reader& r) {
    auto b = r.u8();
    if (!b) return std::unexpected(b.error());
    return static_cast<E>(*b);
  }
  static void encode(byte_writer& w, E v) { w.u8(static_cast<std::uint8_t>(v)); }
};

/// Decodes a value that must fill `sub` exactly.
template <class T>
decode_result<T> decode_exact(byte_reader& sub, std::string_view name) {
  auto v = ie_codec<T>::decode(sub);
  if (!v) {
    auto e = v.error();
    if (e.what.empty()) e.what = name;
    return std::unexpected(e);
  }
  if (!sub.empty()) return std::unexpected(sub.error(decode_errc::invalid_length, name));
  return v;
}

// ---- the message codec -------------------------------------------------------

template <class Msg, class Fields = typename schema_of<Msg>::fields>
struct message_codec;

// A schema must fit ie_order's octet indexes, and its half-octet fields must pair up.
template <class Msg, class... Fs>
requires(sizeof...(Fs) < 256 &&
         ((Fs::is_half ? 1 : 0) + ... + 0) % 2 == 0) struct message_codec<Msg, std::tuple<Fs...>> {
  static constexpr std::size_t count = sizeof...(Fs);

  struct state {
    int pending_half = -1;  // the high nibble still to be handed out
    std::optional<decode_error> err;
    std::array<bool, count> seen{};
  };

  static decode_result<Msg> decode(byte_reader& r) {
    Msg m{};
    state s;
    [&]<std::size_t... I>(std::index_sequence<I...>) { ((s.err ? void() : decode_mandatory<Fs>(r, m, s)), ...); }
    (std::index_sequence_for<Fs...>{});
    if (s.err) return std::unexpected(*s.err);
    while (!r.empty() && !s.err) {
      const std::size_t at = r.offset();
      const std::uint8_t iei = *r.peek_u8();
      bool matched = [&]<std::size_t... I>(std::index_sequence<I...>) {
        return (try_optional<I, Fs>(iei, false, r, m, s) || ...);
      }
      (std::index_sequence_for<Fs...>{});
      if (!matched && (iei & 0x80) != 0) {
        matched = [&]<std::size_t... I>(std::index_sequence<I...>) {
          return (try_optional<I, Fs>(iei, true, r, m, s) || ...);
        }
        (std::index_sequence_for<Fs...>{});
      }
      if (!matched) skip_unknown(iei, at, r, s);
    }
    if (s.err) return std::unexpected(*s.err);
    return m;
  }

  static void encode(byte_writer& w, const Msg& m) {
    [[maybe_unused]] int pending = -1;
    [[maybe_unused]] std::size_t pending_pos = 0;
    (encode_mandatory<Fs>(w, m, pending, pending_pos), ...);
    std::array<bool, count> done{};
    for (std::uint8_t idx : m.ie_order_.fields_) {
      if (idx >= count || done[idx]) continue;
      done[idx] = true;
      [&]<std::size_t... I>(std::index_sequence<I...>) { ((I == idx ? encode_optional<Fs>(w, m) : void()), ...); }
      (std::index_sequence_for<Fs...>{});
    }
    [&]<std::size_t... I>(std::index_sequence<I...>) { ((done[I] ? void() : encode_optional<Fs>(w, m)), ...); }
    (std::index_sequence_for<Fs...>{});
  }

 private:
  static void skip_unknown(std::uint8_t iei, std::size_t at, byte_reader& r, state& s) {
    if ((iei & 0xf0) == 0) {
      s.err = decode_error{decode_errc::unknown_type, at, "comprehension-required IE"};
      return;
    }
    (void)r.u8();
    if ((iei & 0x80) != 0) return;  // type 1 or type 2: one octet
    std::size_t len = 0;
    if ((iei & 0xf0) == 0x70) {
      auto l = r.u16("unknown TLV-E IE");
      if (!l) {
        s.err = l.error();
        return;
      }
      len = *l;
    } else {
      auto l = r.u8("unknown TLV IE");
      if (!l) {
        s.err = l.error();
        return;
      }
      len = *l;
    }
    auto sk = r.skip(len, "unknown IE");
    if (!sk) s.err = sk.error();
  }

  template <class F>
  static void decode_mandatory(byte_reader& r, Msg& m, state& s) {
    if constexpr (F::format == ie_format::v_half || F::format == ie_format::spare_half) {
      std::uint8_t nibble = 0;
      if (s.pending_half < 0) {
        auto b = r.u8(F::name);
        if (!b) {
          s.err = b.error();
          return;
        }
        nibble = *b & 0x0f;
        s.pending_half = *b >> 4;
      } else {
        nibble = static_cast<std::uint8_t>(s.pending_half);
        s.pending_half = -1;
      }
      if constexpr (F::format == ie_format::v_half) m.*F::member = value_t<F>::from_nibble(nibble);
    } else if constexpr (F::format == ie_format::v) {
      auto sub = r.sub(F::min_len, F::name);
      if (!sub) {
        s.err = sub.error();
        return;
      }
      store<F>(decode_exact<value_t<F>>(*sub, F::name), m, s);
    } else if constexpr (F::format == ie_format::lv || F::format == ie_format::lv_e) {
      decode_length_value<F, F::format == ie_format::lv ? 1 : 2>(r, m, s);
    }
  }

  template <class F>
  static void store(decode_result<value_t<F>>&& v, Msg& m, state& s) {
    if (!v) {
      s.err = v.error();
      return;
    }
    m.*F::member = std::move(*v);
  }

  template <class F, int Width>
  static void decode_length_value(byte_reader& r, Msg& m, state& s) {
    const std::size_t len_at = r.offset();
    std::size_t len = 0;
    if constexpr (Width == 1) {
      auto l = r.u8(F::name);
      if (!l) {
        s.err = l.error();
        return;
      }
      len = *l;
    } else {
      auto l = r.u16(F::name);
      if (!l) {
        s.err = l.error();
        return;
      }
      len = *l;
    }
    if (len < F::min_len || len > F::max_len) {
      s.err = decode_error{decode_errc::invalid_length, len_at, F::name};
      return;
    }
    auto sub = r.sub(len, F::name);
    if (!sub) {
      s.err = sub.error();
      return;
    }
    store<F>(decode_exact<value_t<F>>(*sub, F::name), m, s);
  }

  template <std::size_t I, class F>
  static bool try_optional(std::uint8_t iei, bool half_pass, byte_reader& r, Msg& m, state& s) {
    if constexpr (!F::is_optional) {
      return false;
    } else {
      if constexpr (F::format == ie_format::tv1) {
        if (!half_pass || (iei >> 4) != F::iei) return false;
      } else {
        if (half_pass || iei != F::iei) return false;
      }
      if (s.seen[I]) {
        s.err = decode_error{decode_errc::duplicate_ie, r.offset(), F::name};
        return true;
      }
      s.seen[I] = true;
      m.ie_order_.fields_.push_back(static_cast<std::uint8_t>(I));
      if constexpr (F::format == ie_format::tv1) {
        (void)r.u8();
        m.*F::member = value_t<F>::from_nibble(iei & 0x0f);
      } else if constexpr (F::format == ie_format::tv) {
        (void)r.u8();
        auto sub = r.sub(F::min_len, F::name);
        if (!sub) {
          s.err = sub.error();
          return true;
        }
        store<F>(decode_exact<value_t<F>>(*sub, F::name), m, s);
      } else {
        (void)r.u8();
        decode_length_value<F, F::format == ie_format::tlv ? 1 : 2>(r, m, s);
      }
      return true;
    }
  }

  template <class F>
  static void encode_mandatory(byte_writer& w, const Msg& m, int& pending, std::size_t& pending_pos) {
    if constexpr (F::is_half) {
      std::uint8_t nibble = 0;
      if constexpr (F::format == ie_format::v_half) nibble = (m.*F::member).to_nibble() & 0x0f;
      if (pending < 0) {
        pending_pos = w.size();
        w.u8(nibble);
        pending = 1;
      } else {
        w.patch_uint_be(pending_pos, w.data()[pending_pos] | (nibble << 4), 1);
        pending = -1;
      }
    } else if constexpr (F::format == ie_format::v) {
      const std::size_t before = w.size();
      ie_codec<value_t<F>>::encode(w, m.*F::member);
      check_size<F>(w, w.size() - before);
    } else if constexpr (F::format == ie_format::lv) {
      encode_length_value<F, 1>(w, m.*F::member);
    } else if constexpr (F::format == ie_format::lv_e) {
      encode_length_value<F, 2>(w, m.*F::member);
    }
  }

  template <class F>
  static void check_size(byte_writer& w, std::size_t n) {
    if (n < F::min_len || n > F::max_len) w.fail({encode_errc::value_out_of_range, F::name});
  }

  template <class F, int Width>
  static void encode_length_value(byte_writer& w, const value_t<F>& v) {
    auto len = w.length(Width, F::name);
    const std::size_t before = w.size();
    ie_codec<value_t<F>>::encode(w, v);
    check_size<F>(w, w.size() - before);
    len.close();
  }

  template <class F>
  static void encode_optional(byte_writer& w, const Msg& m) {
    if constexpr (F::is_optional) {
      const auto& opt = m.*F::member;
      if (!opt) return;
      if constexpr (F::format == ie_format::tv1) {
        w.u8(static_cast<std::uint8_t>((F::iei << 4) | (opt->to_nibble() & 0x0f)));
      } else if constexpr (F::format == ie_format::tv) {
        w.u8(F::iei);
        const std::size_t before = w.size();
        ie_codec<value_t<F>>::encode(w, *opt);
        check_size<F>(w, w.size() - before);
      } else {
        w.u8(F::iei);
        encode_length_value<F, F::format == ie_format::tlv ? 1 : 2>(w, *opt);
      }
    }
  }
};

/// Decodes the message whose type octet is `type` among a variant's alternatives.
template <class Variant>
decode_result<Variant> decode_by_type(std::uint8_t type, byte_reader& r, std::size_t type_offset) {
  std::optional<decode_result<Variant>> out;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (void)((std::variant_alternative_t<I, Variant>::message_type == type
                ? (out.emplace([&]() -> decode_result<Variant> {
                    using alt = std::variant_alternative_t<I, Variant>;
                    auto m = message_codec<alt>::decode(r);
                    if (!m) return std::unexpected(m.error());
                    return Variant(std::in_place_index<I>, std::move(*m));
                  }()),
                   true)
                : false) ||
           ...);
  }
  (std::make_index_sequence<std::variant_size_v<Variant>>{});
  if (!out) return std::unexpected(decode_error{decode_errc::unknown_type, type_offset, "message type"});
  return std::move(*out);
}

template <class Variant>
void encode_variant(byte_writer& w, const Variant& v) {
  std::visit(
      [&](const auto& m) {
        using alt = std::decay_t<decltype(m)>;
        w.u8(alt::message_type);
        message_codec<alt>::encode(w, m);
      },
      v);
}

template <class Variant>
std::string_view variant_name(const Variant& v) {
  return std::visit([](const auto& m) { return schema_of<std::decay_t<decltype(m)>>::name; }, v);
}

}  // namespace meridian::nas::detail
