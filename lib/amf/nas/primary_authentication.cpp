// TS 24.501 §5.4.1.3 primary authentication by 5G-AKA, as the AMF (SEAF)
// runs it with the AUSF (TS 33.501 §6.1.3.2); when the AUSF chose EAP-AKA'
// for the subscriber, eap_authentication.cpp takes over:
//
//   AMF ── Nausf_UEAuthentication_Authenticate(SUCI, serving network name) ─► AUSF
//   UE ◄─ AUTHENTICATION REQUEST (ngKSI, ABBA, RAND, AUTN) ── AMF, T3560
//   UE ── AUTHENTICATION RESPONSE (RES*) ─► AMF ── 5g-aka-confirmation ─► AUSF
//                                           AMF ◄─ SUPI, K_SEAF ───────── AUSF
//   K_AMF from K_SEAF, the SUPI and ABBA (TS 33.501 A.7)
//
//   UE ── AUTHENTICATION FAILURE #21 synch failure (AUTS) ─► AMF: authenticate
//         again with the resynchronisation info (RAND, AUTS), once (§5.4.1.3.7 f)
//   UE ── AUTHENTICATION FAILURE #71 ngKSI already in use ─► AMF: again with
//         another ngKSI, once (§5.4.1.3.7 e)
//   UE ── AUTHENTICATION FAILURE #20 MAC failure / #26 ─► AMF, or a wrong RES*:
//         AUTHENTICATION REJECT, connection released (§5.4.1.3.5)
//   the AUSF refuses to start: REGISTRATION REJECT (#7 for an unknown
//         subscriber, #73 for a serving network it does not authorise)

#include <fmt/format.h>

#include "meridian/amf/amf_n2.hpp"
#include "meridian/nas/nas.hpp"
#include "meridian/security/key_hierarchy.hpp"
#include "mm_support.hpp"

namespace meridian::amf {

using mm_detail::logger;

namespace {

/// TS 33.501 §A.7.1: ABBA 0x0000, no security features to bind (yet).
constexpr std::array<std::uint8_t, 2> abba{0x00, 0x00};

/// The 5GMM cause a refused Nausf_UEAuthentication_Authenticate leads to, or
/// nothing when the connection is only released (the AUSF or UDM failed: the
/// UE is not at fault and will try again).
std::optional<nas::gmm_cause> reject_cause(const sbi::problem_details& p) {
  switch (p.cause_.value_or(sbi::cause::system_failure)) {
    case sbi::cause::user_not_found: return nas::gmm_cause::fivegs_services_not_allowed;
    case sbi::cause::serving_network_not_authorized: return nas::gmm_cause::serving_network_not_authorized;
    case sbi::cause::authentication_rejected: return nas::gmm_cause::illegal_ue;
    default: return std::nullopt;
  }
}

}  // namespace

runtime::task<bool> mm_layer::primary_authentication(model::amf_ue_ngap_id ue, model::suci suci,
                                                     std::uint8_t ue_ngksi) {
  ++counters_.authentications_started;
  // §5.4.1.3.2: an ngKSI the UE does not hold for another context.
  std::uint8_t ngksi = ue_ngksi >= security::ngksi_no_key ? 0 : static_cast<std::uint8_t>((ue_ngksi + 1) % 7);
  std::optional<udm::resynchronization_info> resync;
  bool resynchronised = false;
  bool ngksi_changed = false;
  for (;;) {
    // AMF ── Nausf_UEAuthentication_Authenticate ─► AUSF
    ausf::authentication_info info;
    info.supi_or_suci_ = suci;
    info.serving_network_name_ = cfg_.serving_network_name;
    info.resynchronization_info_ = std::move(resync);
    resync.reset();
    std::expected<ausf::ue_authentication_ctx, sbi::problem_details> started =
        co_await services_.ausf.authenticate(std::move(info));
    mm_context* ctx = context(ue);
    if (ctx == nullptr) co_return false;  // released meanwhile
    if (started && started->auth_type_ == udm::auth_type::eap_aka_prime) {
      // The subscription's method is EAP-AKA' (eap_authentication.cpp).
      const bool authenticated = co_await eap_authentication(ue, std::move(*started), ngksi);
      co_return authenticated;
    }
    const auto* av = started ? std::get_if<ausf::av_5g_aka>(&started->auth_data_5g_) : nullptr;
    const auto link = started ? started->links_.find("5g-aka") : decltype(started->links_.end()){};
    if (av == nullptr || av->rand_.size() != 16 || av->autn_.size() != 16 || link == started->links_.end()) {
      ++counters_.authentications_rejected;
      const auto cause = started ? std::nullopt : reject_cause(started.error());
      logger()->info("AMF UE NGAP ID {}: the AUSF did not start 5G-AKA ({})", ue.value(),
                     started ? "not a 5G-AKA vector"
                             : sbi::to_string(started.error().cause_.value_or(sbi::cause::system_failure)));
      if (cause) {
        reject(ue, *cause);
      } else {
        ctx->state = mm_state::deregistered;
        release(ue);
      }
      co_return false;
    }
    const std::string auth_ctx_id(ausf::auth_ctx_id_of(link->second.href_));

    // UE ◄─ AUTHENTICATION REQUEST ── AMF, T3560 (§5.4.1.3.7 b: four retransmissions).
    ctx->state = mm_state::authenticating;
    nas::authentication_request request;
    request.ngksi_.ksi_ = ngksi;
    request.abba_.bytes_.assign(abba.begin(), abba.end());
    nas::rand_value rand{};
    nas::autn_value autn{};
    std::copy(av->rand_.begin(), av->rand_.end(), rand.begin());
    std::copy(av->autn_.begin(), av->autn_.end(), autn.begin());
    request.rand_ = rand;
    request.autn_ = autn;
    std::optional<nas::gmm_message> answer =
        co_await exchange(ue, std::move(request),
                          {nas::authentication_response::message_type, nas::authentication_failure::message_type},
                          cfg_.t3560, &counters_.t3560_expiries);
    ctx = context(ue);
    if (ctx == nullptr) co_return false;
    if (!answer) {
      ctx->state = mm_state::deregistered;
      release(ue);
      co_return false;
    }

    if (const auto* failure = std::get_if<nas::authentication_failure>(&*answer)) {
      ++counters_.authentication_failures;
      logger()->info("AMF UE NGAP ID {}: Authentication Failure, 5GMM cause #{}", ue.value(),
                     static_cast<int>(failure->cause_));
      if (failure->cause_ == nas::gmm_cause::synch_failure && failure->authentication_failure_parameter_ &&
          !resynchronised) {
        // The UE's SQN is ahead: the UDM re-synchronises from AUTS and a new vector follows.
        ++counters_.resynchronisations;
        resynchronised = true;
        resync = udm::resynchronization_info{
            .rand_ = sbi::bytes(rand.begin(), rand.end()),
            .auts_ = sbi::bytes(failure->authentication_failure_parameter_->begin(),
                                failure->authentication_failure_parameter_->end())};
        continue;
      }
      if (failure->cause_ == nas::gmm_cause::ngksi_already_in_use && !ngksi_changed) {
        ngksi_changed = true;
        ngksi = static_cast<std::uint8_t>((ngksi + 1) % 7);
        continue;
      }
      // #20 MAC failure (the network is not who it says), #26, a second synch failure.
      ++counters_.authentications_rejected;
      ctx->state = mm_state::deregistered;
      send(*ctx, nas::authentication_reject{});
      release(ue, ngap::cause_nas::authentication_failure);
      co_return false;
    }

    // AMF ── 5g-aka-confirmation(RES*) ─► AUSF ── SUPI, K_SEAF ─► AMF
    const auto& response = std::get<nas::authentication_response>(*answer);
    ausf::confirmation_data data;
    if (response.res_star_) data.res_star_ = sbi::bytes(response.res_star_->begin(), response.res_star_->end());
    std::expected<ausf::confirmation_data_response, sbi::problem_details> confirmed =
        co_await services_.ausf.confirm_5g_aka(auth_ctx_id, std::move(data));
    ctx = context(ue);
    if (ctx == nullptr) co_return false;
    const auto kseaf = confirmed && confirmed->kseaf_ ? crypto::key256::from(*confirmed->kseaf_) : std::nullopt;
    if (confirmed && confirmed->auth_result_ == ausf::auth_result::authentication_success && kseaf &&
        confirmed->supi_) {
      ctx->state = mm_state::authenticated;
      ctx->supi = confirmed->supi_;
      ctx->ngksi = ngksi;
      ctx->kamf = security::derive_kamf(*kseaf, confirmed->supi_->value(), abba);
      ++counters_.authentications_succeeded;
      logger()->info("AMF UE NGAP ID {}: 5G-AKA complete", ue.value());  // the SUPI only at debug (DESIGN.md)
      logger()->debug("AMF UE NGAP ID {}: SUPI {}", ue.value(), ctx->supi->to_string());
      co_return true;
    }
    // §5.4.1.3.5: RES* wrong: Authentication Reject, and the connection ends.
    ++counters_.authentications_rejected;
    ctx->state = mm_state::deregistered;
    logger()->info("AMF UE NGAP ID {}: 5G-AKA failed at the AUSF; Authentication Reject", ue.value());
    send(*ctx, nas::authentication_reject{});
    release(ue, ngap::cause_nas::authentication_failure);
    co_return false;
  }
}

}  // namespace meridian::amf
