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
//   9 an UL NAS Transport, protected, carrying these octets as 5GSM (the
//     first octet picks PDU session ID and request type) to the SMF, a fake
//     that creates an SM context for every request
//  10 the SMF's N1N2MessageTransfer: N1 = these octets, N2 setup / release /
//     modify transfer by the first octet (the gNB's answer comes with step 8)
//  11 the gNB releases the UE for inactivity (it goes to CM-IDLE)
//  12 the scripted UE's Service Request from CM-IDLE, or, by the first octet,
//     a periodic registration
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
#include "support/smf_service_fake.hpp"
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
    } else if (const auto* p = n2::message_as<ngap::initiating_message, ngap::pdu_session_resource_setup_request>(*pdu)) {
      for (const auto& item : p->pdu_session_resource_setup_list_su_req_)
        if (item.pdu_session_nas_pdu_) check_nas(*item.pdu_session_nas_pdu_);
      last_answer = make_answer<ngap::pdu_session_resource_setup_response>(*p);
    } else if (const auto* r = n2::message_as<ngap::initiating_message, ngap::pdu_session_resource_release_command>(*pdu)) {
      if (r->nas_pdu_) check_nas(*r->nas_pdu_);
      last_answer = make_answer<ngap::pdu_session_resource_release_response>(*r);
    } else if (const auto* m = n2::message_as<ngap::initiating_message, ngap::pdu_session_resource_modify_request>(*pdu)) {
      last_answer = make_answer<ngap::pdu_session_resource_modify_response>(*m);
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
std::optional<std::vector<std::uint8_t>> answer(amf::test::scripted_ue& ue, const nas::gmm_message& m,
                                                std::optional<model::guti_5g>& guti) {
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
  if (const auto* accept = std::get_if<nas::registration_accept>(&m)) {
    // The 5G-GUTI the UE keeps for CM-IDLE (steps 12).
    if (accept->guti_)
      if (const auto* g = std::get_if<nas::guti_5g_identity>(&accept->guti_->value_)) guti = g->value_;
    return ue.seal(nas::registration_complete{});
  }
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
  meridian::test::fake_nsmf_pdu_session smf;
  std::uint64_t sm_contexts = 0;
  smf.create_sm_context_.will_answer_with([&sm_contexts](const smf::sm_context_create_data&) {
    return sbi::result<smf::sm_context_created, smf::sm_context_create_error>(
        smf::sm_context_created{.sm_context_ref_ = std::to_string(++sm_contexts), .data_ = {}});
  });
  smf.update_sm_context_.will_answer_with([](const std::string&, const smf::sm_context_update_data&) {
    return sbi::result<smf::sm_context_updated_data, smf::sm_context_update_error>(smf::sm_context_updated_data{});
  });
  smf.release_sm_context_.will_answer_with([](const std::string&, const smf::sm_context_release_data&) {
    return sbi::result<smf::sm_context_released_data>(smf::sm_context_released_data{});
  });
  mm_layer mm{mm_config{}, n2, mm_services{ausf, uecm, sdm, &smf}, timers};
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
  udm::smf_selection_subscription_data selection;
  selection.subscribed_snssai_infos_[model::s_nssai{}] =
      udm::snssai_info{.dnn_infos_ = {udm::dnn_info{.dnn_ = "internet", .default_dnn_indicator_ = true, .dnn_barred_ = {}}}};
  alice.smf_select_data = selection;

  n2.on_gnb_connected(gnb);
  n2.on_ngap(gnb, amf::test::setup_request(1));
  amf::test::scripted_ue ue;
  std::optional<model::guti_5g> guti;
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
    switch (kind % 13) {
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
        auto reply = got ? answer(ue, *got, guti) : std::nullopt;
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
        guti.reset();
        ran_id = next_ran_id++;
        n2.on_ngap(gnb, amf::test::initial_ue_message(ran_id, *from_hex(amf::test::registration_request_hex)));
        break;
      case 8:
        if (!out.last_answer.empty()) n2.on_ngap(gnb, std::exchange(out.last_answer, {}));
        break;
      case 9: {
        const auto sm = take_bytes();
        // A payload container holds at least one octet (TS 24.501 §9.11.3.39).
        if (!ue.security || sm.size() < 2) break;
        nas::ul_nas_transport ul;
        ul.payload_container_.bytes_.assign(sm.begin() + 1, sm.end());
        ul.pdu_session_id_ = static_cast<std::uint8_t>(sm[0] & 0x0f);
        if ((sm[0] & 0x70) != 0) ul.request_type_ = nas::request_type::from_nibble(static_cast<std::uint8_t>(sm[0] >> 4));
        if ((sm[0] & 0x80) != 0) ul.dnn_ = nas::dnn{"internet"};
        auto plain = nas::encode_nas(nas::gmm_message{ul});
        if (!plain) break;
        auto sealed = nas::protect(*ue.security, *plain, nas::security_header_type::integrity_protected_and_ciphered);
        if (sealed) n2.on_ngap(gnb, amf::test::uplink_nas_bytes(current_ue(), ran_id, std::move(*sealed)));
        break;
      }
      case 10: {
        const auto n1 = take_bytes();
        amf::n1_n2_message_transfer_req_data r;
        const std::uint8_t selector = n1.empty() ? 0 : n1[0];
        if (n1.size() > 1)
          r.n1_message_container_ = amf::n1_message_container{
              .n1_message_class_ = amf::n1_message_class::sm, .n1_message_content_ = {n1.begin() + 1, n1.end()}};
        amf::n2_sm_information info;
        info.pdu_session_id_ = *model::pdu_session_id::from(static_cast<std::uint8_t>(1 + (selector & 0x0f) % 15));
        if ((selector & 0x30) != 0) {
          static constexpr amf::ngap_ie_type types[] = {amf::ngap_ie_type::pdu_res_setup_req,
                                                        amf::ngap_ie_type::pdu_res_rel_cmd,
                                                        amf::ngap_ie_type::pdu_res_mod_req};
          info.n2_info_content_ = amf::n2_info_content{.ngap_message_type_ = {},
                                                       .ngap_ie_type_ = types[((selector >> 4) & 0x03) % 3],
                                                       .ngap_data_ = {n1.begin(), n1.end()}};
        }
        r.n2_info_container_ = amf::n2_info_container{.n2_information_class_ = amf::n2_information_class::sm,
                                                      .sm_info_ = std::move(info)};
        runtime::spawn(mm.n1_n2_message_transfer("imsi-001010000000001", std::move(r)));
        break;
      }
      case 11: {
        const auto id = current_ue();
        if (id == 0) break;
        ngap::ue_context_release_request rr;
        rr.amf_ue_ngap_id_ = static_cast<std::int64_t>(id);
        rr.ran_ue_ngap_id_ = ran_id;
        rr.cause_.value_ = ngap::cause_radio_network::user_inactivity;
        n2.on_ngap(gnb, n2::encode(n2::make_pdu<ngap::initiating_message>(std::move(rr))));
        break;
      }
      case 12: {
        const std::uint8_t selector = in.empty() ? 0 : in[0];
        if (!in.empty()) in = in.subspan(1);
        if (!ue.security || !guti) break;
        nas::gmm_message m;
        if ((selector & 1) == 0) {
          nas::service_request sr;
          sr.ngksi_.ksi_ = ue.security->ngksi();
          sr.service_type_ = nas::service_type::from_nibble(selector >> 1);
          sr.s_tmsi_ = nas::mobile_identity{nas::s_tmsi_5g_identity{.value_ = model::s_tmsi_5g::of(*guti)}};
          m = sr;
        } else {
          nas::registration_request rr;
          rr.registration_type_.value_ = nas::registration_type_value::periodic_updating;
          rr.ngksi_.ksi_ = ue.security->ngksi();
          rr.mobile_identity_ = nas::mobile_identity{nas::guti_5g_identity{.value_ = *guti}};
          m = rr;
        }
        ran_id = next_ran_id++;
        n2.on_ngap(gnb, amf::test::initial_ue_message(
                            ran_id, ue.seal(m, nas::security_header_type::integrity_protected)));
        break;
      }
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
