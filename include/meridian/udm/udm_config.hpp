#pragma once
// The UDM's configuration: what the operator decides about its home network.
// Every field has a working default.

#include <array>
#include <cstdint>
#include <vector>

#include "meridian/model/plmn.hpp"

namespace meridian::udm {

struct udm_config {
  /// The home PLMN: the serving PLMN of SDM queries that name none (a UE at home).
  model::plmn home_plmn_{};
  /// The serving networks whose AUSF/SEAF may authenticate our subscribers
  /// (TS 33.501 §6.1.2: the UDM checks the serving network name). Empty: any
  /// serving network with a well-formed name.
  std::vector<model::plmn> authorized_serving_plmns_{};
  /// Whether a SUCI with the null scheme is accepted (TS 33.501 §6.12.2: the
  /// home network may require concealment).
  bool allow_null_scheme_ = true;
  /// IND length in bits (TS 33.102 C.3.2) for subscribers whose SequenceNumber has no indLength.
  unsigned ind_bits_ = 5;
  /// Δ of TS 33.102 C.2.1, the jump a USIM accepts; a resynchronisation keeps SQN_HE within it.
  std::uint64_t sqn_delta_ = 1ull << 28;
  /// How often one vector request re-reads the SQN after another request
  /// advanced it first (the compare-and-swap's "test" failed), before it gives up.
  unsigned max_sqn_update_attempts_ = 16;
  /// The AMF field for subscribers whose data has none (separation bit set, TS 33.102 Annex H).
  std::array<std::uint8_t, 2> default_authentication_management_field_{0x80, 0x00};
};

}  // namespace meridian::udm
