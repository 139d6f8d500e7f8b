#pragma once
// JSON rendering of NAS-5GS messages for logs and tools. Field names are the
// specification's IE names; the message's schema decides what is printed, so
// every message type renders without code of its own.

#include <cstdint>
#include <span>
#include <string>

#include "meridian/nas/nas.hpp"

namespace meridian::nas {

/// The PDU as JSON text (`indent` < 0: one line). A security-protected PDU
/// shows its header and, when its payload is a readable plain message (header
/// types 1 and 3, or null ciphering), that message under "plain_message".
/// Payload containers and NAS message containers are rendered decoded when
/// their contents decode.
std::string to_json(const nas_pdu& pdu, int indent = -1);
std::string to_json(const nas_pdu& pdu, const std::optional<nas_pdu>& deciphered, int indent);

/// The octets decoded as a NAS PDU and rendered on one line, or "" when they
/// do not decode: the NAS renderer a tool hands the NGAP JSON
/// (ngap::set_nas_json_renderer), so NAS-PDUs inside NGAP print decoded.
std::string to_json_if_decodable(std::span<const std::uint8_t> bytes);

}  // namespace meridian::nas
