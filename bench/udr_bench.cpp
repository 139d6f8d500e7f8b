// The UDR's durable SQN updates (issue 14): what the UDM does for every
// authentication vector — read the SQN, compare-and-swap the next one —
// through data_repository over the SQLite store on disk (synchronous=FULL),
// with N requests in flight, on 1 or 100,000 subscribers. Each answer waits
// for its transaction's sync; group commit is what makes this more than one
// vector per fsync. Figures: docs/performance.md.
//
//   build/release/bench/udr_bench --benchmark_min_time=2
// The store is made under $MERIDIAN_BENCH_DIR (default: the current
// directory), so that the syncs reach a disk, not a tmpfs.

#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "meridian/common/hex.hpp"
#include "meridian/udr/data_repository.hpp"
#include "meridian/udr/sqlite_store.hpp"

namespace {

using namespace meridian;

struct bench_store {
  std::filesystem::path dir;
  std::filesystem::path file;
  std::vector<model::supi> supis;

  explicit bench_store(int subscribers) {
    const char* base = std::getenv("MERIDIAN_BENCH_DIR");
    std::string pattern = (std::filesystem::path(base != nullptr ? base : ".") / "udr_bench_XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) return;
    dir = pattern;
    file = dir / "udr.db";
    auto store = udr::open_sqlite_store(file);
    if (!store) return;
    const auto k = *crypto::key128::from(*from_hex("465b5ce8b199b49faa5f0a2ee238a6bc"));
    const auto opc = *crypto::key128::from(*from_hex("cd63cb71954a9f4e48a5994e37a02baf"));
    std::vector<udr::subscriber> all;
    for (int i = 0; i < subscribers; ++i) {
      udr::subscriber s{.supi_ = *model::supi::parse(fmt::format("imsi-00101{:010}", i))};
      s.k_ = k;
      s.op_ = opc;
      s.nssai_ = {{.snssai_ = model::s_nssai{}, .default_ = true}};
      supis.push_back(s.supi_);
      all.push_back(std::move(s));
    }
    (void)(*store)->insert_all(all);
  }
  ~bench_store() {
    std::error_code ec;
    if (!dir.empty()) std::filesystem::remove_all(dir, ec);
  }
};

// One vector's SQN: read, next SEQ, compare-and-swap; again on a lost race.
runtime::task<bool> one_vector(udr::nudr_data_repository& repo, model::supi supi) {
  for (int attempt = 0; attempt < 1000; ++attempt) {
    auto subs = co_await repo.query_auth_subs_data(supi);
    if (!subs || !subs->sequence_number_ || !subs->sequence_number_->sqn_) co_return false;
    const std::string current = *subs->sequence_number_->sqn_;
    std::vector<udr::authentication_subscription_patch> patch;
    patch.push_back({.op_ = sbi::patch_operation::test, .path_ = "/sequenceNumber/sqn", .from_ = std::nullopt,
                     .value_ = current});
    udr::sequence_number next = *subs->sequence_number_;
    next.sqn_ = udr::sqn_to_hex((*udr::sqn_from_hex(current) + 32) & udr::sqn_max);
    patch.push_back({.op_ = sbi::patch_operation::replace, .path_ = "/sequenceNumber", .from_ = std::nullopt,
                     .value_ = std::move(next)});
    auto done = co_await repo.modify_authentication_subscription(supi, std::move(patch));
    if (done) co_return true;
  }
  co_return false;
}

// args: {in flight, subscribers}
void BM_durable_sqn_updates(benchmark::State& state) {
  const auto in_flight = static_cast<int>(state.range(0));
  bench_store store(static_cast<int>(state.range(1)));
  asio::io_context io;
  auto work = asio::make_work_guard(io);
  auto repo = udr::open_sqlite_repository(store.file, [&io](std::function<void()> f) { asio::post(io, std::move(f)); });
  if (!repo || store.supis.empty()) {
    state.SkipWithError("cannot open the store");
    return;
  }
  std::size_t next_subscriber = 0;
  std::int64_t vectors = 0, failures = 0;
  int running = 0;
  // Keeps `in_flight` vectors going: each one that ends starts the next.
  std::function<void()> start = [&] {
    const auto& supi = store.supis[next_subscriber++ % store.supis.size()];
    ++running;
    runtime::spawn(one_vector(**repo, supi), [&](std::expected<bool, runtime::runtime_error> ok) {
      --running;
      if (ok && *ok)
        ++vectors;
      else
        ++failures;
    });
  };
  for (auto _ : state) {
    const std::int64_t target = vectors + 1000;
    while (vectors + failures < target) {
      while (running < in_flight) start();
      io.run_one();
    }
  }
  while (running > 0) io.run_one();
  const auto c = (*repo)->counters();
  state.SetItemsProcessed(vectors);
  state.counters["failures"] = static_cast<double>(failures);
  state.counters["vectors_per_commit"] = c.commits_ ? static_cast<double>(c.writes_) / static_cast<double>(c.commits_) : 0;
}
BENCHMARK(BM_durable_sqn_updates)
    ->ArgNames({"in_flight", "subscribers"})
    ->Args({1, 1})
    ->Args({64, 1})
    ->Args({1024, 1})
    ->Args({1, 100000})
    ->Args({64, 100000})
    ->Args({1024, 100000})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
