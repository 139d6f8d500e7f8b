// A scripted gNB with one UE for `meridian amf`, built from the codecs and
// the security module (issue 15, until the RAN emulator exists): over
// lib/transport it sets up N2, registers the UE imsi-001010000000001 (TS
// 35.207 set 1 keys) — Registration Request with the SUCI, 5G-AKA, Security
// Mode Complete, Initial Context Setup Response, Registration Complete —
// then deregisters it (normal deregistration) and answers the UE Context
// Release Command. Prints one line per step; exit 0 when every step held.
// Usage: n2_ue_client ADDRESS PORT. Run by n2_registration_test.cpp inside a
// namespace of its own.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>

#include <asio/io_context.hpp>
#include <asio/ip/address.hpp>

#include "amf/scripted_ue.hpp"
#include "meridian/common/log.hpp"
#include "meridian/n2/n2_messages.hpp"
#include "meridian/n2/n2_types.hpp"
#include "meridian/transport/sctp.hpp"

namespace {

using namespace meridian;

class peer final : public transport::sctp_association_notifier {
 public:
  void on_association_up(const std::shared_ptr<transport::sctp_association>&) override { up = true; }
  void on_message(transport::sctp_association&, const transport::sctp_message& m) override {
    auto pdu = ngap::decode_ngap_pdu(m.bytes);
    if (pdu) received.push_back(std::move(*pdu));
  }
  void on_association_down(transport::sctp_association&, transport::sctp_down_reason) override { down = true; }
  bool up = false;
  bool down = false;
  std::vector<ngap::ngap_pdu> received;
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

ngap::user_location_information location() {
  ngap::user_location_information_nr nr;
  nr.tai_ = n2::encode_tai(model::tai{model::plmn{}, model::tac::literal(1)});
  nr.nr_cgi_ = n2::encode_ncgi(model::ncgi{model::plmn{}, *model::nr_cell_identity::from(0x10)});
  ngap::user_location_information uli;
  uli.value_ = std::move(nr);
  return uli;
}

std::vector<std::uint8_t> setup_request() {
  ngap::ng_setup_request r;
  r.global_ran_node_id_ = n2::encode_global_gnb_id(*model::global_gnb_id::from(model::plmn{}, 1, 22));
  ngap::broadcast_plmn_item bp;
  bp.plmn_identity_ = n2::encode_plmn(model::plmn{});
  bp.tai_slice_support_list_.push_back(ngap::slice_support_item{n2::encode_s_nssai({})});
  ngap::supported_ta_item ta;
  ta.tac_ = n2::encode_tac(model::tac::literal(1));
  ta.broadcast_plmn_list_.push_back(bp);
  r.supported_ta_list_ = {ta};
  r.default_paging_drx_ = ngap::paging_drx::v128;
  return n2::encode(n2::make_pdu<ngap::initiating_message>(std::move(r)));
}

struct client {
  client(asio::io_context& i, peer& pe, std::shared_ptr<transport::sctp_association> a)
      : io(i), p(pe), association(std::move(a)) {}
  asio::io_context& io;
  peer& p;
  std::shared_ptr<transport::sctp_association> association;
  amf::test::scripted_ue ue;
  std::int64_t amf_id = -1;
  static constexpr std::uint32_t ran_id = 7;
  std::size_t seen = 0;
  bool failed = false;

  void step(bool ok, const char* what) {
    std::printf("%s: %s\n", what, ok ? "ok" : "FAILED");
    std::fflush(stdout);
    failed = failed || !ok;
  }
  void send(const std::vector<std::uint8_t>& bytes, std::uint16_t stream = 1) {
    if (!association->send(stream, transport::ngap_ppid, bytes)) step(false, "send");
  }
  /// The next message from the AMF that is a T (others in between are skipped).
  template <class Outcome, class T>
  std::optional<T> next() {
    std::optional<T> found;
    run_until(io, [&] {
      for (; seen < p.received.size() && !found; ++seen)
        if (const auto* m = n2::message_as<Outcome, T>(p.received[seen])) found = *m;
      return found.has_value();
    });
    return found;
  }
  /// The next NAS message from the AMF (Downlink NAS Transport or Initial Context Setup), opened by the UE.
  std::optional<nas::gmm_message> next_nas() {
    std::optional<std::vector<std::uint8_t>> pdu;
    run_until(io, [&] {
      for (; seen < p.received.size() && !pdu; ++seen) {
        if (const auto* d = n2::message_as<ngap::initiating_message, ngap::downlink_nas_transport>(p.received[seen])) {
          amf_id = d->amf_ue_ngap_id_;
          pdu = d->nas_pdu_;
        } else if (const auto* s = n2::message_as<ngap::initiating_message, ngap::initial_context_setup_request>(
                       p.received[seen])) {
          if (s->nas_pdu_) pdu = *s->nas_pdu_;
          ngap::initial_context_setup_response r;  // the gNB's side, right away
          r.amf_ue_ngap_id_ = s->amf_ue_ngap_id_;
          r.ran_ue_ngap_id_ = s->ran_ue_ngap_id_;
          send(n2::encode(n2::make_pdu<ngap::successful_outcome>(std::move(r))));
        }
      }
      return pdu.has_value();
    });
    return pdu ? ue.receive(*pdu) : std::nullopt;
  }
  void uplink(std::vector<std::uint8_t> nas_pdu) {
    ngap::uplink_nas_transport u;
    u.amf_ue_ngap_id_ = amf_id;
    u.ran_ue_ngap_id_ = ran_id;
    u.nas_pdu_ = std::move(nas_pdu);
    u.user_location_information_ = location();
    send(n2::encode(n2::make_pdu<ngap::initiating_message>(std::move(u))));
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: n2_ue_client ADDRESS PORT\n");
    return 2;
  }
  log::logging_config lc;
  lc.default_level = log::level::warn;
  log::configure(lc);
  asio::io_context io;
  transport::sctp_config cfg;
  cfg.rto_initial_ms = 200;
  cfg.rto_min_ms = 100;
  cfg.rto_max_ms = 1000;
  peer p;
  transport::sctp_client sctp(io, cfg, p);
  const transport::sctp_endpoint amf_at{asio::ip::make_address(argv[1]),
                                        static_cast<std::uint16_t>(std::strtoul(argv[2], nullptr, 10))};
  auto a = sctp.connect(amf_at);
  if (!a || !run_until(io, [&] { return p.up; })) {
    std::printf("FAIL: no association to %s\n", amf_at.to_string().c_str());
    return 1;
  }
  client cl{io, p, *a};

  cl.send(setup_request(), 0);
  cl.step(cl.next<ngap::successful_outcome, ngap::ng_setup_response>().has_value(), "NG Setup");

  ngap::initial_ue_message m;
  m.ran_ue_ngap_id_ = client::ran_id;
  m.nas_pdu_ = *from_hex(amf::test::registration_request_hex);
  m.user_location_information_ = location();
  m.rrc_establishment_cause_ = ngap::rrc_establishment_cause::mo_signalling;
  cl.send(n2::encode(n2::make_pdu<ngap::initiating_message>(std::move(m))));

  auto got = cl.next_nas();
  const auto* challenge = got ? std::get_if<nas::authentication_request>(&*got) : nullptr;
  auto response = challenge ? cl.ue.answer(*challenge) : std::nullopt;
  cl.step(response.has_value(), "Authentication Request accepted by the USIM");
  if (response) cl.uplink(*nas::encode_nas(*response));

  got = cl.next_nas();
  const bool smc = got && std::holds_alternative<nas::security_mode_command>(*got);
  cl.step(smc, "Security Mode Command verified");
  if (smc) cl.uplink(cl.ue.security_mode_complete(amf::test::whole_registration_request()));

  got = cl.next_nas();
  const auto* accept = got ? std::get_if<nas::registration_accept>(&*got) : nullptr;
  cl.step(accept != nullptr && accept->guti_.has_value(), "Registration Accept with a 5G-GUTI");
  if (accept != nullptr) cl.uplink(cl.ue.seal(nas::registration_complete{}));

  nas::deregistration_request_ue_originating dr;
  dr.mobile_identity_ = accept != nullptr && accept->guti_ ? *accept->guti_ : nas::mobile_identity{};
  if (cl.ue.security) cl.uplink(cl.ue.seal(dr));
  got = cl.next_nas();
  cl.step(got && std::holds_alternative<nas::deregistration_accept_ue_originating>(*got), "Deregistration Accept");
  auto release = cl.next<ngap::initiating_message, ngap::ue_context_release_command>();
  cl.step(release.has_value(), "UE Context Release Command");
  if (release) {
    if (const auto* pair = std::get_if<ngap::ue_ngap_id_pair>(&release->ue_ngap_i_ds_.value_)) {
      ngap::ue_context_release_complete done;
      done.amf_ue_ngap_id_ = pair->amf_ue_ngap_id_;
      done.ran_ue_ngap_id_ = pair->ran_ue_ngap_id_;
      cl.send(n2::encode(n2::make_pdu<ngap::successful_outcome>(std::move(done))));
    }
  }
  io.run_for(std::chrono::milliseconds(200));  // let the last message leave
  (*a)->close();
  run_until(io, [&] { return p.down; });
  return cl.failed ? 1 : 0;
}
