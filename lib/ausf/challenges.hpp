#pragma once
// What authenticate() and the EAP session both need: the UDM's answer turned
// into a challenge, and the UDM's problems turned into the AUSF's.

#include <memory>
#include <optional>

#include <spdlog/logger.h>

#include "meridian/ausf/ausf_service.hpp"
#include "meridian/security/key_hierarchy.hpp"

namespace meridian::ausf::detail {

const std::shared_ptr<spdlog::logger>& logger();

/// TS 29.509 §6.1.7.3: the UDM's client errors about the subscriber or the
/// request (4xx, and 501 for the protection scheme) are the AUSF's too; its
/// server errors become UPSTREAM_SERVER_ERROR.
sbi::problem_details from_udm(sbi::problem_details udm_problem);

/// An EAP-AKA' AV checked and opened: the EAP server's keys for `identity` and the request it sends.
struct eap_challenge {
  std::array<std::uint8_t, 16> rand{};
  std::vector<std::uint8_t> xres;
  security::eap_aka_prime_keys keys;
  std::vector<std::uint8_t> request;  ///< EAP-Request/AKA'-Challenge with AT_MAC
};

/// RFC 9048 §3 with TS 33.501 §6.1.3.1 step 3: nothing when the AV's fields
/// have the wrong sizes (the UDM's fault).
std::optional<eap_challenge> make_eap_challenge(const udm::av_eap_aka_prime& av, const model::supi& supi,
                                                const std::string& serving_network_name, std::uint8_t identifier);

}  // namespace meridian::ausf::detail
