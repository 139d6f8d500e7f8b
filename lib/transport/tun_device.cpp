// TUN interfaces through /dev/net/tun and interface ioctls; see tun_device.hpp.

#include "meridian/transport/tun_device.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>
#include <utility>

#include <fmt/format.h>

// Linux 6.2 added UDP segmentation offload to TUN; Debian 12's headers predate it.
#ifndef TUN_F_USO4
#define TUN_F_USO4 0x20
#endif
#ifndef TUN_F_USO6
#define TUN_F_USO6 0x40
#endif

namespace meridian::transport {

namespace {

/// struct virtio_net_hdr of the virtio specification (§5.1.6), which
/// <linux/virtio_net.h> declares in a form C++ cannot include.
struct virtio_net_hdr {
  std::uint8_t flags;
  std::uint8_t gso_type;
  std::uint16_t hdr_len;
  std::uint16_t gso_size;
  std::uint16_t csum_start;
  std::uint16_t csum_offset;
};
static_assert(sizeof(virtio_net_hdr) == 10);
constexpr std::uint8_t virtio_net_hdr_f_needs_csum = 1;

std::unexpected<tun_error> fail(tun_errc code, std::string_view op, int err, std::string detail = {}) {
  return std::unexpected(tun_error{code, op, err, std::move(detail)});
}

tun_errc classify(int err) noexcept {
  switch (err) {
    case EPERM:
    case EACCES:
      return tun_errc::permission_denied;
    case ENOENT:
    case ENODEV:
    case ENXIO:
      return tun_errc::no_tun_support;
    case EBUSY:
      return tun_errc::busy;
    case EINVAL:
      return tun_errc::invalid_argument;
    default:
      return tun_errc::system;
  }
}

bool valid_name(std::string_view n) noexcept {
  if (n.empty()) return true;
  if (n.size() >= IFNAMSIZ || n == "." || n == "..") return false;
  for (char c : n)
    if (c == '/' || c == ':' || c == ' ' || c == '\t' || c == '\n' || c == '\0') return false;
  return true;
}

/// A socket to carry interface ioctls; they act in the caller's network namespace.
class control_socket {
 public:
  control_socket() noexcept : fd_(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) {}
  ~control_socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  control_socket(const control_socket&) = delete;
  control_socket& operator=(const control_socket&) = delete;
  int get() const noexcept { return fd_; }

 private:
  int fd_;
};

ifreq request_for(const std::string& name) noexcept {
  ifreq r{};
  std::memcpy(r.ifr_name, name.data(), std::min(name.size(), std::size_t{IFNAMSIZ - 1}));
  return r;
}

void put_ipv4(sockaddr* target, std::uint32_t network_order) noexcept {
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_addr.s_addr = network_order;
  std::memcpy(target, &sin, sizeof sin);
}

/// The offloads to ask for, most first; the kernel refuses a set with a bit it
/// does not know, so each refusal drops the newest feature.
constexpr unsigned offload_attempts[] = {
    TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6 | TUN_F_USO4 | TUN_F_USO6,
    TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6,
    TUN_F_CSUM,
};

}  // namespace

std::string tun_error::message() const {
  std::string text = fmt::format("{}{}{}", operation_, detail_.empty() ? "" : " ", detail_);
  if (sys_errno_ != 0) text += ": " + std::system_category().message(sys_errno_);
  switch (code_) {
    case tun_errc::permission_denied:
      text +=
          ". Creating or configuring a TUN interface needs CAP_NET_ADMIN: run as root, or grant the binary the "
          "capability (setcap cap_net_admin+ep <binary>), or have an administrator create the interface for your "
          "user (ip tuntap add dev <name> mode tun user <you>; ip addr add ... dev <name>; ip link set <name> up) "
          "and configure Meridian to attach to it by name without setting its address";
      break;
    case tun_errc::no_tun_support:
      text +=
          ". The kernel has no TUN driver or /dev/net/tun is missing: load it (modprobe tun) or create the "
          "node (mkdir -p /dev/net && mknod /dev/net/tun c 10 200)";
      break;
    case tun_errc::busy:
      text += ". The name is taken by another interface or by a TUN another process holds; choose another name";
      break;
    default:
      break;
  }
  return text;
}

std::expected<tun_device, tun_error> tun_device::open(const tun_config& cfg) {
  if (!valid_name(cfg.name_))
    return fail(tun_errc::invalid_name, "open TUN", EINVAL,
                fmt::format("'{}' (1..{} characters, no '/', ':' or spaces)", cfg.name_, IFNAMSIZ - 1));

  tun_device d;
  d.fd_ = ::open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (d.fd_ < 0) return fail(classify(errno), "open", errno, "/dev/net/tun");

  const auto attach = [&](bool vnet) {
    ifreq r = request_for(cfg.name_);
    r.ifr_flags =
        static_cast<short>(IFF_TUN | IFF_NO_PI | (vnet ? IFF_VNET_HDR : 0) | (cfg.multi_queue_ ? IFF_MULTI_QUEUE : 0));
    const int rc = ::ioctl(d.fd_, TUNSETIFF, &r);
    if (rc == 0) d.name_ = std::string(r.ifr_name, ::strnlen(r.ifr_name, IFNAMSIZ));
    return rc == 0 ? 0 : errno;
  };
  int err = attach(cfg.try_offloads_);
  if (err == EINVAL && cfg.try_offloads_)
    err = attach(false);  // a TUN without IFF_VNET_HDR support
  else if (err == 0 && cfg.try_offloads_)
    d.offloads_.vnet_header_ = true;
  if (err != 0) return fail(classify(err), "TUNSETIFF", err, fmt::format("'{}'", cfg.name_));

  if (d.offloads_.vnet_header_) {
    const int header_size = sizeof(virtio_net_hdr);
    if (::ioctl(d.fd_, TUNSETVNETHDRSZ, &header_size) != 0)
      return fail(classify(errno), "TUNSETVNETHDRSZ", errno, d.name_);
    for (unsigned flags : offload_attempts) {
      if (::ioctl(d.fd_, TUNSETOFFLOAD, flags) == 0) {
        d.offloads_.checksum_ = true;
        d.offloads_.tso_ = (flags & TUN_F_TSO4) != 0;
        d.offloads_.uso_ = (flags & TUN_F_USO4) != 0;
        break;
      }
    }
  }

  if (cfg.ipv4_)
    if (auto r = d.set_ipv4(*cfg.ipv4_); !r) return std::unexpected(r.error());
  if (cfg.mtu_)
    if (auto r = d.set_mtu(*cfg.mtu_); !r) return std::unexpected(r.error());
  if (cfg.up_)
    if (auto r = d.set_up(true); !r) return std::unexpected(r.error());
  return d;
}

tun_device::tun_device(tun_device&& other) noexcept { *this = std::move(other); }

tun_device& tun_device::operator=(tun_device&& other) noexcept {
  if (this == &other) return *this;
  close();
  fd_ = std::exchange(other.fd_, -1);
  name_ = std::move(other.name_);
  offloads_ = other.offloads_;
  return *this;
}

tun_device::~tun_device() { close(); }

void tun_device::close() noexcept {
  if (fd_ >= 0) ::close(fd_);  // a non-persistent TUN disappears with its last descriptor
  fd_ = -1;
}

std::expected<void, tun_error> tun_device::set_ipv4(const tun_ipv4_address& a) {
  if (a.prefix_length_ > 32) return fail(tun_errc::invalid_argument, "set IPv4 address", EINVAL, "prefix > 32");
  control_socket s;
  if (s.get() < 0) return fail(classify(errno), "socket", errno);
  std::uint32_t address = 0;
  std::memcpy(&address, a.address_.data(), 4);
  ifreq r = request_for(name_);
  put_ipv4(&r.ifr_addr, address);
  if (::ioctl(s.get(), SIOCSIFADDR, &r) != 0) return fail(classify(errno), "SIOCSIFADDR", errno, name_);
  const std::uint32_t mask = a.prefix_length_ == 0 ? 0 : ~std::uint32_t{0} << (32 - a.prefix_length_);
  r = request_for(name_);
  put_ipv4(&r.ifr_netmask, htonl(mask));
  if (::ioctl(s.get(), SIOCSIFNETMASK, &r) != 0) return fail(classify(errno), "SIOCSIFNETMASK", errno, name_);
  return {};
}

std::expected<void, tun_error> tun_device::set_mtu(unsigned mtu) {
  control_socket s;
  if (s.get() < 0) return fail(classify(errno), "socket", errno);
  ifreq r = request_for(name_);
  r.ifr_mtu = static_cast<int>(mtu);
  if (::ioctl(s.get(), SIOCSIFMTU, &r) != 0)
    return fail(classify(errno), "SIOCSIFMTU", errno, fmt::format("{} mtu {}", name_, mtu));
  return {};
}

std::expected<void, tun_error> tun_device::set_up(bool up) {
  control_socket s;
  if (s.get() < 0) return fail(classify(errno), "socket", errno);
  ifreq r = request_for(name_);
  if (::ioctl(s.get(), SIOCGIFFLAGS, &r) != 0) return fail(classify(errno), "SIOCGIFFLAGS", errno, name_);
  r.ifr_flags = static_cast<short>(up ? (r.ifr_flags | IFF_UP) : (r.ifr_flags & ~IFF_UP));
  if (::ioctl(s.get(), SIOCSIFFLAGS, &r) != 0) return fail(classify(errno), "SIOCSIFFLAGS", errno, name_);
  return {};
}

std::expected<std::optional<tun_packet>, tun_error> tun_device::read(std::span<std::uint8_t> buffer) noexcept {
  ssize_t n = -1;
  for (int attempt = 0; attempt < 8; ++attempt) {
    n = ::read(fd_, buffer.data(), buffer.size());
    if (n >= 0 || errno != EINTR) break;
  }
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return std::optional<tun_packet>{};
    return fail(classify(errno), "read", errno, name_);
  }
  const auto length = static_cast<std::size_t>(n);
  tun_packet p;
  if (!offloads_.vnet_header_) {
    p.packet_ = buffer.first(length);
    return p;
  }
  if (length < sizeof(virtio_net_hdr)) return fail(tun_errc::system, "read", EPROTO, name_ + " (short virtio header)");
  // The header is in the host's byte order (TUN's default for a
  // little-endian host, and the legacy rule on big-endian ones).
  virtio_net_hdr h;
  std::memcpy(&h, buffer.data(), sizeof h);
  p.gso_.needs_checksum_ = (h.flags & virtio_net_hdr_f_needs_csum) != 0;
  p.gso_.gso_type_ = h.gso_type;
  p.gso_.header_length_ = h.hdr_len;
  p.gso_.gso_size_ = h.gso_size;
  p.gso_.checksum_start_ = h.csum_start;
  p.gso_.checksum_offset_ = h.csum_offset;
  p.packet_ = buffer.subspan(sizeof h, length - sizeof h);
  return p;
}

std::expected<bool, tun_error> tun_device::write(std::span<const std::uint8_t> packet) noexcept {
  return write(packet, gso_info{});
}

std::expected<bool, tun_error> tun_device::write(std::span<const std::uint8_t> packet, const gso_info& gso) noexcept {
  if (!offloads_.vnet_header_ && (gso.gso_type_ != gso_info::gso_none || gso.needs_checksum_))
    return fail(tun_errc::invalid_argument, "write", EINVAL, name_ + " (a GSO packet needs IFF_VNET_HDR)");
  // In the host's byte order, as read() expects it.
  virtio_net_hdr h{};
  h.flags = gso.needs_checksum_ ? virtio_net_hdr_f_needs_csum : 0;
  h.gso_type = gso.gso_type_;
  h.hdr_len = gso.header_length_;
  h.gso_size = gso.gso_size_;
  h.csum_start = gso.checksum_start_;
  h.csum_offset = gso.checksum_offset_;
  iovec iov[2];
  int count = 0;
  if (offloads_.vnet_header_) iov[count++] = iovec{&h, sizeof h};
  iov[count++] = iovec{const_cast<std::uint8_t*>(packet.data()), packet.size()};
  ssize_t n = -1;
  for (int attempt = 0; attempt < 8; ++attempt) {
    n = ::writev(fd_, iov, count);
    if (n >= 0 || errno != EINTR) break;
  }
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return false;
    return fail(classify(errno), "write", errno, name_);
  }
  return true;
}

}  // namespace meridian::transport
