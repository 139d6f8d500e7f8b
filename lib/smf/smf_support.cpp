// What the SMF's procedures share (smf_support.hpp).

#include "smf_support.hpp"

namespace meridian::smf::smf_detail {

const std::shared_ptr<spdlog::logger>& logger() {
  static const auto l = log::get("smf");
  return l;
}

sbi::bytes encode_gsm(std::uint8_t pdu_session_id, std::uint8_t pti, const nas::gsm_message& m) {
  auto bytes = nas::encode_nas(pdu_session_id, pti, m);
  if (!bytes) {
    logger()->error("PDU session {}: {} could not be encoded", pdu_session_id, nas::message_name(m));
    return {};
  }
  return std::move(*bytes);
}

sbi::bytes gsm_status(std::uint8_t pdu_session_id, std::uint8_t pti, nas::gsm_cause cause) {
  nas::gsm_status s;
  s.cause_ = cause;
  return encode_gsm(pdu_session_id, pti, s);
}

sbi::bytes establishment_reject(std::uint8_t pdu_session_id, std::uint8_t pti, nas::gsm_cause cause) {
  nas::pdu_session_establishment_reject r;
  r.cause_ = cause;
  return encode_gsm(pdu_session_id, pti, r);
}

sm_context_create_error create_error(sbi::cause problem, sbi::bytes n1, std::string detail) {
  sm_context_create_error e;
  e.error_ = sbi::problem_details::of(problem, std::move(detail));
  if (!n1.empty()) e.n1_sm_msg_ = std::move(n1);
  return e;
}

sbi::cause problem_for(nas::gsm_cause cause) noexcept {
  // TS 29.502 §6.1.7.3 Table 6.1.7.3-1 with TS 29.502 Annex: the reject's N1 goes with these.
  switch (cause) {
    case nas::gsm_cause::missing_or_unknown_dnn: return sbi::cause::dnn_not_supported;
    case nas::gsm_cause::missing_or_unknown_dnn_in_a_slice: return sbi::cause::dnn_denied;
    case nas::gsm_cause::unknown_pdu_session_type:
    case nas::gsm_cause::pdu_session_type_ipv4_only_allowed:
    case nas::gsm_cause::pdu_session_type_ipv6_only_allowed: return sbi::cause::pdutype_denied;
    case nas::gsm_cause::not_supported_ssc_mode: return sbi::cause::ssc_denied;
    case nas::gsm_cause::insufficient_resources:
    case nas::gsm_cause::insufficient_resources_for_specific_slice:
    case nas::gsm_cause::insufficient_resources_for_specific_slice_and_dnn:
      return sbi::cause::insufficient_resources;
    case nas::gsm_cause::requested_service_option_not_subscribed: return sbi::cause::subscription_denied;
    case nas::gsm_cause::network_failure: return sbi::cause::network_failure;
    default: return sbi::cause::n1_sm_error;
  }
}

std::optional<gsm_header> peek_gsm_header(std::span<const std::uint8_t> n1) {
  if (n1.size() < 4 || n1[0] != static_cast<std::uint8_t>(nas::extended_protocol_discriminator::session_management_5gs))
    return std::nullopt;
  return gsm_header{n1[1], n1[2], n1[3]};
}

}  // namespace meridian::smf::smf_detail
