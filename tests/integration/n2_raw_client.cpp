// A test-only N2 peer for `meridian amf`: over lib/transport directly, it sends
// random garbage and truncated NGAP on one association and checks that each is
// answered by an Error Indication (protocol cause) while the association stays
// up, then that NG Setup still succeeds on it. Prints one line per check;
// exit 0 when all hold. Usage: n2_raw_client ADDRESS PORT
// Run by n2_bad_input_test.cpp inside a namespace of its own.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>

#include <asio/io_context.hpp>
#include <asio/ip/address.hpp>

#include "meridian/common/log.hpp"
#include "meridian/n2/n2_messages.hpp"
#include "meridian/n2/n2_types.hpp"
#include "meridian/transport/sctp.hpp"
#include "n2_test_peer.hpp"

namespace {

using namespace meridian;

using test::run_until;

std::string cause_of_error_indication(const std::vector<std::uint8_t>& bytes) {
  auto pdu = ngap::decode_ngap_pdu(bytes);
  if (!pdu) return "undecodable answer";
  const auto* im = std::get_if<ngap::initiating_message>(&pdu->value_);
  const auto* ei = im ? std::get_if<ngap::error_indication>(&im->value_) : nullptr;
  if (ei == nullptr) return "not an Error Indication: " + n2::message_name(bytes);
  return ei->cause_ ? n2::to_string(*ei->cause_) : "no cause";
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

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: n2_raw_client ADDRESS PORT\n");
    return 2;
  }
  test::quiet_logs();
  asio::io_context io;
  test::n2_test_peer p;
  transport::sctp_client client(io, test::fast_sctp(), p);
  auto a = test::connect_to(io, client, p, argv);
  if (!a) return 1;
  // Random garbage (fixed seed: reproducible) and every third truncation of a real NG Setup Request.
  std::vector<std::vector<std::uint8_t>> bad;
  std::mt19937 rng(20261126);
  for (int i = 0; i < 20; ++i) {
    std::vector<std::uint8_t> g(1 + rng() % 64);
    for (auto& b : g) b = static_cast<std::uint8_t>(rng());
    bad.push_back(std::move(g));
  }
  const auto full = setup_request();
  for (std::size_t n = 1; n < full.size(); n += 3) bad.emplace_back(full.begin(), full.begin() + static_cast<long>(n));
  int failures = 0;
  std::size_t answered = 0;
  for (const auto& b : bad) {
    const auto before = p.received.size();
    if (!a->send(0, transport::ngap_ppid, b)) {
      std::printf("FAIL: send refused\n");
      return 1;
    }
    if (!run_until(io, [&] { return p.received.size() > before; })) {
      std::printf("FAIL: no answer to %zu bad octets\n", b.size());
      ++failures;
      continue;
    }
    const auto cause = cause_of_error_indication(p.received.back());
    if (cause.rfind("protocol: ", 0) != 0) {
      std::printf("FAIL: %s\n", cause.c_str());
      ++failures;
    } else {
      ++answered;
    }
  }
  std::printf("error indications: %zu of %zu\n", answered, bad.size());
  const auto before = p.received.size();
  a->send(0, transport::ngap_ppid, full);
  if (!run_until(io, [&] { return p.received.size() > before; }) ||
      n2::message_name(p.received.back()) != "NGSetupResponse" || p.down) {
    std::printf("FAIL: NG Setup after bad input\n");
    ++failures;
  } else {
    std::printf("NG Setup on the same association: NGSetupResponse\n");
  }
  a->close();
  run_until(io, [] { return false; });
  return failures == 0 ? 0 : 1;
}
