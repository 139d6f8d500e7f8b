// TS 24.501 §5.5.1.3 registration for mobility and periodic registration
// update, for a UE whose 5GMM context and NAS security context this AMF kept
// (TS 23.502 §4.2.2.2.2 without the authentication steps, which the AMF may
// skip when the message passed its integrity check):
//
//   UE ── REGISTRATION REQUEST (mobility / periodic, 5G-GUTI; integrity
//         protected with the kept context; the whole request ciphered in its
//         NAS message container when it has more than the cleartext IEs) ─► AMF
//   PDU session status: sessions the UE no longer has are released at the SMF
//   UE ◄─ REGISTRATION ACCEPT (same 5G-GUTI, TAI list around the UE's TA,
//         allowed NSSAI, T3512, PDU session status) ── AMF
//     in a Downlink NAS Transport, then the connection is released (back to
//     CM-IDLE), unless the UE asked to keep it (follow-on request) or sent
//     uplink data status: then in an Initial Context Setup that also sets up
//     the sessions it wants (as a service request does, service_request.cpp)
//
// The 5G-GUTI is kept, so no Registration Complete is awaited (§5.5.1.3.4).

#include "mm_support.hpp"

#include "meridian/amf/amf_n2.hpp"
#include "meridian/nas/nas.hpp"

namespace meridian::amf {

using mm_detail::logger;

runtime::task<void> mm_layer::registration_update(model::amf_ue_ngap_id ue, nas::registration_request request) {
  mm_context* ctx = context(ue);
  if (ctx == nullptr) co_return;
  const bool periodic = request.registration_type_.value_ == nas::registration_type_value::periodic_updating;
  ++(periodic ? counters_.periodic_registrations : counters_.mobility_registrations);
  if (request.nas_message_container_) {
    auto whole =
        mm_detail::whole_initial_message<nas::registration_request>(*ctx->security, *request.nas_message_container_);
    if (!whole) {
      logger()->info("AMF UE NGAP ID {}: Registration Request's NAS message container unreadable", ue.value());
      reject(ue, nas::gmm_cause::semantically_incorrect_message);
      co_return;
    }
    request = std::move(*whole);
  }
  if (request.ue_security_capability_) ctx->ue_security_capability = request.ue_security_capability_;
  const ue_ngap_context* connection = n2_.ues().find(ue);
  if (connection == nullptr) co_return;
  if (connection->tai) ctx->tai = connection->tai;

  // §5.5.1.3.4: sessions the UE reports as inactive are released here as well.
  if (request.pdu_session_status_) release_sessions_not_in(*ctx, *request.pdu_session_status_);

  nas::registration_accept accept;
  accept.registration_result_.value_ = 1;  // 3GPP access
  accept.guti_ = nas::mobile_identity{nas::guti_5g_identity{.value_ = *ctx->guti}};
  accept.tai_list_ = registration_area(ctx->tai.value_or(model::tai{ctx->guti->guami_.plmn_, {}}));
  nas::nssai allowed;
  for (const auto& s : ctx->allowed_nssai) allowed.s_nssais_.push_back(nas::s_nssai{.value_ = s, .mapped_hplmn_ = {}});
  accept.allowed_nssai_ = std::move(allowed);
  accept.network_feature_support_ = nas::octets{{0x00, 0x00}};
  accept.t3512_value_ = mm_detail::gprs_timer_3_for(cfg_.t3512);
  if (request.pdu_session_status_) accept.pdu_session_status_ = mm_detail::pdu_session_status(*ctx);

  const bool keep_connection = request.registration_type_.follow_on_request_ || request.uplink_data_status_;
  if (!keep_connection) {
    send(*ctx, accept);
    logger()->info("AMF UE NGAP ID {}: {} registration of 5G-GUTI {} accepted", ue.value(),
                   periodic ? "periodic" : "mobility", ctx->guti->to_string());
    // §5.3.1.3: nothing more to do on this connection.
    release(ue, ngap::cause_nas::normal_release);
    co_return;
  }
  auto pdu = seal(*ctx, accept, protection::as_context);
  if (pdu.empty()) co_return;
  initial_context_setup_parameters setup = mm_detail::context_setup_for(*ctx, std::move(pdu));
  initial_context_setup_result result = co_await n2_.initial_context_setup(ue, std::move(setup));
  if (result.outcome == initial_context_setup_outcome::connection_gone) co_return;
  if (result.outcome != initial_context_setup_outcome::established) release(ue);
}

}  // namespace meridian::amf
