// TS 38.413 §8.7.2 RAN Configuration Update, as the AMF answers it:
//
//   gNB ── RAN CONFIGURATION UPDATE ──────────────────────► AMF
//   gNB ◄─ RAN CONFIGURATION UPDATE ACKNOWLEDGE ────────── AMF   applied
//   gNB ◄─ RAN CONFIGURATION UPDATE FAILURE (Time To Wait) AMF   no served TA, or a
//                                                                  name that is no PrintableString

#include "../amf_n2_support.hpp"
#include "meridian/n2/n2_messages.hpp"

namespace meridian::amf {

using detail::kind;
using detail::logger;
using detail::warning;

void amf_n2::on_ran_configuration_update(gnb_context& g, const ngap::ran_configuration_update& m) {
  std::optional<ngap::cause> refusal;
  if (m.ran_node_name_ && !n2::is_printable_string(*m.ran_node_name_)) {
    ++counters_.invalid_names;
    refusal = n2::protocol_cause(ngap::cause_protocol::semantic_error);  // §10.4, as for NG Setup
  } else if (m.supported_ta_list_) {
    refusal = check_supported_tas(*m.supported_ta_list_);
  }
  if (refusal) {
    ++counters_.ran_configuration_updates_failed;
    ngap::ran_configuration_update_failure f;
    f.cause_ = *refusal;
    f.time_to_wait_ = cfg_.time_to_wait;
    warn(g, kind(warning::configuration_update_refused), "{}: RAN Configuration Update refused: {}", g.label(),
         n2::to_string(*refusal));
    send(g, n2::make_pdu<ngap::unsuccessful_outcome>(std::move(f)));
    return;
  }
  if (m.supported_ta_list_) g.supported_tas = *m.supported_ta_list_;
  if (m.ran_node_name_) g.name = *m.ran_node_name_;
  if (m.default_paging_drx_) g.default_paging_drx = *m.default_paging_drx_;
  ++counters_.ran_configuration_updates_acknowledged;
  logger()->info("{}: RAN Configuration Update acknowledged", g.label());
  send(g, n2::make_pdu<ngap::successful_outcome>(ngap::ran_configuration_update_acknowledge{}));
}

}  // namespace meridian::amf
