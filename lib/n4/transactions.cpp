// The PFCP transaction layer (transactions.hpp): TS 29.244 §6.4 and §7.6.

#include "meridian/n4/transactions.hpp"

#include <utility>

#include <spdlog/logger.h>

#include "meridian/common/byte_writer.hpp"
#include "meridian/common/log.hpp"

namespace meridian::n4 {

namespace {

using pfcp::message_type;

constexpr std::uint32_t sequence_mask = 0xffffff;  // §7.2.2.2: three octets

std::uint8_t type_of(const pfcp::message_body& body) {
  return std::visit([](const auto& b) { return static_cast<std::uint8_t>(b.type); }, body);
}

std::string_view type_name(std::uint8_t t) { return pfcp::to_string(static_cast<message_type>(t)); }

}  // namespace

bool is_request(std::uint8_t t) noexcept {
  switch (static_cast<message_type>(t)) {
    case message_type::heartbeat_request:
    case message_type::pfd_management_request:
    case message_type::association_setup_request:
    case message_type::association_update_request:
    case message_type::association_release_request:
    case message_type::node_report_request:
    case message_type::session_set_deletion_request:
    case message_type::session_establishment_request:
    case message_type::session_modification_request:
    case message_type::session_deletion_request:
    case message_type::session_report_request:
      return true;
    default:
      return false;
  }
}

bool is_session_message(std::uint8_t t) noexcept { return t >= 50; }

std::string transaction_error::message() const {
  switch (code_) {
    case transaction_errc::timeout:
      return "no response (timeout)";
    case transaction_errc::encode_failed:
      return "request could not be encoded";
    case transaction_errc::version_not_supported:
      return "the peer does not support PFCP version 1";
    case transaction_errc::cancelled:
      return "cancelled";
  }
  return "unknown error";
}

void request_handler::on_overload(const endpoint&, const pfcp::message&) {}

std::size_t transactions::request_key_hash::operator()(const request_key& k) const noexcept {
  const std::uint64_t v = (std::uint64_t{k.peer_.address_[0]} << 56) | (std::uint64_t{k.peer_.address_[1]} << 48) |
                          (std::uint64_t{k.peer_.address_[2]} << 40) | (std::uint64_t{k.peer_.address_[3]} << 32) |
                          (std::uint64_t{k.peer_.port_} << 24) | k.sequence_;
  return std::hash<std::uint64_t>{}(v * 0x9e3779b97f4a7c15ull);
}

transactions::transactions(transaction_config cfg, datagram_sender& sender, const clock& clk, request_handler& handler)
    : cfg_(std::move(cfg)),
      sender_(sender),
      clock_(clk),
      handler_(handler),
      log_(log::get(cfg_.logger_)),
      // One before the first, so that next_sequence() hands out the first.
      sequence_((cfg_.first_sequence_number_ - 1) & sequence_mask) {}

transactions::~transactions() = default;

void transactions::send(const endpoint& to, std::span<const std::uint8_t> bytes) {
  ++counters_.sent_;
  sender_.send(to, bytes);
}

std::uint32_t transactions::next_sequence() {
  sequence_ = (sequence_ + 1) & sequence_mask;
  // Skip a number still outstanding (only with 2^24 requests in flight).
  for (std::size_t i = 0; pending_.contains(sequence_) && i <= sequence_mask; ++i)
    sequence_ = (sequence_ + 1) & sequence_mask;
  return sequence_;
}

// ---- requests we send (§6.4) ------------------------------------------------------------

std::optional<std::uint32_t> transactions::send_request(const endpoint& to, std::optional<seid> header_seid,
                                                        pfcp::message_body body, completion done) {
  pfcp::message m;
  m.header_.sequence_number_ = next_sequence();
  m.header_.seid_ = header_seid;
  const std::uint8_t type = type_of(body);
  m.body_ = std::move(body);
  auto bytes = pfcp::encode(m);
  if (!bytes) {
    log_->error("cannot encode {}: {}", pfcp::message_name(m.body_), bytes.error().message());
    done(std::unexpected(transaction_error{transaction_errc::encode_failed}));
    return std::nullopt;
  }
  ++counters_.requests_sent_;
  send(to, *bytes);
  const std::uint32_t sequence = m.header_.sequence_number_;
  const auto deadline = clock_.now() + cfg_.t1_;
  retransmit_order_.push_back({deadline, sequence});
  pending_[sequence] = pending_request{to, std::move(*bytes), type, 0, deadline, std::move(done)};
  return sequence;
}

void transactions::on_response(const endpoint& from, pfcp::message m) {
  const pfcp::header& h = m.header_;
  auto it = pending_.find(h.sequence_number_);
  // §6.4: the sequence number pairs them; the peer and the type must fit too.
  if (it == pending_.end() || it->second.peer_ != from || it->second.type_ + 1 != h.message_type_) {
    if (given_up_.contains(request_key{from, h.sequence_number_})) {
      ++counters_.responses_late_;
      log_->debug("{}: {} for sequence number {} arrived after we gave up", to_string(from), type_name(h.message_type_),
                  h.sequence_number_);
    } else {
      ++counters_.responses_unmatched_;
      log_->debug("{}: {} with sequence number {} answers no request of ours", to_string(from),
                  type_name(h.message_type_), h.sequence_number_);
    }
    return;
  }
  // Out of the table before the completion runs: it may send the next request.
  auto done = std::move(it->second.done_);
  pending_.erase(it);
  done(std::move(m));
}

// ---- requests we receive (§6.4, §7.2.2.1) -----------------------------------------------

bool transactions::answered_from_cache(const endpoint& from, std::uint32_t sequence) {
  const request_key key{from, sequence};
  // §6.4: a retransmitted request is not processed again; it gets the same
  // response once there is one.
  if (in_progress_.contains(key)) {
    ++counters_.duplicates_in_progress_;
    return true;
  }
  auto c = cache_.find(key);
  if (c == cache_.end()) return false;
  if (c->second.bytes_.empty()) {
    ++counters_.duplicates_ignored_;
  } else {
    ++counters_.duplicates_answered_;
    send(from, c->second.bytes_);
  }
  return true;
}

void transactions::on_request(const endpoint& from, const pfcp::message& m) {
  const pfcp::header& h = m.header_;
  if (answered_from_cache(from, h.sequence_number_)) return;
  if (is_session_message(h.message_type_) != h.seid_.has_value()) {
    // §7.2.2.1: the S flag is 1 exactly for session messages.
    ++counters_.dropped_malformed_;
    log_->warn("{}: {} with the S flag {}; dropped", to_string(from), pfcp::message_name(m.body_),
               h.seid_ ? "set" : "clear");
    return;
  }
  if (cfg_.requests_in_progress_limit_ != 0 && in_progress_.size() >= cfg_.requests_in_progress_limit_) {
    ++counters_.requests_refused_;
    log_->warn("{}: {} refused: {} requests in progress", to_string(from), pfcp::message_name(m.body_),
               in_progress_.size());
    handler_.on_overload(from, m);
    return;
  }
  // In progress until respond() or ignore(), however long that takes: a
  // retransmission meanwhile is not handed up again.
  in_progress_.insert(request_key{from, h.sequence_number_});
  handler_.on_request(from, m);
}

void transactions::respond(const endpoint& to, const pfcp::header& request, std::optional<seid> header_seid,
                           pfcp::message_body body) {
  pfcp::message m;
  m.header_.sequence_number_ = request.sequence_number_;
  m.header_.seid_ = header_seid;
  m.body_ = std::move(body);
  const request_key key{to, request.sequence_number_};
  auto bytes = pfcp::encode(m);
  if (!bytes) {
    // No answer will ever go out: the request is dropped, as with ignore().
    log_->error("cannot encode {}: {}", pfcp::message_name(m.body_), bytes.error().message());
    finish(key, {});
    return;
  }
  send(to, *bytes);
  finish(key, std::move(*bytes));
}

void transactions::ignore(const endpoint& from, const pfcp::header& request) {
  finish(request_key{from, request.sequence_number_}, {});
}

void transactions::finish(const request_key& key, std::vector<std::uint8_t> bytes) {
  in_progress_.erase(key);
  const auto expires = clock_.now() + cfg_.response_cache_time_;
  cache_[key] = cached_response{std::move(bytes), expires};
  cache_order_.push_back({expires, key});
  if (cfg_.response_cache_limit_ == 0) return;
  while (cache_.size() > cfg_.response_cache_limit_ && !cache_order_.empty()) {
    auto it = cache_.find(cache_order_.front().second);
    if (it != cache_.end() && it->second.expires_ == cache_order_.front().first) cache_.erase(it);
    cache_order_.pop_front();
  }
}

void transactions::on_datagram(const endpoint& from, std::span<const std::uint8_t> datagram) {
  ++counters_.received_;
  auto m = pfcp::decode(datagram);
  if (!m) {
    on_decode_failure(from, m.error());
    return;
  }
  if (is_request(m->header_.message_type_))
    on_request(from, *m);
  else
    on_response(from, std::move(*m));
}

void transactions::on_decode_failure(const endpoint& from, const pfcp::decode_failure& f) {
  if (!f.header_) {
    ++counters_.dropped_undecodable_header_;
    log_->warn("{}: PFCP header undecodable ({}); dropped", to_string(from), f.error_.message());
    return;
  }
  const pfcp::header& h = *f.header_;
  const bool version_not_supported_response =
      h.message_type_ == static_cast<std::uint8_t>(message_type::version_not_supported_response);
  if (version_not_supported_response) {
    // §7.4.4.7: the peer cannot take our version; the request it answers fails.
    auto it = pending_.find(h.sequence_number_);
    if (it != pending_.end() && it->second.peer_ == from) {
      log_->warn("{}: Version Not Supported Response to {}", to_string(from), type_name(it->second.type_));
      auto done = std::move(it->second.done_);
      pending_.erase(it);
      done(std::unexpected(transaction_error{transaction_errc::version_not_supported}));
    } else {
      ++counters_.dropped_malformed_;
    }
    return;
  }
  if (h.version_ != 1) {
    // §7.2.2.1: a message of another PFCP version is answered with Version Not Supported.
    ++counters_.version_not_supported_;
    log_->warn("{}: PFCP version {} not supported", to_string(from), h.version_);
    send_version_not_supported(from, h);
    return;
  }
  if (f.error_.code == decode_errc::unknown_type) {
    ++counters_.dropped_unknown_type_;
    log_->warn("{}: unknown PFCP message type {}; dropped", to_string(from), h.message_type_);
    return;
  }
  if (!is_request(h.message_type_)) {
    // A bad response gets no answer; the request it was for is retransmitted.
    ++counters_.dropped_malformed_;
    log_->warn("{}: malformed {} dropped: {}", to_string(from), type_name(h.message_type_), f.error_.message());
    return;
  }
  if (answered_from_cache(from, h.sequence_number_)) return;
  handler_.on_malformed_request(from, f);
}

void transactions::send_version_not_supported(const endpoint& to, const pfcp::header& request) {
  // §7.4.4.7: header only, no IEs; the type is not in message_body, so it is written here.
  byte_writer w;
  pfcp::header h;
  h.message_type_ = static_cast<std::uint8_t>(message_type::version_not_supported_response);
  h.sequence_number_ = request.sequence_number_;
  { auto len = pfcp::encode_header(w, h); }
  auto bytes = std::move(w).finish();
  if (bytes) send(to, *bytes);
}

// ---- time -----------------------------------------------------------------------------

void transactions::on_timer() {
  const auto now = clock_.now();
  while (!retransmit_order_.empty() && retransmit_order_.front().first <= now) {
    const auto [deadline, sequence] = retransmit_order_.front();
    retransmit_order_.pop_front();
    auto it = pending_.find(sequence);
    if (it == pending_.end() || it->second.deadline_ != deadline) continue;  // answered meanwhile
    pending_request& p = it->second;
    if (p.retransmissions_ < cfg_.n1_) {
      ++p.retransmissions_;
      ++counters_.requests_retransmitted_;
      p.deadline_ = now + cfg_.t1_;
      retransmit_order_.push_back({p.deadline_, sequence});
      send(p.peer_, p.bytes_);
      continue;
    }
    ++counters_.requests_timed_out_;
    log_->debug("{}: {} unanswered after {} retransmissions", to_string(p.peer_), type_name(p.type_), cfg_.n1_);
    const request_key key{p.peer_, sequence};
    const auto forget_at = now + cfg_.response_cache_time_;
    given_up_[key] = forget_at;
    given_up_order_.push_back({forget_at, key});
    auto done = std::move(p.done_);
    pending_.erase(it);
    done(std::unexpected(transaction_error{transaction_errc::timeout}));
  }
  while (!cache_order_.empty() && cache_order_.front().first <= now) {
    // Only the entry this expiry was for: the key may have been cached again since.
    auto it = cache_.find(cache_order_.front().second);
    if (it != cache_.end() && it->second.expires_ == cache_order_.front().first) cache_.erase(it);
    cache_order_.pop_front();
  }
  while (!given_up_order_.empty() && given_up_order_.front().first <= now) {
    auto it = given_up_.find(given_up_order_.front().second);
    if (it != given_up_.end() && it->second == given_up_order_.front().first) given_up_.erase(it);
    given_up_order_.pop_front();
  }
}

std::optional<clock::time_point> transactions::next_deadline() const {
  std::optional<clock::time_point> next;
  auto consider = [&](clock::time_point t) {
    if (!next || t < *next) next = t;
  };
  if (!retransmit_order_.empty()) consider(retransmit_order_.front().first);
  if (!cache_order_.empty()) consider(cache_order_.front().first);
  if (!given_up_order_.empty()) consider(given_up_order_.front().first);
  return next;
}

bool transactions::cancel(std::uint32_t sequence) { return pending_.erase(sequence) != 0; }

void transactions::cancel_all() {
  auto failed = std::move(pending_);
  pending_.clear();
  retransmit_order_.clear();
  for (auto& [sequence, p] : failed) p.done_(std::unexpected(transaction_error{transaction_errc::cancelled}));
}

std::size_t transactions::outstanding() const noexcept { return pending_.size(); }
std::size_t transactions::requests_in_progress() const noexcept { return in_progress_.size(); }
const transaction_counters& transactions::counters() const noexcept { return counters_; }

}  // namespace meridian::n4
