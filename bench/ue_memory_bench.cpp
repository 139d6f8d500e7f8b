// The RAN emulator's UE (issue 17): memory per registered UE context and the
// CPU cost of a UE's side of an initial registration, with 100,000 UEs in one
// process on one timer_service. Each UE (its own SUPI, USIM, SQN array, NAS
// security context) registers in full against an AMF double in this file,
// built from the codecs and the security module: 5G-AKA with a fresh AV
// (Milenage, RES*, K_SEAF, K_AMF), a Security Mode Command with NIA2/NEA2,
// the Registration Accept (5G-GUTI, TAI list, allowed NSSAI, T3512) and the
// Registration Complete; then the connection is released (5GMM-IDLE), as a
// registered UE of a load test waits, with its T3512 (one hour) armed.
//
//   build/release/bench/ue_memory_bench
//
// bytes_per_ue: the growth of the heap (glibc mallinfo2: bytes in use) across
// creating and registering the UEs, divided by their number; it includes the
// container's share (the contexts live in a std::deque). sizeof_mm_entity is
// the part of it that is the object itself. wall_us_per_registration is the
// wall time of one registration, UE and double together (the CPU column of
// the 100,000 run divided by 100,000 is the same without other processes).
// The network's own per-UE state is dropped after each registration and is
// not counted.

#include <benchmark/benchmark.h>
#include <malloc.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "meridian/common/clock.hpp"
#include "meridian/common/hex.hpp"
#include "meridian/common/log.hpp"
#include "meridian/nas/nas.hpp"
#include "meridian/nas/security.hpp"
#include "meridian/runtime/timer_service.hpp"
#include "meridian/security/aka.hpp"
#include "meridian/security/key_hierarchy.hpp"
#include "meridian/ue/mm.hpp"

namespace {

using namespace meridian;

const crypto::key128 k = *crypto::key128::from(*from_hex("465b5ce8b199b49faa5f0a2ee238a6bc"));
const crypto::key128 opc = *crypto::key128::from(*from_hex("cd63cb71954a9f4e48a5994e37a02baf"));
const char* const snn = "5G:mnc001.mcc001.3gppnetwork.org";

std::string imsi_digits(std::size_t i) { return fmt::format("00101{:010}", i); }

/// The AMF double: it keeps the last uplink PDU; the driver below plays the network's side.
class network final : public ue::lower_layer_notifier {
 public:
  void establish_connection(ue::ue_index, ue::establishment_cause, std::span<const std::uint8_t> pdu) override {
    last.assign(pdu.begin(), pdu.end());
  }
  void send_uplink_nas(ue::ue_index, std::span<const std::uint8_t> pdu) override { last.assign(pdu.begin(), pdu.end()); }
  void release_connection(ue::ue_index) override {}
  std::vector<std::uint8_t> last;
};

nas::registration_accept accept_for(std::uint32_t tmsi) {
  const model::amf_identifier amf_id{model::amf_region_id::literal(1), model::amf_set_id::literal(1),
                                     model::amf_pointer::literal(0)};
  nas::registration_accept a;
  a.guti_ = nas::mobile_identity{
      nas::guti_5g_identity{.value_ = model::guti_5g{model::guami{model::plmn{}, amf_id}, *model::tmsi_5g::from(tmsi)}}};
  a.tai_list_ = nas::tai_list{{nas::tai_list_tacs{model::plmn{}, {model::tac::literal(1)}}}};
  a.allowed_nssai_ = nas::nssai{{nas::s_nssai{.value_ = model::s_nssai{}, .mapped_hplmn_ = {}}}};
  a.t3512_value_ = nas::gprs_timer_3{1, 1};  // one hour
  return a;
}

/// Runs UE `u`'s initial registration to the end; false if any step fails.
bool register_one(ue::mm_entity& u, network& net, std::uint64_t sqn, const std::string& supi_digits) {
  if (!u.register_initial()) return false;
  // 5G-AKA: the home network's AV, the UE's RES*, the network's K_AMF.
  crypto::rand128 rand{};
  for (std::size_t i = 0; i < 8; ++i) rand[i] = static_cast<std::uint8_t>(sqn >> (8 * i));
  const auto av = security::generate_he_av(k, opc, rand, security::sqn_to_bytes(sqn), {0x80, 0x00}, snn);
  nas::authentication_request ar;
  ar.ngksi_.ksi_ = 0;
  ar.abba_ = nas::octets{{0, 0}};
  ar.rand_ = av.rand;
  ar.autn_ = av.autn;
  u.on_downlink_nas(*nas::encode_nas(ar));
  auto response = nas::decode_nas(net.last);
  const auto* gmm = response ? std::get_if<nas::gmm_pdu>(&*response) : nullptr;
  const auto* res = gmm ? std::get_if<nas::authentication_response>(&gmm->message_) : nullptr;
  if (res == nullptr || !res->res_star_ || *res->res_star_ != av.xres_star) return false;
  const std::array<std::uint8_t, 2> abba{0, 0};
  const auto kamf = security::derive_kamf(security::derive_kseaf(av.kausf, snn), supi_digits, abba);
  // Security mode control.
  auto ctx = security::nas_security_context::from_kamf(security::nas_role::network, kamf, crypto::nia::nia2,
                                                        crypto::nea::nea2);
  nas::security_mode_command smc;
  smc.selected_nas_security_algorithms_ = {2, 2};
  smc.ngksi_.ksi_ = 0;
  smc.replayed_ue_security_capabilities_ = u.ue_security_capability();
  smc.imeisv_request_ = nas::half_octet{1};
  u.on_downlink_nas(*nas::protect(ctx, *nas::encode_nas(smc), nas::security_header_type::integrity_protected_with_new_context));
  if (!nas::unprotect(ctx, net.last)) return false;
  // Registration Accept → Complete.
  u.on_downlink_nas(*nas::protect(ctx, *nas::encode_nas(accept_for(static_cast<std::uint32_t>(sqn)))));
  if (!nas::unprotect(ctx, net.last)) return false;
  u.on_connection_released();
  return u.state() == ue::mm_state::registered;
}

void BM_ue_registered_contexts(benchmark::State& state) {
  log::logging_config quiet;
  quiet.default_level = log::level::off;
  log::configure(quiet);
  const auto ues = static_cast<std::size_t>(state.range(0));
  double bytes_per_ue = 0;
  double wall_us_per_registration = 0;
  double timers_armed = 0;
  for (auto _ : state) {
    manual_clock clk;
    runtime::timer_service timers(clk);
    network net;
    ue::mm_config cfg;
    const auto heap_before = mallinfo2().uordblks;
    std::deque<ue::mm_entity> contexts;
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < ues; ++i) {
      const std::string digits = imsi_digits(i);
      auto& u = contexts.emplace_back(static_cast<ue::ue_index>(i), cfg,
                                      ue::usim(*model::supi::parse("imsi-" + digits), k, opc),
                                      fmt::format("35349006{:08}", i), net, timers);
      if (!register_one(u, net, 0x40 + (i << 5), digits)) {
        state.SkipWithError("a registration failed");
        return;
      }
    }
    const auto elapsed = std::chrono::steady_clock::now() - start;
    net.last = {};
    net.last.shrink_to_fit();
    bytes_per_ue = static_cast<double>(mallinfo2().uordblks - heap_before) / static_cast<double>(ues);
    wall_us_per_registration =
        std::chrono::duration<double, std::micro>(elapsed).count() / static_cast<double>(ues);
    timers_armed = static_cast<double>(timers.pending());  // T3512 of every idle registered UE
    benchmark::DoNotOptimize(contexts.back().state());
  }
  state.counters["ues"] = static_cast<double>(ues);
  state.counters["bytes_per_ue"] = bytes_per_ue;
  state.counters["timers_armed"] = timers_armed;
  state.counters["sizeof_mm_entity"] = static_cast<double>(sizeof(ue::mm_entity));
  state.counters["wall_us_per_registration"] = wall_us_per_registration;
}
BENCHMARK(BM_ue_registered_contexts)->Arg(1000)->Arg(100000)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
