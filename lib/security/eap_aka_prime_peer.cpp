#include "meridian/security/eap_aka_prime_peer.hpp"

#include <algorithm>
#include <utility>

namespace meridian::security {

namespace {

using eap::aka_subtype;
using eap::packet;

packet response_to(const packet& request, aka_subtype subtype) {
  packet p;
  p.code_ = eap::code::response;
  p.identifier_ = request.identifier_;  // RFC 3748 §4.1: a Response echoes its Request's Identifier
  p.subtype_ = subtype;
  return p;
}

eap_peer_step step(eap_peer_action action, const packet& p, std::optional<autn_failure> why = std::nullopt) {
  auto bytes = eap::encode(p);
  // The responses built here hold only fixed-size attributes; encoding cannot fail.
  return {action, bytes ? std::move(*bytes) : std::vector<std::uint8_t>{}, why};
}

// RFC 4187 §6.3.1: EAP-Response/AKA-Client-Error, "unable to process packet".
eap_peer_step client_error(std::uint8_t identifier) {
  packet request;
  request.identifier_ = identifier;
  auto p = response_to(request, aka_subtype::client_error);
  p.attributes_.client_error_code_ = eap::client_error_unable_to_process;
  return step(eap_peer_action::client_error, p);
}

// RFC 4187 §9.5 (RFC 9048 §3): EAP-Response/AKA'-Authentication-Reject, no attributes.
eap_peer_step authentication_reject(const packet& request, std::optional<autn_failure> why = std::nullopt) {
  return step(eap_peer_action::authentication_reject, response_to(request, aka_subtype::authentication_reject), why);
}

}  // namespace

eap_aka_prime_peer::eap_aka_prime_peer(const key128& k, const key128& opc, std::string identity,
                                       std::string serving_network_name, sqn_ue_state& sqn)
    : k_(k), opc_(opc), identity_(std::move(identity)), serving_network_name_(std::move(serving_network_name)),
      sqn_(sqn) {}

eap_peer_step eap_aka_prime_peer::receive(std::span<const std::uint8_t> eap_packet) {
  auto p = eap::decode(eap_packet);
  // RFC 3748 §4.1 would have the peer silently discard what it cannot parse;
  // the UE answers Client-Error so that the network's procedure ends instead
  // of waiting for its timer. The identifier is the packet's second octet when
  // there is one.
  if (!p) return client_error(eap_packet.size() > 1 ? eap_packet[1] : 0);
  switch (p->code_) {
    case eap::code::success:
      // RFC 3748 §4.2 and TS 33.501 §6.1.3.1 step 9: Success ends the method;
      // only one that follows an accepted challenge authenticates the network.
      authenticated_ = kausf_.has_value();
      return {authenticated_ ? eap_peer_action::success : eap_peer_action::failure, {}, {}};
    case eap::code::failure:
      authenticated_ = false;
      kausf_.reset();
      keys_.reset();
      return {eap_peer_action::failure, {}, {}};
    case eap::code::response:
      return client_error(p->identifier_);
    case eap::code::request:
      break;
  }
  if (p->subtype_ != aka_subtype::challenge) return client_error(p->identifier_);
  return on_challenge(*p, eap_packet);
}

// RFC 9048 §3 (peer side of the AKA'-Challenge) with TS 33.501 §6.1.3.1 step 5.
eap_peer_step eap_aka_prime_peer::on_challenge(const packet& request, std::span<const std::uint8_t> bytes) {
  const auto& a = request.attributes_;
  if (!a.rand_ || !a.autn_ || !a.mac_ || !a.kdf_input_ || a.kdf_.empty()) return client_error(request.identifier_);

  // RFC 9048 §3.2: use the first KDF offered; when it is not one we support,
  // propose ours if it was offered at all, else give up.
  if (a.kdf_.front() != eap::kdf_ck_ik_prime_prf) {
    if (std::find(a.kdf_.begin(), a.kdf_.end(), eap::kdf_ck_ik_prime_prf) == a.kdf_.end())
      return authentication_reject(request);
    auto p = response_to(request, aka_subtype::challenge);
    p.attributes_.kdf_ = {eap::kdf_ck_ik_prime_prf};
    return step(eap_peer_action::kdf_negotiation, p);
  }
  // RFC 9048 §3.1, TS 33.501 §6.1.3.1: the network name must be the serving
  // network name the UE computed, or the keys would bind to another network.
  if (*a.kdf_input_ != serving_network_name_) return authentication_reject(request);
  // No AKA-Identity round preceded this challenge, so a checkcode, if any,
  // must be empty (RFC 4187 §10.13).
  if (a.checkcode_ && !a.checkcode_->empty()) return client_error(request.identifier_);

  auto usim = usim_check(k_, opc_, *a.rand_, *a.autn_, sqn_);
  if (!usim) {
    if (usim.error().reason != autn_failure::synch_failure)
      return authentication_reject(request, usim.error().reason);
    // RFC 4187 §9.6: AT_AUTS; AT_KDF repeats the KDF selected (RFC 9048).
    auto p = response_to(request, aka_subtype::synchronization_failure);
    p.attributes_.auts_ = usim.error().auts;
    p.attributes_.kdf_ = {eap::kdf_ck_ik_prime_prf};
    return step(eap_peer_action::synchronization_failure, p, autn_failure::synch_failure);
  }
  const crypto::scoped_wipe wipe_res(usim->res);

  // TS 33.501 Annex A.3 (TS 33.402 A.2): CK' and IK' from the network name and SQN xor AK.
  const auto prime =
      derive_ck_ik_prime(usim->ck, usim->ik, *a.kdf_input_, std::span<const std::uint8_t, 6>(a.autn_->data(), 6));
  auto keys = derive_eap_aka_prime_keys(prime, identity_);
  // RFC 4187 §9.3: a challenge whose AT_MAC fails is not answered with RES.
  if (!eap::mac_verifies(bytes, keys.k_aut)) return client_error(request.identifier_);

  sqn_.accept(usim->sqn);
  auto p = response_to(request, aka_subtype::challenge);
  p.attributes_.res_ = std::vector<std::uint8_t>(usim->res.begin(), usim->res.end());
  auto response = eap::encode_with_mac(p, keys.k_aut);
  crypto::wipe_object(*p.attributes_.res_);
  if (!response) return client_error(request.identifier_);

  kausf_ = derive_kausf_from_emsk(keys.emsk);
  keys_ = std::move(keys);
  authenticated_ = false;  // until EAP-Success
  return {eap_peer_action::challenge_response, std::move(*response), {}};
}

}  // namespace meridian::security
