// The kernel backend: one-to-one style SCTP sockets (RFC 6458) driven by Asio
// readiness waits. Debian ships <netinet/sctp.h> only with libsctp-dev, which
// this project does not need: the structures and constants come from the Linux
// UAPI header <linux/sctp.h> (linux-libc-dev), which is all the socket API uses.

#include <arpa/inet.h>
#include <linux/sctp.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <map>

#include <fmt/format.h>
#include <asio/posix/stream_descriptor.hpp>

#include "association_base.hpp"
#include "backends.hpp"
#include "meridian/common/log.hpp"
#include "sockaddr_util.hpp"

namespace meridian::transport::detail {

namespace {

constexpr std::string_view kernel_name = "kernel";
// Messages read per readiness wake-up before yielding to other handlers.
constexpr int max_reads_per_wakeup = 64;
// NGAP messages are small; larger ones arrive in pieces (no MSG_EOR) and are reassembled.
constexpr std::size_t receive_buffer_size = 64 * 1024;

template <class T>
int set_option(int fd, int level, int name, const T& value) {
  return ::setsockopt(fd, level, name, &value, static_cast<socklen_t>(sizeof value));
}

sctp_result<void> configure(int fd, const sctp_config& cfg) {
  auto log = log::get("transport.sctp");
  sctp_initmsg init{};
  init.sinit_num_ostreams = cfg.out_streams;
  init.sinit_max_instreams = cfg.in_streams;
  init.sinit_max_attempts = cfg.max_init_attempts;
  if (set_option(fd, IPPROTO_SCTP, SCTP_INITMSG, init) != 0)
    return std::unexpected(sctp_error{sctp_errc::socket_error, errno, "SCTP_INITMSG"});

  // SCTP_EVENT (one per type) is the RFC 6458 way; kernels before 5.0 know only
  // the older SCTP_EVENTS structure.
  bool per_event_ok = true;
  for (const std::uint16_t type :
       {std::uint16_t{SCTP_ASSOC_CHANGE}, std::uint16_t{SCTP_SHUTDOWN_EVENT}, std::uint16_t{SCTP_SEND_FAILED_EVENT}}) {
    sctp_event ev{};
    ev.se_assoc_id = 0;  // SCTP_FUTURE_ASSOC
    ev.se_type = type;
    ev.se_on = 1;
    if (set_option(fd, IPPROTO_SCTP, SCTP_EVENT, ev) != 0) per_event_ok = false;
  }
  if (!per_event_ok) {
    sctp_event_subscribe events{};
    events.sctp_association_event = 1;
    events.sctp_shutdown_event = 1;
    events.sctp_send_failure_event = 1;
    if (set_option(fd, IPPROTO_SCTP, SCTP_EVENTS, events) != 0)
      return std::unexpected(sctp_error{sctp_errc::socket_error, errno, "SCTP_EVENTS"});
  }
  const int on = 1;
  if (set_option(fd, IPPROTO_SCTP, SCTP_RECVRCVINFO, on) != 0)
    return std::unexpected(sctp_error{sctp_errc::socket_error, errno, "SCTP_RECVRCVINFO"});
  if (cfg.nodelay && set_option(fd, IPPROTO_SCTP, SCTP_NODELAY, on) != 0)
    log->warn("kernel SCTP: SCTP_NODELAY: {}", std::strerror(errno));
  if (cfg.send_buffer_bytes != 0) {
    const int size = static_cast<int>(cfg.send_buffer_bytes);
    if (set_option(fd, SOL_SOCKET, SO_SNDBUF, size) != 0) log->warn("kernel SCTP: SO_SNDBUF: {}", std::strerror(errno));
  }
  if (cfg.rto_initial_ms != 0 || cfg.rto_min_ms != 0 || cfg.rto_max_ms != 0) {
    sctp_rtoinfo rto{};  // 0 leaves a value unchanged
    rto.srto_initial = cfg.rto_initial_ms;
    rto.srto_min = cfg.rto_min_ms;
    rto.srto_max = cfg.rto_max_ms;
    if (set_option(fd, IPPROTO_SCTP, SCTP_RTOINFO, rto) != 0)
      log->warn("kernel SCTP: SCTP_RTOINFO: {}", std::strerror(errno));
  }
  if (cfg.max_retransmissions != 0) {
    sctp_assocparams ap{};  // 0 leaves a value unchanged
    ap.sasoc_asocmaxrxt = cfg.max_retransmissions;
    if (set_option(fd, IPPROTO_SCTP, SCTP_ASSOCINFO, ap) != 0)
      log->warn("kernel SCTP: SCTP_ASSOCINFO: {}", std::strerror(errno));
  }
  if (cfg.heartbeat_interval_ms != 0 || cfg.max_retransmissions != 0) {
    sctp_paddrparams pp{};
    pp.spp_hbinterval = cfg.heartbeat_interval_ms;
    pp.spp_pathmaxrxt = cfg.max_retransmissions;
    pp.spp_flags = cfg.heartbeat_interval_ms != 0 ? SPP_HB_ENABLE : 0;
    if (set_option(fd, IPPROTO_SCTP, SCTP_PEER_ADDR_PARAMS, pp) != 0)
      log->warn("kernel SCTP: SCTP_PEER_ADDR_PARAMS: {}", std::strerror(errno));
  }
  return {};
}

std::optional<sctp_endpoint> sock_name(int fd) {
  sockaddr_buffer b;
  b.length = sizeof b.storage;
  if (::getsockname(fd, b.get(), &b.length) != 0) return std::nullopt;
  return from_sockaddr(b.get());
}

int open_socket(const sctp_endpoint& like) {
  return ::socket(like.address.is_v6() ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_SCTP);
}

sctp_error unavailable(int err) {
  return sctp_error{sctp_errc::backend_unavailable, err,
                    "kernel SCTP socket (is the sctp module loaded? backend: auto falls back to usrsctp)"};
}

class kernel_association final : public association_base {
 public:
  kernel_association(asio::io_context& io, const sctp_config& cfg, sctp_association_notifier& notifier,
                     std::shared_ptr<sctp_pcap_mirror> mirror, int fd, sctp_endpoint local, sctp_endpoint remote)
      : association_base(io, cfg, notifier, kernel_name, std::move(mirror)), fd_(io, fd), rx_(receive_buffer_size) {
    local_ = local;
    remote_ = remote;
  }

  ~kernel_association() override {
    if (fd_.is_open()) release_stack(/*graceful=*/true);
  }

  void start() { wait_readable(); }

  void adopt_accepted() {
    sctp_status status{};
    socklen_t len = sizeof status;
    if (::getsockopt(fd_.native_handle(), IPPROTO_SCTP, SCTP_STATUS, &status, &len) == 0)
      handle_up(status.sstat_outstrms, status.sstat_instrms);
  }

 private:
  std::weak_ptr<kernel_association> weak_self() {
    return std::static_pointer_cast<kernel_association>(shared_from_this());
  }

  void wait_readable() {
    fd_.async_wait(asio::posix::stream_descriptor::wait_read, [w = weak_self()](const asio::error_code& ec) {
      if (ec) return;  // cancelled: the association ended
      if (auto self = w.lock()) self->on_readable();
    });
  }

  void on_readable() {
    for (int i = 0; i < max_reads_per_wakeup && !ended(); ++i) {
      std::array<char, CMSG_SPACE(sizeof(sctp_rcvinfo))> control{};
      iovec iov{rx_.data(), rx_.size()};
      msghdr msg{};
      msg.msg_iov = &iov;
      msg.msg_iovlen = 1;
      msg.msg_control = control.data();
      msg.msg_controllen = control.size();
      const ssize_t n = ::recvmsg(fd_.native_handle(), &msg, MSG_DONTWAIT);
      if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) break;
        log_->info("association {} ({}): receive failed: {}", id(), remote_.to_string(), std::strerror(errno));
        handle_down(sctp_down_reason::communication_lost);
        return;
      }
      if (n == 0) {  // end of file: the association is gone
        handle_down(sctp_down_reason::peer_shutdown);
        return;
      }
      const std::span<const std::uint8_t> bytes(rx_.data(), static_cast<std::size_t>(n));
      if ((msg.msg_flags & MSG_NOTIFICATION) != 0) {
        on_notification(bytes);
        continue;
      }
      sctp_rcvinfo info{};
      for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level == IPPROTO_SCTP && c->cmsg_type == SCTP_RCVINFO && c->cmsg_len >= CMSG_LEN(sizeof info))
          std::memcpy(&info, CMSG_DATA(c), sizeof info);
      }
      const std::uint32_t ppid = ntohl(info.rcv_ppid);
      if ((msg.msg_flags & MSG_EOR) == 0 || !partial_.empty()) {
        partial_.insert(partial_.end(), bytes.begin(), bytes.end());
        if ((msg.msg_flags & MSG_EOR) == 0) continue;
        std::vector<std::uint8_t> whole;
        whole.swap(partial_);
        count_reassembled();
        handle_message(info.rcv_sid, ppid, info.rcv_tsn, info.rcv_ssn, whole);
      } else {
        handle_message(info.rcv_sid, ppid, info.rcv_tsn, info.rcv_ssn, bytes);
      }
    }
    if (!ended()) wait_readable();
  }

  void on_notification(std::span<const std::uint8_t> bytes) {
    decltype(sctp_notification::sn_header) header{};
    if (bytes.size() < sizeof header) return count_notification(true);
    std::memcpy(&header, bytes.data(), sizeof header);
    count_notification(false);
    switch (header.sn_type) {
      case SCTP_ASSOC_CHANGE: {
        sctp_assoc_change change{};
        if (bytes.size() < sizeof change) return count_notification(true);
        std::memcpy(&change, bytes.data(), sizeof change);
        switch (change.sac_state) {
          case SCTP_COMM_UP:
            if (auto l = sock_name(fd_.native_handle())) local_ = *l;
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
        log_->warn("association {} ({}): the kernel could not deliver a message", id(), remote_.to_string());
        break;
      default:
        break;
    }
  }

  push_status push_to_stack(std::uint16_t stream, std::uint32_t ppid, std::span<const std::uint8_t> bytes,
                            int& err) override {
    if (!fd_.is_open()) {
      err = ENOTCONN;
      return push_status::failed;
    }
    std::array<char, CMSG_SPACE(sizeof(sctp_sndinfo))> control{};
    iovec iov{const_cast<std::uint8_t*>(bytes.data()), bytes.size()};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.data();
    msg.msg_controllen = control.size();
    cmsghdr* c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = IPPROTO_SCTP;
    c->cmsg_type = SCTP_SNDINFO;
    c->cmsg_len = CMSG_LEN(sizeof(sctp_sndinfo));
    sctp_sndinfo info{};
    info.snd_sid = stream;
    info.snd_ppid = htonl(ppid);  // opaque to the stack: it goes on the wire as given
    std::memcpy(CMSG_DATA(c), &info, sizeof info);
    if (::sendmsg(fd_.native_handle(), &msg, MSG_DONTWAIT | MSG_NOSIGNAL) >= 0) return push_status::sent;
    err = errno;
    return (err == EAGAIN || err == EWOULDBLOCK) ? push_status::would_block : push_status::failed;
  }

  void want_send_space() override {
    if (waiting_writable_ || !fd_.is_open()) return;
    waiting_writable_ = true;
    fd_.async_wait(asio::posix::stream_descriptor::wait_write, [w = weak_self()](const asio::error_code& ec) {
      if (ec) return;
      if (auto self = w.lock()) {
        self->waiting_writable_ = false;
        self->handle_send_space();
      }
    });
  }

  void release_stack(bool graceful) override {
    if (!fd_.is_open()) return;
    if (!graceful) {
      linger l{};
      l.l_onoff = 1;  // linger 0: close() sends ABORT
      set_option(fd_.native_handle(), SOL_SOCKET, SO_LINGER, l);
    }
    asio::error_code ignored;
    fd_.cancel(ignored);
    fd_.close(ignored);  // graceful: the kernel completes SHUTDOWN after delivering queued data
  }

  asio::posix::stream_descriptor fd_;
  std::vector<std::uint8_t> rx_;
  std::vector<std::uint8_t> partial_;
  bool waiting_writable_ = false;
};

class kernel_server_impl final : public std::enable_shared_from_this<kernel_server_impl> {
 public:
  kernel_server_impl(asio::io_context& io, const sctp_config& cfg, sctp_association_notifier& notifier, int fd,
                     sctp_endpoint local)
      : io_(io), cfg_(cfg), notifier_(notifier), log_(log::get("transport.sctp")), fd_(io, fd), local_(local) {}

  void start() { wait_acceptable(); }

  void close() {
    if (fd_.is_open()) {
      asio::error_code ignored;
      fd_.cancel(ignored);
      fd_.close(ignored);
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
  void wait_acceptable() {
    fd_.async_wait(asio::posix::stream_descriptor::wait_read, [w = weak_from_this()](const asio::error_code& ec) {
      if (ec) return;
      if (auto self = w.lock()) self->accept_all();
    });
  }

  void accept_all() {
    for (int i = 0; i < 1024 && fd_.is_open(); ++i) {
      sockaddr_buffer peer;
      peer.length = sizeof peer.storage;
      const int child = ::accept4(fd_.native_handle(), peer.get(), &peer.length, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (child < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR && errno != ECONNABORTED)
          log_->warn("SCTP server {}: accept: {}", local_.to_string(), std::strerror(errno));
        break;
      }
      auto remote = from_sockaddr(peer.get()).value_or(sctp_endpoint{});
      auto local = sock_name(child).value_or(local_);
      auto a = std::make_shared<kernel_association>(io_, cfg_, notifier_, mirror_, child, local, remote);
      associations_.emplace(a->id(), a);
      a->set_end_hook([self = weak_from_this()](association_base& ended) {
        if (auto s = self.lock()) s->associations_.erase(ended.id());
      });
      a->start();
      a->adopt_accepted();
    }
    if (fd_.is_open()) wait_acceptable();
  }

  asio::io_context& io_;
  const sctp_config cfg_;
  sctp_association_notifier& notifier_;
  std::shared_ptr<spdlog::logger> log_;
  asio::posix::stream_descriptor fd_;
  sctp_endpoint local_;
  std::shared_ptr<sctp_pcap_mirror> mirror_;
  std::map<std::uint64_t, std::shared_ptr<kernel_association>> associations_;
};

class kernel_server final : public sctp_server {
 public:
  explicit kernel_server(std::shared_ptr<kernel_server_impl> impl) : impl_(std::move(impl)) {}
  ~kernel_server() override { impl_->close(); }
  sctp_endpoint local_endpoint() const override { return impl_->local(); }
  std::size_t association_count() const noexcept override { return impl_->count(); }
  void close() override { impl_->close(); }
  void set_pcap_mirror(std::shared_ptr<sctp_pcap_mirror> mirror) override { impl_->set_mirror(std::move(mirror)); }

 private:
  std::shared_ptr<kernel_server_impl> impl_;
};

}  // namespace

sctp_result<std::unique_ptr<sctp_server>> kernel_listen(asio::io_context& io, const sctp_config& cfg,
                                                        const sctp_endpoint& local,
                                                        sctp_association_notifier& notifier) {
  const int fd = open_socket(local);
  if (fd < 0) return std::unexpected(unavailable(errno));
  auto fail = [&](sctp_error e) -> sctp_result<std::unique_ptr<sctp_server>> {
    ::close(fd);
    return std::unexpected(std::move(e));
  };
  if (auto ok = configure(fd, cfg); !ok) return fail(ok.error());
  const int on = 1;
  set_option(fd, SOL_SOCKET, SO_REUSEADDR, on);  // a restarted server must get its port back at once
  auto addr = to_sockaddr(local);
  if (::bind(fd, addr.get(), addr.length) != 0)
    return fail(sctp_error{sctp_errc::address_error, errno, fmt::format("bind {}", local.to_string())});
  if (::listen(fd, 1024) != 0)
    return fail(sctp_error{sctp_errc::socket_error, errno, fmt::format("listen {}", local.to_string())});
  auto bound = sock_name(fd).value_or(local);
  auto impl = std::make_shared<kernel_server_impl>(io, cfg, notifier, fd, bound);
  impl->start();
  log::get("transport.sctp")->info("SCTP server listening on {} (kernel)", bound.to_string());
  return std::make_unique<kernel_server>(std::move(impl));
}

sctp_result<std::shared_ptr<sctp_association>> kernel_connect(asio::io_context& io, const sctp_config& cfg,
                                                              const connect_request& req,
                                                              sctp_association_notifier& notifier) {
  const int fd = open_socket(req.remote);
  if (fd < 0) return std::unexpected(unavailable(errno));
  auto fail = [&](sctp_error e) -> sctp_result<std::shared_ptr<sctp_association>> {
    ::close(fd);
    return std::unexpected(std::move(e));
  };
  if (auto ok = configure(fd, cfg); !ok) return fail(ok.error());
  if (req.local) {
    auto addr = to_sockaddr(*req.local);
    if (::bind(fd, addr.get(), addr.length) != 0)
      return fail(sctp_error{sctp_errc::address_error, errno, fmt::format("bind {}", req.local->to_string())});
  }
  auto addr = to_sockaddr(req.remote);
  if (::connect(fd, addr.get(), addr.length) != 0 && errno != EINPROGRESS)
    return fail(sctp_error{sctp_errc::socket_error, errno, fmt::format("connect {}", req.remote.to_string())});
  auto local = sock_name(fd).value_or(req.local.value_or(sctp_endpoint{}));
  auto a = std::make_shared<kernel_association>(io, cfg, notifier, req.mirror, fd, local, req.remote);
  a->start();
  return a;
}

}  // namespace meridian::transport::detail
