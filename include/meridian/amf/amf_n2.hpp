#pragma once
// The AMF's side of the N2 management procedures (TS 38.413 §8.7): NG Setup,
// NG Reset in both directions, Error Indication, RAN Configuration Update and
// AMF Configuration Update, one context per gNB association. No sockets: the
// runtime (amf_n2_server) feeds it received octets and sends what it asks
// for, so tests drive it with fakes. The procedures are in
// lib/amf/procedures/, one file each; those the AMF starts are coroutines on
// the runtime, their timers on the injected clock (`clk.advance(d); timers.run_due();`).

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "meridian/amf/amf_config.hpp"
#include "meridian/common/log_rate_limit.hpp"
#include "meridian/common/strong_id.hpp"
#include "meridian/n2/n2_types.hpp"
#include "meridian/ngap/ngap.hpp"
#include "meridian/runtime/cancellation.hpp"
#include "meridian/runtime/pending_requests.hpp"
#include "meridian/runtime/task.hpp"
#include "meridian/runtime/timer_service.hpp"

namespace meridian::amf {

/// One gNB's SCTP association, as the runtime numbers them.
using gnb_association_id = strong_id<struct gnb_association_id_tag, std::uint64_t>;

/// What the N2 procedures send; implemented by the runtime (and by test fakes).
class amf_n2_notifier {
 public:
  virtual ~amf_n2_notifier() = default;
  /// One NGAP PDU for non-UE-associated signalling (stream 0, PPID 60).
  virtual void send_ngap(gnb_association_id to, std::span<const std::uint8_t> pdu) = 0;
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
};

/// What the AMF knows of one gNB, and the procedures running with it. Lives
/// in place in amf_n2's table (never moves: its pending requests point at it).
struct gnb_context {
  gnb_context(gnb_association_id a, runtime::timer_service& timers) : association(a), answers(timers) {}
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

  void on_gnb_connected(gnb_association_id a);
  /// Received non-UE-associated NGAP octets. Never throws: bad input is
  /// answered with an Error Indication, counted and logged.
  void on_ngap(gnb_association_id a, std::span<const std::uint8_t> bytes);
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

  // Shared by the procedures (lib/amf/amf_n2.cpp).
  gnb_context* context(gnb_association_id a);
  /// Ends the gNB's procedures and forgets everything known about it.
  void forget(gnb_association_id a);
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
};

}  // namespace meridian::amf
