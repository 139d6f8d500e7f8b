// TS 38.413 §8.7.5 Error Indication (non-UE-associated) from a gNB: logged
// (rate-limited) and counted, never answered (an Error Indication about an
// Error Indication would loop). The AMF's own are sent by amf_n2::send_error_indication.

#include "../amf_n2_support.hpp"
#include "meridian/n2/n2_messages.hpp"

namespace meridian::amf {

using detail::kind;
using detail::warning;

void amf_n2::on_error_indication(gnb_context& g, const ngap::error_indication& m) {
  ++counters_.error_indications_received;
  warn(g, kind(warning::error_indication_received), "{}: Error Indication received: {}", g.label(),
       m.cause_ ? n2::to_string(*m.cause_) : std::string("no cause"));
}

}  // namespace meridian::amf
