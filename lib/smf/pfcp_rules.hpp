#pragma once
// The PFCP rules of a PDU session with one default QoS flow (TS 29.244
// §5.2, TS 23.501 §5.8.2.11):
//   PDR 1 uplink: source Access, local F-TEID CHOOSE (the UPF allocates the
//         N3 tunnel, §5.5.3), UE address as source, QFI, outer header removal
//         GTP-U/UDP/IPv4 → FAR 1 (forward to Core), QERs 1 and 2
//   PDR 2 downlink: source Core, UE address as destination → FAR 2, QERs 1 and 2
//   FAR 2: buffer until the gNB's tunnel is known, then forward to Access
//          with outer header creation GTP-U/UDP/IPv4 (the modification)
//   QER 1: the session's, gates open, MBR = Session-AMBR (§5.4.2: a QER
//          shared by every PDR of the session enforces the Session-AMBR)
//   QER 2: the default flow's, its QFI (carried in the downlink PDU Session
//          Container), no MBR (a non-GBR flow)

#include "meridian/pfcp/messages.hpp"
#include "meridian/smf/smf.hpp"

namespace meridian::smf::smf_detail {

inline constexpr std::uint16_t uplink_pdr = 1, downlink_pdr = 2;
inline constexpr std::uint32_t uplink_far = 1, downlink_far = 2;
inline constexpr std::uint32_t session_qer = 1, flow_qer = 2;

/// TS 29.244 §7.5.2 Session Establishment Request for the session.
pfcp::session_establishment_request session_establishment(const sm_context& ctx, pfcp::ipv4_address cp_address);

/// TS 29.244 §7.5.4: the downlink FAR forwards to the gNB's tunnel.
pfcp::session_modification_request forward_downlink_to(const gtp_tunnel_end& gnb);
/// TS 29.244 §7.5.4: the downlink FAR buffers (the AN released the user plane).
pfcp::session_modification_request buffer_downlink();

/// TS 23.003 §9.1: a DNN as length-prefixed labels (APN/DNN IE, Network Instance).
std::vector<std::uint8_t> dnn_labels(std::string_view dnn);

}  // namespace meridian::smf::smf_detail
