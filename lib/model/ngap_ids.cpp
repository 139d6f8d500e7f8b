// The NGAP UE ids and the PDU session ids are strong_id aliases (ngap_ids.hpp,
// pdu_session.hpp): this file only checks at compile time that their ranges are
// the specifications'.

#include "meridian/model/ngap_ids.hpp"
#include "meridian/model/pdu_session.hpp"

namespace meridian::model {

static_assert(amf_ue_ngap_id::max_value == (std::uint64_t{1} << 40) - 1, "TS 38.413 §9.3.3.1");
static_assert(ran_ue_ngap_id::max_value == 0xFFFFFFFFu, "TS 38.413 §9.3.3.2");
static_assert(pdu_session_id::min_value == 1 && pdu_session_id::max_value == 15, "TS 24.501 §9.4");
static_assert(qfi::max_value == 63, "TS 23.501 §5.7.1.1");

}  // namespace meridian::model
