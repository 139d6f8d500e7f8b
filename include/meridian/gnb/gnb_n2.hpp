#pragma once
// The gNB's side of the N2 management procedures towards one AMF (TS 38.413
// §8.7): NG Setup with retries (Time To Wait, else back-off), NG Reset in both
// directions, Error Indication, AMF Configuration Update and RAN Configuration
// Update. No sockets: the runtime (gnb_n2_client) feeds it received octets and
// sends what it asks for. Each procedure the gNB starts is a coroutine on the
// runtime (lib/gnb/procedures/, one file per procedure) whose timers run on the
// injected clock, so tests move time by hand (`clk.advance(d); timers.run_due();`).

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include <fmt/format.h>

#include "meridian/common/log_rate_limit.hpp"
#include "meridian/gnb/gnb_config.hpp"
#include "meridian/ngap/ngap.hpp"
#include "meridian/runtime/cancellation.hpp"
#include "meridian/runtime/pending_requests.hpp"
#include "meridian/runtime/task.hpp"
#include "meridian/runtime/timer_service.hpp"

namespace meridian::gnb {

/// What the procedures ask of the runtime.
class gnb_n2_notifier {
 public:
  virtual ~gnb_n2_notifier() = default;
  /// One NGAP PDU for non-UE-associated signalling (stream 0, PPID 60).
  virtual void send_ngap(std::span<const std::uint8_t> pdu) = 0;
  /// Start a new association to the AMF now (the back-off after a loss or a
  /// failed attempt has passed).
  virtual void connect() = 0;
  /// NG Setup completed (true) or the link stopped being usable (false).
  virtual void on_ready_changed(bool /*ready*/) {}
};

enum class n2_state : std::uint8_t {
  disconnected,      ///< no association; a connect is scheduled
  setup_pending,     ///< NG Setup Request sent, waiting for the answer
  waiting_to_retry,  ///< NG Setup failed; retrying at retry_at()
  ready,             ///< NG Setup complete
};
std::string_view to_string(n2_state s) noexcept;

/// Why one NG Setup attempt did not complete (TS 38.413 §8.7.1.3, §10.4).
enum class ng_setup_failure_reason : std::uint8_t {
  refused,           ///< NG Setup Failure from the AMF
  no_answer,         ///< no answer within setup_response_timeout
  invalid_amf_name,  ///< the response's AMF Name is not a PrintableString
};
std::string_view to_string(ng_setup_failure_reason r) noexcept;

struct gnb_n2_counters {
  std::uint64_t ng_setup_attempts = 0;
  std::uint64_t ng_setups_completed = 0;
  std::uint64_t ng_setup_failures = 0;
  std::uint64_t ng_setup_timeouts = 0;
  std::uint64_t associations_lost = 0;
  std::uint64_t ng_resets_received = 0;
  std::uint64_t ng_resets_sent = 0;
  std::uint64_t ng_reset_acks_received = 0;
  std::uint64_t ng_reset_timeouts = 0;
  std::uint64_t amf_configuration_updates_acknowledged = 0;
  std::uint64_t ran_configuration_updates_sent = 0;
  std::uint64_t ran_configuration_updates_acknowledged = 0;
  std::uint64_t ran_configuration_updates_failed = 0;
  std::uint64_t ran_configuration_update_timeouts = 0;
  std::uint64_t error_indications_received = 0;
  std::uint64_t error_indications_sent = 0;
  std::uint64_t undecodable_messages = 0;
  std::uint64_t unknown_procedures = 0;
  std::uint64_t messages_in_wrong_state = 0;
  /// AMF Names outside the PrintableString alphabet (NG Setup Response: the
  /// setup is treated as failed; AMF Configuration Update: refused).
  std::uint64_t invalid_names = 0;
  std::uint64_t amf_configuration_updates_failed = 0;
};

class gnb_n2 {
 public:
  /// `cfg.identity` is this instance's gNB identity (cfg.count is not used
  /// here). `timers` (and its clock) must outlive this object.
  gnb_n2(gnb_config cfg, std::string amf_label, runtime::timer_service& timers, gnb_n2_notifier& out);
  /// Ends every running procedure (they are cancelled, not left suspended).
  ~gnb_n2();
  gnb_n2(const gnb_n2&) = delete;
  gnb_n2& operator=(const gnb_n2&) = delete;

  /// The association is up (or the AMF restarted on it): start NG Setup.
  void on_connected();
  /// The association went down or could not start: reconnect after back-off.
  void on_disconnected();
  void on_ngap(std::span<const std::uint8_t> bytes);
  /// Logs the "N more like this" summaries of rate-limited warnings whose
  /// window ended (the runtime calls it periodically).
  void drain_log_summaries();

  /// NG Reset (reset all) to the AMF; false unless ready and no NG Reset of
  /// this gNB is waiting for its acknowledgement.
  bool send_ng_reset(ngap::cause c);
  /// RAN Configuration Update with the current TA list; false unless ready,
  /// no earlier one is outstanding and no Time To Wait holds it back.
  bool send_ran_configuration_update();

  n2_state state() const noexcept { return state_; }
  clock::time_point retry_at() const noexcept { return retry_at_; }
  /// The AMF Name from NG Setup Response (or a later AMF Configuration Update).
  const std::string& amf_name() const noexcept { return amf_name_; }
  std::int64_t relative_amf_capacity() const noexcept { return relative_amf_capacity_; }
  const gnb_n2_counters& counters() const noexcept { return counters_; }
  const gnb_config& config() const noexcept { return cfg_; }
  /// The back-off the next failure without Time To Wait would wait.
  std::chrono::milliseconds next_backoff() const noexcept { return backoff_; }

 private:
  // The procedures this gNB starts (lib/gnb/procedures/<procedure>.cpp).
  /// TS 38.413 §8.7.1: NG Setup, repeated until the AMF accepts (or the association ends).
  runtime::task<void> ng_setup();
  /// TS 38.413 §8.7.4.2.2: NG Reset initiated by the gNB.
  runtime::task<void> ng_reset(ngap::cause c);
  /// TS 38.413 §8.7.2: RAN Configuration Update.
  runtime::task<void> ran_configuration_update();
  /// After a lost association or a failed attempt: wait, then ask for a new one.
  runtime::task<void> reconnect_after(std::chrono::milliseconds wait);

  // The procedures the AMF starts, answered at once (same files).
  void on_ng_reset(const ngap::ng_reset& m);
  void on_amf_configuration_update(const ngap::amf_configuration_update& m);
  void on_error_indication(const ngap::error_indication& m);

  // Shared by the procedures (lib/gnb/gnb_n2.cpp).
  void set_state(n2_state s);
  std::chrono::milliseconds take_backoff() noexcept;
  void send(const ngap::ngap_pdu& pdu);
  void send_error_indication(const ngap::cause& c, std::optional<ngap::criticality_diagnostics> d);
  void wrong_state(std::span<const std::uint8_t> bytes);
  void on_initiating(const ngap::initiating_message& m, std::span<const std::uint8_t> bytes);
  ngap::supported_ta_list supported_ta_list() const;
  /// A warning about the AMF's input, rate-limited per kind (issue 13).
  template <class... Args>
  void warn(std::uint32_t kind, fmt::format_string<Args...> f, Args&&... args);
  void log_summary(std::uint32_t kind, std::uint64_t suppressed);

  gnb_config cfg_;
  std::string amf_label_;
  std::string label_;
  runtime::timer_service& timers_;
  gnb_n2_notifier& out_;
  n2_state state_ = n2_state::disconnected;
  clock::time_point retry_at_{};
  std::chrono::milliseconds backoff_;
  std::string amf_name_;
  std::int64_t relative_amf_capacity_ = 0;
  /// TS 38.413 §8.7.2.3: no RAN Configuration Update before this time.
  clock::time_point ran_configuration_update_not_before_{};
  gnb_n2_counters counters_;
  log::rate_limiter log_limiter_;
  /// Answers to the procedures this gNB started, keyed by procedure code: one
  /// instance of each class-1 procedure at a time on the association.
  runtime::pending_requests<ngap::procedure_code, ngap::ngap_pdu> answers_;
  /// Cancelled when the association ends: its procedures end with it.
  runtime::cancellation_source association_;
  /// Cancelled when a newer reconnect is scheduled, or at destruction.
  runtime::cancellation_source reconnect_;
};

}  // namespace meridian::gnb
