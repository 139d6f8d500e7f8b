// The AUSF as EAP-AKA' server (TS 33.501 §6.1.3.1 steps 5-9, RFC 9048 §3,
// TS 29.509 §5.2.2.2.3 eap-session): the UE's EAP-Response decides the round.

#include "challenges.hpp"
#include "meridian/ausf/ue_authentication.hpp"
#include "meridian/security/eap_aka_prime.hpp"
#include "meridian/security/key_hierarchy.hpp"

namespace meridian::ausf {

namespace eap = security::eap;
using sbi::cause;
using sbi::problem_details;

namespace {

std::vector<std::uint8_t> header_only(eap::code code, std::uint8_t identifier) {
  eap::packet p;
  p.code_ = code;
  p.identifier_ = identifier;
  return *eap::encode(p);  // four octets; cannot fail
}

}  // namespace

// RFC 3748 §4.2: EAP-Failure with the identifier of the Response it answers;
// the UDM hears of the failure too.
sbi::awaitable<ausf::eap_session> ue_authentication::eap_failure(context c, std::uint8_t identifier) {
  ++counters_.failed;
  (void)co_await confirm_to_udm(c.supi, c.serving_network_name, false, udm::auth_type::eap_aka_prime);
  ausf::eap_session out;
  out.eap_payload_ = header_only(eap::code::failure, identifier);
  out.auth_result_ = auth_result::authentication_failure;
  co_return out;
}

sbi::awaitable<ausf::eap_session> ue_authentication::eap_session(std::string auth_ctx_id, ausf::eap_session session) {
  auto c = take(auth_ctx_id);
  if (!c || !std::holds_alternative<eap_context>(c->method)) {
    if (c) put(auth_ctx_id, std::move(*c));  // a 5G-AKA context: not this resource's
    ++counters_.rejected_requests;
    co_return std::unexpected(problem_details::of(cause::context_not_found, "no EAP session with this id"));
  }
  if (!session.eap_payload_) {
    put(auth_ctx_id, std::move(*c));  // the SEAF's mistake; the UE may still answer
    ++counters_.rejected_requests;
    auto p = problem_details::of(cause::mandatory_ie_missing, "eapPayload");
    p.invalid_params_.push_back({"/eapPayload", std::nullopt});
    co_return std::unexpected(std::move(p));
  }
  auto& server = std::get<eap_context>(c->method);
  const std::vector<std::uint8_t> bytes = std::move(*session.eap_payload_);
  auto response = eap::decode(bytes);
  // What does not parse, is not a Response, or answers another Request ends
  // the session: the UE and the AUSF no longer agree on where they are.
  if (!response || response->code_ != eap::code::response || response->identifier_ != server.identifier) {
    detail::logger()->info("EAP session ended: {}",
                           !response ? response.error().message() : std::string("not the response to our request"));
    const std::uint8_t ours = server.identifier;
    co_return co_await eap_failure(std::move(*c), ours);
  }
  const auto& a = response->attributes_;

  switch (response->subtype_) {
    case eap::aka_subtype::challenge: {
      // RFC 9048 §3.2: we offered KDF 1 alone, so a KDF proposal is a failure;
      // RFC 4187 §9.4: AT_MAC under K_aut, then AT_RES against XRES.
      const bool ok = a.kdf_.empty() && (!a.checkcode_ || a.checkcode_->empty()) &&
                      eap::mac_verifies(bytes, server.keys.k_aut) && a.res_ &&
                      crypto::constant_time_equal(*a.res_, server.xres);
      if (!ok) {
        detail::logger()->info("EAP-AKA' challenge response refused (AT_MAC, AT_RES or AT_KDF)");
        co_return co_await eap_failure(std::move(*c), response->identifier_);
      }
      // TS 33.501 §6.1.3.1 step 7 and Annex F: K_AUSF = EMSK[0..255], K_SEAF from it.
      const auto kausf = security::derive_kausf_from_emsk(server.keys.emsk);
      const auto kseaf = security::derive_kseaf(kausf, c->serving_network_name);
      ++counters_.succeeded;
      (void)co_await confirm_to_udm(c->supi, c->serving_network_name, true, udm::auth_type::eap_aka_prime);
      ausf::eap_session out;
      out.eap_payload_ = header_only(eap::code::success, response->identifier_);
      out.k_seaf_ = sbi::bytes(kseaf.bytes().begin(), kseaf.bytes().end());
      out.auth_result_ = auth_result::authentication_success;
      out.supi_ = c->supi;
      co_return out;
    }

    case eap::aka_subtype::synchronization_failure: {
      // RFC 4187 §9.6 / TS 33.501 §6.1.3.3: AUTS to the UDM, which re-synchronises
      // SQN and answers with a fresh vector, sent as a new challenge.
      if (!a.auts_ || server.resynchronisations >= config_.max_eap_resynchronisations_)
        co_return co_await eap_failure(std::move(*c), response->identifier_);
      udm::authentication_info_request request;
      request.serving_network_name_ = c->serving_network_name;
      request.resynchronization_info_ =
          udm::resynchronization_info{.rand_ = sbi::bytes(server.rand.begin(), server.rand.end()),
                                      .auts_ = sbi::bytes(a.auts_->begin(), a.auts_->end())};
      request.ausf_instance_id_ = config_.nf_instance_id_;
      ++counters_.resynchronisations;
      sbi::supi_or_suci supi = c->supi;
      auto answer = co_await udm_.get(std::move(supi), std::move(request));
      if (!answer) {
        ++counters_.rejected_requests;
        co_return std::unexpected(detail::from_udm(std::move(answer.error())));
      }
      const auto* av = answer->authentication_vector_
                           ? std::get_if<udm::av_eap_aka_prime>(&*answer->authentication_vector_)
                           : nullptr;
      const auto identifier = static_cast<std::uint8_t>(server.identifier + 1);
      auto challenge = av ? detail::make_eap_challenge(*av, c->supi, c->serving_network_name, identifier)
                          : std::nullopt;
      if (!challenge) {
        ++counters_.rejected_requests;
        co_return std::unexpected(problem_details::of(cause::upstream_server_error, "UDM: no EAP-AKA' vector"));
      }
      server.identifier = identifier;
      server.rand = challenge->rand;
      server.xres = std::move(challenge->xres);
      server.keys = challenge->keys;
      server.resynchronisations += 1;
      ++counters_.started;
      ausf::eap_session out;
      out.eap_payload_ = std::move(challenge->request);
      out.auth_result_ = auth_result::authentication_ongoing;
      out.links_["eap-session"] = sbi::link{link(auth_ctx_id, "eap-session")};
      put(auth_ctx_id, std::move(*c));
      co_return out;
    }

    case eap::aka_subtype::authentication_reject:  // the UE refused AUTN (RFC 4187 §9.5)
    case eap::aka_subtype::client_error:           // the UE could not process our request (§9.9)
    default:
      co_return co_await eap_failure(std::move(*c), response->identifier_);
  }
}

}  // namespace meridian::ausf
