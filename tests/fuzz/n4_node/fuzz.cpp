// Fuzz target: the UPF's N4 node (TS 29.244) as a peer sees it. A fresh node
// is associated with a test SMF and holds one session (so that modification,
// deletion and report paths are reachable with a valid SEID); the input is
// then cut into datagrams (2-octet length, big-endian, then that many octets)
// delivered one by one from the SMF's address, with time advancing between
// them so retransmission and heartbeat timers run. Properties checked:
//   - nothing crashes, leaks or reads out of bounds (ASan/UBSan);
//   - every datagram the node sends decodes with our own PFCP decoder;
//   - one received datagram gets at most one answer (plus timer-driven requests).

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>

#include "../../unit/upf/n4_fakes.hpp"
#include "../quiet_logging.hpp"
#include "meridian/common/byte_reader.hpp"
#include "meridian/common/hex.hpp"
#include "meridian/pfcp/header.hpp"
#include "meridian/upf/n4_node.hpp"

namespace {

using namespace meridian;
using namespace meridian::upf;

const n4_endpoint smf{{127, 0, 0, 2}, 8805};

// TS 29.244 §7.4.4.7: a header and nothing else. The codec leaves this type
// out of its message variant, so it is checked here on its own.
bool is_version_not_supported_response(std::span<const std::uint8_t> bytes) {
  byte_reader r(bytes);
  auto h = pfcp::decode_header(r);
  return h && h->version_ == 1 &&
         h->message_type_ == static_cast<std::uint8_t>(pfcp::message_type::version_not_supported_response) &&
         !h->seid_ && r.remaining() == 0;
}

void check_sent(const test::fake_sender& sender, std::size_t from) {
  for (std::size_t i = from; i < sender.sent_.size(); ++i) {
    const auto& bytes = sender.sent_[i].bytes_;
    if (is_version_not_supported_response(bytes)) continue;
    auto m = pfcp::decode(bytes);
    if (!m) {  // the node sent something our own decoder refuses: say what, then fail
      std::fprintf(stderr, "undecodable datagram sent: %s\n  %s\n", meridian::to_hex(sender.sent_[i].bytes_).c_str(),
                   m.error().error_.message().c_str());
      std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::quiet_logging();  // the node logs every refusal
  manual_clock clk;
  test::fake_installer installer;
  test::fake_sender sender;
  n4_config cfg;
  n4_node node(cfg, installer, sender, clk);

  pfcp::association_setup_request setup;
  setup.node_id_ = test::smf_node_id();
  setup.recovery_time_stamp_.value_ = 3'900'000'000u;
  node.on_datagram(smf, test::bytes_of(test::request(setup, 1)));
  node.on_datagram(smf, test::bytes_of(test::request(test::establishment(0xc0de), 2, 0)));
  check_sent(sender, 0);

  std::span<const std::uint8_t> in(data, size);
  while (in.size() >= 2) {
    const std::size_t n = std::min<std::size_t>((std::size_t{in[0]} << 8) | in[1], in.size() - 2);
    const auto datagram = in.subspan(2, n);
    in = in.subspan(2 + n);
    const std::size_t before = sender.sent_.size();
    node.on_datagram(smf, datagram);
    if (sender.sent_.size() > before + 1) std::abort();  // at most one answer per datagram
    check_sent(sender, before);
    clk.advance(std::chrono::milliseconds(700));
    const std::size_t before_timer = sender.sent_.size();
    node.on_timer();
    check_sent(sender, before_timer);
  }
  return 0;
}
