// From frames to messages: every link type, IPv4 and IPv6, SCTP directly and
// over UDP 9899, DATA chunks bundled and fragmented, PFCP and GTP-U by port,
// and the real captures' message counts (tshark's, see tests/integration/pcap_check_test.cpp).

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "capture_builders.hpp"
#include "meridian/capture/message_extractor.hpp"

namespace meridian::capture {
namespace {

using test::bytes;
using test::data_chunk;

constexpr std::array<std::uint8_t, 4> gnb{10, 0, 0, 2};
constexpr std::array<std::uint8_t, 4> amf{10, 0, 0, 1};

bytes ngap_over_ipv4(const std::vector<data_chunk>& chunks) {
  return test::ipv4(gnb, amf, 132, test::sctp_packet(40000, 38412, chunks));
}

std::vector<captured_message> messages_of(message_extractor& x, link_type link, const std::vector<bytes>& frames) {
  std::vector<captured_message> out;
  std::uint64_t n = 0;
  for (const auto& f : frames) x.add_frame(++n, link, f, out);
  return out;
}

TEST(message_extractor, ngap_is_found_behind_every_link_type) {
  const bytes ip = ngap_over_ipv4({{.payload = {0x00, 0x15, 0x00, 0x01}}});
  const std::vector<std::pair<link_type, bytes>> frames{
      {link_type::ethernet, test::ethernet(ip)},
      {link_type::ethernet, test::ethernet(ip, 0x0800, true)},
      {link_type::linux_sll, test::linux_sll(ip)},
      {link_type::linux_sll2, test::linux_sll2(ip)},
      {link_type::raw, ip},
      {link_type::ipv4, ip},
      {link_type::null, test::bsd_null(ip)},
      {link_type::loop, test::bsd_null(ip)},
  };
  for (const auto& [link, frame] : frames) {
    SCOPED_TRACE(static_cast<int>(link));
    message_extractor x;
    const auto got = messages_of(x, link, {frame});
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].protocol_, captured_protocol::ngap);
    EXPECT_EQ(got[0].src_, "10.0.0.2:40000");
    EXPECT_EQ(got[0].dst_, "10.0.0.1:38412");
    EXPECT_EQ(got[0].payload_, (bytes{0x00, 0x15, 0x00, 0x01}));
  }
}

TEST(message_extractor, frames_that_are_not_ip_or_of_an_unknown_link_are_counted_not_failed) {
  message_extractor x;
  std::vector<captured_message> out;
  x.add_frame(1, link_type::ethernet, test::ethernet(bytes(28, 0), 0x0806), out);  // ARP
  x.add_frame(2, static_cast<link_type>(147), bytes(40, 0), out);                  // a user link type
  x.add_frame(3, link_type::ethernet, bytes(5, 0), out);                           // cut short
  x.add_frame(4, link_type::raw, bytes{0x45, 0, 0}, out);
  EXPECT_TRUE(out.empty());
  const auto c = x.counters();
  EXPECT_EQ(c.frames_, 4u);
  EXPECT_EQ(c.not_ip_, 1u);
  EXPECT_EQ(c.unknown_link_, 1u);
  EXPECT_EQ(c.malformed_link_, 1u);
  EXPECT_EQ(c.malformed_ip_, 1u);
  EXPECT_EQ(c.malformed(), 2u);
}

TEST(message_extractor, ipv6_endpoints_are_written_in_brackets) {
  message_extractor x;
  const auto ip = test::ipv6(2, 1, 132, test::sctp_packet(40000, 38412, {{.payload = {1, 2}}}));
  const auto got = messages_of(x, link_type::raw, {ip});
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].src_, "[2001:db8:0:0:0:0:0:2]:40000");
  EXPECT_EQ(got[0].dst_, "[2001:db8:0:0:0:0:0:1]:38412");
}

TEST(message_extractor, several_data_chunks_in_one_packet_are_several_messages_and_other_ppids_are_not_ngap) {
  message_extractor x;
  const auto ip = test::ipv4(gnb, amf, 132,
                             test::sctp_packet(5000, 6000,
                                               {{.tsn = 1, .stream = 1, .payload = {1}},
                                                {.tsn = 2, .stream = 2, .ppid = 46, .payload = {2}},  // DIAMETER
                                                {.tsn = 3, .stream = 3, .payload = {3, 3, 3, 3, 3}}}));
  const auto got = messages_of(x, link_type::raw, {ip});
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].stream_, 1);
  EXPECT_EQ(got[1].stream_, 3);
  EXPECT_EQ(got[1].payload_, (bytes{3, 3, 3, 3, 3}));
}

TEST(message_extractor, a_message_fragmented_over_three_packets_is_reassembled_in_tsn_order) {
  message_extractor x;
  const auto got = messages_of(x, link_type::raw,
                               {ngap_over_ipv4({{.tsn = 10, .end = false, .payload = {1, 2}}}),
                                ngap_over_ipv4({{.tsn = 11, .begin = false, .end = false, .payload = {3}}}),
                                ngap_over_ipv4({{.tsn = 11, .begin = false, .end = false, .payload = {3}}}),  // again
                                ngap_over_ipv4({{.tsn = 12, .begin = false, .payload = {4, 5}}})});
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].frame_, 4u);
  EXPECT_EQ(got[0].payload_, (bytes{1, 2, 3, 4, 5}));
  EXPECT_EQ(x.counters().sctp_.fragments_dropped_, 0u);
}

TEST(message_extractor, fragments_of_two_streams_interleaved_are_kept_apart) {
  message_extractor x;
  const auto got = messages_of(x, link_type::raw,
                               {ngap_over_ipv4({{.tsn = 1, .stream = 1, .end = false, .payload = {1}},
                                                {.tsn = 2, .stream = 2, .end = false, .payload = {2}}}),
                                ngap_over_ipv4({{.tsn = 3, .stream = 2, .begin = false, .payload = {2}}}),
                                ngap_over_ipv4({{.tsn = 2, .stream = 1, .begin = false, .payload = {1}}})});
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].payload_, (bytes{2, 2}));
  EXPECT_EQ(got[1].payload_, (bytes{1, 1}));
}

TEST(message_extractor, when_a_fragment_is_missing_then_the_message_is_dropped_and_counted) {
  message_extractor x;
  const auto got = messages_of(x, link_type::raw,
                               {ngap_over_ipv4({{.tsn = 10, .end = false, .payload = {1}}}),
                                ngap_over_ipv4({{.tsn = 12, .begin = false, .payload = {3}}}),    // 11 lost
                                ngap_over_ipv4({{.tsn = 20, .begin = false, .payload = {9}}})});  // no beginning
  EXPECT_TRUE(got.empty());
  EXPECT_EQ(x.counters().sctp_.fragments_dropped_, 2u);
}

TEST(message_extractor, sctp_over_udp_9899_is_read_like_sctp_over_ip_fragments_included) {
  message_extractor x;
  const auto over_udp = [](const std::vector<data_chunk>& chunks) {
    return test::ipv4(gnb, amf, 17, test::udp_datagram(9899, 9899, test::sctp_packet(40000, 38412, chunks)));
  };
  const auto got = messages_of(x, link_type::raw,
                               {over_udp({{.tsn = 7, .end = false, .payload = {1, 2, 3}}}),
                                over_udp({{.tsn = 8, .begin = false, .payload = {4}}})});
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].protocol_, captured_protocol::ngap);
  EXPECT_EQ(got[0].payload_, (bytes{1, 2, 3, 4}));
  EXPECT_EQ(got[0].dst_, "10.0.0.1:38412");
}

TEST(message_extractor, pfcp_and_gtpu_are_found_by_udp_port_and_ip_fragments_are_not_read) {
  message_extractor x;
  const bytes payload{0x20, 0x01, 0x00, 0x00};
  const auto got =
      messages_of(x, link_type::raw,
                  {test::ipv4(gnb, amf, 17, test::udp_datagram(8805, 33000, payload)),
                   test::ipv4(gnb, amf, 17, test::udp_datagram(2152, 2152, payload)),
                   test::ipv4(gnb, amf, 17, test::udp_datagram(53, 33000, payload)),
                   test::ipv4(gnb, amf, 17, test::udp_datagram(8805, 8805, payload), 0x2000)});  // more fragments
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].protocol_, captured_protocol::pfcp);
  EXPECT_EQ(got[0].src_, "10.0.0.2:8805");
  EXPECT_EQ(got[1].protocol_, captured_protocol::gtpu);
  EXPECT_EQ(got[1].payload_, payload);
  EXPECT_EQ(x.counters().ip_fragments_, 1u);
}

TEST(message_extractor, a_pcapng_with_two_link_types_gives_the_messages_of_both_interfaces) {
  using test::append;
  bytes file = test::pcapng_section();
  append(file, test::pcapng_interface(1));
  append(file, test::pcapng_interface(276));
  append(file, test::pcapng_enhanced_packet(0, 1, test::ethernet(ngap_over_ipv4({{.payload = {1}}}))));
  append(file, test::pcapng_enhanced_packet(
                   1, 2, test::linux_sll2(test::ipv4(gnb, amf, 17, test::udp_datagram(2152, 2152, bytes{0x30})))));
  auto got = extract_messages(file);
  ASSERT_TRUE(got) << got.error().message();
  ASSERT_EQ(got->messages_.size(), 2u);
  EXPECT_EQ(got->messages_[0].protocol_, captured_protocol::ngap);
  EXPECT_EQ(got->messages_[1].protocol_, captured_protocol::gtpu);
  EXPECT_EQ(got->messages_[1].frame_, 2u);
  EXPECT_FALSE(got->file_error_);
}

struct capture_counts {
  const char* file;
  std::size_t ngap, pfcp, gtpu;
};

TEST(message_extractor, the_real_captures_give_the_messages_tshark_counts) {
  const std::string dir = MERIDIAN_TEST_VECTORS_DIR;
  // tshark -Y ngap / pfcp / gtp (frames; NGAP frames carrying two messages counted twice).
  for (const auto& c : {capture_counts{"/pcaps/open5gs_testsuite-gnb_5g-roaming-hr_2025.pcapng", 23, 36, 18},
                        capture_counts{"/pcaps-n4/free5gc_ueransim_n4-pfcp_2026.pcap", 0, 8, 0},
                        capture_counts{"/pcaps-n4/open5gs_ueransim_sandbox_n4.pcap", 0, 16, 0}}) {
    SCOPED_TRACE(c.file);
    auto got = read_capture(dir + c.file);
    ASSERT_TRUE(got) << got.error();
    std::size_t ngap = 0, pfcp = 0, gtpu = 0;
    for (const auto& m : got->messages_) {
      ngap += m.protocol_ == captured_protocol::ngap;
      pfcp += m.protocol_ == captured_protocol::pfcp;
      gtpu += m.protocol_ == captured_protocol::gtpu;
    }
    EXPECT_EQ(ngap, c.ngap);
    EXPECT_EQ(pfcp, c.pfcp);
    EXPECT_EQ(gtpu, c.gtpu);
    EXPECT_FALSE(got->file_error_);
    EXPECT_EQ(got->counters_.malformed(), 0u);
  }
}

TEST(message_extractor, a_missing_file_is_an_error_that_names_it) {
  auto got = read_capture("/nonexistent/capture.pcap");
  ASSERT_FALSE(got);
  EXPECT_NE(got.error().find("/nonexistent/capture.pcap"), std::string::npos);
}

}  // namespace
}  // namespace meridian::capture
