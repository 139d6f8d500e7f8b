#pragma once
// The UE's identities on one NG interface connection.

#include <cstdint>

#include "meridian/common/strong_id.hpp"

namespace meridian::model {

/// TS 38.413 §9.3.3.1: AMF UE NGAP ID, INTEGER (0..2^40-1)
using amf_ue_ngap_id = strong_id<struct amf_ue_ngap_id_tag, std::uint64_t, 40>;
/// TS 38.413 §9.3.3.2: RAN UE NGAP ID, INTEGER (0..2^32-1)
using ran_ue_ngap_id = strong_id<struct ran_ue_ngap_id_tag, std::uint32_t>;

}  // namespace meridian::model
