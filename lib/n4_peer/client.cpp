// The SMF's N4 client (client.hpp): the socket, the timer and the CP
// function's procedures over the n4 transaction layer.

#include "meridian/n4_peer/client.hpp"

#include <algorithm>
#include <chrono>
#include <system_error>
#include <unordered_map>

#include <asio/ip/udp.hpp>
#include <asio/steady_timer.hpp>

#include "meridian/common/log.hpp"
#include "meridian/n4/transactions.hpp"
#include "meridian/n4_peer/interface_types.hpp"

namespace meridian::n4_peer {

namespace {

using pfcp::cause_value;
using steady = std::chrono::steady_clock;

constexpr std::uint32_t ntp_unix_offset = 2'208'988'800u;  // 1900-01-01 to 1970-01-01

endpoint from_asio(const asio::ip::udp::endpoint& e) {
  endpoint out;
  if (e.address().is_v4()) out.address_ = e.address().to_v4().to_bytes();
  out.port_ = e.port();
  return out;
}

asio::ip::udp::endpoint to_asio(const endpoint& e) { return {asio::ip::address_v4(e.address_), e.port_}; }

request_error error_of(const n4::transaction_error& e) {
  switch (e.code_) {
    case n4::transaction_errc::timeout:
      return {request_errc::timeout};
    case n4::transaction_errc::encode_failed:
      return {request_errc::encode_failed};
    case n4::transaction_errc::version_not_supported:
      return {request_errc::version_not_supported};
    case n4::transaction_errc::cancelled:
      return {request_errc::stopped};
  }
  return {request_errc::timeout};
}

const system_clock_source machine_clock{};

}  // namespace

std::string request_error::message() const {
  switch (code_) {
    case request_errc::timeout:
      return "no response (timeout)";
    case request_errc::encode_failed:
      return "request could not be encoded";
    case request_errc::stopped:
      return "client stopped";
    case request_errc::version_not_supported:
      return "the UPF does not support PFCP version 1";
  }
  return "unknown error";
}

struct client::impl final : std::enable_shared_from_this<impl>, n4::request_handler, n4::datagram_sender {
  impl(asio::io_context& io, client_config cfg, const clock& clk)
      : io_(io),
        cfg_(std::move(cfg)),
        clock_(clk),
        socket_(io),
        timer_(io),
        log_(log::get("n4_peer")),
        tx_(transaction_config_of(cfg_), *this, clk, *this) {
    const auto& id = cfg_.node_id_ == std::array<std::uint8_t, 4>{} ? cfg_.bind_address_ : cfg_.node_id_;
    node_id_.type_ = pfcp::node_id::kind::ipv4;
    node_id_.ipv4_ = id;
    const auto s = std::chrono::duration_cast<std::chrono::seconds>(clk.wall_now().time_since_epoch()).count();
    recovery_ = static_cast<std::uint32_t>(static_cast<std::uint64_t>(s) + ntp_unix_offset);
  }

  static n4::transaction_config transaction_config_of(const client_config& c) {
    n4::transaction_config t;
    t.t1_ = c.t1_;
    t.n1_ = c.n1_;
    t.response_cache_limit_ = c.response_cache_size_;
    t.response_cache_time_ = c.response_cache_time_;
    t.logger_ = "n4_peer";
    return t;
  }

  // ---- the socket and the timer ------------------------------------------------------------

  void receive() {
    socket_.async_receive_from(asio::buffer(buffer_), peer_,
                               [self = weak_from_this()](std::error_code ec, std::size_t n) {
                                 auto me = self.lock();
                                 if (!me || ec == asio::error::operation_aborted || !me->socket_.is_open()) return;
                                 if (!ec) me->tx_.on_datagram(from_asio(me->peer_), {me->buffer_.data(), n});
                                 me->arm();
                                 me->receive();
                               });
  }

  void send(const endpoint& to, std::span<const std::uint8_t> bytes) override {
    std::error_code ec;
    socket_.send_to(asio::buffer(bytes.data(), bytes.size()), to_asio(to), 0, ec);
    if (ec) log_->warn("send to {} failed: {}", to_string(to), ec.message());
  }

  /// One steady_timer at the transaction layer's next deadline.
  void arm() {
    const auto next = tx_.next_deadline();
    if (!next) {
      timer_.cancel();
      armed_.reset();
      return;
    }
    if (armed_ && *armed_ == *next) return;
    armed_ = *next;
    timer_.expires_after(std::max(*next - clock_.now(), clock::duration::zero()));
    timer_.async_wait([self = weak_from_this()](std::error_code ec) {
      auto me = self.lock();
      if (!me || ec == asio::error::operation_aborted || !me->socket_.is_open()) return;
      me->armed_.reset();
      me->tx_.on_timer();
      me->arm();
    });
  }

  // ---- requests we send ----------------------------------------------------------------------

  std::optional<std::uint32_t> request(const endpoint& upf, std::optional<seid> header_seid, pfcp::message_body body,
                                       response_handler handler) {
    if (!socket_.is_open()) {
      handler(std::unexpected(request_error{request_errc::stopped}));
      return std::nullopt;
    }
    auto sequence = tx_.send_request(upf, header_seid, std::move(body),
                                     [this, handler = std::move(handler)](n4::transaction_result r) {
                                       if (!r) {
                                         handler(std::unexpected(error_of(r.error())));
                                         return;
                                       }
                                       learn(*r);
                                       handler(std::move(*r));
                                     });
    arm();
    return sequence;
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

  // ---- requests a UPF sends us ---------------------------------------------------------------

  void on_request(const endpoint& from, const pfcp::message& m) override {
    const pfcp::header& h = m.header_;
    if (std::holds_alternative<pfcp::heartbeat_request>(m.body_)) {
      // §6.2.2.2.
      ++heartbeats_answered_;
      pfcp::heartbeat_response r;
      r.recovery_time_stamp_.value_ = recovery_;
      tx_.respond(from, h, std::nullopt, std::move(r));
      return;
    }
    if (std::holds_alternative<pfcp::association_setup_request>(m.body_)) {
      // §6.2.6.3: UP function initiated.
      pfcp::association_setup_response r;
      r.node_id_ = node_id_;
      r.cause_.value_ = cause_value::request_accepted;
      r.recovery_time_stamp_.value_ = recovery_;
      tx_.respond(from, h, std::nullopt, std::move(r));
      if (node_request_) node_request_(from, m);
      return;
    }
    if (std::holds_alternative<pfcp::association_update_request>(m.body_)) {
      // §6.2.7.2: UP function initiated.
      pfcp::association_update_response r;
      r.node_id_ = node_id_;
      r.cause_.value_ = cause_value::request_accepted;
      tx_.respond(from, h, std::nullopt, std::move(r));
      if (node_request_) node_request_(from, m);
      return;
    }
    if (const auto* report = std::get_if<pfcp::session_report_request>(&m.body_)) {
      // §7.5.8: the header carries our CP SEID; the response the UPF's SEID.
      ++reports_received_;
      std::optional<seid> up;
      if (h.seid_)
        if (auto it = sessions_.find(h.seid_->value()); it != sessions_.end()) up = it->second;
      pfcp::session_report_response r;
      if (report_handler_) {
        r = report_handler_(from, h, *report);
      } else {
        r.cause_.value_ = up ? cause_value::request_accepted : cause_value::session_context_not_found;
      }
      tx_.respond(from, h, up.value_or(seid{}), std::move(r));
      return;
    }
    ++dropped_unexpected_;
    log_->warn("{}: unexpected {} dropped", to_string(from), pfcp::message_name(m.body_));
    tx_.ignore(from, h);  // no answer will come: not in progress any more
  }

  void on_malformed_request(const endpoint& from, const pfcp::decode_failure& f) override {
    ++dropped_malformed_;
    log_->warn("{}: undecodable PFCP dropped: {}", to_string(from), f.error_.message());
  }

  const client_counters& counters() const {
    const auto& t = tx_.counters();
    snapshot_.sent_ = t.sent_;
    snapshot_.received_ = t.received_;
    snapshot_.retransmissions_ = t.requests_retransmitted_;
    snapshot_.timeouts_ = t.requests_timed_out_;
    snapshot_.dropped_malformed_ =
        dropped_malformed_ + t.dropped_undecodable_header_ + t.dropped_unknown_type_ + t.dropped_malformed_;
    snapshot_.dropped_unexpected_ =
        dropped_unexpected_ + t.responses_unmatched_ + t.responses_late_ + t.duplicates_in_progress_ +
        t.duplicates_ignored_;
    snapshot_.reports_received_ = reports_received_;
    snapshot_.heartbeats_answered_ = heartbeats_answered_;
    snapshot_.retransmissions_answered_ = t.duplicates_answered_;
    return snapshot_;
  }

  void stop() {
    std::error_code ec;
    timer_.cancel();
    armed_.reset();
    if (socket_.is_open()) socket_.close(ec);
    tx_.cancel_all();
  }

  asio::io_context& io_;
  client_config cfg_;
  const clock& clock_;
  asio::ip::udp::socket socket_;
  asio::steady_timer timer_;
  std::optional<clock::time_point> armed_;
  std::shared_ptr<spdlog::logger> log_;
  pfcp::node_id node_id_{};
  std::uint32_t recovery_ = 0;
  std::uint64_t dropped_malformed_ = 0;
  std::uint64_t dropped_unexpected_ = 0;
  std::uint64_t reports_received_ = 0;
  std::uint64_t heartbeats_answered_ = 0;
  mutable client_counters snapshot_{};
  std::unordered_map<std::uint64_t, seid> sessions_;
  report_handler report_handler_;
  std::function<void(const endpoint&, const pfcp::message&)> node_request_;
  asio::ip::udp::endpoint peer_;
  std::array<std::uint8_t, 65536> buffer_{};
  n4::transactions tx_;
};

std::expected<std::unique_ptr<client>, std::string> client::create(asio::io_context& io, client_config cfg,
                                                                   const clock* clk) {
  auto i = std::make_shared<impl>(io, std::move(cfg), clk != nullptr ? *clk : machine_clock);
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
  // §6.2.6.2: CP function initiated.
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
  if (impl_->cfg_.send_interface_types_) add_interface_types(req);
  request(upf, seid{}, std::move(req), std::move(handler));
}

void client::modify(const endpoint& upf, seid up_seid, pfcp::session_modification_request req,
                    response_handler handler) {
  if (impl_->cfg_.send_interface_types_) add_interface_types(req);
  request(upf, up_seid, std::move(req), std::move(handler));
}

void client::remove(const endpoint& upf, seid up_seid, response_handler handler) {
  request(upf, up_seid, pfcp::session_deletion_request{}, std::move(handler));
}

response client::call(const endpoint& upf, std::optional<seid> header_seid, pfcp::message_body body,
                      std::chrono::milliseconds timeout) {
  std::optional<response> out;
  const auto sequence = impl_->request(upf, header_seid, std::move(body), [&out](response r) { out = std::move(r); });
  if (!run_until(
          impl_->io_, [&] { return out.has_value(); }, timeout)) {
    // The handler refers to `out` in this frame: forget the request first.
    if (sequence) impl_->tx_.cancel(*sequence);
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

std::size_t client::outstanding() const noexcept { return impl_->tx_.outstanding(); }
const client_counters& client::counters() const noexcept { return impl_->counters(); }
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
