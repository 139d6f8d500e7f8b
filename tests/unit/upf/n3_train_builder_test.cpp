// n3_train_builder: runs of equal-sized datagrams to one peer become one UDP
// GSO train, within the kernel's limits, and nothing changes order or bytes.

#include "meridian/upf/n3_train_builder.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace meridian::upf {
namespace {

using transport::outgoing_datagram;
using bytes = std::vector<std::uint8_t>;

const ipv4_endpoint gnb_a{{10, 0, 0, 1}, 2152};
const ipv4_endpoint gnb_b{{10, 0, 0, 2}, 2152};

struct input {
  std::vector<bytes> storage_;
  std::vector<outgoing_datagram> datagrams_;
  void add(std::size_t size) {
    bytes b(size);
    for (std::size_t i = 0; i < size; ++i) b[i] = static_cast<std::uint8_t>(storage_.size() * 17 + i);
    storage_.push_back(std::move(b));
  }
  std::span<const outgoing_datagram> view(const std::vector<ipv4_endpoint>& peers) {
    datagrams_.clear();
    for (std::size_t i = 0; i < storage_.size(); ++i) datagrams_.push_back({storage_[i], peers[i], 0});
    return datagrams_;
  }
};

/// What reaches the wire: each train cut at its segment size.
std::vector<std::pair<bytes, ipv4_endpoint>> on_the_wire(std::span<const outgoing_datagram> out) {
  std::vector<std::pair<bytes, ipv4_endpoint>> wire;
  for (const auto& d : out) {
    const std::size_t step = d.segment_size_ != 0 ? d.segment_size_ : d.data_.size();
    for (std::size_t at = 0; at < d.data_.size(); at += step) {
      const auto s = d.data_.subspan(at, std::min(step, d.data_.size() - at));
      wire.emplace_back(bytes(s.begin(), s.end()), d.peer_);
    }
  }
  return wire;
}

TEST(n3_train_builder, when_datagrams_to_one_peer_have_one_size_then_they_leave_as_one_train_with_a_short_last) {
  input in;
  std::vector<ipv4_endpoint> peers;
  for (int i = 0; i < 10; ++i) {
    in.add(i == 9 ? 300 : 1416);
    peers.push_back(gnb_a);
  }
  n3_train_builder b(1 << 20, 1472);
  const auto datagrams = in.view(peers);
  const auto out = b.build(datagrams);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].segment_size_, 1416);
  EXPECT_EQ(out[0].data_.size(), 9u * 1416 + 300);
  EXPECT_EQ(b.trains(), 1u);
  std::vector<std::pair<bytes, ipv4_endpoint>> want;
  for (const auto& s : in.storage_) want.emplace_back(s, gnb_a);
  EXPECT_EQ(on_the_wire(out), want);
}

TEST(n3_train_builder, when_peer_or_size_changes_then_a_new_run_starts_and_order_is_kept) {
  input in;
  const std::vector<ipv4_endpoint> peers{gnb_a, gnb_a, gnb_b, gnb_b, gnb_b, gnb_a, gnb_a, gnb_a};
  const std::vector<std::size_t> sizes{100, 100, 100, 100, 120, 50, 60, 60};
  for (std::size_t i = 0; i < sizes.size(); ++i) in.add(sizes[i]);
  n3_train_builder b(1 << 20, 1472);
  const auto datagrams = in.view(peers);
  const auto out = b.build(datagrams);
  // [a100 a100] [b100 b100] [b120] [a50] [a60 a60]
  ASSERT_EQ(out.size(), 5u);
  EXPECT_EQ(b.trains(), 3u);
  std::vector<std::pair<bytes, ipv4_endpoint>> want;
  for (std::size_t i = 0; i < sizes.size(); ++i) want.emplace_back(in.storage_[i], peers[i]);
  EXPECT_EQ(on_the_wire(out), want);
}

TEST(n3_train_builder, when_a_run_exceeds_64_segments_the_octet_limit_or_the_path_mtu_then_limits_hold) {
  input in;
  std::vector<ipv4_endpoint> peers(200, gnb_a);
  for (int i = 0; i < 200; ++i) in.add(1400);
  n3_train_builder b(1 << 20, 1472);
  const auto datagrams = in.view(peers);
  auto out = b.build(datagrams);
  for (const auto& d : out) {
    EXPECT_LE(d.data_.size(), n3_train_builder::max_train_octets);
    if (d.segment_size_ != 0) {
      EXPECT_LE(d.data_.size() / d.segment_size_, n3_train_builder::max_segments);
    }
  }
  EXPECT_EQ(on_the_wire(out).size(), 200u);

  n3_train_builder small_mtu(1 << 20, 1000);  // 1400-octet datagrams may not go in trains
  out = small_mtu.build(datagrams);
  EXPECT_EQ(out.size(), 200u);
  EXPECT_EQ(small_mtu.trains(), 0u);
}

TEST(n3_train_builder, when_the_buffer_is_too_small_then_datagrams_go_out_unjoined_but_all_of_them) {
  input in;
  std::vector<ipv4_endpoint> peers(20, gnb_a);
  for (int i = 0; i < 20; ++i) in.add(1000);
  n3_train_builder b(5000, 1472);  // room for one run of 5
  const auto datagrams = in.view(peers);
  const auto out = b.build(datagrams);
  EXPECT_EQ(on_the_wire(out).size(), 20u);
  std::vector<std::pair<bytes, ipv4_endpoint>> want;
  for (const auto& s : in.storage_) want.emplace_back(s, gnb_a);
  EXPECT_EQ(on_the_wire(out), want);
}

}  // namespace
}  // namespace meridian::upf
