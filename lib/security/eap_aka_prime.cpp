#include "meridian/security/eap_aka_prime.hpp"

#include <algorithm>
#include <type_traits>
#include <utility>

#include "meridian/common/byte_reader.hpp"
#include "meridian/common/byte_writer.hpp"
#include "meridian/crypto/kdf.hpp"

namespace meridian::security::eap {

namespace {

// ---------------------------------------------------------------- attribute codecs
//
// Each attribute's value layout is one small descriptor: its type, how to
// write its value (after Type and Length) and how to read it back. The list
// in for_each_attribute() below is the one declaration of which member of
// aka_attributes each attribute fills; encode and decode both walk it.

using value_writer = byte_writer;

// RFC 4187 §10.6, §10.7, §10.15: two reserved octets, then N octets.
template <attribute_type T, std::size_t N>
struct reserved_then_octets {
  static constexpr attribute_type type = T;
  using value_type = std::array<std::uint8_t, N>;
  static void write(value_writer& w, const value_type& v) {
    w.u16(0);
    w.bytes(v);
  }
  static decode_result<value_type> read(byte_reader& r) noexcept {
    if (r.remaining() != 2 + N) return std::unexpected(r.error(decode_errc::invalid_length, "attribute length"));
    (void)r.skip(2);
    value_type v{};
    const auto b = r.rest();
    std::copy(b.begin(), b.end(), v.begin());
    return v;
  }
};

// RFC 4187 §10.9 AT_AUTS: 14 octets and no reserved field.
template <attribute_type T, std::size_t N>
struct plain_octets {
  static constexpr attribute_type type = T;
  using value_type = std::array<std::uint8_t, N>;
  static void write(value_writer& w, const value_type& v) { w.bytes(v); }
  static decode_result<value_type> read(byte_reader& r) noexcept {
    if (r.remaining() != N) return std::unexpected(r.error(decode_errc::invalid_length, "attribute length"));
    value_type v{};
    const auto b = r.rest();
    std::copy(b.begin(), b.end(), v.begin());
    return v;
  }
};

// RFC 9048 §3.2 AT_KDF, RFC 4187 §10.19-10.20: a 16-bit value filling the attribute.
template <attribute_type T>
struct u16_value {
  static constexpr attribute_type type = T;
  using value_type = std::uint16_t;
  static void write(value_writer& w, value_type v) { w.u16(v); }
  static decode_result<value_type> read(byte_reader& r) noexcept {
    if (r.remaining() != 2) return std::unexpected(r.error(decode_errc::invalid_length, "attribute length"));
    return r.u16();
  }
};

// RFC 4187 §10.14 AT_RESULT_IND: two reserved octets, presence is the value.
template <attribute_type T>
struct flag {
  static constexpr attribute_type type = T;
  using value_type = bool;
  static void write(value_writer& w, value_type) { w.u16(0); }
  static decode_result<value_type> read(byte_reader& r) noexcept {
    if (r.remaining() != 2) return std::unexpected(r.error(decode_errc::invalid_length, "attribute length"));
    return true;
  }
};

// RFC 4187 §10.8 AT_RES: RES length in bits, then RES padded to 4 octets.
struct res_codec {
  static constexpr attribute_type type = attribute_type::at_res;
  using value_type = std::vector<std::uint8_t>;
  static void write(value_writer& w, const value_type& res) {
    if (res.size() < 4 || res.size() > 16) {
      w.fail({encode_errc::value_out_of_range, "AT_RES: RES must be 4 to 16 octets"});
      return;
    }
    w.u16(static_cast<std::uint16_t>(res.size() * 8));
    w.bytes(res);
  }
  static decode_result<value_type> read(byte_reader& r) noexcept {
    auto bits = r.u16("AT_RES length");
    if (!bits) return std::unexpected(bits.error());
    // RES is 32..128 bits (RFC 4187 §10.8); the USIM gives whole octets.
    if (*bits < 32 || *bits > 128 || *bits % 8 != 0)
      return std::unexpected(r.error(decode_errc::invalid_value, "AT_RES length"));
    const std::size_t octets = *bits / 8u;
    // The attribute is as long as RES rounded up to 4 octets, no longer.
    if (r.remaining() < octets || r.remaining() - octets > 3)
      return std::unexpected(r.error(decode_errc::invalid_length, "AT_RES"));
    auto b = r.bytes(octets);
    (void)r.rest();  // padding
    return value_type(b->begin(), b->end());
  }
};

// RFC 9048 §3.1 AT_KDF_INPUT: the network name's length in octets, then the
// name padded with zeros to 4 octets.
struct kdf_input_codec {
  static constexpr attribute_type type = attribute_type::at_kdf_input;
  using value_type = std::string;
  static void write(value_writer& w, const value_type& name) {
    if (name.size() > 0xffff) {
      w.fail({encode_errc::value_out_of_range, "AT_KDF_INPUT: network name too long"});
      return;
    }
    w.u16(static_cast<std::uint16_t>(name.size()));
    w.bytes(std::span(reinterpret_cast<const std::uint8_t*>(name.data()), name.size()));
  }
  static decode_result<value_type> read(byte_reader& r) noexcept {
    auto length = r.u16("AT_KDF_INPUT length");
    if (!length) return std::unexpected(length.error());
    if (r.remaining() < *length || r.remaining() - *length > 3)
      return std::unexpected(r.error(decode_errc::invalid_length, "AT_KDF_INPUT"));
    auto b = r.bytes(*length);
    (void)r.rest();  // padding
    return value_type(reinterpret_cast<const char*>(b->data()), b->size());
  }
};

// RFC 4187 §10.13 with RFC 9048 §3.4.3: two reserved octets, then nothing or
// a SHA-256 checkcode (32 octets).
struct checkcode_codec {
  static constexpr attribute_type type = attribute_type::at_checkcode;
  using value_type = std::vector<std::uint8_t>;
  static void write(value_writer& w, const value_type& v) {
    if (!v.empty() && v.size() != 32) {
      w.fail({encode_errc::value_out_of_range, "AT_CHECKCODE must be empty or 32 octets"});
      return;
    }
    w.u16(0);
    w.bytes(v);
  }
  static decode_result<value_type> read(byte_reader& r) noexcept {
    if (r.remaining() != 2 && r.remaining() != 2 + 32)
      return std::unexpected(r.error(decode_errc::invalid_length, "AT_CHECKCODE"));
    (void)r.skip(2);
    const auto b = r.rest();
    return value_type(b.begin(), b.end());
  }
};

// The one list: attribute → member. Encoding writes them in this order.
template <class Attributes, class F>
void for_each_attribute(Attributes& a, F&& f) {
  f(reserved_then_octets<attribute_type::at_rand, 16>{}, a.rand_);
  f(reserved_then_octets<attribute_type::at_autn, 16>{}, a.autn_);
  f(res_codec{}, a.res_);
  f(plain_octets<attribute_type::at_auts, 14>{}, a.auts_);
  f(kdf_input_codec{}, a.kdf_input_);
  f(u16_value<attribute_type::at_kdf>{}, a.kdf_);
  f(checkcode_codec{}, a.checkcode_);
  f(flag<attribute_type::at_result_ind>{}, a.result_ind_);
  f(u16_value<attribute_type::at_notification>{}, a.notification_);
  f(u16_value<attribute_type::at_client_error_code>{}, a.client_error_code_);
  f(reserved_then_octets<attribute_type::at_mac, 16>{}, a.mac_);
}

// The values a member holds: none or one (optional), several (vector of a
// repeatable attribute), or presence (bool).
template <class V, class Fn>
void each_value(const std::optional<V>& field, Fn&& fn) {
  if (field) fn(*field);
}
template <class Fn>
void each_value(const std::vector<std::uint16_t>& field, Fn&& fn) {
  for (auto v : field) fn(v);
}
template <class Fn>
void each_value(const bool& field, Fn&& fn) {
  if (field) fn(true);
}

// Stores a decoded value; false when the attribute may appear only once and did already.
template <class V>
bool store(std::optional<V>& field, V&& v) {
  if (field) return false;
  field = std::move(v);
  return true;
}
inline bool store(std::vector<std::uint16_t>& field, std::uint16_t v) {
  field.push_back(v);
  return true;
}
inline bool store(bool& field, bool) {
  if (field) return false;
  field = true;
  return true;
}

// Type, Length (in 4-octet units, RFC 4187 §8.1), value.
template <class Descriptor, class V>
void write_attribute(byte_writer& out, const V& v) {
  byte_writer value;
  Descriptor::write(value, v);
  if (!value.ok()) {
    out.fail(*value.error());
    return;
  }
  const std::size_t total = 2 + value.size();
  const std::size_t padded = (total + 3) / 4 * 4;
  if (padded / 4 > 0xff) {
    out.fail({encode_errc::length_overflow, "attribute longer than 1020 octets"});
    return;
  }
  out.u8(static_cast<std::uint8_t>(Descriptor::type));
  out.u8(static_cast<std::uint8_t>(padded / 4));
  out.bytes(value.data());
  out.fill(padded - total, 0);
}

bool is_known_subtype(std::uint8_t v) noexcept {
  switch (static_cast<aka_subtype>(v)) {
    case aka_subtype::challenge:
    case aka_subtype::authentication_reject:
    case aka_subtype::synchronization_failure:
    case aka_subtype::identity:
    case aka_subtype::notification:
    case aka_subtype::reauthentication:
    case aka_subtype::client_error:
      return true;
  }
  return false;
}

decode_result<aka_attributes> decode_attributes(byte_reader& r) noexcept {
  aka_attributes a;
  while (!r.empty()) {
    const std::size_t at = r.offset();
    auto type = r.u8("attribute type");
    auto length = r.u8("attribute length");
    if (!length) return std::unexpected(length.error());
    // RFC 4187 §8.1: the length counts the whole attribute in 4-octet units; 0 is invalid.
    if (*length == 0) return std::unexpected(decode_error{decode_errc::invalid_length, at + 1, "attribute length"});
    auto value = r.sub(std::size_t{*length} * 4 - 2, "attribute value");
    if (!value) return std::unexpected(value.error());

    bool known = false;
    std::optional<decode_error> failed;
    for_each_attribute(a, [&](auto descriptor, auto& field) {
      using D = decltype(descriptor);
      if (known || static_cast<std::uint8_t>(D::type) != *type) return;
      known = true;
      auto v = D::read(*value);
      if (!v) {
        failed = v.error();
        return;
      }
      if (!store(field, std::move(*v))) failed = decode_error{decode_errc::duplicate_ie, at, "attribute repeated"};
    });
    if (failed) return std::unexpected(*failed);
    // RFC 4187 §8.1: an unknown attribute below 128 is non-skippable.
    if (!known && *type < 128) return std::unexpected(decode_error{decode_errc::unknown_type, at, "attribute type"});
  }
  return a;
}

}  // namespace

decode_result<packet> decode(std::span<const std::uint8_t> bytes) noexcept {
  byte_reader header(bytes);
  auto code_octet = header.u8("EAP code");
  auto identifier = header.u8("EAP identifier");
  auto length = header.u16("EAP length");
  if (!length) return std::unexpected(length.error());
  if (*code_octet < 1 || *code_octet > 4) return std::unexpected(decode_error{decode_errc::invalid_value, 0, "EAP code"});
  if (*length < 4) return std::unexpected(decode_error{decode_errc::invalid_length, 2, "EAP length"});
  if (*length > bytes.size()) return std::unexpected(decode_error{decode_errc::truncated, bytes.size(), "EAP packet"});

  packet p;
  p.code_ = static_cast<eap::code>(*code_octet);
  p.identifier_ = *identifier;
  // RFC 3748 §4.1: octets beyond Length are link-layer padding.
  byte_reader r(bytes.first(*length));
  (void)r.skip(4);
  if (p.code_ == code::success || p.code_ == code::failure) {
    // RFC 3748 §4.2: Success and Failure are exactly the header.
    if (*length != 4) return std::unexpected(decode_error{decode_errc::invalid_length, 2, "EAP Success/Failure length"});
    return p;
  }
  const std::size_t type_at = r.offset();
  auto type = r.u8("EAP type");
  if (!type) return std::unexpected(type.error());
  if (*type != method_type_aka_prime)
    return std::unexpected(decode_error{decode_errc::unsupported, type_at, "EAP method other than AKA'"});
  const std::size_t subtype_at = r.offset();
  auto subtype = r.u8("EAP-AKA' subtype");
  auto reserved = r.u16("EAP-AKA' reserved");
  if (!reserved) return std::unexpected(reserved.error());
  if (!is_known_subtype(*subtype))
    return std::unexpected(decode_error{decode_errc::unknown_type, subtype_at, "EAP-AKA' subtype"});
  p.subtype_ = static_cast<aka_subtype>(*subtype);
  auto attributes = decode_attributes(r);
  if (!attributes) return std::unexpected(attributes.error());
  p.attributes_ = std::move(*attributes);
  return p;
}

encode_result<std::vector<std::uint8_t>> encode(const packet& p) {
  byte_writer w;
  w.u8(static_cast<std::uint8_t>(p.code_));
  w.u8(p.identifier_);
  auto length = w.length(2, "EAP length", 4);
  if (p.code_ == code::request || p.code_ == code::response) {
    w.u8(method_type_aka_prime);
    w.u8(static_cast<std::uint8_t>(p.subtype_));
    w.u16(0);
    for_each_attribute(p.attributes_, [&](auto descriptor, const auto& field) {
      using D = decltype(descriptor);
      each_value(field, [&](const auto& v) { write_attribute<D>(w, v); });
    });
  }
  length.close();
  return std::move(w).finish();
}

namespace {

// HMAC-SHA-256-128 over the encoded packet, whose AT_MAC value is zero.
std::array<std::uint8_t, 16> mac_over(std::span<const std::uint8_t> zeroed, const crypto::key256& k_aut) {
  auto full = crypto::hmac_sha256(k_aut.bytes(), zeroed);
  std::array<std::uint8_t, 16> mac{};
  std::copy_n(full.begin(), mac.size(), mac.begin());
  crypto::wipe_object(full);
  return mac;
}

}  // namespace

encode_result<std::array<std::uint8_t, 16>> compute_mac(const packet& p, const crypto::key256& k_aut) {
  packet zeroed = p;
  zeroed.attributes_.mac_ = std::array<std::uint8_t, 16>{};
  auto bytes = encode(zeroed);
  if (!bytes) return std::unexpected(bytes.error());
  return mac_over(*bytes, k_aut);
}

encode_result<std::vector<std::uint8_t>> encode_with_mac(packet p, const crypto::key256& k_aut) {
  auto mac = compute_mac(p, k_aut);
  if (!mac) return std::unexpected(mac.error());
  p.attributes_.mac_ = *mac;
  return encode(p);
}

// RFC 9048 §3.4.2: the MAC covers the packet as it was sent, so it is checked
// over the received octets (a peer may order its attributes differently from
// encode()), with the 16 octets of AT_MAC's value zeroed.
bool mac_verifies(std::span<const std::uint8_t> received, const crypto::key256& k_aut) {
  auto p = decode(received);
  if (!p || !p->attributes_.mac_ || (p->code_ != code::request && p->code_ != code::response)) return false;
  const std::size_t length = (std::size_t{received[2]} << 8) | received[3];
  std::vector<std::uint8_t> zeroed(received.begin(), received.begin() + static_cast<std::ptrdiff_t>(length));
  const crypto::scoped_wipe wipe_zeroed(zeroed);
  // decode() accepted the packet, so the attributes after the 8-octet header
  // walk to its end without leaving it.
  std::size_t at = 8;
  while (at + 2 <= zeroed.size()) {
    const std::size_t attribute_length = std::size_t{zeroed[at + 1]} * 4;
    if (zeroed[at] == static_cast<std::uint8_t>(attribute_type::at_mac)) {
      std::fill_n(zeroed.begin() + static_cast<std::ptrdiff_t>(at + 4), 16, std::uint8_t{0});
      break;
    }
    at += attribute_length;
  }
  const auto expected = mac_over(zeroed, k_aut);
  return crypto::constant_time_equal(expected, *p->attributes_.mac_);
}

packet challenge_request(std::uint8_t identifier, const std::array<std::uint8_t, 16>& rand,
                         const std::array<std::uint8_t, 16>& autn, std::string network_name) {
  packet p;
  p.code_ = code::request;
  p.identifier_ = identifier;
  p.subtype_ = aka_subtype::challenge;
  p.attributes_.rand_ = rand;
  p.attributes_.autn_ = autn;
  p.attributes_.kdf_input_ = std::move(network_name);
  p.attributes_.kdf_ = {kdf_ck_ik_prime_prf};
  return p;
}

}  // namespace meridian::security::eap
