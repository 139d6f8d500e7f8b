#pragma once
// PDU session and QoS flow identities.

#include <cstdint>

#include "meridian/common/strong_id.hpp"

namespace meridian::model {

/// TS 24.501 §9.4: PDU session identity, 1..15 for a session
using pdu_session_id = strong_id<struct pdu_session_id_tag, std::uint8_t, 4, 1>;

/// TS 23.501 §5.7.1.1: QoS Flow Identifier, 6 bits. Defined in common beside
/// teid and seid because the user-plane codecs (GTP-U, PFCP) and the UPF, which
/// sit beside model rather than above it, carry it in every packet; this is the
/// same type under its model name.
using qfi = meridian::qfi;

}  // namespace meridian::model
