// The AMF's N2 endpoint over real SCTP (usrsctp on loopback, in this test
// process's own namespace): a raw test client sends garbage and truncated
// NGAP and gets Error Indications back on an association that stays up.

#include <unistd.h>

#include <chrono>
#include <functional>

#include <gtest/gtest.h>

#include "meridian/amf/amf_n2_server.hpp"
#include "meridian/n2/n2_messages.hpp"
#include "meridian/n2/n2_types.hpp"

namespace meridian::amf {
namespace {

class raw_client final : public transport::sctp_association_notifier {
 public:
  void on_association_up(const std::shared_ptr<transport::sctp_association>&) override { ++ups; }
  void on_message(transport::sctp_association&, const transport::sctp_message& m) override {
    received.emplace_back(m.bytes.begin(), m.bytes.end());
    streams.push_back(m.stream);
  }
  void on_association_down(transport::sctp_association&, transport::sctp_down_reason) override { ++downs; }
  int ups = 0;
  int downs = 0;
  std::vector<std::vector<std::uint8_t>> received;
  std::vector<std::uint16_t> streams;
};

bool run_until(asio::io_context& io, const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    if (io.stopped()) io.restart();
    io.run_for(std::chrono::milliseconds(5));
  }
  return true;
}

std::optional<ngap::cause_protocol> error_indication_cause(const std::vector<std::uint8_t>& bytes) {
  auto pdu = ngap::decode_ngap_pdu(bytes);
  if (!pdu) return std::nullopt;
  const auto* im = std::get_if<ngap::initiating_message>(&pdu->value_);
  const auto* ei = im ? std::get_if<ngap::error_indication>(&im->value_) : nullptr;
  if (ei == nullptr || !ei->cause_) return std::nullopt;
  const auto* p = std::get_if<ngap::cause_protocol>(&ei->cause_->value_);
  return p ? std::optional(*p) : std::nullopt;
}

std::vector<std::uint8_t> setup_request() {
  ngap::ng_setup_request r;
  r.global_ran_node_id_ = n2::encode_global_gnb_id({});
  ngap::broadcast_plmn_item bp;
  bp.plmn_identity_ = n2::encode_plmn({});
  bp.tai_slice_support_list_.push_back(ngap::slice_support_item{n2::encode_s_nssai({})});
  ngap::supported_ta_item ta;
  ta.tac_ = n2::encode_tac(model::tac::literal(1));
  ta.broadcast_plmn_list_.push_back(bp);
  r.supported_ta_list_.push_back(ta);
  ngap::initiating_message im;
  im.value_ = std::move(r);
  ngap::ngap_pdu pdu;
  pdu.value_ = std::move(im);
  return n2::encode(pdu);
}

TEST(amf_n2_server, when_garbage_and_truncated_ngap_arrive_then_error_indications_answer_and_association_stays) {
  if (::geteuid() != 0) GTEST_SKIP() << "usrsctp over raw IP needs root";
  asio::io_context io;
  transport::sctp_config sctp;
  sctp.rto_initial_ms = 200;
  sctp.rto_min_ms = 100;
  sctp.rto_max_ms = 1000;
  amf_config cfg;
  cfg.ngap_port = 0;
  auto server = amf_n2_server::start(io, cfg, sctp);
  ASSERT_TRUE(server) << server.error().message();

  raw_client peer;
  transport::sctp_client client(io, sctp, peer);
  auto a = client.connect((*server)->local_endpoint());
  ASSERT_TRUE(a) << a.error().message();
  ASSERT_TRUE(run_until(io, [&] { return peer.ups == 1; }));

  const std::vector<std::uint8_t> garbage{0xDE, 0xAD, 0xBE, 0xEF, 0x00, 0x11, 0x22};
  ASSERT_TRUE((*a)->send(0, transport::ngap_ppid, garbage));
  ASSERT_TRUE(run_until(io, [&] { return peer.received.size() == 1; }));
  EXPECT_EQ(error_indication_cause(peer.received[0]), ngap::cause_protocol::transfer_syntax_error);
  EXPECT_EQ(peer.streams[0], 0);

  auto truncated = setup_request();
  truncated.resize(truncated.size() - 3);
  ASSERT_TRUE((*a)->send(0, transport::ngap_ppid, truncated));
  ASSERT_TRUE(run_until(io, [&] { return peer.received.size() == 2; }));
  EXPECT_EQ(error_indication_cause(peer.received[1]), ngap::cause_protocol::transfer_syntax_error);

  // The association is kept: a proper NG Setup Request still succeeds on it.
  ASSERT_TRUE((*a)->send(0, transport::ngap_ppid, setup_request()));
  ASSERT_TRUE(run_until(io, [&] { return peer.received.size() == 3; }));
  EXPECT_EQ(n2::message_name(peer.received[2]), "NGSetupResponse");
  EXPECT_EQ(peer.downs, 0);
  EXPECT_EQ((*server)->procedures().counters().undecodable_messages, 2u);
  EXPECT_EQ((*server)->procedures().ready_gnb_count(), 1u);

  // Disconnect: the AMF forgets the gNB.
  (*a)->close();
  EXPECT_TRUE(run_until(io, [&] { return (*server)->procedures().gnb_count() == 0; }));
  (*server)->close();
}

}  // namespace
}  // namespace meridian::amf
