#include "association_base.hpp"

#include <atomic>
#include <cstring>

#include "meridian/common/log.hpp"
#include "meridian/transport/sctp_pcap_mirror.hpp"

namespace meridian::transport::detail {

namespace {
std::atomic<std::uint64_t> next_association_id{1};
}

association_base::association_base(asio::io_context& io, const sctp_config& cfg, sctp_association_notifier& notifier,
                                   std::string_view backend_name, std::shared_ptr<sctp_pcap_mirror> mirror)
    : io_(io),
      cfg_(cfg),
      log_(log::get("transport.sctp")),
      notifier_(notifier),
      backend_name_(backend_name),
      mirror_(std::move(mirror)),
      id_(next_association_id.fetch_add(1, std::memory_order_relaxed)) {}

association_base::~association_base() = default;

sctp_result<void> association_base::send(std::uint16_t stream, std::uint32_t ppid,
                                         std::span<const std::uint8_t> bytes) {
  if (state_ != sctp_state::up) return std::unexpected(sctp_error{sctp_errc::not_connected, 0, "send"});
  if (stream >= out_streams_) return std::unexpected(sctp_error{sctp_errc::invalid_stream, 0, "send"});
  if (bytes.size() > cfg_.send_queue_bytes) return std::unexpected(sctp_error{sctp_errc::message_too_large, 0, "send"});

  // Messages must leave in order, so the stack gets a new one directly only
  // when nothing is waiting in front of it.
  if (queue_.empty()) {
    int err = 0;
    switch (push_to_stack(stream, ppid, bytes, err)) {
      case push_status::sent:
        account_sent(stream, ppid, bytes);
        return {};
      case push_status::failed:
        ++counters_.send_errors;
        log_->warn("association {} ({}): send of {} bytes on stream {} failed: {}", id_, remote_.to_string(),
                   bytes.size(), stream, std::strerror(err));
        return std::unexpected(sctp_error{sctp_errc::socket_error, err, "send"});
      case push_status::would_block:
        break;
    }
  }
  if (queue_.size() >= cfg_.send_queue_messages || queued_bytes_ + bytes.size() > cfg_.send_queue_bytes) {
    ++counters_.sends_rejected_queue_full;
    told_would_block_ = true;
    return std::unexpected(sctp_error{sctp_errc::would_block, 0, "send queue full"});
  }
  queue_.push_back(queued_message{stream, ppid, std::vector<std::uint8_t>(bytes.begin(), bytes.end())});
  queued_bytes_ += bytes.size();
  ++counters_.messages_queued;
  want_send_space();
  return {};
}

void association_base::account_sent(std::uint16_t stream, std::uint32_t ppid, std::span<const std::uint8_t> bytes) {
  ++counters_.messages_sent;
  counters_.bytes_sent += bytes.size();
  if (mirror_) {
    if (mirror_ssn_.size() <= stream) mirror_ssn_.resize(stream + 1u, 0);
    mirror(sctp_direction::sent, stream, ppid, mirror_tsn_++, mirror_ssn_[stream]++, bytes);
  }
}

void association_base::drain_queue() {
  while (!queue_.empty()) {
    auto& m = queue_.front();
    int err = 0;
    const auto st = push_to_stack(m.stream, m.ppid, m.bytes, err);
    if (st == push_status::would_block) {
      want_send_space();
      return;
    }
    if (st == push_status::sent) {
      account_sent(m.stream, m.ppid, m.bytes);
    } else {
      ++counters_.send_errors;
      log_->warn("association {} ({}): queued message of {} bytes dropped: {}", id_, remote_.to_string(),
                 m.bytes.size(), std::strerror(err));
    }
    queued_bytes_ -= m.bytes.size();
    queue_.pop_front();
  }
}

void association_base::handle_send_space() {
  if (ended()) return;
  drain_queue();
  // Tell the user once there is room again, not on every SACK.
  if (told_would_block_ && queue_.size() < cfg_.send_queue_messages && queued_bytes_ < cfg_.send_queue_bytes) {
    told_would_block_ = false;
    auto keep = shared_from_this();
    notifier_.on_send_ready(*this);
  }
}

void association_base::handle_up(std::uint16_t out_streams, std::uint16_t in_streams) {
  if (state_ != sctp_state::connecting) return;  // a duplicate COMM_UP (accepted sockets report it too)
  out_streams_ = out_streams;
  in_streams_ = in_streams;
  state_ = sctp_state::up;
  log_->info("association {} up: {} -> {} over {}, streams out {} in {}", id_, local_.to_string(), remote_.to_string(),
             backend_name_, out_streams, in_streams);
  auto self = shared_from_this();
  notifier_.on_association_up(self);
}

void association_base::handle_restart(std::uint16_t out_streams, std::uint16_t in_streams) {
  if (ended()) return;
  out_streams_ = out_streams;
  in_streams_ = in_streams;
  mirror_ssn_.clear();
  log_->warn("association {} ({}): peer restarted", id_, remote_.to_string());
  auto keep = shared_from_this();
  notifier_.on_association_restart(*this);
}

void association_base::handle_peer_shutdown() {
  if (state_ != sctp_state::up) return;
  state_ = sctp_state::shutting_down;
  log_->info("association {} ({}): peer sent SHUTDOWN", id_, remote_.to_string());
  auto keep = shared_from_this();
  notifier_.on_peer_shutdown(*this);
}

void association_base::handle_down(sctp_down_reason why) {
  if (ended()) return;
  auto keep = shared_from_this();  // the end hook may drop the last owner
  if (state_ == sctp_state::connecting && why != sctp_down_reason::local_close) why = sctp_down_reason::cannot_start;
  log_->info("association {} ({} -> {}) down: {}; {} messages dropped from the send queue", id_, local_.to_string(),
             remote_.to_string(), to_string(why), queue_.size());
  // Graceful: when the stack reports down the association is already over in
  // it, except for a peer SHUTDOWN still completing, which an ABORT would spoil.
  end(/*graceful=*/true);
  notifier_.on_association_down(*this, why);
}

void association_base::handle_message(std::uint16_t stream, std::uint32_t ppid, std::uint32_t tsn, std::uint16_t ssn,
                                      std::span<const std::uint8_t> bytes) {
  if (ended()) return;
  ++counters_.messages_received;
  counters_.bytes_received += bytes.size();
  if (mirror_) mirror(sctp_direction::received, stream, ppid, tsn, ssn, bytes);
  auto keep = shared_from_this();
  notifier_.on_message(*this, sctp_message{stream, ppid, bytes});
}

void association_base::count_notification(bool malformed) noexcept {
  ++counters_.notifications;
  if (malformed) ++counters_.malformed_notifications;
}

void association_base::close() {
  if (ended()) return;
  auto keep = weak_from_this().lock();  // may be null when called from the destructor path
  // Give the stack what it will still take; SHUTDOWN then delivers it.
  drain_queue();
  log_->info("association {} ({}) closed locally", id_, remote_.to_string());
  end(/*graceful=*/true);
}

void association_base::abort() {
  if (ended()) return;
  auto keep = weak_from_this().lock();
  log_->info("association {} ({}) aborted locally", id_, remote_.to_string());
  end(/*graceful=*/false);
}

void association_base::end(bool graceful) {
  state_ = sctp_state::down;
  queue_.clear();
  queued_bytes_ = 0;
  if (!stack_released_) {
    stack_released_ = true;
    release_stack(graceful);
  }
  if (end_hook_) {
    auto hook = std::move(end_hook_);
    end_hook_ = nullptr;
    hook(*this);
  }
}

void association_base::mirror(sctp_direction dir, std::uint16_t stream, std::uint32_t ppid, std::uint32_t tsn,
                              std::uint16_t ssn, std::span<const std::uint8_t> bytes) {
  sctp_mirrored_data d;
  d.direction = dir;
  d.local = local_;
  d.remote = remote_;
  // The real verification tags stay inside the stack; a per-association
  // constant keeps the capture's associations apart in Wireshark.
  d.verification_tag = static_cast<std::uint32_t>(id_ * 2654435761u) | 1u;
  d.tsn = tsn;
  d.stream = stream;
  d.stream_sequence = ssn;
  d.ppid = ppid;
  d.payload = bytes;
  mirror_->record(d);
}

}  // namespace meridian::transport::detail
