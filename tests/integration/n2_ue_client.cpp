// A scripted gNB with one UE for `meridian amf`, built from the codecs and
// the security module (issue 15, until the RAN emulator exists): over
// lib/transport it sets up N2, registers the UE imsi-001010000000001 (TS
// 35.207 set 1 keys) — Registration Request with the SUCI, 5G-AKA, Security
// Mode Complete, Initial Context Setup Response, Registration Complete —
// then lets the UE go idle (the gNB asks for the release for inactivity),
// brings it back with a Service Request, lets it go again, sends a periodic
// registration from CM-IDLE, comes back once more with a Service Request and
// deregisters it (normal deregistration), answering each UE Context Release
// Command. Prints one line per step; exit 0 when every step held.
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
          amf_id = s->amf_ue_ngap_id_;
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
  /// Answers the next UE Context Release Command; false when none came.
  bool complete_release() {
    auto release = next<ngap::initiating_message, ngap::ue_context_release_command>();
    const auto* pair = release ? std::get_if<ngap::ue_ngap_id_pair>(&release->ue_ngap_i_ds_.value_) : nullptr;
    if (pair == nullptr) return false;
    ngap::ue_context_release_complete done;
    done.amf_ue_ngap_id_ = pair->amf_ue_ngap_id_;
    done.ran_ue_ngap_id_ = pair->ran_ue_ngap_id_;
    send(n2::encode(n2::make_pdu<ngap::successful_outcome>(std::move(done))));
    return true;
  }
  /// The gNB releases the UE for inactivity (TS 38.413 §8.3.2): the UE goes to CM-IDLE.
  bool go_idle() {
    ngap::ue_context_release_request r;
    r.amf_ue_ngap_id_ = amf_id;
    r.ran_ue_ngap_id_ = ran_id;
    r.cause_.value_ = ngap::cause_radio_network::user_inactivity;
    send(n2::encode(n2::make_pdu<ngap::initiating_message>(std::move(r))));
    return complete_release();
  }
  /// An initial NAS message from CM-IDLE: integrity protected with the UE's context (TS 24.501 §4.4.6).
  void from_idle(const nas::gmm_message& m) {
    send(amf::test::initial_ue_message(ran_id, ue.seal(m, nas::security_header_type::integrity_protected)));
  }
  /// A Service Request (signalling) from CM-IDLE; true on its Service Accept.
  bool service_request(const model::guti_5g& guti) {
    nas::service_request sr;
    sr.ngksi_.ksi_ = ue.security->ngksi();
    sr.s_tmsi_ = nas::mobile_identity{nas::s_tmsi_5g_identity{.value_ = model::s_tmsi_5g::of(guti)}};
    from_idle(sr);
    const auto got = next_nas();
    return got && std::holds_alternative<nas::service_accept>(*got);
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

  if (accept != nullptr && accept->guti_ && cl.ue.security) {
    const auto* g = std::get_if<nas::guti_5g_identity>(&accept->guti_->value_);
    const model::guti_5g guti = g != nullptr ? g->value_ : model::guti_5g{};
    cl.step(cl.go_idle(), "released for inactivity (CM-IDLE)");
    cl.step(cl.service_request(guti), "Service Accept from CM-IDLE");
    cl.step(cl.go_idle(), "released again");
    nas::registration_request periodic;
    periodic.registration_type_.value_ = nas::registration_type_value::periodic_updating;
    periodic.ngksi_.ksi_ = cl.ue.security->ngksi();
    periodic.mobile_identity_ = *accept->guti_;
    cl.from_idle(periodic);
    got = cl.next_nas();
    const auto* again = got ? std::get_if<nas::registration_accept>(&*got) : nullptr;
    cl.step(again != nullptr && again->guti_ == accept->guti_, "periodic Registration Accept, same 5G-GUTI");
    cl.step(cl.complete_release(), "released after the periodic registration");
    cl.step(cl.service_request(guti), "Service Accept again");
  }

  nas::deregistration_request_ue_originating dr;
  dr.mobile_identity_ = accept != nullptr && accept->guti_ ? *accept->guti_ : nas::mobile_identity{};
  if (cl.ue.security) cl.uplink(cl.ue.seal(dr));
  got = cl.next_nas();
  cl.step(got && std::holds_alternative<nas::deregistration_accept_ue_originating>(*got), "Deregistration Accept");
  cl.step(cl.complete_release(), "UE Context Release Command");
  io.run_for(std::chrono::milliseconds(200));  // let the last message leave
  a->close();
  run_until(io, [&] { return p.down; });
  return cl.failed ? 1 : 0;
}
