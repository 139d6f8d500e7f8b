#pragma once
// The 3GPP protocol IE containers (ProtocolIE-Container, ProtocolIE-SingleContainer,
// ProtocolExtensionContainer, PrivateIE-Container of TS 38.413 §9.4.7 and its
// siblings in S1AP/XnAP/F1AP): a SEQUENCE OF { id, criticality, open-type value }.
//
// Generated code turns each information object set into a plain struct with
// one typed member per IE and describes it to this runtime with a table
// (id, criticality, presence) and two small typed functions that encode or
// decode the i-th IE. The runtime owns the loop, the id dispatch, the
// mandatory-IE check, unknown IEs and the order the IEs had on the wire, so that
// a decoded message re-encodes byte for byte even when a peer used another
// order or criticality. The loop is compiled once (lib/asn1), not once per
// set, so it sees the struct as `const void*`; that type erasure happens in
// make_ie_set below and nowhere in generated code.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "meridian/asn1/aper.hpp"

namespace meridian::asn1 {

/// Criticality ::= ENUMERATED { reject, ignore, notify } as carried in every IE.
enum class ie_criticality : std::uint8_t { reject = 0, ignore = 1, notify = 2 };

/// An IE this code has no type for (or a repeated one), kept as open-type octets.
struct raw_ie {
  std::uint16_t id_ = 0;
  ie_criticality criticality_ = ie_criticality::reject;
  std::vector<std::uint8_t> value_;
  bool operator==(const raw_ie&) const = default;
};

/// The order and criticality of the IEs as they were received. It describes
/// the wire, not the message: it takes no part in equality, and an encoder
/// falls back to the specification's order and criticality for anything it
/// does not cover.
struct ie_wire_layout {
  std::vector<std::pair<std::uint16_t, ie_criticality>> order_;
  bool operator==(const ie_wire_layout&) const noexcept { return true; }
};

/// What every IE container carries besides its typed IEs.
struct ie_extras {
  std::vector<raw_ie> unknown_;
  ie_wire_layout wire_;
  bool operator==(const ie_extras&) const = default;
};

/// A container whose object set is empty in this release ("..."): every IE is unknown.
struct unknown_ies {
  ie_extras extras_;
  bool operator==(const unknown_ies&) const = default;
};

/// One row of an information object set.
struct ie_spec {
  std::uint16_t id;
  ie_criticality criticality;
  bool mandatory;
  std::string_view name;  ///< the IE's name, for errors ("AMF-UE-NGAP-ID")
};

using ie_encode_fn = void (*)(aper_writer& w, const void* object, std::size_t index);
using ie_decode_fn = bool (*)(aper_reader& r, void* object, std::size_t index);

/// An information object set as the compiled-once runtime sees it.
struct ie_set_table {
  std::span<const ie_spec> specs;
  std::string_view name;  ///< the container's type name, for errors
  size_range size;        ///< the container's SIZE constraint
  ie_encode_fn encode = nullptr;
  ie_decode_fn decode = nullptr;
};

/// The same, for the struct T generated from the set: what generated code holds.
template <class T>
struct ie_set {
  ie_set_table table;
};

/// Builds the table of T's set from T's typed per-IE functions. The two
/// captureless lambdas are the only place where T is seen through `void*`.
template <class T, void (*Encode)(aper_writer&, const T&, std::size_t),
          bool (*Decode)(aper_reader&, T&, std::size_t)>
constexpr ie_set<T> make_ie_set(std::span<const ie_spec> specs, std::string_view name, size_range size) {
  return {ie_set_table{
      specs, name, size,
      [](aper_writer& w, const void* object, std::size_t i) { Encode(w, *static_cast<const T*>(object), i); },
      [](aper_reader& r, void* object, std::size_t i) { return Decode(r, *static_cast<T*>(object), i); }}};
}

/// ProtocolIE-Container / ProtocolExtensionContainer. `present[i]` says whether
/// the i-th IE of the set is to be encoded.
void encode_ie_container(aper_writer& w, const ie_set_table& t, const bool* present, const ie_extras& extras,
                         const void* object);
/// Decodes into the typed members through t.decode; `seen` must hold
/// t.specs.size() entries and says afterwards which IEs were present.
bool decode_ie_container(aper_reader& r, const ie_set_table& t, bool* seen, ie_extras& extras, void* object);

/// ProtocolIE-SingleContainer: exactly one IE, the first present one.
void encode_ie_single(aper_writer& w, const ie_set_table& t, const bool* present, const ie_extras& extras,
                      const void* object);
bool decode_ie_single(aper_reader& r, const ie_set_table& t, bool* seen, ie_extras& extras, void* object);

/// Typed forms of the four functions above for a struct T with an `extras_` member.
template <class T>
void encode_ie_container(aper_writer& w, const ie_set<T>& s, const bool* present, const T& object) {
  encode_ie_container(w, s.table, present, object.extras_, &object);
}
template <class T>
bool decode_ie_container(aper_reader& r, const ie_set<T>& s, bool* seen, T& object) {
  return decode_ie_container(r, s.table, seen, object.extras_, &object);
}
template <class T>
void encode_ie_single(aper_writer& w, const ie_set<T>& s, const bool* present, const T& object) {
  encode_ie_single(w, s.table, present, object.extras_, &object);
}
template <class T>
bool decode_ie_single(aper_reader& r, const ie_set<T>& s, bool* seen, T& object) {
  return decode_ie_single(r, s.table, seen, object.extras_, &object);
}

/// Containers over an empty object set.
void encode_unknown_ies(aper_writer& w, const unknown_ies& v, size_range size, std::string_view name);
bool decode_unknown_ies(aper_reader& r, unknown_ies& v, size_range size, std::string_view name);
void encode_unknown_single(aper_writer& w, const unknown_ies& v, std::string_view name);
bool decode_unknown_single(aper_reader& r, unknown_ies& v, std::string_view name);

/// PrivateIE-Container: PrivateIE-ID is a CHOICE of a local number or an OBJECT IDENTIFIER.
struct private_ie {
  bool global_ = false;
  std::uint16_t local_ = 0;
  object_identifier global_id_;
  ie_criticality criticality_ = ie_criticality::reject;
  std::vector<std::uint8_t> value_;
  bool operator==(const private_ie&) const = default;
};
using private_ies = std::vector<private_ie>;
void encode_private_ies(aper_writer& w, const private_ies& v, size_range size);
bool decode_private_ies(aper_reader& r, private_ies& v, size_range size, std::string_view name);

std::string_view to_string(ie_criticality c) noexcept;

}  // namespace meridian::asn1

namespace meridian::asn1 {

/// An elementary procedure's message whose procedure code this release does
/// not know (InitiatingMessage/SuccessfulOutcome/UnsuccessfulOutcome value).
struct raw_procedure {
  std::int64_t code_ = 0;
  ie_criticality criticality_ = ie_criticality::ignore;
  std::vector<std::uint8_t> value_;
  bool operator==(const raw_procedure&) const = default;
};

}  // namespace meridian::asn1
