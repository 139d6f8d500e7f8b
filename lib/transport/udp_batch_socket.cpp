// Batched UDP over recvmmsg/sendmmsg with GRO/GSO where the kernel has them;
// see udp_batch_socket.hpp.

#include "meridian/transport/udp_batch_socket.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>
#include <utility>

#include <fmt/format.h>

namespace meridian::transport {

namespace {

/// Room for one int-sized control message (UDP_GRO gives an int, UDP_SEGMENT takes a u16).
struct alignas(cmsghdr) control_buffer {
  std::uint8_t bytes_[CMSG_SPACE(sizeof(int))];
};

sockaddr_in to_sockaddr(const ipv4_endpoint& e) noexcept {
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_port = htons(e.port);
  std::memcpy(&sin.sin_addr, e.address.data(), 4);
  return sin;
}

ipv4_endpoint from_sockaddr(const sockaddr_in& sin) noexcept {
  ipv4_endpoint e;
  std::memcpy(e.address.data(), &sin.sin_addr, 4);
  e.port = ntohs(sin.sin_port);
  return e;
}

std::string endpoint_text(const ipv4_endpoint& e) {
  return fmt::format("{}.{}.{}.{}:{}", e.address[0], e.address[1], e.address[2], e.address[3], e.port);
}

std::unexpected<udp_socket_error> fail(std::string_view op, int err, std::string detail = {}) {
  return std::unexpected(udp_socket_error{op, err, std::move(detail)});
}

bool is_transient(int err) noexcept { return err == EAGAIN || err == EWOULDBLOCK || err == ENOBUFS; }

}  // namespace

std::string udp_socket_error::message() const {
  std::string text(operation_);
  if (!detail_.empty()) text += " " + detail_;
  if (sys_errno_ != 0) text += ": " + std::system_category().message(sys_errno_);
  return text;
}

struct udp_batch_socket::batch_buffers {
  std::vector<std::uint8_t> rx_storage_;
  std::vector<mmsghdr> rx_msgs_;
  std::vector<iovec> rx_iov_;
  std::vector<sockaddr_in> rx_addr_;
  std::vector<control_buffer> rx_control_;
  std::vector<received_datagram> received_;

  std::vector<mmsghdr> tx_msgs_;
  std::vector<iovec> tx_iov_;
  std::vector<sockaddr_in> tx_addr_;
  std::vector<control_buffer> tx_control_;
  std::vector<std::uint32_t> tx_segments_;  ///< wire datagrams each tx message stands for
  std::vector<std::uint32_t> tx_source_;    ///< index into the caller's input
};

std::expected<udp_batch_socket, udp_socket_error> udp_batch_socket::open(const udp_batch_config& cfg) {
  if (cfg.batch_size_ == 0 || cfg.datagram_size_ == 0)
    return fail("open", EINVAL, "(batch and datagram sizes must be positive)");

  udp_batch_socket s;
  s.fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (s.fd_ < 0) return fail("socket", errno);

  const int one = 1;
  if (cfg.reuse_port_ && ::setsockopt(s.fd_, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0)
    return fail("setsockopt(SO_REUSEPORT)", errno);
  // With CAP_NET_ADMIN the *FORCE options pass net.core.[rw]mem_max (often
  // 208 KiB, three GRO buffers); without it the plain option is capped there.
  const auto buffer = [&](int force, int plain, int bytes) {
    return ::setsockopt(s.fd_, SOL_SOCKET, force, &bytes, sizeof bytes) == 0 ||
           ::setsockopt(s.fd_, SOL_SOCKET, plain, &bytes, sizeof bytes) == 0;
  };
  if (cfg.receive_buffer_bytes_ > 0 && !buffer(SO_RCVBUFFORCE, SO_RCVBUF, cfg.receive_buffer_bytes_))
    return fail("setsockopt(SO_RCVBUF)", errno);
  if (cfg.send_buffer_bytes_ > 0 && !buffer(SO_SNDBUFFORCE, SO_SNDBUF, cfg.send_buffer_bytes_))
    return fail("setsockopt(SO_SNDBUF)", errno);

  const sockaddr_in bind_address = to_sockaddr(cfg.bind_);
  if (::bind(s.fd_, reinterpret_cast<const sockaddr*>(&bind_address), sizeof bind_address) != 0)
    return fail("bind", errno, endpoint_text(cfg.bind_));
  sockaddr_in bound{};
  socklen_t bound_length = sizeof bound;
  if (::getsockname(s.fd_, reinterpret_cast<sockaddr*>(&bound), &bound_length) != 0) return fail("getsockname", errno);
  s.local_ = from_sockaddr(bound);

  // Feature detection by asking: an older kernel answers ENOPROTOOPT and the
  // socket works without the feature.
  s.gro_ = cfg.try_gro_ && ::setsockopt(s.fd_, IPPROTO_UDP, UDP_GRO, &one, sizeof one) == 0;
  const int no_segment = 0;
  s.gso_ = cfg.try_gso_ && ::setsockopt(s.fd_, IPPROTO_UDP, UDP_SEGMENT, &no_segment, sizeof no_segment) == 0;

  s.batch_ = cfg.batch_size_;
  s.slot_size_ = s.gro_ ? std::max(cfg.gro_buffer_size_, cfg.datagram_size_) : cfg.datagram_size_;
  auto b = std::make_unique<batch_buffers>();
  const std::size_t n = s.batch_;
  b->rx_storage_.resize(n * s.slot_size_);
  b->rx_msgs_.resize(n);
  b->rx_iov_.resize(n);
  b->rx_addr_.resize(n);
  b->rx_control_.resize(n);
  b->received_.resize(n);
  b->tx_msgs_.resize(n);
  b->tx_iov_.resize(n);
  b->tx_addr_.resize(n);
  b->tx_control_.resize(n);
  b->tx_segments_.resize(n);
  b->tx_source_.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    b->rx_iov_[i] = iovec{b->rx_storage_.data() + i * s.slot_size_, s.slot_size_};
    msghdr& h = b->rx_msgs_[i].msg_hdr;
    h = msghdr{};
    h.msg_name = &b->rx_addr_[i];
    h.msg_iov = &b->rx_iov_[i];
    h.msg_iovlen = 1;
    msghdr& t = b->tx_msgs_[i].msg_hdr;
    t = msghdr{};
    t.msg_name = &b->tx_addr_[i];
    t.msg_namelen = sizeof(sockaddr_in);
    t.msg_iov = &b->tx_iov_[i];
    t.msg_iovlen = 1;
  }
  s.buffers_ = std::move(b);
  return s;
}

udp_batch_socket::udp_batch_socket(udp_batch_socket&& other) noexcept { *this = std::move(other); }

udp_batch_socket& udp_batch_socket::operator=(udp_batch_socket&& other) noexcept {
  if (this == &other) return *this;
  close();
  fd_ = std::exchange(other.fd_, -1);
  local_ = other.local_;
  gro_ = other.gro_;
  gso_ = other.gso_;
  batch_ = other.batch_;
  slot_size_ = other.slot_size_;
  truncated_ = other.truncated_;
  buffers_ = std::move(other.buffers_);
  return *this;
}

udp_batch_socket::~udp_batch_socket() { close(); }

void udp_batch_socket::close() noexcept {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

std::expected<std::span<const received_datagram>, udp_socket_error> udp_batch_socket::receive_batch() noexcept {
  if (!buffers_) return fail("recvmmsg", EBADF, "(socket was moved from)");
  batch_buffers& b = *buffers_;
  const std::size_t n = batch_;
  // The kernel overwrites the lengths on every call; restore them.
  for (std::size_t i = 0; i < n; ++i) {
    msghdr& h = b.rx_msgs_[i].msg_hdr;
    h.msg_namelen = sizeof(sockaddr_in);
    h.msg_control = gro_ ? b.rx_control_[i].bytes_ : nullptr;
    h.msg_controllen = gro_ ? sizeof(control_buffer) : 0;
    h.msg_flags = 0;
    b.rx_iov_[i].iov_len = slot_size_;
  }
  int r = -1;
  for (int attempt = 0; attempt < 8; ++attempt) {  // bounded retry on signals
    r = ::recvmmsg(fd_, b.rx_msgs_.data(), static_cast<unsigned>(n), MSG_DONTWAIT, nullptr);
    if (r >= 0 || errno != EINTR) break;
  }
  if (r < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return std::span<const received_datagram>{};
    return fail("recvmmsg", errno);
  }
  for (int i = 0; i < r; ++i) {
    const msghdr& h = b.rx_msgs_[i].msg_hdr;
    received_datagram& d = b.received_[i];
    const std::size_t length = std::min<std::size_t>(b.rx_msgs_[i].msg_len, slot_size_);
    d.data_ = std::span<const std::uint8_t>(b.rx_storage_.data() + i * slot_size_, length);
    d.peer_ = from_sockaddr(b.rx_addr_[i]);
    d.truncated_ = (h.msg_flags & MSG_TRUNC) != 0;
    if (d.truncated_) ++truncated_;
    d.segment_size_ = 0;
    if (gro_) {
      for (cmsghdr* c = CMSG_FIRSTHDR(&h); c != nullptr; c = CMSG_NXTHDR(const_cast<msghdr*>(&h), c)) {
        if (c->cmsg_level == IPPROTO_UDP && c->cmsg_type == UDP_GRO && c->cmsg_len >= CMSG_LEN(sizeof(int))) {
          int size = 0;
          std::memcpy(&size, CMSG_DATA(c), sizeof size);
          if (size > 0 && static_cast<std::size_t>(size) < length) d.segment_size_ = static_cast<std::uint16_t>(size);
        }
      }
    }
  }
  return std::span<const received_datagram>(b.received_.data(), static_cast<std::size_t>(r));
}

send_outcome udp_batch_socket::send_batch(std::span<const outgoing_datagram> datagrams) noexcept {
  send_outcome out;
  if (!buffers_) {
    out.dropped_ = datagrams.size();
    out.last_errno_ = EBADF;
    out.consumed_ = datagrams.size();
    return out;
  }
  batch_buffers& b = *buffers_;
  std::size_t next = 0;         // input entry being queued
  std::size_t next_offset = 0;  // within it, when a train is split for lack of GSO

  while (next < datagrams.size()) {
    // Fill one batch of messages.
    std::size_t count = 0;
    while (count < batch_ && next < datagrams.size()) {
      const outgoing_datagram& d = datagrams[next];
      msghdr& h = b.tx_msgs_[count].msg_hdr;
      b.tx_addr_[count] = to_sockaddr(d.peer_);
      h.msg_control = nullptr;
      h.msg_controllen = 0;
      h.msg_flags = 0;
      b.tx_source_[count] = static_cast<std::uint32_t>(next);
      const std::size_t seg = d.segment_size_;
      if (seg == 0 || d.data_.size() <= seg) {
        b.tx_iov_[count] = iovec{const_cast<std::uint8_t*>(d.data_.data()), d.data_.size()};
        b.tx_segments_[count] = 1;
        ++next;
      } else if (gso_) {
        b.tx_iov_[count] = iovec{const_cast<std::uint8_t*>(d.data_.data()), d.data_.size()};
        std::memset(b.tx_control_[count].bytes_, 0, sizeof(control_buffer));
        h.msg_control = b.tx_control_[count].bytes_;
        h.msg_controllen = CMSG_SPACE(sizeof(std::uint16_t));
        cmsghdr* c = CMSG_FIRSTHDR(&h);
        c->cmsg_level = IPPROTO_UDP;
        c->cmsg_type = UDP_SEGMENT;
        c->cmsg_len = CMSG_LEN(sizeof(std::uint16_t));
        const auto size16 = static_cast<std::uint16_t>(seg);
        std::memcpy(CMSG_DATA(c), &size16, sizeof size16);
        b.tx_segments_[count] = static_cast<std::uint32_t>((d.data_.size() + seg - 1) / seg);
        ++next;
      } else {
        // No GSO: the train goes out as separate datagrams, one message each.
        const std::size_t len = std::min(seg, d.data_.size() - next_offset);
        b.tx_iov_[count] = iovec{const_cast<std::uint8_t*>(d.data_.data() + next_offset), len};
        b.tx_segments_[count] = 1;
        next_offset += len;
        if (next_offset >= d.data_.size()) {
          next_offset = 0;
          ++next;
        }
      }
      ++count;
    }

    // Send it; each pass either sends something, drops one message, or stops.
    std::size_t done = 0;
    int interrupted = 0;
    while (done < count) {
      const int r = ::sendmmsg(fd_, b.tx_msgs_.data() + done, static_cast<unsigned>(count - done), MSG_DONTWAIT);
      if (r > 0) {
        for (int i = 0; i < r; ++i) out.sent_ += b.tx_segments_[done + static_cast<std::size_t>(i)];
        done += static_cast<std::size_t>(r);
        continue;
      }
      const int err = r == 0 ? EAGAIN : errno;
      if (err == EINTR && ++interrupted < 8) continue;
      if (is_transient(err) || err == EINTR) {
        out.would_block_ = true;
        out.last_errno_ = err;
        out.consumed_ = b.tx_source_[done];
        return out;
      }
      // A refusal that concerns this message only (too big, ICMP error from
      // an earlier send to that peer): skip it and go on with the rest.
      out.dropped_ += b.tx_segments_[done];
      out.last_errno_ = err;
      ++done;
    }
  }
  out.consumed_ = datagrams.size();
  return out;
}

}  // namespace meridian::transport
