#include "usrsctp_stack.hpp"

#include <arpa/inet.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>

#include "meridian/common/log.hpp"

namespace meridian::transport::detail {

namespace {

// Events a socket's entry holds before its owner attaches: bounded, so an
// owner that never attaches cannot grow memory without bound.
constexpr std::size_t max_pending_events = 4096;

struct global_state {
  std::mutex stack_mutex;
  std::weak_ptr<usrsctp_stack> current;
  bool initialised = false;  // usrsctp_init() done, usrsctp_finish() not yet succeeded
  std::uint16_t initialised_port = 0;

  std::mutex table_mutex;
  std::unordered_map<struct socket*, std::shared_ptr<usrsctp_socket_ctx>> table;
};

// Deliberately immortal: usrsctp's threads may still call the callbacks while
// static destructors run at exit, so the routing table must never be destroyed.
global_state& globals() {
  static auto* g = new global_state;
  return *g;
}

std::shared_ptr<usrsctp_socket_ctx> find(struct socket* sock) {
  auto& g = globals();
  std::lock_guard lock(g.table_mutex);
  auto it = g.table.find(sock);
  return it == g.table.end() ? nullptr : it->second;
}

sctp_result<void> check_raw_sockets_allowed() {
  const int fd = ::socket(AF_INET, SOCK_RAW, IPPROTO_SCTP);
  if (fd < 0)
    return std::unexpected(sctp_error{sctp_errc::backend_unavailable, errno,
                                      "usrsctp over raw IP needs CAP_NET_RAW (or set sctp.encapsulation: udp)"});
  ::close(fd);
  return {};
}

// usrsctp opens its UDP socket silently and carries on if that fails; find out first.
sctp_result<void> check_udp_port_free(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) return std::unexpected(sctp_error{sctp_errc::socket_error, errno, "UDP socket"});
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_port = htons(port);
  const int rc = ::bind(fd, reinterpret_cast<const sockaddr*>(&sin), sizeof sin);
  const int err = errno;
  ::close(fd);
  if (rc != 0)
    return std::unexpected(sctp_error{sctp_errc::address_error, err, fmt::format("UDP encapsulation port {}", port)});
  return {};
}

}  // namespace

void usrsctp_socket_ctx::dispatch(usrsctp_event ev) {
  std::lock_guard lock(mutex_);
  if (detached_) return;
  if (io_ == nullptr) {
    if (pending_.size() < max_pending_events) pending_.push_back(std::move(ev));
    return;
  }
  asio::post(*io_, [sink = sink_, ev = std::move(ev)]() mutable {
    if (auto s = sink.lock()) s->on_usrsctp_event(std::move(ev));
  });
}

void usrsctp_socket_ctx::attach(asio::io_context& io, std::weak_ptr<usrsctp_event_sink> sink) {
  std::lock_guard lock(mutex_);
  io_ = &io;
  sink_ = std::move(sink);
  for (auto& ev : pending_) {
    asio::post(io, [sink = sink_, ev = std::move(ev)]() mutable {
      if (auto s = sink.lock()) s->on_usrsctp_event(std::move(ev));
    });
  }
  pending_.clear();
}

void usrsctp_socket_ctx::detach() {
  std::lock_guard lock(mutex_);
  detached_ = true;
  pending_.clear();
}

sctp_result<std::shared_ptr<usrsctp_stack>> usrsctp_stack::acquire(const sctp_config& cfg) {
  auto& g = globals();
  std::lock_guard lock(g.stack_mutex);
  const std::uint16_t wanted_port =
      cfg.encapsulation == sctp_encapsulation::udp ? cfg.udp_encapsulation_port : std::uint16_t{0};

  auto compatible = [&](std::uint16_t running_port) -> sctp_result<void> {
    // Raw IP works whatever UDP port the stack has; UDP needs the very port.
    if (wanted_port != 0 && wanted_port != running_port)
      return std::unexpected(
          sctp_error{sctp_errc::backend_unavailable, 0,
                     fmt::format("usrsctp is one stack per process and already runs with UDP encapsulation port {}; "
                                 "{} was asked for",
                                 running_port, wanted_port)});
    return {};
  };

  if (auto running = g.current.lock()) {
    if (auto ok = compatible(running->udp_port_); !ok) return std::unexpected(ok.error());
    return running;
  }
  if (g.initialised) {  // a previous usrsctp_finish() failed: the stack still runs
    if (auto ok = compatible(g.initialised_port); !ok) return std::unexpected(ok.error());
  } else {
    if (wanted_port == 0) {
      if (auto ok = check_raw_sockets_allowed(); !ok) return std::unexpected(ok.error());
    } else if (auto ok = check_udp_port_free(wanted_port); !ok) {
      return std::unexpected(ok.error());
    }
    usrsctp_init(wanted_port, nullptr, nullptr);
    // Every usrsctp stack in the network namespace (other processes', and our
    // own when two endpoints share a host) receives every raw SCTP packet. With
    // blackhole 2 a stack stays silent on packets for associations it does not
    // know instead of answering them with ABORT and killing its neighbours'.
    usrsctp_sysctl_set_sctp_blackhole(2);
    g.initialised = true;
    g.initialised_port = wanted_port;
    log::get("transport.sctp")
        ->info("usrsctp stack started ({})",
               wanted_port != 0 ? fmt::format("UDP encapsulation on port {}, raw IP where permitted", wanted_port)
                                : std::string("raw IP"));
  }
  auto stack = std::shared_ptr<usrsctp_stack>(new usrsctp_stack(g.initialised_port));
  g.current = stack;
  return stack;
}

usrsctp_stack::~usrsctp_stack() {
  auto& g = globals();
  std::lock_guard lock(g.stack_mutex);
  if (!g.initialised) return;
  // usrsctp_finish() refuses while associations are still shutting down inside
  // the stack (sockets we closed live on until SHUTDOWN completes). Wait a
  // bounded time; if it still refuses, leave the stack running for the next user.
  using namespace std::chrono;
  const auto deadline = steady_clock::now() + seconds(3);
  while (usrsctp_finish() != 0) {
    if (steady_clock::now() >= deadline) {
      log::get("transport.sctp")
          ->warn("usrsctp_finish() refused for 3 s (associations still closing); stack left running");
      return;
    }
    std::this_thread::sleep_for(milliseconds(5));
  }
  g.initialised = false;
  log::get("transport.sctp")->debug("usrsctp stack finished");
}

int usrsctp_stack::receive_callback(struct socket* sock, union sctp_sockstore /*addr*/, void* data, std::size_t datalen,
                                    struct sctp_rcvinfo rcv, int flags, void* /*ulp_info*/) {
  malloc_buffer buffer(static_cast<std::uint8_t*>(data));  // ours now, whatever happens
  // No exception may cross into usrsctp's C code; under memory exhaustion the
  // message is lost (and SCTP's reliability cannot help: it was acknowledged).
  try {
    route_received(sock, std::move(buffer), data == nullptr, datalen, rcv, flags);
  } catch (...) {
  }
  return 1;
}

void usrsctp_stack::route_received(struct socket* sock, malloc_buffer buffer, bool eof, std::size_t datalen,
                                   const struct sctp_rcvinfo& rcv, int flags) {
  auto ctx = find(sock);
  if (!ctx) return;  // a socket we already closed: drop

  usrsctp_event ev;
  if (eof) {
    ev.what = usrsctp_event::kind::eof;
  } else {
    ev.what = (flags & MSG_NOTIFICATION) != 0 ? usrsctp_event::kind::notification : usrsctp_event::kind::data;
    ev.data = std::move(buffer);
    ev.length = datalen;
    ev.stream = rcv.rcv_sid;
    ev.ssn = rcv.rcv_ssn;
    ev.ppid = ntohl(rcv.rcv_ppid);  // the PPID travels opaque, in network order
    ev.tsn = rcv.rcv_tsn;
    ev.assoc_id = rcv.rcv_assoc_id;
    ev.end_of_record = (flags & MSG_EOR) != 0;
  }
  ctx->dispatch(std::move(ev));
}

int usrsctp_stack::send_callback(struct socket* sock, std::uint32_t /*sb_free*/, void* /*ulp_info*/) {
  try {
    auto ctx = find(sock);
    // One event per "I had to queue" episode, not one per SACK.
    if (ctx && ctx->wants_send_space.exchange(false)) {
      usrsctp_event ev;
      ev.what = usrsctp_event::kind::send_space;
      ctx->dispatch(std::move(ev));
    }
  } catch (...) {  // never into usrsctp's C code
  }
  return 1;
}

void usrsctp_stack::register_socket(struct socket* sock, const std::shared_ptr<usrsctp_socket_ctx>& ctx) {
  auto& g = globals();
  std::lock_guard lock(g.table_mutex);
  g.table[sock] = ctx;
}

void usrsctp_stack::unregister_socket(struct socket* sock) {
  auto& g = globals();
  std::lock_guard lock(g.table_mutex);
  g.table.erase(sock);
}

}  // namespace meridian::transport::detail
