// TS 38.413 §8.7.4 NG Reset, both directions (reset all; a partial reset is
// acknowledged with the same UE-associated connections, §8.7.4.2.2):
//
//   gNB ── NG RESET ───────────────► AMF        (gNB-initiated, ng_reset)
//   gNB ◄─ NG RESET ACKNOWLEDGE ──── AMF
//
//   gNB ◄─ NG RESET ─────────────── AMF        (AMF-initiated, on_ng_reset)
//   gNB ── NG RESET ACKNOWLEDGE ───► AMF

#include "../gnb_n2_support.hpp"
#include "meridian/common/log_escape.hpp"
#include "meridian/n2/n2_messages.hpp"

namespace meridian::gnb {

using detail::logger;

bool gnb_n2::send_ng_reset(ngap::cause c) {
  if (state_ != n2_state::ready || answers_.contains(ngap::id_ng_reset)) return false;
  runtime::spawn(ng_reset(std::move(c)), association_.token());
  return true;
}

runtime::task<void> gnb_n2::ng_reset(ngap::cause c) {
  auto answer = answers_.wait(ngap::id_ng_reset, cfg_.setup_response_timeout);
  ngap::ng_reset r;
  r.cause_ = std::move(c);
  r.reset_type_.value_ = ngap::reset_all::reset_all;
  ++counters_.ng_resets_sent;
  send(n2::make_pdu<ngap::initiating_message>(std::move(r)));

  std::expected<ngap::ngap_pdu, runtime::runtime_error> pdu = co_await answer;
  if (!pdu) {
    if (pdu.error() != runtime::runtime_error::timed_out) co_return;  // the association ended
    ++counters_.ng_reset_timeouts;
    logger()->warn("{}: NG Reset not acknowledged by AMF {} within {}", label_, log::escaped(amf_name_),
                   detail::seconds(cfg_.setup_response_timeout));
    co_return;
  }
  ++counters_.ng_reset_acks_received;
  logger()->info("{}: NG Reset acknowledged by AMF {}", label_, log::escaped(amf_name_));
}

void gnb_n2::on_ng_reset(const ngap::ng_reset& m) {
  ++counters_.ng_resets_received;
  ngap::ng_reset_acknowledge ack;
  if (const auto* part = std::get_if<ngap::ue_associated_logical_ng_connection_list>(&m.reset_type_.value_))
    ack.ue_associated_logical_ng_connection_list_ = *part;
  logger()->info("{}: NG Reset from AMF {} ({}), acknowledged", label_, amf_label_, n2::to_string(m.cause_));
  send(n2::make_pdu<ngap::successful_outcome>(std::move(ack)));
}

}  // namespace meridian::gnb
