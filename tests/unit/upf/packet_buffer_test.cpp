#include "meridian/upf/packet_buffer.hpp"

#include <vector>

#include <gtest/gtest.h>

namespace meridian::upf {
namespace {

const pdr_id pdr1 = pdr_id::literal(1);

std::vector<std::uint8_t> bytes(std::size_t n, std::uint8_t fill) { return std::vector<std::uint8_t>(n, fill); }

TEST(packet_buffer, when_first_packet_is_buffered_then_it_says_so_for_notification) {
  packet_buffer b({4, 100});
  EXPECT_EQ(b.push(bytes(10, 1), pdr1), packet_buffer::push_result::first_buffered);
  EXPECT_EQ(b.push(bytes(10, 2), pdr1), packet_buffer::push_result::buffered);
  EXPECT_EQ(b.size(), 2u);
}

TEST(packet_buffer, when_buffer_is_full_then_new_packets_are_dropped_and_counted) {
  packet_buffer b({2, 100});
  b.push(bytes(10, 1), pdr1);
  b.push(bytes(10, 2), pdr1);
  EXPECT_EQ(b.push(bytes(10, 3), pdr1), packet_buffer::push_result::dropped_full);
  EXPECT_EQ(b.dropped(), 1u);
  EXPECT_EQ(b.size(), 2u);
}

TEST(packet_buffer, when_packet_is_larger_than_a_slot_then_it_is_dropped) {
  packet_buffer b({2, 100});
  EXPECT_EQ(b.push(bytes(101, 1), pdr1), packet_buffer::push_result::dropped_too_big);
  EXPECT_TRUE(b.empty());
}

TEST(packet_buffer, when_drained_then_packets_come_out_in_order_with_their_bytes) {
  packet_buffer b({3, 100});
  for (int round = 0; round < 5; ++round) {  // wraps the ring several times
    for (std::uint8_t i = 1; i <= 3; ++i) b.push(bytes(i * 10u, i), pdr_id::literal(7));
    std::vector<std::uint8_t> seen;
    const std::size_t n = b.drain([&](std::span<const std::uint8_t> p, pdr_id id) {
      EXPECT_EQ(id, pdr_id::literal(7));
      ASSERT_FALSE(p.empty());
      EXPECT_EQ(p.size(), p[0] * 10u);
      seen.push_back(p[0]);
    });
    EXPECT_EQ(n, 3u);
    EXPECT_EQ(seen, (std::vector<std::uint8_t>{1, 2, 3}));
    EXPECT_TRUE(b.empty());
  }
}

TEST(packet_buffer, when_bar_suggests_a_count_then_it_limits_the_buffer) {
  packet_buffer b({8, 100});
  b.limit_packets(1);
  EXPECT_EQ(b.push(bytes(1, 1), pdr1), packet_buffer::push_result::first_buffered);
  EXPECT_EQ(b.push(bytes(1, 1), pdr1), packet_buffer::push_result::dropped_full);
}

TEST(packet_buffer, when_cleared_then_buffered_packets_count_as_dropped) {
  packet_buffer b({8, 100});
  b.push(bytes(1, 1), pdr1);
  b.push(bytes(1, 1), pdr1);
  b.clear();
  EXPECT_TRUE(b.empty());
  EXPECT_EQ(b.dropped(), 2u);
}

}  // namespace
}  // namespace meridian::upf
