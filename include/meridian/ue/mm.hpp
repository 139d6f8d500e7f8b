#pragma once
// The 5GMM entity of an emulated UE (TS 24.501 §5, the UE side), built to run
// 100,000 of them on one event-loop thread: no thread, coroutine frame or OS
// timer per UE. It is a state machine driven by three kinds of events — the
// user's requests (register, deregister), NAS PDUs and connection events from
// the lower layer (lower_layer.hpp), and its one timer on the injected
// timer_service — and it answers each at once. Procedures, one file each in
// lib/ue/:
//
//   registration.cpp     §5.5.1.2 initial registration, T3510, the attempt
//                        counter with T3511 / T3502 (§5.5.1.2.7), Registration
//                        Accept → Complete, Reject by cause (§5.5.1.2.5);
//                        §5.5.1.3 periodic registration updating on T3512
//                        (§5.3.7) in 5GMM-IDLE
//   authentication.cpp   §5.4.1.3 5G-AKA: RES*, K_SEAF, K_AMF; Authentication
//                        Failure #20 / #21 (AUTS) / #26 / #71, T3520;
//                        Authentication Reject
//   eap_authentication.cpp  §5.4.1.2 EAP-AKA': the EAP exchange in
//                        Authentication Request / Response / Result (or the
//                        EAP-Success in the Security Mode Command)
//   security_mode.cpp    §5.4.2 Security Mode Command → Complete (IMEISV, the
//                        whole Registration Request when §4.4.6 asks) or Reject
//   identification.cpp   §5.4.3 Identity Request → Response
//   deregistration.cpp   §5.5.2 UE-initiated (T3521, four retransmissions;
//                        switch-off without waiting) and network-initiated
//   configuration_update.cpp  §5.4.4 Configuration Update Command → Complete
//   mm_entity.cpp        what arrives (§4.4.4.2 integrity rules, NAS COUNT),
//                        what leaves (§4.4.5, §4.4.6), 5GMM STATUS (§7),
//                        the connection events and the timer
//
//   UE ── REGISTRATION REQUEST (SUCI | 5G-GUTI, UE security capability) ─► AMF  T3510
//   UE ◄─ IDENTITY REQUEST / ── IDENTITY RESPONSE (SUCI) ─►
//   UE ◄─ AUTHENTICATION REQUEST (ngKSI, ABBA, RAND, AUTN) ── AMF
//   UE ── AUTHENTICATION RESPONSE (RES*) | FAILURE (#20, #21 + AUTS, #26, #71) ─►
//   UE ◄─ SECURITY MODE COMMAND (algorithms, replayed capabilities, IMEISV req, RINMR)
//   UE ── SECURITY MODE COMPLETE (IMEISV, NAS message container) | REJECT (#23, #24) ─►
//   UE ◄─ REGISTRATION ACCEPT (5G-GUTI, TAI list, allowed NSSAI, T3512) | REJECT
//   UE ── REGISTRATION COMPLETE ─► AMF                           5GMM-REGISTERED

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "meridian/crypto/secret.hpp"
#include "meridian/model/guti.hpp"
#include "meridian/model/plmn.hpp"
#include "meridian/model/s_nssai.hpp"
#include "meridian/model/tai.hpp"
#include "meridian/nas/messages_5gmm.hpp"
#include "meridian/runtime/timer_service.hpp"
#include "meridian/security/nas_security_context.hpp"
#include "meridian/ue/lower_layer.hpp"
#include "meridian/ue/usim.hpp"

namespace meridian::ue {

/// TS 24.501 §5.1.3.2.1 5GMM main states of the UE.
enum class mm_state : std::uint8_t {
  null,                    ///< 5GMM-NULL: switched off (N1 mode off)
  deregistered,            ///< 5GMM-DEREGISTERED
  registered_initiated,    ///< 5GMM-REGISTERED-INITIATED: Registration Request sent, T3510
  registered,              ///< 5GMM-REGISTERED
  deregistered_initiated,  ///< 5GMM-DEREGISTERED-INITIATED: Deregistration Request sent, T3521
};
std::string_view to_string(mm_state s) noexcept;

/// TS 24.501 §5.1.3.2.1.2 / .4 substates (those this UE enters).
enum class mm_substate : std::uint8_t {
  normal_service,
  limited_service,          ///< e.g. the TA is forbidden (#12, #13, #15, #62)
  attempting_registration,  ///< T3511, T3502 or T3346 runs; a new attempt follows
  plmn_search,              ///< #11, #73: another PLMN must be selected
  no_supi,                  ///< the USIM is invalid for 5GS (#3, #6, #7, Authentication Reject)
  attempting_registration_update,  ///< 5GMM-REGISTERED: a periodic update failed; T3511 or T3502 runs
};
std::string_view to_string(mm_substate s) noexcept;

/// TS 24.501 §5.1.3.2.2 5GS update status.
enum class update_status : std::uint8_t {
  updated = 1,              ///< 5U1 UPDATED
  not_updated = 2,          ///< 5U2 NOT UPDATED
  roaming_not_allowed = 3,  ///< 5U3 ROAMING NOT ALLOWED
};

/// TS 24.501 §10.2 the UE's 5GMM timers this entity runs.
enum class mm_timer : std::uint8_t { none, t3510, t3511, t3502, t3346, t3520, t3521, t3512 };
std::string_view to_string(mm_timer t) noexcept;

/// Told of each state change (the load generator's latency histograms, tests).
class mm_listener {
 public:
  virtual ~mm_listener() = default;
  virtual void on_state_changed(ue_index ue, mm_state from, mm_state to) = 0;
};

/// What every UE of one emulator instance shares; it must outlive them.
struct mm_config {
  /// The PLMN and TAI of the cell the UE camps on (cell selection is the lower layer's).
  model::tai serving_tai{};
  /// TS 24.501 §9.11.3.37 requested NSSAI of the Registration Request.
  std::vector<model::s_nssai> requested_nssai{model::s_nssai{}};
  /// TS 24.501 §9.11.3.54 5G-EA0..3 and 5G-IA0..3 supported (bit 8 = algorithm 0).
  std::uint8_t supported_ea = 0xf0;
  std::uint8_t supported_ia = 0xf0;
  /// TS 33.501 §5.5.2 / TS 24.501 §5.4.2.3: NIA0 is accepted in a Security
  /// Mode Command only when configured (emergency services, tests).
  bool allow_nia0 = false;
  /// TS 24.501 §10.2 Table 10.2.2 timer values.
  std::chrono::milliseconds t3510{15000};
  std::chrono::milliseconds t3511{10000};
  std::chrono::milliseconds t3502{720000};
  std::chrono::milliseconds t3520{15000};
  std::chrono::milliseconds t3521{15000};
  mm_listener* listener = nullptr;
};

/// TS 24.501 §5.5.1.2.7: the registration attempt counter's limit.
inline constexpr std::uint8_t max_registration_attempts = 5;
/// TS 24.501 §5.5.2.2.6 b): T3521 expires five times, the request is sent five times.
inline constexpr std::uint8_t t3521_max_expiries = 5;

struct eap_session;  // an EAP-AKA' exchange under way (lib/ue/mm_support.hpp)

/// One UE's 5GMM entity. Not movable: its timer callback holds `this`.
class mm_entity {
 public:
  /// `imeisv`: the ME's 16 IMEISV digits (TS 23.003 §6.2.2), given when the network asks.
  mm_entity(ue_index id, const mm_config& cfg, usim sim, std::string_view imeisv, lower_layer_notifier& lower,
            runtime::timer_service& timers);
  ~mm_entity();
  mm_entity(const mm_entity&) = delete;
  mm_entity& operator=(const mm_entity&) = delete;

  // ---- what the user (scenario, control interface) asks
  /// §5.5.1.2.2: starts an initial registration from 5GMM-DEREGISTERED or
  /// 5GMM-NULL (switching on: the attempt counter is reset). False when the
  /// state does not allow one (registered, already registering, USIM invalid).
  bool register_initial();
  /// §5.5.2.2.1: UE-initiated deregistration; `switch_off` sends the request
  /// and enters 5GMM-NULL without waiting for an answer. False when not registered.
  bool deregister(bool switch_off);

  // ---- what the lower layer reports
  /// A NAS PDU from the network (never trusted: anything malformed is
  /// answered or dropped as TS 24.501 §4.4.4.2 and §7 say).
  void on_downlink_nas(std::span<const std::uint8_t> pdu);
  /// The NAS signalling connection is released (RRC release): 5GMM-IDLE.
  void on_connection_released();
  /// The connection failed (radio link failure, establishment refused).
  void on_lower_layer_failure();

  // ---- what can be read
  ue_index id() const noexcept { return id_; }
  mm_state state() const noexcept { return state_; }
  mm_substate substate() const noexcept { return substate_; }
  update_status status() const noexcept { return update_status_; }
  bool connected() const noexcept { return connected_; }
  mm_timer running_timer() const noexcept { return timer_id_; }
  std::uint8_t attempt_counter() const noexcept { return attempt_counter_; }
  /// The 5GMM cause of the last reject (registration, authentication,
  /// network deregistration) or of the last failure this UE sent.
  std::optional<nas::gmm_cause> last_cause() const noexcept { return last_cause_; }
  const std::optional<model::guti_5g>& guti() const noexcept { return guti_; }
  const std::vector<model::tai>& tai_list() const noexcept { return tai_list_; }
  const std::vector<model::s_nssai>& allowed_nssai() const noexcept { return allowed_nssai_; }
  const std::optional<model::tai>& last_visited_registered_tai() const noexcept { return last_visited_tai_; }
  /// T3512 as the last Registration Accept gave it (nothing: deactivated or
  /// never given); it runs in 5GMM-REGISTERED while the UE is in 5GMM-IDLE.
  std::optional<std::chrono::seconds> t3512() const noexcept;
  /// The current 5G NAS security context, if any.
  const security::nas_security_context* security_context() const noexcept {
    return security_ ? &*security_ : nullptr;
  }
  /// K_AMF of the current context (for the AS keys the RRC layer derives). Never log it.
  const std::optional<crypto::key256>& kamf() const noexcept { return kamf_; }
  const usim& sim() const noexcept { return usim_; }
  /// TS 24.501 §9.11.3.54 the UE security capability this UE sends.
  nas::ue_security_capability ue_security_capability() const;
  std::string_view imeisv() const noexcept { return {imeisv_, 16}; }

 private:
  // mm_entity.cpp: arrival and departure of NAS, timers, state
  void handle(nas::gmm_message&& m, bool integrity_checked);
  void send(const nas::gmm_message& m);
  void send_status(nas::gmm_cause cause);
  void set_state(mm_state s, mm_substate sub = mm_substate::normal_service);
  void start_timer(mm_timer t, std::chrono::milliseconds d);
  void stop_timer();
  void on_timer();
  void connection_lost();
  void delete_registration_data(bool delete_security);
  nas::mobile_identity identity_for_request();
  nas::key_set_identifier current_ngksi() const;

  // registration.cpp
  nas::registration_request registration_request(const nas::mobile_identity& identity, bool whole);
  void start_registration(nas::registration_type_value type = nas::registration_type_value::initial);
  bool periodic() const noexcept { return attempt_type_ == nas::registration_type_value::periodic_updating; }
  void on_registration_accept(const nas::registration_accept& m);
  void on_registration_reject(const nas::registration_reject& m);
  void registration_failed();  // §5.5.1.2.7: the attempt counter
  // authentication.cpp
  void on_authentication_request(const nas::authentication_request& m);
  void on_authentication_reject();
  void authentication_failure(nas::gmm_cause cause, std::optional<nas::auts_value> auts = {});
  void network_not_genuine();
  // eap_authentication.cpp
  void on_eap_authentication_request(const nas::authentication_request& m);
  void on_authentication_result(const nas::authentication_result& m);
  /// Feeds an EAP-Success/Failure to the exchange; true when K_AMF (ngKSI `ngksi`) is now known.
  bool eap_outcome(std::span<const std::uint8_t> eap, std::uint8_t ngksi, const nas::abba* abba);
  // security_mode.cpp
  void on_security_mode_command(std::span<const std::uint8_t> pdu, const nas::security_mode_command& m);
  void security_mode_reject(nas::gmm_cause cause);
  // identification.cpp
  void on_identity_request(const nas::identity_request& m, bool integrity_checked);
  // deregistration.cpp
  void send_deregistration_request();
  void on_deregistration_accept();
  void on_network_deregistration(const nas::deregistration_request_ue_terminated& m);
  void on_t3521_expiry();
  // configuration_update.cpp
  void on_configuration_update_command(const nas::configuration_update_command& m);

  const mm_config& cfg_;
  lower_layer_notifier& lower_;
  usim usim_;
  runtime::timer timer_;  // the one running timer of timer_id_
  std::optional<security::nas_security_context> security_;  // current 5G NAS security context
  std::optional<crypto::key256> kamf_;                      // its K_AMF
  std::optional<crypto::key256> new_kamf_;                  // from the last 5G-AKA, not yet taken into use
  std::unique_ptr<eap_session> eap_;                        // only while an EAP-AKA' exchange runs
  std::unique_ptr<std::vector<std::uint8_t>> initial_message_;  // the whole Request, while registering
  std::optional<model::guti_5g> guti_;
  std::optional<model::tai> last_visited_tai_;
  std::vector<model::tai> tai_list_;
  std::vector<model::s_nssai> allowed_nssai_;
  ue_index id_;
  std::uint32_t t3512_s_ = 0;  // 0: deactivated or not given
  std::optional<nas::gmm_cause> last_cause_;
  char imeisv_[16];
  mm_state state_ = mm_state::deregistered;
  mm_substate substate_ = mm_substate::normal_service;
  update_status update_status_ = update_status::not_updated;
  mm_timer timer_id_ = mm_timer::none;
  mm_timer suspended_timer_ = mm_timer::none;  // stopped while T3520 runs (§5.4.1.3.7)
  nas::registration_type_value attempt_type_ = nas::registration_type_value::initial;  // of the running attempt
  std::uint8_t attempt_counter_ = 0;
  std::uint8_t auth_failures_ = 0;             // consecutive, §5.4.1.3.7
  std::uint8_t t3521_expiries_ = 0;
  std::uint8_t new_ngksi_ = security::ngksi_no_key;
  bool connected_ = false;
  bool secure_exchange_ = false;        // §4.4.4.2: on this connection
  bool initial_without_container_ = false;  // §4.4.6: the Complete must carry the whole request
  bool switch_off_ = false;
  bool reregister_after_release_ = false;
};

}  // namespace meridian::ue
