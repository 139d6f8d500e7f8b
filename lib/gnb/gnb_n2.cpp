// The gNB's N2 management procedures towards one AMF (TS 38.413 §8.7).

#include "meridian/gnb/gnb_n2.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "meridian/common/log.hpp"
#include "meridian/common/log_escape.hpp"
#include "meridian/n2/n2_messages.hpp"

namespace meridian::gnb {

namespace {

const std::shared_ptr<spdlog::logger>& logger() {
  static const auto l = log::get("gnb.ngap");
  return l;
}

std::string seconds(std::chrono::milliseconds d) {
  return fmt::format("{:g} s", static_cast<double>(d.count()) / 1000.0);
}

/// The warnings rate-limited per link (issue 13); every event is still counted.
enum class warning : std::uint32_t {
  undecodable,
  unknown_procedure,
  wrong_state,
  error_indication_received,
  invalid_name,
};

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

constexpr std::uint32_t kind(warning w) noexcept { return static_cast<std::uint32_t>(w); }

/// One link has one peer: the rate limiter's peer key is constant.
constexpr std::uint64_t the_amf = 0;

}  // namespace

template <class... Args>
void gnb_n2::warn(std::uint32_t k, fmt::format_string<Args...> f, Args&&... args) {
  const auto d = log_limiter_.on_event(the_amf, k, clock_.now());
  if (d.suppressed_before != 0) log_summary(k, d.suppressed_before);
  if (d.log) logger()->warn(f, std::forward<Args>(args)...);
}

void gnb_n2::log_summary(std::uint32_t k, std::uint64_t suppressed) {
  logger()->warn("{}: {} more like this ({}) from AMF {} not logged", label_, suppressed,
                 to_string(static_cast<warning>(k)), amf_label_);
}

void gnb_n2::drain_log_summaries() {
  log_limiter_.drain(clock_.now(), [this](std::uint64_t, std::uint32_t k, std::uint64_t n) { log_summary(k, n); });
}

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

gnb_n2::gnb_n2(gnb_config cfg, std::string amf_label, const clock& clk, gnb_n2_notifier& out)
    : cfg_(std::move(cfg)),
      amf_label_(std::move(amf_label)),
      label_(fmt::format("gNB {}", cfg_.identity.id_string())),
      clock_(clk),
      out_(out),
      backoff_(cfg_.retry_initial) {}

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

void gnb_n2::send_ng_setup_request() {
  ngap::ng_setup_request r;
  r.global_ran_node_id_ = n2::encode_global_gnb_id(cfg_.identity);
  r.ran_node_name_ = cfg_.name;
  r.supported_ta_list_ = supported_ta_list();
  r.default_paging_drx_ = cfg_.default_paging_drx;
  ++counters_.ng_setup_attempts;
  state_ = n2_state::setup_pending;
  response_deadline_ = clock_.now() + cfg_.setup_response_timeout;
  logger()->debug("{}: NG Setup Request to AMF {}", label_, amf_label_);
  send(n2::make_pdu<ngap::initiating_message>(std::move(r)));
  out_.wake_at(response_deadline_);
}

void gnb_n2::retry_after(std::chrono::milliseconds wait, std::string_view why) {
  state_ = n2_state::waiting_to_retry;
  retry_at_ = clock_.now() + wait;
  logger()->warn("{}: NG Setup with AMF {} failed: {}, retry in {}", label_, amf_label_, why, seconds(wait));
  out_.wake_at(retry_at_);
}

void gnb_n2::on_connected() {
  logger()->debug("{}: N2 association with AMF {} up", label_, amf_label_);
  send_ng_setup_request();
}

void gnb_n2::on_disconnected() {
  if (state_ != n2_state::disconnected) ++counters_.associations_lost;
  const bool was_ready = state_ == n2_state::ready;
  state_ = n2_state::disconnected;
  const auto wait = take_backoff();
  if (was_ready)
    logger()->warn("{}: N2 association with AMF {} lost, reconnecting in {}", label_, amf_label_, seconds(wait));
  else
    logger()->info("{}: no N2 association with AMF {}, trying again in {}", label_, amf_label_, seconds(wait));
  out_.connect_at(clock_.now() + wait);
}

void gnb_n2::on_timer() {
  const auto now = clock_.now();
  if (state_ == n2_state::waiting_to_retry && now >= retry_at_) {
    send_ng_setup_request();
  } else if (state_ == n2_state::setup_pending && now >= response_deadline_) {
    ++counters_.ng_setup_timeouts;
    retry_after(take_backoff(), "no answer");
  }
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
      warn(kind(unknown ? warning::unknown_procedure : warning::undecodable), "{}: {}; answering Error Indication ({})",
           label_, in.problem, n2::to_string(in.cause));
      send_error_indication(in.cause, std::move(in.diagnostics));
      return;
    }
    case n2::inbound::verdict::process:
      break;
  }
  if (const auto* m = std::get_if<ngap::initiating_message>(&in.pdu.value_)) return on_initiating(*m, bytes);
  if (const auto* m = std::get_if<ngap::successful_outcome>(&in.pdu.value_)) return on_successful(*m, bytes);
  if (const auto* m = std::get_if<ngap::unsuccessful_outcome>(&in.pdu.value_)) return on_unsuccessful(*m, bytes);
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
  if (const auto* ei = std::get_if<ngap::error_indication>(&m.value_)) {
    ++counters_.error_indications_received;
    warn(kind(warning::error_indication_received), "{}: Error Indication from AMF {}: {}", label_, amf_label_,
         ei->cause_ ? n2::to_string(*ei->cause_) : std::string("no cause"));
    return;
  }
  if (state_ != n2_state::ready) return wrong_state(bytes);
  if (const auto* reset = std::get_if<ngap::ng_reset>(&m.value_)) {
    ++counters_.ng_resets_received;
    ngap::ng_reset_acknowledge ack;
    if (const auto* part = std::get_if<ngap::ue_associated_logical_ng_connection_list>(&reset->reset_type_.value_))
      ack.ue_associated_logical_ng_connection_list_ = *part;
    logger()->info("{}: NG Reset from AMF {} ({}), acknowledged", label_, amf_label_, n2::to_string(reset->cause_));
    send(n2::make_pdu<ngap::successful_outcome>(std::move(ack)));
    return;
  }
  if (const auto* upd = std::get_if<ngap::amf_configuration_update>(&m.value_)) {
    if (upd->amf_name_ && !n2::is_printable_string(*upd->amf_name_)) {
      // TS 38.413 §10.4: a logical error in a class 1 request: its unsuccessful outcome, "semantic error".
      ++counters_.invalid_names;
      ++counters_.amf_configuration_updates_failed;
      warn(kind(warning::invalid_name), "{}: AMF Configuration Update from AMF {} names the AMF '{}', not a "
           "PrintableString; refused (protocol: semantic-error)", label_, log::escaped(amf_name_),
           log::escaped(*upd->amf_name_));
      ngap::amf_configuration_update_failure f;
      f.cause_ = n2::protocol_cause(ngap::cause_protocol::semantic_error);
      send(n2::make_pdu<ngap::unsuccessful_outcome>(std::move(f)));
      return;
    }
    if (upd->amf_name_) amf_name_ = *upd->amf_name_;
    if (upd->relative_amf_capacity_) relative_amf_capacity_ = *upd->relative_amf_capacity_;
    ++counters_.amf_configuration_updates_acknowledged;
    logger()->info("{}: AMF Configuration Update from AMF {} acknowledged", label_, log::escaped(amf_name_));
    send(n2::make_pdu<ngap::successful_outcome>(ngap::amf_configuration_update_acknowledge{}));
    return;
  }
  wrong_state(bytes);
}

void gnb_n2::on_successful(const ngap::successful_outcome& m, std::span<const std::uint8_t> bytes) {
  if (const auto* r = std::get_if<ngap::ng_setup_response>(&m.value_)) {
    if (state_ != n2_state::setup_pending) return wrong_state(bytes);
    if (!n2::is_printable_string(r->amf_name_)) {
      // TS 38.413 §10.4: a logical error in the response of a class 1
      // procedure ends it unsuccessfully with local error handling: this
      // AMF is not used, and NG Setup is tried again after back-off.
      ++counters_.invalid_names;
      ++counters_.ng_setup_failures;
      warn(kind(warning::invalid_name), "{}: NG Setup Response from AMF {} names the AMF '{}', not a PrintableString",
           label_, amf_label_, log::escaped(r->amf_name_));
      retry_after(take_backoff(), "AMF Name is not a PrintableString");
      return;
    }
    state_ = n2_state::ready;
    amf_name_ = r->amf_name_;
    relative_amf_capacity_ = r->relative_amf_capacity_;
    backoff_ = cfg_.retry_initial;
    ++counters_.ng_setups_completed;
    logger()->info("{}: NG Setup with AMF {} ({}) complete", label_, log::escaped(amf_name_), amf_label_);
    return;
  }
  if (state_ != n2_state::ready) return wrong_state(bytes);
  if (std::holds_alternative<ngap::ng_reset_acknowledge>(m.value_)) {
    logger()->info("{}: NG Reset acknowledged by AMF {}", label_, log::escaped(amf_name_));
    return;
  }
  if (std::holds_alternative<ngap::ran_configuration_update_acknowledge>(m.value_)) {
    ++counters_.ran_configuration_updates_acknowledged;
    logger()->info("{}: RAN Configuration Update acknowledged by AMF {}", label_, log::escaped(amf_name_));
    return;
  }
  wrong_state(bytes);
}

void gnb_n2::on_unsuccessful(const ngap::unsuccessful_outcome& m, std::span<const std::uint8_t> bytes) {
  if (const auto* f = std::get_if<ngap::ng_setup_failure>(&m.value_)) {
    if (state_ != n2_state::setup_pending) return wrong_state(bytes);
    ++counters_.ng_setup_failures;
    // TS 38.413 §8.7.1.3: with Time To Wait, wait at least that long; otherwise back off.
    const auto wait = f->time_to_wait_ ? std::chrono::milliseconds(n2::to_duration(*f->time_to_wait_)) : take_backoff();
    retry_after(wait, n2::to_string(f->cause_));
    return;
  }
  if (const auto* f = std::get_if<ngap::ran_configuration_update_failure>(&m.value_)) {
    if (state_ != n2_state::ready) return wrong_state(bytes);
    ++counters_.ran_configuration_updates_failed;
    logger()->warn("{}: RAN Configuration Update refused by AMF {}: {}", label_, log::escaped(amf_name_),
                   n2::to_string(f->cause_));
    return;
  }
  wrong_state(bytes);
}

bool gnb_n2::send_ng_reset(ngap::cause c) {
  if (state_ != n2_state::ready) return false;
  ngap::ng_reset r;
  r.cause_ = std::move(c);
  r.reset_type_.value_ = ngap::reset_all::reset_all;
  ++counters_.ng_resets_sent;
  send(n2::make_pdu<ngap::initiating_message>(std::move(r)));
  return true;
}

bool gnb_n2::send_ran_configuration_update() {
  if (state_ != n2_state::ready) return false;
  ngap::ran_configuration_update u;
  u.ran_node_name_ = cfg_.name;
  u.supported_ta_list_ = supported_ta_list();
  u.default_paging_drx_ = cfg_.default_paging_drx;
  ++counters_.ran_configuration_updates_sent;
  send(n2::make_pdu<ngap::initiating_message>(std::move(u)));
  return true;
}

}  // namespace meridian::gnb
