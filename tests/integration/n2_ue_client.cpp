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

#include "amf/amf_test_messages.hpp"
#include "amf/scripted_ue.hpp"
#include "meridian/n2/n2_messages.hpp"
#include "n2_test_peer.hpp"

namespace {

using namespace meridian;
using test::run_until;

struct client {
  client(asio::io_context& i, test::n2_test_peer& pe, std::shared_ptr<transport::sctp_association> a)
      : io(i), p(pe), association(std::move(a)) {}
  asio::io_context& io;
  test::n2_test_peer& p;
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
  /// The AMF's message number `i`, decoded (an undecodable one counts as a failure).
  std::optional<ngap::ngap_pdu> received(std::size_t i) {
    auto pdu = ngap::decode_ngap_pdu(p.received[i]);
    if (!pdu) step(false, "decoding what the AMF sent");
    return pdu ? std::optional(std::move(*pdu)) : std::nullopt;
  }
  /// The next message from the AMF that is a T (others in between are skipped).
  template <class Outcome, class T>
  std::optional<T> next() {
    std::optional<T> found;
    run_until(io, [&] {
      for (; seen < p.received.size() && !found; ++seen)
        if (auto pdu = received(seen))
          if (const auto* m = n2::message_as<Outcome, T>(*pdu)) found = *m;
      return found.has_value();
    });
    return found;
  }
  /// The next NAS message from the AMF (Downlink NAS Transport or Initial Context Setup), opened by the UE.
  std::optional<nas::gmm_message> next_nas() {
    std::optional<std::vector<std::uint8_t>> pdu;
    run_until(io, [&] {
      for (; seen < p.received.size() && !pdu; ++seen) {
        const auto in = received(seen);
        if (!in) continue;
        if (const auto* d = n2::message_as<ngap::initiating_message, ngap::downlink_nas_transport>(*in)) {
          amf_id = d->amf_ue_ngap_id_;
          pdu = d->nas_pdu_;
        } else if (const auto* s = n2::message_as<ngap::initiating_message, ngap::initial_context_setup_request>(*in)) {
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
    send(amf::test::uplink_nas_bytes(static_cast<std::uint64_t>(amf_id), ran_id, std::move(nas_pdu)));
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: n2_ue_client ADDRESS PORT\n");
    return 2;
  }
  test::quiet_logs();
  asio::io_context io;
  test::n2_test_peer p;
  transport::sctp_client sctp(io, test::fast_sctp(), p);
  auto a = test::connect_to(io, sctp, p, argv);
  if (!a) return 1;
  client cl{io, p, a};

  cl.send(amf::test::setup_request(1), 0);
  cl.step(cl.next<ngap::successful_outcome, ngap::ng_setup_response>().has_value(), "NG Setup");

  cl.send(amf::test::initial_ue_message(client::ran_id, *from_hex(amf::test::registration_request_hex)));

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
  a->close();
  run_until(io, [&] { return p.down; });
  return cl.failed ? 1 : 0;
}
