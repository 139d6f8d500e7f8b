#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "meridian/runtime/task.hpp"

using namespace meridian::runtime;

namespace {

static_assert(!std::is_copy_constructible_v<task<int>>, "a task is move-only");
static_assert(std::is_nothrow_move_constructible_v<task<int>>);

task<int> forty_two() { co_return 42; }

task<int> add_one(int x) {
  const int base = co_await forty_two();
  co_return base + x;
}

task<std::string> describe(int x) {
  const int v = co_await add_one(x);
  co_return "value " + std::to_string(v);
}

task<void> record(std::vector<std::string>& log, std::string what) {
  log.push_back(std::move(what));
  co_return;
}

task<int> throws_logic_error() {
  throw std::logic_error("a bug");
  co_return 0;
}

task<int> catches(std::string& seen) {
  try {
    co_return co_await throws_logic_error();
  } catch (const std::logic_error& e) {
    seen = e.what();
  }
  co_return -1;
}

// Counts its own destruction: tells whether a frame (holding it) was freed.
struct frame_probe {
  explicit frame_probe(int& destroyed) : destroyed_(&destroyed) {}
  frame_probe(frame_probe&& o) noexcept : destroyed_(std::exchange(o.destroyed_, nullptr)) {}
  ~frame_probe() {
    if (destroyed_) ++*destroyed_;
  }
  int* destroyed_;
};

task<int> holds_probe(frame_probe, bool& ran) {
  ran = true;
  co_return 1;
}

template <class T>
std::optional<std::expected<T, runtime_error>> run(task<T> t) {
  std::optional<std::expected<T, runtime_error>> out;
  spawn(std::move(t), [&out](std::expected<T, runtime_error> r) { out.emplace(std::move(r)); });
  return out;
}

}  // namespace

TEST(task, a_task_does_nothing_until_it_is_awaited) {
  int destroyed = 0;
  bool ran = false;
  {
    auto t = holds_probe(frame_probe(destroyed), ran);
    EXPECT_TRUE(t.valid());
    EXPECT_FALSE(t.done());
    EXPECT_FALSE(ran);
  }
  EXPECT_FALSE(ran) << "a task never awaited never runs";
  EXPECT_EQ(destroyed, 1) << "its frame (and the parameter it holds) is freed with the task";
}

TEST(task, values_flow_back_through_a_chain_of_awaits) {
  auto out = run(describe(8));
  ASSERT_TRUE(out);
  ASSERT_TRUE(*out);
  EXPECT_EQ(**out, "value 50");
}

TEST(task, void_tasks_run_in_the_order_they_are_awaited) {
  std::vector<std::string> log;
  auto sequence = [](std::vector<std::string>& l) -> task<void> {
    // A capture-less lambda: the frame refers to nothing that dies first.
    co_await record(l, "send");
    co_await record(l, "receive");
    co_await record(l, "done");
  };
  auto out = run(sequence(log));
  ASSERT_TRUE(out && *out);
  EXPECT_EQ(log, (std::vector<std::string>{"send", "receive", "done"}));
}

TEST(task, an_exception_is_rethrown_into_the_awaiting_task) {
  std::string seen;
  auto out = run(catches(seen));
  ASSERT_TRUE(out && *out);
  EXPECT_EQ(**out, -1);
  EXPECT_EQ(seen, "a bug");
}

TEST(task, when_an_exception_escapes_a_spawned_task_then_on_done_gets_internal_error_and_it_is_counted) {
  const auto before = escaped_exception_count();
  auto out = run(throws_logic_error());
  ASSERT_TRUE(out);
  ASSERT_FALSE(*out);
  EXPECT_EQ(out->error(), runtime_error::internal_error);
  EXPECT_EQ(escaped_exception_count(), before + 1);
}

TEST(task, spawn_runs_a_task_that_never_suspends_to_its_end_before_returning) {
  int calls = 0;
  spawn(forty_two(), [&calls](std::expected<int, runtime_error> r) {
    ++calls;
    EXPECT_EQ(r, 42);
  });
  EXPECT_EQ(calls, 1);
}

TEST(task, fire_and_forget_spawn_frees_the_frame) {
  int destroyed = 0;
  bool ran = false;
  spawn(holds_probe(frame_probe(destroyed), ran));
  EXPECT_TRUE(ran);
  EXPECT_EQ(destroyed, 1);
}

namespace {
task<bool> is_cancelled() { co_return (co_await current_cancellation()).cancellation_requested(); }
task<bool> outer_is_cancelled() { co_return co_await is_cancelled(); }
}  // namespace

TEST(task, an_awaited_task_inherits_the_cancellation_token_of_its_root) {
  cancellation_source source;
  source.request_cancellation();
  std::optional<bool> seen;
  spawn(outer_is_cancelled(), source.token(), [&seen](std::expected<bool, runtime_error> r) { seen = r.value(); });
  EXPECT_EQ(seen, true);

  seen.reset();
  spawn(outer_is_cancelled(), [&seen](std::expected<bool, runtime_error> r) { seen = r.value(); });
  EXPECT_EQ(seen, false) << "a root spawned without a token is never cancelled";
}

#if defined(__OPTIMIZE__)
namespace {
task<int> one() { co_return 1; }
task<long> many(int n) {
  long sum = 0;
  for (int i = 0; i < n; ++i) sum += co_await one();
  co_return sum;
}
}  // namespace

// Symmetric transfer: each await jumps into the child and back without nesting
// a call, so a million synchronous completions do not overflow the stack.
// (GCC makes the tail call only when optimising, hence the guard.)
TEST(task, a_million_synchronous_awaits_in_a_loop_do_not_grow_the_stack) {
  auto out = run(many(1'000'000));
  ASSERT_TRUE(out && *out);
  EXPECT_EQ(**out, 1'000'000);
}
#endif

TEST(cancellation, callbacks_run_once_in_registration_order_and_disarmed_ones_never) {
  cancellation_source source;
  std::vector<int> order;
  struct ctx {
    std::vector<int>* order;
    int id;
  };
  ctx a{&order, 1}, b{&order, 2}, c{&order, 3};
  auto push = [](void* p) noexcept {
    auto* x = static_cast<ctx*>(p);
    x->order->push_back(x->id);
  };
  cancellation_registration ra, rb, rc;
  ASSERT_TRUE(ra.arm(source.token(), push, &a));
  ASSERT_TRUE(rb.arm(source.token(), push, &b));
  ASSERT_TRUE(rc.arm(source.token(), push, &c));
  rb.disarm();
  EXPECT_TRUE(source.request_cancellation());
  EXPECT_FALSE(source.request_cancellation()) << "a second request does nothing";
  EXPECT_EQ(order, (std::vector<int>{1, 3}));
  EXPECT_FALSE(ra.armed());
  cancellation_registration late;
  EXPECT_FALSE(late.arm(source.token(), push, &a)) << "registering on a cancelled token runs nothing";
  EXPECT_EQ(order.size(), 2u);
}

TEST(cancellation, a_callback_may_destroy_the_source_that_runs_it) {
  auto source = std::make_unique<cancellation_source>();
  const cancellation_token token = source->token();
  struct ctx {
    std::unique_ptr<cancellation_source>* owner;
    int runs = 0;
  } c{&source};
  cancellation_registration r1, r2;
  auto destroy = [](void* p) noexcept {
    auto* x = static_cast<ctx*>(p);
    ++x->runs;
    x->owner->reset();
  };
  auto count = [](void* p) noexcept { ++static_cast<ctx*>(p)->runs; };
  r1.arm(token, destroy, &c);
  r2.arm(token, count, &c);
  source->request_cancellation();
  EXPECT_EQ(c.runs, 2);
  EXPECT_EQ(source, nullptr);
  EXPECT_TRUE(token.cancellation_requested()) << "tokens keep the state alive";
}

TEST(cancellation, a_default_token_is_never_cancelled) {
  cancellation_token t;
  EXPECT_FALSE(t.can_be_cancelled());
  EXPECT_FALSE(t.cancellation_requested());
  cancellation_registration r;
  EXPECT_FALSE(r.arm(t, [](void*) noexcept {}, nullptr));
}
