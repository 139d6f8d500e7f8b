// What the layer puts on the wire and in its captures, checked by tshark.

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "meridian/common/clock.hpp"
#include "meridian/transport/sctp.hpp"
#include "meridian/transport/sctp_pcap_mirror.hpp"
#include "sctp_test_support.hpp"
#include "support/command_output.hpp"

namespace meridian::transport {
namespace {

using namespace std::chrono_literals;

bool have(const char* tool) { return ::access(tool, X_OK) == 0; }

using meridian::test::command_output;

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);)
    if (!l.empty()) out.push_back(l);
  return out;
}

std::filesystem::path temp_file(const std::string& name) {
  return std::filesystem::temp_directory_path() / fmt::format("{}.{}", name, ::getpid());
}

class sctp_capture : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "usrsctp over raw IP needs root";
    cfg_.backend = sctp_backend_kind::usrsctp;
    cfg_.out_streams = 3;
    cfg_.in_streams = 3;
    test::use_loopback_timers(cfg_);
  }

  /// Connects, sends one message per stream (PPID 60), waits for the echoes.
  void exchange(sctp_client& client, const std::shared_ptr<sctp_pcap_mirror>& mirror) {
    server_events_.echo = true;
    auto server = make_sctp_server(io_, cfg_, test::loopback(), server_events_);
    ASSERT_TRUE(server) << server.error().message();
    client.set_pcap_mirror(mirror);
    auto a = client.connect((*server)->local_endpoint(), test::loopback());
    ASSERT_TRUE(a) << a.error().message();
    ASSERT_TRUE(test::run_until(io_, [&] { return client_events_.up.size() == 1; }));
    for (std::uint16_t s = 0; s < 3; ++s) {
      const std::vector<std::uint8_t> payload(10 + s, static_cast<std::uint8_t>(0xa0 + s));
      ASSERT_TRUE((*a)->send(s, ngap_ppid, payload));
    }
    ASSERT_TRUE(test::run_until(io_, [&] { return client_events_.messages.size() == 3; }));
    local_ = (*a)->local_endpoint();
    remote_ = (*a)->remote_endpoint();
    (*a)->close();
  }

  asio::io_context io_;
  sctp_config cfg_;
  test::recording_notifier server_events_;
  test::recording_notifier client_events_;
  sctp_endpoint local_;
  sctp_endpoint remote_;
};

TEST_F(sctp_capture, when_mirror_is_set_then_tshark_decodes_each_data_message_with_its_stream_and_ppid) {
  if (!have("/usr/bin/tshark")) GTEST_SKIP() << "tshark is not installed";
  const auto file = temp_file("transport_mirror.pcap");
  system_clock_source clk;
  auto mirror = sctp_pcap_mirror::create(file, clk);
  ASSERT_TRUE(mirror) << mirror.error().message();
  sctp_client client(io_, cfg_, client_events_);
  exchange(client, *mirror);
  ASSERT_TRUE((*mirror)->flush());
  EXPECT_EQ((*mirror)->packets_written(), 6u);
  EXPECT_EQ((*mirror)->packets_dropped(), 0u);

  // The payloads are not NGAP; keep the NGAP dissector from judging them.
  const std::string fields = command_output(
      fmt::format("tshark --disable-protocol ngap -r {} -T fields -E separator=, -e ip.src -e sctp.srcport -e ip.dst"
                  " -e sctp.dstport -e sctp.data_sid -e sctp.data_payload_proto_id -e sctp.chunk_length 2>/dev/null",
                  file.string()));
  const auto rows = lines(fields);
  ASSERT_EQ(rows.size(), 6u) << fields;
  const std::string client_side = fmt::format("{},{}", local_.address.to_string(), local_.port);
  const std::string server_side = fmt::format("{},{}", remote_.address.to_string(), remote_.port);
  for (int s = 0; s < 3; ++s) {
    const auto sent = fmt::format("{},{},0x{:04x},60,{}", client_side, server_side, s, 16 + 10 + s);
    const auto echo = fmt::format("{},{},0x{:04x},60,{}", server_side, client_side, s, 16 + 10 + s);
    EXPECT_NE(std::find(rows.begin(), rows.end(), sent), rows.end()) << "missing " << sent << " in:\n" << fields;
    EXPECT_NE(std::find(rows.begin(), rows.end(), echo), rows.end()) << "missing " << echo << " in:\n" << fields;
  }
  const std::string expert =
      command_output(fmt::format("tshark --disable-protocol ngap -r {} -q -z expert,warn 2>&1", file.string()));
  EXPECT_EQ(expert.find("Malformed"), std::string::npos) << expert;
  EXPECT_EQ(expert.find("Error"), std::string::npos) << expert;
  std::filesystem::remove(file);
}

TEST_F(sctp_capture, when_udp_encapsulation_then_the_wire_carries_sctp_in_udp_only) {
  if (!have("/usr/bin/dumpcap") || !have("/usr/bin/tshark")) GTEST_SKIP() << "dumpcap/tshark are not installed";
  cfg_.encapsulation = sctp_encapsulation::udp;
  cfg_.udp_encapsulation_port = test::free_udp_port();
  const auto file = temp_file("transport_udp_wire.pcapng");
  const auto port = cfg_.udp_encapsulation_port;
  // Loopback only, and only our port or SCTP: the capture stops by itself.
  FILE* capture = ::popen(
      fmt::format("dumpcap -q -i lo -f 'udp port {} or sctp' -a duration:3 -w {} 2>/dev/null", port, file.string())
          .c_str(),
      "r");
  ASSERT_NE(capture, nullptr);
  std::this_thread::sleep_for(1200ms);  // dumpcap needs a moment before it captures
  sctp_client client(io_, cfg_, client_events_);
  exchange(client, nullptr);
  ::pclose(capture);

  // Other processes (parallel ctest) may put their own SCTP on lo: judge only
  // frames of our encapsulation port and of our association's SCTP ports.
  const std::string tshark =
      fmt::format("tshark --disable-protocol ngap -d udp.port=={},sctp -r {}", port, file.string());
  const auto ours =
      lines(command_output(fmt::format("{} -Y 'udp.port=={}' -T fields -e frame.protocols 2>/dev/null", tshark, port)));
  ASSERT_FALSE(ours.empty()) << "nothing captured on UDP port " << port;
  for (const auto& r : ours) EXPECT_NE(r.find(":udp:sctp"), std::string::npos) << "not SCTP in UDP: " << r;
  const auto leaked =
      lines(command_output(fmt::format("{} -Y '!udp && sctp.port=={} && sctp.port=={}' -T fields"
                                       " -e frame.number 2>/dev/null",
                                       tshark, local_.port, remote_.port)));
  EXPECT_TRUE(leaked.empty()) << leaked.size() << " raw SCTP packets of this association";
  const std::string ppids = command_output(fmt::format(
      "{} -Y 'udp.port=={} && sctp.data_payload_proto_id==60' -T fields -e sctp.data_sid 2>/dev/null", tshark, port));
  const std::size_t data_frames = lines(ppids).size();
  EXPECT_GE(data_frames, 6u) << ppids;
  std::filesystem::remove(file);
}

}  // namespace
}  // namespace meridian::transport
