// The CP function's PFCP entity (client.hpp).

#include "meridian/n4_peer/client.hpp"

#include <chrono>
#include <deque>
#include <system_error>
#include <unordered_map>

#include <fmt/format.h>
#include <asio/ip/udp.hpp>
#include <asio/steady_timer.hpp>

#include "meridian/common/log.hpp"

namespace meridian::n4_peer {

namespace {

using pfcp::cause_value;
using pfcp::message_type;
using steady = std::chrono::steady_clock;

constexpr std::uint32_t ntp_unix_offset = 2'208'988'800u;  // 1900-01-01 to 1970-01-01

endpoint from_asio(const asio::ip::udp::endpoint& e) {
  endpoint out;
  if (e.address().is_v4()) out.address_ = e.address().to_v4().to_bytes();
  out.port_ = e.port();
  return out;
}

asio::ip::udp::endpoint to_asio(const endpoint& e) { return {asio::ip::address_v4(e.address_), e.port_}; }

bool is_request(std::uint8_t t) {
  return t == 1 || t == 3 || t == 5 || t == 7 || t == 9 || t == 12 || t == 14 || t == 50 || t == 52 || t == 54 ||
         t == 56;
}

std::uint64_t key_of(const endpoint& e, std::uint32_t sequence) {
  return (std::uint64_t{e.address_[0]} << 56 | std::uint64_t{e.address_[1]} << 48 | std::uint64_t{e.address_[2]} << 40 |
          std::uint64_t{e.address_[3]} << 32) ^
         (std::uint64_t{e.port_} << 24) ^ sequence;
}

}  // namespace

std::string to_string(const endpoint& e) {
  return fmt::format("{}.{}.{}.{}:{}", e.address_[0], e.address_[1], e.address_[2], e.address_[3], e.port_);
}

std::string request_error::message() const {
  switch (code_) {
    case request_errc::timeout:
      return "no response (timeout)";
    case request_errc::encode_failed:
      return "request could not be encoded";
    case request_errc::stopped:
      return "client stopped";
  }
  return "unknown error";
}

struct client::impl : std::enable_shared_from_this<impl> {
  struct pending {
    endpoint peer_{};
    std::vector<std::uint8_t> bytes_{};
    response_handler handler_{};
    unsigned retransmissions_ = 0;
    steady::time_point deadline_{};
    message_type type_ = message_type::heartbeat_request;
  };

  impl(asio::io_context& io, client_config cfg)
      : io_(io), cfg_(std::move(cfg)), socket_(io), timer_(io), log_(log::get("n4_peer")) {
    const auto& id = cfg_.node_id_ == std::array<std::uint8_t, 4>{} ? cfg_.bind_address_ : cfg_.node_id_;
    node_id_.type_ = pfcp::node_id::kind::ipv4;
    node_id_.ipv4_ = id;
    const auto s =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    recovery_ = static_cast<std::uint32_t>(static_cast<std::uint64_t>(s) + ntp_unix_offset);
  }

  void receive() {
    socket_.async_receive_from(asio::buffer(buffer_), peer_,
                               [self = weak_from_this()](std::error_code ec, std::size_t n) {
                                 auto me = self.lock();
                                 if (!me || ec == asio::error::operation_aborted || !me->socket_.is_open()) return;
                                 if (!ec) me->on_datagram(from_asio(me->peer_), {me->buffer_.data(), n});
                                 me->receive();
                               });
  }

  void send(const endpoint& to, std::span<const std::uint8_t> bytes) {
    std::error_code ec;
    ++counters_.sent_;
    socket_.send_to(asio::buffer(bytes.data(), bytes.size()), to_asio(to), 0, ec);
    if (ec) log_->warn("send to {} failed: {}", to_string(to), ec.message());
  }

  void request(const endpoint& upf, std::optional<seid> header_seid, pfcp::message_body body,
               response_handler handler) {
    if (!socket_.is_open()) {
      handler(std::unexpected(request_error{request_errc::stopped}));
      return;
    }
    pfcp::message m;
    sequence_ = (sequence_ + 1) & 0xffffff;
    // Skip a sequence number still outstanding (only after 2^24 requests in flight).
    while (pending_.contains(sequence_)) sequence_ = (sequence_ + 1) & 0xffffff;
    m.header_.sequence_number_ = sequence_;
    m.header_.seid_ = header_seid;
    const auto type = std::visit([](const auto& b) { return b.type; }, body);
    m.body_ = std::move(body);
    auto bytes = pfcp::encode(m);
    if (!bytes) {
      log_->error("cannot encode {}: {}", pfcp::message_name(m.body_), bytes.error().message());
      handler(std::unexpected(request_error{request_errc::encode_failed}));
      return;
    }
    send(upf, *bytes);
    pending p{upf, std::move(*bytes), std::move(handler), 0, steady::now() + cfg_.t1_, type};
    order_.push_back({p.deadline_, sequence_});
    pending_.emplace(sequence_, std::move(p));
    if (order_.size() == 1) arm();
  }

  void arm() {
    if (order_.empty()) return;
    timer_.expires_at(order_.front().first);
    timer_.async_wait([self = weak_from_this()](std::error_code ec) {
      auto me = self.lock();
      if (!me || ec == asio::error::operation_aborted) return;
      me->on_timer();
    });
  }

  void on_timer() {
    const auto now = steady::now();
    while (!order_.empty() && order_.front().first <= now) {
      const auto [deadline, sequence] = order_.front();
      order_.pop_front();
      auto it = pending_.find(sequence);
      if (it == pending_.end() || it->second.deadline_ != deadline) continue;
      pending& p = it->second;
      if (p.retransmissions_ < cfg_.n1_) {
        ++p.retransmissions_;
        ++counters_.retransmissions_;
        p.deadline_ = now + cfg_.t1_;
        order_.push_back({p.deadline_, sequence});
        send(p.peer_, p.bytes_);
        continue;
      }
      ++counters_.timeouts_;
      auto handler = std::move(p.handler_);
      pending_.erase(it);
      handler(std::unexpected(request_error{request_errc::timeout}));
    }
    arm();
  }

  void on_datagram(const endpoint& from, std::span<const std::uint8_t> datagram) {
    ++counters_.received_;
    auto m = pfcp::decode(datagram);
    if (!m) {
      ++counters_.dropped_malformed_;
      log_->warn("{}: undecodable PFCP dropped: {}", to_string(from), m.error().error_.message());
      return;
    }
    const auto type = m->header_.message_type_;
    if (is_request(type)) {
      on_request(from, *m);
      return;
    }
    auto it = pending_.find(m->header_.sequence_number_);
    if (it == pending_.end() || it->second.peer_ != from || static_cast<std::uint8_t>(it->second.type_) + 1 != type) {
      ++counters_.dropped_unexpected_;
      return;
    }
    auto handler = std::move(it->second.handler_);
    pending_.erase(it);
    learn(*m);
    handler(std::move(*m));
  }

  /// Keeps the CP SEID -> UP SEID map that answers Session Report Requests.
  void learn(const pfcp::message& m) {
    if (const auto* r = std::get_if<pfcp::session_establishment_response>(&m.body_)) {
      if (r->cause_.value_ == cause_value::request_accepted && r->up_f_seid_ && m.header_.seid_)
        sessions_[m.header_.seid_->value()] = r->up_f_seid_->seid_;
    } else if (std::holds_alternative<pfcp::session_deletion_response>(m.body_)) {
      if (m.header_.seid_) sessions_.erase(m.header_.seid_->value());
    }
  }

  void respond(const endpoint& to, std::uint32_t sequence, std::optional<seid> header_seid, pfcp::message_body body) {
    pfcp::message m;
    m.header_.sequence_number_ = sequence;
    m.header_.seid_ = header_seid;
    m.body_ = std::move(body);
    auto bytes = pfcp::encode(m);
    if (!bytes) {
      log_->error("cannot encode {}: {}", pfcp::message_name(m.body_), bytes.error().message());
      return;
    }
    send(to, *bytes);
    const std::uint64_t key = key_of(to, sequence);
    cache_[key] = std::move(*bytes);
    cache_order_.push_back(key);
    if (cache_order_.size() > cfg_.response_cache_size_) {
      cache_.erase(cache_order_.front());
      cache_order_.pop_front();
    }
  }

  void on_request(const endpoint& from, const pfcp::message& m) {
    const pfcp::header& h = m.header_;
    if (auto c = cache_.find(key_of(from, h.sequence_number_)); c != cache_.end()) {
      ++counters_.retransmissions_answered_;
      send(from, c->second);
      return;
    }
    if (const auto* hb = std::get_if<pfcp::heartbeat_request>(&m.body_)) {
      (void)hb;
      ++counters_.heartbeats_answered_;
      pfcp::heartbeat_response r;
      r.recovery_time_stamp_.value_ = recovery_;
      respond(from, h.sequence_number_, std::nullopt, std::move(r));
      return;
    }
    if (std::holds_alternative<pfcp::association_setup_request>(m.body_)) {
      pfcp::association_setup_response r;
      r.node_id_ = node_id_;
      r.cause_.value_ = cause_value::request_accepted;
      r.recovery_time_stamp_.value_ = recovery_;
      respond(from, h.sequence_number_, std::nullopt, std::move(r));
      if (node_request_) node_request_(from, m);
      return;
    }
    if (std::holds_alternative<pfcp::association_update_request>(m.body_)) {
      pfcp::association_update_response r;
      r.node_id_ = node_id_;
      r.cause_.value_ = cause_value::request_accepted;
      respond(from, h.sequence_number_, std::nullopt, std::move(r));
      if (node_request_) node_request_(from, m);
      return;
    }
    if (const auto* report = std::get_if<pfcp::session_report_request>(&m.body_)) {
      ++counters_.reports_received_;
      std::optional<seid> up;
      if (h.seid_)
        if (auto it = sessions_.find(h.seid_->value()); it != sessions_.end()) up = it->second;
      pfcp::session_report_response r;
      if (report_handler_) {
        r = report_handler_(from, h, *report);
      } else {
        r.cause_.value_ = up ? cause_value::request_accepted : cause_value::session_context_not_found;
      }
      respond(from, h.sequence_number_, up.value_or(seid{}), std::move(r));
      return;
    }
    ++counters_.dropped_unexpected_;
    log_->warn("{}: unexpected {} dropped", to_string(from), pfcp::message_name(m.body_));
  }

  void stop() {
    std::error_code ec;
    timer_.cancel();
    if (socket_.is_open()) socket_.close(ec);
    auto failed = std::move(pending_);
    pending_.clear();
    order_.clear();
    for (auto& [seq, p] : failed) p.handler_(std::unexpected(request_error{request_errc::stopped}));
  }

  asio::io_context& io_;
  client_config cfg_;
  asio::ip::udp::socket socket_;
  asio::steady_timer timer_;
  std::shared_ptr<spdlog::logger> log_;
  pfcp::node_id node_id_{};
  std::uint32_t recovery_ = 0;
  client_counters counters_{};
  std::uint32_t sequence_ = 0;
  std::unordered_map<std::uint32_t, pending> pending_;
  std::deque<std::pair<steady::time_point, std::uint32_t>> order_;
  std::unordered_map<std::uint64_t, std::vector<std::uint8_t>> cache_;
  std::deque<std::uint64_t> cache_order_;
  std::unordered_map<std::uint64_t, seid> sessions_;
  report_handler report_handler_;
  std::function<void(const endpoint&, const pfcp::message&)> node_request_;
  asio::ip::udp::endpoint peer_;
  std::array<std::uint8_t, 65536> buffer_{};
};

std::expected<std::unique_ptr<client>, std::string> client::create(asio::io_context& io, client_config cfg) {
  auto i = std::make_shared<impl>(io, std::move(cfg));
  const endpoint bind{i->cfg_.bind_address_, i->cfg_.port_};
  std::error_code ec;
  i->socket_.open(asio::ip::udp::v4(), ec);
  if (!ec) i->socket_.bind(to_asio(bind), ec);
  if (ec) return std::unexpected("cannot bind PFCP socket to " + to_string(bind) + ": " + ec.message());
  if (i->cfg_.socket_buffer_bytes_ > 0) {
    // Best effort: the kernel caps these at net.core.[rw]mem_max.
    i->socket_.set_option(asio::socket_base::receive_buffer_size(i->cfg_.socket_buffer_bytes_), ec);
    i->socket_.set_option(asio::socket_base::send_buffer_size(i->cfg_.socket_buffer_bytes_), ec);
  }
  i->receive();
  return std::unique_ptr<client>(new client(std::move(i)));
}

client::client(std::shared_ptr<impl> i) : impl_(std::move(i)) {}
client::~client() { impl_->stop(); }

endpoint client::local_endpoint() const {
  std::error_code ec;
  auto e = impl_->socket_.local_endpoint(ec);
  return ec ? endpoint{} : from_asio(e);
}
const pfcp::node_id& client::node_id() const noexcept { return impl_->node_id_; }
std::uint32_t client::recovery_time_stamp() const noexcept { return impl_->recovery_; }
void client::set_recovery_time_stamp(std::uint32_t t) noexcept { impl_->recovery_ = t; }

void client::request(const endpoint& upf, std::optional<seid> header_seid, pfcp::message_body body,
                     response_handler handler) {
  impl_->request(upf, header_seid, std::move(body), std::move(handler));
}

void client::associate(const endpoint& upf, response_handler handler) {
  pfcp::association_setup_request r;
  r.node_id_ = impl_->node_id_;
  r.recovery_time_stamp_.value_ = impl_->recovery_;
  request(upf, std::nullopt, std::move(r), std::move(handler));
}

void client::heartbeat(const endpoint& upf, response_handler handler) {
  pfcp::heartbeat_request r;
  r.recovery_time_stamp_.value_ = impl_->recovery_;
  request(upf, std::nullopt, std::move(r), std::move(handler));
}

void client::release_association(const endpoint& upf, response_handler handler) {
  pfcp::association_release_request r;
  r.node_id_ = impl_->node_id_;
  request(upf, std::nullopt, std::move(r), std::move(handler));
}

void client::establish(const endpoint& upf, pfcp::session_establishment_request req, response_handler handler) {
  if (req.node_id_ == pfcp::node_id{}) req.node_id_ = impl_->node_id_;
  request(upf, seid{}, std::move(req), std::move(handler));
}

void client::modify(const endpoint& upf, seid up_seid, pfcp::session_modification_request req,
                    response_handler handler) {
  request(upf, up_seid, std::move(req), std::move(handler));
}

void client::remove(const endpoint& upf, seid up_seid, response_handler handler) {
  request(upf, up_seid, pfcp::session_deletion_request{}, std::move(handler));
}

response client::call(const endpoint& upf, std::optional<seid> header_seid, pfcp::message_body body,
                      std::chrono::milliseconds timeout) {
  std::optional<response> out;
  request(upf, header_seid, std::move(body), [&out](response r) { out = std::move(r); });
  const std::uint32_t sequence = impl_->sequence_;
  if (!run_until(
          impl_->io_, [&] { return out.has_value(); }, timeout)) {
    // The handler refers to `out` in this frame: forget the request first.
    impl_->pending_.erase(sequence);
    return std::unexpected(request_error{request_errc::timeout});
  }
  return std::move(*out);
}

void client::on_session_report(report_handler h) { impl_->report_handler_ = std::move(h); }

void client::on_node_request(std::function<void(const endpoint&, const pfcp::message&)> h) {
  impl_->node_request_ = std::move(h);
}

std::optional<seid> client::up_seid(seid cp) const {
  auto it = impl_->sessions_.find(cp.value());
  if (it == impl_->sessions_.end()) return std::nullopt;
  return it->second;
}

std::size_t client::outstanding() const noexcept { return impl_->pending_.size(); }
const client_counters& client::counters() const noexcept { return impl_->counters_; }
void client::stop() { impl_->stop(); }

bool run_until(asio::io_context& io, const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  const auto end = steady::now() + timeout;
  while (!done()) {
    const auto now = steady::now();
    if (now >= end) return false;
    if (io.stopped()) io.restart();
    io.run_one_for(std::min<steady::duration>(end - now, std::chrono::milliseconds(50)));
  }
  return true;
}

}  // namespace meridian::n4_peer
