#pragma once
// The GTP-U IE codecs and the per-message IE lists (private to gtpu). Each
// message's IEs are declared once, in schema_of<>, and that list drives decode,
// encode and JSON; each IE's wire format is declared once, in ie_codec<>.

#include <cstdint>
#include <optional>
#include <string_view>
#include <tuple>

#include "meridian/common/byte_reader.hpp"
#include "meridian/common/byte_writer.hpp"
#include "meridian/gtpu/messages.hpp"

namespace meridian::gtpu::detail {

/// TS 29.281 §8.1: TV IEs (type < 128) have a fixed length known from the
/// type; TLV IEs (type >= 128) carry a two-octet length, except the Extension
/// Header Type List, whose length is one octet (§8.5).
enum class ie_format : std::uint8_t { tv, tlv, tlv1 };

template <class T>
struct ie_codec;

/// TS 29.281 §8.2
template <>
struct ie_codec<recovery> {
  static constexpr std::uint8_t type = 14;
  static constexpr std::string_view name = "recovery";
  static constexpr ie_format format = ie_format::tv;
  static constexpr std::size_t tv_length = 1;
  static decode_result<recovery> decode(byte_reader& r) {
    auto v = r.u8(name);
    if (!v) return std::unexpected(v.error());
    return recovery{*v};
  }
  static void encode(byte_writer& w, const recovery& v) { w.u8(v.restart_counter_); }
};

/// TS 29.281 §8.3
template <>
struct ie_codec<teid_data_i> {
  static constexpr std::uint8_t type = 16;
  static constexpr std::string_view name = "teid_data_i";
  static constexpr ie_format format = ie_format::tv;
  static constexpr std::size_t tv_length = 4;
  static decode_result<teid_data_i> decode(byte_reader& r) {
    auto v = r.u32(name);
    if (!v) return std::unexpected(v.error());
    return teid_data_i{*teid::from(*v)};
  }
  static void encode(byte_writer& w, const teid_data_i& v) { w.u32(v.teid_.value()); }
};

/// TS 29.281 §8.4
template <>
struct ie_codec<gtp_u_peer_address> {
  static constexpr std::uint8_t type = 133;
  static constexpr std::string_view name = "gtp_u_peer_address";
  static constexpr ie_format format = ie_format::tlv;
  static decode_result<gtp_u_peer_address> decode(byte_reader& r) {
    if (r.remaining() != 4 && r.remaining() != 16) return std::unexpected(r.error(decode_errc::invalid_length, name));
    auto b = r.rest();
    return gtp_u_peer_address{{b.begin(), b.end()}};
  }
  static void encode(byte_writer& w, const gtp_u_peer_address& v) {
    if (v.address_.size() != 4 && v.address_.size() != 16) w.fail({encode_errc::invalid_argument, name});
    w.bytes(v.address_);
  }
};

/// TS 29.281 §8.5
template <>
struct ie_codec<extension_header_type_list> {
  static constexpr std::uint8_t type = 141;
  static constexpr std::string_view name = "extension_header_type_list";
  static constexpr ie_format format = ie_format::tlv1;
  static decode_result<extension_header_type_list> decode(byte_reader& r) {
    auto b = r.rest();
    return extension_header_type_list{{b.begin(), b.end()}};
  }
  static void encode(byte_writer& w, const extension_header_type_list& v) { w.bytes(v.types_); }
};

/// TS 29.281 §8.6
template <>
struct ie_codec<private_extension> {
  static constexpr std::uint8_t type = 255;
  static constexpr std::string_view name = "private_extension";
  static constexpr ie_format format = ie_format::tlv;
  static decode_result<private_extension> decode(byte_reader& r) {
    auto id = r.u16("private extension identifier");
    if (!id) return std::unexpected(id.error());
    auto b = r.rest();
    return private_extension{*id, {b.begin(), b.end()}};
  }
  static void encode(byte_writer& w, const private_extension& v) {
    w.u16(v.extension_identifier_);
    w.bytes(v.extension_value_);
  }
};

/// One IE of a message: the member, and whether it is mandatory (a plain
/// member) or optional (a std::optional member) follows from the member's type.
template <auto Member>
struct ie {
  static constexpr auto member = Member;
};

template <class Msg>
struct schema_of;

template <>
struct schema_of<echo_request> {
  using fields = std::tuple<ie<&echo_request::private_extension_>>;
};
template <>
struct schema_of<echo_response> {
  using fields = std::tuple<ie<&echo_response::recovery_>, ie<&echo_response::private_extension_>>;
};
template <>
struct schema_of<error_indication> {
  using fields = std::tuple<ie<&error_indication::teid_data_i_>, ie<&error_indication::gtp_u_peer_address_>,
                            ie<&error_indication::private_extension_>>;
};
template <>
struct schema_of<supported_extension_headers_notification> {
  using fields = std::tuple<ie<&supported_extension_headers_notification::extension_header_type_list_>>;
};
template <>
struct schema_of<end_marker> {
  using fields = std::tuple<ie<&end_marker::private_extension_>>;
};

template <class C, class T>
T member_type_of(T C::*);
template <class T>
struct unwrap {
  using type = T;
  static constexpr bool optional = false;
};
template <class T>
struct unwrap<std::optional<T>> {
  using type = T;
  static constexpr bool optional = true;
};
template <class F>
using member_t = decltype(member_type_of(F::member));
template <class F>
using value_t = typename unwrap<member_t<F>>::type;
template <class F>
inline constexpr bool is_optional_v = unwrap<member_t<F>>::optional;

}  // namespace meridian::gtpu::detail
