// The gNB's N2 link towards one AMF: the association's life, the dispatch of
// received NGAP to the procedures (lib/gnb/procedures/), and what they share.

#include "meridian/gnb/gnb_n2.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "gnb_n2_support.hpp"
#include "meridian/n2/n2_messages.hpp"

namespace meridian::gnb {

namespace detail {

const std::shared_ptr<spdlog::logger>& logger() {
  static const auto l = log::get("gnb.ngap");
  return l;
}

std::string seconds(std::chrono::milliseconds d) {
  return fmt::format("{:g} s", static_cast<double>(d.count()) / 1000.0);
}

std::string_view to_string(warning w) noexcept {
  switch (w) {
    case warning::undecodable:
      return "undecodable NGAP";
    case warning::unknown_procedure:
      return "unknown procedure";
    case warning::wrong_state:
      return "message in wrong state";
    case warning::error_indication_received:
      return "Error Indication received";
    case warning::invalid_name:
      return "AMF Name not a PrintableString";
  }
  return "?";
}

}  // namespace detail

using detail::kind;
using detail::logger;
using detail::warning;

std::string_view to_string(n2_state s) noexcept {
  switch (s) {
    case n2_state::disconnected:
      return "disconnected";
    case n2_state::setup_pending:
      return "setup_pending";
    case n2_state::waiting_to_retry:
      return "waiting_to_retry";
    case n2_state::ready:
      return "ready";
  }
  return "?";
}

std::string_view to_string(ng_setup_failure_reason r) noexcept {
  switch (r) {
    case ng_setup_failure_reason::refused:
      return "refused";
    case ng_setup_failure_reason::no_answer:
      return "no answer";
    case ng_setup_failure_reason::invalid_amf_name:
      return "AMF Name is not a PrintableString";
  }
  return "?";
}

gnb_n2::gnb_n2(gnb_config cfg, std::string amf_label, runtime::timer_service& timers, gnb_n2_notifier& out)
    : cfg_(std::move(cfg)),
      amf_label_(std::move(amf_label)),
      label_(fmt::format("gNB {}", cfg_.identity.id_string())),
      timers_(timers),
      out_(out),
      backoff_(cfg_.retry_initial),
      answers_(timers) {}

gnb_n2::~gnb_n2() {
  // Suspended procedures resume at once with runtime_error::cancelled and end
  // here, while every member they touch is still alive.
  association_.request_cancellation();
  reconnect_.request_cancellation();
}

void gnb_n2::log_summary(std::uint32_t k, std::uint64_t suppressed) {
  logger()->warn("{}: {} more like this ({}) from AMF {} not logged", label_, suppressed,
                 detail::to_string(static_cast<warning>(k)), amf_label_);
}

void gnb_n2::drain_log_summaries() {
  log_limiter_.drain(timers_.now(), [this](std::uint64_t, std::uint32_t k, std::uint64_t n) { log_summary(k, n); });
}

void gnb_n2::set_state(n2_state s) {
  const bool was_ready = state_ == n2_state::ready;
  state_ = s;
  if (was_ready != (s == n2_state::ready)) out_.on_ready_changed(s == n2_state::ready);
}

std::chrono::milliseconds gnb_n2::take_backoff() noexcept {
  const auto wait = backoff_;
  backoff_ = std::min(backoff_ * 2, cfg_.retry_max);
  return wait;
}

ngap::supported_ta_list gnb_n2::supported_ta_list() const {
  ngap::broadcast_plmn_item plmn;
  plmn.plmn_identity_ = n2::encode_plmn(cfg_.identity.plmn_id());
  for (const auto& s : cfg_.slices)
    plmn.tai_slice_support_list_.push_back(ngap::slice_support_item{n2::encode_s_nssai(s)});
  ngap::supported_ta_item ta;
  ta.tac_ = n2::encode_tac(cfg_.tac);
  ta.broadcast_plmn_list_.push_back(std::move(plmn));
  return {std::move(ta)};
}

void gnb_n2::send(const ngap::ngap_pdu& pdu) {
  const auto bytes = n2::encode(pdu);
  if (bytes.empty()) {
    logger()->error("{}: cannot encode an NGAP message", label_);
    return;
  }
  out_.send_ngap(bytes);
}

void gnb_n2::send_error_indication(const ngap::cause& c, std::optional<ngap::criticality_diagnostics> d) {
  ++counters_.error_indications_sent;
  send(n2::make_error_indication(c, std::move(d)));
}

void gnb_n2::on_connected() {
  logger()->debug("{}: N2 association with AMF {} up", label_, amf_label_);
  // A restart on the same association ends what ran on it before.
  association_.request_cancellation();
  association_ = runtime::cancellation_source{};
  reconnect_.request_cancellation();
  runtime::spawn(ng_setup(), association_.token());
}

void gnb_n2::on_disconnected() {
  association_.request_cancellation();
  association_ = runtime::cancellation_source{};
  if (state_ != n2_state::disconnected) ++counters_.associations_lost;
  const bool was_ready = state_ == n2_state::ready;
  set_state(n2_state::disconnected);
  const auto wait = take_backoff();
  if (was_ready)
    logger()->warn("{}: N2 association with AMF {} lost, reconnecting in {}", label_, amf_label_, detail::seconds(wait));
  else
    logger()->info("{}: no N2 association with AMF {}, trying again in {}", label_, amf_label_, detail::seconds(wait));
  // Only the latest loss schedules the next attempt.
  reconnect_.request_cancellation();
  reconnect_ = runtime::cancellation_source{};
  runtime::spawn(reconnect_after(wait), reconnect_.token());
}

runtime::task<void> gnb_n2::reconnect_after(std::chrono::milliseconds wait) {
  const std::expected<void, runtime::runtime_error> slept = co_await timers_.sleep_for(wait);
  if (!slept) co_return;  // superseded, or the link is going away
  out_.connect();
}

void gnb_n2::on_ngap(std::span<const std::uint8_t> bytes) {
  auto in = n2::receive_ngap(bytes);
  switch (in.what) {
    case n2::inbound::verdict::ignore:
      ++counters_.unknown_procedures;
      warn(kind(warning::unknown_procedure), "{}: {} (criticality ignore): ignored", label_, in.problem);
      return;
    case n2::inbound::verdict::error_indication: {
      const bool unknown = in.kind == n2::inbound_problem::unknown_procedure;
      ++(unknown ? counters_.unknown_procedures : counters_.undecodable_messages);
      warn(kind(unknown ? warning::unknown_procedure : warning::undecodable),
           "{}: {}; answering Error Indication ({})", label_, in.problem, n2::to_string(in.cause));
      send_error_indication(in.cause, std::move(in.diagnostics));
      return;
    }
    case n2::inbound::verdict::process:
      break;
  }
  if (const auto* m = std::get_if<ngap::initiating_message>(&in.pdu.value_)) return on_initiating(*m, bytes);
  // An outcome goes to the procedure of this gNB that waits for it, if one does.
  const auto h = n2::peek_header(bytes);
  if (!h || !answers_.complete(h->procedure, std::move(in.pdu))) wrong_state(bytes);
}

void gnb_n2::wrong_state(std::span<const std::uint8_t> bytes) {
  ++counters_.messages_in_wrong_state;
  warn(kind(warning::wrong_state),
       "{}: {} in state {}; answering Error Indication (message-not-compatible-with-receiver-state)", label_,
       n2::message_name(bytes), to_string(state_));
  std::optional<ngap::criticality_diagnostics> d;
  if (auto h = n2::peek_header(bytes)) d = n2::diagnostics_for(*h);
  send_error_indication(n2::protocol_cause(ngap::cause_protocol::message_not_compatible_with_receiver_state),
                        std::move(d));
}

void gnb_n2::on_initiating(const ngap::initiating_message& m, std::span<const std::uint8_t> bytes) {
  // An Error Indication is taken in every state (and never answered).
  if (const auto* ei = std::get_if<ngap::error_indication>(&m.value_)) return on_error_indication(*ei);
  if (state_ != n2_state::ready) return wrong_state(bytes);
  if (const auto* reset = std::get_if<ngap::ng_reset>(&m.value_)) return on_ng_reset(*reset);
  if (const auto* upd = std::get_if<ngap::amf_configuration_update>(&m.value_))
    return on_amf_configuration_update(*upd);
  wrong_state(bytes);
}

}  // namespace meridian::gnb
