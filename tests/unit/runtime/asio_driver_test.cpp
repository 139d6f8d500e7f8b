// The timer service on a real io_context and the machine's clock: short real
// timers (tens of milliseconds), every run bounded well under a second.

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/post.hpp>

#include "meridian/common/clock.hpp"
#include "meridian/runtime/pending_requests.hpp"
#include "meridian/runtime/strand.hpp"
#include "meridian/runtime/task.hpp"
#include "meridian/runtime/timer_service.hpp"
#include "meridian/runtime/with_timeout.hpp"
#include "runtime_test_support.hpp"

using namespace meridian;
using namespace meridian::runtime;
using namespace std::chrono_literals;

namespace {

task<clock::duration> measured_sleep(timer_service& timers, clock::duration d) {
  const auto start = timers.now();
  auto slept = co_await timers.sleep_for(d);
  (void)slept;
  co_return timers.now() - start;
}

task<std::expected<int, runtime_error>> unanswered(pending_requests<int, int>& table, timer_service& timers) {
  co_return co_await with_timeout(timers, [](pending_requests<int, int>& t) -> task<int> {
    auto r = co_await t.wait(1, 10s);
    co_return r ? *r : -1;
  }(table), 30ms);
}

}  // namespace

TEST(asio_driver, a_sleep_on_the_real_clock_resumes_from_the_io_context_after_its_duration) {
  asio::io_context io;
  system_clock_source clk;
  timer_service timers(clk, io);
  test::outcome<clock::duration> out;
  spawn(measured_sleep(timers, 20ms), out.sink());
  io.run_for(1s);  // returns as soon as nothing is left to do
  ASSERT_TRUE(out.done());
  EXPECT_GE(**out.value, 20ms);
  EXPECT_LT(**out.value, 900ms);
}

TEST(asio_driver, a_timer_armed_earlier_than_the_armed_one_fires_first) {
  asio::io_context io;
  system_clock_source clk;
  timer_service timers(clk, io);
  std::vector<std::string> fired;
  timer late(timers), early(timers), cancelled(timers);
  late.arm_after(60ms, [&] { fired.push_back("late"); });
  cancelled.arm_after(5ms, [&] { fired.push_back("cancelled"); });
  early.arm_after(20ms, [&] { fired.push_back("early"); });
  cancelled.cancel();
  io.run_for(1s);
  EXPECT_EQ(fired, (std::vector<std::string>{"early", "late"}));
  EXPECT_EQ(timers.pending(), 0u);
}

TEST(asio_driver, an_unanswered_request_times_out_on_the_real_clock_and_leaves_nothing_behind) {
  asio::io_context io;
  system_clock_source clk;
  timer_service timers(clk, io);
  pending_requests<int, int> table(timers);
  test::outcome<std::expected<int, runtime_error>> out;
  const auto start = clk.now();
  spawn(unanswered(table, timers), out.sink());
  io.run_for(1s);
  ASSERT_TRUE(out.done());
  EXPECT_EQ(**out.value, std::unexpected(runtime_error::timed_out));
  EXPECT_GE(clk.now() - start, 30ms);
  EXPECT_EQ(table.size(), 0u);
  EXPECT_EQ(timers.pending(), 0u);
}

TEST(asio_driver, an_answer_posted_by_a_handler_completes_the_request_before_its_timeout) {
  asio::io_context io;
  system_clock_source clk;
  timer_service timers(clk, io);
  pending_requests<int, int> table(timers);
  test::outcome<std::expected<int, runtime_error>> out;
  spawn(unanswered(table, timers), out.sink());
  asio::post(io, [&table] { table.complete(1, 11); });
  io.run_for(1s);
  ASSERT_TRUE(out.done());
  EXPECT_EQ(**out.value, 11);
}
