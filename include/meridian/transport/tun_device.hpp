#pragma once
// A Linux TUN interface (IFF_TUN | IFF_NO_PI: every read and write is one bare
// IP packet) for the UPF's N6 side and the UE emulator's PDU sessions.
//
// Optionally with IFF_VNET_HDR and TUNSETOFFLOAD: the kernel then prefixes
// each packet with a virtio_net_hdr and may hand over a GSO super-packet (up
// to 64 KiB of one TCP or UDP flow) in a single read, and may leave its
// transport checksum to be completed — whoever forwards such a packet must
// segment it and complete the checksum (see the header's fields). Kernels
// without these features are detected and the device works without them.
//
// Creating an interface needs CAP_NET_ADMIN in the network namespace; without
// it open() returns tun_errc::permission_denied with a message that says what
// to do. The file descriptor is non-blocking, for poll/epoll or Asio. The
// interface lives as long as the tun_device (it is not made persistent), so
// nothing is left behind when the process ends.

#include <array>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace meridian::transport {

enum class tun_errc : std::uint8_t {
  permission_denied,  ///< no CAP_NET_ADMIN (or /dev/net/tun not accessible)
  no_tun_support,     ///< no /dev/net/tun or no tun driver in the kernel
  invalid_name,       ///< empty is allowed (the kernel picks "tunN"); too long or bad characters are not
  busy,               ///< the name is taken by an interface of another kind or a busy TUN
  invalid_argument,   ///< e.g. a prefix length over 32, an MTU the kernel refuses
  system,             ///< any other refusal; see sys_errno_
};

struct tun_error {
  tun_errc code_ = tun_errc::system;
  std::string_view operation_ = {};
  int sys_errno_ = 0;
  std::string detail_ = {};
  /// What failed, why, and for permission problems what to do about it.
  std::string message() const;
};

struct tun_ipv4_address {
  std::array<std::uint8_t, 4> address_{};
  std::uint8_t prefix_length_ = 24;
};

struct tun_config {
  std::string name_ = {};  ///< interface name; empty: the kernel chooses
  std::optional<tun_ipv4_address> ipv4_{};
  std::optional<unsigned> mtu_{};
  bool up_ = true;
  /// Ask for IFF_VNET_HDR and checksum/TSO/USO offloads; fall back silently.
  bool try_offloads_ = false;
  /// IFF_MULTI_QUEUE: open the same name again (with this set) for one more
  /// queue, one per data-path worker; the interface lives until the last closes.
  bool multi_queue_ = false;
};

/// The virtio_net_hdr the kernel puts before each packet when offloads are on.
struct gso_info {
  static constexpr std::uint8_t gso_none = 0;
  static constexpr std::uint8_t gso_tcpv4 = 1;
  static constexpr std::uint8_t gso_udp = 3;
  static constexpr std::uint8_t gso_tcpv6 = 4;
  static constexpr std::uint8_t gso_udp_l4 = 5;

  bool needs_checksum_ = false;  ///< checksum at checksum_start_ + checksum_offset_ is partial
  std::uint8_t gso_type_ = gso_none;
  std::uint16_t header_length_ = 0;  ///< bytes of headers before the payload to segment
  std::uint16_t gso_size_ = 0;       ///< payload bytes per segment
  std::uint16_t checksum_start_ = 0;
  std::uint16_t checksum_offset_ = 0;
};

struct tun_packet {
  std::span<std::uint8_t> packet_{};  ///< the IP packet (after the virtio header, if any)
  gso_info gso_{};                    ///< all zero without offloads
};

/// Which offloads the kernel accepted.
struct tun_offloads {
  bool vnet_header_ = false;
  bool checksum_ = false;
  bool tso_ = false;
  bool uso_ = false;  ///< UDP segmentation (Linux 6.2)
};

class tun_device {
 public:
  static std::expected<tun_device, tun_error> open(const tun_config& cfg);

  tun_device(tun_device&& other) noexcept;
  tun_device& operator=(tun_device&& other) noexcept;
  tun_device(const tun_device&) = delete;
  tun_device& operator=(const tun_device&) = delete;
  ~tun_device();

  int native_handle() const noexcept { return fd_; }
  const std::string& name() const noexcept { return name_; }
  const tun_offloads& offloads() const noexcept { return offloads_; }

  std::expected<void, tun_error> set_ipv4(const tun_ipv4_address& a);
  std::expected<void, tun_error> set_mtu(unsigned mtu);
  std::expected<void, tun_error> set_up(bool up);

  /// Reads one packet into `buffer` (give 65 KiB + 10 with offloads on).
  /// Nothing when none is waiting.
  std::expected<std::optional<tun_packet>, tun_error> read(std::span<std::uint8_t> buffer) noexcept;
  /// Writes one IP packet; false when the device queue is full (try later).
  std::expected<bool, tun_error> write(std::span<const std::uint8_t> packet) noexcept;
  /// Writes a packet with its virtio header: a GSO super-packet the kernel
  /// segments, or a partial checksum it completes. Needs offloads().vnet_header_
  /// (invalid_argument otherwise).
  std::expected<bool, tun_error> write(std::span<const std::uint8_t> packet, const gso_info& gso) noexcept;

 private:
  tun_device() = default;
  void close() noexcept;

  int fd_ = -1;
  std::string name_{};
  tun_offloads offloads_{};
};

}  // namespace meridian::transport
