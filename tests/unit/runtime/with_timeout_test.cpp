#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "meridian/runtime/task.hpp"
#include "meridian/runtime/timer_service.hpp"
#include "meridian/runtime/with_timeout.hpp"
#include "runtime_test_support.hpp"

using namespace meridian;
using namespace meridian::runtime;
using namespace std::chrono_literals;

namespace {

struct work_log {
  int started = 0;
  int finished = 0;
  int saw_cancelled = 0;
  int frames_destroyed = 0;
};

// Destroyed with the frame that holds it.
struct frame_marker {
  work_log* log;
  ~frame_marker() { ++log->frames_destroyed; }
};

// Works for `d` (a sleep), then answers 7; notes how it ended.
task<int> slow_answer(timer_service& timers, clock::duration d, work_log& log) {
  frame_marker marker{&log};
  ++log.started;
  auto slept = co_await timers.sleep_for(d);
  if (!slept) {
    ++log.saw_cancelled;
    co_return -1;
  }
  ++log.finished;
  co_return 7;
}

task<void> slow_void(timer_service& timers, clock::duration d) {
  auto slept = co_await timers.sleep_for(d);
  (void)slept;
}

task<std::expected<int, runtime_error>> bounded(timer_service& timers, clock::duration work, clock::duration limit,
                                                work_log& log) {
  co_return co_await with_timeout(timers, slow_answer(timers, work, log), limit);
}

task<int> throws_after(timer_service& timers) {
  auto slept = co_await timers.sleep_for(1s);
  (void)slept;
  throw std::runtime_error("bug");
}

task<std::string> catches_through_timeout(timer_service& timers) {
  try {
    auto r = co_await with_timeout(timers, throws_after(timers), 5s);
    (void)r;
  } catch (const std::runtime_error& e) {
    co_return e.what();
  }
  co_return "nothing thrown";
}

// with_timeout inside with_timeout: the inner limit is the shorter one.
task<std::expected<std::expected<int, runtime_error>, runtime_error>> nested(timer_service& timers, work_log& log) {
  co_return co_await with_timeout(timers, with_timeout(timers, slow_answer(timers, 1h, log), 2s), 10s);
}

using with_timeout_test = ::testing::Test;

}  // namespace

TEST(with_timeout, when_the_task_finishes_first_then_with_timeout_returns_its_value_and_disarms_the_deadline) {
  test::manual_timers m;
  work_log log;
  test::outcome<std::expected<int, runtime_error>> out;
  spawn(bounded(m.timers, 1s, 5s, log), out.sink());
  EXPECT_EQ(m.timers.pending(), 2u) << "the work's sleep and the deadline";
  m.advance(1s);
  ASSERT_TRUE(out.done());
  EXPECT_EQ(**out.value, 7);
  EXPECT_EQ(m.timers.pending(), 0u) << "the deadline is disarmed";
  EXPECT_EQ(log.frames_destroyed, 1);
  m.advance(10s);
  EXPECT_EQ(**out.value, 7) << "nothing fires later";
}

TEST(with_timeout, when_timeout_elapses_first_then_with_timeout_returns_timed_out) {
  test::manual_timers m;
  work_log log;
  test::outcome<std::expected<int, runtime_error>> out;
  spawn(bounded(m.timers, 1h, 5s, log), out.sink());
  m.advance(4s);
  EXPECT_FALSE(out.done());
  m.advance(1s);
  ASSERT_TRUE(out.done());
  EXPECT_EQ(**out.value, std::unexpected(runtime_error::timed_out));
  EXPECT_EQ(log.saw_cancelled, 1) << "the losing task was cancelled and ran to its end";
  EXPECT_EQ(log.finished, 0);
  EXPECT_EQ(log.frames_destroyed, 1) << "and its frame is gone";
  EXPECT_EQ(m.timers.pending(), 0u) << "its sleep is disarmed";
}

TEST(with_timeout, when_the_awaiting_task_is_cancelled_then_with_timeout_returns_cancelled_and_cancels_the_work) {
  test::manual_timers m;
  work_log log;
  cancellation_source source;
  test::outcome<std::expected<int, runtime_error>> out;
  spawn(bounded(m.timers, 1h, 5s, log), source.token(), out.sink());
  m.advance(1s);
  source.request_cancellation();
  ASSERT_TRUE(out.done());
  EXPECT_EQ(**out.value, std::unexpected(runtime_error::cancelled));
  EXPECT_EQ(log.saw_cancelled, 1);
  EXPECT_EQ(m.timers.pending(), 0u);
}

TEST(with_timeout, when_already_cancelled_then_the_task_never_starts) {
  test::manual_timers m;
  work_log log;
  cancellation_source source;
  source.request_cancellation();
  test::outcome<std::expected<int, runtime_error>> out;
  spawn(bounded(m.timers, 1s, 5s, log), source.token(), out.sink());
  ASSERT_TRUE(out.done());
  EXPECT_EQ(**out.value, std::unexpected(runtime_error::cancelled));
  EXPECT_EQ(log.started, 0);  // its unstarted frame is freed with it (the asan build checks)
}

TEST(with_timeout, a_void_task_gives_an_empty_expected_or_timed_out) {
  test::manual_timers m;
  test::outcome<std::expected<void, runtime_error>> fast, slow;
  spawn(with_timeout(m.timers, slow_void(m.timers, 1s), 2s), fast.sink());
  spawn(with_timeout(m.timers, slow_void(m.timers, 3s), 2s), slow.sink());
  m.advance(1s);
  ASSERT_TRUE(fast.done());
  EXPECT_TRUE(*fast.value && **fast.value);
  m.advance(1s);
  ASSERT_TRUE(slow.done());
  EXPECT_EQ(**slow.value, std::unexpected(runtime_error::timed_out));
  EXPECT_EQ(m.timers.pending(), 0u);
}

TEST(with_timeout, an_exception_in_the_task_reaches_the_awaiter) {
  test::manual_timers m;
  test::outcome<std::string> out;
  spawn(catches_through_timeout(m.timers), out.sink());
  m.advance(1s);
  ASSERT_TRUE(out.done());
  EXPECT_EQ(**out.value, "bug");
}

TEST(with_timeout, nested_timeouts_end_at_the_shorter_limit_and_leave_nothing_armed) {
  test::manual_timers m;
  work_log log;
  test::outcome<std::expected<std::expected<int, runtime_error>, runtime_error>> out;
  spawn(nested(m.timers, log), out.sink());
  m.advance(2s);
  ASSERT_TRUE(out.done());
  ASSERT_TRUE(*out.value);
  ASSERT_TRUE(**out.value) << "the outer limit did not pass";
  EXPECT_EQ(***out.value, std::unexpected(runtime_error::timed_out)) << "the inner one did";
  EXPECT_EQ(m.timers.pending(), 0u);
  EXPECT_EQ(log.frames_destroyed, 1);
}
