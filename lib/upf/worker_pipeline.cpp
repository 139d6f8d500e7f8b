// The per-packet path of one data-path worker; see worker_pipeline.hpp.

#include "meridian/upf/worker_pipeline.hpp"

#include <algorithm>
#include <cstring>

#include "meridian/gtpu/gpdu.hpp"
#include "meridian/gtpu/messages.hpp"
#include "meridian/upf/gso_segmenter.hpp"

namespace meridian::upf {

namespace {

ipv4_endpoint endpoint_of(ipv4_address a, std::uint16_t port) noexcept { return ipv4_endpoint{ipv4_octets(a), port}; }

/// The destination address of an IPv4 packet, read before classification so
/// that a packet for another worker's UE can be handed over.
std::optional<ipv4_address> destination_of(std::span<const std::uint8_t> p) noexcept {
  if (p.size() < 20 || (p[0] >> 4) != 4) return std::nullopt;
  return ipv4_from_octets(p[16], p[17], p[18], p[19]);
}

}  // namespace

worker_pipeline::worker_pipeline(const pipeline_config& cfg, session_table& table, worker_egress& egress,
                                 datapath_notifier* notifier, worker_counters& counters)
    : config_(cfg),
      table_(&table),
      classifier_(table),
      egress_(&egress),
      notifier_(notifier),
      counters_(&counters),
      slot_size_(headroom + cfg.max_packet_size_) {
  if (config_.worker_count_ == 0) config_.worker_count_ = 1;
  if (config_.arena_slots_ < 2) config_.arena_slots_ = 2;
  arena_.assign(config_.arena_slots_ * slot_size_, 0);
  n3_out_.reserve(config_.arena_slots_);
  n6_out_.reserve(config_.arena_slots_);
  if (config_.coalesce_n6_) coalescer_.emplace(8, 16, config_.coalesce_protocols_);
  if (config_.n3_trains_) trains_.emplace(arena_.size(), config_.max_train_datagram_);
  for (std::size_t i = 0; i < config_.worker_count_; ++i) worker_numbers_.push_back(i);
}

// ---------------------------------------------------------------------------
// Output

std::size_t worker_pipeline::take_slot() noexcept {
  if (slots_used_ == config_.arena_slots_) flush();
  return slots_used_++;
}

void worker_pipeline::queue_n3(std::span<const std::uint8_t> bytes, const ipv4_endpoint& peer) noexcept {
  n3_out_.push_back(transport::outgoing_datagram{bytes, peer, 0});
}

void worker_pipeline::queue_n3_copy(std::span<const std::uint8_t> bytes, const ipv4_endpoint& peer) noexcept {
  if (bytes.size() > slot_size_) return;
  const std::size_t slot = take_slot();
  auto dst = slot_bytes(slot);
  std::memcpy(dst.data(), bytes.data(), bytes.size());
  queue_n3(dst.first(bytes.size()), peer);
}

void worker_pipeline::queue_n6(std::span<const std::uint8_t> packet) noexcept {
  if (coalescer_) {
    if (!coalescer_->add(packet)) {
      flush_n6();
      (void)coalescer_->add(packet);  // always taken after a flush
    }
    return;
  }
  if (n6_out_.size() == n6_out_.capacity()) flush_n6();
  n6_out_.push_back(n6_packet{packet, {}});
}

void worker_pipeline::flush_n6() noexcept {
  if (coalescer_) {
    const auto out = coalescer_->finish();
    if (!out.empty()) egress_->write_n6(out);
    for (const n6_packet& p : out)
      if (p.gso_.gso_type_ != transport::gso_info::gso_none) counters_->add(worker_counter::n6_super_packets);
    coalescer_->clear();
    return;
  }
  if (!n6_out_.empty()) egress_->write_n6(n6_out_);
  n6_out_.clear();
}

void worker_pipeline::flush() noexcept {
  if (!n3_out_.empty()) {
    if (trains_) {
      egress_->send_n3(trains_->build(n3_out_));
      counters_->add(worker_counter::n3_trains, trains_->trains());
    } else {
      egress_->send_n3(n3_out_);
    }
  }
  n3_out_.clear();
  flush_n6();
  slots_used_ = 0;
}

// ---------------------------------------------------------------------------
// Uplink: N3 → N6

void worker_pipeline::on_n3_batch(std::span<const transport::received_datagram> batch, clock::time_point now) noexcept {
  for (const auto& d : batch) {
    if (d.truncated_) {
      counters_->add(worker_counter::malformed_gtpu);
      continue;
    }
    const std::size_t n = d.segment_count();
    for (std::size_t i = 0; i < n; ++i) on_n3_datagram(d.segment(i), d.peer_, false, now);
  }
  classify_pending(now);
  flush();
}

void worker_pipeline::on_n3_datagram(std::span<const std::uint8_t> datagram, const ipv4_endpoint& peer,
                                     bool handed_over, clock::time_point now) noexcept {
  counters_->add(worker_counter::n3_datagrams);
  auto h = gtpu::decode_header(datagram);
  if (!h) {
    // TS 29.281 §5.2.1: an unknown extension header that requires comprehension
    // makes the packet undeliverable; anything else malformed is just dropped.
    counters_->add(h.error().code == decode_errc::unsupported ? worker_counter::unsupported_gtpu
                                                              : worker_counter::malformed_gtpu);
    return;
  }
  if (h->trailing_octets_ != 0) counters_->add(worker_counter::gtpu_trailing_octets);
  switch (static_cast<gtpu::message_type>(h->message_type_)) {
    case gtpu::message_type::g_pdu: {
      if (pending_count_ == chunk) classify_pending(now);
      std::optional<qfi> q;
      if (h->pdu_session_container_)
        if (const auto* ul = std::get_if<gtpu::ul_pdu_session_information>(&*h->pdu_session_container_)) q = ul->qfi_;
      pending_[pending_count_] = pending_uplink{datagram, peer, handed_over};
      refs_[pending_count_] = uplink_packet_ref{h->teid_, q, h->body_};
      ++pending_count_;
      return;
    }
    case gtpu::message_type::echo_request:
      counters_->add(worker_counter::echo_requests);
      send_echo_response(h->s() ? h->sequence_number_ : 0, peer);
      return;
    case gtpu::message_type::error_indication:
      report_error_indication(datagram, now);
      return;
    default:
      counters_->add(worker_counter::unsupported_gtpu);
      return;
  }
}

void worker_pipeline::classify_pending(clock::time_point now) noexcept {
  if (pending_count_ == 0) return;
  const std::size_t n = pending_count_;
  pending_count_ = 0;
  classifier_.classify_uplink_batch(std::span(refs_).first(n), std::span(results_).first(n));
  for (std::size_t i = 0; i < n; ++i) {
    const classify_result& r = results_[i];
    if (!r) {
      switch (r.error().code_) {
        case classify_errc::unknown_teid:
          on_uplink_miss(pending_[i], refs_[i].teid_, now);
          break;
        case classify_errc::malformed_packet:
          // The classifier parses before it looks up; a tunnel nobody owns
          // still deserves its Error Indication, whatever it carries.
          if (table_->find_by_teid(refs_[i].teid_) == nullptr)
            on_uplink_miss(pending_[i], refs_[i].teid_, now);
          else
            counters_->add(worker_counter::malformed_inner);
          break;
        default:
          counters_->add(worker_counter::no_matching_pdr);
          break;
      }
      continue;
    }
    session& s = *r->session_;
    const compiled_pdr& pdr = *r->pdr_;
    // The IPv4 Total Length: link padding after the packet is not the subscriber's.
    const auto inner = refs_[i].packet_.first(std::min<std::size_t>(r->tuple_.total_length_, refs_[i].packet_.size()));
    const verdict v = s.apply(pdr, direction::uplink, inner, now);
    if (!account(s, pdr, v)) continue;
    const far& f = *v.far_;
    if (f.outer_header_creation_) {
      // Forwarded on in another tunnel (N9, or an uplink classifier's branch).
      if (inner.size() > config_.max_packet_size_) {
        counters_->add(worker_counter::n3_send_dropped);
        continue;
      }
      const std::size_t slot = take_slot();
      std::memcpy(slot_bytes(slot).data() + headroom, inner.data(), inner.size());
      emit_downlink(slot, inner.size(), pdr, f);
      continue;
    }
    counters_->add(worker_counter::uplink_packets);
    counters_->add(worker_counter::uplink_octets, inner.size());
    queue_n6(inner);
  }
}

void worker_pipeline::on_uplink_miss(const pending_uplink& p, teid t, clock::time_point now) noexcept {
  if (!p.handed_over_ && hand_over_to(remote_teids_.find(t.value()), handoff_kind::n3_datagram, p.peer_, p.datagram_))
    return;
  counters_->add(worker_counter::unknown_teid);
  send_error_indication(t, p.peer_, now);
}

bool worker_pipeline::hand_over_to(const std::size_t* owner, handoff_kind kind, const ipv4_endpoint& peer,
                                   std::span<const std::uint8_t> bytes) noexcept {
  if (owner == nullptr || *owner == config_.worker_index_) return false;
  if (egress_->hand_over(*owner, kind, peer, bytes))
    counters_->add(worker_counter::handed_over);
  else
    counters_->add(worker_counter::handover_dropped);
  return true;
}

void worker_pipeline::set_remote_owner(std::span<const teid> teids, std::span<const ipv4_address> ue_addresses,
                                       std::optional<std::size_t> worker) {
  const std::size_t* value = worker && *worker != config_.worker_index_ && *worker < worker_numbers_.size()
                                 ? &worker_numbers_[*worker]
                                 : nullptr;
  for (teid t : teids) {
    remote_teids_.erase(t.value());
    if (value != nullptr) remote_teids_.insert(t.value(), value);
  }
  for (ipv4_address a : ue_addresses) {
    remote_ue_addresses_.erase(a.value());
    if (value != nullptr) remote_ue_addresses_.insert(a.value(), value);
  }
}

void worker_pipeline::on_handoff(handoff_kind kind, const ipv4_endpoint& peer, std::span<const std::uint8_t> bytes,
                                 clock::time_point now) noexcept {
  if (kind == handoff_kind::n3_datagram) {
    on_n3_datagram(bytes, peer, true, now);
    classify_pending(now);
  } else {
    if (bytes.size() > config_.max_packet_size_) return;
    const std::size_t slot = take_slot();
    std::memcpy(slot_bytes(slot).data() + headroom, bytes.data(), bytes.size());
    on_n6_segment(slot, bytes.size(), true, now);
  }
  // The bytes live in the ring slot, which is released after this call.
  flush();
}

// ---------------------------------------------------------------------------
// Downlink: N6 → N3

void worker_pipeline::on_n6_packet(const transport::tun_packet& packet, clock::time_point now) noexcept {
  if (!packet.packet_.empty() && (packet.packet_[0] >> 4) == 6) {
    counters_->add(worker_counter::ipv6_on_n6);
    return;
  }
  const segment_layout layout{headroom, slot_size_};
  auto free_arena = [&] { return std::span<std::uint8_t>(arena_).subspan(slots_used_ * slot_size_); };
  auto seg = segment_gso_packet(packet.packet_, packet.gso_, free_arena(), layout);
  if (!seg && seg.error().code == decode_errc::invalid_length && slots_used_ > 0) {
    // Perhaps only the arena's free part was too small: send what is pending and retry.
    flush();
    seg = segment_gso_packet(packet.packet_, packet.gso_, free_arena(), layout);
  }
  if (!seg) {
    counters_->add(worker_counter::malformed_inner);
    return;
  }
  const std::size_t first = slots_used_;
  slots_used_ += seg->count_;
  for (std::size_t i = 0; i < seg->count_; ++i) {
    const std::size_t length = i + 1 == seg->count_ ? seg->last_length_ : seg->segment_length_;
    on_n6_segment(first + i, length, false, now);
  }
}

void worker_pipeline::on_n6_segment(std::size_t slot, std::size_t length, bool handed_over,
                                    clock::time_point now) noexcept {
  counters_->add(worker_counter::n6_packets);
  const std::span<const std::uint8_t> packet = slot_bytes(slot).subspan(headroom, length);
  const auto r = classifier_.classify_downlink(packet);
  if (!r) {
    if (r.error().code_ == classify_errc::unknown_ue_address) {
      const auto dst = destination_of(packet);
      if (!handed_over && dst &&
          hand_over_to(remote_ue_addresses_.find(dst->value()), handoff_kind::n6_packet, ipv4_endpoint{}, packet))
        return;
      counters_->add(worker_counter::unknown_ue_address);
    } else if (r.error().code_ == classify_errc::malformed_packet) {
      counters_->add(worker_counter::malformed_inner);
    } else {
      counters_->add(worker_counter::no_matching_pdr);
    }
    return;
  }
  session& s = *r->session_;
  const compiled_pdr& pdr = *r->pdr_;
  const auto inner = packet.first(std::min<std::size_t>(r->tuple_.total_length_, packet.size()));
  const verdict v = s.apply(pdr, direction::downlink, inner, now);
  if (!account(s, pdr, v)) return;
  emit_downlink(slot, inner.size(), pdr, *v.far_);
}

void worker_pipeline::emit_downlink(std::size_t slot, std::size_t length, const compiled_pdr& pdr,
                                    const far& f) noexcept {
  if (!f.outer_header_creation_) {
    counters_->add(worker_counter::dropped_no_tunnel);
    return;
  }
  const outer_header_creation& ohc = *f.outer_header_creation_;
  gtpu::gpdu_header_params params;
  params.teid_ = ohc.teid_;
  // TS 38.415 §5.5.2.1: downlink G-PDUs on N3 carry the QFI of their QoS flow.
  if (pdr.downlink_qfi_ && f.destination_interface_ == interface_type::access)
    params.pdu_session_container_ = gtpu::dl_pdu_session_information{.qfi_ = *pdr.downlink_qfi_};
  auto out = gtpu::prepend_gpdu_header(slot_bytes(slot), headroom, length, params);
  if (!out) {
    counters_->add(worker_counter::n3_send_dropped);
    return;
  }
  counters_->add(worker_counter::downlink_packets);
  counters_->add(worker_counter::downlink_octets, length);
  queue_n3(*out, endpoint_of(ohc.peer_address_, ohc.port_));
}

bool worker_pipeline::account(session& s, const compiled_pdr& pdr, const verdict& v) noexcept {
  if (v.usage_report_due_ && notifier_ != nullptr) {
    // Rare (once per threshold crossing): allocating here is fine.
    std::vector<urr_usage> due;
    for (usage_counter& u : s.usage_counters())
      if (u.threshold_reached()) due.push_back(urr_usage{u.id(), u.take_report()});
    if (!due.empty()) {
      counters_->add(worker_counter::usage_reports);
      notifier_->on_usage_threshold(s.id(), std::move(due));
    }
  }
  switch (v.disposition_) {
    case disposition::forward:
      return true;
    case disposition::drop_far:
      counters_->add(worker_counter::dropped_far);
      return false;
    case disposition::drop_gate_closed:
      counters_->add(worker_counter::dropped_gate_closed);
      return false;
    case disposition::drop_mbr:
      counters_->add(worker_counter::dropped_mbr);
      return false;
    case disposition::buffered:
      counters_->add(worker_counter::buffered);
      return false;
    case disposition::buffered_notify:
      counters_->add(worker_counter::buffered);
      if (notifier_ != nullptr) notifier_->on_downlink_data(s.id(), pdr.id_);
      return false;
    case disposition::drop_buffer_full:
      counters_->add(worker_counter::dropped_buffer_full);
      return false;
  }
  return false;
}

// ---------------------------------------------------------------------------
// Path management and tunnel management messages (rare: these may allocate)

void worker_pipeline::send_echo_response(std::uint16_t sequence, const ipv4_endpoint& peer) noexcept {
  // TS 29.281 §7.2.2: the Sequence Number is the request's; §4.4.2.2: back to
  // the request's source port.
  gtpu::message m;
  m.sequence_number_ = sequence;
  m.body_ = gtpu::echo_response{};
  if (auto bytes = gtpu::encode(m)) queue_n3_copy(*bytes, peer);
}

bool worker_pipeline::per_second_limit::admit(clock::time_point now, std::uint32_t limit) noexcept {
  if (now - window_ >= std::chrono::seconds(1) || now < window_) {
    window_ = now;
    in_window_ = 0;
  }
  if (in_window_ >= limit) return false;
  ++in_window_;
  return true;
}

void worker_pipeline::send_error_indication(teid t, const ipv4_endpoint& peer, clock::time_point now) noexcept {
  if (!error_indications_out_.admit(now, config_.error_indication_rate_)) {
    counters_->add(worker_counter::error_indications_suppressed);
    return;
  }
  // TS 29.281 §7.3.1: the TEID and our address from the offending G-PDU; S set
  // (§5.1); §4.4.2.4: to the GTP-U port of the sender.
  gtpu::message m;
  m.sequence_number_ = 0;
  gtpu::error_indication ei;
  ei.teid_data_i_.teid_ = t;
  ei.gtp_u_peer_address_.address_.assign(config_.n3_address_.begin(), config_.n3_address_.end());
  m.body_ = std::move(ei);
  if (auto bytes = gtpu::encode(m)) {
    queue_n3_copy(*bytes, ipv4_endpoint{peer.address, gtpu::udp_port});
    counters_->add(worker_counter::error_indications_sent);
  }
}

void worker_pipeline::report_error_indication(std::span<const std::uint8_t> datagram, clock::time_point now) noexcept {
  // Rare, so the whole message is decoded (and may allocate): TS 29.281 §7.3.1
  // names the tunnel by TEID Data I and GTP-U Peer Address, both mandatory.
  // A sender's padding after the Length is not part of the message.
  if (auto h = gtpu::decode_header(datagram); h && h->trailing_octets_ != 0)
    datagram = datagram.first(datagram.size() - h->trailing_octets_);
  auto m = gtpu::decode(datagram);
  const auto* ei = m ? std::get_if<gtpu::error_indication>(&m->body_) : nullptr;
  if (ei == nullptr) {
    counters_->add(worker_counter::malformed_gtpu);
    return;
  }
  counters_->add(worker_counter::error_indications_received);
  const auto& a = ei->gtp_u_peer_address_.address_;
  // Our tunnels towards access are IPv4 (outer header creation); an IPv6
  // address cannot name one of them.
  if (notifier_ == nullptr || a.size() != 4 || !error_indications_in_.admit(now, config_.error_indication_rate_)) {
    counters_->add(worker_counter::error_indications_unreported);
    return;
  }
  counters_->add(worker_counter::error_indications_reported);
  notifier_->on_error_indication(remote_f_teid{ei->teid_data_i_.teid_, ipv4_from_octets(a[0], a[1], a[2], a[3])});
}

void worker_pipeline::send_end_marker(const outer_header_creation& tunnel) noexcept {
  // TS 29.281 §7.3.2 / TS 23.501 §5.8.2.9: the last packet down the old tunnel.
  gtpu::message m;
  m.teid_ = tunnel.teid_;
  m.body_ = gtpu::end_marker{};
  if (auto bytes = gtpu::encode(m)) {
    queue_n3_copy(*bytes, endpoint_of(tunnel.peer_address_, tunnel.port_));
    counters_->add(worker_counter::end_markers_sent);
  }
}

// ---------------------------------------------------------------------------
// Session operations

std::expected<void, rules_error> worker_pipeline::establish(session_rules rules, clock::time_point now) {
  auto r = table_->establish(std::move(rules), now);
  if (!r) return std::unexpected(r.error());
  return {};
}

std::expected<std::vector<urr_usage>, rules_error> worker_pipeline::modify(session_rules rules,
                                                                           const modify_options& options,
                                                                           clock::time_point now) {
  session* old = table_->find(rules.seid_);
  if (old == nullptr) return std::unexpected(rules_error{rules_errc::unknown_seid, 0});
  // The tunnels the end markers go down are the FARs' previous ones.
  std::vector<outer_header_creation> previous;
  for (far_id id : options.send_end_marker_)
    for (const far& f : old->rules().fars_)
      if (f.id_ == id && f.outer_header_creation_) previous.push_back(*f.outer_header_creation_);

  // Queried URRs are read as they stand before the change; those the
  // modification removes are read here, since they vanish with the old rules
  // (a copy: if the modification is refused, the old rules keep counting).
  std::vector<urr_usage> removed;
  for (urr_id id : options.query_urrs_) {
    const bool kept = std::any_of(rules.urrs_.begin(), rules.urrs_.end(), [&](const urr& u) { return u.id_ == id; });
    if (const usage_counter* u = old->find_usage(id); u != nullptr && !kept)
      removed.push_back(urr_usage{id, u->measured()});
  }

  auto modified = table_->modify(std::move(rules), now);
  if (!modified) return std::unexpected(modified.error());
  session& s = **modified;

  for (const auto& t : previous) send_end_marker(t);

  // The kept ones carried their measurement over into the new session.
  std::vector<urr_usage> queried;
  for (urr_id id : options.query_urrs_) {
    if (usage_counter* u = s.find_usage(id)) {
      queried.push_back(urr_usage{id, u->take_report()});
    } else {
      for (const urr_usage& r : removed)
        if (r.id_ == id) queried.push_back(r);
    }
  }

  drain_buffer(s, now);
  flush();
  return queried;
}

void worker_pipeline::drain_buffer(session& s, clock::time_point now) noexcept {
  if (s.buffer().empty()) return;
  // While any downlink PDR still buffers, the buffer stays (the UE is still idle).
  for (const compiled_pdr& p : s.ue_address_pdrs())
    if (p.far_->action_ == apply_action::buffer || p.far_->action_ == apply_action::buffer_and_notify) return;
  s.buffer().drain([&](std::span<const std::uint8_t> packet, pdr_id id) {
    counters_->add(worker_counter::drained);
    const compiled_pdr* pdr = nullptr;
    for (const compiled_pdr& p : s.ue_address_pdrs())
      if (p.id_ == id) pdr = &p;
    if (pdr == nullptr || pdr->far_->action_ != apply_action::forward || packet.size() > config_.max_packet_size_) {
      counters_->add(worker_counter::dropped_far);
      return;
    }
    // Counted and policed now, when it really leaves (session::apply did not count it when buffered).
    const verdict v = s.apply(*pdr, direction::downlink, packet, now);
    if (!account(s, *pdr, v)) return;
    const std::size_t slot = take_slot();
    std::memcpy(slot_bytes(slot).data() + headroom, packet.data(), packet.size());
    emit_downlink(slot, packet.size(), *pdr, *v.far_);
  });
}

std::optional<std::vector<urr_usage>> worker_pipeline::remove(seid id) {
  session* s = table_->find(id);
  if (s == nullptr) return std::nullopt;
  std::vector<urr_usage> final_usage;
  for (usage_counter& u : s->usage_counters()) final_usage.push_back(urr_usage{u.id(), u.take_report()});
  s->buffer().clear();
  table_->remove(id);
  return final_usage;
}

}  // namespace meridian::upf
