#pragma once
// The AMF's 5GMM layer (TS 24.501 §5), above UE-associated NGAP
// (ue_nas_handler) and beside the AUSF and the UDM (reached through their
// service interfaces only). Built procedure by procedure (issue 15); what
// runs today is the initial registration of a UE, one coroutine from the
// Registration Request to the Registration Complete:
//
//   UE ── REGISTRATION REQUEST (SUCI | 5G-GUTI) ──────────────────► AMF
//   [5G-GUTI: UE ◄─ IDENTITY REQUEST (SUCI) / IDENTITY RESPONSE ─► AMF, T3570]
//   5G-AKA (primary_authentication.cpp), T3560:
//     AMF ── Nausf_UEAuthentication_Authenticate(SUCI, SNN) ─► AUSF
//     UE ◄─ AUTHENTICATION REQUEST (ngKSI, ABBA, RAND, AUTN) ── AMF
//     UE ── AUTHENTICATION RESPONSE (RES*) ─► AMF ── 5g-aka-confirmation ─► AUSF
//     UE ── AUTHENTICATION FAILURE (#21 synch failure, AUTS) ─► AMF: again with
//           the resynchronisation info; #20 MAC failure, #26, wrong RES*: Reject
//   NAS security mode control (security_mode_control.cpp), T3560:
//     UE ◄─ SECURITY MODE COMMAND (algorithms, ngKSI, replayed UE security
//           capabilities, IMEISV request) ── AMF   integrity-protected, new context
//     UE ── SECURITY MODE COMPLETE (IMEISV, NAS message container) ─► AMF
//   the UDM (registration.cpp): Nudm_UECM_Registration, Nudm_SDM_Get am-data
//   allowed NSSAI = requested ∩ subscribed ∩ served here (else Registration Reject #62)
//   gNB ◄─ INITIAL CONTEXT SETUP REQUEST (K_gNB, NAS-PDU: REGISTRATION ACCEPT
//          (5G-GUTI, TAI list, allowed NSSAI, T3512)) ── AMF, T3550
//   UE ── REGISTRATION COMPLETE ─► AMF: registered
//
// Every NAS message after the security mode control is integrity protected
// and ciphered; what arrives is checked by the rules of TS 24.501 §4.4.4.3
// (mm_layer.cpp). Beside it: EAP-AKA' (eap_authentication.cpp),
// deregistration both ways (deregistration.cpp), the N11 relay of 5GSM to the
// SMF (session_relay.cpp), CM-IDLE with service request, paging, periodic
// and mobility registration and the reachability timers (idle_mode.cpp,
// service_request.cpp, registration_update.cpp); docs/amf.md has each.

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "meridian/amf/ue_ngap.hpp"
#include "meridian/ausf/ausf_service.hpp"
#include "meridian/common/config.hpp"
#include "meridian/crypto/nas_algorithms.hpp"
#include "meridian/model/guti.hpp"
#include "meridian/model/pei.hpp"
#include "meridian/model/supi.hpp"
#include "meridian/nas/messages_5gmm.hpp"
#include "meridian/runtime/cancellation.hpp"
#include "meridian/runtime/pending_requests.hpp"
#include "meridian/runtime/task.hpp"
#include "meridian/runtime/timer_service.hpp"
#include "meridian/security/nas_security_context.hpp"
#include "meridian/amf/amf_service.hpp"
#include "meridian/smf/smf_service.hpp"
#include "meridian/udm/udm_service.hpp"

namespace meridian::amf {

class amf_n2;

struct mm_config {
  /// TS 33.501 §6.1.1.4 serving network name of this AMF's PLMN.
  std::string serving_network_name = "5G:mnc001.mcc001.3gppnetwork.org";
  /// TS 29.571 NfInstanceId this AMF registers with at the UDM (Nudm_UECM).
  std::string nf_instance_id = "6f6d6572-6964-4961-8e61-6d6600000001";
  /// TS 24.501 §10.2 timers of the network: T3560 (authentication, security
  /// mode), T3570 (identification), T3550 (Registration Accept).
  std::chrono::milliseconds t3560{6000};
  std::chrono::milliseconds t3570{6000};
  std::chrono::milliseconds t3550{6000};
  /// T3522: how long the AMF waits for the Deregistration Accept of a
  /// network-initiated deregistration.
  std::chrono::milliseconds t3522{6000};
  /// TS 24.501 §10.2 T3512, the periodic registration timer given in the
  /// Registration Accept (encoded as GPRS timer 3, rounded up to what it can
  /// say). The specification's default is 54 minutes; GPRS timer 3 cannot say
  /// 54 minutes exactly, so the default here is one hour.
  std::chrono::seconds t3512{3600};
  /// T3555: how long the AMF waits for the Configuration Update Complete.
  std::chrono::milliseconds t3555{6000};
  /// T3513: how long the AMF waits for the paged UE's Service Request before
  /// paging again; paging_attempts pagings in all, then the deliveries that
  /// caused it are dropped (TS 24.501 §5.6.2.2.1, TS 23.502 §4.2.3.3).
  std::chrono::milliseconds t3513{2000};
  int paging_attempts = 4;
  /// TS 24.501 §5.3.7: the mobile reachable timer runs for T3512 plus this
  /// margin (default four minutes) while the UE is in CM-IDLE; then the
  /// implicit de-registration timer, at whose expiry the UE is deregistered.
  std::chrono::seconds mobile_reachable_margin{240};
  std::chrono::seconds implicit_deregistration{240};
  /// TS 33.501 §5.11.2: the AMF's priority lists; the first algorithm the UE
  /// supports is chosen. NIA0 is for unauthenticated emergency sessions only
  /// (§5.5.2), so it is not in the default list.
  std::vector<crypto::nia> integrity_order{crypto::nia::nia2, crypto::nia::nia1, crypto::nia::nia3};
  std::vector<crypto::nea> ciphering_order{crypto::nea::nea2, crypto::nea::nea1, crypto::nea::nea3, crypto::nea::nea0};
  /// TS 24.501 §5.4.2.2: ask for the IMEISV in the Security Mode Command.
  bool request_imeisv = true;
};

/// Reads an `amf: nas:` section over the defaults in `cfg` (timers in
/// milliseconds, t3512_s in seconds, `integrity`/`ciphering` as lists of
/// NIA1..3 / NEA0..3 in priority order); raises config::config_error.
void read_mm_config(config::section s, mm_config& cfg);

enum class mm_state : std::uint8_t {
  deregistered,    ///< nothing started, or it failed
  identifying,     ///< Identity Request sent, T3570 running
  authenticating,  ///< Authentication Request sent, T3560 running
  authenticated,   ///< 5G-AKA confirmed by the AUSF: SUPI and K_AMF known
  securing,        ///< Security Mode Command sent, T3560 running
  registering,     ///< Registration Accept sent, T3550 running
  registered,      ///< Registration Complete received
};
std::string_view to_string(mm_state s) noexcept;

/// TS 24.501 §5.4.5.2.1 PDU session routing context: which SMF, SM context,
/// slice and DNN a PDU session ID of the UE belongs to.
struct pdu_session_link {
  /// The SMF's {smContextRef}; empty while CreateSMContext runs.
  std::string sm_context_ref;
  model::s_nssai s_nssai;
  std::string dnn;
  /// The gNB's answers that reached the AMF while CreateSMContext still ran:
  /// handed to the SMF once its SM context reference is known.
  std::vector<smf::sm_context_update_data> held_updates;
};

/// One N1/N2 delivery for a PDU session of the UE (from the SMF's
/// N1N2MessageTransfer, or from an answer of Update/Create SM context):
/// NAS to the UE, and the N2 transfer for the gNB, if any.
struct session_delivery {
  std::uint8_t pdu_session_id = 0;
  std::vector<std::uint8_t> n1_sm;  ///< the 5GSM message; empty: none
  std::optional<smf::n2_sm_info_type> n2_type;
  std::vector<std::uint8_t> n2_transfer;
};

/// The PDU session side of a UE's context.
struct ue_sessions {
  std::map<std::uint8_t, pdu_session_link> links;
  /// Deliveries not yet sent: one N2 PDU Session Resource procedure runs at
  /// a time per UE (TS 38.413 allows one of each class-1 procedure), and NAS
  /// must leave in the order of its downlink NAS COUNT.
  std::vector<session_delivery> queue;
  bool delivering = false;
  /// The UE is in CM-IDLE and being paged for the queued deliveries.
  bool paging = false;
  /// The UDM's smf-select-data (subscribed DNNs per slice), read with the first session.
  std::optional<udm::smf_selection_subscription_data> smf_selection;
  /// Cancelled when the UE's connection goes: the relay's coroutines end with it.
  runtime::cancellation_source procedures;
};

/// What the AMF holds of one UE's 5GMM state.
struct mm_context {
  model::amf_ue_ngap_id ue;
  mm_state state = mm_state::deregistered;
  std::optional<model::supi> supi;
  /// The IMEISV the UE gave in the Security Mode Complete.
  std::optional<model::pei> pei;
  /// The 5G-GUTI given with the Registration Accept.
  std::optional<model::guti_5g> guti;
  /// TS 33.501 A.7 K_AMF, derived from the AUSF's K_SEAF. Never log it.
  std::optional<crypto::key256> kamf;
  /// TS 24.501 §9.11.3.32 ngKSI of K_AMF.
  std::uint8_t ngksi = 0;
  /// The UE security capability of the Registration Request, replayed in
  /// the Security Mode Command and given to the gNB.
  std::optional<nas::ue_security_capability> ue_security_capability;
  /// TS 24.501 §4.4.2: the 5G NAS security context in use (after the
  /// Security Mode Complete), and the new one the Security Mode Command
  /// proposes until the UE takes it.
  std::optional<security::nas_security_context> security;
  std::optional<security::nas_security_context> new_security;
  std::vector<model::s_nssai> allowed_nssai;
  /// Where the UE was last seen (the gNB's User Location Information): the
  /// registration area it was given is built around it, and paged.
  std::optional<model::tai> tai;
  /// The subscribed UE-AMBR (bit/s) from the UDM's am-data, given to the gNB
  /// with the UE's first PDU session; 0 when the subscription has none.
  std::uint64_t ue_ambr_uplink = 0;
  std::uint64_t ue_ambr_downlink = 0;
  /// The UE's PDU sessions as the AMF relays them (session_relay.cpp);
  /// allocated with the first one, so a UE without sessions pays a pointer.
  std::unique_ptr<ue_sessions> sessions;
  /// The EAP-Success of an EAP-AKA' authentication, for the Security Mode
  /// Command to carry (TS 24.501 §5.4.1.2); empty otherwise.
  std::vector<std::uint8_t> eap_success;
  /// The initial message came integrity protected with a context this AMF
  /// does not have: the Security Mode Command asks for it again (RINMR).
  bool initial_unverified = false;
  /// The 5GMM message types the running procedure waits for (0: none).
  std::array<std::uint8_t, 2> awaited{};
  /// Cancelled when the UE's connection goes: its procedure ends with it.
  runtime::cancellation_source procedures;
};

struct mm_counters {
  std::uint64_t registration_requests = 0;
  std::uint64_t registrations_accepted = 0;
  std::uint64_t registrations_completed = 0;
  std::uint64_t registrations_rejected = 0;
  std::uint64_t identity_requests = 0;
  std::uint64_t authentications_started = 0;
  std::uint64_t authentications_succeeded = 0;
  /// The AUSF refused to start (unknown subscriber, bad SUCI, ...) or to confirm (wrong RES*).
  std::uint64_t authentications_rejected = 0;
  /// Authentication Failures from the UE, and the re-synchronisations that followed #21.
  std::uint64_t authentication_failures = 0;
  std::uint64_t resynchronisations = 0;
  std::uint64_t security_modes_completed = 0;
  std::uint64_t security_modes_rejected = 0;
  /// Expiries of the network's timers (each retransmission, and the last one that aborts).
  std::uint64_t t3560_expiries = 0;
  std::uint64_t t3570_expiries = 0;
  std::uint64_t t3550_expiries = 0;
  /// NAS PDUs that did not decode, or were not what the UE's state expects
  /// (answered by 5GMM STATUS), or failed TS 24.501 §4.4.4.3 (discarded).
  std::uint64_t undecodable_nas = 0;
  std::uint64_t unexpected_nas = 0;
  std::uint64_t integrity_failures = 0;
  std::uint64_t unprotected_after_security = 0;
  /// Registration Requests with an identity this layer does not handle yet (NAI SUCI).
  std::uint64_t unsupported_identities = 0;
  std::uint64_t ue_deregistrations = 0;
  std::uint64_t network_deregistrations = 0;
  std::uint64_t t3522_expiries = 0;
  // CM-IDLE (idle_mode.cpp, service_request.cpp).
  std::uint64_t idle_entries = 0;
  std::uint64_t service_requests = 0;
  std::uint64_t service_accepts = 0;
  std::uint64_t service_rejects = 0;
  std::uint64_t periodic_registrations = 0;
  std::uint64_t mobility_registrations = 0;
  std::uint64_t pagings = 0;
  std::uint64_t t3513_expiries = 0;
  /// Paging that got no Service Request after every attempt.
  std::uint64_t paging_failures = 0;
  std::uint64_t mobile_reachable_expiries = 0;
  std::uint64_t implicit_deregistrations = 0;
  std::uint64_t guti_reallocations = 0;
  std::uint64_t t3555_expiries = 0;
  // The N11 relay (TS 24.501 §5.4.5).
  std::uint64_t uplink_sm_messages = 0;
  /// 5GSM messages sent back to the UE with 5GMM cause #90 or #91.
  std::uint64_t sm_messages_not_forwarded = 0;
  std::uint64_t sm_contexts_created = 0;
  std::uint64_t sm_context_create_failures = 0;
  std::uint64_t n1_n2_transfers = 0;
  /// UL NAS Transports with a payload this AMF does not relay (SMS, LPP, ...).
  std::uint64_t unsupported_payloads = 0;
};

/// The services the 5GMM layer calls (all must outlive it).
struct mm_services {
  ausf::nausf_ue_authentication& ausf;
  udm::nudm_uecm& uecm;
  udm::nudm_sdm& sdm;
  /// The SMF that PDU sessions go to (TS 23.502 §4.3.2.2.3 SMF selection with
  /// one SMF); without one, 5GSM is sent back "payload was not forwarded".
  smf::nsmf_pdu_session* smf = nullptr;
};

class mm_layer final : public ue_nas_handler,
                       public amf::namf_communication,
                       public smf::nsmf_sm_context_status_notification {
 public:
  /// `n2` carries the NAS PDUs (Downlink NAS Transport, Initial Context
  /// Setup) and releases connections; it and `services` must outlive this
  /// object, on one thread.
  mm_layer(mm_config cfg, amf_n2& n2, mm_services services, runtime::timer_service& timers);
  ~mm_layer() override;
  mm_layer(const mm_layer&) = delete;
  mm_layer& operator=(const mm_layer&) = delete;

  void on_initial_nas(const ue_ngap_context& ue, std::span<const std::uint8_t> nas_pdu,
                      const ngap::initial_ue_message& m) override;
  void on_uplink_nas(const ue_ngap_context& ue, std::span<const std::uint8_t> nas_pdu) override;
  void on_ue_context_released(model::amf_ue_ngap_id ue, ue_release_reason why) override;

  /// TS 24.501 §5.5.2.3 network-initiated deregistration of a UE with NAS
  /// security on: Deregistration Request (re-registration required or not),
  /// T3522, then the UDM purge and the connection's release. False when the
  /// UE is unknown or has no NAS security context yet.
  bool deregister(model::amf_ue_ngap_id ue, bool reregistration_required);

  /// Namf_Communication_N1N2MessageTransfer from the SMF (TS 29.518
  /// §5.2.2.3.1): the N1 SM message goes to the UE in a DL NAS Transport, the
  /// N2 SM information to its gNB in a PDU Session Resource Setup, Modify or
  /// Release; answered N1_N2_TRANSFER_INITIATED once queued. A UE without a
  /// connection here: CONTEXT_NOT_FOUND (no CM-IDLE paging yet).
  sbi::awaitable<amf::n1_n2_message_transfer_rsp_data> n1_n2_message_transfer(
      std::string ue_context_id, amf::n1_n2_message_transfer_req_data request) override;
  /// Nsmf_PDUSession_SMContextStatusNotify: RELEASED removes the session's routing context.
  sbi::awaitable<sbi::no_content> sm_context_status_notification(
      sbi::uri sm_context_status_uri, smf::sm_context_status_notification notification) override;

  /// TS 24.501 §5.4.4: a new 5G-GUTI for a registered, connected UE by the
  /// Configuration Update Command (T3555). False when the UE is not so.
  bool reallocate_guti(model::amf_ue_ngap_id ue);

  const mm_context* find(model::amf_ue_ngap_id ue) const;
  /// A UE in CM-IDLE (registered, no connection), by its 5G-TMSI.
  const mm_context* find_idle(model::tmsi_5g tmsi) const;
  std::size_t idle_count() const noexcept { return idle_.size(); }
  const mm_counters& counters() const noexcept { return counters_; }
  const mm_config& config() const noexcept { return cfg_; }

 private:
  /// How a downlink NAS message leaves (TS 24.501 §4.4.5).
  enum class protection : std::uint8_t {
    as_context,   ///< protected and ciphered once a security context is in use, else plain
    new_context,  ///< integrity protected with the new context (the Security Mode Command)
  };

  // The procedures (lib/amf/nas/<procedure>.cpp), each a coroutine on the
  // UE's context that ends with the connection.
  runtime::task<void> registration(model::amf_ue_ngap_id ue, nas::registration_request request);
  /// TS 24.501 §5.4.3: the UE's SUCI, asked for with an Identity Request.
  runtime::task<std::optional<model::suci>> identification(model::amf_ue_ngap_id ue);
  /// TS 24.501 §5.4.1.3 5G-AKA; true once the AUSF confirmed the UE and K_AMF
  /// is kept. On failure the UE has been rejected and its connection released.
  runtime::task<bool> primary_authentication(model::amf_ue_ngap_id ue, model::suci suci, std::uint8_t ue_ngksi);
  /// TS 24.501 §5.4.1.2 EAP-AKA' through the AUSF, from its first EAP-Request.
  runtime::task<bool> eap_authentication(model::amf_ue_ngap_id ue, ausf::ue_authentication_ctx started,
                                         std::uint8_t ngksi);
  /// TS 24.501 §5.4.2; the Security Mode Complete once the new context is in
  /// use. On failure the connection has been released.
  runtime::task<std::optional<nas::security_mode_complete>> security_mode_control(model::amf_ue_ngap_id ue,
                                                                                   bool retransmit_initial);

  /// TS 24.501 §5.5.2.2 UE-initiated deregistration.
  runtime::task<void> ue_deregistration(model::amf_ue_ngap_id ue, nas::deregistration_request_ue_originating request);
  /// TS 24.501 §5.5.2.3 network-initiated deregistration.
  runtime::task<void> network_deregistration(model::amf_ue_ngap_id ue, bool reregistration_required);
  /// Nudm_UECM_Update with purgeFlag: the UDM learns that this AMF holds no context for the UE any more.
  runtime::task<void> purge_at_udm(model::supi supi);
  /// Cancels the UE's running procedure and starts `t` in its place.
  void restart(mm_context& ctx, runtime::task<void> t);

  /// Sends `message` and waits for one of `answers`, sending it again on each
  /// of the timer's first (transmissions - 1) expiries (the rule of T3550,
  /// T3560 and T3570); nothing when the last expiry passes or the connection
  /// goes. `expiries` counts each expiry.
  runtime::task<std::optional<nas::gmm_message>> exchange(model::amf_ue_ngap_id ue, nas::gmm_message message,
                                                          std::array<std::uint8_t, 2> answers,
                                                          std::chrono::milliseconds timer, std::uint64_t* expiries,
                                                          protection p = protection::as_context, int transmissions = 5);

  // CM-IDLE (idle_mode.cpp).
  /// A registered UE whose connection ended: kept by 5G-TMSI, its sessions'
  /// user plane deactivated at the SMF, the mobile reachable timer started.
  void enter_idle(mm_context ctx);
  /// Into the idle table, with its timers (and paging, if deliveries wait).
  void park(mm_context ctx);
  /// The 5G-TMSI of ours in an initial NAS message (Service Request's
  /// 5G-S-TMSI, Registration Request's 5G-GUTI of a served GUAMI), if its UE is idle here.
  std::optional<std::uint32_t> idle_ue_named_by(std::span<const std::uint8_t> nas_pdu) const;
  /// Moves the idle context into `slot` (the new connection's).
  void adopt(mm_context& slot, std::uint32_t tmsi);
  /// TS 24.501 §5.3.7: mobile reachable, then implicit de-registration timer.
  runtime::task<void> reachability(std::uint32_t tmsi);
  void implicit_deregistration(std::uint32_t tmsi);
  /// TS 24.501 §5.6.2: pages the idle UE (T3513, paging_attempts).
  runtime::task<void> page(std::uint32_t tmsi);
  /// TS 24.501 §5.4.4 configuration update with a new 5G-GUTI (configuration_update.cpp).
  runtime::task<void> configuration_update(model::amf_ue_ngap_id ue);
  /// TS 24.501 §5.6.1 service request from CM-IDLE (service_request.cpp).
  runtime::task<void> service_request(model::amf_ue_ngap_id ue, nas::service_request request);
  /// TS 24.501 §5.5.1.3: mobility or periodic registration of a UE whose
  /// context (and NAS security) this AMF kept (registration.cpp).
  runtime::task<void> registration_update(model::amf_ue_ngap_id ue, nas::registration_request request);
  /// The registration area (TAI list) for a UE in `where`.
  nas::tai_list registration_area(const model::tai& where) const;

  // The N11 relay (session_relay.cpp).
  /// TS 24.501 §5.4.5.2: an UL NAS Transport from a registered UE.
  void on_ul_nas_transport(mm_context& ctx, nas::ul_nas_transport m);
  runtime::task<void> relay_uplink_sm(model::amf_ue_ngap_id ue, nas::ul_nas_transport m);
  /// TS 24.501 §5.4.5.3.1 e), f): the 5GSM message goes back, not forwarded, with `cause`.
  void return_payload(mm_context& ctx, std::uint8_t psi, std::vector<std::uint8_t> payload, nas::gmm_cause cause);
  /// Queues a delivery for the UE and starts the queue's coroutine if it is idle.
  void deliver(mm_context& ctx, session_delivery d);
  runtime::task<void> run_deliveries(model::amf_ue_ngap_id ue);
  /// Hands the SMF an answer of the gNB (or the UE) for a session, and delivers what it answers with.
  runtime::task<void> update_sm_context(model::amf_ue_ngap_id ue, std::uint8_t psi, smf::sm_context_update_data u);
  /// Releases every SM context of a UE whose context here ends.
  void release_sm_contexts(mm_context& ctx);
  /// TS 24.501 §5.5.1.3.4, §5.6.1.4.1: the SM contexts of the sessions the
  /// UE's PDU session status says it no longer has are released.
  void release_sessions_not_in(mm_context& ctx, const nas::psi_bitmap& ue_status);
  /// The DL NAS Transport carrying `n1_sm` for session `psi`, protected; empty when it cannot be built.
  std::vector<std::uint8_t> seal_n1_sm(mm_context& ctx, std::uint8_t psi, std::vector<std::uint8_t> n1_sm);
  ue_sessions& sessions_of(mm_context& ctx);
  mm_context* context(model::amf_ue_ngap_id ue);
  void on_gmm(mm_context& ctx, nas::gmm_message m);
  /// The 5GMM message a NAS PDU carries under the rules of TS 24.501
  /// §4.4.4.3, or nothing (counted) when it must be discarded.
  std::optional<nas::gmm_message> open(mm_context& ctx, std::span<const std::uint8_t> pdu, bool initial);
  /// The NAS PDU for `m`, protected as `p` says; empty when it cannot be built.
  std::vector<std::uint8_t> seal(mm_context& ctx, const nas::gmm_message& m, protection p);
  void send(mm_context& ctx, const nas::gmm_message& m, protection p = protection::as_context);
  /// TS 24.501 §5.5.1.2.5: Registration Reject with `cause`, then release.
  void reject(model::amf_ue_ngap_id ue, nas::gmm_cause cause);
  /// Ends the UE's connection (UE Context Release Command with this NAS cause).
  void release(model::amf_ue_ngap_id ue, ngap::cause_nas why = ngap::cause_nas::normal_release);
  /// A 5G-TMSI not given to another UE here (TS 23.003 §2.10.1).
  model::tmsi_5g allocate_tmsi();

  mm_config cfg_;
  amf_n2& n2_;
  mm_services services_;
  runtime::timer_service& timers_;
  std::unordered_map<std::uint64_t, mm_context> ues_;
  /// The 5GMM answers the UEs' procedures wait for, by AMF UE NGAP ID.
  runtime::pending_requests<std::uint64_t, nas::gmm_message> answers_;
  /// 5G-TMSIs given to the UEs here: random (TS 33.501 §6.12.3 wants them
  /// unpredictable), never two alike.
  /// The UE with each authenticated SUPI ("imsi-..."), for the SMF's N1N2MessageTransfer.
  std::unordered_map<std::string, std::uint64_t> by_supi_;
  /// The UEs in CM-IDLE, by 5G-TMSI, and their 5G-TMSI by SUPI.
  std::unordered_map<std::uint32_t, mm_context> idle_;
  std::unordered_map<std::string, std::uint32_t> idle_by_supi_;
  std::unordered_set<std::uint32_t> tmsis_in_use_;
  std::mt19937 tmsi_random_{std::random_device{}()};
  mm_counters counters_;
};

}  // namespace meridian::amf
