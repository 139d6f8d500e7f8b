#pragma once
// The AMF's 5GMM layer (TS 24.501 §5), above UE-associated NGAP
// (ue_nas_handler) and beside the AUSF (Nausf_UEAuthentication, through its
// service interface only). Built procedure by procedure (issue 15); what runs
// today: a Registration Request with a SUCI starts primary authentication by
// 5G-AKA (TS 24.501 §5.4.1.3, TS 33.501 §6.1.3.2), with T3560 (the request
// sent again on each of four expiries, aborted on the fifth).
//
//   UE ── REGISTRATION REQUEST (SUCI) ─► AMF ── Authenticate(SUCI, SNN) ─► AUSF
//   UE ◄─ AUTHENTICATION REQUEST (ngKSI, ABBA, RAND, AUTN) ── AMF ◄─ 5G SE AV ── AUSF
//   UE ── AUTHENTICATION RESPONSE (RES*) ─► AMF ── 5g-aka-confirmation(RES*) ─► AUSF
//                                           AMF ◄─ SUPI, K_SEAF ─────────────── AUSF
//   a wrong RES*: UE ◄─ AUTHENTICATION REJECT, connection released
//
// Next (issue 15): Security Mode Command, Registration Accept/Complete, the
// identity procedure, EAP-AKA', MAC/synch failure from the UE.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "meridian/amf/ue_ngap.hpp"
#include "meridian/ausf/ausf_service.hpp"
#include "meridian/model/supi.hpp"
#include "meridian/nas/messages_5gmm.hpp"
#include "meridian/runtime/cancellation.hpp"
#include "meridian/runtime/pending_requests.hpp"
#include "meridian/runtime/task.hpp"
#include "meridian/runtime/timer_service.hpp"

namespace meridian::amf {

class amf_n2;

struct mm_config {
  /// TS 33.501 §6.1.1.4 serving network name of this AMF's PLMN.
  std::string serving_network_name = "5G:mnc001.mcc001.3gppnetwork.org";
  /// TS 24.501 §10.2 T3560: how long the AMF waits for the Authentication Response.
  std::chrono::milliseconds t3560{6000};
};

enum class mm_state : std::uint8_t {
  deregistered,    ///< nothing started, or it failed
  authenticating,  ///< Authentication Request sent, T3560 running
  authenticated,   ///< 5G-AKA confirmed by the AUSF: SUPI and K_SEAF known
};

/// What the AMF holds of one UE's 5GMM state.
struct mm_context {
  model::amf_ue_ngap_id ue;
  mm_state state = mm_state::deregistered;
  std::optional<model::supi> supi;
  /// TS 33.501 §6.1.3.2 K_SEAF from the AUSF. Never log it.
  std::vector<std::uint8_t> kseaf;
  /// TS 24.501 §9.11.3.32 ngKSI given with the Authentication Request.
  std::uint8_t ngksi = 0;
  /// Cancelled when the UE's connection goes: its procedure ends with it.
  runtime::cancellation_source procedures;
};

struct mm_counters {
  std::uint64_t registration_requests = 0;
  std::uint64_t authentications_started = 0;
  std::uint64_t authentications_succeeded = 0;
  /// The AUSF refused to start (unknown subscriber, bad SUCI, ...) or to confirm (wrong RES*).
  std::uint64_t authentications_rejected = 0;
  std::uint64_t t3560_expiries = 0;
  /// NAS PDUs that did not decode, or were not what the UE's state expects.
  std::uint64_t undecodable_nas = 0;
  std::uint64_t unexpected_nas = 0;
  /// Registration Requests with an identity this layer does not handle yet (5G-GUTI, NAI SUCI).
  std::uint64_t unsupported_identities = 0;
};

class mm_layer final : public ue_nas_handler {
 public:
  /// `n2` carries the NAS PDUs (Downlink NAS Transport) and releases connections;
  /// `ausf` authenticates; all must outlive this object, on one thread.
  mm_layer(mm_config cfg, amf_n2& n2, ausf::nausf_ue_authentication& ausf, runtime::timer_service& timers);
  ~mm_layer() override;
  mm_layer(const mm_layer&) = delete;
  mm_layer& operator=(const mm_layer&) = delete;

  void on_initial_nas(const ue_ngap_context& ue, std::span<const std::uint8_t> nas_pdu,
                      const ngap::initial_ue_message& m) override;
  void on_uplink_nas(const ue_ngap_context& ue, std::span<const std::uint8_t> nas_pdu) override;
  void on_ue_context_released(model::amf_ue_ngap_id ue, ue_release_reason why) override;

  const mm_context* find(model::amf_ue_ngap_id ue) const;
  const mm_counters& counters() const noexcept { return counters_; }

 private:
  /// TS 24.501 §5.4.1.3 (5G-AKA) for a UE that identified itself with `suci`.
  runtime::task<void> primary_authentication(model::amf_ue_ngap_id ue, model::suci suci);
  void on_gmm(mm_context& ctx, const nas::gmm_message& m);
  void send(model::amf_ue_ngap_id ue, const nas::gmm_message& m);
  /// Ends the UE's connection (UE Context Release Command, cause nas: authentication-failure or normal-release).
  void release(model::amf_ue_ngap_id ue, bool authentication_failure);

  mm_config cfg_;
  amf_n2& n2_;
  ausf::nausf_ue_authentication& ausf_;
  runtime::timer_service& timers_;
  std::unordered_map<std::uint64_t, mm_context> ues_;
  /// Authentication Responses awaited, by AMF UE NGAP ID.
  runtime::pending_requests<std::uint64_t, nas::authentication_response> authentication_responses_;
  mm_counters counters_;
};

}  // namespace meridian::amf
