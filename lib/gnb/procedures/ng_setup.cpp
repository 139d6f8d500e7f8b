// TS 38.413 §8.7.1 NG Setup, as the gNB runs it:
//
//   gNB ── NG SETUP REQUEST ──────────────► AMF
//   gNB ◄─ NG SETUP RESPONSE ───────────── AMF    ready
//   gNB ◄─ NG SETUP FAILURE (Time To Wait) AMF    wait that long (§8.7.1.3), then again
//   no answer in setup_response_timeout            back off (doubling to retry_max), then again

#include <fmt/format.h>

#include "../gnb_n2_support.hpp"
#include "meridian/common/log_escape.hpp"
#include "meridian/n2/n2_messages.hpp"

namespace meridian::gnb {

using detail::kind;
using detail::logger;
using detail::warning;

runtime::task<void> gnb_n2::ng_setup() {
  for (;;) {
    // Register for the answer first: an in-process AMF answers inside send().
    auto answer = answers_.wait(ngap::id_ng_setup, cfg_.setup_response_timeout);
    ngap::ng_setup_request r;
    r.global_ran_node_id_ = n2::encode_global_gnb_id(cfg_.identity);
    r.ran_node_name_ = cfg_.name;
    r.supported_ta_list_ = supported_ta_list();
    r.default_paging_drx_ = cfg_.default_paging_drx;
    ++counters_.ng_setup_attempts;
    set_state(n2_state::setup_pending);
    logger()->debug("{}: NG Setup Request to AMF {}", label_, amf_label_);
    send(n2::make_pdu<ngap::initiating_message>(std::move(r)));

    std::expected<ngap::ngap_pdu, runtime::runtime_error> pdu = co_await answer;
    ng_setup_failure_reason why = ng_setup_failure_reason::no_answer;
    std::string cause;
    std::chrono::milliseconds wait{};
    if (!pdu) {
      if (pdu.error() != runtime::runtime_error::timed_out) co_return;  // the association ended
      ++counters_.ng_setup_timeouts;
      wait = take_backoff();
    } else if (const auto* ok = n2::message_as<ngap::successful_outcome, ngap::ng_setup_response>(*pdu)) {
      if (n2::is_printable_string(ok->amf_name_)) {
        amf_name_ = ok->amf_name_;
        relative_amf_capacity_ = ok->relative_amf_capacity_;
        backoff_ = cfg_.retry_initial;
        ++counters_.ng_setups_completed;
        set_state(n2_state::ready);
        logger()->info("{}: NG Setup with AMF {} ({}) complete", label_, log::escaped(amf_name_), amf_label_);
        co_return;
      }
      // TS 38.413 §10.4: a logical error in the response of a class 1
      // procedure ends it unsuccessfully with local error handling: this AMF
      // is not used, and NG Setup is tried again after back-off.
      ++counters_.invalid_names;
      ++counters_.ng_setup_failures;
      warn(kind(warning::invalid_name), "{}: NG Setup Response from AMF {} names the AMF '{}', not a PrintableString",
           label_, amf_label_, log::escaped(ok->amf_name_));
      why = ng_setup_failure_reason::invalid_amf_name;
      wait = take_backoff();
    } else {
      // The only other outcome of procedure NGSetup is NG SETUP FAILURE.
      const auto* f = n2::message_as<ngap::unsuccessful_outcome, ngap::ng_setup_failure>(*pdu);
      ++counters_.ng_setup_failures;
      why = ng_setup_failure_reason::refused;
      if (f) cause = n2::to_string(f->cause_);
      // §8.7.1.3: with Time To Wait, wait at least that long; otherwise back off.
      wait = f && f->time_to_wait_ ? std::chrono::milliseconds(n2::to_duration(*f->time_to_wait_)) : take_backoff();
    }

    set_state(n2_state::waiting_to_retry);
    retry_at_ = timers_.now() + wait;
    // A refusal is told by its cause ("misc: unknown-PLMN-or-SNPN"), the rest by the reason.
    logger()->warn("{}: NG Setup with AMF {} failed: {}, retry in {}", label_, amf_label_,
                   cause.empty() ? std::string(to_string(why)) : cause, detail::seconds(wait));
    // Named, not inside the if: GCC 12 skips the whole coroutine body for
    // `if (!co_await ...)` (docs/runtime.md, "Do not").
    const std::expected<void, runtime::runtime_error> waited = co_await timers_.sleep_for(wait);
    if (!waited) co_return;
  }
}

}  // namespace meridian::gnb
