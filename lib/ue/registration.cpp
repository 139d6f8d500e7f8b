// TS 24.501 §5.5.1.2, registration for initial registration, the UE's side:
//
//   UE ── REGISTRATION REQUEST ─► AMF                   T3510, 5GMM-REGISTERED-INITIATED
//        no 5G NAS security context: plain, cleartext IEs only (§4.4.6); the
//        whole request follows in the Security Mode Complete
//        with one: integrity protected, the whole request ciphered in the
//        NAS message container
//   UE ◄─ REGISTRATION ACCEPT (5G-GUTI, TAI list, allowed NSSAI, T3512) ── AMF
//   UE ── REGISTRATION COMPLETE ─► AMF    (when the Accept gave a 5G-GUTI)
//   UE ◄─ REGISTRATION REJECT (cause) ── AMF: by cause class (§5.5.1.2.5)
//   abnormal cases (§5.5.1.2.7): T3510 expiry, the connection lost, a reject
//   with another cause: the registration attempt counter; below five, T3511
//   and a new attempt; at five, the registration data deleted and T3502.

#include <algorithm>
#include <cstdint>

#include "meridian/nas/nas.hpp"
#include "meridian/nas/security.hpp"
#include "meridian/ue/mm.hpp"
#include "mm_support.hpp"

namespace meridian::ue {

using detail::logger;

bool mm_entity::register_initial() {
  if (state_ == mm_state::null) {
    // Switching on: the USIM is valid again and the attempt counter starts at 0 (§5.5.1.2.7).
    attempt_counter_ = 0;
    set_state(mm_state::deregistered);
  }
  if (state_ != mm_state::deregistered || substate_ == mm_substate::no_supi) return false;
  stop_timer();
  start_registration();
  return true;
}

nas::registration_request mm_entity::registration_request(const nas::mobile_identity& identity, bool whole) {
  nas::registration_request r;
  r.registration_type_ = nas::registration_type{false, attempt_type_};
  r.ngksi_ = current_ngksi();
  r.mobile_identity_ = identity;
  // §8.2.6.4: in every Registration Request but a periodic one.
  if (!periodic()) r.ue_security_capability_ = ue_security_capability();
  // §4.4.6: the cleartext IEs only; a periodic update has no others (§5.5.1.3.2).
  if (!whole || periodic()) return r;
  // The IEs that §4.4.6 keeps out of the cleartext.
  // §9.11.3.1 5GMM capability: one octet, no optional feature claimed.
  r.gmm_capability_ = nas::octets{{0x00}};
  nas::nssai requested;
  for (const auto& s : cfg_.requested_nssai) requested.s_nssais_.push_back(nas::s_nssai{.value_ = s, .mapped_hplmn_ = {}});
  if (!requested.s_nssais_.empty()) r.requested_nssai_ = std::move(requested);
  if (last_visited_tai_) r.last_visited_registered_tai_ = *last_visited_tai_;
  return r;
}

void mm_entity::start_registration(nas::registration_type_value type) {
  stop_timer();
  auth_failures_ = 0;
  attempt_type_ = type;
  set_state(mm_state::registered_initiated);
  // One identity per attempt (a SUCI's ECIES output differs each time), and
  // the whole request kept as sent until the attempt ends: a Security Mode
  // Command may ask for exactly this message (§4.4.6, RINMR).
  const nas::mobile_identity identity = identity_for_request();
  auto whole = nas::encode_nas(registration_request(identity, true));
  if (!whole) {
    logger()->error("UE {}: cannot encode the Registration Request: {}", id_, whole.error().message());
    registration_failed();
    return;
  }
  initial_message_ = std::make_unique<std::vector<std::uint8_t>>(*whole);
  if (security_ && !connected_) {
    // §4.4.6: with a valid context the initial message carries the whole
    // request ciphered in the NAS message container, with the COUNT of the
    // message that carries it, and the message is integrity protected.
    nas::registration_request outer = registration_request(identity, false);
    initial_without_container_ = false;
    if (periodic()) {
      // Nothing beyond the cleartext IEs: no container (§4.4.6).
    } else if (nas::cipher_container(*security_, *whole)) {
      outer.nas_message_container_ = nas::octets{std::move(*whole)};
    } else {
      initial_without_container_ = true;
    }
    send(outer);
  } else if (connected_) {
    // On an existing connection the message is not an initial one: whole.
    initial_without_container_ = false;
    send(registration_request(identity, true));
  } else {
    // §4.4.6: no context: the cleartext IEs only; the rest goes in the
    // Security Mode Complete.
    initial_without_container_ = true;
    send(registration_request(identity, false));
  }
  start_timer(mm_timer::t3510, cfg_.t3510);
}

void mm_entity::on_registration_accept(const nas::registration_accept& m) {
  // §5.5.1.2.4
  stop_timer();
  initial_message_.reset();
  if (m.guti_)
    if (const auto* g = std::get_if<nas::guti_5g_identity>(&m.guti_->value_)) guti_ = g->value_;
  if (m.tai_list_) tai_list_ = detail::tais_of(*m.tai_list_);
  if (m.allowed_nssai_) {
    allowed_nssai_.clear();
    for (const auto& s : m.allowed_nssai_->s_nssais_) allowed_nssai_.push_back(s.value_);
    allowed_nssai_.shrink_to_fit();
  }
  // §5.3.7: T3512 as given (deactivated: 0); absent, the UE keeps its default.
  if (m.t3512_value_) {
    const auto s = m.t3512_value_->seconds();
    t3512_s_ = s ? static_cast<std::uint32_t>(std::min<std::uint64_t>(*s, UINT32_MAX)) : 0;
  }
  last_visited_tai_ = cfg_.serving_tai;
  attempt_counter_ = 0;
  update_status_ = update_status::updated;
  last_cause_.reset();
  set_state(mm_state::registered);
  // §5.5.1.2.4: acknowledge a new 5G-GUTI.
  if (m.guti_) send(nas::registration_complete{});
}

void mm_entity::on_registration_reject(const nas::registration_reject& m) {
  // §5.5.1.2.5, by cause class.
  stop_timer();
  initial_message_.reset();
  last_cause_ = m.cause_;
  logger()->debug("UE {}: Registration Reject #{}", id_, static_cast<int>(m.cause_));
  using c = nas::gmm_cause;
  switch (m.cause_) {
    case c::illegal_ue:
    case c::illegal_me:
    case c::fivegs_services_not_allowed:
      // The USIM is invalid for 5GS until switched off.
      update_status_ = update_status::roaming_not_allowed;
      delete_registration_data(true);
      set_state(mm_state::deregistered, mm_substate::no_supi);
      return;
    case c::plmn_not_allowed:
    case c::serving_network_not_authorized:
      // The PLMN goes to the forbidden list; a PLMN selection follows.
      update_status_ = update_status::roaming_not_allowed;
      delete_registration_data(true);
      attempt_counter_ = 0;
      set_state(mm_state::deregistered, mm_substate::plmn_search);
      return;
    case c::tracking_area_not_allowed:
    case c::roaming_not_allowed_in_this_tracking_area:
    case c::no_suitable_cells_in_tracking_area:
      // The TA goes to a forbidden list; another cell (TA) must be found.
      // 5U3 goes with the 5G-GUTI, last visited TAI, TAI list and ngKSI deleted.
      update_status_ = update_status::roaming_not_allowed;
      delete_registration_data(true);
      attempt_counter_ = 0;
      set_state(mm_state::deregistered, mm_substate::limited_service);
      return;
    case c::n1_mode_not_allowed:
      update_status_ = update_status::roaming_not_allowed;
      delete_registration_data(true);
      attempt_counter_ = 0;
      set_state(mm_state::deregistered, mm_substate::limited_service);
      return;
    case c::no_network_slices_available:
      // The rejected NSSAI is not requested again here; no retry.
      update_status_ = update_status::not_updated;
      attempt_counter_ = 0;
      set_state(mm_state::deregistered, mm_substate::limited_service);
      return;
    case c::ue_identity_cannot_be_derived:
    case c::implicitly_deregistered:
      if (!periodic()) break;  // not an initial registration's cause: abnormal
      // §5.5.1.3.5: the network does not know the UE: deregistered, and an
      // initial registration once the connection is released.
      update_status_ = update_status::not_updated;
      delete_registration_data(m.cause_ == c::ue_identity_cannot_be_derived);
      set_state(mm_state::deregistered);
      reregister_after_release_ = true;
      return;
    case c::congestion:
      if (m.t3346_value_) {
        if (const auto s = m.t3346_value_->seconds(); s && *s > 0) {
          // Back-off: T3346, then a new attempt.
          update_status_ = update_status::not_updated;
          attempt_counter_ = 0;
          set_state(mm_state::deregistered, mm_substate::attempting_registration);
          start_timer(mm_timer::t3346, std::chrono::seconds(*s));
          return;
        }
      }
      break;  // without T3346: an abnormal case
    default:
      break;
  }
  // §5.5.1.2.7 f): any other cause is handled as an abnormal case.
  registration_failed();
}

void mm_entity::registration_failed() {
  // §5.5.1.2.7 / §5.5.1.3.7: the registration attempt counter.
  initial_message_.reset();
  if (attempt_counter_ < UINT8_MAX) ++attempt_counter_;
  update_status_ = update_status::not_updated;
  if (periodic()) {
    // §5.5.1.3.7: still registered; T3511 (below five) or T3502, then the update again.
    set_state(mm_state::registered, mm_substate::attempting_registration_update);
    if (attempt_counter_ < max_registration_attempts) {
      start_timer(mm_timer::t3511, cfg_.t3511);
    } else {
      start_timer(mm_timer::t3502, cfg_.t3502);
    }
    return;
  }
  if (attempt_counter_ < max_registration_attempts) {
    set_state(mm_state::deregistered, mm_substate::attempting_registration);
    start_timer(mm_timer::t3511, cfg_.t3511);
    return;
  }
  delete_registration_data(true);
  set_state(mm_state::deregistered, mm_substate::attempting_registration);
  start_timer(mm_timer::t3502, cfg_.t3502);
}

}  // namespace meridian::ue
