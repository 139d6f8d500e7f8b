// NAS-5GS codec: decode + encode time of the messages an AMF/SMF handles most
// (Registration request, Registration accept with TAI list and NSSAI, PDU
// session establishment accept with QoS rules), from real captures.
//
//   cmake --build build --target nas_bench && ./build/bench/nas_bench

#include <benchmark/benchmark.h>

#include <vector>

#include "meridian/common/hex.hpp"
#include "meridian/nas/nas.hpp"

namespace {

std::vector<std::uint8_t> bytes_of(const char* hex) {
  auto b = meridian::from_hex(hex);
  return b ? *b : std::vector<std::uint8_t>{};
}

void decode_encode(benchmark::State& state, const char* hex) {
  const auto in = bytes_of(hex);
  for (auto _ : state) {
    auto pdu = meridian::nas::decode_nas(in);
    if (!pdu) {
      state.SkipWithError("decode failed");
      break;
    }
    auto out = meridian::nas::encode_nas(*pdu);
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * in.size()));
}

void decode_only(benchmark::State& state, const char* hex) {
  const auto in = bytes_of(hex);
  for (auto _ : state) {
    auto pdu = meridian::nas::decode_nas(in);
    benchmark::DoNotOptimize(pdu);
  }
}

// pcap-079 inner: Registration request (5G-GUTI, capabilities, requested NSSAI, last TAI).
constexpr const char* registration_request =
    "7e004179000bf2000000000000000000001001032e02f0f02f0201015200f1100000011707f0f0c0c0018030180101";
// Registration accept with a 5G-GUTI, TAI list (two partial lists), allowed NSSAI, timers.
constexpr const char* registration_accept =
    "7e0042010177000bf200f110020040c0000580541101"
    "00f110000001000002"
    "2300f110000010"
    "151901010201020401000001050100000102080100000102000002"
    "5e01215d015e16012c";
// pcap-030 payload: PDU session establishment accept with 4 QoS rules, 4 flow descriptions, ePCO, DNN.
constexpr const char* pdu_session_establishment_accept =
    "2e0101c211003c01000631310101ff0102000e211109100ac80002ffffffff200203000e211209100ac80003ffffffff400304000e21"
    "13091000000000000000008004060603e80603e82905010a3c00012204010102037900180120410101090220410101070320410101"
    "080420410101097b000880000d0408080808250908696e7465726e6574";

}  // namespace

BENCHMARK_CAPTURE(decode_encode, registration_request, registration_request);
BENCHMARK_CAPTURE(decode_encode, registration_accept, registration_accept);
BENCHMARK_CAPTURE(decode_encode, pdu_session_establishment_accept, pdu_session_establishment_accept);
BENCHMARK_CAPTURE(decode_only, registration_request, registration_request);
BENCHMARK_CAPTURE(decode_only, registration_accept, registration_accept);
BENCHMARK_CAPTURE(decode_only, pdu_session_establishment_accept, pdu_session_establishment_accept);

BENCHMARK_MAIN();
