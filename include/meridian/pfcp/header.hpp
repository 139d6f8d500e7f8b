#pragma once
// The PFCP message header (TS 29.244 §7.2.2) and message types (§7.3).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "meridian/common/byte_reader.hpp"
#include "meridian/common/byte_writer.hpp"
#include "meridian/common/result.hpp"
#include "meridian/common/strong_id.hpp"

namespace meridian::pfcp {

/// The UDP port for PFCP (TS 29.244 §4.2.2).
inline constexpr std::uint16_t udp_port = 8805;

/// TS 29.244 §7.3, Table 7.3-1
enum class message_type : std::uint8_t {
  heartbeat_request = 1,
  heartbeat_response = 2,
  pfd_management_request = 3,
  pfd_management_response = 4,
  association_setup_request = 5,
  association_setup_response = 6,
  association_update_request = 7,
  association_update_response = 8,
  association_release_request = 9,
  association_release_response = 10,
  version_not_supported_response = 11,
  node_report_request = 12,
  node_report_response = 13,
  session_set_deletion_request = 14,
  session_set_deletion_response = 15,
  session_establishment_request = 50,
  session_establishment_response = 51,
  session_modification_request = 52,
  session_modification_response = 53,
  session_deletion_request = 54,
  session_deletion_response = 55,
  session_report_request = 56,
  session_report_response = 57,
};

/// TS 29.244 §7.2.2.1 / §7.2.2.3: the header fields, as decoded and as sent.
/// The S flag is "seid_ present"; MP is "message_priority_ present".
struct header {
  std::uint8_t version_ = 1;
  bool follow_on_ = false;         ///< FO: another message follows in the datagram
  std::uint8_t message_type_ = 0;  ///< as decoded; encode takes it from the body
  std::uint16_t length_ = 0;       ///< decoded value; encode computes it
  std::optional<seid> seid_;
  std::uint32_t sequence_number_ = 0;             ///< 24 bits
  std::optional<std::uint8_t> message_priority_;  ///< 4 bits

  bool operator==(const header& o) const {
    // message_type_ and length_ follow from the body: not part of the value.
    return version_ == o.version_ && follow_on_ == o.follow_on_ && seid_ == o.seid_ &&
           sequence_number_ == o.sequence_number_ && message_priority_ == o.message_priority_;
  }
};

/// Octets of the header, from its flags.
constexpr std::size_t header_size(const header& h) noexcept { return h.seid_ ? 16 : 8; }

/// Decodes the header; `r` is left at the first IE. Does not check the body.
decode_result<header> decode_header(byte_reader& r) noexcept;

/// Writes the header with a length placeholder that covers the rest of the
/// message; the caller writes the IEs and then lets the placeholder close.
[[nodiscard]] byte_writer::length_placeholder encode_header(byte_writer& w, const header& h);

}  // namespace meridian::pfcp
