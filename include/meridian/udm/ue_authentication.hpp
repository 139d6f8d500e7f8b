#pragma once
// The UDM's Nudm_UEAuthentication (TS 29.503 §5.4) with the ARPF behind it
// (TS 33.501 §6.1.3): SUCI de-concealment, the 5G HE AV of 5G-AKA and the
// EAP-AKA' AV (CK', IK'), SQN management over the UDR (TS 33.102 Annex C),
// AUTS resynchronisation, and the AUSF's result confirmation.
//
// SQN discipline: the next SQN is written to the UDR with a compare-and-swap
// PATCH ([test /sequenceNumber/sqn = read, replace /sequenceNumber = next])
// before any vector is built, so the UDR's durable answer comes first and two
// requests for one subscriber, interleaved however, never use one SQN twice;
// a request whose test failed reads the SQN again and retries.

#include <cstdint>
#include <functional>
#include <optional>

#include "meridian/common/clock.hpp"
#include "meridian/crypto/milenage.hpp"
#include "meridian/udm/home_network_keys.hpp"
#include "meridian/udm/udm_config.hpp"
#include "meridian/udm/udm_service.hpp"
#include "meridian/udr/udr_service.hpp"

namespace meridian::udm {

/// Where RANDs come from (TS 33.102 §6.3.2: unpredictable): the CSPRNG in
/// production, a sequence in tests. Nothing when no random octets can be had.
using rand_source = std::function<std::optional<crypto::rand128>()>;

/// RANDs from the operating system's CSPRNG, drawn 1 KiB at a time
/// (random_pool.hpp); the source and its copies belong to one thread.
rand_source system_rand_source();

struct ue_authentication_counters {
  std::uint64_t vectors_generated = 0;       ///< AVs handed out
  std::uint64_t sqn_conflicts = 0;           ///< CAS "test" failures, each followed by a re-read
  std::uint64_t resynchronisations = 0;      ///< AUTS verified (SQN_HE reset or already acceptable)
  std::uint64_t auts_mac_failures = 0;       ///< AUTS whose MAC-S did not verify
  std::uint64_t deconcealment_failures = 0;  ///< SUCIs that did not give a SUPI
  std::uint64_t rejected_requests = 0;       ///< any other request answered with a problem
};

class ue_authentication final : public nudm_ue_authentication {
 public:
  ue_authentication(udm_config config, udr::nudr_data_repository& udr, const home_network_keys& keys,
                    rand_source rand = system_rand_source());

  sbi::awaitable<authentication_info_result> get(sbi::supi_or_suci supi_or_suci,
                                                 authentication_info_request request) override;
  sbi::awaitable<auth_event> result_confirmation(model::supi supi, auth_event event) override;

  const ue_authentication_counters& counters() const noexcept { return counters_; }

 private:
  udm_config config_;
  udr::nudr_data_repository& udr_;
  const home_network_keys& keys_;
  rand_source rand_;
  ue_authentication_counters counters_;
};

}  // namespace meridian::udm
