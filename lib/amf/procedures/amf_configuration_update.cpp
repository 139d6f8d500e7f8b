// TS 38.413 §8.7.3 AMF Configuration Update, as the AMF runs it with each gNB:
//
//   gNB ◄─ AMF CONFIGURATION UPDATE ─────────────────────── AMF
//   gNB ── AMF CONFIGURATION UPDATE ACKNOWLEDGE ──────────► AMF   done (or, if the
//                                                                   configuration changed meanwhile, again)
//   gNB ── AMF CONFIGURATION UPDATE FAILURE (Time To Wait) ► AMF   wait at least that long
//                                                                   (§8.7.3.3), then again
//   no answer within response_timeout                               given up, counted

#include "../amf_n2_support.hpp"
#include "meridian/n2/n2_messages.hpp"

namespace meridian::amf {

using detail::kind;
using detail::logger;
using detail::warning;

namespace {

/// Attempts after which a gNB that keeps refusing (with Time To Wait) is left
/// alone until the configuration changes again.
constexpr int max_attempts = 3;

}  // namespace

std::size_t amf_n2::send_amf_configuration_update() {
  std::size_t gnbs = 0;
  for (auto& [a, g] : gnbs_) {
    if (!g.setup_complete) continue;
    ++gnbs;
    if (g.configuration_update_running) {
      g.configuration_update_wanted = true;  // the running procedure sends the newest next
      continue;
    }
    runtime::spawn(amf_configuration_update(a), g.procedures.token());
  }
  logger()->info("AMF Configuration Update sent to {} gNBs", gnbs);
  return gnbs;
}

runtime::task<void> amf_n2::amf_configuration_update(gnb_association_id a) {
  gnb_context* g = context(a);
  if (g == nullptr) co_return;
  g->configuration_update_running = true;
  for (int attempt = 1;; ++attempt) {
    g->configuration_update_wanted = false;
    auto answer = g->answers.wait(ngap::id_amf_configuration_update, cfg_.response_timeout);
    ngap::amf_configuration_update u;
    u.amf_name_ = cfg_.name;
    u.served_guami_list_ = detail::served_guami_list(cfg_);
    u.relative_amf_capacity_ = cfg_.relative_capacity;
    u.plmn_support_list_ = detail::plmn_support_list(cfg_);
    ++counters_.amf_configuration_updates_sent;
    send(*g, n2::make_pdu<ngap::initiating_message>(std::move(u)));

    std::expected<ngap::ngap_pdu, runtime::runtime_error> pdu = co_await answer;
    if (!pdu && pdu.error() != runtime::runtime_error::timed_out) co_return;  // the association ended
    // Only cancellation removes the context, so it is still there.
    g = context(a);
    if (g == nullptr) co_return;
    if (!pdu) {
      ++counters_.amf_configuration_update_timeouts;
      warn(*g, kind(warning::configuration_update_failed), "{}: AMF Configuration Update not answered within {}",
           g->label(), detail::seconds(cfg_.response_timeout));
      break;
    }
    if (n2::message_as<ngap::successful_outcome, ngap::amf_configuration_update_acknowledge>(*pdu)) {
      ++counters_.amf_configuration_updates_acknowledged;
      logger()->info("{}: AMF Configuration Update acknowledged", g->label());
      if (!g->configuration_update_wanted) break;
      attempt = 0;  // a new configuration: a fresh set of attempts
      continue;
    }
    ++counters_.amf_configuration_updates_failed;
    const auto* f = n2::message_as<ngap::unsuccessful_outcome, ngap::amf_configuration_update_failure>(*pdu);
    warn(*g, kind(warning::configuration_update_failed), "{}: AMF Configuration Update failed: {}", g->label(),
         f ? n2::to_string(f->cause_) : std::string("no cause"));
    if (f == nullptr || !f->time_to_wait_ || attempt >= max_attempts) break;
    const std::expected<void, runtime::runtime_error> waited = co_await timers_.sleep_for(n2::to_duration(*f->time_to_wait_));
    if (!waited) co_return;
    g = context(a);
    if (g == nullptr) co_return;
  }
  g->configuration_update_running = false;
}

}  // namespace meridian::amf
