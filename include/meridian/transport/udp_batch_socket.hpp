#pragma once
// A UDP/IPv4 socket for the user plane (N3/N9 GTP-U, N4 PFCP): datagrams move
// in batches — one recvmmsg(2)/sendmmsg(2) per batch — through buffers
// allocated once when the socket opens, so a packet costs no allocation and a
// fraction of a system call. Where the kernel offers them it also uses
//  - UDP GRO (UDP_GRO, Linux 5.0): the kernel hands over several datagrams of
//    one flow as one buffer, with their segment size in a control message;
//  - UDP GSO (UDP_SEGMENT, Linux 4.18): one send carries many equal-sized
//    datagrams, which the kernel (or the NIC) cuts up;
// and detects at open() whether it has them, falling back to plain batches.
// SO_REUSEPORT lets each data-path worker open its own socket on the same port
// so the kernel spreads flows over the workers (DESIGN.md, Runtime).
//
// The socket is non-blocking: wait for readability with poll/epoll or Asio on
// native_handle(), then drain with receive_batch() until it returns nothing.
// Not thread-safe: one socket per worker.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "meridian/common/ip_framing.hpp"

namespace meridian::transport {

struct udp_socket_error {
  std::string_view operation_ = {};  ///< the call that failed ("bind", "setsockopt(SO_REUSEPORT)")
  int sys_errno_ = 0;
  std::string detail_ = {};  ///< e.g. the address
  /// "bind 127.0.0.1:2152: Address already in use"
  std::string message() const;
};

struct udp_batch_config {
  ipv4_endpoint bind_{{127, 0, 0, 1}, 0};  ///< port 0: the kernel chooses
  std::size_t batch_size_ = 64;            ///< datagrams per system call
  std::size_t datagram_size_ = 2048;       ///< receive slot size without GRO
  bool reuse_port_ = false;                ///< SO_REUSEPORT, for one socket per worker
  bool try_gro_ = true;                    ///< ask for UDP GRO if the kernel has it
  bool try_gso_ = true;                    ///< use UDP GSO if the kernel has it (false: always split trains)
  std::size_t gro_buffer_size_ = 65535;    ///< receive slot size with GRO (one coalesced burst)
  int receive_buffer_bytes_ = 0;           ///< SO_RCVBUF(FORCE when privileged); 0 leaves the kernel default
  int send_buffer_bytes_ = 0;              ///< SO_SNDBUF(FORCE when privileged); 0 leaves the kernel default
};

/// One received buffer. With GRO it may hold several datagrams of the same
/// flow back to back, each `segment_size_` octets except possibly the last.
struct received_datagram {
  std::span<const std::uint8_t> data_{};
  ipv4_endpoint peer_{};
  std::uint16_t segment_size_ = 0;  ///< 0: one datagram
  bool truncated_ = false;          ///< larger than the slot; the tail was lost

  std::size_t segment_count() const noexcept {
    return segment_size_ == 0 || data_.empty() ? 1 : (data_.size() + segment_size_ - 1) / segment_size_;
  }
  /// The i-th original datagram (i < segment_count()).
  std::span<const std::uint8_t> segment(std::size_t i) const noexcept {
    if (segment_size_ == 0) return data_;
    const std::size_t at = i * segment_size_;
    if (at >= data_.size()) return {};
    return data_.subspan(at, std::min<std::size_t>(segment_size_, data_.size() - at));
  }
};

/// One datagram to send; with `segment_size_` > 0 (and gso_supported()) `data_`
/// is a train of datagrams of that size that one send carries (UDP GSO). The
/// bytes must stay valid for the duration of send_batch().
struct outgoing_datagram {
  std::span<const std::uint8_t> data_{};
  ipv4_endpoint peer_{};
  std::uint16_t segment_size_ = 0;
};

struct send_outcome {
  /// Entries of the input handled (sent or dropped); resume from here after would_block_.
  /// (Without GSO a train is sent as separate datagrams; if the socket fills up
  /// in the middle of one, its first datagrams are already out.)
  std::size_t consumed_ = 0;
  std::size_t sent_ = 0;      ///< datagrams on the wire, a GSO train counting its segments
  std::size_t dropped_ = 0;   ///< refused for good (e.g. EMSGSIZE, ECONNREFUSED): skipped
  bool would_block_ = false;  ///< the socket buffer is full; the rest were not sent
  int last_errno_ = 0;        ///< of the last refusal
};

class udp_batch_socket {
 public:
  static std::expected<udp_batch_socket, udp_socket_error> open(const udp_batch_config& cfg);

  udp_batch_socket(udp_batch_socket&& other) noexcept;
  udp_batch_socket& operator=(udp_batch_socket&& other) noexcept;
  udp_batch_socket(const udp_batch_socket&) = delete;
  udp_batch_socket& operator=(const udp_batch_socket&) = delete;
  ~udp_batch_socket();

  int native_handle() const noexcept { return fd_; }
  /// The bound address, with the port the kernel chose.
  ipv4_endpoint local_endpoint() const noexcept { return local_; }
  bool gro_enabled() const noexcept { return gro_; }
  bool gso_supported() const noexcept { return gso_; }
  std::size_t batch_size() const noexcept { return batch_; }

  /// Receives what is waiting, up to batch_size() buffers, in one system call.
  /// The result (and the bytes it points to) stays valid until the next call.
  /// Empty when nothing is waiting.
  std::expected<std::span<const received_datagram>, udp_socket_error> receive_batch() noexcept;

  /// Sends `datagrams` in as few system calls as the batch size allows.
  send_outcome send_batch(std::span<const outgoing_datagram> datagrams) noexcept;

  /// Datagrams lost to truncation since the socket opened (slot too small).
  std::uint64_t truncated_count() const noexcept { return truncated_; }

 private:
  udp_batch_socket() = default;
  void close() noexcept;

  int fd_ = -1;
  ipv4_endpoint local_{};
  bool gro_ = false;
  bool gso_ = false;
  std::size_t batch_ = 0;
  std::size_t slot_size_ = 0;
  std::uint64_t truncated_ = 0;

  // Everything a batch needs — slots, iovecs, addresses, control buffers,
  // mmsghdr arrays — allocated once in open(), on the heap so that the
  // pointers between them survive moving the socket.
  struct batch_buffers;
  std::unique_ptr<batch_buffers> buffers_{};
};

}  // namespace meridian::transport
