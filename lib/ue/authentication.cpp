// TS 24.501 §5.4.1.3, 5G-AKA based primary authentication, the UE's side
// (TS 33.501 §6.1.3.2):
//
//   UE ◄─ AUTHENTICATION REQUEST (ngKSI, ABBA, RAND, AUTN) ── AMF
//   the USIM checks AUTN (usim.hpp); the ME derives RES*, K_AUSF, K_SEAF and
//   K_AMF (TS 33.501 A.4, A.2, A.6, A.7), kept with the ngKSI until a
//   Security Mode Command takes them into use
//   UE ── AUTHENTICATION RESPONSE (RES*) ─► AMF
//   UE ── AUTHENTICATION FAILURE ─► AMF (§5.4.1.3.7):
//         #20 MAC failure, #26 non-5G authentication unacceptable,
//         #21 synch failure with the AUTS, #71 ngKSI already in use;
//         the retransmission timer running (T3510, T3521) is stopped and
//         T3520 started; a new challenge stops T3520 and restarts it.
//         T3520 expiring, or a third failure in a row: the network is not
//         genuine and the connection is released locally.
//   UE ◄─ AUTHENTICATION REJECT ── AMF (§5.4.1.3.5): the USIM is invalid for 5GS.

#include <array>

#include "meridian/security/key_hierarchy.hpp"
#include "meridian/security/serving_network_name.hpp"
#include "meridian/ue/mm.hpp"
#include "mm_support.hpp"

namespace meridian::ue {

using detail::logger;

namespace {

/// §5.4.1.3.7: the third failure in a row means the network is not genuine.
constexpr std::uint8_t max_consecutive_authentication_failures = 3;

}  // namespace

void mm_entity::on_authentication_request(const nas::authentication_request& m) {
  // A new challenge: T3520 stops and the timer it stopped restarts (§5.4.1.3.7).
  if (timer_id_ == mm_timer::t3520) {
    const mm_timer resume = suspended_timer_;
    stop_timer();
    if (resume == mm_timer::t3510) start_timer(mm_timer::t3510, cfg_.t3510);
    if (resume == mm_timer::t3521) start_timer(mm_timer::t3521, cfg_.t3521);
  }
  if (m.eap_message_ && !m.rand_ && !m.autn_) {
    on_eap_authentication_request(m);
    return;
  }
  if (!m.rand_ || !m.autn_) {
    // Neither a 5G-AKA challenge nor an EAP one (§5.4.1.3.2: RAND and AUTN are conditional together).
    send_status(nas::gmm_cause::invalid_mandatory_information);
    return;
  }
  // §5.4.1.3.7 e): the ngKSI of the context in use.
  if (security_ && !m.ngksi_.mapped_ && m.ngksi_.ksi_ == security_->ngksi()) {
    authentication_failure(nas::gmm_cause::ngksi_already_in_use);
    return;
  }
  const std::string snn = security::serving_network_name(cfg_.serving_tai.plmn_);
  auto outcome = usim_.authenticate(*m.rand_, *m.autn_, snn);
  if (!outcome) {
    switch (outcome.error().reason) {
      case security::autn_failure::mac_failure:
        authentication_failure(nas::gmm_cause::mac_failure);
        return;
      case security::autn_failure::non_5g_auth_unacceptable:
        authentication_failure(nas::gmm_cause::non_5g_authentication_unacceptable);
        return;
      case security::autn_failure::synch_failure:
        authentication_failure(nas::gmm_cause::synch_failure, outcome.error().auts);
        return;
    }
    return;
  }
  auth_failures_ = 0;
  // TS 33.501 A.6, A.7: K_SEAF, then K_AMF with the SUPI and the ABBA received.
  const crypto::key256 kseaf = security::derive_kseaf(outcome->kausf, snn);
  new_kamf_ = security::derive_kamf(kseaf, usim_.supi().value(), m.abba_.bytes_);
  new_ngksi_ = m.ngksi_.ksi_;
  nas::authentication_response response;
  response.res_star_ = outcome->res_star;
  send(response);
}

void mm_entity::authentication_failure(nas::gmm_cause cause, std::optional<nas::auts_value> auts) {
  last_cause_ = cause;
  nas::authentication_failure f;
  f.cause_ = cause;
  if (cause == nas::gmm_cause::synch_failure) f.authentication_failure_parameter_ = auts;
  logger()->debug("UE {}: Authentication Failure #{}", id_, static_cast<int>(cause));
  send(f);
  if (cause == nas::gmm_cause::ngksi_already_in_use) return;  // §5.4.1.3.7 e): no T3520
  if (++auth_failures_ >= max_consecutive_authentication_failures) {
    network_not_genuine();
    return;
  }
  // §5.4.1.3.7 c), d), f): stop the retransmission timer running, start T3520.
  const mm_timer running = timer_id_ == mm_timer::t3520 ? suspended_timer_ : timer_id_;
  timer_.cancel();
  start_timer(mm_timer::t3520, cfg_.t3520);
  suspended_timer_ = running;
}

void mm_entity::network_not_genuine() {
  // §5.4.1.3.7: the network is treated as not genuine: the connection is
  // released locally and the procedure that ran fails as on a lower layer failure.
  logger()->debug("UE {}: network not genuine (authentication failures)", id_);
  auth_failures_ = 0;
  stop_timer();
  if (connected_) {
    lower_.release_connection(id_);
    // Reported as a lower layer failure to the procedures: connection_lost() clears connected_.
    connection_lost();
  }
}

void mm_entity::on_authentication_reject() {
  // §5.4.1.3.5: 5U3; the 5G-GUTI, TAI list, last visited TAI and ngKSI are
  // deleted; the USIM is invalid for 5GS until switched off.
  stop_timer();
  last_cause_.reset();
  eap_.reset();  // an EAP-Failure may come with it: nothing more to learn
  update_status_ = update_status::roaming_not_allowed;
  delete_registration_data(true);
  set_state(mm_state::deregistered, mm_substate::no_supi);
}

}  // namespace meridian::ue
