// The usrsctp backend, driven by the stack's receive and send callbacks. The
// callbacks run on usrsctp's threads and only route (usrsctp_stack.cpp);
// everything else happens here, on the io_context.
//
// A client association has a one-to-one socket of its own. A server is one
// one-to-many socket (SOCK_SEQPACKET) carrying all its associations, told apart
// by association id. No socket is ever accepted: usrsctp 0.9.5's
// usrsctp_accept() races with its own input thread, which reads the accepted
// socket's so_head twice while accept clears it, and the input thread then
// crashes on a NULL lock (sctplab/usrsctp issues 554 and 697, fixed upstream
// after 0.9.5). An NG Setup arriving while the AMF accepts is exactly that
// race; the tests hit it about once in 2,500 accepts.

#include <arpa/inet.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <optional>
#include <vector>

#include <fmt/format.h>

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

/// Socket options every usrsctp socket of ours gets; on a server's socket they
/// apply to every association it will carry. `remote_udp_port` != 0 turns on RFC 6951 encapsulation.
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

/// The server's one-to-many socket, shared with the associations it carries:
/// null once the server has closed it.
struct listener_socket {
  struct socket* sock = nullptr;
};

/// The first address of an association (local or peer) as the stack reports it.
std::optional<sctp_endpoint> first_address(struct socket* s, sctp_assoc_t id, bool peer) {
  sockaddr* addrs = nullptr;
  const int n = peer ? usrsctp_getpaddrs(s, id, &addrs) : usrsctp_getladdrs(s, id, &addrs);
  std::optional<sctp_endpoint> e;
  if (n > 0) e = from_sockaddr(addrs);
  if (addrs != nullptr) (peer ? usrsctp_freepaddrs(addrs) : usrsctp_freeladdrs(addrs));
  return e;
}

/// The association a notification is about, for the types we subscribe to.
std::optional<sctp_assoc_t> association_of(const usrsctp_event& ev) {
  const std::uint8_t* p = ev.data.get();
  sctp_notification::sctp_tlv header;
  if (p == nullptr || ev.length < sizeof header) return std::nullopt;
  std::memcpy(&header, p, sizeof header);
  auto read = [&]<class T>(T, auto member) -> std::optional<sctp_assoc_t> {
    T n;
    if (ev.length < sizeof n) return std::nullopt;
    std::memcpy(&n, p, sizeof n);
    return n.*member;
  };
  switch (header.sn_type) {
    case SCTP_ASSOC_CHANGE:
      return read(sctp_assoc_change{}, &sctp_assoc_change::sac_assoc_id);
    case SCTP_SHUTDOWN_EVENT:
      return read(sctp_shutdown_event{}, &sctp_shutdown_event::sse_assoc_id);
    case SCTP_SEND_FAILED_EVENT:
      return read(sctp_send_failed_event{}, &sctp_send_failed_event::ssfe_assoc_id);
    default:
      return std::nullopt;
  }
}

class usrsctp_association final : public association_base, public usrsctp_event_sink {
 public:
  /// A client association on its own one-to-one socket.
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

  /// One association of a server's one-to-many socket; the server routes its events.
  usrsctp_association(asio::io_context& io, const sctp_config& cfg, sctp_association_notifier& notifier,
                      std::shared_ptr<sctp_pcap_mirror> mirror, std::shared_ptr<usrsctp_stack> stack,
                      std::shared_ptr<listener_socket> listener, sctp_assoc_t assoc_id,
                      std::shared_ptr<usrsctp_socket_ctx> listener_ctx, sctp_endpoint local, sctp_endpoint remote)
      : association_base(io, cfg, notifier, name_of(cfg), std::move(mirror)),
        stack_(std::move(stack)),
        listener_(std::move(listener)),
        assoc_id_(assoc_id),
        ctx_(std::move(listener_ctx)) {
    local_ = local;
    remote_ = remote;
  }

  ~usrsctp_association() override {
    if (sock_ != nullptr) release_stack(/*graceful=*/true);
  }

  /// Client only: from now on the stack's events for the socket come here.
  void start() {
    std::shared_ptr<usrsctp_event_sink> self = std::static_pointer_cast<usrsctp_association>(shared_from_this());
    ctx_->attach(io_, self);
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
    }
  }

 private:
  struct socket* socket() const noexcept {
    return listener_ ? listener_->sock : sock_;
  }

  push_status push_to_stack(std::uint16_t stream, std::uint32_t ppid, std::span<const std::uint8_t> bytes,
                            int& err) override {
    struct socket* s = socket();
    if (s == nullptr) {
      err = ENOTCONN;
      return push_status::failed;
    }
    // Armed before the attempt: a SACK that frees space after a refusal below
    // must find it set, or the queue would wait for a callback that never comes.
    ctx_->wants_send_space.store(true);
    sctp_sndinfo info{};
    info.snd_sid = stream;
    info.snd_ppid = htonl(ppid);
    info.snd_assoc_id = assoc_id_;  // ignored on a one-to-one socket
    const ssize_t n = usrsctp_sendv(s, bytes.data(), bytes.size(), nullptr, 0, &info,
                                    static_cast<socklen_t>(sizeof info), SCTP_SENDV_SNDINFO, 0);
    if (n >= 0) return push_status::sent;
    err = errno;
    if (err == EWOULDBLOCK || err == EAGAIN) return push_status::would_block;
    return push_status::failed;
  }

  void want_send_space() override {}  // armed in push_to_stack()

  void release_stack(bool graceful) override {
    if (listener_) {
      // On a one-to-many socket the association ends by a flagged empty send:
      // SCTP_EOF sends SHUTDOWN once queued data is out, SCTP_ABORT aborts.
      if (listener_->sock == nullptr || gone_in_stack_) return;
      sctp_sndinfo info{};
      info.snd_flags = graceful ? SCTP_EOF : SCTP_ABORT;
      info.snd_assoc_id = assoc_id_;
      usrsctp_sendv(listener_->sock, nullptr, 0, nullptr, 0, &info, static_cast<socklen_t>(sizeof info),
                    SCTP_SENDV_SNDINFO, 0);
      return;
    }
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
            if (!listener_)
              if (auto l = local_address_of(sock_); l && local_.port == 0) local_ = *l;
            handle_up(change.sac_outbound_streams, change.sac_inbound_streams);
            break;
          case SCTP_RESTART:
            handle_restart(change.sac_outbound_streams, change.sac_inbound_streams);
            break;
          case SCTP_COMM_LOST:
            gone_in_stack_ = true;
            handle_down(sctp_down_reason::communication_lost);
            break;
          case SCTP_SHUTDOWN_COMP:
            gone_in_stack_ = true;
            handle_down(sctp_down_reason::peer_shutdown);
            break;
          case SCTP_CANT_STR_ASSOC:
            gone_in_stack_ = true;
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

  std::shared_ptr<usrsctp_stack> stack_;       // keeps the process's stack alive while this socket is
  struct socket* sock_ = nullptr;              // client: its own socket
  std::shared_ptr<listener_socket> listener_;  // server side: the shared socket
  sctp_assoc_t assoc_id_ = 0;
  std::shared_ptr<usrsctp_socket_ctx> ctx_;
  bool gone_in_stack_ = false;  // the stack has freed the association: nothing to end there
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
        listener_(std::make_shared<listener_socket>(listener_socket{sock})),
        ctx_(std::move(ctx)),
        local_(local) {}

  ~usrsctp_server_impl() override { close(); }

  void start() { ctx_->attach(io_, weak_from_this()); }

  void on_usrsctp_event(usrsctp_event ev) override {
    switch (ev.what) {
      case usrsctp_event::kind::data:
        if (auto it = associations_.find(ev.assoc_id); it != associations_.end()) {
          auto a = it->second;
          a->on_usrsctp_event(std::move(ev));
        }
        break;  // else: an association we have ended already
      case usrsctp_event::kind::notification:
        on_notification(std::move(ev));
        break;
      case usrsctp_event::kind::send_space: {
        // The stack says "room" for the socket, not for an association: every
        // association with a queue tries again (each sees only its own queue).
        std::vector<std::shared_ptr<usrsctp_association>> all;
        all.reserve(associations_.size());
        for (auto& [id, a] : associations_) all.push_back(a);
        for (auto& a : all) {
          usrsctp_event room;
          room.what = usrsctp_event::kind::send_space;
          a->on_usrsctp_event(std::move(room));
        }
        break;
      }
      case usrsctp_event::kind::eof:
        break;  // a one-to-many socket reports each association's SHUTDOWN as a notification
    }
  }

  void close() {
    // Each association ends on the open socket first (SHUTDOWN, or what the
    // user asked for before), then the socket goes.
    auto live = std::move(associations_);
    associations_.clear();
    for (auto& [id, a] : live) a->close();
    if (listener_->sock != nullptr) {
      ctx_->detach();
      usrsctp_stack::unregister_socket(listener_->sock);
      usrsctp_close(listener_->sock);
      listener_->sock = nullptr;
      log_->info("SCTP server {} closed", local_.to_string());
    }
  }

  sctp_endpoint local() const { return local_; }
  std::size_t count() const noexcept { return associations_.size(); }
  void set_mirror(std::shared_ptr<sctp_pcap_mirror> m) { mirror_ = std::move(m); }

 private:
  void on_notification(usrsctp_event ev) {
    const auto id = association_of(ev);
    if (!id) return;  // not about an association (or malformed): nothing we subscribed to
    auto it = associations_.find(*id);
    if (it == associations_.end()) {
      sctp_assoc_change change{};
      if (ev.length >= sizeof change) std::memcpy(&change, ev.data.get(), sizeof change);
      if (change.sac_type != SCTP_ASSOC_CHANGE || change.sac_state != SCTP_COMM_UP || listener_->sock == nullptr)
        return;  // about an association we have ended already
      it = associations_.emplace(*id, open_association(*id)).first;
    }
    auto a = it->second;
    a->on_usrsctp_event(std::move(ev));
  }

  std::shared_ptr<usrsctp_association> open_association(sctp_assoc_t id) {
    auto remote = first_address(listener_->sock, id, /*peer=*/true).value_or(sctp_endpoint{});
    auto local = local_;
    if (local.address.is_unspecified())
      if (auto l = first_address(listener_->sock, id, /*peer=*/false)) local.address = l->address;
    auto a = std::make_shared<usrsctp_association>(io_, cfg_, notifier_, mirror_, stack_, listener_, id, ctx_, local,
                                                   remote);
    a->set_end_hook([self = weak_from_this(), id](association_base&) {
      if (auto s = self.lock()) s->associations_.erase(id);
    });
    log_->debug("SCTP server {}: new association {} from {}", local_.to_string(), a->id(), remote.to_string());
    return a;
  }

  asio::io_context& io_;
  const sctp_config cfg_;
  sctp_association_notifier& notifier_;
  std::shared_ptr<spdlog::logger> log_;
  std::shared_ptr<usrsctp_stack> stack_;
  std::shared_ptr<listener_socket> listener_;
  std::shared_ptr<usrsctp_socket_ctx> ctx_;
  sctp_endpoint local_;
  std::shared_ptr<sctp_pcap_mirror> mirror_;
  std::map<sctp_assoc_t, std::shared_ptr<usrsctp_association>> associations_;  // by the stack's id
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

/// SOCK_STREAM (one-to-one) for a client, SOCK_SEQPACKET (one-to-many) for a server.
struct socket* open_socket(const sctp_endpoint& like, const sctp_config& cfg, int type) {
  return usrsctp_socket(like.address.is_v6() ? AF_INET6 : AF_INET, type, IPPROTO_SCTP, &usrsctp_stack::receive_callback,
                        &usrsctp_stack::send_callback, send_threshold(cfg), nullptr);
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
  struct socket* sock = open_socket(local, cfg, SOCK_SEQPACKET);
  if (sock == nullptr) return std::unexpected(sctp_error{sctp_errc::socket_error, errno, "usrsctp_socket"});
  auto fail = [&](sctp_error e) -> sctp_result<std::unique_ptr<sctp_server>> {
    usrsctp_close(sock);
    return std::unexpected(std::move(e));
  };
  if (auto ok = configure(sock, cfg, 0); !ok) return fail(ok.error());
  // A large message of one association must not hold up the others' messages.
  const int interleave = 1;
  if (set_option(sock, IPPROTO_SCTP, SCTP_FRAGMENT_INTERLEAVE, interleave) != 0)
    log::get("transport.sctp")->warn("usrsctp: SCTP_FRAGMENT_INTERLEAVE: {}", std::strerror(errno));
  auto addr = to_sockaddr(local);
  if (usrsctp_bind(sock, addr.get(), addr.length) != 0) return fail(bind_error(errno, local));
  if (usrsctp_listen(sock, 1024) != 0)
    return fail(sctp_error{sctp_errc::socket_error, errno, fmt::format("listen {}", local.to_string())});
  auto bound = local;
  if (auto l = local_address_of(sock); l && bound.port == 0) bound.port = l->port;

  auto ctx = std::make_shared<usrsctp_socket_ctx>();
  usrsctp_stack::register_socket(sock, ctx);
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
  struct socket* sock = open_socket(req.remote, cfg, SOCK_STREAM);
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
