#pragma once
// TS 29.244 §8.2.118 3GPP Interface Type, as the test SMF sends it: Source
// Interface Type in each PDR's PDI and Destination Interface Type in each FAR's
// (Update) Forwarding Parameters, derived from the Source / Destination
// Interface — the uplink PDR on N3, its FAR to N6; the downlink PDR from N6,
// its FAR to N3. 3GPP SMFs commonly send them and some UPFs are said to need
// them (docs/bench_upf.md); they are optional IEs, so client_config can leave
// them out.

#include <cstdint>
#include <optional>

#include "meridian/pfcp/messages.hpp"

namespace meridian::n4_peer {

/// TS 29.244 §8.2.118, Table 8.2.118-1: the values the test SMF uses.
enum class three_gpp_interface : std::uint8_t {
  n3_3gpp_access = 11,
  n9 = 15,
  n6 = 17,
};

/// The 3GPP Interface Type for a Source or Destination Interface (§8.2.2,
/// §8.2.24) on a PDU session anchor: Access is N3 3GPP Access, Core and
/// SGi-LAN/N6-LAN are N6; nothing for CP-function and 5G VN internal.
std::optional<three_gpp_interface> interface_type_for(pfcp::interface_value v) noexcept;

/// Fills the interface types in where the request has none (ones already set stay).
void add_interface_types(pfcp::session_establishment_request& req);
void add_interface_types(pfcp::session_modification_request& req);

}  // namespace meridian::n4_peer
