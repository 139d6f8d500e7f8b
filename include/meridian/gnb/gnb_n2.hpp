#pragma once
// The gNB's side of the N2 management procedures towards one AMF (TS 38.413
// §8.7): NG Setup with retries (Time To Wait, else back-off), NG Reset in both
// directions, Error Indication, AMF Configuration Update and RAN Configuration
// Update. No sockets and no timers of its own: time comes from an injected
// clock and the runtime calls on_timer() when asked to, so tests move time by hand.

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include <fmt/format.h>

#include "meridian/common/clock.hpp"
#include "meridian/common/log_rate_limit.hpp"
#include "meridian/gnb/gnb_config.hpp"
#include "meridian/ngap/ngap.hpp"

namespace meridian::gnb {

/// What the procedures ask of the runtime.
class gnb_n2_notifier {
 public:
  virtual ~gnb_n2_notifier() = default;
  /// One NGAP PDU for non-UE-associated signalling (stream 0, PPID 60).
  virtual void send_ngap(std::span<const std::uint8_t> pdu) = 0;
  /// Start a new association to the AMF at `when` (after a loss or failed attempt).
  virtual void connect_at(clock::time_point when) = 0;
  /// Call on_timer() at `when` (earlier calls are harmless).
  virtual void wake_at(clock::time_point when) = 0;
};

enum class n2_state : std::uint8_t {
  disconnected,      ///< no association; a connect is scheduled
  setup_pending,     ///< NG Setup Request sent, waiting for the answer
  waiting_to_retry,  ///< NG Setup failed; retrying at retry_at()
  ready,             ///< NG Setup complete
};
std::string_view to_string(n2_state s) noexcept;

struct gnb_n2_counters {
  std::uint64_t ng_setup_attempts = 0;
  std::uint64_t ng_setups_completed = 0;
  std::uint64_t ng_setup_failures = 0;
  std::uint64_t ng_setup_timeouts = 0;
  std::uint64_t associations_lost = 0;
  std::uint64_t ng_resets_received = 0;
  std::uint64_t ng_resets_sent = 0;
  std::uint64_t amf_configuration_updates_acknowledged = 0;
  std::uint64_t ran_configuration_updates_sent = 0;
  std::uint64_t ran_configuration_updates_acknowledged = 0;
  std::uint64_t ran_configuration_updates_failed = 0;
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
  /// `cfg.identity` is this instance's gNB identity (cfg.count is not used here).
  gnb_n2(gnb_config cfg, std::string amf_label, const clock& clk, gnb_n2_notifier& out);

  /// The association is up: send NG Setup Request.
  void on_connected();
  /// The association went down or could not start: reconnect after back-off.
  void on_disconnected();
  void on_ngap(std::span<const std::uint8_t> bytes);
  void on_timer();
  /// Logs the "N more like this" summaries of rate-limited warnings whose
  /// window ended (the runtime calls it periodically).
  void drain_log_summaries();

  /// NG Reset (reset all) to the AMF; false unless ready.
  bool send_ng_reset(ngap::cause c);
  /// RAN Configuration Update with the current TA list; false unless ready.
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
  void send_ng_setup_request();
  void retry_after(std::chrono::milliseconds wait, std::string_view why);
  std::chrono::milliseconds take_backoff() noexcept;
  void send(const ngap::ngap_pdu& pdu);
  void send_error_indication(const ngap::cause& c, std::optional<ngap::criticality_diagnostics> d);
  void wrong_state(std::span<const std::uint8_t> bytes);
  void on_initiating(const ngap::initiating_message& m, std::span<const std::uint8_t> bytes);
  void on_successful(const ngap::successful_outcome& m, std::span<const std::uint8_t> bytes);
  void on_unsuccessful(const ngap::unsuccessful_outcome& m, std::span<const std::uint8_t> bytes);
  ngap::supported_ta_list supported_ta_list() const;
  /// A warning about the AMF's input, rate-limited per kind (issue 13).
  template <class... Args>
  void warn(std::uint32_t kind, fmt::format_string<Args...> f, Args&&... args);
  void log_summary(std::uint32_t kind, std::uint64_t suppressed);

  gnb_config cfg_;
  std::string amf_label_;
  std::string label_;
  const clock& clock_;
  gnb_n2_notifier& out_;
  n2_state state_ = n2_state::disconnected;
  clock::time_point retry_at_{};
  clock::time_point response_deadline_{};
  std::chrono::milliseconds backoff_;
  std::string amf_name_;
  std::int64_t relative_amf_capacity_ = 0;
  gnb_n2_counters counters_;
  log::rate_limiter log_limiter_;
};

}  // namespace meridian::gnb
