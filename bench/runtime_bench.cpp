// The coroutine runtime's per-operation costs: awaiting a chain of tasks,
// arming and cancelling a timer with many others pending, a pending-request
// round trip (register, answer, resume), a sleep fired by the manual clock.
//   build/release/bench/runtime_bench

#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "meridian/common/clock.hpp"
#include "meridian/runtime/pending_requests.hpp"
#include "meridian/runtime/task.hpp"
#include "meridian/runtime/timer_service.hpp"

using namespace meridian;
using namespace meridian::runtime;
using namespace std::chrono_literals;

namespace {

task<int> leaf() { co_return 1; }

task<int> chain(int depth) {
  if (depth == 0) co_return co_await leaf();
  co_return 1 + co_await chain(depth - 1);
}

// One procedure of `depth` nested awaits (each a coroutine frame), spawned and
// run to its end: the cost of a procedure's call structure.
void bm_task_await_chain(benchmark::State& state) {
  const int depth = static_cast<int>(state.range(0));
  int sum = 0;
  for (auto _ : state) {
    spawn(chain(depth), [&sum](std::expected<int, runtime_error> r) { sum += *r; });
  }
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(state.iterations() * (depth + 1));
}
BENCHMARK(bm_task_await_chain)->Arg(1)->Arg(10)->Arg(100);

// Arm and cancel one timer while `range(0)` others are pending (one or more per UE).
void bm_timer_arm_cancel(benchmark::State& state) {
  manual_clock clk;
  timer_service timers(clk);
  std::vector<std::unique_ptr<timer>> background;
  const auto n = state.range(0);
  for (std::int64_t i = 0; i < n; ++i) {
    background.push_back(std::make_unique<timer>(timers));
    background.back()->arm_after(std::chrono::milliseconds(1000 + (i * 7919) % 3'600'000), [] {});
  }
  timer t(timers);
  std::int64_t i = 0;
  for (auto _ : state) {
    t.arm_after(std::chrono::milliseconds(1000 + (i++ * 104729) % 3'600'000), [] {});
    t.cancel();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(bm_timer_arm_cancel)->Arg(0)->Arg(1000)->Arg(100'000);

task<std::uint32_t> request(pending_requests<std::uint32_t, std::uint32_t>& table, std::uint32_t seq) {
  auto r = co_await table.wait(seq, 3s);
  co_return r ? *r : 0;
}

// A request registered, answered and its procedure resumed (one coroutine frame).
void bm_pending_round_trip(benchmark::State& state) {
  manual_clock clk;
  timer_service timers(clk);
  pending_requests<std::uint32_t, std::uint32_t> table(timers);
  std::uint32_t seq = 0;
  std::uint64_t answered = 0;
  for (auto _ : state) {
    ++seq;
    spawn(request(table, seq), [&answered](std::expected<std::uint32_t, runtime_error> r) { answered += *r; });
    table.complete(seq, seq);
  }
  benchmark::DoNotOptimize(answered);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(bm_pending_round_trip);

task<void> nap(timer_service& timers) {
  auto r = co_await timers.sleep_for(1ms);
  benchmark::DoNotOptimize(r);
}

// A procedure sleeping and being woken by run_due (batches of 1,000).
void bm_sleep_fired(benchmark::State& state) {
  manual_clock clk;
  timer_service timers(clk);
  for (auto _ : state) {
    for (int i = 0; i < 1000; ++i) spawn(nap(timers));
    clk.advance(1ms);
    timers.run_due();
  }
  state.SetItemsProcessed(state.iterations() * 1000);
}
BENCHMARK(bm_sleep_fired);

}  // namespace

BENCHMARK_MAIN();
