// The kernel as the oracle for gso_coalescer: super-packets written to a real
// TUN (IFF_VNET_HDR) are accepted and delivered to a local UDP socket as the
// very datagrams that were joined. Runs in a private network namespace.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstring>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "meridian/common/ip_framing.hpp"
#include "meridian/transport/tun_device.hpp"
#include "meridian/upf/gso_coalescer.hpp"
#include "meridian/upf/n6_writer.hpp"
#include "support/private_namespace.hpp"
#include "upf/test_packets.hpp"

namespace meridian::upf {
namespace {

using bytes = std::vector<std::uint8_t>;

void put16(bytes& p, std::size_t at, std::uint16_t v) {
  p[at] = static_cast<std::uint8_t>(v >> 8);
  p[at + 1] = static_cast<std::uint8_t>(v);
}

constexpr std::array<std::uint8_t, 4> peer{10, 77, 0, 2};
constexpr std::array<std::uint8_t, 4> local{10, 77, 0, 1};

/// 10.77.0.2:40000 → 10.77.0.1:5001 with correct checksums and DF, payload tagged with `id`.
bytes datagram(std::uint16_t id, std::size_t size) {
  bytes l4(8 + size);
  put16(l4, 0, 40000);
  put16(l4, 2, 5001);
  put16(l4, 4, static_cast<std::uint16_t>(8 + size));
  for (std::size_t i = 0; i < size; ++i) l4[8 + i] = static_cast<std::uint8_t>(id * 13 + i);
  return test::host_ipv4(peer, local, 17, id, l4);
}

/// The TUN `name` with 10.77.0.1/24 and offloads, in the test's namespace.
std::expected<transport::tun_device, transport::tun_error> open_tun(const std::string& name) {
  meridian::test::loopback_up();
  transport::tun_config cfg;
  cfg.name_ = name;
  cfg.ipv4_ = transport::tun_ipv4_address{{10, 77, 0, 1}, 24};
  cfg.try_offloads_ = true;
  return transport::tun_device::open(cfg);
}

/// A socket of `type` bound to 10.77.0.1:5001 (datagram sockets with a 4 MiB
/// receive buffer, so nothing is lost to it); -1 on failure.
int bind_local(int type) {
  const int fd = ::socket(AF_INET, type | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  const int big = 4 << 20;
  ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(5001);
  a.sin_addr.s_addr = htonl(0x0a4d0001);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

TEST(gso_coalescer_tun, when_super_packets_are_written_to_a_tun_then_the_kernel_delivers_every_datagram_in_order) {
  RUN_IN_NAMESPACE([] {
    auto tun = open_tun("coal0");
    ASSERT_TRUE(tun) << tun.error().message();
    if (!tun->offloads().vnet_header_) GTEST_SKIP() << "this kernel's TUN has no IFF_VNET_HDR";

    const int rx = bind_local(SOCK_DGRAM);
    ASSERT_GE(rx, 0) << std::strerror(errno);

    // 150 small datagrams (three super-packets: 64 + 64 + 22 segments), then
    // 40 of 1372 octets with a shorter last one (one of 64 KiB at most).
    std::vector<bytes> in;
    for (std::uint16_t i = 0; i < 150; ++i) in.push_back(datagram(i, 36));
    for (std::uint16_t i = 150; i < 190; ++i) in.push_back(datagram(i, i == 189 ? 200 : 1372));
    gso_coalescer c;
    for (const auto& p : in) ASSERT_TRUE(c.add(p));
    const auto out = c.finish();
    EXPECT_LT(out.size(), 8u);
    for (const n6_packet& p : out) {
      auto w = tun->write(p.bytes_, p.gso_);
      ASSERT_TRUE(w) << w.error().message();
      ASSERT_TRUE(*w) << "TUN queue full";
    }

    std::vector<bytes> got;
    std::vector<std::uint8_t> buf(65536);
    for (int waits = 0; got.size() < in.size() && waits < 50;) {
      pollfd pfd{rx, POLLIN, 0};
      if (::poll(&pfd, 1, 20) <= 0) {
        ++waits;
        continue;
      }
      const ssize_t n = ::recv(rx, buf.data(), buf.size(), MSG_DONTWAIT);
      if (n >= 0) got.emplace_back(buf.begin(), buf.begin() + n);
    }
    ::close(rx);
    ASSERT_EQ(got.size(), in.size());
    for (std::size_t i = 0; i < in.size(); ++i)
      EXPECT_EQ(got[i], bytes(in[i].begin() + 28, in[i].end())) << "datagram " << i;
  });
}

TEST(gso_coalescer_tun, when_the_kernel_refuses_a_super_packet_then_its_datagrams_are_written_one_by_one) {
  RUN_IN_NAMESPACE([] {
    auto tun = open_tun("coal2");
    ASSERT_TRUE(tun) << tun.error().message();
    if (!tun->offloads().vnet_header_) GTEST_SKIP() << "this kernel's TUN has no IFF_VNET_HDR";
    const int rx = bind_local(SOCK_DGRAM);
    ASSERT_GE(rx, 0) << std::strerror(errno);

    // A UDP super-packet of 300 segments: more than any kernel's
    // UDP_MAX_SEGMENTS (64, later 128), so the TUN refuses it.
    constexpr std::size_t segments = 300, size = 36;
    const auto first = datagram(1, size * segments);
    bytes super(first.begin(), first.begin() + 28);
    for (std::size_t i = 0; i < segments; ++i)
      for (std::size_t k = 0; k < size; ++k) super.push_back(static_cast<std::uint8_t>(i * 7 + k));
    // NEEDS_CSUM: the field holds the pseudo-header sum over the whole datagram.
    const std::uint32_t pseudo = internet_checksum_sum(std::span(super).subspan(12, 8)) + 17 + (super.size() - 20);
    std::uint32_t folded = pseudo;
    while (folded >> 16) folded = (folded & 0xffff) + (folded >> 16);
    put16(super, 26, static_cast<std::uint16_t>(folded));
    transport::gso_info gso;
    gso.needs_checksum_ = true;
    gso.gso_type_ = transport::gso_info::gso_udp_l4;
    gso.header_length_ = 28;
    gso.gso_size_ = size;
    gso.checksum_start_ = 20;
    gso.checksum_offset_ = 6;
    std::vector<std::uint8_t> scratch;
    const auto out = write_n6_packet(*tun, n6_packet{super, gso}, scratch);
    EXPECT_TRUE(out.refused_) << "the kernel took 300 segments: this test no longer exercises the fallback";
    EXPECT_EQ(out.dropped_, 0u);

    std::size_t got = 0;
    bool in_order = true;
    std::vector<std::uint8_t> buf(2048);
    for (int waits = 0; got < segments && waits < 50;) {
      pollfd pfd{rx, POLLIN, 0};
      if (::poll(&pfd, 1, 20) <= 0) {
        ++waits;
        continue;
      }
      const ssize_t n = ::recv(rx, buf.data(), buf.size(), MSG_DONTWAIT);
      if (n != static_cast<ssize_t>(size) || buf[0] != static_cast<std::uint8_t>(got * 7)) in_order = false;
      ++got;
    }
    ::close(rx);
    EXPECT_EQ(got, segments);
    EXPECT_TRUE(in_order);
  });
}

/// 10.77.0.2:40000 → 10.77.0.1:5001 TCP with correct checksums, DF, no options.
bytes segment(std::uint16_t id, std::uint32_t seq, std::uint32_t ack, std::uint8_t flags, const bytes& data) {
  bytes l4(20);
  put16(l4, 0, 40000);
  put16(l4, 2, 5001);
  put16(l4, 4, static_cast<std::uint16_t>(seq >> 16));
  put16(l4, 6, static_cast<std::uint16_t>(seq));
  put16(l4, 8, static_cast<std::uint16_t>(ack >> 16));
  put16(l4, 10, static_cast<std::uint16_t>(ack));
  l4[12] = 0x50;
  l4[13] = flags;
  put16(l4, 14, 64000);
  l4.insert(l4.end(), data.begin(), data.end());
  return test::host_ipv4(peer, local, 6, id, l4);
}

TEST(gso_coalescer_tun, when_a_tcp_super_packet_is_written_to_a_tun_then_the_kernel_stack_receives_the_stream) {
  RUN_IN_NAMESPACE([] {
    auto tun = open_tun("coal1");
    ASSERT_TRUE(tun) << tun.error().message();
    if (!tun->offloads().vnet_header_) GTEST_SKIP() << "this kernel's TUN has no IFF_VNET_HDR";

    const int listener = bind_local(SOCK_STREAM | SOCK_NONBLOCK);
    ASSERT_GE(listener, 0) << std::strerror(errno);
    ASSERT_EQ(::listen(listener, 1), 0);

    // Handshake by hand: SYN in, the kernel's SYN-ACK out of the TUN, ACK in.
    const std::uint32_t isn = 0xfffff000;  // the data wraps the sequence space
    ASSERT_TRUE(tun->write(segment(1, isn, 0, 0x02, {})));
    std::optional<std::uint32_t> server_isn;
    std::vector<std::uint8_t> buf(70000);
    for (int waits = 0; !server_isn && waits < 100; ++waits) {
      pollfd pfd{tun->native_handle(), POLLIN, 0};
      if (::poll(&pfd, 1, 20) <= 0) continue;
      auto r = tun->read(buf);
      ASSERT_TRUE(r) << r.error().message();
      if (!*r) continue;
      const auto p = (**r).packet_;
      if (p.size() >= 40 && p[9] == 6 && (p[33] & 0x12) == 0x12)
        server_isn = std::uint32_t{p[24]} << 24 | std::uint32_t{p[25]} << 16 | std::uint32_t{p[26]} << 8 | p[27];
    }
    ASSERT_TRUE(server_isn) << "no SYN-ACK from the kernel";
    const std::uint32_t ack = *server_isn + 1;
    ASSERT_TRUE(tun->write(segment(2, isn + 1, ack, 0x10, {})));

    // 30 segments of 1200 octets (the last with PSH), joined, written at once.
    bytes stream;
    std::vector<bytes> in;
    std::uint32_t seq = isn + 1;
    for (std::uint16_t i = 0; i < 30; ++i) {
      bytes data(1200);
      for (std::size_t k = 0; k < data.size(); ++k) data[k] = static_cast<std::uint8_t>(i * 7 + k);
      in.push_back(segment(static_cast<std::uint16_t>(3 + i), seq, ack, i == 29 ? 0x18 : 0x10, data));
      stream.insert(stream.end(), data.begin(), data.end());
      seq += 1200;
    }
    gso_coalescer c;
    for (const auto& p : in) ASSERT_TRUE(c.add(p));
    const auto out = c.finish();
    ASSERT_EQ(out.size(), 1u);
    ASSERT_EQ(out[0].gso_.gso_type_, transport::gso_info::gso_tcpv4);
    auto w = tun->write(out[0].bytes_, out[0].gso_);
    ASSERT_TRUE(w) << w.error().message();

    int conn = -1;
    for (int waits = 0; conn < 0 && waits < 100; ++waits) {
      pollfd pfd{listener, POLLIN, 0};
      if (::poll(&pfd, 1, 20) > 0) conn = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    }
    ASSERT_GE(conn, 0) << "the handshake did not complete";
    bytes got;
    for (int waits = 0; got.size() < stream.size() && waits < 100;) {
      pollfd pfd{conn, POLLIN, 0};
      if (::poll(&pfd, 1, 20) <= 0) {
        ++waits;
        continue;
      }
      const ssize_t n = ::recv(conn, buf.data(), buf.size(), 0);
      if (n <= 0) break;
      got.insert(got.end(), buf.begin(), buf.begin() + n);
    }
    ::close(conn);
    ::close(listener);
    EXPECT_EQ(got, stream);
  });
}

}  // namespace
}  // namespace meridian::upf
