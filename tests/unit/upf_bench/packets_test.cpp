// The packets the generator sends must be what they claim: uplink G-PDUs that
// our gtpu codec and tshark (the independent oracle) decode, with the TEID,
// QFI, UE address and probe we put in and valid IPv4 checksums.

#include "meridian/upf_bench/packets.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "meridian/common/pcap_writer.hpp"
#include "meridian/gtpu/gpdu.hpp"
#include "support/command_output.hpp"

namespace meridian::upf_bench {
namespace {

std::uint16_t fold(std::uint32_t s) {
  while (s >> 16) s = (s & 0xffff) + (s >> 16);
  return static_cast<std::uint16_t>(s);
}

const ipv4_endpoint dn{{10, 150, 6, 2}, 9000};

std::vector<std::uint8_t> uplink_packet(std::size_t inner, const bench_session& s, const probe& p,
                                        std::uint16_t id = 0x1234) {
  auto w = uplink_packet_writer::create({inner, dn, 40000, 9});
  EXPECT_TRUE(w);
  if (!w) return {};
  std::vector<std::uint8_t> out(w->packet_size(), 0xee);
  w->write(out, s, p, id);
  return out;
}

TEST(uplink_packet_writer, when_inner_size_is_outside_the_limits_then_no_writer_is_made) {
  EXPECT_FALSE(uplink_packet_writer::create({min_inner_size - 1, dn, 40000, 9}));
  EXPECT_FALSE(uplink_packet_writer::create({max_inner_size + 1, dn, 40000, 9}));
  EXPECT_FALSE(uplink_packet_writer::create({64, dn, 40000, 64}));  // QFI is 6 bits
  EXPECT_TRUE(uplink_packet_writer::create({min_inner_size, dn, 40000, 9}));
}

TEST(uplink_packet_writer, every_packet_decodes_with_the_gtpu_codec_with_the_session_and_probe_put_in) {
  const auto sessions = synthetic_sessions(1000, {10, 160, 0, 0});
  for (std::size_t inner : {std::size_t{64}, std::size_t{512}, std::size_t{1400}}) {
    for (std::size_t i : {std::size_t{0}, std::size_t{1}, std::size_t{255}, std::size_t{999}}) {
      const probe p{7, static_cast<std::uint32_t>(i), 1000 + i, 123456789};
      const auto id = static_cast<std::uint16_t>(0xfffe + i);
      const auto pkt = uplink_packet(inner, sessions[i], p, id);
      auto h = gtpu::decode_gpdu(pkt);
      ASSERT_TRUE(h) << h.error().message();
      EXPECT_EQ(h->teid_, sessions[i].uplink_teid_);
      ASSERT_TRUE(h->pdu_session_container_);
      const auto* ul = std::get_if<gtpu::ul_pdu_session_information>(&*h->pdu_session_container_);
      ASSERT_NE(ul, nullptr);
      EXPECT_EQ(ul->qfi_.value(), 9);
      const auto ip = h->body_;
      ASSERT_EQ(ip.size(), inner);
      EXPECT_EQ(fold(internet_checksum_sum(ip.first(20))), 0xffff) << "IPv4 header checksum";
      EXPECT_TRUE(std::equal(sessions[i].ue_address_.begin(), sessions[i].ue_address_.end(), ip.begin() + 12));
      EXPECT_TRUE(std::equal(dn.address.begin(), dn.address.end(), ip.begin() + 16));
      EXPECT_EQ(ip[22] << 8 | ip[23], 9000);
      EXPECT_EQ(std::size_t(ip[24] << 8 | ip[25]), inner - 20);  // UDP length
      EXPECT_EQ(read_probe(ip.subspan(28)), p);
      EXPECT_EQ(ip[4] << 8 | ip[5], id);
      // The UDP checksum is present and right (pseudo-header + datagram sums to all ones).
      EXPECT_NE(ip[26] << 8 | ip[27], 0);
      std::uint32_t pseudo = internet_checksum_sum(ip.subspan(12, 8)) + 17 + static_cast<std::uint32_t>(inner - 20);
      EXPECT_EQ(fold(internet_checksum_sum(ip.subspan(20), pseudo)), 0xffff) << "UDP checksum";
    }
  }
}

TEST(probe, when_the_payload_is_short_or_not_ours_then_it_is_not_read) {
  std::vector<std::uint8_t> b(probe_size);
  const probe p{1, 2, 3, 4};
  write_probe(b, p);
  EXPECT_EQ(read_probe(b), p);
  EXPECT_FALSE(read_probe(std::span(b).first(probe_size - 1)));
  b[0] ^= 1;
  EXPECT_FALSE(read_probe(b));
}

TEST(read_downlink_gpdu, finds_the_probe_in_a_g_pdu_and_rejects_anything_else) {
  const std::size_t payload = downlink_payload_size(512);
  std::vector<std::uint8_t> buf(64 + 28 + payload, 0);
  const probe p{3, 42, 99, 1};
  write_ipv4_udp_headers(std::span(buf).subspan(64), {{10, 150, 6, 2}, 9000}, {{10, 160, 0, 43}, 40000}, payload);
  write_probe(std::span(buf).subspan(64 + 28), p);
  gtpu::gpdu_header_params params;
  params.teid_ = *teid::from(0x10000002);
  auto pkt = gtpu::prepend_gpdu_header(buf, 64, 28 + payload, params);
  ASSERT_TRUE(pkt);
  EXPECT_EQ(read_downlink_gpdu(*pkt), p);
  std::vector<std::uint8_t> broken(pkt->begin(), pkt->end());
  broken[1] = 1;  // Echo Request, not a G-PDU
  EXPECT_FALSE(read_downlink_gpdu(broken));
  EXPECT_FALSE(read_downlink_gpdu(std::span(*pkt).first(20)));
}

TEST(synthetic_sessions, have_distinct_teids_and_consecutive_ue_addresses) {
  const auto s = synthetic_sessions(300, {10, 160, 0, 0});
  ASSERT_EQ(s.size(), 300u);
  EXPECT_EQ(s[0].ue_address_, (std::array<std::uint8_t, 4>{10, 160, 0, 1}));
  EXPECT_EQ(s[299].ue_address_, (std::array<std::uint8_t, 4>{10, 160, 1, 44}));
  EXPECT_NE(s[0].uplink_teid_, s[1].uplink_teid_);
}

using meridian::test::command_output;

TEST(uplink_packet_writer, when_written_to_a_pcap_then_tshark_decodes_teid_qfi_and_inner_addresses_without_errors) {
  if (command_output("command -v tshark").empty()) GTEST_SKIP() << "tshark is not installed";
  const auto path =
      std::filesystem::temp_directory_path() / ("meridian_upf_bench_" + std::to_string(::getpid()) + ".pcap");
  const auto sessions = synthetic_sessions(3, {10, 160, 0, 0});
  {
    auto w = pcap_writer::create(path);
    ASSERT_TRUE(w) << w.error();
    std::size_t n = 0;
    for (std::size_t inner : {std::size_t{64}, std::size_t{512}, std::size_t{1400}}) {
      const auto pkt = uplink_packet(inner, sessions[n], probe{1, static_cast<std::uint32_t>(n), n, 0});
      auto frame = ipv4_udp_frame({{10, 150, 3, 1}, 40001}, {{10, 150, 3, 2}, 2152}, pkt);
      ASSERT_TRUE(frame);
      ASSERT_TRUE(w->write(clock::wall_time{}, *frame));
      ++n;
    }
    ASSERT_TRUE(w->flush());
  }
  const std::string fields =
      command_output("tshark -r " + path.string() +
                     " -T fields -E 'separator=;' -e gtp.teid -e gtp.ext_hdr.pdu_ses_con.qos_flow_id"
                     " -e ip.src -e ip.dst -e udp.length 2>/dev/null");
  const std::string expert = command_output("tshark -o udp.check_checksum:TRUE -r " + path.string() +
                                            " -Y '_ws.malformed || _ws.expert' 2>/dev/null");
  std::filesystem::remove(path);
  std::istringstream lines(fields);
  std::string line;
  std::vector<std::string> got;
  while (std::getline(lines, line)) got.push_back(line);
  ASSERT_EQ(got.size(), 3u) << fields;
  // Outer then inner addresses; outer then inner UDP lengths.
  EXPECT_EQ(got[0], "0x00000001;9;10.150.3.1,10.160.0.1;10.150.3.2,10.150.6.2;" + std::to_string(8 + 16 + 64) + ",44")
      << fields;
  EXPECT_EQ(got[2],
            "0x00000003;9;10.150.3.1,10.160.0.3;10.150.3.2,10.150.6.2;" + std::to_string(8 + 16 + 1400) + ",1380")
      << fields;
  EXPECT_EQ(expert, "") << expert;
}

}  // namespace
}  // namespace meridian::upf_bench
