#pragma once
// The AUSF's configuration. Every field has a working default.

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "meridian/model/plmn.hpp"
#include "meridian/sbi_types/common_data.hpp"

namespace meridian::ausf {

struct ausf_config {
  /// This AUSF's NF instance id: the ausfInstanceId the UDM is given and the
  /// nfInstanceId of the AuthEvents it stores.
  sbi::nf_instance_id nf_instance_id_ = "ausf";
  /// The front of the hrefs in "_links" (TS 29.509 §6.1.1: {apiRoot}/nausf-auth/v1).
  std::string api_root_ = "/nausf-auth/v1";
  /// The serving networks whose SEAF may use this AUSF (TS 33.501 §6.1.2:
  /// the AUSF checks the serving network name). Empty: any well-formed name.
  std::vector<model::plmn> authorized_serving_plmns_{};
  /// How long an authentication waits for the UE's answer before its context
  /// is dropped: above the AMF's T3560 × its 4 retransmissions (TS 24.501 §10.2: 6 s each).
  std::chrono::seconds context_lifetime_{60};
  /// Authentications in progress at most; beyond, new ones are refused with NF_CONGESTION.
  std::size_t max_contexts_ = 200'000;
  /// AUTS re-synchronisations within one EAP-AKA' session (a UE that keeps
  /// failing SQN after one is failing for another reason).
  unsigned max_eap_resynchronisations_ = 1;
};

}  // namespace meridian::ausf
