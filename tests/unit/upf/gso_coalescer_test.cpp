// gso_coalescer: what it joins comes back byte for byte when cut up again the
// way the kernel cuts it (gso_segmenter, itself checked against the kernel's
// super-packets), and what the kernel's GRO would not join is left alone.

#include "meridian/upf/gso_coalescer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "meridian/common/ip_framing.hpp"
#include "meridian/upf/gso_segmenter.hpp"
#include "upf/test_packets.hpp"

namespace meridian::upf {
namespace {

using transport::gso_info;
using bytes = std::vector<std::uint8_t>;

void put16(bytes& p, std::size_t at, std::uint16_t v) {
  p[at] = static_cast<std::uint8_t>(v >> 8);
  p[at + 1] = static_cast<std::uint8_t>(v);
}
void put32(bytes& p, std::size_t at, std::uint32_t v) {
  put16(p, at, static_cast<std::uint16_t>(v >> 16));
  put16(p, at + 2, static_cast<std::uint16_t>(v));
}
std::uint16_t fold(std::uint32_t s) {
  while (s >> 16) s = (s & 0xffff) + (s >> 16);
  return static_cast<std::uint16_t>(s);
}

struct flow {
  std::array<std::uint8_t, 4> source_{10, 45, 0, 2};
  std::array<std::uint8_t, 4> destination_{198, 51, 100, 7};
  std::uint16_t source_port_ = 40000;
  std::uint16_t destination_port_ = 5001;
};

/// An IPv4 packet with correct header and transport checksums, DF set, as a Linux sender makes it.
bytes ipv4(const flow& f, std::uint8_t protocol, std::uint16_t id, const bytes& l4) {
  return test::host_ipv4(f.source_, f.destination_, protocol, id, l4);
}

bytes payload(std::size_t n, std::size_t seed) {
  bytes v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::uint8_t>(seed * 31 + i * 7);
  return v;
}

bytes udp(const flow& f, std::uint16_t id, std::size_t size) {
  bytes l4(8);
  put16(l4, 0, f.source_port_);
  put16(l4, 2, f.destination_port_);
  put16(l4, 4, static_cast<std::uint16_t>(8 + size));
  const auto d = payload(size, id);
  l4.insert(l4.end(), d.begin(), d.end());
  return ipv4(f, 17, id, l4);
}

bytes tcp(const flow& f, std::uint16_t id, std::uint32_t sequence, std::size_t size, std::uint8_t flags = 0x10,
          bool timestamps = true) {
  bytes l4(timestamps ? 32 : 20);
  put16(l4, 0, f.source_port_);
  put16(l4, 2, f.destination_port_);
  put32(l4, 4, sequence);
  put32(l4, 8, 0x11223344);  // acknowledgement
  l4[12] = static_cast<std::uint8_t>((l4.size() / 4) << 4);
  l4[13] = flags;
  put16(l4, 14, 502);  // window
  if (timestamps) {
    l4[20] = 1;  // NOP NOP TS(len 10)
    l4[21] = 1;
    l4[22] = 8;
    l4[23] = 10;
    put32(l4, 24, 1000);
    put32(l4, 28, 2000);
  }
  const auto d = payload(size, sequence);
  l4.insert(l4.end(), d.begin(), d.end());
  return ipv4(f, 6, id, l4);
}

/// What the TUN's kernel would make of the coalescer's output: each write cut
/// up as the kernel cuts a GSO packet. Also returns how many writes there were.
std::vector<bytes> as_kernel_sees(std::span<const n6_packet> out) {
  std::vector<bytes> packets;
  for (const n6_packet& p : out) {
    if (p.gso_.gso_type_ == gso_info::gso_none) {
      EXPECT_FALSE(p.gso_.needs_checksum_);
      packets.emplace_back(p.bytes_.begin(), p.bytes_.end());
      continue;
    }
    EXPECT_TRUE(p.gso_.needs_checksum_);
    EXPECT_EQ(p.gso_.checksum_start_, 20);
    EXPECT_LE(p.bytes_.size(), gso_coalescer::max_super_packet);
    // The super-packet's own IPv4 header must pass the receiving stack's check.
    EXPECT_EQ(fold(internet_checksum_sum(p.bytes_.first(20))), 0xffff);
    bytes room(256 * 1024);
    auto seg = segment_gso_packet(p.bytes_, p.gso_, room, segment_layout{});
    if (!seg) {
      ADD_FAILURE() << "does not segment: " << seg.error().message();
      continue;
    }
    for (std::size_t i = 0; i < seg->count_; ++i) {
      const std::size_t len = i + 1 == seg->count_ ? seg->last_length_ : seg->segment_length_;
      const auto at = room.begin() + static_cast<std::ptrdiff_t>(i * seg->stride_);
      packets.emplace_back(at, at + static_cast<std::ptrdiff_t>(len));
    }
  }
  return packets;
}

TEST(gso_coalescer, when_a_udp_flow_arrives_in_sequence_then_one_super_packet_gives_back_every_packet_exactly) {
  gso_coalescer c;
  std::vector<bytes> in;
  for (std::uint16_t i = 0; i < 20; ++i) in.push_back(udp(flow{}, static_cast<std::uint16_t>(0xfff6 + i), 1372));
  in.push_back(udp(flow{}, static_cast<std::uint16_t>(0xfff6 + 20), 100));  // a shorter last one
  for (const auto& p : in) ASSERT_TRUE(c.add(p));
  const auto out = c.finish();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].gso_.gso_type_, gso_info::gso_udp_l4);
  EXPECT_EQ(out[0].gso_.gso_size_, 1372);
  EXPECT_EQ(out[0].gso_.header_length_, 28);
  EXPECT_EQ(out[0].gso_.checksum_offset_, 6);
  EXPECT_EQ(as_kernel_sees(out), in);  // Identification wraps past 0xffff on the way
  EXPECT_EQ(c.joined_packets(), 21u);
  EXPECT_EQ(c.super_packets(), 1u);
}

TEST(gso_coalescer, when_a_tcp_flow_with_timestamps_arrives_in_sequence_then_it_comes_back_exactly_with_psh_last) {
  gso_coalescer c;
  std::vector<bytes> in;
  std::uint32_t seq = 0xfffff000;  // wraps
  for (std::uint16_t i = 0; i < 10; ++i) {
    const bool last = i == 9;
    in.push_back(tcp(flow{}, static_cast<std::uint16_t>(7 + i), seq, 1348, last ? 0x18 : 0x10));
    seq += 1348;
  }
  for (const auto& p : in) ASSERT_TRUE(c.add(p));
  const auto out = c.finish();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].gso_.gso_type_, gso_info::gso_tcpv4);
  EXPECT_EQ(out[0].gso_.header_length_, 52);
  EXPECT_EQ(out[0].gso_.checksum_offset_, 16);
  EXPECT_EQ(as_kernel_sees(out), in);
}

TEST(gso_coalescer, when_psh_ends_a_tcp_run_then_the_next_packet_starts_a_new_one) {
  gso_coalescer c;
  std::vector<bytes> in{tcp(flow{}, 1, 100, 500, 0x18), tcp(flow{}, 2, 600, 500), tcp(flow{}, 3, 1100, 500)};
  for (const auto& p : in) ASSERT_TRUE(c.add(p));
  const auto out = c.finish();
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(as_kernel_sees(out), in);
}

TEST(gso_coalescer, when_packets_are_not_what_gro_would_join_then_each_passes_through_untouched) {
  const flow f{};
  auto bad_checksum = udp(f, 2, 500);
  bad_checksum[40] ^= 0x01;
  auto no_checksum = udp(f, 3, 500);
  put16(no_checksum, 26, 0);
  // Without URG the urgent pointer means nothing, but a super-packet gives
  // every segment the first one's: packets that differ there stay apart.
  auto urgent_pointer_set = tcp(f, 2, 600, 500);
  urgent_pointer_set = test::host_ipv4(f.source_, f.destination_, 6, 2, [&] {
    bytes l4(urgent_pointer_set.begin() + 20, urgent_pointer_set.end());
    l4[19] = 1;  // checksums are computed afresh around it
    return l4;
  }());
  auto fragment = udp(f, 4, 500);
  put16(fragment, 6, 0x2000);  // MF
  const std::vector<std::pair<const char*, std::vector<bytes>>> cases{
      {"identification skips", {udp(f, 1, 500), udp(f, 3, 500)}},
      {"second is longer", {udp(f, 1, 400), udp(f, 2, 500)}},
      {"corrupted checksum", {udp(f, 1, 500), bad_checksum}},
      {"no UDP checksum", {udp(f, 2, 500), no_checksum}},
      {"fragment", {udp(f, 3, 500), fragment}},
      {"tcp sequence gap", {tcp(f, 1, 100, 500), tcp(f, 2, 700, 500)}},
      {"tcp SYN", {tcp(f, 1, 100, 500, 0x02), tcp(f, 2, 600, 500, 0x02)}},
      {"tcp FIN", {tcp(f, 1, 100, 500, 0x11), tcp(f, 2, 600, 500)}},
      {"tcp pure ACKs", {tcp(f, 1, 100, 0), tcp(f, 2, 100, 0)}},
      {"tcp options differ", {tcp(f, 1, 100, 500, 0x10, true), tcp(f, 2, 600, 500, 0x10, false)}},
      {"tcp urgent pointer differs (found by the fuzzer)", {tcp(f, 1, 100, 500), urgent_pointer_set}},
  };
  for (const auto& [name, in] : cases) {
    gso_coalescer c;
    for (const auto& p : in) ASSERT_TRUE(c.add(p)) << name;
    const auto out = c.finish();
    EXPECT_EQ(out.size(), in.size()) << name;
    EXPECT_EQ(c.super_packets(), 0u) << name;
    for (const auto& p : out) EXPECT_EQ(p.gso_.gso_type_, gso_info::gso_none) << name;
    EXPECT_EQ(as_kernel_sees(out), in) << name;
  }
}

TEST(gso_coalescer, when_udp_joining_is_off_for_an_old_kernel_then_udp_passes_through_and_tcp_is_still_joined) {
  gso_coalescer c(8, 16, coalesce_protocols{.udp_ = false, .tcp_ = true});
  std::vector<bytes> in;
  for (std::uint16_t i = 0; i < 4; ++i) in.push_back(udp(flow{}, i, 300));
  for (std::uint16_t i = 0; i < 4; ++i)
    in.push_back(tcp(flow{}, static_cast<std::uint16_t>(10 + i), 1000 + 300u * i, 300));
  for (const auto& p : in) ASSERT_TRUE(c.add(p));
  const auto out = c.finish();
  ASSERT_EQ(out.size(), 5u);  // four UDP packets as they came, one TCP super-packet
  std::size_t super = 0;
  for (const auto& p : out) {
    if (p.gso_.gso_type_ == gso_info::gso_none) continue;
    ++super;
    EXPECT_EQ(p.gso_.gso_type_, gso_info::gso_tcpv4);
  }
  EXPECT_EQ(super, 1u);
  auto seen = as_kernel_sees(out);
  std::sort(seen.begin(), seen.end());
  std::sort(in.begin(), in.end());
  EXPECT_EQ(seen, in);
}

TEST(gso_coalescer, when_a_shorter_packet_ends_a_run_then_the_next_one_starts_another) {
  gso_coalescer c;
  const std::vector<bytes> in{udp(flow{}, 1, 500), udp(flow{}, 2, 400), udp(flow{}, 3, 400)};
  for (const auto& p : in) ASSERT_TRUE(c.add(p));
  const auto out = c.finish();
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].gso_.gso_type_, gso_info::gso_udp_l4);
  EXPECT_EQ(out[1].gso_.gso_type_, gso_info::gso_none);
  EXPECT_EQ(as_kernel_sees(out), in);
}

TEST(gso_coalescer, when_flows_interleave_then_each_is_joined_and_keeps_its_own_order) {
  gso_coalescer c(4);
  std::vector<std::vector<bytes>> flows(3);
  for (std::uint16_t i = 0; i < 12; ++i) {
    for (std::size_t k = 0; k < flows.size(); ++k) {
      flow f;
      f.source_port_ = static_cast<std::uint16_t>(1000 + k);
      flows[k].push_back(udp(f, static_cast<std::uint16_t>(100 * k + i), 200));
      ASSERT_TRUE(c.add(flows[k].back()));
    }
  }
  const auto out = c.finish();
  EXPECT_EQ(out.size(), 3u);
  const auto seen = as_kernel_sees(out);
  for (const auto& f : flows) {
    std::vector<bytes> got;
    for (const auto& p : seen)
      if (p[20] == f[0][20] && p[21] == f[0][21]) got.push_back(p);
    EXPECT_EQ(got, f);
  }
}

TEST(gso_coalescer, when_more_flows_than_runs_interleave_then_nothing_is_lost_or_reordered_within_a_flow) {
  gso_coalescer c(2);
  std::vector<bytes> in;
  for (std::uint16_t i = 0; i < 5; ++i)
    for (std::uint16_t k = 0; k < 5; ++k) {
      flow f;
      f.source_port_ = static_cast<std::uint16_t>(2000 + k);
      in.push_back(udp(f, static_cast<std::uint16_t>(10 * k + i), 64));
    }
  for (const auto& p : in) ASSERT_TRUE(c.add(p));
  auto seen = as_kernel_sees(c.finish());
  ASSERT_EQ(seen.size(), in.size());
  // Per flow, the order is the arrival order.
  for (std::uint16_t k = 0; k < 5; ++k) {
    std::vector<bytes> want, got;
    for (const auto& p : in)
      if (p[21] == static_cast<std::uint8_t>(2000 + k)) want.push_back(p);
    for (const auto& p : seen)
      if (p[21] == static_cast<std::uint8_t>(2000 + k)) got.push_back(p);
    EXPECT_EQ(got, want);
  }
}

TEST(gso_coalescer, when_a_run_reaches_64_udp_segments_or_64_kib_then_a_new_super_packet_starts) {
  gso_coalescer c;
  std::vector<bytes> in;
  for (std::uint16_t i = 0; i < 150; ++i) in.push_back(udp(flow{}, i, 36));
  for (const auto& p : in) ASSERT_TRUE(c.add(p));
  auto out = c.finish();
  EXPECT_EQ(out.size(), 3u);  // 64 + 64 + 22
  EXPECT_EQ(as_kernel_sees(out), in);
  c.clear();

  std::vector<bytes> big;
  std::uint32_t seq = 1;
  for (std::uint16_t i = 0; i < 60; ++i) {
    big.push_back(tcp(flow{}, i, seq, 1400));
    seq += 1400;
  }
  for (const auto& p : big) ASSERT_TRUE(c.add(p));
  out = c.finish();
  ASSERT_GE(out.size(), 2u);
  for (const auto& p : out) EXPECT_LE(p.bytes_.size(), 65535u);
  EXPECT_EQ(as_kernel_sees(out), big);
}

TEST(gso_coalescer, when_every_buffer_is_in_use_then_add_refuses_until_the_output_is_written) {
  gso_coalescer c(2, 1);  // one buffer
  flow a, b;
  b.source_port_ = 9;
  ASSERT_TRUE(c.add(udp(a, 1, 100)));
  const auto a2 = udp(a, 2, 100);
  ASSERT_TRUE(c.add(a2));  // takes the only buffer
  const auto b1 = udp(b, 1, 100), b2 = udp(b, 2, 100);
  ASSERT_TRUE(c.add(b1));   // a single packet needs no buffer
  EXPECT_FALSE(c.add(b2));  // joining it would
  EXPECT_EQ(c.finish().size(), 2u);
  c.clear();
  EXPECT_TRUE(c.add(b2));
  EXPECT_EQ(c.finish().size(), 1u);
}

TEST(gso_coalescer, when_fed_random_bytes_and_mutations_then_it_never_crashes_and_loses_nothing) {
  std::mt19937 rng(29);
  gso_coalescer c(3, 2);
  std::vector<bytes> keep;  // the output refers to these
  keep.reserve(4000);
  std::size_t added = 0, seen = 0;
  for (int round = 0; round < 4000; ++round) {
    bytes p = rng() % 2 ? udp(flow{}, static_cast<std::uint16_t>(round), rng() % 600)
                        : tcp(flow{}, static_cast<std::uint16_t>(round), static_cast<std::uint32_t>(round * 100),
                              rng() % 600, static_cast<std::uint8_t>(rng()));
    const std::size_t flips = rng() % 3;
    for (std::size_t i = 0; i < flips; ++i) p[rng() % p.size()] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
    if (rng() % 5 == 0) p.resize(rng() % (p.size() + 1));
    keep.push_back(std::move(p));
    if (!c.add(keep.back())) {
      seen += as_kernel_sees(c.finish()).size();
      c.clear();
      ASSERT_TRUE(c.add(keep.back()));
    }
    ++added;
  }
  seen += as_kernel_sees(c.finish()).size();
  EXPECT_EQ(seen, added);
}

}  // namespace
}  // namespace meridian::upf
