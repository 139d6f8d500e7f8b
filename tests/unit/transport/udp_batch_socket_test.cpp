// udp_batch_socket on 127.0.0.1 with ports chosen by the kernel. Every wait is
// a poll(2) with a timeout and every loop has a bound, so a lost datagram
// fails the test instead of hanging it.

#include "meridian/transport/udp_batch_socket.hpp"

#include <poll.h>

#include <chrono>
#include <numeric>
#include <vector>

#include <gtest/gtest.h>

namespace meridian::transport {
namespace {

constexpr ipv4_endpoint loopback{{127, 0, 0, 1}, 0};

udp_batch_socket open_socket(const udp_batch_config& cfg = {}) {
  auto s = udp_batch_socket::open(cfg);
  EXPECT_TRUE(s.has_value()) << (s ? "" : s.error().message());
  return std::move(*s);
}

/// Receives until `wanted` datagrams (GRO segments counted one by one) have
/// arrived or two seconds pass; returns each datagram's bytes.
std::vector<std::vector<std::uint8_t>> receive_datagrams(udp_batch_socket& s, std::size_t wanted,
                                                         std::size_t* buffers_seen = nullptr) {
  std::vector<std::vector<std::uint8_t>> got;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (got.size() < wanted && std::chrono::steady_clock::now() < deadline) {
    pollfd p{s.native_handle(), POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    auto batch = s.receive_batch();
    if (!batch) {
      ADD_FAILURE() << batch.error().message();
      break;
    }
    for (const received_datagram& d : *batch) {
      if (buffers_seen != nullptr) ++*buffers_seen;
      for (std::size_t i = 0; i < d.segment_count(); ++i) {
        auto seg = d.segment(i);
        got.emplace_back(seg.begin(), seg.end());
      }
    }
  }
  return got;
}

std::vector<std::uint8_t> payload(std::size_t size, std::uint8_t tag) {
  std::vector<std::uint8_t> p(size);
  for (std::size_t i = 0; i < size; ++i) p[i] = static_cast<std::uint8_t>(tag + i);
  return p;
}

TEST(udp_batch_socket, when_bound_to_port_zero_then_the_kernel_chosen_port_is_reported) {
  auto s = open_socket();
  EXPECT_NE(s.local_endpoint().port, 0);
  EXPECT_EQ(s.local_endpoint().address, loopback.address);
}

TEST(udp_batch_socket, when_a_batch_is_sent_then_every_datagram_arrives_intact_in_order) {
  auto rx = open_socket({.bind_ = loopback, .batch_size_ = 16, .try_gro_ = false});
  auto tx = open_socket({.bind_ = loopback, .batch_size_ = 16});
  constexpr std::size_t n = 100;  // several system calls' worth
  std::vector<std::vector<std::uint8_t>> payloads;
  std::vector<outgoing_datagram> out;
  for (std::size_t i = 0; i < n; ++i) payloads.push_back(payload(100 + i, static_cast<std::uint8_t>(i)));
  for (const auto& p : payloads) out.push_back({p, rx.local_endpoint(), 0});

  const send_outcome sent = tx.send_batch(out);
  EXPECT_EQ(sent.sent_, n);
  EXPECT_EQ(sent.consumed_, n);
  EXPECT_FALSE(sent.would_block_);

  std::size_t buffers = 0;
  const auto got = receive_datagrams(rx, n, &buffers);
  ASSERT_EQ(got.size(), n);
  for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(got[i], payloads[i]) << "datagram " << i;
  EXPECT_EQ(buffers, n);
}

TEST(udp_batch_socket, when_datagrams_arrive_then_the_sender_address_is_reported) {
  auto rx = open_socket({.bind_ = loopback, .try_gro_ = false});
  auto tx = open_socket();
  const auto p = payload(10, 1);
  const outgoing_datagram d{p, rx.local_endpoint(), 0};
  ASSERT_EQ(tx.send_batch({&d, 1}).sent_, 1u);
  pollfd pfd{rx.native_handle(), POLLIN, 0};
  ASSERT_EQ(::poll(&pfd, 1, 2000), 1);
  auto batch = rx.receive_batch();
  ASSERT_TRUE(batch.has_value());
  ASSERT_EQ(batch->size(), 1u);
  EXPECT_EQ((*batch)[0].peer_.port, tx.local_endpoint().port);
  EXPECT_EQ((*batch)[0].peer_.address, loopback.address);
}

TEST(udp_batch_socket, when_nothing_is_waiting_then_receive_returns_an_empty_batch_without_blocking) {
  auto s = open_socket();
  auto batch = s.receive_batch();
  ASSERT_TRUE(batch.has_value());
  EXPECT_TRUE(batch->empty());
}

TEST(udp_batch_socket, when_datagram_exceeds_the_slot_then_it_is_marked_truncated) {
  auto rx = open_socket({.bind_ = loopback, .datagram_size_ = 64, .try_gro_ = false});
  auto tx = open_socket();
  const auto p = payload(200, 0);
  const outgoing_datagram d{p, rx.local_endpoint(), 0};
  ASSERT_EQ(tx.send_batch({&d, 1}).sent_, 1u);
  pollfd pfd{rx.native_handle(), POLLIN, 0};
  ASSERT_EQ(::poll(&pfd, 1, 2000), 1);
  auto batch = rx.receive_batch();
  ASSERT_TRUE(batch.has_value());
  ASSERT_EQ(batch->size(), 1u);
  EXPECT_TRUE((*batch)[0].truncated_);
  EXPECT_EQ((*batch)[0].data_.size(), 64u);
  EXPECT_EQ(rx.truncated_count(), 1u);
}

TEST(udp_batch_socket, when_a_gso_train_is_sent_to_a_plain_socket_then_it_arrives_as_separate_datagrams) {
  auto tx = open_socket();
  if (!tx.gso_supported()) GTEST_SKIP() << "kernel without UDP_SEGMENT (Linux < 4.18)";
  auto rx = open_socket({.bind_ = loopback, .try_gro_ = false});
  constexpr std::size_t segment = 1000;
  const auto train = payload(segment * 9 + 123, 7);  // 10 datagrams, the last short
  const outgoing_datagram d{train, rx.local_endpoint(), segment};
  const send_outcome sent = tx.send_batch({&d, 1});
  EXPECT_EQ(sent.sent_, 10u);
  const auto got = receive_datagrams(rx, 10);
  ASSERT_EQ(got.size(), 10u);
  std::vector<std::uint8_t> joined;
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].size(), i < 9 ? segment : 123u);
    joined.insert(joined.end(), got[i].begin(), got[i].end());
  }
  EXPECT_EQ(joined, train);
}

TEST(udp_batch_socket, when_gso_is_unavailable_then_a_train_is_split_into_datagrams_before_sending) {
  auto tx = open_socket({.bind_ = loopback, .batch_size_ = 4, .try_gso_ = false});
  ASSERT_FALSE(tx.gso_supported());
  auto rx = open_socket({.bind_ = loopback, .datagram_size_ = 8192, .try_gro_ = false});
  const auto train = payload(500 * 10, 1);  // 10 datagrams over 3 batches of 4
  const outgoing_datagram d[2] = {{train, rx.local_endpoint(), 500}, {train, rx.local_endpoint(), 0}};
  const send_outcome sent = tx.send_batch(d);
  EXPECT_EQ(sent.sent_, 11u);
  EXPECT_EQ(sent.consumed_, 2u);
  const auto got = receive_datagrams(rx, 11);
  ASSERT_EQ(got.size(), 11u);
  for (std::size_t i = 0; i < 10; ++i)
    EXPECT_EQ(got[i], std::vector<std::uint8_t>(train.begin() + 500 * i, train.begin() + 500 * (i + 1)));
  EXPECT_EQ(got[10], train);
}

TEST(udp_batch_socket, when_gro_is_enabled_then_a_coalesced_train_splits_back_into_the_original_datagrams) {
  auto tx = open_socket();
  auto rx = open_socket({.bind_ = loopback, .try_gro_ = true});
  if (!tx.gso_supported() || !rx.gro_enabled()) GTEST_SKIP() << "kernel without UDP GSO/GRO";
  constexpr std::size_t segment = 1200;
  const auto train = payload(segment * 7 + 5, 3);
  const outgoing_datagram d{train, rx.local_endpoint(), segment};
  ASSERT_EQ(tx.send_batch({&d, 1}).sent_, 8u);
  std::size_t buffers = 0;
  const auto got = receive_datagrams(rx, 8, &buffers);
  ASSERT_EQ(got.size(), 8u);
  std::vector<std::uint8_t> joined;
  for (const auto& g : got) joined.insert(joined.end(), g.begin(), g.end());
  EXPECT_EQ(joined, train);
  EXPECT_EQ(got.back().size(), 5u);
  // Over loopback the kernel keeps a GSO train whole for a GRO socket.
  EXPECT_LT(buffers, 8u);
}

TEST(udp_batch_socket, when_gro_is_enabled_then_single_datagrams_still_arrive_one_by_one) {
  auto rx = open_socket({.bind_ = loopback, .try_gro_ = true});
  auto tx = open_socket();
  std::vector<std::vector<std::uint8_t>> payloads;
  std::vector<outgoing_datagram> out;
  for (std::uint8_t i = 0; i < 20; ++i) payloads.push_back(payload(300 + i, i));
  for (const auto& p : payloads) out.push_back({p, rx.local_endpoint(), 0});
  ASSERT_EQ(tx.send_batch(out).sent_, 20u);
  const auto got = receive_datagrams(rx, 20);
  ASSERT_EQ(got.size(), 20u);
  for (std::size_t i = 0; i < 20; ++i) EXPECT_EQ(got[i], payloads[i]);
}

TEST(udp_batch_socket, when_two_sockets_reuse_a_port_then_together_they_receive_every_flow) {
  auto first = open_socket({.bind_ = loopback, .reuse_port_ = true, .try_gro_ = false});
  auto second =
      open_socket({.bind_ = {loopback.address, first.local_endpoint().port}, .reuse_port_ = true, .try_gro_ = false});
  ASSERT_EQ(first.local_endpoint().port, second.local_endpoint().port);

  // Many source ports = many flows, which the kernel hashes over the two sockets.
  constexpr std::size_t flows = 32;
  std::vector<udp_batch_socket> senders;
  const auto p = payload(64, 9);
  for (std::size_t i = 0; i < flows; ++i) {
    senders.push_back(open_socket());
    const outgoing_datagram d{p, first.local_endpoint(), 0};
    ASSERT_EQ(senders.back().send_batch({&d, 1}).sent_, 1u);
  }
  std::size_t total = 0;
  std::size_t on_first = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (total < flows && std::chrono::steady_clock::now() < deadline) {
    pollfd pfds[2] = {{first.native_handle(), POLLIN, 0}, {second.native_handle(), POLLIN, 0}};
    if (::poll(pfds, 2, 100) <= 0) continue;
    if (auto b = first.receive_batch(); b) {
      total += b->size();
      on_first += b->size();
    }
    if (auto b = second.receive_batch(); b) total += b->size();
  }
  EXPECT_EQ(total, flows);
  EXPECT_GT(on_first, 0u);
  EXPECT_LT(on_first, flows);  // 32 flows all hashed to one socket: ~2^-31
}

TEST(udp_batch_socket, when_port_is_taken_without_reuse_then_open_fails_with_a_message) {
  auto first = open_socket();
  auto second = udp_batch_socket::open({.bind_ = first.local_endpoint()});
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().sys_errno_, EADDRINUSE);
  EXPECT_NE(second.error().message().find("bind 127.0.0.1:"), std::string::npos) << second.error().message();
}

TEST(udp_batch_socket, when_socket_is_moved_then_it_keeps_working) {
  auto rx = open_socket({.bind_ = loopback, .try_gro_ = false});
  udp_batch_socket moved = std::move(rx);
  auto tx = open_socket();
  const auto p = payload(10, 1);
  const outgoing_datagram d{p, moved.local_endpoint(), 0};
  ASSERT_EQ(tx.send_batch({&d, 1}).sent_, 1u);
  EXPECT_EQ(receive_datagrams(moved, 1).size(), 1u);
}

}  // namespace
}  // namespace meridian::transport
