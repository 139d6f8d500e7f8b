// TS 38.413 §8.7.2 RAN Configuration Update:
//
//   gNB ── RAN CONFIGURATION UPDATE ──────────────► AMF
//   gNB ◄─ RAN CONFIGURATION UPDATE ACKNOWLEDGE ── AMF
//   gNB ◄─ RAN CONFIGURATION UPDATE FAILURE ────── AMF   (Time To Wait: no new
//                                                          update before it, §8.7.2.3)

#include "../gnb_n2_support.hpp"
#include "meridian/common/log_escape.hpp"
#include "meridian/n2/n2_messages.hpp"

namespace meridian::gnb {

using detail::logger;

bool gnb_n2::send_ran_configuration_update() {
  if (state_ != n2_state::ready || answers_.contains(ngap::id_ran_configuration_update)) return false;
  if (timers_.now() < ran_configuration_update_not_before_) return false;
  runtime::spawn(ran_configuration_update(), association_.token());
  return true;
}

runtime::task<void> gnb_n2::ran_configuration_update() {
  auto answer = answers_.wait(ngap::id_ran_configuration_update, cfg_.setup_response_timeout);
  ngap::ran_configuration_update u;
  u.ran_node_name_ = cfg_.name;
  u.supported_ta_list_ = supported_ta_list();
  u.default_paging_drx_ = cfg_.default_paging_drx;
  ++counters_.ran_configuration_updates_sent;
  send(n2::make_pdu<ngap::initiating_message>(std::move(u)));

  std::expected<ngap::ngap_pdu, runtime::runtime_error> pdu = co_await answer;
  if (!pdu) {
    if (pdu.error() != runtime::runtime_error::timed_out) co_return;  // the association ended
    ++counters_.ran_configuration_update_timeouts;
    logger()->warn("{}: RAN Configuration Update not answered by AMF {} within {}", label_, log::escaped(amf_name_),
                   detail::seconds(cfg_.setup_response_timeout));
    co_return;
  }
  if (n2::message_as<ngap::successful_outcome, ngap::ran_configuration_update_acknowledge>(*pdu)) {
    ++counters_.ran_configuration_updates_acknowledged;
    logger()->info("{}: RAN Configuration Update acknowledged by AMF {}", label_, log::escaped(amf_name_));
    co_return;
  }
  ++counters_.ran_configuration_updates_failed;
  const auto* f = n2::message_as<ngap::unsuccessful_outcome, ngap::ran_configuration_update_failure>(*pdu);
  if (f && f->time_to_wait_)
    ran_configuration_update_not_before_ = timers_.now() + n2::to_duration(*f->time_to_wait_);
  logger()->warn("{}: RAN Configuration Update refused by AMF {}: {}", label_, log::escaped(amf_name_),
                 f ? n2::to_string(f->cause_) : std::string("no cause"));
}

}  // namespace meridian::gnb
