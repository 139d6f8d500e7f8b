// TS 38.413 §8.7.3 AMF Configuration Update, answered by the gNB:
//
//   gNB ◄─ AMF CONFIGURATION UPDATE ────────────── AMF
//   gNB ── AMF CONFIGURATION UPDATE ACKNOWLEDGE ─► AMF   (name and capacity applied)
//   gNB ── AMF CONFIGURATION UPDATE FAILURE ─────► AMF   (an AMF Name that is no
//                                                          PrintableString, §10.4)

#include "../gnb_n2_support.hpp"
#include "meridian/common/log_escape.hpp"
#include "meridian/n2/n2_messages.hpp"

namespace meridian::gnb {

using detail::kind;
using detail::logger;
using detail::warning;

void gnb_n2::on_amf_configuration_update(const ngap::amf_configuration_update& m) {
  if (m.amf_name_ && !n2::is_printable_string(*m.amf_name_)) {
    // TS 38.413 §10.4: a logical error in a class 1 request: its unsuccessful outcome, "semantic error".
    ++counters_.invalid_names;
    ++counters_.amf_configuration_updates_failed;
    warn(kind(warning::invalid_name),
         "{}: AMF Configuration Update from AMF {} names the AMF '{}', not a PrintableString; refused "
         "(protocol: semantic-error)",
         label_, log::escaped(amf_name_), log::escaped(*m.amf_name_));
    ngap::amf_configuration_update_failure f;
    f.cause_ = n2::protocol_cause(ngap::cause_protocol::semantic_error);
    send(n2::make_pdu<ngap::unsuccessful_outcome>(std::move(f)));
    return;
  }
  if (m.amf_name_) amf_name_ = *m.amf_name_;
  if (m.relative_amf_capacity_) relative_amf_capacity_ = *m.relative_amf_capacity_;
  ++counters_.amf_configuration_updates_acknowledged;
  logger()->info("{}: AMF Configuration Update from AMF {} acknowledged", label_, log::escaped(amf_name_));
  send(n2::make_pdu<ngap::successful_outcome>(ngap::amf_configuration_update_acknowledge{}));
}

}  // namespace meridian::gnb
