// Reading pcap and pcapng files: both byte orders, both timestamp precisions,
// several interfaces with their own link types and resolutions, and files cut
// short at every byte.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "capture_builders.hpp"
#include "meridian/capture/capture_file.hpp"
#include "meridian/capture/message_extractor.hpp"

namespace meridian::capture {
namespace {

using test::append;
using test::bytes;

std::vector<captured_frame> all_frames(capture_reader& r) {
  std::vector<captured_frame> out;
  while (auto f = r.next()) out.push_back(*f);
  return out;
}

TEST(capture_file, pcap_in_either_byte_order_and_precision_gives_every_frame_with_its_time) {
  const std::vector<bytes> frames{{1, 2, 3}, {}, bytes(70, 0xaa)};
  for (bool big : {false, true}) {
    for (bool ns : {false, true}) {
      SCOPED_TRACE(std::string(big ? "big" : "little") + (ns ? " ns" : " us"));
      const auto file = test::pcap_file(113, frames, big, ns);
      auto r = capture_reader::open(file);
      ASSERT_TRUE(r) << r.error().message();
      EXPECT_EQ(r->format(), capture_format::pcap);
      const auto got = all_frames(*r);
      ASSERT_EQ(got.size(), 3u);
      EXPECT_FALSE(r->error());
      for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(got[i].number_, i + 1);
        EXPECT_EQ(got[i].link_, link_type::linux_sll);
        EXPECT_TRUE(std::ranges::equal(got[i].data_, frames[i]));
        EXPECT_EQ(got[i].timestamp_ns_, (1700000000ull + i) * 1'000'000'000ull + (ns ? 500u : 500'000u));
      }
    }
  }
}

TEST(capture_file, pcapng_with_several_interfaces_gives_each_frame_its_interfaces_link_type_and_resolution) {
  bytes file = test::pcapng_section();
  append(file, test::pcapng_interface(1));               // Ethernet, microseconds
  append(file, test::pcapng_interface(101, 9));          // raw IP, nanoseconds
  append(file, test::pcapng_interface(276, 0x80 | 10));  // SLL2, 2^-10 s
  append(file, test::pcapng_enhanced_packet(1, 1'500'000'000'123ull, {0x45, 1}));
  append(file, test::pcapng_block(5, bytes(8, 0)));  // interface statistics: skipped
  append(file, test::pcapng_enhanced_packet(0, 2'000'001ull, {9, 9, 9}));
  append(file, test::pcapng_enhanced_packet(2, 3 * 1024 + 512, {7}));
  append(file, test::pcapng_simple_packet({5, 5}));  // always interface 0
  auto r = capture_reader::open(file);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->format(), capture_format::pcapng);
  const auto got = all_frames(*r);
  EXPECT_FALSE(r->error()) << r->error()->message();
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0].link_, link_type::raw);
  EXPECT_EQ(got[0].interface_, 1u);
  EXPECT_EQ(got[0].timestamp_ns_, 1'500'000'000'123ull);
  EXPECT_EQ(got[1].link_, link_type::ethernet);
  EXPECT_EQ(got[1].timestamp_ns_, 2'000'001'000ull);
  EXPECT_EQ(got[2].link_, link_type::linux_sll2);
  EXPECT_EQ(got[2].timestamp_ns_, 3'500'000'000ull);
  EXPECT_EQ(got[3].link_, link_type::ethernet);
  EXPECT_EQ(got[3].data_.size(), 2u);
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i].number_, i + 1);
}

TEST(capture_file, a_new_pcapng_section_in_the_other_byte_order_starts_its_own_interfaces) {
  bytes file = test::pcapng_section();
  append(file, test::pcapng_interface(1));
  append(file, test::pcapng_enhanced_packet(0, 1, {1}));
  append(file, test::pcapng_section(true));
  append(file, test::pcapng_interface(229, -1, true));
  append(file, test::pcapng_enhanced_packet(0, 1, {0x60, 2}, true));
  auto r = capture_reader::open(file);
  ASSERT_TRUE(r);
  const auto got = all_frames(*r);
  EXPECT_FALSE(r->error());
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].link_, link_type::ethernet);
  EXPECT_EQ(got[1].link_, link_type::ipv6);
  EXPECT_EQ(got[1].data_.size(), 2u);
}

TEST(capture_file, when_a_packet_names_an_interface_not_described_then_reading_stops_with_an_error) {
  bytes file = test::pcapng_section();
  append(file, test::pcapng_interface(1));
  append(file, test::pcapng_enhanced_packet(0, 1, {1}));
  append(file, test::pcapng_enhanced_packet(4, 1, {1}));
  auto r = capture_reader::open(file);
  ASSERT_TRUE(r);
  EXPECT_EQ(all_frames(*r).size(), 1u);
  ASSERT_TRUE(r->error());
  EXPECT_EQ(r->error()->code, decode_errc::invalid_value);
}

TEST(capture_file, when_the_file_is_neither_pcap_nor_pcapng_then_open_fails) {
  const bytes text{'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd', '\n'};
  auto r = capture_reader::open(text);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, decode_errc::unknown_type);
  EXPECT_FALSE(capture_reader::open(bytes{}));
}

// Every prefix of every real capture: no crash, the frames before the cut are
// all there, and a cut inside a record is reported where the file ended.
TEST(capture_file, every_truncation_of_every_capture_reads_the_whole_frames_before_it_and_reports_the_cut) {
  std::size_t files = 0;
  for (const char* dir : {"pcaps", "pcaps-n4", "pcaps-nas"}) {
    for (const auto& entry :
         std::filesystem::directory_iterator(std::filesystem::path(MERIDIAN_TEST_VECTORS_DIR) / dir)) {
      const auto ext = entry.path().extension();
      if (ext != ".pcap" && ext != ".pcapng") continue;
      ++files;
      SCOPED_TRACE(entry.path().filename().string());
      auto whole = read_file_bytes(entry.path());
      ASSERT_TRUE(whole);
      auto full_reader = capture_reader::open(*whole);
      ASSERT_TRUE(full_reader);
      std::vector<std::size_t> frame_ends;  // the offset at which each frame's record ends
      while (auto f = full_reader->next())
        frame_ends.push_back(static_cast<std::size_t>(f->data_.data() + f->data_.size() - whole->data()));
      ASSERT_FALSE(full_reader->error());
      // pcapng pads and closes each block after the data: a few octets more.
      const std::size_t slack = entry.path().extension() == ".pcapng" ? 64 : 0;
      const std::size_t step = whole->size() > 100'000 ? 97 : 1;  // the big pcapng: every 97th prefix
      for (std::size_t n = 0; n < whole->size(); n += step) {
        const std::span<const std::uint8_t> cut(whole->data(), n);
        auto r = capture_reader::open(cut);
        if (!r) {
          EXPECT_LE(r.error().offset, n);
          continue;
        }
        std::size_t frames = 0;
        message_extractor extractor;  // and the layers above: no crash on a cut frame either
        std::vector<captured_message> messages;
        while (auto f = r->next()) {
          ++frames;
          ASSERT_LE(f->data_.data() + f->data_.size(), cut.data() + cut.size());
          if (step == 1) extractor.add_frame(*f, messages);
        }
        std::size_t whole_frames = 0;
        while (whole_frames < frame_ends.size() && frame_ends[whole_frames] + slack <= n) ++whole_frames;
        EXPECT_GE(frames, whole_frames) << "cut at " << n;
        EXPECT_LE(frames, frame_ends.size());
        if (r->error()) {
          EXPECT_LE(r->error()->offset, n);
        }
        // A classic pcap cut anywhere but between records says it was cut.
        if (slack == 0 && n > 24 && std::ranges::find(frame_ends, n) == frame_ends.end()) {
          EXPECT_TRUE(r->error()) << "cut at " << n;
        }
      }
    }
  }
  EXPECT_GE(files, 6u);
}

}  // namespace
}  // namespace meridian::capture
