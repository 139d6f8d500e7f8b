// The AMF alone (issue 15): CPU time per initial registration and memory per
// registered UE, through amf_n2 (NGAP decode/encode, UE-associated
// connections) and the 5GMM layer (5G-AKA exchange, Security Mode Command
// with NIA2/NEA2, Registration Accept in the Initial Context Setup,
// Registration Complete). The AUSF and UDM are stand-ins that answer at once
// and hold nothing per UE (their own cost is home_network_bench's), and every
// message the gNB and UE send is built before the clock starts: the AMF's
// identifiers (AMF UE NGAP ID 1, 2, ...) and NAS COUNTs are predictable, so
// the UE's protected messages can be sealed in advance.
//
//   build/release/bench/amf_registration_bench
//
// Memory per UE: the growth of the heap (glibc mallinfo2: bytes in use)
// across the registrations, divided by their number.

#include <benchmark/benchmark.h>
#include <malloc.h>

#include <cstdint>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "meridian/amf/amf_n2.hpp"
#include "meridian/amf/mm.hpp"
#include "meridian/common/log.hpp"
#include "meridian/n2/n2_messages.hpp"
#include "meridian/n2/n2_types.hpp"
#include "meridian/nas/nas.hpp"
#include "meridian/nas/security.hpp"
#include "meridian/security/key_hierarchy.hpp"

namespace {

using namespace meridian;

const auto gnb = *amf::gnb_association_id::from(1);
/// The K_SEAF every stand-in confirmation gives (the UE derives K_AMF from it with its SUPI).
const crypto::key256 kseaf = *crypto::key256::from(std::vector<std::uint8_t>(32, 0x42));

std::string msin_of(std::size_t i) { return fmt::format("{:010}", i); }

/// A stand-in AUSF: any SUCI of the null scheme is its own SUPI, every RES* is right.
class instant_ausf final : public ausf::nausf_ue_authentication {
 public:
  sbi::awaitable<ausf::ue_authentication_ctx> authenticate(ausf::authentication_info info) override {
    const auto* suci = std::get_if<model::suci>(&info.supi_or_suci_);
    const auto msin = suci != nullptr ? suci->msin() : std::nullopt;
    if (!msin) co_return std::unexpected(sbi::problem_details::of(sbi::cause::user_not_found));
    ausf::ue_authentication_ctx ctx;
    ctx.auth_data_5g_ = ausf::av_5g_aka{.rand_ = sbi::bytes(16, 0x01), .hxres_star_ = sbi::bytes(16, 0x02),
                                        .autn_ = sbi::bytes(16, 0x03)};
    ctx.links_["5g-aka"].href_ =
        fmt::format("/nausf-auth/v1/ue-authentications/00101{}/5g-aka-confirmation", *msin);  // PLMN 001/01
    co_return ctx;
  }
  sbi::awaitable<ausf::confirmation_data_response> confirm_5g_aka(std::string auth_ctx_id,
                                                                  ausf::confirmation_data) override {
    ausf::confirmation_data_response r;
    r.auth_result_ = ausf::auth_result::authentication_success;
    r.supi_ = model::supi::parse("imsi-" + auth_ctx_id);
    const auto k = kseaf.bytes();
    r.kseaf_ = sbi::bytes(k.begin(), k.end());
    co_return r;
  }
  sbi::awaitable<ausf::eap_session> eap_session(std::string, ausf::eap_session) override {
    co_return std::unexpected(sbi::problem_details::of(sbi::cause::mandatory_ie_incorrect));
  }
};

/// A stand-in UDM: every registration is accepted, every subscriber has the default slice.
class instant_udm final : public udm::nudm_uecm, public udm::nudm_sdm {
 public:
  sbi::awaitable<udm::amf_3gpp_access_registration> registration_amf_3gpp_access(
      model::supi, udm::amf_3gpp_access_registration r) override {
    co_return r;
  }
  sbi::awaitable<sbi::no_content> update_amf_3gpp_access(model::supi,
                                                         udm::amf_3gpp_access_registration_modification) override {
    co_return sbi::no_content{};
  }
  sbi::awaitable<sbi::no_content> deregistration_amf_3gpp_access(model::supi, udm::amf_dereg_info) override {
    co_return sbi::no_content{};
  }
  sbi::awaitable<udm::access_and_mobility_subscription_data> get_am_data(model::supi,
                                                                         std::optional<model::plmn>) override {
    udm::access_and_mobility_subscription_data am;
    am.nssai_ = udm::nssai{.default_single_nssais_ = {model::s_nssai{}}, .single_nssais_ = {}};
    co_return am;
  }
  sbi::awaitable<udm::smf_selection_subscription_data> get_smf_select_data(model::supi,
                                                                           std::optional<model::plmn>) override {
    co_return udm::smf_selection_subscription_data{};
  }
  sbi::awaitable<udm::sm_subs_data> get_sm_data(model::supi, udm::sm_data_query) override {
    co_return udm::sm_subs_data{};
  }
  sbi::awaitable<udm::nssai> get_nssai(model::supi, std::optional<model::plmn>) override {
    co_return udm::nssai{};
  }
  sbi::awaitable<udm::ue_context_in_smf_data> get_ue_context_in_smf_data(model::supi) override {
    co_return udm::ue_context_in_smf_data{};
  }
};

class counting_sender final : public amf::amf_n2_notifier {
 public:
  void send_ngap(amf::gnb_association_id, std::span<const std::uint8_t> pdu) override { bytes += pdu.size(); }
  std::uint64_t bytes = 0;
};

ngap::user_location_information location() {
  ngap::user_location_information_nr nr;
  nr.tai_ = n2::encode_tai(model::tai{model::plmn{}, model::tac::literal(1)});
  nr.nr_cgi_ = n2::encode_ncgi(model::ncgi{model::plmn{}, *model::nr_cell_identity::from(0x10)});
  ngap::user_location_information uli;
  uli.value_ = std::move(nr);
  return uli;
}

std::vector<std::uint8_t> uplink(std::uint64_t amf_id, std::uint32_t ran_id, std::vector<std::uint8_t> nas_pdu) {
  ngap::uplink_nas_transport u;
  u.amf_ue_ngap_id_ = static_cast<std::int64_t>(amf_id);
  u.ran_ue_ngap_id_ = ran_id;
  u.nas_pdu_ = std::move(nas_pdu);
  u.user_location_information_ = location();
  return n2::encode(n2::make_pdu<ngap::initiating_message>(std::move(u)));
}

/// What the gNB sends for one UE's registration, in order.
struct ue_script {
  std::vector<std::vector<std::uint8_t>> messages;
};

ue_script script_for(std::size_t i) {
  const std::uint64_t amf_id = i + 1;  // the AMF allocates 1, 2, ... in order of arrival
  const auto ran_id = static_cast<std::uint32_t>(i + 1);
  nas::registration_request rr;
  rr.registration_type_.value_ = nas::registration_type_value::initial;
  nas::suci_imsi suci;
  suci.scheme_output_ = model::digits_to_bcd(msin_of(i));
  rr.mobile_identity_.value_ = suci;
  rr.ue_security_capability_ = nas::ue_security_capability{.ea_ = 0xe0, .ia_ = 0xe0, .eea_ = {}, .eia_ = {}, .spare_ = {}};
  ue_script s;
  ngap::initial_ue_message m;
  m.ran_ue_ngap_id_ = ran_id;
  m.nas_pdu_ = *nas::encode_nas(rr);
  m.user_location_information_ = location();
  m.rrc_establishment_cause_ = ngap::rrc_establishment_cause::mo_signalling;
  s.messages.push_back(n2::encode(n2::make_pdu<ngap::initiating_message>(std::move(m))));

  nas::authentication_response response;
  response.res_star_ = nas::res_star_value{};
  s.messages.push_back(uplink(amf_id, ran_id, *nas::encode_nas(response)));

  const std::array<std::uint8_t, 2> abba{0, 0};
  const auto kamf = security::derive_kamf(kseaf, "00101" + msin_of(i), abba);
  auto ue = security::nas_security_context::from_kamf(security::nas_role::ue, kamf, crypto::nia::nia2, crypto::nea::nea2);
  nas::security_mode_complete complete;
  complete.nas_message_container_ = nas::octets{*nas::encode_nas(rr)};
  s.messages.push_back(uplink(
      amf_id, ran_id,
      *nas::protect(ue, *nas::encode_nas(complete),
                    nas::security_header_type::integrity_protected_and_ciphered_with_new_context)));

  ngap::initial_context_setup_response ics;
  ics.amf_ue_ngap_id_ = static_cast<std::int64_t>(amf_id);
  ics.ran_ue_ngap_id_ = ran_id;
  s.messages.push_back(n2::encode(n2::make_pdu<ngap::successful_outcome>(std::move(ics))));

  s.messages.push_back(uplink(amf_id, ran_id, *nas::protect(ue, *nas::encode_nas(nas::registration_complete{}))));
  return s;
}

ngap::ngap_pdu setup_request() {
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
  return n2::make_pdu<ngap::initiating_message>(std::move(r));
}

void BM_amf_initial_registration(benchmark::State& state) {
  log::configure(log::logging_config{log::level::off, {}});
  const auto ues = static_cast<std::size_t>(state.range(0));
  std::vector<ue_script> scripts;
  scripts.reserve(ues);
  for (std::size_t i = 0; i < ues; ++i) scripts.push_back(script_for(i));
  const auto setup = n2::encode(setup_request());
  double bytes_per_ue = 0;
  for (auto _ : state) {
    state.PauseTiming();
    {
      manual_clock clk;
      runtime::timer_service timers{clk};
      counting_sender out;
      instant_ausf ausf;
      instant_udm udm;
      amf::amf_n2 n2{amf::amf_config{}, out, timers};
      amf::mm_layer mm{amf::mm_config{}, n2, amf::mm_services{ausf, udm, udm}, timers};
      n2.set_nas_handler(&mm);
      n2.on_gnb_connected(gnb);
      n2.on_ngap(gnb, setup);
      const auto heap_before = mallinfo2().uordblks;
      state.ResumeTiming();
      for (const auto& s : scripts)
        for (const auto& m : s.messages) n2.on_ngap(gnb, m);
      state.PauseTiming();
      bytes_per_ue = static_cast<double>(mallinfo2().uordblks - heap_before) / static_cast<double>(ues);
      if (mm.counters().registrations_completed != ues) state.SkipWithError("not every UE registered");
    }
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * ues));
  state.counters["bytes_per_ue"] = bytes_per_ue;
}
BENCHMARK(BM_amf_initial_registration)->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
