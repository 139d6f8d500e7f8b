// Compilation of a session's rules and the per-packet enforcement of one PDR;
// see session.hpp.

#include "meridian/upf/session.hpp"

#include <algorithm>
#include <unordered_set>

#include <fmt/format.h>

namespace meridian::upf {

std::string_view to_string(rules_errc c) noexcept {
  switch (c) {
    case rules_errc::duplicate_rule_id:
      return "duplicate rule ID";
    case rules_errc::unknown_far:
      return "PDR refers to an unknown FAR";
    case rules_errc::unknown_qer:
      return "PDR refers to an unknown QER";
    case rules_errc::unknown_urr:
      return "PDR refers to an unknown URR";
    case rules_errc::missing_far:
      return "PDR has no FAR";
    case rules_errc::no_key:
      return "PDR has neither a local F-TEID nor a UE IP address";
    case rules_errc::duplicate_seid:
      return "session exists already";
    case rules_errc::unknown_seid:
      return "no such session";
    case rules_errc::teid_in_use:
      return "local TEID used by another session";
    case rules_errc::ue_address_in_use:
      return "UE IP address used by another session";
  }
  return "unknown";
}

std::string rules_error::message() const { return fmt::format("{} ({})", to_string(code_), rule_id_); }

namespace {

template <class Rule, class Id>
std::optional<std::uint32_t> index_of(const std::vector<Rule>& rules, Id id) noexcept {
  for (std::size_t i = 0; i < rules.size(); ++i)
    if (rules[i].id_ == id) return static_cast<std::uint32_t>(i);
  return std::nullopt;
}

template <class Rule>
bool unique_ids(const std::vector<Rule>& rules) {
  std::unordered_set<std::uint64_t> seen;
  for (const auto& r : rules)
    if (!seen.insert(r.id_.value()).second) return false;
  return true;
}

std::unexpected<rules_error> fail(rules_errc c, std::uint32_t id) { return std::unexpected(rules_error{c, id}); }

}  // namespace

std::expected<std::unique_ptr<session>, rules_error> session::create(session_rules rules, const session_config& cfg,
                                                                     clock::time_point now) {
  if (!unique_ids(rules.pdrs_) || !unique_ids(rules.fars_) || !unique_ids(rules.qers_) || !unique_ids(rules.urrs_))
    return fail(rules_errc::duplicate_rule_id, 0);

  std::unique_ptr<session> s(new session(std::move(rules), cfg));
  const session_rules& r = s->rules_;

  // State first, at its final size: compiled PDRs keep pointers into it.
  s->qers_.reserve(r.qers_.size());
  s->usage_.reserve(r.urrs_.size());
  for (const qer& q : r.qers_) {
    qer_state pol;
    pol.gate_uplink_ = q.gate_uplink_;
    pol.gate_downlink_ = q.gate_downlink_;
    // The MBR IE is in kbit/s (TS 29.244 §8.2.8) and 1 kbit/s = 1000 bit/s.
    if (q.mbr_uplink_kbps_) {
      const std::uint64_t bps = *q.mbr_uplink_kbps_ * 1000;
      pol.uplink_.emplace(bps, token_bucket::default_burst_bytes(bps), now);
    }
    if (q.mbr_downlink_kbps_) {
      const std::uint64_t bps = *q.mbr_downlink_kbps_ * 1000;
      pol.downlink_.emplace(bps, token_bucket::default_burst_bytes(bps), now);
    }
    s->qers_.push_back(std::move(pol));
  }
  for (const urr& u : r.urrs_) s->usage_.emplace_back(u.id_, u.volume_threshold_);
  for (const pdr& p : r.pdrs_) {
    const std::uint32_t id = p.id_.value();
    if (!p.far_id_) return fail(rules_errc::missing_far, id);
    auto far_index = index_of(r.fars_, *p.far_id_);
    if (!far_index) return fail(rules_errc::unknown_far, id);

    compiled_pdr c;
    c.rule_ = &p;
    c.id_ = p.id_;
    c.precedence_ = p.precedence_;
    c.local_teid_ = p.pdi_.local_teid_;
    c.qfi_ = p.pdi_.qfi_;
    c.ue_address_ = p.pdi_.ue_address_;
    c.sdf_count_ = static_cast<std::uint32_t>(p.pdi_.sdf_filters_.size());
    if (c.sdf_count_ > 0) c.first_sdf_ = p.pdi_.sdf_filters_.front();
    c.far_ = &r.fars_[*far_index];
    // TS 29.212 flow descriptions are written downlink-wise; a PDR on the
    // access side sees uplink traffic, one on the core/N6 side downlink.
    c.sdf_direction_ = p.pdi_.source_interface_ == interface_type::access ? direction::uplink : direction::downlink;
    for (qer_id q : p.qer_ids_) {
      auto i = index_of(r.qers_, q);
      if (!i) return fail(rules_errc::unknown_qer, id);
      c.qers_.push_back(&s->qers_[*i]);
      if (!c.downlink_qfi_) c.downlink_qfi_ = r.qers_[*i].qfi_;
    }
    for (urr_id u : p.urr_ids_) {
      auto i = index_of(r.urrs_, u);
      if (!i) return fail(rules_errc::unknown_urr, id);
      c.urrs_.push_back(&s->usage_[*i]);
    }
    if (p.pdi_.local_teid_)
      s->tunnel_pdrs_.push_back(std::move(c));
    else if (p.pdi_.ue_address_)
      s->ue_address_pdrs_.push_back(std::move(c));
    else
      return fail(rules_errc::no_key, id);
  }
  const auto by_precedence = [](const compiled_pdr& a, const compiled_pdr& b) { return a.precedence_ < b.precedence_; };
  std::stable_sort(s->tunnel_pdrs_.begin(), s->tunnel_pdrs_.end(), by_precedence);
  std::stable_sort(s->ue_address_pdrs_.begin(), s->ue_address_pdrs_.end(), by_precedence);

  if (r.bar_ && r.bar_->suggested_buffering_packets_count_)
    s->buffer_.limit_packets(*r.bar_->suggested_buffering_packets_count_);
  return s;
}

verdict session::apply(const compiled_pdr& p, direction dir, std::span<const std::uint8_t> packet,
                       clock::time_point now) noexcept {
  verdict v;
  const far& f = *p.far_;
  v.far_ = &f;
  const std::size_t octets = packet.size();
  const bool up = dir == direction::uplink;

  // TS 29.244 §5.4: every QER of the PDR applies; check all before taking
  // tokens so that a packet dropped by one QER costs no credit in another.
  for (std::size_t i = 0; i < p.qers_.size(); ++i) {
    qer_state& pol = *p.qers_[i];
    if ((up ? pol.gate_uplink_ : pol.gate_downlink_) == gate::closed) {
      v.disposition_ = disposition::drop_gate_closed;
      return v;
    }
    auto& bucket = up ? pol.uplink_ : pol.downlink_;
    if (bucket && !bucket->conforms(octets, now)) {
      v.disposition_ = disposition::drop_mbr;
      return v;
    }
  }
  for (std::size_t i = 0; i < p.qers_.size(); ++i) {
    auto& bucket = up ? p.qers_[i]->uplink_ : p.qers_[i]->downlink_;
    if (bucket) bucket->consume(octets, now);
  }

  switch (f.action_) {
    case apply_action::drop:
      v.disposition_ = disposition::drop_far;
      return v;
    case apply_action::buffer:
    case apply_action::buffer_and_notify: {
      const auto r = buffer_.push(packet, p.id_);
      if (r == packet_buffer::push_result::dropped_full || r == packet_buffer::push_result::dropped_too_big) {
        v.disposition_ = disposition::drop_buffer_full;
        return v;
      }
      v.disposition_ = r == packet_buffer::push_result::first_buffered && f.action_ == apply_action::buffer_and_notify
                           ? disposition::buffered_notify
                           : disposition::buffered;
      // Not counted now: a buffered packet is charged when the forwarding
      // loop sends it after draining the buffer (it may never leave).
      return v;
    }
    case apply_action::forward:
      break;
  }
  // Measured after QoS enforcement (TS 29.244 §5.2.2.1, MBQE not set): what is
  // actually forwarded is what the subscriber is charged for.
  for (std::size_t i = 0; i < p.urrs_.size(); ++i)
    if (p.urrs_[i]->add(dir, octets)) v.usage_report_due_ = true;
  v.disposition_ = disposition::forward;
  return v;
}

usage_counter* session::find_usage(urr_id id) noexcept {
  for (auto& u : usage_)
    if (u.id() == id) return &u;
  return nullptr;
}

void session::take_state_from(session& previous) noexcept {
  for (auto& u : usage_) {
    if (const usage_counter* old = previous.find_usage(u.id())) {
      const volume_threshold t = [&] {
        for (const urr& r : rules_.urrs_)
          if (r.id_ == u.id()) return r.volume_threshold_;
        return volume_threshold{};
      }();
      u = *old;
      u.set_threshold(t);
    }
  }
  std::swap(buffer_, previous.buffer_);
  // The new rules' BAR decides the limit (0: the configured maximum).
  buffer_.limit_packets(rules_.bar_ && rules_.bar_->suggested_buffering_packets_count_
                            ? *rules_.bar_->suggested_buffering_packets_count_
                            : 0);
}

}  // namespace meridian::upf
