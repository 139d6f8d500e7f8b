// TS 24.501 §5.5.1.2 registration for initial registration, as the AMF runs
// it (TS 23.502 §4.2.2.2.2), one coroutine from the Registration Request to
// the Registration Complete:
//
//   UE ── REGISTRATION REQUEST ─► AMF
//   identification (5G-GUTI unknown here: Identity Request for the SUCI)
//   primary authentication (primary_authentication.cpp)
//   NAS security mode control (security_mode_control.cpp); the Registration
//     Request whole from its NAS message container (§4.4.6)
//   AMF ── Nudm_UECM_Registration (amf-3gpp-access) ─► UDM
//   AMF ── Nudm_SDM_Get (am-data) ─► UDM: the subscribed S-NSSAIs
//   allowed NSSAI = requested ∩ subscribed ∩ served here (the default
//     subscribed S-NSSAIs when none of the requested is allowed); none at all:
//     REGISTRATION REJECT #62 with the rejected NSSAI
//   gNB ◄─ INITIAL CONTEXT SETUP REQUEST (K_gNB, NAS-PDU: REGISTRATION ACCEPT
//          (5G-GUTI, TAI list, allowed NSSAI, T3512)) ── AMF, T3550 started
//   gNB ── INITIAL CONTEXT SETUP RESPONSE ─► AMF
//   UE ── REGISTRATION COMPLETE ─► AMF     (else the Accept again on each of four
//                                           expiries of T3550, then release)

#include <algorithm>

#include <fmt/format.h>

#include "meridian/amf/amf_n2.hpp"
#include "meridian/nas/nas.hpp"
#include "meridian/sbi_types/bit_rate.hpp"
#include "meridian/security/key_hierarchy.hpp"
#include "mm_support.hpp"

namespace meridian::amf {

using mm_detail::logger;

namespace {

/// TS 24.501 §9.11.3.9: at most 16 TAIs in a TAI list.
constexpr std::size_t max_tais = 16;

bool contains(const std::vector<model::s_nssai>& list, const model::s_nssai& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

}  // namespace

// The registration area for a UE in `where`: the TAs this AMF serves in its
// PLMN (at most 16), or only its own TA when it is not one of them.
nas::tai_list mm_layer::registration_area(const model::tai& where) const {
  const amf_config& cfg = n2_.config();
  nas::tai_list list;
  nas::tai_list_tacs tacs{.plmn_ = where.plmn_, .tacs_ = {}};
  bool served = false;
  for (const auto& s : cfg.tais) {
    if (s.plmn != where.plmn_) continue;
    for (const auto& tac : s.tacs) {
      served = served || tac == where.tac_;
      if (tacs.tacs_.size() < max_tais && std::find(tacs.tacs_.begin(), tacs.tacs_.end(), tac) == tacs.tacs_.end())
        tacs.tacs_.push_back(tac);
    }
  }
  if (!served) tacs.tacs_ = {where.tac_};
  list.partial_lists_.emplace_back(std::move(tacs));
  return list;
}

runtime::task<std::optional<model::suci>> mm_layer::identification(model::amf_ue_ngap_id ue) {
  mm_context* ctx = context(ue);
  if (ctx == nullptr) co_return std::nullopt;
  // TS 24.501 §5.4.3: UE ◄─ IDENTITY REQUEST (SUCI) ── AMF, T3570.
  ++counters_.identity_requests;
  ctx->state = mm_state::identifying;
  nas::identity_request request;
  request.identity_type_.value_ = nas::identity_type::suci;
  std::optional<nas::gmm_message> answer = co_await exchange(
      ue, std::move(request), {nas::identity_response::message_type, 0}, cfg_.t3570, &counters_.t3570_expiries);
  if (context(ue) == nullptr) co_return std::nullopt;
  const auto* response = answer ? std::get_if<nas::identity_response>(&*answer) : nullptr;
  const auto* suci = response ? std::get_if<nas::suci_imsi>(&response->mobile_identity_.value_) : nullptr;
  auto model_suci = suci != nullptr ? suci->to_model() : std::nullopt;
  if (!model_suci) {
    if (answer) {
      ++counters_.unsupported_identities;
      reject(ue, nas::gmm_cause::ue_identity_cannot_be_derived);
    } else {
      release(ue);
    }
  }
  co_return model_suci;
}

runtime::task<void> mm_layer::registration(model::amf_ue_ngap_id ue, nas::registration_request request) {
  mm_context* ctx = context(ue);
  if (ctx == nullptr) co_return;
  // A mobility or periodic registration of a UE whose context is here and
  // whose message passed its integrity check needs no new authentication.
  const auto type = request.registration_type_.value_;
  if ((type == nas::registration_type_value::mobility_updating ||
       type == nas::registration_type_value::periodic_updating) &&
      ctx->state == mm_state::registered && ctx->security && !ctx->initial_unverified) {
    co_await registration_update(ue, std::move(request));
    co_return;
  }
  // An initial registration starts the UE afresh: sessions it had are gone on its side (§5.5.1.2.2).
  if (type == nas::registration_type_value::initial) release_sm_contexts(*ctx);
  if (type == nas::registration_type_value::periodic_updating) {
    // No context here for it (another AMF's GUTI, or one forgotten): §5.5.1.3.5
    // cause #9 makes the UE register afresh.
    reject(ue, nas::gmm_cause::ue_identity_cannot_be_derived);
    co_return;
  }
  // §8.2.6.4: the UE security capability is in every registration but a periodic one.
  if (!request.ue_security_capability_) {
    reject(ue, nas::gmm_cause::invalid_mandatory_information);
    co_return;
  }
  ctx->ue_security_capability = request.ue_security_capability_;

  // Who: a SUCI, or a 5G-GUTI this AMF does not know (its context is another
  // AMF's or gone), for which it asks the SUCI.
  std::optional<model::suci> suci;
  const auto& identity = request.mobile_identity_.value_;
  if (const auto* s = std::get_if<nas::suci_imsi>(&identity)) {
    suci = s->to_model();
  } else if (std::holds_alternative<nas::guti_5g_identity>(identity) ||
             std::holds_alternative<nas::s_tmsi_5g_identity>(identity)) {
    suci = co_await identification(ue);
    if (!suci) co_return;
  }
  if (!suci) {
    ++counters_.unsupported_identities;
    logger()->info("AMF UE NGAP ID {}: Registration Request with an identity this AMF cannot use", ue.value());
    reject(ue, nas::gmm_cause::ue_identity_cannot_be_derived);
    co_return;
  }

  const bool authenticated = co_await primary_authentication(ue, *suci, request.ngksi_.ksi_);
  if (!authenticated) co_return;
  ctx = context(ue);
  if (ctx == nullptr) co_return;
  std::optional<nas::security_mode_complete> secured = co_await security_mode_control(ue, ctx->initial_unverified);
  if (!secured) co_return;
  // §4.4.6: the UE sent only the cleartext IEs first; the whole Registration
  // Request (requested NSSAI and the rest) comes in the NAS message container.
  if (secured->nas_message_container_) {
    auto whole = nas::decode_plain_nas(secured->nas_message_container_->bytes_);
    const auto* gmm = whole ? std::get_if<nas::gmm_pdu>(&*whole) : nullptr;
    if (const auto* rr = gmm ? std::get_if<nas::registration_request>(&gmm->message_) : nullptr) request = *rr;
  }
  ctx = context(ue);
  if (ctx == nullptr || !ctx->supi) co_return;
  const model::supi supi = *ctx->supi;
  by_supi_[supi.to_string()] = ue.value();
  const model::guami guami = n2_.config().served_guamis.empty() ? model::guami{} : n2_.config().served_guamis.front();

  // AMF ── Nudm_UECM_Registration ─► UDM: this AMF serves the UE on 3GPP access.
  udm::amf_3gpp_access_registration registration;
  registration.amf_instance_id_ = cfg_.nf_instance_id;
  registration.dereg_callback_uri_ =
      fmt::format("http://amf.invalid/namf-callback/v1/{}/dereg-notify", supi.to_string());
  registration.initial_registration_ind_ = true;
  registration.guami_ = guami;
  registration.pei_ = ctx->pei;
  std::expected<udm::amf_3gpp_access_registration, sbi::problem_details> registered =
      co_await services_.uecm.registration_amf_3gpp_access(supi, std::move(registration));
  if (context(ue) == nullptr) co_return;
  if (!registered) {
    logger()->info("AMF UE NGAP ID {}: the UDM refused the registration ({})", ue.value(),
                   sbi::to_string(registered.error().cause_.value_or(sbi::cause::system_failure)));
    reject(ue, nas::gmm_cause::fivegs_services_not_allowed);
    co_return;
  }
  // AMF ── Nudm_SDM_Get am-data ─► UDM: the subscribed slices.
  std::expected<udm::access_and_mobility_subscription_data, sbi::problem_details> am =
      co_await services_.sdm.get_am_data(supi, guami.plmn_);
  ctx = context(ue);
  if (ctx == nullptr) co_return;
  if (!am) {
    reject(ue, nas::gmm_cause::fivegs_services_not_allowed);
    co_return;
  }

  if (am->subscribed_ue_ambr_) {
    ctx->ue_ambr_uplink = sbi::parse_bit_rate(am->subscribed_ue_ambr_->uplink_).value_or(0);
    ctx->ue_ambr_downlink = sbi::parse_bit_rate(am->subscribed_ue_ambr_->downlink_).value_or(0);
  }

  // Allowed NSSAI (TS 23.501 §5.15.5.2.1), as an NSSF in the AMF would decide.
  std::vector<model::s_nssai> served;
  for (const auto& p : n2_.config().plmn_support)
    if (p.plmn == guami.plmn_) served.insert(served.end(), p.slices.begin(), p.slices.end());
  std::vector<model::s_nssai> subscribed;
  if (am->nssai_) {
    subscribed = am->nssai_->default_single_nssais_;
    subscribed.insert(subscribed.end(), am->nssai_->single_nssais_.begin(), am->nssai_->single_nssais_.end());
  }
  std::vector<model::s_nssai> allowed;
  nas::rejected_nssai rejected;
  if (request.requested_nssai_) {
    for (const auto& r : request.requested_nssai_->s_nssais_) {
      if (contains(subscribed, r.value_) && contains(served, r.value_)) {
        if (!contains(allowed, r.value_)) allowed.push_back(r.value_);
      } else {
        // Cause 0: "S-NSSAI not available in the current PLMN or SNPN".
        rejected.rejected_.push_back(nas::rejected_s_nssai{.cause_ = 0, .s_nssai_ = r.value_});
      }
    }
  }
  if (allowed.empty() && am->nssai_)
    for (const auto& d : am->nssai_->default_single_nssais_)
      if (contains(served, d) && !contains(allowed, d)) allowed.push_back(d);
  if (allowed.empty()) {
    logger()->info("AMF UE NGAP ID {}: no slice both subscribed and served here", ue.value());
    ++counters_.registrations_rejected;
    ctx->state = mm_state::deregistered;
    nas::registration_reject r;
    r.cause_ = nas::gmm_cause::no_network_slices_available;
    if (!rejected.rejected_.empty()) r.rejected_nssai_ = std::move(rejected);
    send(*ctx, r);
    release(ue);
    co_return;
  }
  ctx->allowed_nssai = allowed;

  // UE ◄─ REGISTRATION ACCEPT ── AMF, inside the Initial Context Setup Request.
  const ue_ngap_context* connection = n2_.ues().find(ue);
  if (connection == nullptr) co_return;
  if (ctx->guti) tmsis_in_use_.erase(ctx->guti->tmsi_.value());
  ctx->guti = model::guti_5g{.guami_ = guami, .tmsi_ = allocate_tmsi()};
  nas::registration_accept accept;
  accept.registration_result_.value_ = 1;  // 3GPP access
  accept.guti_ = nas::mobile_identity{nas::guti_5g_identity{.value_ = *ctx->guti}};
  ctx->tai = connection->tai.value_or(model::tai{guami.plmn_, {}});
  accept.tai_list_ = registration_area(*ctx->tai);
  nas::nssai allowed_ie;
  for (const auto& s : allowed) allowed_ie.s_nssais_.push_back(nas::s_nssai{.value_ = s, .mapped_hplmn_ = {}});
  accept.allowed_nssai_ = std::move(allowed_ie);
  if (!rejected.rejected_.empty()) accept.rejected_nssai_ = std::move(rejected);
  // §9.11.3.5 5GS network feature support: nothing offered (no IMS voice, ...).
  accept.network_feature_support_ = nas::octets{{0x00, 0x00}};
  accept.t3512_value_ = mm_detail::gprs_timer_3_for(cfg_.t3512);

  initial_context_setup_parameters setup =
      mm_detail::context_setup_for(*ctx, seal(*ctx, accept, protection::as_context));
  if (setup.nas_pdu.empty()) co_return;
  ctx->state = mm_state::registering;
  ++counters_.registrations_accepted;

  // T3550 runs from the moment the Accept leaves; the Complete may overtake
  // the gNB's Initial Context Setup Response.
  auto complete = answers_.wait(ue.value(), cfg_.t3550);
  ctx->awaited = {nas::registration_complete::message_type, 0};
  initial_context_setup_result setup_result = co_await n2_.initial_context_setup(ue, std::move(setup));
  if (setup_result.outcome == initial_context_setup_outcome::connection_gone) co_return;
  if (setup_result.outcome != initial_context_setup_outcome::established) {
    // TS 23.502 §4.2.2.2.2: without the UE's context in the gNB there is no
    // registration to complete; the connection goes.
    if (mm_context* c = context(ue)) c->state = mm_state::deregistered;
    release(ue);
    co_return;
  }
  std::expected<nas::gmm_message, runtime::runtime_error> done = co_await complete;
  if (!done) {
    if (done.error() != runtime::runtime_error::timed_out) co_return;
    ++counters_.t3550_expiries;
    std::optional<nas::gmm_message> again = co_await exchange(
        ue, std::move(accept), {nas::registration_complete::message_type, 0}, cfg_.t3550, &counters_.t3550_expiries,
        protection::as_context, 4);
    if (!again) {
      if (mm_context* c = context(ue)) c->state = mm_state::deregistered;
      release(ue);
      co_return;
    }
  }
  ctx = context(ue);
  if (ctx == nullptr) co_return;
  ctx->state = mm_state::registered;
  ++counters_.registrations_completed;
  logger()->info("AMF UE NGAP ID {}: registered, 5G-GUTI {}", ue.value(), ctx->guti->to_string());
}

}  // namespace meridian::amf
