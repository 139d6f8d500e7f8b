#pragma once
// What the SMF's procedures share (lib/smf/*.cpp): the logger, 5GSM
// encoding, the answers SBI callers get.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "meridian/common/log.hpp"
#include "meridian/nas/nas.hpp"
#include "meridian/sbi_types/problem_details.hpp"
#include "meridian/smf/smf_types.hpp"

namespace meridian::smf::smf_detail {

/// The "smf" logger.
const std::shared_ptr<spdlog::logger>& logger();

/// A 5GSM message with its header (TS 24.501 §9.1); empty if it cannot be
/// encoded, which only a bug in the builders could cause (logged).
sbi::bytes encode_gsm(std::uint8_t pdu_session_id, std::uint8_t pti, const nas::gsm_message& m);

/// TS 24.501 §8.3.16 5GSM STATUS with `cause`.
sbi::bytes gsm_status(std::uint8_t pdu_session_id, std::uint8_t pti, nas::gsm_cause cause);

/// TS 24.501 §8.3.3 PDU SESSION ESTABLISHMENT REJECT with `cause`.
sbi::bytes establishment_reject(std::uint8_t pdu_session_id, std::uint8_t pti, nas::gsm_cause cause);

/// TS 29.502 §6.1.7.3: the SmContextCreateError for a reject with `cause`
/// (the application error that goes with the 5GSM cause).
sm_context_create_error create_error(sbi::cause problem, sbi::bytes n1, std::string detail);

/// The SBI cause paired with a 5GSM cause of a reject.
sbi::cause problem_for(nas::gsm_cause cause) noexcept;

/// TS 24.501 §9.1: the 5GSM header of an N1 SM message, readable even when
/// the rest of it does not decode.
struct gsm_header {
  std::uint8_t pdu_session_id = 0;
  std::uint8_t pti = 0;
  std::uint8_t message_type = 0;
};
std::optional<gsm_header> peek_gsm_header(std::span<const std::uint8_t> n1);

/// TS 24.007 §11.2.3.1b: PTI values 1..254 are assigned (0 none, 255 reserved).
constexpr bool pti_assigned(std::uint8_t pti) noexcept { return pti != 0 && pti != 255; }
/// TS 24.007 §11.2.3.1b: PDU session identity values 1..15.
constexpr bool psi_assigned(std::uint8_t psi) noexcept { return psi >= 1 && psi <= 15; }

}  // namespace meridian::smf::smf_detail
