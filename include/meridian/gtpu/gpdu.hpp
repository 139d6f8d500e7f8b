#pragma once
// The G-PDU fast path (TS 29.281 §6.1 message type 255): decode returns views
// into the packet, encode writes the header into headroom the caller left in
// front of the payload. Neither allocates.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "meridian/common/result.hpp"
#include "meridian/common/strong_id.hpp"
#include "meridian/gtpu/header.hpp"
#include "meridian/gtpu/pdu_session_container.hpp"

namespace meridian::gtpu {

/// TS 29.281 §5.1: what a G-PDU header carries when we send one.
struct gpdu_header_params {
  teid teid_{};
  std::optional<std::uint16_t> sequence_number_{};
  std::optional<pdu_session_container> pdu_session_container_{};
};

/// Octets prepend_gpdu_header() writes for `p` (8, 12, or 12 + the container).
std::size_t gpdu_header_size(const gpdu_header_params& p) noexcept;

/// Writes a G-PDU header into buffer[payload_offset - gpdu_header_size(p), payload_offset)
/// for the payload of `payload_size` octets that starts at `payload_offset`, and
/// returns the whole packet (header + payload) as a span of `buffer`. Fails with
/// invalid_argument when the headroom is too small or the payload runs past the
/// buffer, and with length_overflow when the payload is too big for the Length field.
encode_result<std::span<std::uint8_t>> prepend_gpdu_header(std::span<std::uint8_t> buffer, std::size_t payload_offset,
                                                           std::size_t payload_size,
                                                           const gpdu_header_params& p) noexcept;

/// Decodes a G-PDU; the T-PDU is header_view::body_. Any other message type
/// fails with unknown_type at offset 1. Allocation-free.
decode_result<header_view> decode_gpdu(std::span<const std::uint8_t> packet) noexcept;

}  // namespace meridian::gtpu
