#pragma once
// Helpers the generated JSON rendering functions call (hand-written).

#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "meridian/asn1/aper.hpp"
#include "meridian/asn1/protocol_ie.hpp"

namespace meridian::ngap {

nlohmann::json json_hex(const std::vector<std::uint8_t>& v);
/// BIT STRING: binary digits up to 32 bits (identifiers such as gNB-ID read
/// naturally), hex with the length otherwise.
nlohmann::json json_bits(const asn1::bit_string& v);
/// The enumeration's name, or its number for a value of a later release.
nlohmann::json json_enum(std::string_view name, std::uint32_t value);
nlohmann::json json_unknown_ies(const asn1::ie_extras& extras);
void add_unknown_ies(nlohmann::json& j, const asn1::ie_extras& extras);
nlohmann::json json_private_ies(const asn1::private_ies& v);
nlohmann::json json_unknown_extensions(const asn1::unknown_extensions& v);
nlohmann::json json_unknown_extension(const asn1::unknown_extension& v);
/// A container that did not decode: its octets and why.
nlohmann::json json_undecodable(const std::vector<std::uint8_t>& v, const asn1::aper_error& e);
/// NAS-PDU: hex for now. The seam for the NAS codec (lib/nas): when it offers a
/// JSON decoder, this is the one place to call it.
nlohmann::json json_nas_pdu(const std::vector<std::uint8_t>& v);

}  // namespace meridian::ngap
