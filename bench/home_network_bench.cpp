// Whole 5G-AKA authentications through the home network in one process
// (issue 14): AUSF Nausf_UEAuthentication_Authenticate → UDM
// Nudm_UEAuthentication_Get → UDR SQN compare-and-swap, durable (SQLite on
// disk, synchronous=FULL, group commit) → the UE's RES* → AUSF 5G-AKA
// confirmation → UDM result confirmation. N authentications in flight, on 1 or
// 100,000 subscribers, on one thread (the UDR's committer thread apart).
// The UE's side is Milenage f2345 and the RES* KDF (no USIM SQN check: that is
// the UE's freshness check, not the network's cost), in the loop or prepared
// before it (rows ue:1 / ue:0, see BM_5g_aka_authentications). Counters:
// loop_us (the event loop's CPU per authentication), committer_us (the other
// threads'), per_commit (writes per transaction). Figures: docs/performance.md.
//
//   taskset -c 1 build/release/bench/home_network_bench --benchmark_min_time=2   # on one core
// The store is made under $MERIDIAN_BENCH_DIR (default: the current directory).
//
// Instruction counts (deterministic where wall time on a shared machine is
// not): under callgrind only the timed region (with its drain) is
// instrumented, so the total divided by the authentications is the cost of one:
//   valgrind --tool=callgrind --instr-atstart=no --separate-threads=yes
//     build/release/bench/home_network_bench --benchmark_min_time=0.001
//     --benchmark_filter='in_flight:1024/subscribers:100000/warm:1/ue:0'   (one line)

#include <benchmark/benchmark.h>
#include <stdlib.h>
#include <time.h>

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_START_INSTRUMENTATION
#define CALLGRIND_STOP_INSTRUMENTATION
#endif

#include "meridian/ausf/ausf_service.hpp"
#include "meridian/common/hex.hpp"
#include "meridian/core/home_network.hpp"
#include "meridian/crypto/milenage.hpp"
#include "meridian/crypto/random.hpp"
#include "meridian/security/key_hierarchy.hpp"
#include "meridian/udr/sqlite_store.hpp"

namespace {

using namespace meridian;

constexpr const char* serving_network_name = "5G:mnc001.mcc001.3gppnetwork.org";

// Out of line: inlined into the benchmark, GCC 12 sees the default-made
// lastIndexes map as "maybe uninitialized" (a false -Wmaybe-uninitialized).
[[gnu::noinline]] udr::subscriber bench_subscriber(int i, const crypto::key128& k, const crypto::key128& opc) {
  udr::subscriber s{.supi_ = *model::supi::parse(fmt::format("imsi-00101{:010}", i))};
  s.k_ = k;
  s.op_ = opc;
  s.nssai_ = {{.snssai_ = model::s_nssai{}, .default_ = true}};
  return s;
}

struct bench_store {
  std::filesystem::path dir;
  std::filesystem::path file;
  std::vector<model::supi> supis;
  crypto::key128 k = *crypto::key128::from(*from_hex("465b5ce8b199b49faa5f0a2ee238a6bc"));
  crypto::key128 opc = *crypto::key128::from(*from_hex("cd63cb71954a9f4e48a5994e37a02baf"));

  explicit bench_store(int subscribers) {
    const char* base = std::getenv("MERIDIAN_BENCH_DIR");
    std::string pattern = (std::filesystem::path(base != nullptr ? base : ".") / "home_network_bench_XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) return;
    dir = pattern;
    file = dir / "udr.db";
    auto store = udr::open_sqlite_store(file);
    if (!store) return;
    std::vector<udr::subscriber> all;
    all.reserve(static_cast<std::size_t>(subscribers));
    for (int i = 0; i < subscribers; ++i) {
      supis.push_back(all.emplace_back(bench_subscriber(i, k, opc)).supi_);
    }
    if (!(*store)->insert_all(all)) supis.clear();
  }
  ~bench_store() {
    std::error_code ec;
    if (!dir.empty()) std::filesystem::remove_all(dir, ec);
  }
};

// The UE's side of 5G-AKA: RES* from RAND (Milenage f2345, then the RES*
// KDF), computed in the loop, or looked up among answers prepared before the
// timed region for RANDs drawn ahead (the UDM is then given those RANDs).
class bench_ue {
 public:
  // `usim` is the UE's Milenage with its K and OPc set up (a USIM holds its
  // key; every bench subscriber has the same one, so one object serves them all).
  explicit bench_ue(const crypto::milenage& usim) : usim_(usim) {}

  // Draws `count` RANDs from the CSPRNG and computes each one's RES*.
  bool prepare(std::size_t count) {
    rands_.resize(count);
    std::size_t slots = 1;
    while (slots < 2 * count) slots <<= 1;
    prepared_.assign(slots, prepared{});
    for (auto& r : rands_) {
      if (!crypto::random_bytes(r)) return false;
      std::size_t at = head_of(r) & (slots - 1);
      while (prepared_[at].used) at = (at + 1) & (slots - 1);
      prepared_[at] = prepared{.used = true, .rand = r, .res_star = compute(r)};
    }
    return true;
  }
  // The UDM's RANDs when prepared: the drawn ones, in turn (round and round).
  udm::rand_source rand_source() {
    return [this]() -> std::optional<crypto::rand128> { return rands_[next_rand_++ % rands_.size()]; };
  }

  std::optional<std::array<std::uint8_t, 16>> res_star(const crypto::rand128& rand) const {
    if (rands_.empty()) return compute(rand);
    // An open-addressed table (one cache miss, where a node map took two or three).
    for (std::size_t at = head_of(rand) & (prepared_.size() - 1); prepared_[at].used;
         at = (at + 1) & (prepared_.size() - 1))
      if (prepared_[at].rand == rand) return prepared_[at].res_star;
    return std::nullopt;
  }

 private:
  std::array<std::uint8_t, 16> compute(const crypto::rand128& rand) const {
    const auto out = usim_.f2345(rand);
    return security::derive_res_star(out.ck, out.ik, serving_network_name, rand, out.res);
  }

  static std::size_t head_of(const crypto::rand128& rand) {
    std::size_t head = 0;
    for (std::size_t i = 0; i < sizeof head; ++i) head = head << 8 | rand[i];
    return head;
  }

  struct prepared {
    bool used = false;
    crypto::rand128 rand{};
    std::array<std::uint8_t, 16> res_star{};
  };
  const crypto::milenage& usim_;
  std::vector<crypto::rand128> rands_;
  std::vector<prepared> prepared_;  // by the RAND's first octets, twice as many slots as RANDs
  std::size_t next_rand_ = 0;
};

// One whole 5G-AKA: true when the AUSF confirmed it.
runtime::task<bool> authenticate(ausf::nausf_ue_authentication& ausf, model::supi supi, const bench_ue* ue) {
  ausf::authentication_info info;
  info.supi_or_suci_ = supi;
  info.serving_network_name_ = serving_network_name;
  auto ctx = co_await ausf.authenticate(std::move(info));
  if (!ctx) co_return false;
  const auto* av = std::get_if<ausf::av_5g_aka>(&ctx->auth_data_5g_);
  const auto link = ctx->links_.find("5g-aka");
  if (av == nullptr || av->rand_.size() != 16 || link == ctx->links_.end()) co_return false;
  crypto::rand128 rand{};
  std::copy_n(av->rand_.begin(), 16, rand.begin());
  const auto res_star = ue->res_star(rand);
  if (!res_star) co_return false;
  ausf::confirmation_data data{.res_star_ = sbi::bytes(res_star->begin(), res_star->end())};
  const std::string ctx_id(ausf::auth_ctx_id_of(link->second.href_));
  auto confirmed = co_await ausf.confirm_5g_aka(ctx_id, std::move(data));
  co_return confirmed && confirmed->auth_result_ == ausf::auth_result::authentication_success;
}

double cpu_seconds(clockid_t which) {
  timespec t{};
  ::clock_gettime(which, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// The UDR reads each subscriber's authentication data once, as a long-running
// home network has (it then answers from memory); the store is not written.
bool read_every_subscriber(asio::io_context& io, udr::nudr_data_repository& udr, const std::vector<model::supi>& supis) {
  std::size_t answered = 0, found = 0;
  for (const auto& supi : supis)
    runtime::spawn(udr.query_auth_subs_data(supi), [&](auto r) {
      ++answered;
      if (r && *r) ++found;
    });
  while (answered < supis.size()) io.run_one();
  return found == supis.size();
}

// args: {in flight, subscribers, warm, ue}:
// - warm 1: every subscriber read once before the timed loop (steady state);
//   0: a freshly opened UDR (with 100,000 subscribers, each authentication of
//   the run is then its subscriber's first);
// - ue 1: the UE's RES* computed in the loop; 0: the UDM is given RANDs drawn
//   from the CSPRNG before the timed region (65,536 of them, used in turn), and
//   the UE's RES* for each is computed then too, so only the network's side
//   (and the SEAF's two calls) is in the loop.
void BM_5g_aka_authentications(benchmark::State& state) {
  const auto in_flight = static_cast<int>(state.range(0));
  bench_store store(static_cast<int>(state.range(1)));
  const crypto::milenage usim(store.k, store.opc);
  bench_ue ue(usim);
  if (state.range(3) == 0 && !ue.prepare(65536)) {
    state.SkipWithError("no random octets");
    return;
  }
  asio::io_context io;
  auto work = asio::make_work_guard(io);
  const system_clock_source clock;
  core::home_network_config cfg;
  cfg.db_ = store.file;
  if (state.range(3) == 0) cfg.rand_ = ue.rand_source();
  auto hn = core::home_network::open(io, cfg, clock);
  if (!hn || store.supis.empty()) {
    state.SkipWithError("cannot open the store");
    return;
  }
  if (state.range(2) != 0 && !read_every_subscriber(io, (*hn)->udr(), store.supis)) {
    state.SkipWithError("cannot read the subscribers");
    return;
  }
  auto& ausf = (*hn)->ausf();
  std::size_t next_subscriber = 0;
  std::int64_t done = 0, failures = 0;
  int running = 0;
  std::function<void()> start = [&] {
    const auto& supi = store.supis[next_subscriber++ % store.supis.size()];
    ++running;
    runtime::spawn(authenticate(ausf, supi, &ue), [&](std::expected<bool, runtime::runtime_error> ok) {
      --running;
      if (ok && *ok)
        ++done;
      else
        ++failures;
    });
  };
  const auto commits_before = (*hn)->udr_counters();
  const double cpu_before = cpu_seconds(CLOCK_THREAD_CPUTIME_ID);
  const double process_cpu_before = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID);
  CALLGRIND_START_INSTRUMENTATION;
  for (auto _ : state) {
    const std::int64_t target = done + failures + 1000;
    while (done + failures < target) {
      while (running < in_flight) start();
      io.run_one();
    }
  }
  while (running > 0) io.run_one();
  CALLGRIND_STOP_INSTRUMENTATION;
  const double cpu = cpu_seconds(CLOCK_THREAD_CPUTIME_ID) - cpu_before;
  const double process_cpu = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID) - process_cpu_before;
  const auto commits = (*hn)->udr_counters();
  state.SetItemsProcessed(done);
  state.counters["failures"] = static_cast<double>(failures);
  state.counters["authentications"] = static_cast<double>(done);  // divides callgrind's totals
  // The event loop's CPU per authentication (this thread; the committer's is apart).
  state.counters["loop_us"] = done > 0 ? cpu * 1e6 / static_cast<double>(done) : 0.0;
  // The other threads' (the committer's): SQLite's statements, the syncs' system time.
  state.counters["committer_us"] = done > 0 ? (process_cpu - cpu) * 1e6 / static_cast<double>(done) : 0.0;
  // Writes per transaction (one sync each): two per authentication.
  const auto n = commits.commits_ - commits_before.commits_;
  state.counters["per_commit"] =
      n > 0 ? static_cast<double>(commits.writes_ - commits_before.writes_) / static_cast<double>(n) : 0.0;
}
BENCHMARK(BM_5g_aka_authentications)
    ->ArgNames({"in_flight", "subscribers", "warm", "ue"})
    ->Args({1, 1, 1, 1})
    ->Args({1024, 1, 1, 1})
    ->Args({1024, 1, 1, 0})
    ->Args({4096, 1, 1, 0})
    ->Args({1024, 100000, 0, 1})
    ->Args({1024, 100000, 1, 1})
    ->Args({1024, 100000, 1, 0})
    ->Args({4096, 100000, 1, 0})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
