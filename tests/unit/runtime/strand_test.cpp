#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <asio/io_context.hpp>

#include "meridian/runtime/strand.hpp"
#include "meridian/runtime/task.hpp"
#include "meridian/runtime/timer_service.hpp"
#include "runtime_test_support.hpp"

using namespace meridian;
using namespace meridian::runtime;
using namespace std::chrono_literals;

namespace {

// A procedure of three steps with a wait between each, noting every step.
task<int> procedure(timer_service& timers, std::vector<std::string>& log, std::string name, int result) {
  for (int step = 1; step <= 3; ++step) {
    log.push_back(name + std::to_string(step));
    auto slept = co_await timers.sleep_for(1s);
    if (!slept) co_return -1;
  }
  co_return result;
}

task<void> locks_then_works(strand& s, timer_service& timers, std::vector<std::string>& log, std::string name) {
  auto held = co_await s.lock();
  if (!held) {
    log.push_back(name + " cancelled");
    co_return;
  }
  log.push_back(name + " start");
  auto slept = co_await timers.sleep_for(1s);
  (void)slept;
  log.push_back(name + " end");
}

struct strand_test : ::testing::Test {
  asio::io_context io;
  test::manual_timers m;
  std::vector<std::string> log;

  // Fires due timers and runs the hand-overs the strand posted, until nothing moves.
  void step(clock::duration d) {
    m.advance(d);
    for (int i = 0; i < 100 && io.poll() > 0; ++i) {
      io.restart();
    }
    io.restart();
  }
};

}  // namespace

TEST_F(strand_test, procedures_on_one_strand_run_one_at_a_time_in_the_order_they_were_spawned) {
  strand ue(io);
  test::outcome<int> a, b, c;
  ue.spawn(procedure(m.timers, log, "a", 1), a.sink());
  ue.spawn(procedure(m.timers, log, "b", 2), b.sink());
  ue.spawn(procedure(m.timers, log, "c", 3), c.sink());
  EXPECT_TRUE(ue.busy());
  EXPECT_EQ(ue.queued(), 2u);
  for (int i = 0; i < 12; ++i) step(1s);
  EXPECT_EQ(log, (std::vector<std::string>{"a1", "a2", "a3", "b1", "b2", "b3", "c1", "c2", "c3"}))
      << "no step of one procedure falls between two steps of another";
  EXPECT_EQ(**a.value, 1);
  EXPECT_EQ(**b.value, 2);
  EXPECT_EQ(**c.value, 3);
  EXPECT_FALSE(ue.busy());
}

TEST_F(strand_test, procedures_on_different_strands_interleave) {
  strand ue1(io), ue2(io);
  test::outcome<int> a, b;
  ue1.spawn(procedure(m.timers, log, "a", 1), a.sink());
  ue2.spawn(procedure(m.timers, log, "b", 2), b.sink());
  for (int i = 0; i < 4; ++i) step(1s);
  EXPECT_EQ(log, (std::vector<std::string>{"a1", "b1", "a2", "b2", "a3", "b3"}));
  EXPECT_TRUE(a.done() && b.done());
}

TEST_F(strand_test, a_procedure_on_a_free_strand_starts_inline) {
  strand ue(io);
  test::outcome<int> a;
  ue.spawn(procedure(m.timers, log, "a", 1), a.sink());
  EXPECT_EQ(log, (std::vector<std::string>{"a1"}));
  for (int i = 0; i < 3; ++i) step(1s);
  EXPECT_EQ(**a.value, 1);
}

TEST_F(strand_test, dispatched_functions_run_in_order_with_the_procedures) {
  strand ue(io);
  test::outcome<int> a;
  ue.dispatch([this] { log.push_back("f1"); });
  ue.spawn(procedure(m.timers, log, "a", 1), a.sink());
  ue.dispatch([this] { log.push_back("f2"); });
  for (int i = 0; i < 5; ++i) step(1s);
  EXPECT_EQ(log, (std::vector<std::string>{"f1", "a1", "a2", "a3", "f2"}));
}

TEST_F(strand_test, a_procedure_cancelled_while_queued_ends_with_cancelled_and_never_runs) {
  strand ue(io);
  cancellation_source cancel_b;
  test::outcome<int> a, b, c;
  ue.spawn(procedure(m.timers, log, "a", 1), a.sink());
  ue.spawn(procedure(m.timers, log, "b", 2), cancel_b.token(), b.sink());
  ue.spawn(procedure(m.timers, log, "c", 3), c.sink());
  cancel_b.request_cancellation();
  ASSERT_TRUE(b.done());
  EXPECT_EQ(*b.value, (std::expected<int, runtime_error>(std::unexpected(runtime_error::cancelled))));
  EXPECT_EQ(ue.queued(), 1u);
  for (int i = 0; i < 8; ++i) step(1s);
  EXPECT_EQ(log, (std::vector<std::string>{"a1", "a2", "a3", "c1", "c2", "c3"}));
  EXPECT_EQ(**c.value, 3);
}

TEST_F(strand_test, cancelling_the_running_procedure_hands_the_strand_to_the_next) {
  strand ue(io);
  cancellation_source cancel_a;
  test::outcome<int> a, b;
  ue.spawn(procedure(m.timers, log, "a", 1), cancel_a.token(), a.sink());
  ue.spawn(procedure(m.timers, log, "b", 2), b.sink());
  cancel_a.request_cancellation();
  EXPECT_EQ(**a.value, -1) << "the running procedure saw its sleep cancelled";
  for (int i = 0; i < 4; ++i) step(1s);
  EXPECT_EQ(log, (std::vector<std::string>{"a1", "b1", "b2", "b3"}));
}

TEST_F(strand_test, a_task_can_take_the_strand_with_lock_and_release_it_with_its_guard) {
  strand ue(io);
  test::outcome<void> x, y;
  spawn(locks_then_works(ue, m.timers, log, "x"), x.sink());
  spawn(locks_then_works(ue, m.timers, log, "y"), y.sink());
  EXPECT_EQ(log, (std::vector<std::string>{"x start"}));
  step(1s);
  step(1s);
  EXPECT_EQ(log, (std::vector<std::string>{"x start", "x end", "y start", "y end"}));
  EXPECT_TRUE(x.done() && y.done());
  EXPECT_FALSE(ue.busy());
}
