#include <gtest/gtest.h>

#include <unistd.h>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "meridian/common/crc32c.hpp"
#include "meridian/common/hex.hpp"
#include "meridian/common/ip_framing.hpp"
#include "meridian/common/pcap_writer.hpp"
#include "support/command_output.hpp"

using namespace meridian;
using bytes = std::vector<std::uint8_t>;

namespace {
std::filesystem::path temp_pcap(const char* name) {
  return std::filesystem::temp_directory_path() / (std::string(name) + "_" + std::to_string(::getpid()) + ".pcap");
}

bytes read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

using meridian::test::command_output;

const ipv4_endpoint gnb{{127, 0, 0, 2}, 2152};
const ipv4_endpoint upf{{127, 0, 0, 3}, 2152};
}  // namespace

TEST(crc32c, matches_the_rfc_3720_check_values) {
  const std::string check = "123456789";
  EXPECT_EQ(crc32c({reinterpret_cast<const std::uint8_t*>(check.data()), check.size()}), 0xE3069283u);
  // RFC 3720 B.4: 32 bytes of zeros, and 32 bytes of 0xff.
  EXPECT_EQ(crc32c(bytes(32, 0x00)), 0x8A9136AAu);
  EXPECT_EQ(crc32c(bytes(32, 0xff)), 0x62A8AB43u);
}

TEST(ip_framing, udp_frame_has_valid_ipv4_and_udp_checksums) {
  const bytes payload{0x32, 0x01, 0x00, 0x04, 0, 0, 0, 0, 0, 0, 0, 0};
  auto frame = ipv4_udp_frame(gnb, upf, payload);
  ASSERT_TRUE(frame);
  ASSERT_EQ(frame->size(), 20u + 8u + payload.size());
  // A correct Internet checksum sums (with itself included) to 0xffff.
  EXPECT_EQ(internet_checksum_sum(std::span(*frame).first(20)), 0xffffu);
  std::uint32_t pseudo = internet_checksum_sum(gnb.address);
  pseudo = internet_checksum_sum(upf.address, pseudo) + 17 + 8 + payload.size();
  EXPECT_EQ(internet_checksum_sum(std::span(*frame).subspan(20), pseudo), 0xffffu);
}

TEST(ip_framing, when_payload_exceeds_ipv4_total_length_then_error) {
  auto frame = ipv4_udp_frame(gnb, upf, bytes(65535, 0));
  ASSERT_FALSE(frame);
  EXPECT_EQ(frame.error().code, encode_errc::value_out_of_range);
}

TEST(pcap_writer, writes_the_classic_header_and_records) {
  const auto path = temp_pcap("meridian_pcap_header");
  {
    auto w = pcap_writer::create(path);
    ASSERT_TRUE(w) << w.error();
    const bytes frame{0x45, 0x00};
    EXPECT_TRUE(w->write(meridian::clock::wall_time(std::chrono::microseconds(1'700'000'000'123'456)), frame));
    EXPECT_EQ(w->frames_written(), 1u);
  }
  const auto file = read_file(path);
  std::filesystem::remove(path);
  ASSERT_EQ(file.size(), 24u + 16u + 2u);
  EXPECT_EQ(to_hex(std::span(file).first(24)),
            "d4c3b2a1020004000000000000000000000004"
            "00e4000000");
  // ts_sec 1700000000 = 0x6553f100, ts_usec 123456 = 0x1e240, lengths 2.
  EXPECT_EQ(to_hex(std::span(file).subspan(24, 16)),
            "00f1536540e20100"
            "0200000002000000");
}

TEST(pcap_writer, when_file_cannot_be_created_then_error_says_why) {
  auto w = pcap_writer::create("/nonexistent-dir/x.pcap");
  ASSERT_FALSE(w);
  EXPECT_NE(w.error().find("/nonexistent-dir/x.pcap"), std::string::npos) << w.error();
}

// tshark is the independent oracle: it must read our file and find the IPv4,
// UDP and SCTP checksums correct.
TEST(pcap_writer, tshark_decodes_udp_and_sctp_frames_with_good_checksums) {
  if (command_output("command -v tshark").empty())
    GTEST_SKIP() << "tshark is not installed (scripts/setup installs it)";
  const auto path = temp_pcap("meridian_pcap_tshark");
  {
    auto w = pcap_writer::create(path);
    ASSERT_TRUE(w) << w.error();
    // GTP-U Echo Request (TS 29.281 §7.2.1) with a sequence number.
    const bytes echo{0x32, 0x01, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x12, 0x34, 0x00, 0x00};
    auto udp = ipv4_udp_frame(gnb, upf, echo);
    ASSERT_TRUE(udp);
    ASSERT_TRUE(w->write(meridian::clock::wall_time(std::chrono::seconds(1'700'000'000)), *udp));
    const bytes data{'h', 'e', 'l', 'l', 'o'};  // 5 octets: the chunk needs 3 octets of padding
    auto sctp = ipv4_sctp_data_frame({{127, 0, 0, 1}, 5000}, {{127, 0, 0, 4}, 5001},
                                     {.verification_tag = 0x01020304, .tsn = 7, .stream_id = 1, .ppid = 0}, data);
    ASSERT_TRUE(sctp);
    ASSERT_TRUE(w->write(meridian::clock::wall_time(std::chrono::seconds(1'700'000'001)), *sctp));
  }
  const std::string out =
      command_output("tshark -r " + path.string() +
                     " -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE -o sctp.checksum:crc-32c"
                     " -T fields -E separator=, -e frame.protocols -e ip.checksum.status"
                     " -e udp.checksum.status -e sctp.checksum.status -e gtp.seq_number -e sctp.data_tsn_raw"
                     " -e sctp.data_sid 2>&1");
  std::filesystem::remove(path);
  // Status 1 means "Good" in tshark's checksum fields.
  EXPECT_NE(out.find("ip:udp:gtp,1,1,,0x1234,,"), std::string::npos) << out;
  EXPECT_NE(out.find("ip:sctp:data,1,,1,,7,0x0001"), std::string::npos) << out;
  EXPECT_EQ(out.find("Malformed"), std::string::npos) << out;
}
