#pragma once
// NAS-5GS PDUs (TS 24.501 §9, TS 24.007 §11): decode and encode plain 5GMM and
// 5GSM messages and the outer security-protected form. Decoders are pure: they
// return the message or a decode_error naming the IE and the absolute byte
// offset; they never throw, abort or log.

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "meridian/common/result.hpp"
#include "meridian/nas/ies.hpp"
#include "meridian/nas/message_common.hpp"
#include "meridian/nas/messages_5gmm.hpp"
#include "meridian/nas/messages_5gsm.hpp"

namespace meridian::nas {

/// TS 24.501 §9.1: a plain 5GMM message (security header type 0).
struct gmm_pdu {
  gmm_message message_;
  std::uint8_t spare_half_octet_ = 0;  ///< bits 8..5 of octet 2, as received
  bool operator==(const gmm_pdu&) const = default;
};

/// TS 24.501 §9.1: a 5GSM message with its PDU session identity and PTI.
struct gsm_pdu {
  std::uint8_t pdu_session_id_ = 0;
  std::uint8_t pti_ = 0;
  gsm_message message_;
  bool operator==(const gsm_pdu&) const = default;
};

/// TS 24.501 §9.1, §9.8: a security-protected 5GMM message. `payload_` is the
/// plain NAS message (header types 1, 3) or its ciphertext (2, 4).
struct protected_pdu {
  security_header_type security_header_type_ = security_header_type::integrity_protected;
  std::uint8_t spare_half_octet_ = 0;
  std::array<std::uint8_t, 4> mac_{};
  std::uint8_t sequence_number_ = 0;
  std::vector<std::uint8_t> payload_;
  bool operator==(const protected_pdu&) const = default;
};

/// Whatever arrives on N1.
using nas_pdu = std::variant<gmm_pdu, gsm_pdu, protected_pdu>;

/// Decodes one NAS PDU. Offsets in errors are `base_offset` plus the position in `bytes`.
decode_result<nas_pdu> decode_nas(std::span<const std::uint8_t> bytes, std::size_t base_offset = 0);
/// Decodes a plain (unprotected) 5GMM or 5GSM message; a protected PDU is an error.
decode_result<nas_pdu> decode_plain_nas(std::span<const std::uint8_t> bytes, std::size_t base_offset = 0);
encode_result<std::vector<std::uint8_t>> encode_nas(const nas_pdu& pdu);

/// Convenience wrappers.
encode_result<std::vector<std::uint8_t>> encode_nas(const gmm_message& m);
encode_result<std::vector<std::uint8_t>> encode_nas(std::uint8_t pdu_session_id, std::uint8_t pti,
                                                    const gsm_message& m);

/// The specification's name of a message ("Registration request").
std::string_view message_name(const gmm_message& m);
std::string_view message_name(const gsm_message& m);
std::string_view message_name(const nas_pdu& pdu);

/// TS 24.501 §9.11.3.39: one entry of a "multiple payloads" payload container.
struct payload_container_entry {
  payload_container_type_value type_ = payload_container_type_value::n1_sm_information;
  /// Optional IEs of the entry, each kept as IEI and value (TS 24.501 Figure 9.11.3.39.2).
  struct optional_ie {
    std::uint8_t iei_ = 0;
    std::vector<std::uint8_t> value_;  ///< TV: the value octet; TLV: the value after the length
    bool operator==(const optional_ie&) const = default;
  };
  std::vector<optional_ie> optional_ies_;
  std::vector<std::uint8_t> contents_;
  bool operator==(const payload_container_entry&) const = default;
};
/// TS 24.501 §9.11.3.39: a "multiple payloads" payload container.
struct multiple_payloads {
  std::vector<payload_container_entry> entries_;
  bool operator==(const multiple_payloads&) const = default;
};

/// The payload container's contents read according to its type: a 5GSM
/// message (N1 SM information), multiple payloads, or the octets of a
/// container of another protocol (SMS, LPP, UE policy, ...).
using payload = std::variant<gsm_pdu, multiple_payloads, std::vector<std::uint8_t>>;
decode_result<payload> decode_payload(payload_container_type type, std::span<const std::uint8_t> contents,
                                      std::size_t base_offset = 0);
encode_result<std::vector<std::uint8_t>> encode_payload(const payload& p);

/// TS 24.501 §7: the 5GMM / 5GSM cause with which a receiver answers a message
/// that failed to decode (e.g. #96 invalid mandatory information, #97 message
/// type non-existent).
gmm_cause gmm_cause_for(const decode_error& e);
gsm_cause gsm_cause_for(const decode_error& e);

}  // namespace meridian::nas
