// 5G-AKA throughput: home-network authentication vectors per second
// (generate_he_av: Milenage f1 + f2345, then RES*, HXRES* and KAUSF), the
// UE-side AUTN check and derivation (ue_authenticate), and Milenage alone.

#include <benchmark/benchmark.h>

#include <array>
#include <string_view>
#include <vector>

#include "meridian/crypto/kdf.hpp"
#include "meridian/crypto/milenage.hpp"
#include "meridian/security/aka.hpp"
#include "meridian/security/sqn.hpp"

using namespace meridian;
using namespace meridian::security;

namespace {

// TS 35.207 test set 1's K and OPc (any values would do; these are public).
const std::array<std::uint8_t, 16> k_bytes{0x46, 0x5b, 0x5c, 0xe8, 0xb1, 0x99, 0xb4, 0x9f,
                                           0xaa, 0x5f, 0x0a, 0x2e, 0xe2, 0x38, 0xa6, 0xbc};
const std::array<std::uint8_t, 16> opc_bytes{0xcd, 0x63, 0xcb, 0x71, 0x95, 0x4a, 0x9f, 0x4e,
                                             0x48, 0xa5, 0x99, 0x4e, 0x37, 0xa0, 0x2b, 0xaf};
constexpr std::string_view snn = "5G:mnc001.mcc001.3gppnetwork.org";

const key128 k{std::span<const std::uint8_t, 16>(k_bytes)};
const key128 opc{std::span<const std::uint8_t, 16>(opc_bytes)};

rand128 rand_for(std::uint64_t n) {
  rand128 r{};
  for (std::size_t i = 0; i < r.size(); ++i) r[i] = static_cast<std::uint8_t>((n >> (8 * (i % 8))) + i);
  return r;
}

// UDM/ARPF + AUSF: one 5G HE AV per iteration, as for each Nudm_UEAuthentication_Get.
void bm_generate_he_av(benchmark::State& state) {
  sqn_he_state he;
  const amf16 amf{0x80, 0x00};
  std::uint64_t n = 0;
  for (auto _ : state) {
    auto av = generate_he_av(k, opc, rand_for(++n), sqn_to_bytes(he.next()), amf, snn);
    benchmark::DoNotOptimize(av);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(bm_generate_he_av);

// USIM + ME: one accepted challenge per iteration. Vectors are made in
// batches outside the timed region, each batch for a fresh USIM state.
void bm_ue_authenticate(benchmark::State& state) {
  constexpr std::size_t batch = 4096;
  const amf16 amf{0x80, 0x00};
  std::vector<he_authentication_vector> avs;
  avs.reserve(batch);
  sqn_he_state he;
  sqn_ue_state ue;
  std::uint64_t n = 0;
  auto refill = [&] {
    avs.clear();
    he = sqn_he_state();
    ue = sqn_ue_state();
    for (std::size_t i = 0; i < batch; ++i)
      avs.push_back(generate_he_av(k, opc, rand_for(++n), sqn_to_bytes(he.next()), amf, snn));
  };
  refill();
  std::size_t next = 0;
  for (auto _ : state) {
    if (next == avs.size()) {
      state.PauseTiming();
      refill();
      next = 0;
      state.ResumeTiming();
    }
    const auto& av = avs[next++];
    auto r = ue_authenticate(k, opc, av.rand, av.autn, snn, ue);
    if (!r) state.SkipWithError("vector rejected");
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(bm_ue_authenticate);

// Milenage f2..f5 with the key schedule already built (one subscriber, many RANDs).
void bm_milenage_f2345(benchmark::State& state) {
  const crypto::milenage m(k, opc);
  std::uint64_t n = 0;
  for (auto _ : state) {
    auto out = m.f2345(rand_for(++n));
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(bm_milenage_f2345);

// Milenage f2..f5 including the AES key schedule (a different subscriber each time).
void bm_milenage_f2345_with_key_setup(benchmark::State& state) {
  std::uint64_t n = 0;
  for (auto _ : state) {
    const crypto::milenage m(k, opc);
    auto out = m.f2345(rand_for(++n));
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(bm_milenage_f2345_with_key_setup);

// One TS 33.220 KDF call (KAUSF-shaped input), the unit of every Annex A derivation.
void bm_kdf(benchmark::State& state) {
  const std::array<std::uint8_t, 32> key{};
  const std::array<std::uint8_t, 6> sqn_xor_ak{};
  const std::span<const std::uint8_t> name(reinterpret_cast<const std::uint8_t*>(snn.data()), snn.size());
  for (auto _ : state) {
    auto out = crypto::kdf(key, 0x6a, {name, sqn_xor_ak});
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(bm_kdf);

}  // namespace

BENCHMARK_MAIN();
