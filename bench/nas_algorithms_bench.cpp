// 128-NEA1..3 and 128-NIA1..3: Meridian's implementation next to Intel
// ipsec-mb's for the same calls, on 64- and 1500-octet messages.
//   build/<dir>/bench/nas_algorithms_bench

#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "meridian/crypto/nas_algorithms.hpp"

#ifdef MERIDIAN_HAVE_IPSECMB
#include <intel-ipsec-mb.h>
#endif

using namespace meridian::crypto;

namespace {

const algorithm_input input{.count = 0x12345678u, .bearer = 5, .direction = 1};

key128 bench_key() {
  key128 k;
  for (std::size_t i = 0; i < 16; ++i) k.mutable_bytes()[i] = static_cast<std::uint8_t>(0x11 * i + 3);
  return k;
}

template <nea Algorithm>
void ours_nea(benchmark::State& state) {
  const auto key = bench_key();
  std::vector<std::uint8_t> data(static_cast<std::size_t>(state.range(0)), 0xa5);
  for (auto _ : state) {
    auto r = nea_apply(Algorithm, key, input, data, data.size() * 8);
    benchmark::DoNotOptimize(r);
    benchmark::DoNotOptimize(data.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

template <nia Algorithm>
void ours_nia(benchmark::State& state) {
  const auto key = bench_key();
  const std::vector<std::uint8_t> data(static_cast<std::size_t>(state.range(0)), 0xa5);
  for (auto _ : state) {
    auto mac = nia_mac(Algorithm, key, input, data, data.size() * 8);
    benchmark::DoNotOptimize(mac);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

BENCHMARK(ours_nea<nea::nea1>)->Name("meridian/NEA1")->Arg(64)->Arg(1500);
BENCHMARK(ours_nea<nea::nea2>)->Name("meridian/NEA2")->Arg(64)->Arg(1500);
BENCHMARK(ours_nea<nea::nea3>)->Name("meridian/NEA3")->Arg(64)->Arg(1500);
BENCHMARK(ours_nia<nia::nia1>)->Name("meridian/NIA1")->Arg(64)->Arg(1500);
BENCHMARK(ours_nia<nia::nia2>)->Name("meridian/NIA2")->Arg(64)->Arg(1500);
BENCHMARK(ours_nia<nia::nia3>)->Name("meridian/NIA3")->Arg(64)->Arg(1500);

#ifdef MERIDIAN_HAVE_IPSECMB

// The same work through ipsec-mb, including its per-call key setup (key
// schedule / AES key expansion / CMAC subkeys), as a NAS layer would do with
// a key it does not cache.
struct mgr_deleter {
  void operator()(IMB_MGR* m) const noexcept { free_mb_mgr(m); }
};

IMB_MGR* manager() {
  static std::unique_ptr<IMB_MGR, mgr_deleter> mgr = [] {
    std::unique_ptr<IMB_MGR, mgr_deleter> m(alloc_mb_mgr(0));
    IMB_ARCH arch{};
    if (m) init_mb_mgr_auto(m.get(), &arch);
    return m;
  }();
  return mgr.get();
}

void put32(std::uint8_t* p, std::uint32_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 24);
  p[1] = static_cast<std::uint8_t>(v >> 16);
  p[2] = static_cast<std::uint8_t>(v >> 8);
  p[3] = static_cast<std::uint8_t>(v);
}

constexpr std::size_t slack = 64;  // ipsec-mb touches whole blocks past short buffers

bool run_job(IMB_MGR* m) {
  IMB_JOB* job = IMB_SUBMIT_JOB(m);
  if (job == nullptr) job = IMB_FLUSH_JOB(m);
  return job != nullptr && job->status == IMB_STATUS_COMPLETED;
}

void ipsecmb_nea1(benchmark::State& state) {
  IMB_MGR* m = manager();
  const auto key = bench_key();
  const auto n = static_cast<std::size_t>(state.range(0));
  std::vector<std::uint8_t> data(n + slack, 0xa5);
  alignas(16) std::uint8_t iv[16];
  const std::uint32_t bd = (std::uint32_t{input.bearer} << 27) | (std::uint32_t{input.direction} << 26);
  put32(iv, input.count);
  put32(iv + 4, bd);
  put32(iv + 8, input.count);
  put32(iv + 12, bd);
  for (auto _ : state) {
    snow3g_key_schedule_t ks{};
    IMB_SNOW3G_INIT_KEY_SCHED(m, key.data(), &ks);
    IMB_SNOW3G_F8_1_BUFFER_BIT(m, &ks, iv, data.data(), data.data(), static_cast<std::uint32_t>(n * 8), 0);
    benchmark::DoNotOptimize(data.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

void ipsecmb_nea2(benchmark::State& state) {
  IMB_MGR* m = manager();
  const auto key = bench_key();
  const auto n = static_cast<std::size_t>(state.range(0));
  std::vector<std::uint8_t> data(n + slack, 0xa5);
  alignas(16) std::uint8_t iv[16] = {};
  put32(iv, input.count);
  iv[4] = static_cast<std::uint8_t>((input.bearer << 3) | (input.direction << 2));
  alignas(16) std::uint8_t enc[16 * 11], dec[16 * 11];
  bool ok = true;
  for (auto _ : state) {
    IMB_AES_KEYEXP_128(m, key.data(), enc, dec);
    IMB_JOB* job = IMB_GET_NEXT_JOB(m);
    job->cipher_mode = IMB_CIPHER_CNTR_BITLEN;
    job->cipher_direction = IMB_DIR_ENCRYPT;
    job->chain_order = IMB_ORDER_CIPHER_HASH;
    job->hash_alg = IMB_AUTH_NULL;
    job->enc_keys = enc;
    job->dec_keys = enc;
    job->key_len_in_bytes = 16;
    job->src = data.data();
    job->dst = data.data();
    job->cipher_start_src_offset_in_bytes = 0;
    job->msg_len_to_cipher_in_bits = n * 8;
    job->iv = iv;
    job->iv_len_in_bytes = 16;
    ok &= run_job(m);
  }
  if (!ok) state.SkipWithError("ipsec-mb job failed");
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

void ipsecmb_nea3(benchmark::State& state) {
  IMB_MGR* m = manager();
  const auto key = bench_key();
  const auto n = static_cast<std::size_t>(state.range(0));
  std::vector<std::uint8_t> data(n + slack, 0xa5);
  alignas(16) std::uint8_t iv[16] = {};
  put32(iv, input.count);
  iv[4] = static_cast<std::uint8_t>((input.bearer << 3) | (input.direction << 2));
  std::copy_n(iv, 8, iv + 8);
  for (auto _ : state) {
    IMB_ZUC_EEA3_1_BUFFER(m, key.data(), iv, data.data(), data.data(), static_cast<std::uint32_t>(n));
    benchmark::DoNotOptimize(data.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

void ipsecmb_nia1(benchmark::State& state) {
  IMB_MGR* m = manager();
  const auto key = bench_key();
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::vector<std::uint8_t> data(n + slack, 0xa5);
  const std::uint32_t fresh = std::uint32_t{input.bearer} << 27;
  alignas(16) std::uint8_t iv[16];
  put32(iv, input.count);
  put32(iv + 4, fresh);
  put32(iv + 8, input.count ^ (std::uint32_t{input.direction} << 31));
  put32(iv + 12, fresh ^ (std::uint32_t{input.direction} << 15));
  std::array<std::uint8_t, 4> tag{};
  for (auto _ : state) {
    snow3g_key_schedule_t ks{};
    IMB_SNOW3G_INIT_KEY_SCHED(m, key.data(), &ks);
    IMB_SNOW3G_F9_1_BUFFER(m, &ks, iv, data.data(), n * 8, tag.data());
    benchmark::DoNotOptimize(tag);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

void ipsecmb_nia2(benchmark::State& state) {
  IMB_MGR* m = manager();
  const auto key = bench_key();
  const auto n = static_cast<std::size_t>(state.range(0));
  // The 64-bit COUNT || BEARER || DIRECTION header sits in front of the message.
  std::vector<std::uint8_t> whole(8 + n + slack, 0xa5);
  put32(whole.data(), input.count);
  whole[4] = static_cast<std::uint8_t>((input.bearer << 3) | (input.direction << 2));
  whole[5] = whole[6] = whole[7] = 0;
  alignas(16) std::uint8_t enc[16 * 11], dec[16 * 11], skey1[16], skey2[16];
  std::array<std::uint8_t, 4> tag{};
  bool ok = true;
  for (auto _ : state) {
    IMB_AES_KEYEXP_128(m, key.data(), enc, dec);
    IMB_AES_CMAC_SUBKEY_GEN_128(m, enc, skey1, skey2);
    IMB_JOB* job = IMB_GET_NEXT_JOB(m);
    job->cipher_mode = IMB_CIPHER_NULL;
    job->cipher_direction = IMB_DIR_ENCRYPT;
    job->chain_order = IMB_ORDER_HASH_CIPHER;
    job->hash_alg = IMB_AUTH_AES_CMAC_BITLEN;
    job->src = whole.data();
    job->hash_start_src_offset_in_bytes = 0;
    job->msg_len_to_hash_in_bits = 64 + n * 8;
    job->u.CMAC._key_expanded = enc;
    job->u.CMAC._skey1 = skey1;
    job->u.CMAC._skey2 = skey2;
    job->auth_tag_output = tag.data();
    job->auth_tag_output_len_in_bytes = 4;
    ok &= run_job(m);
    benchmark::DoNotOptimize(tag);
  }
  if (!ok) state.SkipWithError("ipsec-mb job failed");
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

void ipsecmb_nia3(benchmark::State& state) {
  IMB_MGR* m = manager();
  const auto key = bench_key();
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::vector<std::uint8_t> data(n + slack, 0xa5);
  alignas(16) std::uint8_t iv[16] = {};
  put32(iv, input.count);
  iv[4] = static_cast<std::uint8_t>(input.bearer << 3);
  std::copy_n(iv, 8, iv + 8);
  iv[8] ^= static_cast<std::uint8_t>(input.direction << 7);
  iv[14] ^= static_cast<std::uint8_t>(input.direction << 7);
  std::uint32_t tag = 0;
  for (auto _ : state) {
    IMB_ZUC_EIA3_1_BUFFER(m, key.data(), iv, data.data(), static_cast<std::uint32_t>(n * 8), &tag);
    benchmark::DoNotOptimize(tag);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

BENCHMARK(ipsecmb_nea1)->Name("ipsec-mb/NEA1")->Arg(64)->Arg(1500);
BENCHMARK(ipsecmb_nea2)->Name("ipsec-mb/NEA2")->Arg(64)->Arg(1500);
BENCHMARK(ipsecmb_nea3)->Name("ipsec-mb/NEA3")->Arg(64)->Arg(1500);
BENCHMARK(ipsecmb_nia1)->Name("ipsec-mb/NIA1")->Arg(64)->Arg(1500);
BENCHMARK(ipsecmb_nia2)->Name("ipsec-mb/NIA2")->Arg(64)->Arg(1500);
BENCHMARK(ipsecmb_nia3)->Name("ipsec-mb/NIA3")->Arg(64)->Arg(1500);

#endif

}  // namespace

BENCHMARK_MAIN();
