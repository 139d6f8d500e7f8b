// Fuzz target: one UPF worker's per-packet path (worker_pipeline) as the wire
// sees it. Two sessions are installed, one of them buffering downlink with a
// QER and a URR, and the pipeline runs with every offload on (N6 super-packets
// for TCP and UDP, N3 trains) as worker 0 of 2, so hand-over is reachable. The
// input is cut into records: one octet of control, two of length (big-endian),
// then that many octets:
//   control bit 0: 0 = a datagram from the gNB on N3, 1 = a packet read from the TUN
//   control bit 1: the N3 record is a GRO buffer of 100-octet segments; a TUN
//                  record starts with 9 octets of offload information (GSO
//                  type, header length, segment size, checksum start and
//                  offset, 2 octets each after the type), as a vnet header gives
//   control bit 2: hand-over to the other worker is refused (its ring is full)
//   control bits 3-7: milliseconds the clock moves before the record.
// Properties checked:
//   - nothing crashes, leaks or reads out of bounds (ASan/UBSan);
//   - every datagram sent on N3 decodes with our own GTP-U decoder;
//   - every super-packet written to N6 cuts into packets again (gso_segmenter);
//   - every Error Indication passed to N4 names an IPv4 tunnel (4-octet address).

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <vector>

#include "../../unit/upf/test_sessions.hpp"
#include "../quiet_logging.hpp"
#include "meridian/common/hex.hpp"
#include "meridian/gtpu/messages.hpp"
#include "meridian/upf/datapath.hpp"
#include "meridian/upf/gso_segmenter.hpp"
#include "meridian/upf/session_table.hpp"
#include "meridian/upf/worker_counters.hpp"
#include "meridian/upf/worker_pipeline.hpp"

namespace {

using namespace meridian;
using namespace meridian::upf;

[[noreturn]] void fail(const char* what, std::span<const std::uint8_t> bytes) {
  std::fprintf(stderr, "%s: %s\n", what, meridian::to_hex(bytes).c_str());
  std::abort();
}

class checking_egress final : public worker_egress {
 public:
  void send_n3(std::span<const transport::outgoing_datagram> datagrams) noexcept override {
    for (const auto& d : datagrams) {
      const std::size_t step = d.segment_size_ != 0 ? d.segment_size_ : d.data_.size();
      if (step == 0) fail("empty datagram sent on N3", d.data_);
      for (std::size_t at = 0; at < d.data_.size(); at += step) {
        const auto one = d.data_.subspan(at, std::min(step, d.data_.size() - at));
        if (!gtpu::decode(one)) fail("undecodable GTP-U sent on N3", one);
      }
    }
  }
  void write_n6(std::span<const n6_packet> packets) noexcept override {
    for (const auto& p : packets) {
      if (p.gso_.gso_type_ == transport::gso_info::gso_none) continue;
      if (!segment_gso_packet(p.bytes_, p.gso_, out_, segment_layout{}))
        fail("super-packet that does not segment", p.bytes_);
    }
  }
  bool hand_over(std::size_t, handoff_kind, const ipv4_endpoint&, std::span<const std::uint8_t>) noexcept override {
    return !refuse_hand_over_;
  }
  bool refuse_hand_over_ = false;

 private:
  std::vector<std::uint8_t> out_ = std::vector<std::uint8_t>(256 * 1024);
};

class counting_notifier final : public datapath_notifier {
 public:
  void on_downlink_data(seid, pdr_id) override { ++reports_; }
  void on_usage_threshold(seid, std::vector<urr_usage>) override { ++reports_; }
  void on_error_indication(remote_f_teid) override { ++reports_; }
  std::size_t reports_ = 0;
};

session_rules buffering_session() {
  session_rules r = test::basic_session(8, 0x200, test::ue_address(3));
  r.fars_[1].action_ = apply_action::buffer_and_notify;
  qer q;
  q.mbr_uplink_kbps_ = 1000;
  q.mbr_downlink_kbps_ = 1000;
  return test::with_qer_and_urr(std::move(r), q);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::quiet_logging();
  pipeline_config cfg;
  cfg.worker_index_ = 0;
  cfg.worker_count_ = 2;
  cfg.arena_slots_ = 64;
  cfg.coalesce_n6_ = true;
  cfg.coalesce_protocols_ = coalesce_protocols{true, true};
  cfg.n3_trains_ = true;
  session_table table;
  checking_egress egress;
  counting_notifier notifier;
  worker_counters counters;
  worker_pipeline pipeline(cfg, table, egress, &notifier, counters);
  manual_clock clk;
  if (!pipeline.establish(test::basic_session(7, 0x100, test::ue_address(2)), clk.now())) std::abort();
  if (!pipeline.establish(buffering_session(), clk.now())) std::abort();

  const ipv4_endpoint gnb{{192, 0, 2, 10}, 2152};
  std::vector<std::uint8_t> packet;
  std::span<const std::uint8_t> in(data, size);
  while (in.size() >= 3) {
    const std::uint8_t control = in[0];
    const std::size_t n = std::min<std::size_t>((std::size_t{in[1]} << 8) | in[2], in.size() - 3);
    const auto record = in.subspan(3, n);
    in = in.subspan(3 + n);
    clk.advance(std::chrono::milliseconds(control >> 3));
    egress.refuse_hand_over_ = (control & 0x04) != 0;
    if ((control & 0x01) == 0) {
      transport::received_datagram d;
      d.data_ = record;
      d.peer_ = gnb;
      if ((control & 0x02) != 0) d.segment_size_ = 100;
      pipeline.on_n3_batch(std::span(&d, 1), clk.now());
    } else {
      transport::tun_packet p;
      auto bytes = record;
      if ((control & 0x02) != 0 && bytes.size() >= 9) {
        auto u16 = [&](std::size_t at) { return static_cast<std::uint16_t>(bytes[at] << 8 | bytes[at + 1]); };
        p.gso_.gso_type_ = static_cast<std::uint8_t>(bytes[0] & 0x07);
        p.gso_.needs_checksum_ = (bytes[0] & 0x80) != 0;
        p.gso_.header_length_ = u16(1);
        p.gso_.gso_size_ = u16(3);
        p.gso_.checksum_start_ = u16(5);
        p.gso_.checksum_offset_ = u16(7);
        bytes = bytes.subspan(9);
      }
      packet.assign(bytes.begin(), bytes.end());  // the pipeline may write into a TUN read
      p.packet_ = packet;
      pipeline.on_n6_packet(p, clk.now());
      pipeline.flush();
    }
  }
  return 0;
}
