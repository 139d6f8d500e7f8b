// TS 38.413 §8.7.5 Error Indication (non-UE-associated) from the AMF: logged
// (rate-limited) and counted, never answered (an Error Indication about an
// Error Indication would loop). The gNB's own are sent by gnb_n2::send_error_indication.

#include "../gnb_n2_support.hpp"
#include "meridian/n2/n2_messages.hpp"

namespace meridian::gnb {

using detail::kind;
using detail::warning;

void gnb_n2::on_error_indication(const ngap::error_indication& m) {
  ++counters_.error_indications_received;
  warn(kind(warning::error_indication_received), "{}: Error Indication from AMF {}: {}", label_, amf_label_,
       m.cause_ ? n2::to_string(*m.cause_) : std::string("no cause"));
}

}  // namespace meridian::gnb
