#pragma once
// The 5GSM messages the SMF sends (TS 24.501 §8.3) and the values in them:
// the default QoS rule and flow description, the Session-AMBR, the PDU
// address, the ePCO answer; and TS 29.571 bit rates read from the subscription.

#include <cstdint>
#include <optional>
#include <string_view>

#include "meridian/nas/messages_5gsm.hpp"
#include "meridian/smf/smf.hpp"

namespace meridian::smf::smf_detail {

/// TS 24.501 §9.11.4.14: a bit rate in the finest unit of Table 9.11.4.14.1
/// whose 16-bit value can hold it, rounded up (a UE is never told less than
/// it may send).
void set_ambr(std::uint64_t bps, std::uint8_t& unit, std::uint16_t& value) noexcept;
nas::session_ambr to_session_ambr(std::uint64_t uplink_bps, std::uint64_t downlink_bps) noexcept;

/// TS 24.501 §9.11.4.13: the default QoS rule (DQR), match-all, for the default flow.
nas::qos_rules default_qos_rules(std::uint8_t qfi);
/// TS 24.501 §9.11.4.12: the default flow's description (its 5QI).
nas::qos_flow_descriptions default_qos_flow_descriptions(std::uint8_t qfi, std::uint8_t five_qi);

/// TS 24.501 §9.11.4.10 PDU address of the session.
nas::pdu_address pdu_address_of(const sm_context& ctx);

/// TS 24.008 §10.5.6.3A: the network's ePCO for what the UE asked (DNS
/// server addresses of its PDU type, IPv4 link MTU); nothing when it asked
/// for nothing this SMF gives.
std::optional<nas::extended_pco> epco_answer(const sm_context& ctx);

/// TS 24.501 §8.3.2 PDU SESSION ESTABLISHMENT ACCEPT for the session.
nas::pdu_session_establishment_accept establishment_accept(const sm_context& ctx);

}  // namespace meridian::smf::smf_detail
