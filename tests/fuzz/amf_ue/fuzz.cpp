// Fuzz target: the AMF (N2 + 5GMM) as a gNB and its UEs see it, across
// procedures. A fresh AMF over the real AUSF and UDM (in-memory UDR, one
// subscriber) has one gNB set up; the input is a list of steps, each one
// octet of kind and, for those that carry bytes, a 2-octet big-endian
// length and that many octets:
//   0 raw NGAP from the gNB            1 Initial UE Message with these NAS octets
//   2 Uplink NAS Transport (plain octets) for a UE picked by the first octet
//   3 the scripted UE answers what it got last, correctly (reaches deep states)
//   4 these octets protected with the UE's NAS context, header type 1..4 by the first octet
//   5 time passes (octet x 250 ms)     6 the association drops and the gNB sets up again
//   7 a valid Registration Request on a new connection
//   8 the gNB answers the last Initial Context Setup / UE Context Release
// Properties checked: nothing crashes, leaks or reads out of bounds
// (ASan/UBSan); every NGAP PDU the AMF sends decodes with our decoder, and
// every NAS PDU in them decodes as NAS.

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>

#include "../quiet_logging.hpp"
#include "amf/amf_test_messages.hpp"
#include "amf/scripted_ue.hpp"
#include "meridian/amf/amf_n2.hpp"
#include "meridian/amf/mm.hpp"
#include "meridian/ausf/ue_authentication.hpp"
#include "meridian/n2/n2_messages.hpp"
#include "meridian/udm/subscriber_data_management.hpp"
#include "meridian/udm/ue_authentication.hpp"
#include "meridian/udm/ue_context_management.hpp"
#include "support/udm_service_fake.hpp"
#include "support/udr_in_memory_fake.hpp"

namespace {

using namespace meridian;
using namespace meridian::amf;

const auto gnb = *gnb_association_id::from(1);

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "property violated: %s\n", what);
  std::abort();
}

class checking_sender final : public amf_n2_notifier {
 public:
  void send_ngap(gnb_association_id, std::span<const std::uint8_t> bytes) override {
    auto pdu = ngap::decode_ngap_pdu(bytes);
    if (!pdu) fail("the AMF sent an NGAP PDU our decoder refuses");
    if (const auto* d = n2::message_as<ngap::initiating_message, ngap::downlink_nas_transport>(*pdu)) {
      check_nas(d->nas_pdu_);
      last_nas = d->nas_pdu_;
    } else if (const auto* s = n2::message_as<ngap::initiating_message, ngap::initial_context_setup_request>(*pdu)) {
      if (s->nas_pdu_) {
        check_nas(*s->nas_pdu_);
        last_nas = *s->nas_pdu_;
      }
      last_answer = make_answer<ngap::initial_context_setup_response>(*s);
    } else if (const auto* c = n2::message_as<ngap::initiating_message, ngap::ue_context_release_command>(*pdu)) {
      if (const auto* pair = std::get_if<ngap::ue_ngap_id_pair>(&c->ue_ngap_i_ds_.value_)) {
        ngap::ue_context_release_complete done;
        done.amf_ue_ngap_id_ = pair->amf_ue_ngap_id_;
        done.ran_ue_ngap_id_ = pair->ran_ue_ngap_id_;
        last_answer = n2::encode(n2::make_pdu<ngap::successful_outcome>(std::move(done)));
      }
    }
  }
  static void check_nas(const std::vector<std::uint8_t>& nas_pdu) {
    if (!nas::decode_nas(nas_pdu)) fail("the AMF sent a NAS PDU our decoder refuses");
  }
  template <class Answer, class Request>
  static std::vector<std::uint8_t> make_answer(const Request& r) {
    Answer a;
    a.amf_ue_ngap_id_ = r.amf_ue_ngap_id_;
    a.ran_ue_ngap_id_ = r.ran_ue_ngap_id_;
    return n2::encode(n2::make_pdu<ngap::successful_outcome>(std::move(a)));
  }
  std::vector<std::uint8_t> last_nas;
  std::vector<std::uint8_t> last_answer;
};

/// The scripted UE's correct answer to `m`, if it has one.
std::optional<std::vector<std::uint8_t>> answer(amf::test::scripted_ue& ue, const nas::gmm_message& m) {
  if (const auto* r = std::get_if<nas::authentication_request>(&m)) {
    auto response = ue.answer(*r);
    if (!response) return std::nullopt;
    return nas::encode_nas(*response).value_or(std::vector<std::uint8_t>{});
  }
  if (std::holds_alternative<nas::identity_request>(m)) {
    nas::identity_response r;
    r.mobile_identity_ = amf::test::whole_registration_request().mobile_identity_;
    return nas::encode_nas(r).value_or(std::vector<std::uint8_t>{});
  }
  if (std::holds_alternative<nas::security_mode_command>(m))
    return ue.security_mode_complete(amf::test::whole_registration_request());
  if (!ue.security) return std::nullopt;
  if (std::holds_alternative<nas::registration_accept>(m)) return ue.seal(nas::registration_complete{});
  if (std::holds_alternative<nas::deregistration_request_ue_terminated>(m))
    return ue.seal(nas::deregistration_accept_ue_terminated{});
  return std::nullopt;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::quiet_logging();
  manual_clock clk;
  runtime::timer_service timers{clk};
  checking_sender out;
  amf_n2 n2{amf_config{}, out, timers};
  meridian::test::in_memory_udr udr;
  meridian::test::fake_home_network_keys keys;
  udm::ue_authentication udm_auth{udm::udm_config{}, udr, keys};
  ausf::ausf_config ausf_cfg;
  ausf::ue_authentication ausf{ausf_cfg, udm_auth, clk};
  meridian::test::fake_nudm_uecm_deregistration_notification other_amfs;
  udm::ue_context_management uecm{udr, other_amfs, clk};
  udm::subscriber_data_management sdm{udm::udm_config{}, udr};
  mm_layer mm{mm_config{}, n2, mm_services{ausf, uecm, sdm}, timers};
  n2.set_nas_handler(&mm);

  udr::authentication_subscription sub;
  sub.authentication_method_ = udr::auth_method::five_g_aka;
  sub.enc_permanent_key_ = *from_hex("465b5ce8b199b49faa5f0a2ee238a6bc");
  sub.enc_opc_key_ = *from_hex("cd63cb71954a9f4e48a5994e37a02baf");
  sub.authentication_management_field_ = sbi::bytes{0x80, 0x00};
  sub.sequence_number_ = udr::sequence_number{.sqn_ = std::string("000000000020")};
  auto& alice = udr.add(*model::supi::parse("imsi-001010000000001"), std::move(sub));
  udm::access_and_mobility_subscription_data am;
  am.nssai_ = udm::nssai{.default_single_nssais_ = {model::s_nssai{}}, .single_nssais_ = {}};
  alice.am_data = am;

  n2.on_gnb_connected(gnb);
  n2.on_ngap(gnb, amf::test::setup_request(1));
  amf::test::scripted_ue ue;
  std::uint32_t next_ran_id = 1;
  std::uint32_t ran_id = 0;

  std::span<const std::uint8_t> in(data, size);
  const auto take_bytes = [&in]() {
    if (in.size() < 2) return std::span<const std::uint8_t>{};
    const std::size_t n = std::min<std::size_t>((std::size_t{in[0]} << 8) | in[1], in.size() - 2);
    auto bytes = in.subspan(2, n);
    in = in.subspan(2 + n);
    return bytes;
  };
  const auto current_ue = [&]() -> std::uint64_t {
    const auto ids = n2.ues().on(gnb);
    return ids.empty() ? 0 : ids.back().value();
  };
  for (int steps = 0; !in.empty() && steps < 256; ++steps) {
    const std::uint8_t kind = in[0];
    in = in.subspan(1);
    switch (kind % 9) {
      case 0:
        n2.on_ngap(gnb, take_bytes());
        break;
      case 1: {
        const auto nas_bytes = take_bytes();
        ran_id = next_ran_id++;
        n2.on_ngap(gnb, amf::test::initial_ue_message(ran_id, {nas_bytes.begin(), nas_bytes.end()}));
        break;
      }
      case 2: {
        const auto nas_bytes = take_bytes();
        const auto ids = n2.ues().on(gnb);
        const std::uint64_t id = ids.empty() || nas_bytes.empty() ? 0 : ids[nas_bytes[0] % ids.size()].value();
        n2.on_ngap(gnb, amf::test::uplink_nas_bytes(id, ran_id, {nas_bytes.begin(), nas_bytes.end()}));
        break;
      }
      case 3: {
        auto got = ue.receive(out.last_nas);
        auto reply = got ? answer(ue, *got) : std::nullopt;
        if (reply && !reply->empty())
          n2.on_ngap(gnb, amf::test::uplink_nas_bytes(current_ue(), ran_id, std::move(*reply)));
        break;
      }
      case 4: {
        const auto payload = take_bytes();
        if (!ue.security || payload.empty()) break;
        const auto sht = static_cast<nas::security_header_type>(1 + payload[0] % 4);
        auto sealed = nas::protect(*ue.security, payload.subspan(1), sht);
        if (sealed) n2.on_ngap(gnb, amf::test::uplink_nas_bytes(current_ue(), ran_id, std::move(*sealed)));
        break;
      }
      case 5: {
        const int ticks = in.empty() ? 1 : in[0];
        if (!in.empty()) in = in.subspan(1);
        clk.advance(std::chrono::milliseconds(250) * ticks);
        timers.run_due();
        break;
      }
      case 6:
        n2.on_gnb_disconnected(gnb);
        n2.on_gnb_connected(gnb);
        n2.on_ngap(gnb, amf::test::setup_request(1));
        break;
      case 7:
        ue = amf::test::scripted_ue();
        ran_id = next_ran_id++;
        n2.on_ngap(gnb, amf::test::initial_ue_message(ran_id, *from_hex(amf::test::registration_request_hex)));
        break;
      case 8:
        if (!out.last_answer.empty()) n2.on_ngap(gnb, std::exchange(out.last_answer, {}));
        break;
    }
  }
  // MERIDIAN_FUZZ_TRACE=1: how deep this input went (to check a corpus).
  if (std::getenv("MERIDIAN_FUZZ_TRACE") != nullptr) {
    const auto& c = mm.counters();
    std::fprintf(stderr, "registrations %llu, authenticated %llu, secured %llu, accepted %llu, completed %llu\n",
                 static_cast<unsigned long long>(c.registration_requests),
                 static_cast<unsigned long long>(c.authentications_succeeded),
                 static_cast<unsigned long long>(c.security_modes_completed),
                 static_cast<unsigned long long>(c.registrations_accepted),
                 static_cast<unsigned long long>(c.registrations_completed));
  }
  return 0;
}
