// The per-packet path of one worker (worker_pipeline), driven without sockets:
// a fake egress records what would leave, a manual clock moves time, and a
// fake notifier records what N4 would be told. GTP-U that leaves is decoded
// with the GTP-U codec, not compared with bytes written by the same code.

#include "meridian/upf/worker_pipeline.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

#include <gtest/gtest.h>

#include "meridian/gtpu/gpdu.hpp"
#include "meridian/gtpu/messages.hpp"
#include "meridian/upf/gso_segmenter.hpp"
#include "upf/test_packets.hpp"
#include "upf/test_sessions.hpp"

namespace meridian::upf {
namespace {

using test::basic_session;
using test::ipv4_packet;
using test::packet_spec;

struct sent_datagram {
  std::vector<std::uint8_t> bytes_;
  ipv4_endpoint peer_;
};

struct handed_packet {
  std::size_t to_ = 0;
  handoff_kind kind_ = handoff_kind::n3_datagram;
  ipv4_endpoint peer_{};
  std::vector<std::uint8_t> bytes_;
};

class fake_egress final : public worker_egress {
 public:
  // Trains and super-packets are cut up again (as the kernel would) so that
  // n3_ and n6_ hold packets; what one call carried is kept as well.
  void send_n3(std::span<const transport::outgoing_datagram> d) noexcept override {
    for (const auto& x : d) {
      n3_sends_.push_back({x.data_.size(), x.segment_size_});
      const std::size_t step = x.segment_size_ != 0 ? x.segment_size_ : x.data_.size();
      for (std::size_t at = 0; at < x.data_.size(); at += step) {
        const auto seg = x.data_.subspan(at, std::min(step, x.data_.size() - at));
        n3_.push_back({{seg.begin(), seg.end()}, x.peer_});
      }
    }
  }
  void write_n6(std::span<const n6_packet> p) noexcept override {
    for (const auto& x : p) {
      n6_writes_.push_back(x);
      if (x.gso_.gso_type_ == transport::gso_info::gso_none) {
        n6_.emplace_back(x.bytes_.begin(), x.bytes_.end());
        continue;
      }
      std::vector<std::uint8_t> out(128 * 1024);
      auto seg = segment_gso_packet(x.bytes_, x.gso_, out, segment_layout{});
      if (!seg) {
        ADD_FAILURE() << "the pipeline wrote a super-packet that does not segment: " << seg.error().message();
        continue;
      }
      for (std::size_t i = 0; i < seg->count_; ++i) {
        const auto len = i + 1 == seg->count_ ? seg->last_length_ : seg->segment_length_;
        n6_.emplace_back(out.begin() + static_cast<std::ptrdiff_t>(i * seg->stride_),
                         out.begin() + static_cast<std::ptrdiff_t>(i * seg->stride_ + len));
      }
    }
  }
  bool hand_over(std::size_t to, handoff_kind kind, const ipv4_endpoint& peer,
                 std::span<const std::uint8_t> bytes) noexcept override {
    handed_.push_back({to, kind, peer, {bytes.begin(), bytes.end()}});
    return true;
  }
  std::vector<sent_datagram> n3_;
  std::vector<std::vector<std::uint8_t>> n6_;
  std::vector<n6_packet> n6_writes_;                             ///< bytes_ dangle after the call: only gso_ is of use
  std::vector<std::pair<std::size_t, std::uint16_t>> n3_sends_;  ///< octets and segment size of each send
  std::vector<handed_packet> handed_;
};

class fake_notifier final : public datapath_notifier {
 public:
  void on_downlink_data(seid s, pdr_id p) override { downlink_data_.emplace_back(s, p); }
  void on_usage_threshold(seid s, std::vector<urr_usage> u) override { thresholds_.emplace_back(s, std::move(u)); }
  void on_error_indication(remote_f_teid t) override { error_indications_.push_back(t); }
  std::vector<std::pair<seid, pdr_id>> downlink_data_;
  std::vector<std::pair<seid, std::vector<urr_usage>>> thresholds_;
  std::vector<remote_f_teid> error_indications_;
};

constexpr std::uint32_t teid_value = 0x100;
const ipv4_address ue = test::ue_address(2);
const ipv4_endpoint gnb{{192, 0, 2, 10}, 2152};
const seid session_id = *seid::from(7);

std::vector<std::uint8_t> gpdu(std::uint32_t t, std::span<const std::uint8_t> inner,
                               std::optional<std::uint8_t> q = {}) {
  gtpu::message m;
  m.teid_ = *teid::from(t);
  if (q) {
    gtpu::ul_pdu_session_information ul;
    ul.qfi_ = *qfi::from(*q);
    m.extension_headers_.push_back({gtpu::extension_type::pdu_session_container, gtpu::pdu_session_container{ul}});
  }
  m.body_ = gtpu::g_pdu{{inner.begin(), inner.end()}};
  return *gtpu::encode(m);
}

gtpu::message decode(const sent_datagram& d) {
  auto m = gtpu::decode(d.bytes_);
  EXPECT_TRUE(m.has_value());
  return m ? *m : gtpu::message{};
}

class pipeline_test : public ::testing::Test {
 protected:
  pipeline_test() : pipeline_(config(), table_, egress_, &notifier_, counters_) {}

  static pipeline_config config() {
    pipeline_config c;
    c.n3_address_ = {198, 51, 100, 1};
    c.arena_slots_ = 16;
    return c;
  }

  void uplink(std::span<const std::uint8_t> datagram, ipv4_endpoint from = gnb) {
    transport::received_datagram d;
    d.data_ = datagram;
    d.peer_ = from;
    pipeline_.on_n3_batch(std::span(&d, 1), clock_.now());
  }
  void downlink(std::span<std::uint8_t> packet) {
    transport::tun_packet p;
    p.packet_ = packet;
    pipeline_.on_n6_packet(p, clock_.now());
    pipeline_.flush();
  }
  std::vector<std::uint8_t> to_ue(std::size_t payload = 100) {
    packet_spec s;
    s.source_ = ipv4_from_octets(198, 51, 100, 7);
    s.destination_ = ue;
    s.payload_ = payload;
    return ipv4_packet(s);
  }
  std::vector<std::uint8_t> from_ue(std::size_t payload = 100) {
    packet_spec s;
    s.source_ = ue;
    s.payload_ = payload;
    return ipv4_packet(s);
  }
  std::uint64_t count(worker_counter c) const { return counters_.get(c); }

  /// Gives `p` the same datagram from the gNB `times` times, one batch each.
  void repeat_uplink(worker_pipeline& p, std::span<const std::uint8_t> datagram, int times) {
    transport::received_datagram r;
    r.data_ = datagram;
    r.peer_ = gnb;
    for (int i = 0; i < times; ++i) p.on_n3_batch(std::span(&r, 1), clock_.now());
  }

  session_rules rules_with_qer_and_urr() {
    return test::with_qer_and_urr(basic_session(session_id.value(), teid_value, ue));
  }

  manual_clock clock_;
  session_table table_;
  fake_egress egress_;
  fake_notifier notifier_;
  worker_counters counters_;
  worker_pipeline pipeline_;
};

TEST_F(pipeline_test, when_gpdu_arrives_in_a_sessions_tunnel_then_its_inner_packet_goes_to_n6) {
  ASSERT_TRUE(pipeline_.establish(basic_session(7, teid_value, ue), clock_.now()));
  const auto inner = from_ue();
  uplink(gpdu(teid_value, inner, 9));
  ASSERT_EQ(egress_.n6_.size(), 1u);
  EXPECT_EQ(egress_.n6_[0], inner);
  EXPECT_EQ(count(worker_counter::uplink_packets), 1u);
  EXPECT_EQ(count(worker_counter::uplink_octets), inner.size());
}

TEST_F(pipeline_test, when_packet_for_a_ue_arrives_from_n6_then_it_leaves_in_the_tunnel_with_the_qer_qfi) {
  ASSERT_TRUE(pipeline_.establish(rules_with_qer_and_urr(), clock_.now()));
  auto inner = to_ue();
  const auto original = inner;
  downlink(inner);
  ASSERT_EQ(egress_.n3_.size(), 1u);
  EXPECT_EQ(egress_.n3_[0].peer_.address, gnb.address);
  EXPECT_EQ(egress_.n3_[0].peer_.port, 2152);
  const auto m = decode(egress_.n3_[0]);
  EXPECT_EQ(m.teid_.value(), 0x1000'0000u + teid_value);
  ASSERT_EQ(m.extension_headers_.size(), 1u);
  const auto* c = std::get_if<gtpu::pdu_session_container>(&m.extension_headers_[0].content_);
  ASSERT_NE(c, nullptr);
  const auto* dl = std::get_if<gtpu::dl_pdu_session_information>(c);
  ASSERT_NE(dl, nullptr);
  EXPECT_EQ(dl->qfi_.value(), 9);
  const auto* body = std::get_if<gtpu::g_pdu>(&m.body_);
  ASSERT_NE(body, nullptr);
  EXPECT_EQ(body->t_pdu_, original);
}

TEST_F(pipeline_test, when_far_says_drop_then_nothing_leaves_and_the_drop_is_counted) {
  session_rules r = basic_session(7, teid_value, ue);
  for (far& f : r.fars_) f.action_ = apply_action::drop;
  ASSERT_TRUE(pipeline_.establish(r, clock_.now()));
  uplink(gpdu(teid_value, from_ue()));
  auto p = to_ue();
  downlink(p);
  EXPECT_TRUE(egress_.n6_.empty());
  EXPECT_TRUE(egress_.n3_.empty());
  EXPECT_EQ(count(worker_counter::dropped_far), 2u);
}

TEST_F(pipeline_test, when_uplink_gate_is_closed_then_uplink_is_dropped_and_downlink_still_flows) {
  session_rules r = rules_with_qer_and_urr();
  r.qers_[0].gate_uplink_ = gate::closed;
  ASSERT_TRUE(pipeline_.establish(r, clock_.now()));
  uplink(gpdu(teid_value, from_ue()));
  auto p = to_ue();
  downlink(p);
  EXPECT_TRUE(egress_.n6_.empty());
  EXPECT_EQ(egress_.n3_.size(), 1u);
  EXPECT_EQ(count(worker_counter::dropped_gate_closed), 1u);
}

TEST_F(pipeline_test, when_flow_exceeds_the_mbr_then_what_is_forwarded_stays_within_five_percent_of_the_rate) {
  // Offer 8 Mbit/s (1000-octet packets every millisecond) against an MBR of
  // 2 Mbit/s for 10 s of injected time; count the octets that leave.
  session_rules r = rules_with_qer_and_urr();
  r.qers_[0].mbr_downlink_kbps_ = 2000;
  ASSERT_TRUE(pipeline_.establish(r, clock_.now()));
  std::uint64_t forwarded = 0;
  for (int i = 0; i < 10'000; ++i) {
    clock_.advance(std::chrono::milliseconds(1));
    auto p = to_ue(1000 - 28);
    downlink(p);
    for (const auto& d : egress_.n3_) {
      const auto m = decode(d);
      if (const auto* g = std::get_if<gtpu::g_pdu>(&m.body_)) forwarded += g->t_pdu_.size();
    }
    egress_.n3_.clear();
  }
  const double expected = 2'000'000.0 / 8 * 10;
  EXPECT_NEAR(static_cast<double>(forwarded), expected, expected * 0.05);
  EXPECT_GT(count(worker_counter::dropped_mbr), 0u);
}

TEST_F(pipeline_test, when_far_buffers_then_n4_hears_once_and_switching_to_forward_releases_the_packets_in_order) {
  session_rules r = rules_with_qer_and_urr();
  r.fars_[1].action_ = apply_action::buffer_and_notify;
  ASSERT_TRUE(pipeline_.establish(r, clock_.now()));
  std::vector<std::vector<std::uint8_t>> sent;
  for (std::size_t i = 0; i < 3; ++i) {
    auto p = to_ue(50 + i);
    sent.push_back(p);
    downlink(p);
  }
  EXPECT_TRUE(egress_.n3_.empty());
  ASSERT_EQ(notifier_.downlink_data_.size(), 1u);
  EXPECT_EQ(notifier_.downlink_data_[0].first, session_id);
  EXPECT_EQ(notifier_.downlink_data_[0].second, pdr_id::literal(2));
  EXPECT_EQ(count(worker_counter::buffered), 3u);

  r.fars_[1].action_ = apply_action::forward;
  ASSERT_TRUE(pipeline_.modify(r, {}, clock_.now()));
  ASSERT_EQ(egress_.n3_.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    const auto m = decode(egress_.n3_[i]);
    const auto* body = std::get_if<gtpu::g_pdu>(&m.body_);
    ASSERT_NE(body, nullptr);
    EXPECT_EQ(body->t_pdu_, sent[i]);
  }
  // Charged when they really left.
  auto usage = pipeline_.remove(session_id);
  ASSERT_TRUE(usage);
  ASSERT_EQ(usage->size(), 1u);
  EXPECT_EQ((*usage)[0].volume_.downlink_packets_, 3u);
  EXPECT_EQ((*usage)[0].volume_.downlink_octets_, sent[0].size() + sent[1].size() + sent[2].size());
}

TEST_F(pipeline_test, when_session_is_removed_then_its_final_usage_equals_the_octets_forwarded) {
  ASSERT_TRUE(pipeline_.establish(rules_with_qer_and_urr(), clock_.now()));
  std::uint64_t up = 0;
  std::uint64_t down = 0;
  for (std::size_t i = 0; i < 20; ++i) {
    const auto u = from_ue(10 * i);
    up += u.size();
    uplink(gpdu(teid_value, u));
    auto d = to_ue(7 * i);
    down += d.size();
    downlink(d);
  }
  auto usage = pipeline_.remove(session_id);
  ASSERT_TRUE(usage);
  ASSERT_EQ(usage->size(), 1u);
  EXPECT_EQ((*usage)[0].id_, urr_id::literal(1));
  EXPECT_EQ((*usage)[0].volume_.uplink_octets_, up);
  EXPECT_EQ((*usage)[0].volume_.downlink_octets_, down);
  EXPECT_EQ((*usage)[0].volume_.total_octets_, up + down);
  EXPECT_EQ((*usage)[0].volume_.total_packets_, 40u);
  EXPECT_FALSE(pipeline_.remove(session_id));
  // The tunnel is gone with the session.
  uplink(gpdu(teid_value, from_ue()));
  EXPECT_EQ(count(worker_counter::unknown_teid), 1u);
}

TEST_F(pipeline_test, when_volume_threshold_is_reached_then_n4_gets_a_usage_report_and_counting_restarts) {
  session_rules r = rules_with_qer_and_urr();
  r.urrs_[0].volume_threshold_.total_ = 1000;
  ASSERT_TRUE(pipeline_.establish(r, clock_.now()));
  for (int i = 0; i < 4; ++i) uplink(gpdu(teid_value, from_ue(300 - 28)));  // 300 octets each
  ASSERT_EQ(notifier_.thresholds_.size(), 1u);
  EXPECT_EQ(notifier_.thresholds_[0].first, session_id);
  ASSERT_EQ(notifier_.thresholds_[0].second.size(), 1u);
  EXPECT_EQ(notifier_.thresholds_[0].second[0].volume_.total_octets_, 1200u);
  auto usage = pipeline_.remove(session_id);
  ASSERT_TRUE(usage);
  EXPECT_EQ((*usage)[0].volume_.total_octets_, 0u);
}

TEST_F(pipeline_test, when_teid_is_unknown_then_the_sender_gets_an_error_indication_naming_it) {
  uplink(gpdu(0xdead, from_ue()), ipv4_endpoint{{192, 0, 2, 99}, 40000});
  ASSERT_EQ(egress_.n3_.size(), 1u);
  // TS 29.281 §4.4.2.4: to the sender's address, GTP-U port.
  EXPECT_EQ(egress_.n3_[0].peer_.address, (std::array<std::uint8_t, 4>{192, 0, 2, 99}));
  EXPECT_EQ(egress_.n3_[0].peer_.port, 2152);
  const auto m = decode(egress_.n3_[0]);
  const auto* ei = std::get_if<gtpu::error_indication>(&m.body_);
  ASSERT_NE(ei, nullptr);
  EXPECT_EQ(ei->teid_data_i_.teid_.value(), 0xdeadu);
  EXPECT_EQ(ei->gtp_u_peer_address_.address_, (std::vector<std::uint8_t>{198, 51, 100, 1}));
  EXPECT_EQ(count(worker_counter::unknown_teid), 1u);
  EXPECT_EQ(count(worker_counter::error_indications_sent), 1u);
}

TEST_F(pipeline_test, when_unknown_teids_flood_then_error_indications_are_rate_limited_per_second) {
  pipeline_config c = config();
  c.error_indication_rate_ = 5;
  worker_pipeline p(c, table_, egress_, nullptr, counters_);
  const auto d = gpdu(0xdead, from_ue());
  repeat_uplink(p, d, 20);
  EXPECT_EQ(egress_.n3_.size(), 5u);
  EXPECT_EQ(count(worker_counter::error_indications_suppressed), 15u);
  clock_.advance(std::chrono::seconds(1));
  repeat_uplink(p, d, 1);
  EXPECT_EQ(egress_.n3_.size(), 6u);
}

std::vector<std::uint8_t> error_indication_from_gnb(std::uint32_t t, std::vector<std::uint8_t> peer_address) {
  gtpu::message m;
  m.sequence_number_ = 0;
  gtpu::error_indication ei;
  ei.teid_data_i_.teid_ = *teid::from(t);
  ei.gtp_u_peer_address_.address_ = std::move(peer_address);
  m.body_ = std::move(ei);
  return *gtpu::encode(m);
}

TEST_F(pipeline_test, when_gnb_sends_an_error_indication_then_n4_is_told_which_tunnel_it_names) {
  uplink(error_indication_from_gnb(0x1234, {192, 0, 2, 10}));
  ASSERT_EQ(notifier_.error_indications_.size(), 1u);
  EXPECT_EQ(notifier_.error_indications_[0].teid_, teid::literal(0x1234));
  EXPECT_EQ(notifier_.error_indications_[0].address_, ipv4_from_octets(192, 0, 2, 10));
  EXPECT_EQ(count(worker_counter::error_indications_received), 1u);
  EXPECT_EQ(count(worker_counter::error_indications_reported), 1u);
  EXPECT_TRUE(egress_.n3_.empty()) << "an Error Indication is never answered";
}

TEST_F(pipeline_test, when_error_indication_names_an_ipv6_peer_or_lacks_its_ies_then_n4_is_not_told) {
  std::vector<std::uint8_t> v6(16, 0);
  v6[0] = 0x20;
  v6[1] = 0x01;
  uplink(error_indication_from_gnb(0x1234, v6));
  EXPECT_EQ(count(worker_counter::error_indications_unreported), 1u);
  // Only the header and TEID Data I: GTP-U Peer Address, mandatory, is missing.
  auto truncated = error_indication_from_gnb(0x1234, {192, 0, 2, 10});
  truncated.resize(truncated.size() - 7);
  truncated[3] = static_cast<std::uint8_t>(truncated.size() - 8);
  uplink(truncated);
  EXPECT_EQ(count(worker_counter::malformed_gtpu), 1u);
  EXPECT_TRUE(notifier_.error_indications_.empty());
}

TEST_F(pipeline_test, when_error_indications_flood_then_n4_is_told_at_most_the_configured_rate) {
  pipeline_config c = config();
  c.error_indication_rate_ = 3;
  worker_pipeline p(c, table_, egress_, &notifier_, counters_);
  const auto d = error_indication_from_gnb(0x1234, {192, 0, 2, 10});
  repeat_uplink(p, d, 10);
  EXPECT_EQ(notifier_.error_indications_.size(), 3u);
  EXPECT_EQ(count(worker_counter::error_indications_unreported), 7u);
  clock_.advance(std::chrono::seconds(1));
  repeat_uplink(p, d, 1);
  EXPECT_EQ(notifier_.error_indications_.size(), 4u);
}

TEST_F(pipeline_test, when_gtpu_is_malformed_then_it_is_dropped_and_counted) {
  ASSERT_TRUE(pipeline_.establish(basic_session(7, teid_value, ue), clock_.now()));
  auto good = gpdu(teid_value, from_ue());
  // Every truncation of a good G-PDU, a wrong version, a Length past the end.
  for (std::size_t n = 0; n < 8; ++n) uplink(std::span(good).first(n));
  auto bad_version = good;
  bad_version[0] = 0x50;
  uplink(bad_version);
  auto long_length = good;
  long_length[3] = static_cast<std::uint8_t>(long_length[3] + 1);
  uplink(long_length);
  EXPECT_TRUE(egress_.n6_.empty());
  EXPECT_TRUE(egress_.n3_.empty());
  EXPECT_EQ(count(worker_counter::malformed_gtpu), 10u);
}

TEST_F(pipeline_test, when_gpdu_is_padded_after_its_length_then_the_message_is_forwarded_and_the_padding_counted) {
  ASSERT_TRUE(pipeline_.establish(basic_session(7, teid_value, ue), clock_.now()));
  const auto inner = from_ue();
  auto padded = gpdu(teid_value, inner, 9);
  padded.resize(padded.size() + 37, 0x00);  // a gNB that pads datagrams to a fixed size
  uplink(padded);
  ASSERT_EQ(egress_.n6_.size(), 1u);
  EXPECT_EQ(egress_.n6_[0], inner) << "the inner packet ends where the GTP-U Length says";
  EXPECT_EQ(count(worker_counter::gtpu_trailing_octets), 1u);
  EXPECT_EQ(count(worker_counter::malformed_gtpu), 0u);
}

TEST_F(pipeline_test, when_error_indication_is_padded_then_n4_is_still_told) {
  auto padded = error_indication_from_gnb(0x1234, {192, 0, 2, 10});
  padded.resize(padded.size() + 20, 0xee);
  uplink(padded);
  ASSERT_EQ(notifier_.error_indications_.size(), 1u);
  EXPECT_EQ(notifier_.error_indications_[0].teid_, teid::literal(0x1234));
  EXPECT_EQ(count(worker_counter::malformed_gtpu), 0u);
}

TEST_F(pipeline_test, when_inner_packet_is_not_ipv4_then_it_is_dropped_and_counted) {
  ASSERT_TRUE(pipeline_.establish(basic_session(7, teid_value, ue), clock_.now()));
  const std::vector<std::uint8_t> junk{0x60, 1, 2, 3};
  uplink(gpdu(teid_value, junk));
  EXPECT_TRUE(egress_.n6_.empty());
  EXPECT_EQ(count(worker_counter::malformed_inner), 1u);
}

TEST_F(pipeline_test, when_echo_request_arrives_then_the_echo_response_carries_its_sequence_number) {
  gtpu::message req;
  req.sequence_number_ = 0x1234;
  req.body_ = gtpu::echo_request{};
  const auto bytes = *gtpu::encode(req);
  const ipv4_endpoint peer{{192, 0, 2, 10}, 33333};
  uplink(bytes, peer);
  ASSERT_EQ(egress_.n3_.size(), 1u);
  EXPECT_EQ(egress_.n3_[0].peer_.port, 33333);  // §4.4.2.2: back to the source port
  const auto m = decode(egress_.n3_[0]);
  EXPECT_TRUE(std::holds_alternative<gtpu::echo_response>(m.body_));
  EXPECT_EQ(m.sequence_number_, 0x1234);
  EXPECT_EQ(m.teid_.value(), 0u);
}

TEST_F(pipeline_test, when_modification_switches_the_path_with_sndem_then_the_old_tunnel_gets_an_end_marker) {
  session_rules r = rules_with_qer_and_urr();
  ASSERT_TRUE(pipeline_.establish(r, clock_.now()));
  const auto old_tunnel = *r.fars_[1].outer_header_creation_;
  r.fars_[1].outer_header_creation_ =
      outer_header_creation{teid::literal(0x777), ipv4_from_octets(192, 0, 2, 20), 2152};
  modify_options o;
  o.send_end_marker_.push_back(far_id::literal(2));
  ASSERT_TRUE(pipeline_.modify(r, o, clock_.now()));
  ASSERT_EQ(egress_.n3_.size(), 1u);
  EXPECT_EQ(egress_.n3_[0].peer_.address, gnb.address);
  const auto m = decode(egress_.n3_[0]);
  EXPECT_TRUE(std::holds_alternative<gtpu::end_marker>(m.body_));
  EXPECT_EQ(m.teid_, old_tunnel.teid_);

  auto p = to_ue();
  downlink(p);
  ASSERT_EQ(egress_.n3_.size(), 2u);
  EXPECT_EQ(egress_.n3_[1].peer_.address, (std::array<std::uint8_t, 4>{192, 0, 2, 20}));
  EXPECT_EQ(decode(egress_.n3_[1]).teid_.value(), 0x777u);
}

TEST_F(pipeline_test, when_modification_queries_a_urr_then_its_usage_is_returned_and_restarted) {
  ASSERT_TRUE(pipeline_.establish(rules_with_qer_and_urr(), clock_.now()));
  const auto u = from_ue();
  uplink(gpdu(teid_value, u));
  modify_options o;
  o.query_urrs_.push_back(urr_id::literal(1));
  auto q = pipeline_.modify(rules_with_qer_and_urr(), o, clock_.now());
  ASSERT_TRUE(q);
  ASSERT_EQ(q->size(), 1u);
  EXPECT_EQ((*q)[0].volume_.uplink_octets_, u.size());
}

TEST_F(pipeline_test, when_modification_removes_a_queried_urr_then_its_final_usage_is_returned) {
  session_rules r = rules_with_qer_and_urr();
  ASSERT_TRUE(pipeline_.establish(r, clock_.now()));
  const auto u = from_ue();
  uplink(gpdu(teid_value, u));
  r.urrs_.clear();
  for (pdr& p : r.pdrs_) p.urr_ids_.clear();
  modify_options o;
  o.query_urrs_.push_back(urr_id::literal(1));
  auto q = pipeline_.modify(r, o, clock_.now());
  ASSERT_TRUE(q);
  ASSERT_EQ(q->size(), 1u);
  EXPECT_EQ((*q)[0].id_, urr_id::literal(1));
  EXPECT_EQ((*q)[0].volume_.uplink_octets_, u.size());
}

TEST_F(pipeline_test, when_modification_is_refused_then_the_old_rules_stay_in_force) {
  ASSERT_TRUE(pipeline_.establish(basic_session(7, teid_value, ue), clock_.now()));
  session_rules bad = basic_session(7, teid_value, ue);
  bad.pdrs_[0].far_id_ = far_id::literal(99);
  auto r = pipeline_.modify(bad, {}, clock_.now());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code_, rules_errc::unknown_far);
  uplink(gpdu(teid_value, from_ue()));
  EXPECT_EQ(egress_.n6_.size(), 1u);
}

TEST_F(pipeline_test, when_a_packet_belongs_to_another_worker_then_it_is_handed_to_that_worker) {
  pipeline_config c0 = config();
  c0.worker_count_ = 2;
  c0.worker_index_ = 0;
  pipeline_config c1 = c0;
  c1.worker_index_ = 1;
  session_table other_table;
  worker_counters other_counters;
  fake_egress other_egress;
  worker_pipeline w0(c0, table_, egress_, nullptr, counters_);
  worker_pipeline w1(c1, other_table, other_egress, nullptr, other_counters);
  ASSERT_TRUE(w1.establish(basic_session(7, teid_value, ue), clock_.now()));
  const std::array<teid, 1> teids{*teid::from(teid_value)};
  const std::array<ipv4_address, 1> addresses{ue};
  w0.set_remote_owner(teids, addresses, 1);

  const auto inner = from_ue();
  const auto datagram = gpdu(teid_value, inner);
  transport::received_datagram d;
  d.data_ = datagram;
  d.peer_ = gnb;
  w0.on_n3_batch(std::span(&d, 1), clock_.now());
  auto dl = to_ue();
  transport::tun_packet t;
  t.packet_ = dl;
  w0.on_n6_packet(t, clock_.now());
  w0.flush();
  ASSERT_EQ(egress_.handed_.size(), 2u);
  EXPECT_TRUE(egress_.n3_.empty());  // no Error Indication: the session exists elsewhere
  EXPECT_EQ(egress_.handed_[0].to_, 1u);
  EXPECT_EQ(egress_.handed_[0].kind_, handoff_kind::n3_datagram);
  EXPECT_EQ(egress_.handed_[1].kind_, handoff_kind::n6_packet);

  for (const auto& h : egress_.handed_) w1.on_handoff(h.kind_, h.peer_, h.bytes_, clock_.now());
  ASSERT_EQ(other_egress.n6_.size(), 1u);
  EXPECT_EQ(other_egress.n6_[0], inner);
  ASSERT_EQ(other_egress.n3_.size(), 1u);
  EXPECT_EQ(decode(other_egress.n3_[0]).teid_.value(), 0x1000'0000u + teid_value);

  // Once the session is gone everywhere, the next G-PDU gets an Error Indication.
  w0.set_remote_owner(teids, addresses, std::nullopt);
  w0.on_n3_batch(std::span(&d, 1), clock_.now());
  EXPECT_EQ(egress_.handed_.size(), 2u);
  EXPECT_EQ(egress_.n3_.size(), 1u);
}

class pipeline_offload_test : public pipeline_test {
 protected:
  static pipeline_config offload_config() {
    pipeline_config c = config();
    c.coalesce_n6_ = true;
    c.n3_trains_ = true;
    return c;
  }
  worker_pipeline offloaded_{offload_config(), table_, egress_, &notifier_, counters_};
};

TEST_F(pipeline_offload_test, when_a_gro_train_carries_one_uplink_flow_then_n6_gets_one_super_packet_with_all_of_it) {
  ASSERT_TRUE(offloaded_.establish(basic_session(7, teid_value, ue), clock_.now()));
  // One GRO buffer of 12 G-PDUs of equal size, as the N3 socket hands it over.
  std::vector<std::vector<std::uint8_t>> inner;
  std::vector<std::uint8_t> gro;
  std::size_t segment = 0;
  for (std::uint16_t i = 0; i < 12; ++i) {
    packet_spec s;
    s.source_ = ue;
    s.payload_ = 1000;
    auto p = ipv4_packet(s);
    test::as_sent_by_a_host(p, static_cast<std::uint16_t>(500 + i));
    const auto g = gpdu(teid_value, p, 9);
    segment = g.size();
    gro.insert(gro.end(), g.begin(), g.end());
    inner.push_back(std::move(p));
  }
  transport::received_datagram d;
  d.data_ = gro;
  d.peer_ = gnb;
  d.segment_size_ = static_cast<std::uint16_t>(segment);
  offloaded_.on_n3_batch(std::span(&d, 1), clock_.now());

  ASSERT_EQ(egress_.n6_writes_.size(), 1u);
  EXPECT_EQ(egress_.n6_writes_[0].gso_.gso_type_, transport::gso_info::gso_udp_l4);
  EXPECT_EQ(egress_.n6_, inner);
  EXPECT_EQ(count(worker_counter::n6_super_packets), 1u);
  EXPECT_EQ(count(worker_counter::uplink_packets), 12u);
}

TEST_F(pipeline_offload_test, when_the_tun_hands_over_a_super_packet_then_its_segments_leave_as_one_gso_train) {
  ASSERT_TRUE(offloaded_.establish(rules_with_qer_and_urr(), clock_.now()));
  // What a TUN with offloads reads when the data network sends with UDP GSO:
  // made by joining 10 datagrams (gso_coalescer, checked against the kernel).
  std::vector<std::vector<std::uint8_t>> originals;
  gso_coalescer join;
  for (std::uint16_t i = 0; i < 10; ++i) {
    auto p = to_ue(i == 9 ? 200 : 1000);
    test::as_sent_by_a_host(p, static_cast<std::uint16_t>(40 + i));
    originals.push_back(std::move(p));
  }
  for (const auto& p : originals) ASSERT_TRUE(join.add(p));
  const auto joined = join.finish();
  ASSERT_EQ(joined.size(), 1u);
  std::vector<std::uint8_t> super(joined[0].bytes_.begin(), joined[0].bytes_.end());
  transport::tun_packet read;
  read.packet_ = super;
  read.gso_ = joined[0].gso_;
  offloaded_.on_n6_packet(read, clock_.now());
  offloaded_.flush();

  ASSERT_EQ(egress_.n3_sends_.size(), 1u);
  EXPECT_NE(egress_.n3_sends_[0].second, 0u);  // one train
  EXPECT_EQ(count(worker_counter::n3_trains), 1u);
  ASSERT_EQ(egress_.n3_.size(), originals.size());
  for (std::size_t i = 0; i < originals.size(); ++i) {
    const auto m = decode(egress_.n3_[i]);
    EXPECT_EQ(m.teid_.value(), 0x1000'0000u + teid_value);
    const auto* body = std::get_if<gtpu::g_pdu>(&m.body_);
    ASSERT_NE(body, nullptr);
    EXPECT_EQ(body->t_pdu_, originals[i]) << "segment " << i;
  }
}

TEST_F(pipeline_test, when_the_tun_hands_over_ipv6_then_it_is_counted_as_such_not_as_malformed) {
  ASSERT_TRUE(pipeline_.establish(basic_session(7, teid_value, ue), clock_.now()));
  std::vector<std::uint8_t> router_solicitation(48, 0);
  router_solicitation[0] = 0x60;
  router_solicitation[6] = 58;  // ICMPv6
  downlink(router_solicitation);
  EXPECT_EQ(count(worker_counter::ipv6_on_n6), 1u);
  EXPECT_EQ(count(worker_counter::malformed_inner), 0u);
  EXPECT_TRUE(egress_.n3_.empty());
}

}  // namespace
}  // namespace meridian::upf
