// NGAP APER decode+encode of typical messages (captured from free5GC/UERANSIM
// and Open5GS/UERANSIM runs, see tests/vectors/pcaps).
//
//   cmake --build build/release --target ngap_bench && build/release/bench/ngap_bench

#include <benchmark/benchmark.h>

#include <vector>

#include "meridian/common/hex.hpp"
#include "meridian/ngap/ngap.hpp"

namespace {

std::vector<std::uint8_t> bytes_of(const char* hex) { return *meridian::from_hex(hex); }

// From free5gc_ueransim_n2-registration-pdu_2026.pcap, frames 5, 15 and 22.
const char* const ng_setup_request_hex =
    "00150049000004001b00090002f8395000000001005240170a00554552414e53494d2d676e622d3230382d39332d3100"
    "66001500000000010002f8390001100801020310101122330015400140";
const char* const initial_context_setup_request_hex =
    "000e0080a0000009000a00020001005500020001001c00070002f839cafe00000000050201010203007700091c000e00"
    "0000000000005e0020889f8ccc1dd3ef003ba150302e68cbfea0b49bf3e57fe7351eeb2d50397ee794002440040002f8"
    "39002240084370816125ffff5100264034337e02f46ebe7d017e0042010177000bf202f839cafe000000000154070002"
    "f839000001150504010102032101005e010616012c";
const char* const pdu_session_resource_setup_request_hex =
    "001d008113000004000a00020001005500020001004a0080f100400180977e02d3d6ee12037e00680100882e0101c211"
    "003c01000631310101ff0102000e211109100ac80002ffffffff200203000e211209100ac80003ffffffff400304000e"
    "2113091000000000000000008004060603e80603e82905010a3c00012204010102037900180120410101090220410101"
    "070320410101080420410101097b000880000d0408080808250908696e7465726e6574120140200102034f0000050082"
    "000a0c3b9aca00303b9aca00008b000a01f0c0a8386800000002007e400a001fc0a83868000000030086000100008800"
    "190c010000091c00200000071c00300000081c00400000091c00006e400a0c77359400303b9aca00";

void run(benchmark::State& state, const char* hex) {
  const auto wire = bytes_of(hex);
  for (auto _ : state) {
    auto pdu = meridian::ngap::decode_ngap_pdu(wire);
    auto out = meridian::ngap::encode_ngap_pdu(*pdu);
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * wire.size()));
}

void bm_ng_setup_request(benchmark::State& s) { run(s, ng_setup_request_hex); }
void bm_initial_context_setup_request(benchmark::State& s) { run(s, initial_context_setup_request_hex); }
void bm_pdu_session_resource_setup_request(benchmark::State& s) { run(s, pdu_session_resource_setup_request_hex); }

}  // namespace

BENCHMARK(bm_ng_setup_request);
BENCHMARK(bm_initial_context_setup_request);
BENCHMARK(bm_pdu_session_resource_setup_request);
BENCHMARK_MAIN();
