// tun_device in a network namespace of the test's own. Each test body runs on
// a thread that unshare(CLONE_NEWNET)s itself into a fresh namespace: the
// interfaces it makes exist only there, and the kernel deletes the namespace
// and everything in it when the thread ends — even when an assertion fails
// halfway — so nothing can leak onto the host. Traffic goes only to addresses
// inside that namespace. Needs root (CAP_SYS_ADMIN + CAP_NET_ADMIN); skipped
// with a message otherwise.

#include "meridian/transport/tun_device.hpp"

#include <arpa/inet.h>
#include <linux/capability.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <functional>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "meridian/common/ip_framing.hpp"
#include "meridian/transport/udp_batch_socket.hpp"
#include "support/private_namespace.hpp"

namespace meridian::transport {
namespace {

constexpr std::array<std::uint8_t, 4> tun_address{10, 213, 0, 1};
constexpr std::array<std::uint8_t, 4> peer_address{10, 213, 0, 2};  // "beyond" the TUN

tun_config test_config(bool offloads = false) {
  tun_config c;
  c.name_ = "mrdtest0";
  c.ipv4_ = tun_ipv4_address{tun_address, 24};
  c.mtu_ = 1400;
  c.try_offloads_ = offloads;
  return c;
}

int udp_socket_bound_to(std::array<std::uint8_t, 4> address, std::uint16_t& port) {
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  std::memcpy(&sin.sin_addr, address.data(), 4);
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&sin), sizeof sin), 0) << std::strerror(errno);
  socklen_t len = sizeof sin;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&sin), &len);
  port = ntohs(sin.sin_port);
  return fd;
}

/// Reads from the TUN until an IPv4 packet comes (the kernel may also send
/// IPv6 control traffic) or two seconds pass.
std::optional<tun_packet> read_ipv4(tun_device& tun, std::vector<std::uint8_t>& buffer) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{tun.native_handle(), POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    auto r = tun.read(buffer);
    if (!r) {
      ADD_FAILURE() << r.error().message();
      return std::nullopt;
    }
    if (*r && !(*r)->packet_.empty() && ((*r)->packet_[0] >> 4) == 4) return *r;
  }
  return std::nullopt;
}

TEST(tun_device, when_name_is_invalid_then_open_fails_before_asking_the_kernel) {
  for (const char* name : {"a/b", "name:1", "has space", "sixteen-chars-xx"}) {
    tun_config c;
    c.name_ = name;
    auto t = tun_device::open(c);
    ASSERT_FALSE(t.has_value()) << name;
    EXPECT_EQ(t.error().code_, tun_errc::invalid_name) << name;
  }
}

TEST(tun_device, when_opened_then_the_interface_exists_with_its_address_mtu_and_is_up) {
  RUN_IN_NAMESPACE([] {
    auto t = tun_device::open(test_config());
    ASSERT_TRUE(t.has_value()) << t.error().message();
    EXPECT_EQ(t->name(), "mrdtest0");
    EXPECT_NE(::if_nametoindex("mrdtest0"), 0u);

    const int s = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    ifreq r{};
    std::strcpy(r.ifr_name, "mrdtest0");
    ASSERT_EQ(::ioctl(s, SIOCGIFMTU, &r), 0);
    EXPECT_EQ(r.ifr_mtu, 1400);
    ASSERT_EQ(::ioctl(s, SIOCGIFFLAGS, &r), 0);
    EXPECT_TRUE(r.ifr_flags & IFF_UP);
    ASSERT_EQ(::ioctl(s, SIOCGIFADDR, &r), 0);
    sockaddr_in sin;
    std::memcpy(&sin, &r.ifr_addr, sizeof sin);
    EXPECT_EQ(std::memcmp(&sin.sin_addr, tun_address.data(), 4), 0);
    ASSERT_EQ(::ioctl(s, SIOCGIFNETMASK, &r), 0);
    std::memcpy(&sin, &r.ifr_netmask, sizeof sin);
    EXPECT_EQ(ntohl(sin.sin_addr.s_addr), 0xffffff00u);
    ::close(s);
  });
}

TEST(tun_device, when_device_is_destroyed_then_the_interface_disappears) {
  RUN_IN_NAMESPACE([] {
    {
      auto t = tun_device::open(test_config());
      ASSERT_TRUE(t.has_value()) << t.error().message();
      ASSERT_NE(::if_nametoindex("mrdtest0"), 0u);
    }
    EXPECT_EQ(::if_nametoindex("mrdtest0"), 0u);
  });
}

TEST(tun_device, when_no_name_is_given_then_the_kernel_chooses_one) {
  RUN_IN_NAMESPACE([] {
    tun_config c;
    auto t = tun_device::open(c);
    ASSERT_TRUE(t.has_value()) << t.error().message();
    EXPECT_FALSE(t->name().empty());
    EXPECT_NE(::if_nametoindex(t->name().c_str()), 0u);
  });
}

void check_write_reaches_a_local_socket(bool offloads) {
  auto t = tun_device::open(test_config(offloads));
  ASSERT_TRUE(t.has_value()) << t.error().message();
  std::uint16_t port = 0;
  const int sock = udp_socket_bound_to(tun_address, port);

  const std::vector<std::uint8_t> payload{'m', 'e', 'r', 'i', 'd', 'i', 'a', 'n'};
  auto frame = ipv4_udp_frame({peer_address, 5555}, {tun_address, port}, payload);
  ASSERT_TRUE(frame.has_value());
  auto w = t->write(*frame);
  ASSERT_TRUE(w.has_value()) << w.error().message();
  EXPECT_TRUE(*w);

  pollfd p{sock, POLLIN, 0};
  ASSERT_EQ(::poll(&p, 1, 2000), 1) << "nothing arrived at the socket";
  std::uint8_t got[64];
  sockaddr_in from{};
  socklen_t from_len = sizeof from;
  const ssize_t n = ::recvfrom(sock, got, sizeof got, 0, reinterpret_cast<sockaddr*>(&from), &from_len);
  ASSERT_EQ(n, static_cast<ssize_t>(payload.size()));
  EXPECT_EQ(std::vector<std::uint8_t>(got, got + n), payload);
  EXPECT_EQ(ntohs(from.sin_port), 5555);
  ::close(sock);
}

void check_socket_traffic_is_read_from_the_device(bool offloads) {
  auto t = tun_device::open(test_config(offloads));
  ASSERT_TRUE(t.has_value()) << t.error().message();
  std::uint16_t port = 0;
  const int sock = udp_socket_bound_to(tun_address, port);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(9);
  std::memcpy(&to.sin_addr, peer_address.data(), 4);
  const char text[] = "to the data network";
  ASSERT_EQ(::sendto(sock, text, sizeof text, 0, reinterpret_cast<sockaddr*>(&to), sizeof to),
            static_cast<ssize_t>(sizeof text));

  std::vector<std::uint8_t> buffer(65536 + 16);
  auto packet = read_ipv4(*t, buffer);
  ASSERT_TRUE(packet.has_value()) << "nothing read from the TUN";
  const auto& bytes = packet->packet_;
  ASSERT_EQ(bytes.size(), 20 + 8 + sizeof text);
  EXPECT_EQ(bytes[9], 17);
  EXPECT_EQ(std::memcmp(bytes.data() + 16, peer_address.data(), 4), 0);
  EXPECT_EQ(std::memcmp(bytes.data() + 28, text, sizeof text), 0);
  EXPECT_EQ(packet->gso_.gso_type_, gso_info::gso_none);
  ::close(sock);
}

TEST(tun_device, when_packet_is_written_then_a_socket_behind_the_interface_receives_it) {
  RUN_IN_NAMESPACE([] { check_write_reaches_a_local_socket(false); });
}

TEST(tun_device, when_a_socket_sends_into_the_subnet_then_the_packet_is_read_from_the_device) {
  RUN_IN_NAMESPACE([] { check_socket_traffic_is_read_from_the_device(false); });
}

TEST(tun_device, when_offloads_are_requested_then_plain_packets_still_round_trip_behind_the_virtio_header) {
  RUN_IN_NAMESPACE([] {
    {
      auto probe = tun_device::open(test_config(true));
      ASSERT_TRUE(probe.has_value()) << probe.error().message();
      EXPECT_TRUE(probe->offloads().vnet_header_) << "kernel refused IFF_VNET_HDR (fallback in use)";
    }
    check_write_reaches_a_local_socket(true);
    check_socket_traffic_is_read_from_the_device(true);
  });
}

TEST(tun_device, when_udp_segmentation_offload_is_on_then_one_read_carries_a_gso_super_packet) {
  RUN_IN_NAMESPACE([] {
    auto t = tun_device::open(test_config(true));
    ASSERT_TRUE(t.has_value()) << t.error().message();
    if (!t->offloads().uso_) {
      std::printf("  (kernel without TUN USO, Linux < 6.2: super-packets not tested)\n");
      return;
    }
    auto sender = udp_batch_socket::open({.bind_ = {tun_address, 0}});
    ASSERT_TRUE(sender.has_value()) << sender.error().message();
    if (!sender->gso_supported()) return;
    std::vector<std::uint8_t> train(1000 * 5);
    for (std::size_t i = 0; i < train.size(); ++i) train[i] = static_cast<std::uint8_t>(i);
    const outgoing_datagram d{train, {peer_address, 9}, 1000};
    ASSERT_EQ(sender->send_batch({&d, 1}).sent_, 5u);

    std::vector<std::uint8_t> buffer(65536 + 16);
    auto packet = read_ipv4(*t, buffer);
    ASSERT_TRUE(packet.has_value());
    EXPECT_EQ(packet->gso_.gso_type_, gso_info::gso_udp_l4);
    EXPECT_EQ(packet->gso_.gso_size_, 1000);
    EXPECT_EQ(packet->packet_.size(), 20 + 8 + train.size());
    EXPECT_TRUE(packet->gso_.needs_checksum_);
    EXPECT_EQ(packet->gso_.checksum_start_, 20);
    EXPECT_EQ(packet->gso_.checksum_offset_, 6);  // UDP checksum field
    EXPECT_EQ(std::memcmp(packet->packet_.data() + 28, train.data(), train.size()), 0);
  });
}

/// Drops CAP_NET_ADMIN from this thread's effective set (capabilities are per thread).
bool drop_net_admin() {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2]{};
  if (::syscall(SYS_capget, &header, data) != 0) return false;
  data[CAP_NET_ADMIN / 32].effective &= ~(1u << (CAP_NET_ADMIN % 32));
  return ::syscall(SYS_capset, &header, data) == 0;
}

TEST(tun_device, when_caller_lacks_cap_net_admin_then_open_fails_with_a_message_saying_what_to_do) {
  RUN_IN_NAMESPACE([] {
    ASSERT_TRUE(drop_net_admin());
    auto t = tun_device::open(test_config());
    ASSERT_FALSE(t.has_value());
    EXPECT_EQ(t.error().code_, tun_errc::permission_denied);
    const std::string m = t.error().message();
    EXPECT_NE(m.find("CAP_NET_ADMIN"), std::string::npos) << m;
    EXPECT_NE(m.find("setcap"), std::string::npos) << m;
    EXPECT_NE(m.find("ip tuntap add"), std::string::npos) << m;
  });
}

}  // namespace
}  // namespace meridian::transport
