// The usrsctp backend: one-to-one style usrsctp sockets driven by the stack's
// receive and send callbacks. The callbacks run on usrsctp's threads and only
// route (usrsctp_stack.cpp); everything else happens here, on the io_context.

#include <arpa/inet.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>

#include <fmt/format.h>
#include <asio/steady_timer.hpp>

#include "association_base.hpp"
#include "backends.hpp"
#include "meridian/common/log.hpp"
#include "sockaddr_util.hpp"
#include "usrsctp_stack.hpp"

namespace meridian::transport::detail {

namespace {

// Below this the stack's send callback stays quiet; a quarter of the buffer
// means a drain moves a useful batch each time.
std::uint32_t send_threshold(const sctp_config& cfg) {
  const std::uint32_t sndbuf = cfg.send_buffer_bytes != 0 ? cfg.send_buffer_bytes : usrsctp_sysctl_get_sctp_sendspace();
  return std::max<std::uint32_t>(1, sndbuf / 4);
}

template <class T>
int set_option(struct socket* s, int level, int name, const T& value) {
  return usrsctp_setsockopt(s, level, name, &value, static_cast<socklen_t>(sizeof value));
}

/// Socket options every usrsctp socket of ours gets; sockets accepted from a
/// listener inherit them. `remote_udp_port` != 0 turns on RFC 6951 encapsulation.
sctp_result<void> configure(struct socket* s, const sctp_config& cfg, std::uint16_t remote_udp_port) {
  auto log = log::get("transport.sctp");
  if (usrsctp_set_non_blocking(s, 1) != 0)
    return std::unexpected(sctp_error{sctp_errc::socket_error, errno, "usrsctp_set_non_blocking"});

  sctp_initmsg init{};
  init.sinit_num_ostreams = cfg.out_streams;
  init.sinit_max_instreams = cfg.in_streams;
  init.sinit_max_attempts = cfg.max_init_attempts;
  if (set_option(s, IPPROTO_SCTP, SCTP_INITMSG, init) != 0)
    return std::unexpected(sctp_error{sctp_errc::socket_error, errno, "SCTP_INITMSG"});

  // usrsctp has no SCTP_EVENTS: one SCTP_EVENT per notification type.
  for (const std::uint16_t type :
       {std::uint16_t{SCTP_ASSOC_CHANGE}, std::uint16_t{SCTP_SHUTDOWN_EVENT}, std::uint16_t{SCTP_SEND_FAILED_EVENT}}) {
    sctp_event ev{};
    ev.se_assoc_id = SCTP_FUTURE_ASSOC;
    ev.se_type = type;
    ev.se_on = 1;
    if (set_option(s, IPPROTO_SCTP, SCTP_EVENT, ev) != 0)
      return std::unexpected(sctp_error{sctp_errc::socket_error, errno, fmt::format("SCTP_EVENT {}", type)});
  }
  const int on = 1;
  if (set_option(s, IPPROTO_SCTP, SCTP_RECVRCVINFO, on) != 0)
    log->warn("usrsctp: SCTP_RECVRCVINFO: {}", std::strerror(errno));
  if (cfg.nodelay && set_option(s, IPPROTO_SCTP, SCTP_NODELAY, on) != 0)
    log->warn("usrsctp: SCTP_NODELAY: {}", std::strerror(errno));
  if (cfg.send_buffer_bytes != 0) {
    const int size = static_cast<int>(cfg.send_buffer_bytes);
    if (set_option(s, SOL_SOCKET, SO_SNDBUF, size) != 0) log->warn("usrsctp: SO_SNDBUF: {}", std::strerror(errno));
  }
  if (cfg.rto_initial_ms != 0 || cfg.rto_min_ms != 0 || cfg.rto_max_ms != 0) {
    sctp_rtoinfo rto{};  // 0 leaves a value unchanged
    rto.srto_assoc_id = SCTP_FUTURE_ASSOC;
    rto.srto_initial = cfg.rto_initial_ms;
    rto.srto_min = cfg.rto_min_ms;
    rto.srto_max = cfg.rto_max_ms;
    if (set_option(s, IPPROTO_SCTP, SCTP_RTOINFO, rto) != 0)
      log->warn("usrsctp: SCTP_RTOINFO: {}", std::strerror(errno));
  }
  if (cfg.max_retransmissions != 0) {
    sctp_assocparams ap{};  // 0 leaves a value unchanged
    ap.sasoc_assoc_id = SCTP_FUTURE_ASSOC;
    ap.sasoc_asocmaxrxt = cfg.max_retransmissions;
    if (set_option(s, IPPROTO_SCTP, SCTP_ASSOCINFO, ap) != 0)
      log->warn("usrsctp: SCTP_ASSOCINFO: {}", std::strerror(errno));
  }
  if (cfg.heartbeat_interval_ms != 0 || cfg.max_retransmissions != 0) {
    sctp_paddrparams pp{};
    pp.spp_assoc_id = SCTP_FUTURE_ASSOC;
    pp.spp_hbinterval = cfg.heartbeat_interval_ms;
    pp.spp_pathmaxrxt = cfg.max_retransmissions;
    pp.spp_flags = cfg.heartbeat_interval_ms != 0 ? SPP_HB_ENABLE : 0;
    if (set_option(s, IPPROTO_SCTP, SCTP_PEER_ADDR_PARAMS, pp) != 0)
      log->warn("usrsctp: SCTP_PEER_ADDR_PARAMS: {}", std::strerror(errno));
  }
  if (remote_udp_port != 0) {
    sctp_udpencaps encaps{};  // an all-zero address: every path of the association
    encaps.sue_assoc_id = SCTP_FUTURE_ASSOC;
    encaps.sue_port = htons(remote_udp_port);
    if (set_option(s, IPPROTO_SCTP, SCTP_REMOTE_UDP_ENCAPS_PORT, encaps) != 0)
      return std::unexpected(sctp_error{sctp_errc::socket_error, errno, "SCTP_REMOTE_UDP_ENCAPS_PORT"});
  }
  return {};
}

/// The first local address of `s` (the bound one, or one the stack picked).
std::optional<sctp_endpoint> local_address_of(struct socket* s) {
  sockaddr* addrs = nullptr;
  const int n = usrsctp_getladdrs(s, 0, &addrs);
  std::optional<sctp_endpoint> e;
  if (n > 0) e = from_sockaddr(addrs);
  if (addrs != nullptr) usrsctp_freeladdrs(addrs);
  return e;
}

std::string_view name_of(const sctp_config& cfg) {
  return cfg.encapsulation == sctp_encapsulation::udp ? "usrsctp/udp" : "usrsctp/raw";
}

class usrsctp_association final : public association_base, public usrsctp_event_sink {
 public:
  usrsctp_association(asio::io_context& io, const sctp_config& cfg, sctp_association_notifier& notifier,
                      std::shared_ptr<sctp_pcap_mirror> mirror, std::shared_ptr<usrsctp_stack> stack,
                      struct socket* sock, std::shared_ptr<usrsctp_socket_ctx> ctx, sctp_endpoint local,
                      sctp_endpoint remote)
      : association_base(io, cfg, notifier, name_of(cfg), std::move(mirror)),
        stack_(std::move(stack)),
        sock_(sock),
        ctx_(std::move(ctx)) {
    local_ = local;
    remote_ = remote;
  }

  ~usrsctp_association() override {
    if (sock_ != nullptr) release_stack(/*graceful=*/true);
  }

  void start() {
    std::shared_ptr<usrsctp_event_sink> self = std::static_pointer_cast<usrsctp_association>(shared_from_this());
    ctx_->attach(io_, self);
  }

  /// An accepted socket is established already; the stack tells its streams.
  void adopt_accepted() {
    sctp_status status{};
    socklen_t len = sizeof status;
    if (usrsctp_getsockopt(sock_, IPPROTO_SCTP, SCTP_STATUS, &status, &len) == 0)
      handle_up(status.sstat_outstrms, status.sstat_instrms);
    // else: COMM_UP among the buffered events will do it
  }

  void on_usrsctp_event(usrsctp_event ev) override {
    switch (ev.what) {
      case usrsctp_event::kind::data:
        on_data(std::move(ev));
        break;
      case usrsctp_event::kind::notification:
        on_notification(ev);
        break;
      case usrsctp_event::kind::eof:
        // The peer's SHUTDOWN arrived; SHUTDOWN_COMP (or COMM_LOST) ends the association.
        handle_peer_shutdown();
        break;
      case usrsctp_event::kind::send_space:
        handle_send_space();
        break;
      case usrsctp_event::kind::accept_ready:
        break;
    }
  }

 private:
  push_status push_to_stack(std::uint16_t stream, std::uint32_t ppid, std::span<const std::uint8_t> bytes,
                            int& err) override {
    if (sock_ == nullptr) {
      err = ENOTCONN;
      return push_status::failed;
    }
    // Armed before the attempt: a SACK that frees space after a refusal below
    // must find it set, or the queue would wait for a callback that never comes.
    ctx_->wants_send_space.store(true);
    sctp_sndinfo info{};
    info.snd_sid = stream;
    info.snd_ppid = htonl(ppid);
    const ssize_t n = usrsctp_sendv(sock_, bytes.data(), bytes.size(), nullptr, 0, &info,
                                    static_cast<socklen_t>(sizeof info), SCTP_SENDV_SNDINFO, 0);
    if (n >= 0) return push_status::sent;
    err = errno;
    if (err == EWOULDBLOCK || err == EAGAIN) return push_status::would_block;
    return push_status::failed;
  }

  void want_send_space() override {}  // armed in push_to_stack()

  void release_stack(bool graceful) override {
    if (sock_ == nullptr) return;
    ctx_->detach();
    usrsctp_stack::unregister_socket(sock_);
    if (!graceful) {
      linger l{};
      l.l_onoff = 1;  // linger 0: close() sends ABORT
      usrsctp_setsockopt(sock_, SOL_SOCKET, SO_LINGER, &l, static_cast<socklen_t>(sizeof l));
    }
    usrsctp_close(sock_);
    sock_ = nullptr;
  }

  void on_data(usrsctp_event ev) {
    const std::span<const std::uint8_t> piece(ev.data.get(), ev.length);
    // A message larger than the partial delivery point arrives in pieces; only
    // then is it copied, to reassemble it.
    if (!ev.end_of_record || !partial_.empty()) {
      partial_.insert(partial_.end(), piece.begin(), piece.end());
      if (!ev.end_of_record) return;
      std::vector<std::uint8_t> whole;
      whole.swap(partial_);
      count_reassembled();
      handle_message(ev.stream, ev.ppid, ev.tsn, ev.ssn, whole);
      return;
    }
    handle_message(ev.stream, ev.ppid, ev.tsn, ev.ssn, piece);
  }

  void on_notification(const usrsctp_event& ev) {
    const std::uint8_t* p = ev.data.get();
    sctp_notification::sctp_tlv header;
    if (p == nullptr || ev.length < sizeof header) return count_notification(true);
    std::memcpy(&header, p, sizeof header);
    count_notification(false);
    switch (header.sn_type) {
      case SCTP_ASSOC_CHANGE: {
        sctp_assoc_change change;
        if (ev.length < sizeof change) return count_notification(true);
        std::memcpy(&change, p, sizeof change);
        switch (change.sac_state) {
          case SCTP_COMM_UP:
            if (auto l = local_address_of(sock_); l && local_.port == 0) local_ = *l;
            handle_up(change.sac_outbound_streams, change.sac_inbound_streams);
            break;
          case SCTP_RESTART:
            handle_restart(change.sac_outbound_streams, change.sac_inbound_streams);
            break;
          case SCTP_COMM_LOST:
            handle_down(sctp_down_reason::communication_lost);
            break;
          case SCTP_SHUTDOWN_COMP:
            handle_down(sctp_down_reason::peer_shutdown);
            break;
          case SCTP_CANT_STR_ASSOC:
            handle_down(sctp_down_reason::cannot_start);
            break;
          default:
            break;
        }
        break;
      }
      case SCTP_SHUTDOWN_EVENT:
        handle_peer_shutdown();
        break;
      case SCTP_SEND_FAILED_EVENT:
        count_send_failure();
        log_->warn("association {} ({}): the stack could not deliver a message", id(), remote_.to_string());
        break;
      default:
        break;
    }
  }

  std::shared_ptr<usrsctp_stack> stack_;  // keeps the process's stack alive while this socket is
  struct socket* sock_;
  std::shared_ptr<usrsctp_socket_ctx> ctx_;
  std::vector<std::uint8_t> partial_;
};

class usrsctp_server_impl final : public usrsctp_event_sink, public std::enable_shared_from_this<usrsctp_server_impl> {
 public:
  usrsctp_server_impl(asio::io_context& io, const sctp_config& cfg, sctp_association_notifier& notifier,
                      std::shared_ptr<usrsctp_stack> stack, struct socket* sock,
                      std::shared_ptr<usrsctp_socket_ctx> ctx, sctp_endpoint local)
      : io_(io),
        cfg_(cfg),
        notifier_(notifier),
        log_(log::get("transport.sctp")),
        stack_(std::move(stack)),
        sock_(sock),
        ctx_(std::move(ctx)),
        local_(local) {}

  ~usrsctp_server_impl() override { close(); }

  void start() { ctx_->attach(io_, weak_from_this()); }

  void on_usrsctp_event(usrsctp_event ev) override {
    if (ev.what == usrsctp_event::kind::accept_ready) accept_all();
  }

  void close() {
    if (sock_ != nullptr) {
      retry_timer_.cancel();
      ctx_->detach();
      usrsctp_stack::unregister_socket(sock_);
      usrsctp_stack::drop_orphans_of(ctx_.get());
      usrsctp_close(sock_);
      sock_ = nullptr;
      log_->info("SCTP server {} closed", local_.to_string());
    }
    auto live = std::move(associations_);
    associations_.clear();
    for (auto& [id, a] : live) a->close();
  }

  sctp_endpoint local() const { return local_; }
  std::size_t count() const noexcept { return associations_.size(); }
  void set_mirror(std::shared_ptr<sctp_pcap_mirror> m) { mirror_ = std::move(m); }

 private:
  void accept_all() {
    // Bounded per wake-up; a further accept_ready follows for later ones.
    int accepted = 0;
    for (int i = 0; i < 1024 && sock_ != nullptr; ++i) {
      sockaddr_buffer peer;
      peer.length = sizeof peer.storage;
      struct socket* child = usrsctp_accept(sock_, peer.get(), &peer.length);
      if (child == nullptr) break;
      ++accepted;
      // Late callbacks for this socket after we close it must not look like a
      // new orphan of the listener.
      usrsctp_set_ulpinfo(child, nullptr);
      auto ctx = usrsctp_stack::adopt_accepted(child);
      usrsctp_set_non_blocking(child, 1);
      auto remote = from_sockaddr(peer.get()).value_or(sctp_endpoint{});
      auto local = local_;
      if (local.address.is_unspecified())
        if (auto l = local_address_of(child)) local.address = l->address;
      auto a = std::make_shared<usrsctp_association>(io_, cfg_, notifier_, mirror_, stack_, child, ctx, local, remote);
      associations_.emplace(a->id(), a);
      a->set_end_hook([self = weak_from_this()](association_base& ended) {
        if (auto s = self.lock()) s->associations_.erase(ended.id());
      });
      a->start();
      log_->debug("SCTP server {} accepted {}", local_.to_string(), remote.to_string());
      a->adopt_accepted();
    }
    // The stack reports COMM_UP on a new socket (our first trigger) slightly
    // before it queues that socket for accept, and the upcall may be missed in
    // between; while such sockets wait, look again shortly (bounded).
    if (accepted > 0) accept_retries_ = 0;
    if (sock_ != nullptr && accepted == 0 && accept_retries_ < 200 && usrsctp_stack::orphans_of(ctx_.get()) > 0) {
      ++accept_retries_;
      retry_timer_.expires_after(std::chrono::milliseconds(5));
      retry_timer_.async_wait([w = weak_from_this()](const asio::error_code& ec) {
        if (ec) return;
        if (auto self = w.lock()) self->accept_all();
      });
    }
  }

  asio::io_context& io_;
  const sctp_config cfg_;
  sctp_association_notifier& notifier_;
  std::shared_ptr<spdlog::logger> log_;
  std::shared_ptr<usrsctp_stack> stack_;
  struct socket* sock_;
  std::shared_ptr<usrsctp_socket_ctx> ctx_;
  sctp_endpoint local_;
  std::shared_ptr<sctp_pcap_mirror> mirror_;
  std::map<std::uint64_t, std::shared_ptr<usrsctp_association>> associations_;
  asio::steady_timer retry_timer_{io_};
  int accept_retries_ = 0;
};

class usrsctp_server final : public sctp_server {
 public:
  explicit usrsctp_server(std::shared_ptr<usrsctp_server_impl> impl) : impl_(std::move(impl)) {}
  ~usrsctp_server() override { impl_->close(); }
  sctp_endpoint local_endpoint() const override { return impl_->local(); }
  std::size_t association_count() const noexcept override { return impl_->count(); }
  void close() override { impl_->close(); }
  void set_pcap_mirror(std::shared_ptr<sctp_pcap_mirror> mirror) override { impl_->set_mirror(std::move(mirror)); }

 private:
  std::shared_ptr<usrsctp_server_impl> impl_;
};

struct socket* open_socket(const sctp_endpoint& like, const sctp_config& cfg) {
  return usrsctp_socket(like.address.is_v6() ? AF_INET6 : AF_INET, SOCK_STREAM, IPPROTO_SCTP,
                        &usrsctp_stack::receive_callback, &usrsctp_stack::send_callback, send_threshold(cfg), nullptr);
}

sctp_error bind_error(int err, const sctp_endpoint& e) {
  return sctp_error{err == EADDRNOTAVAIL ? sctp_errc::address_error : sctp_errc::socket_error, err,
                    fmt::format("bind {} (usrsctp binds only addresses present on an interface)", e.to_string())};
}

}  // namespace

sctp_result<std::unique_ptr<sctp_server>> usrsctp_listen(asio::io_context& io, const sctp_config& cfg,
                                                         const sctp_endpoint& local,
                                                         sctp_association_notifier& notifier) {
  auto stack = usrsctp_stack::acquire(cfg);
  if (!stack) return std::unexpected(stack.error());
  struct socket* sock = open_socket(local, cfg);
  if (sock == nullptr) return std::unexpected(sctp_error{sctp_errc::socket_error, errno, "usrsctp_socket"});
  auto fail = [&](sctp_error e) -> sctp_result<std::unique_ptr<sctp_server>> {
    usrsctp_close(sock);
    return std::unexpected(std::move(e));
  };
  if (auto ok = configure(sock, cfg, 0); !ok) return fail(ok.error());
  auto addr = to_sockaddr(local);
  if (usrsctp_bind(sock, addr.get(), addr.length) != 0) return fail(bind_error(errno, local));
  if (usrsctp_listen(sock, 1024) != 0)
    return fail(sctp_error{sctp_errc::socket_error, errno, fmt::format("listen {}", local.to_string())});
  auto bound = local;
  if (auto l = local_address_of(sock); l && bound.port == 0) bound.port = l->port;

  auto ctx = std::make_shared<usrsctp_socket_ctx>();
  // Sockets the stack creates for incoming associations inherit this
  // ulp_info; the receive callback recognises them by it (see usrsctp_stack).
  usrsctp_set_ulpinfo(sock, ctx.get());
  usrsctp_stack::register_socket(sock, ctx);
  if (usrsctp_set_upcall(sock, &usrsctp_stack::listener_upcall, nullptr) != 0)
    log::get("transport.sctp")->warn("usrsctp_set_upcall on {}: {}", local.to_string(), std::strerror(errno));
  auto impl = std::make_shared<usrsctp_server_impl>(io, cfg, notifier, *stack, sock, ctx, bound);
  impl->start();
  log::get("transport.sctp")->info("SCTP server listening on {} ({})", bound.to_string(), name_of(cfg));
  return std::make_unique<usrsctp_server>(std::move(impl));
}

sctp_result<std::shared_ptr<sctp_association>> usrsctp_connect(asio::io_context& io, const sctp_config& cfg,
                                                               const connect_request& req,
                                                               sctp_association_notifier& notifier) {
  auto stack = usrsctp_stack::acquire(cfg);
  if (!stack) return std::unexpected(stack.error());
  struct socket* sock = open_socket(req.remote, cfg);
  if (sock == nullptr) return std::unexpected(sctp_error{sctp_errc::socket_error, errno, "usrsctp_socket"});
  auto fail = [&](sctp_error e) -> sctp_result<std::shared_ptr<sctp_association>> {
    usrsctp_close(sock);
    return std::unexpected(std::move(e));
  };
  const std::uint16_t encaps =
      cfg.encapsulation == sctp_encapsulation::udp ? cfg.effective_remote_udp_port() : std::uint16_t{0};
  if (auto ok = configure(sock, cfg, encaps); !ok) return fail(ok.error());
  sctp_endpoint local{};
  if (req.local) {
    auto addr = to_sockaddr(*req.local);
    if (usrsctp_bind(sock, addr.get(), addr.length) != 0) return fail(bind_error(errno, *req.local));
    local = *req.local;
    if (auto l = local_address_of(sock); l && local.port == 0) local.port = l->port;
  }

  auto ctx = std::make_shared<usrsctp_socket_ctx>();
  usrsctp_stack::register_socket(sock, ctx);
  auto a = std::make_shared<usrsctp_association>(io, cfg, notifier, req.mirror, *stack, sock, ctx, local, req.remote);
  a->start();
  auto addr = to_sockaddr(req.remote);
  if (usrsctp_connect(sock, addr.get(), addr.length) != 0 && errno != EINPROGRESS) {
    const int err = errno;
    a->abort();
    return std::unexpected(sctp_error{sctp_errc::socket_error, err, fmt::format("connect {}", req.remote.to_string())});
  }
  log::get("transport.sctp")
      ->debug("association {}: connecting {} -> {} ({})", a->id(), local.to_string(), req.remote.to_string(),
              name_of(cfg));
  return a;
}

}  // namespace meridian::transport::detail
