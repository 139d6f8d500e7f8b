#pragma once
// The N2 SM information the SMF writes and reads (TS 38.413 §9.3.4): the
// transfers of the PDU Session Resource Setup and Release procedures,
// APER-encoded with the project's NGAP codec.

#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "meridian/smf/smf.hpp"

namespace meridian::smf::smf_detail {

/// TS 38.413 §9.3.4.1 PDU Session Resource Setup Request Transfer: Session-AMBR,
/// UL NG-U UP TNL information (the UPF's N3 tunnel), PDU session type, the
/// default flow in the QoS Flow Setup Request List (5QI, ARP).
std::expected<std::vector<std::uint8_t>, std::string> setup_request_transfer(const sm_context& ctx);

/// TS 38.413 §9.3.4.2 PDU Session Resource Setup Response Transfer: the gNB's
/// downlink tunnel (DL QoS Flow per TNL Information). An error names what was
/// wrong (undecodable, not an IPv4 GTP tunnel).
std::expected<gtp_tunnel_end, std::string> downlink_tunnel_of(std::span<const std::uint8_t> transfer);

/// TS 38.413 §9.3.4.12 PDU Session Resource Release Command Transfer with the
/// cause NAS normal release.
std::expected<std::vector<std::uint8_t>, std::string> release_command_transfer();

}  // namespace meridian::smf::smf_detail
