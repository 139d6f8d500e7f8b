// TS 24.501 §5.5.2, de-registration, the UE's side.
//
// UE-initiated (§5.5.2.2):
//   UE ── DEREGISTRATION REQUEST (switch off?, ngKSI, 5G-GUTI | SUCI) ─► AMF
//     switch off: 5GMM-NULL at once, no answer awaited
//     otherwise: 5GMM-DEREGISTERED-INITIATED, T3521; on the first four
//     expiries the request goes again (each a new NAS COUNT), on the fifth
//     the procedure is aborted and the connection released locally (§5.5.2.2.6 b)
//   UE ◄─ DEREGISTRATION ACCEPT ── AMF: 5GMM-DEREGISTERED
//
// Network-initiated (§5.5.2.3):
//   UE ◄─ DEREGISTRATION REQUEST (re-registration required?, 5GMM cause) ── AMF
//   UE ── DEREGISTRATION ACCEPT ─► AMF: 5GMM-DEREGISTERED; with
//     "re-registration required", an initial registration once the
//     connection is released; a cause acts as in a Registration Reject.

#include "meridian/ue/mm.hpp"
#include "mm_support.hpp"

namespace meridian::ue {

using detail::logger;

bool mm_entity::deregister(bool switch_off) {
  if (state_ != mm_state::registered && state_ != mm_state::registered_initiated &&
      state_ != mm_state::deregistered_initiated)
    return false;
  stop_timer();
  switch_off_ = switch_off;
  t3521_expiries_ = 0;
  send_deregistration_request();
  if (switch_off) {
    // §5.5.2.2.2: nothing more is awaited; the UE is off.
    set_state(mm_state::null);
    return true;
  }
  set_state(mm_state::deregistered_initiated);
  start_timer(mm_timer::t3521, cfg_.t3521);
  return true;
}

void mm_entity::send_deregistration_request() {
  nas::deregistration_request_ue_originating r;
  r.deregistration_type_ = nas::deregistration_type{switch_off_, false, nas::access_type::three_gpp};
  r.ngksi_ = current_ngksi();
  r.mobile_identity_ = identity_for_request();
  send(r);
}

void mm_entity::on_t3521_expiry() {
  if (state_ != mm_state::deregistered_initiated) return;
  if (++t3521_expiries_ < t3521_max_expiries) {
    // §5.5.2.2.6 b): retransmit, restart T3521.
    send_deregistration_request();
    start_timer(mm_timer::t3521, cfg_.t3521);
    return;
  }
  // The fifth expiry: abort; the UE is deregistered and releases locally.
  logger()->debug("UE {}: no Deregistration Accept after {} transmissions", id_, static_cast<int>(t3521_expiries_));
  set_state(mm_state::deregistered);
  if (connected_) {
    connected_ = false;
    secure_exchange_ = false;
    lower_.release_connection(id_);
  }
}

void mm_entity::on_deregistration_accept() {
  // §5.5.2.2.2: the network releases the connection next.
  stop_timer();
  set_state(mm_state::deregistered);
}

void mm_entity::on_network_deregistration(const nas::deregistration_request_ue_terminated& m) {
  // §5.5.2.3.2 (and, while the UE deregisters itself, the collision of §5.5.2.2.6: the network's wins).
  stop_timer();
  const bool reregister = m.deregistration_type_.reregistration_required_;
  send(nas::deregistration_accept_ue_terminated{});
  if (reregister || !m.cause_) {
    update_status_ = update_status::not_updated;
    set_state(mm_state::deregistered);
    reregister_after_release_ = reregister;
    return;
  }
  // §5.5.2.3.4: the causes act as in a Registration Reject.
  last_cause_ = *m.cause_;
  using c = nas::gmm_cause;
  switch (*m.cause_) {
    case c::illegal_ue:
    case c::illegal_me:
    case c::fivegs_services_not_allowed:
      update_status_ = update_status::roaming_not_allowed;
      delete_registration_data(true);
      set_state(mm_state::deregistered, mm_substate::no_supi);
      return;
    case c::plmn_not_allowed:
    case c::serving_network_not_authorized:
      update_status_ = update_status::roaming_not_allowed;
      delete_registration_data(true);
      attempt_counter_ = 0;
      set_state(mm_state::deregistered, mm_substate::plmn_search);
      return;
    case c::tracking_area_not_allowed:
    case c::roaming_not_allowed_in_this_tracking_area:
    case c::no_suitable_cells_in_tracking_area:
    case c::n1_mode_not_allowed:
      update_status_ = update_status::roaming_not_allowed;
      delete_registration_data(true);
      attempt_counter_ = 0;
      set_state(mm_state::deregistered, mm_substate::limited_service);
      return;
    default:
      // Any other cause: deregistered, a new registration may follow.
      update_status_ = update_status::not_updated;
      set_state(mm_state::deregistered);
      return;
  }
}

}  // namespace meridian::ue
