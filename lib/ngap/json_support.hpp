#pragma once
// Helpers the generated JSON rendering functions call (hand-written).
//
// Each fills the JSON value it is handed by reference, so the generated files
// see nlohmann::json only as a declared type (<nlohmann/json_fwd.hpp>): every
// nlohmann template is instantiated here, once, instead of in each generated
// file, where parsing nlohmann/json.hpp and inlining its operator[] and
// assignments for every field cost most of the module's build time.

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "meridian/asn1/aper.hpp"
#include "meridian/asn1/protocol_ie.hpp"

namespace meridian::ngap {

/// Replaces `j` with an empty object (SEQUENCE, CHOICE, IE container).
void json_object(nlohmann::json& j);
/// Replaces `j` with an empty array (SEQUENCE OF).
void json_array(nlohmann::json& j);
/// The member `key` of the object `j` (null until something is written to it).
nlohmann::json& json_member(nlohmann::json& j, std::string_view key);
/// A new null element at the end of the array `j`.
nlohmann::json& json_element(nlohmann::json& j);

void json_int(nlohmann::json& j, std::int64_t v);
void json_uint(nlohmann::json& j, std::uint64_t v);
void json_bool(nlohmann::json& j, bool v);
void json_string(nlohmann::json& j, std::string_view v);
void json_null(nlohmann::json& j);
void json_hex(nlohmann::json& j, std::span<const std::uint8_t> v);
/// BIT STRING: binary digits up to 32 bits (identifiers such as gNB-ID read
/// naturally), hex with the length otherwise.
void json_bits(nlohmann::json& j, const asn1::bit_string& v);
/// The enumeration's name, or its number for a value of a later release.
void json_enum(nlohmann::json& j, std::string_view name, std::uint32_t value);
void json_unknown_ies(nlohmann::json& j, const asn1::ie_extras& extras);
/// Adds "unknown-ies" to the object `j` when there are any.
void add_unknown_ies(nlohmann::json& j, const asn1::ie_extras& extras);
void json_private_ies(nlohmann::json& j, const asn1::private_ies& v);
void json_unknown_extensions(nlohmann::json& j, const asn1::unknown_extensions& v);
void json_unknown_extension(nlohmann::json& j, const asn1::unknown_extension& v);
/// A container that did not decode: its octets and why.
void json_undecodable(nlohmann::json& j, const std::vector<std::uint8_t>& v, const asn1::aper_error& e);
/// NAS-PDU: rendered by the NAS renderer installed through json_hooks.hpp, hex without one.
void json_nas_pdu(nlohmann::json& j, const std::vector<std::uint8_t>& v);

}  // namespace meridian::ngap
