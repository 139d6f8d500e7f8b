// The UE's 5GMM entity: what arrives from the network (decoded, checked by
// the integrity rules of TS 24.501 §4.4.4.2 with the NAS COUNT of §4.4.3,
// then handed to its procedure or answered with 5GMM STATUS, §7), what
// leaves (protected as §4.4.5 and §4.4.6 say), the connection events and the
// one timer. The procedures are in the other files here (see mm.hpp).

#include "meridian/nas/nas.hpp"
#include "meridian/nas/security.hpp"
#include "meridian/ue/mm.hpp"
#include "mm_support.hpp"

namespace meridian::ue {

using detail::logger;

namespace {

/// TS 24.501 §9.11.3.2: #76 and #78 (not in the codec's enum) ask for
/// integrity protection even before the secure exchange.
constexpr std::uint8_t cause_76 = 76;
constexpr std::uint8_t cause_78 = 78;

bool cag_cause(nas::gmm_cause c) {
  const auto v = static_cast<std::uint8_t>(c);
  return v == cause_76 || v == cause_78;
}

/// TS 24.501 §4.4.4.2: the only messages the UE processes without integrity
/// protection (before the secure exchange of NAS messages is established).
bool allowed_without_integrity(const nas::gmm_message& m) {
  if (const auto* ir = std::get_if<nas::identity_request>(&m))
    return ir->identity_type_.value_ == nas::identity_type::suci;
  if (const auto* rj = std::get_if<nas::registration_reject>(&m)) return !cag_cause(rj->cause_);
  if (const auto* sr = std::get_if<nas::service_reject>(&m)) return !cag_cause(sr->cause_);
  return std::holds_alternative<nas::authentication_request>(m) ||
         std::holds_alternative<nas::authentication_result>(m) ||
         std::holds_alternative<nas::authentication_reject>(m) ||
         std::holds_alternative<nas::deregistration_accept_ue_originating>(m);
}

}  // namespace

std::string_view to_string(mm_state s) noexcept {
  switch (s) {
    case mm_state::null: return "5GMM-NULL";
    case mm_state::deregistered: return "5GMM-DEREGISTERED";
    case mm_state::registered_initiated: return "5GMM-REGISTERED-INITIATED";
    case mm_state::registered: return "5GMM-REGISTERED";
    case mm_state::deregistered_initiated: return "5GMM-DEREGISTERED-INITIATED";
  }
  return "?";
}

std::string_view to_string(mm_substate s) noexcept {
  switch (s) {
    case mm_substate::normal_service: return "NORMAL-SERVICE";
    case mm_substate::limited_service: return "LIMITED-SERVICE";
    case mm_substate::attempting_registration: return "ATTEMPTING-REGISTRATION";
    case mm_substate::plmn_search: return "PLMN-SEARCH";
    case mm_substate::no_supi: return "NO-SUPI";
    case mm_substate::attempting_registration_update: return "ATTEMPTING-REGISTRATION-UPDATE";
  }
  return "?";
}

std::string_view to_string(mm_timer t) noexcept {
  switch (t) {
    case mm_timer::none: return "none";
    case mm_timer::t3510: return "T3510";
    case mm_timer::t3511: return "T3511";
    case mm_timer::t3502: return "T3502";
    case mm_timer::t3346: return "T3346";
    case mm_timer::t3520: return "T3520";
    case mm_timer::t3521: return "T3521";
    case mm_timer::t3512: return "T3512";
  }
  return "?";
}

mm_entity::mm_entity(ue_index id, const mm_config& cfg, usim sim, std::string_view imeisv,
                     lower_layer_notifier& lower, runtime::timer_service& timers)
    : cfg_(cfg), lower_(lower), usim_(std::move(sim)), timer_(timers), id_(id) {
  for (std::size_t i = 0; i < sizeof(imeisv_); ++i) imeisv_[i] = i < imeisv.size() ? imeisv[i] : '0';
}

mm_entity::~mm_entity() = default;

std::optional<std::chrono::seconds> mm_entity::t3512() const noexcept {
  if (t3512_s_ == 0) return std::nullopt;
  return std::chrono::seconds(t3512_s_);
}

nas::ue_security_capability mm_entity::ue_security_capability() const {
  nas::ue_security_capability c;
  c.ea_ = cfg_.supported_ea;
  c.ia_ = cfg_.supported_ia;
  return c;
}

nas::key_set_identifier mm_entity::current_ngksi() const {
  return nas::key_set_identifier{false, security_ ? security_->ngksi() : security::ngksi_no_key};
}

nas::mobile_identity mm_entity::identity_for_request() {
  // §5.5.1.2.2: the 5G-GUTI when the UE has a valid one, else the SUCI.
  if (guti_) return nas::mobile_identity{nas::guti_5g_identity{.value_ = *guti_}};
  auto concealed = usim_.conceal();
  if (!concealed) {
    // Only a broken provisioning (a bad home network public key) gets here.
    logger()->error("UE {}: cannot compute the SUCI: {}", id_, concealed.error().message());
    return nas::mobile_identity{nas::no_identity{}};
  }
  if (concealed->supi_type_ == model::supi::type::imsi) {
    nas::suci_imsi s;
    s.plmn_ = concealed->home_plmn_;
    s.routing_indicator_ = concealed->routing_indicator_;
    s.protection_scheme_ = static_cast<std::uint8_t>(concealed->protection_scheme_);
    s.home_network_public_key_id_ = concealed->home_network_public_key_id_;
    s.scheme_output_ = std::move(concealed->scheme_output_);
    return nas::mobile_identity{std::move(s)};
  }
  return nas::mobile_identity{nas::suci_nai{.supi_format_ = 1, .nai_ = security::to_nai(*concealed)}};
}

void mm_entity::set_state(mm_state s, mm_substate sub) {
  const mm_state from = state_;
  state_ = s;
  substate_ = sub;
  if (s != mm_state::registered_initiated) initial_message_.reset();  // the attempt is over
  if (from != s) {
    logger()->debug("UE {}: {} -> {}", id_, to_string(from), to_string(s));
    if (cfg_.listener != nullptr) cfg_.listener->on_state_changed(id_, from, s);
  }
}

void mm_entity::start_timer(mm_timer t, std::chrono::milliseconds d) {
  timer_id_ = t;
  timer_.arm_after(d, [this] { on_timer(); });
}

void mm_entity::stop_timer() {
  timer_.cancel();
  timer_id_ = mm_timer::none;
  suspended_timer_ = mm_timer::none;
}

void mm_entity::on_timer() {
  const mm_timer t = timer_id_;
  timer_id_ = mm_timer::none;
  logger()->debug("UE {}: {} expired", id_, to_string(t));
  switch (t) {
    case mm_timer::t3510:
      // §5.5.1.2.7 b): abort, release the NAS signalling connection locally.
      if (connected_) {
        connected_ = false;
        secure_exchange_ = false;
        lower_.release_connection(id_);
      }
      registration_failed();
      break;
    case mm_timer::t3511:
    case mm_timer::t3502:
    case mm_timer::t3346:
      // §5.5.1.2.7, §5.5.1.3.7, §5.5.1.2.5 #22: the next attempt.
      if (state_ == mm_state::deregistered && substate_ == mm_substate::attempting_registration) start_registration();
      if (state_ == mm_state::registered && substate_ == mm_substate::attempting_registration_update)
        start_registration(attempt_type_);
      break;
    case mm_timer::t3512:
      // §5.3.7: periodic registration updating.
      if (state_ == mm_state::registered && !connected_)
        start_registration(nas::registration_type_value::periodic_updating);
      break;
    case mm_timer::t3520:
      network_not_genuine();
      break;
    case mm_timer::t3521:
      on_t3521_expiry();
      break;
    case mm_timer::none:
      break;
  }
}

void mm_entity::delete_registration_data(bool delete_security) {
  guti_.reset();
  last_visited_tai_.reset();
  tai_list_.clear();
  if (delete_security) {
    // "delete ngKSI": the security context it names is no longer usable.
    eap_.reset();
    security_.reset();
    kamf_.reset();
    new_kamf_.reset();
    new_ngksi_ = security::ngksi_no_key;
  }
}

// ---- departure

void mm_entity::send(const nas::gmm_message& m) {
  auto plain = nas::encode_nas(m);
  if (!plain) {
    logger()->error("UE {}: cannot encode {}: {}", id_, nas::message_name(m), plain.error().message());
    return;
  }
  std::vector<std::uint8_t> pdu;
  if (security_ && (!connected_ || secure_exchange_)) {
    // §4.4.5 / §4.4.6: an initial NAS message is integrity protected (the AMF
    // must read its cleartext IEs even without the context); once the secure
    // exchange is established, everything is integrity protected and ciphered.
    const auto sht = connected_ ? nas::security_header_type::integrity_protected_and_ciphered
                                : nas::security_header_type::integrity_protected;
    auto sealed = nas::protect(*security_, *plain, sht);
    if (!sealed) {
      // The uplink COUNT wrapped: a new K_AMF is needed first (TS 33.501 §6.4.3.1).
      logger()->warn("UE {}: cannot protect {}: {}", id_, nas::message_name(m), sealed.error().message());
      return;
    }
    pdu = std::move(*sealed);
  } else {
    pdu = std::move(*plain);
  }
  if (connected_) {
    lower_.send_uplink_nas(id_, pdu);
  } else {
    // 5GMM-CONNECTED: T3512 stops (§5.3.7).
    if (timer_id_ == mm_timer::t3512) stop_timer();
    connected_ = true;
    lower_.establish_connection(id_, establishment_cause::mo_signalling, pdu);
  }
}

void mm_entity::send_status(nas::gmm_cause cause) {
  if (!connected_) return;  // a STATUS never opens a connection
  nas::gmm_status s;
  s.cause_ = cause;
  send(s);
}

// ---- arrival

void mm_entity::on_downlink_nas(std::span<const std::uint8_t> bytes) {
  if (!connected_) {
    // NAS released the connection locally (T3510, T3521, a network not
    // genuine); what the network still sent on it is late and dropped.
    logger()->debug("UE {}: downlink NAS without a connection dropped", id_);
    return;
  }
  auto decoded = nas::decode_nas(bytes);
  if (!decoded) {
    logger()->debug("UE {}: undecodable NAS: {}", id_, decoded.error().message());
    // §7: answered with 5GMM STATUS, unless only integrity-checked messages count now (§4.4.4.2).
    if (!secure_exchange_) send_status(nas::gmm_cause_for(decoded.error()));
    return;
  }
  if (auto* plain = std::get_if<nas::gmm_pdu>(&*decoded)) {
    if (secure_exchange_ || !allowed_without_integrity(plain->message_)) {
      logger()->debug("UE {}: plain {} discarded (TS 24.501 §4.4.4.2)", id_, nas::message_name(plain->message_));
      return;
    }
    handle(std::move(plain->message_), false);
    return;
  }
  const auto* sp = std::get_if<nas::protected_pdu>(&*decoded);
  if (sp == nullptr) {
    logger()->debug("UE {}: 5GSM message outside a DL NAS Transport discarded", id_);
    return;
  }
  switch (sp->security_header_type_) {
    case nas::security_header_type::integrity_protected_with_new_context: {
      // §5.4.2.3: only a Security Mode Command comes with a new context.
      auto inner = nas::decode_plain_nas(sp->payload_, 7);
      auto* gmm = inner ? std::get_if<nas::gmm_pdu>(&*inner) : nullptr;
      auto* smc = gmm ? std::get_if<nas::security_mode_command>(&gmm->message_) : nullptr;
      if (smc == nullptr) {
        logger()->debug("UE {}: header type 3 without a Security Mode Command discarded", id_);
        return;
      }
      on_security_mode_command(bytes, *smc);
      return;
    }
    case nas::security_header_type::integrity_protected:
    case nas::security_header_type::integrity_protected_and_ciphered: {
      if (!security_) {
        // No context to check the MAC with: an unciphered message of the
        // §4.4.4.2 list is still processed before the secure exchange.
        if (secure_exchange_ || sp->security_header_type_ != nas::security_header_type::integrity_protected) return;
        auto inner = nas::decode_plain_nas(sp->payload_, 7);
        auto* gmm = inner ? std::get_if<nas::gmm_pdu>(&*inner) : nullptr;
        if (gmm != nullptr && allowed_without_integrity(gmm->message_)) handle(std::move(gmm->message_), false);
        return;
      }
      // §4.4.3.1: the COUNT is estimated from the sequence number and the MAC
      // checked with it; a replayed or forged message fails here and is discarded.
      auto plain = nas::unprotect(*security_, bytes);
      if (!plain) {
        logger()->debug("UE {}: NAS failed its integrity check; discarded", id_);
        return;
      }
      secure_exchange_ = true;
      auto inner = nas::decode_plain_nas(*plain);
      if (!inner) {
        send_status(nas::gmm_cause_for(inner.error()));
        return;
      }
      auto* gmm = std::get_if<nas::gmm_pdu>(&*inner);
      if (gmm == nullptr) return;
      handle(std::move(gmm->message_), true);
      return;
    }
    default:
      // Header type 4 (and others) is never sent by the network.
      logger()->debug("UE {}: downlink NAS with security header type {} discarded", id_,
                      static_cast<int>(sp->security_header_type_));
      return;
  }
}

void mm_entity::handle(nas::gmm_message&& m, bool integrity_checked) {
  if (const auto* x = std::get_if<nas::registration_accept>(&m)) {
    if (state_ == mm_state::registered_initiated) return on_registration_accept(*x);
  } else if (const auto* x = std::get_if<nas::registration_reject>(&m)) {
    if (state_ == mm_state::registered_initiated) return on_registration_reject(*x);
  } else if (const auto* x = std::get_if<nas::authentication_request>(&m)) {
    return on_authentication_request(*x);
  } else if (std::holds_alternative<nas::authentication_reject>(m)) {
    return on_authentication_reject();
  } else if (const auto* x = std::get_if<nas::authentication_result>(&m)) {
    return on_authentication_result(*x);
  } else if (const auto* x = std::get_if<nas::identity_request>(&m)) {
    return on_identity_request(*x, integrity_checked);
  } else if (const auto* x = std::get_if<nas::deregistration_request_ue_terminated>(&m)) {
    if (state_ != mm_state::deregistered && state_ != mm_state::null) return on_network_deregistration(*x);
  } else if (std::holds_alternative<nas::deregistration_accept_ue_originating>(m)) {
    // An Accept nobody waits for is ignored (§5.5.2.2.2 only expects it in DEREGISTERED-INITIATED).
    if (state_ == mm_state::deregistered_initiated) on_deregistration_accept();
    return;
  } else if (const auto* x = std::get_if<nas::configuration_update_command>(&m)) {
    if (state_ == mm_state::registered) return on_configuration_update_command(*x);
  } else if (const auto* x = std::get_if<nas::gmm_status>(&m)) {
    // §5.4.6 / §7: the network reports an error; no state changes here.
    logger()->debug("UE {}: 5GMM STATUS #{} from the network", id_, static_cast<int>(x->cause_));
    return;
  } else if (std::holds_alternative<nas::security_mode_command>(m)) {
    // §5.4.2.3: a Security Mode Command comes with header type 3 only.
    return;
  } else {
    // Messages of the network-to-UE direction this UE does not implement yet
    // (DL NAS Transport, service procedures, NSSAA) and messages of the
    // other direction: §7.4 "message type non-existent or not implemented".
    send_status(nas::gmm_cause::message_type_non_existent_or_not_implemented);
    return;
  }
  // §7.4: a known message the state does not expect.
  send_status(nas::gmm_cause::message_type_not_compatible_with_protocol_state);
}

// ---- connection events

void mm_entity::on_connection_released() { connection_lost(); }

void mm_entity::on_lower_layer_failure() { connection_lost(); }

void mm_entity::connection_lost() {
  if (!connected_) return;
  connected_ = false;
  secure_exchange_ = false;
  eap_.reset();  // an EAP exchange belongs to its connection
  switch (state_) {
    case mm_state::registered_initiated:
      // §5.5.1.2.7 a): released before the Accept or Reject: an abnormal case.
      stop_timer();
      registration_failed();
      return;
    case mm_state::deregistered_initiated:
      // §5.5.2.2.6: the network released the connection; the UE is deregistered locally.
      stop_timer();
      set_state(mm_state::deregistered);
      return;
    case mm_state::registered:
      // §5.3.7: T3512 runs in 5GMM-IDLE (unless the network deactivated it).
      if (timer_id_ == mm_timer::none && t3512_s_ != 0)
        start_timer(mm_timer::t3512, std::chrono::seconds(t3512_s_));
      return;
    case mm_state::deregistered:
      if (reregister_after_release_) {
        // §5.5.2.3.2: "re-registration required": initial registration after the release.
        reregister_after_release_ = false;
        start_registration();
      }
      return;
    default:
      return;
  }
}

}  // namespace meridian::ue
