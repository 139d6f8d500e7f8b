#pragma once
// The AMF's side of the N2 management procedures (TS 38.413 §8.7): NG Setup,
// NG Reset in both directions, Error Indication, RAN Configuration Update and
// AMF Configuration Update, one context per gNB association. No sockets: the
// runtime (amf_n2_server) feeds it received octets and sends what it asks
// for, so tests drive it with fakes. The procedures are in
// lib/amf/procedures/, one file each; those the AMF starts are coroutines on
// the runtime, their timers on the injected clock (`clk.advance(d); timers.run_due();`).

#include <cstdint>
#include <expected>
#include <map>
#include <unordered_set>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "meridian/amf/amf_config.hpp"
#include "meridian/amf/ue_ngap.hpp"
#include "meridian/common/log_rate_limit.hpp"
#include "meridian/common/strong_id.hpp"
#include "meridian/model/guti.hpp"
#include "meridian/n2/n2_types.hpp"
#include "meridian/ngap/ngap.hpp"
#include "meridian/runtime/cancellation.hpp"
#include "meridian/runtime/pending_requests.hpp"
#include "meridian/runtime/task.hpp"
#include "meridian/runtime/timer_service.hpp"

namespace meridian::amf {

/// What the N2 procedures send; implemented by the runtime (and by test fakes).
class amf_n2_notifier {
 public:
  virtual ~amf_n2_notifier() = default;
  /// One NGAP PDU for non-UE-associated signalling (stream 0, PPID 60).
  virtual void send_ngap(gnb_association_id to, std::span<const std::uint8_t> pdu) = 0;
  /// One NGAP PDU of UE-associated signalling on the UE's `stream` (TS 38.412 §7).
  virtual void send_ue_ngap(gnb_association_id to, std::uint16_t /*stream*/, std::span<const std::uint8_t> pdu) {
    send_ngap(to, pdu);
  }
  /// The gNB on this association has set up again on another one (a restart,
  /// TS 38.413 §8.7.1): the AMF forgot this association's context; close it.
  virtual void release_association(gnb_association_id) {}
};

struct amf_n2_counters {
  std::uint64_t ng_setups_accepted = 0;
  std::uint64_t ng_setups_rejected = 0;
  std::uint64_t ng_resets_received = 0;
  std::uint64_t ng_resets_sent = 0;
  std::uint64_t ng_reset_acks_received = 0;
  std::uint64_t ng_reset_timeouts = 0;
  std::uint64_t ran_configuration_updates_acknowledged = 0;
  std::uint64_t ran_configuration_updates_failed = 0;
  std::uint64_t amf_configuration_updates_sent = 0;
  std::uint64_t amf_configuration_updates_acknowledged = 0;
  std::uint64_t amf_configuration_updates_failed = 0;
  std::uint64_t amf_configuration_update_timeouts = 0;
  std::uint64_t error_indications_received = 0;
  std::uint64_t error_indications_sent = 0;
  /// Bad input, each also answered by an Error Indication (except unknown procedures of criticality ignore).
  std::uint64_t undecodable_messages = 0;
  std::uint64_t unknown_procedures = 0;
  std::uint64_t messages_in_wrong_state = 0;
  /// NG Setups refused because a name was outside its PrintableString alphabet.
  std::uint64_t invalid_names = 0;
  /// NG Setups from a gNB ID already set up on another association: the older
  /// association's context was released (treated as a restart, docs/n2.md).
  std::uint64_t duplicate_gnb_ids = 0;

  // UE-associated signalling (TS 38.413 §8.2, §8.3, §8.6).
  std::uint64_t initial_ue_messages = 0;
  std::uint64_t uplink_nas_transports = 0;
  std::uint64_t downlink_nas_transports = 0;
  std::uint64_t nas_non_deliveries = 0;
  std::uint64_t ue_radio_capability_infos = 0;
  std::uint64_t initial_context_setups_sent = 0;
  std::uint64_t initial_context_setups_established = 0;
  std::uint64_t initial_context_setup_failures = 0;
  std::uint64_t initial_context_setup_timeouts = 0;
  std::uint64_t pdu_session_resource_setups_sent = 0;
  std::uint64_t pdu_session_resource_releases_sent = 0;
  std::uint64_t pdu_session_resource_modifies_sent = 0;
  /// PDU Session Resource procedures (any of the three) the gNB did not answer in time.
  std::uint64_t pdu_session_resource_timeouts = 0;
  std::uint64_t pagings_sent = 0;
  std::uint64_t ue_context_release_requests = 0;
  std::uint64_t ue_context_releases = 0;
  std::uint64_t ue_context_release_timeouts = 0;
  /// Connections released because their gNB's association ended or was reset.
  std::uint64_t ue_contexts_released_by_gnb_loss_or_reset = 0;
  /// A second Initial UE Message on a RAN UE NGAP ID still in use: the old connection was released.
  std::uint64_t ue_contexts_replaced = 0;
  /// UE-associated messages naming an AMF UE NGAP ID that is not in use, or
  /// ids that do not belong together (answered by an Error Indication, §10.6).
  std::uint64_t unknown_ue_ngap_ids = 0;
  std::uint64_t inconsistent_ue_ngap_ids = 0;
};

/// What the AMF knows of one gNB, and the procedures running with it. Lives
/// in place in amf_n2's table (never moves: its pending requests point at it).
struct gnb_context {
  gnb_context(gnb_association_id a, runtime::timer_service& timers)
      : association(a), answers(timers), ue_answers(timers) {}
  gnb_context(const gnb_context&) = delete;
  gnb_context& operator=(const gnb_context&) = delete;

  gnb_association_id association;
  bool setup_complete = false;
  std::optional<model::global_gnb_id> id;
  std::string name;
  ngap::supported_ta_list supported_tas;
  ngap::paging_drx default_paging_drx = ngap::paging_drx::v128;

  /// "gNB 0x000001 (name)" or "association 7" before NG Setup.
  std::string label() const;

  /// Answers to the procedures the AMF started with this gNB, keyed by
  /// procedure code: one instance of each class-1 procedure at a time.
  runtime::pending_requests<ngap::procedure_code, ngap::ngap_pdu> answers;
  /// Answers to UE-associated procedures, keyed by ue_procedure_key().
  runtime::pending_requests<std::uint64_t, ngap::ngap_pdu> ue_answers;
  /// Cancelled when the association ends: its procedures end with it.
  runtime::cancellation_source procedures;
  /// An AMF Configuration Update procedure runs for this gNB.
  bool configuration_update_running = false;
  /// The configuration changed while it ran: send the newest once it is answered.
  bool configuration_update_wanted = false;
};

class amf_n2 {
 public:
  /// `timers` (and its clock) must outlive this object; they time the
  /// procedures' waits and the log rate limiter.
  amf_n2(amf_config cfg, amf_n2_notifier& out, runtime::timer_service& timers);
  /// Ends every running procedure (cancelled, not left suspended).
  ~amf_n2();
  amf_n2(const amf_n2&) = delete;
  amf_n2& operator=(const amf_n2&) = delete;

  /// The NAS layer that UE-associated signalling goes to (not owned; must
  /// outlive this object). Without one, every new UE connection is released.
  void set_nas_handler(ue_nas_handler* h) noexcept { nas_ = h; }

  void on_gnb_connected(gnb_association_id a);
  /// Received NGAP octets, on SCTP stream `stream`. Never throws: bad input is
  /// answered with an Error Indication, counted and logged.
  void on_ngap(gnb_association_id a, std::span<const std::uint8_t> bytes, std::uint16_t stream = 0);
  /// The association is gone: everything known about that gNB goes with it.
  void on_gnb_disconnected(gnb_association_id a);

  /// NG Reset (reset all) towards a set-up gNB; false when it is not set up
  /// or an NG Reset to it waits for its acknowledgement.
  bool send_ng_reset(gnb_association_id a, ngap::cause c);
  /// AMF Configuration Update with the current name, capacity, GUAMIs and PLMN
  /// support to every set-up gNB (where one is still running, the newest
  /// configuration follows once it is answered); returns how many gNBs.
  std::size_t send_amf_configuration_update();
  /// Logs one "N more like this" summary for each (association, kind) whose
  /// rate-limit window ended with warnings held back; the runtime calls it
  /// periodically so that a burst that stops is still reported.
  void drain_log_summaries();
  /// TS 38.413 §8.6.2 Downlink NAS Transport to the UE; false for an unknown UE.
  bool send_downlink_nas(model::amf_ue_ngap_id ue, std::span<const std::uint8_t> nas_pdu);
  /// TS 38.413 §8.3.1 Initial Context Setup for the UE: the request, then its
  /// Response or Failure (or response_timeout, or the connection's end).
  /// Awaited by the NAS layer's procedures; never throws.
  runtime::task<initial_context_setup_result> initial_context_setup(model::amf_ue_ngap_id ue,
                                                                    initial_context_setup_parameters p);
  /// TS 38.413 §8.2.1 PDU Session Resource Setup: the sessions' Setup Request
  /// Transfers and NAS PDUs (and the UE's AMBR when given), then the gNB's
  /// Response with a transfer per session (succeeded or not). One at a time per
  /// UE: the caller serialises them. Never throws.
  runtime::task<pdu_session_resource_result> pdu_session_resource_setup(
      model::amf_ue_ngap_id ue, std::vector<pdu_session_resource_request> sessions,
      std::optional<ngap::ue_aggregate_maximum_bit_rate> ue_ambr);
  /// TS 38.413 §8.2.2 PDU Session Resource Release Command (with the UE's NAS
  /// PDU, if any), then the Release Response with a transfer per session.
  runtime::task<pdu_session_resource_result> pdu_session_resource_release(
      model::amf_ue_ngap_id ue, std::vector<pdu_session_resource_request> sessions, std::vector<std::uint8_t> nas_pdu);
  /// TS 38.413 §8.2.3 PDU Session Resource Modify Request, then the Modify
  /// Response (modified and failed-to-modify sessions).
  runtime::task<pdu_session_resource_result> pdu_session_resource_modify(
      model::amf_ue_ngap_id ue, std::vector<pdu_session_resource_request> sessions);
  /// TS 38.413 §8.5.1 Paging of the UE with 5G-S-TMSI `who` in the TAs
  /// `tais`, to every set-up gNB that supports one of them; returns how many
  /// gNBs were paged.
  std::size_t send_paging(const model::s_tmsi_5g& who, const std::vector<model::tai>& tais);
  /// TS 38.413 §8.3.3 UE Context Release Command, then the connection is
  /// released on Complete (or after response_timeout); false for an unknown
  /// UE or one whose release already runs.
  bool release_ue_context(model::amf_ue_ngap_id ue, ngap::cause c);
  const ue_ngap_table& ues() const noexcept { return ues_; }

  /// Changes what later NG Setup Responses and AMF Configuration Updates say.
  void set_relative_capacity(std::uint8_t c) noexcept { cfg_.relative_capacity = c; }

  std::size_t gnb_count() const noexcept { return gnbs_.size(); }
  std::size_t ready_gnb_count() const noexcept;
  const gnb_context* find(gnb_association_id a) const;
  const amf_n2_counters& counters() const noexcept { return counters_; }
  const amf_config& config() const noexcept { return cfg_; }

 private:
  // The procedures (lib/amf/procedures/<procedure>.cpp). Those the gNB starts
  // are answered at once; those the AMF starts are coroutines.
  void on_ng_setup_request(gnb_context& g, const ngap::ng_setup_request& m);
  /// Which cause, if any, makes the supported TAs unacceptable (TS 38.413 §8.7.1.4).
  std::optional<ngap::cause> check_supported_tas(const ngap::supported_ta_list& tas) const;
  void on_ng_reset(gnb_context& g, const ngap::ng_reset& m);
  runtime::task<void> ng_reset(gnb_association_id a, ngap::cause c);
  void on_ran_configuration_update(gnb_context& g, const ngap::ran_configuration_update& m);
  runtime::task<void> amf_configuration_update(gnb_association_id a);
  void on_error_indication(gnb_context& g, const ngap::error_indication& m);
  void on_initial_ue_message(gnb_context& g, const ngap::initial_ue_message& m, std::uint16_t stream);
  void on_uplink_nas_transport(gnb_context& g, const ngap::uplink_nas_transport& m);
  void on_nas_non_delivery_indication(gnb_context& g, const ngap::nas_non_delivery_indication& m);
  void on_ue_radio_capability_info_indication(gnb_context& g, const ngap::ue_radio_capability_info_indication& m);
  void on_ue_context_release_request(gnb_context& g, const ngap::ue_context_release_request& m);
  runtime::task<void> ue_context_release(model::amf_ue_ngap_id ue, ngap::cause c);
  /// Sends a UE-associated class-1 request of procedure `p` and waits for its
  /// outcome (shared by the PDU Session Resource procedures).
  runtime::task<std::expected<ngap::ngap_pdu, pdu_session_resource_outcome>> ue_request(model::amf_ue_ngap_id ue,
                                                                                         ngap::procedure_code p,
                                                                                         ngap::ngap_pdu request);

  // Shared by the procedures (lib/amf/amf_n2.cpp).
  gnb_context* context(gnb_association_id a);
  /// Ends the gNB's procedures and forgets everything known about it.
  void forget(gnb_association_id a);
  /// The connection named by the ids of a UE-associated message from `g`, or
  /// null after answering the Error Indication of TS 38.413 §10.6.
  ue_ngap_context* ue_for(gnb_context& g, ngap::amf_ue_ngap_id amf_id, ngap::ran_ue_ngap_id ran_id);
  /// Forgets one connection and tells the NAS layer.
  void release_ue(model::amf_ue_ngap_id ue, ue_release_reason why);
  /// Releases every connection on `a` (association lost, NG Reset all).
  void release_ues_on(gnb_association_id a, ue_release_reason why);
  void send_ue(const ue_ngap_context& ue, const ngap::ngap_pdu& pdu);
  void on_initiating(gnb_context& g, const ngap::initiating_message& m, std::span<const std::uint8_t> bytes);
  void wrong_state(gnb_context& g, std::span<const std::uint8_t> bytes, std::string_view why);
  void send(gnb_context& g, const ngap::ngap_pdu& pdu);
  void send_error_indication(gnb_context& g, const ngap::cause& c, std::optional<ngap::criticality_diagnostics> d);
  /// A warning about one peer's input, rate-limited per association and kind.
  template <class... Args>
  void warn(const gnb_context& g, std::uint32_t kind, fmt::format_string<Args...> f, Args&&... args);
  void log_summary(std::uint64_t association, std::uint32_t kind, std::uint64_t suppressed);

  amf_config cfg_;
  amf_n2_notifier& out_;
  runtime::timer_service& timers_;
  std::map<gnb_association_id, gnb_context> gnbs_;
  /// Global gNB ID ("001/01:0x000001/22") -> the association it is set up on.
  std::map<std::string, gnb_association_id, std::less<>> by_gnb_id_;
  log::rate_limiter log_limiter_;
  amf_n2_counters counters_;
  ue_ngap_table ues_;
  /// Connections whose UE Context Release runs (no second one is started).
  std::unordered_set<std::uint64_t> releasing_;
  ue_nas_handler* nas_ = nullptr;
};

}  // namespace meridian::amf
