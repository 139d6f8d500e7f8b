#include "challenges.hpp"

#include "meridian/common/log.hpp"
#include "meridian/security/eap_aka_prime.hpp"

namespace meridian::ausf::detail {

const std::shared_ptr<spdlog::logger>& logger() {
  static const auto l = log::get("ausf");
  return l;
}

sbi::problem_details from_udm(sbi::problem_details udm_problem) {
  using sbi::cause;
  if (udm_problem.cause_) {
    switch (*udm_problem.cause_) {
      case cause::user_not_found:
      case cause::serving_network_not_authorized:
      case cause::authentication_rejected:
      case cause::unsupported_protection_scheme:
      case cause::mandatory_ie_incorrect:
      case cause::mandatory_ie_missing:
        return udm_problem;
      default:
        break;
    }
  }
  const std::string what(udm_problem.cause_ ? sbi::to_string(*udm_problem.cause_) : "no cause");
  return sbi::problem_details::of(sbi::cause::upstream_server_error, "UDM: " + what);
}

std::optional<eap_challenge> make_eap_challenge(const udm::av_eap_aka_prime& av, const model::supi& supi,
                                                const std::string& serving_network_name, std::uint8_t identifier) {
  if (av.rand_.size() != 16 || av.autn_.size() != 16 || av.ck_prime_.size() != 16 || av.ik_prime_.size() != 16 ||
      !security::is_valid_res_length(av.xres_.size()))
    return std::nullopt;
  eap_challenge c;
  std::copy(av.rand_.begin(), av.rand_.end(), c.rand.begin());
  std::array<std::uint8_t, 16> autn{};
  std::copy(av.autn_.begin(), av.autn_.end(), autn.begin());
  c.xres = av.xres_;
  security::ck_ik_prime prime{*crypto::key128::from(av.ck_prime_), *crypto::key128::from(av.ik_prime_)};
  // TS 33.501 Annex F.3: MK's identity is the SUPI, whatever the UE sent.
  c.keys = security::derive_eap_aka_prime_keys(prime, security::eap_aka_prime_identity(supi));
  auto request = security::eap::encode_with_mac(
      security::eap::challenge_request(identifier, c.rand, autn, serving_network_name), c.keys.k_aut);
  if (!request) return std::nullopt;  // a serving network name too long for AT_KDF_INPUT
  c.request = std::move(*request);
  return c;
}

}  // namespace meridian::ausf::detail
