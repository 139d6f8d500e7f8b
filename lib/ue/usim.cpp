// The emulated UE's USIM: 5G-AKA on the USIM's side (through the security
// module's TS 33.102 functions, which this class gives the UE's own SQN
// array) and SUCI concealment with the home network's parameters.

#include "meridian/ue/usim.hpp"

#include <utility>

#include "meridian/security/key_hierarchy.hpp"

namespace meridian::ue {

namespace {

const suci_calc_info& null_scheme_info() {
  static const suci_calc_info info{};
  return info;
}

}  // namespace

usim::usim(model::supi supi, const crypto::key128& k, const crypto::key128& opc,
           std::shared_ptr<const suci_calc_info> suci_info, security::sqn_config sqn)
    : supi_(std::move(supi)), k_(k), opc_(opc), suci_info_(std::move(suci_info)), sqn_(sqn) {}

usim usim::with_op(model::supi supi, const crypto::key128& k, const crypto::key128& op,
                   std::shared_ptr<const suci_calc_info> suci_info, security::sqn_config sqn) {
  return usim(std::move(supi), k, crypto::milenage_opc(k, op), std::move(suci_info), sqn);
}

const suci_calc_info& usim::suci_info() const noexcept { return suci_info_ ? *suci_info_ : null_scheme_info(); }

security::suci_result<model::suci> usim::conceal(
    std::optional<std::span<const std::uint8_t>> ephemeral_private_key) const {
  const suci_calc_info& info = suci_info();
  security::conceal_options options;
  options.scheme = info.scheme;
  options.hn_public_key = info.home_network_public_key;
  options.hn_public_key_id = info.home_network_public_key_id;
  options.routing_indicator = info.routing_indicator;
  options.mnc_length = info.mnc_length;
  options.ephemeral_private_key = ephemeral_private_key;
  return security::conceal(supi_, options);
}

aka_outcome usim::authenticate(const crypto::rand128& rand, const security::autn128& autn,
                               std::string_view serving_network_name) {
  return security::ue_authenticate(k_, opc_, rand, autn, serving_network_name, sqn_);
}

std::unique_ptr<security::eap_aka_prime_peer> usim::eap_aka_prime_peer(std::string serving_network_name) {
  return std::make_unique<security::eap_aka_prime_peer>(k_, opc_, security::eap_aka_prime_identity(supi_),
                                                        std::move(serving_network_name), sqn_);
}

}  // namespace meridian::ue
