#pragma once
// What the UE's 5GMM procedures share (lib/ue/*.cpp).

#include <memory>
#include <vector>

#include "meridian/common/log.hpp"
#include "meridian/model/tai.hpp"
#include "meridian/nas/ies.hpp"
#include "meridian/security/eap_aka_prime_peer.hpp"

namespace meridian::ue {

/// An EAP-AKA' exchange under way (TS 24.501 §5.4.1.2): the peer, and the
/// ngKSI and ABBA of its Authentication Request, until the EAP-Success or
/// EAP-Failure. Allocated only while it runs (8 octets per UE otherwise).
struct eap_session {
  std::unique_ptr<security::eap_aka_prime_peer> peer;
  std::vector<std::uint8_t> abba;
  std::uint8_t ngksi = 7;
};

}  // namespace meridian::ue

namespace meridian::ue::detail {

/// The "ue.nas" logger. Per-UE lines are at debug level: 100,000 UEs.
const std::shared_ptr<spdlog::logger>& logger();

/// TS 24.501 §9.11.3.9: every TAI a 5GS tracking area identity list names.
std::vector<model::tai> tais_of(const nas::tai_list& list);

}  // namespace meridian::ue::detail
