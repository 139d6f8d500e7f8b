#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "meridian/runtime/pending_requests.hpp"
#include "meridian/runtime/task.hpp"
#include "runtime_test_support.hpp"

using namespace meridian;
using namespace meridian::runtime;
using namespace std::chrono_literals;

namespace {

using table = pending_requests<std::uint32_t, std::string>;

// A request/response exchange as a procedure writes it: register, send, await.
task<std::expected<std::string, runtime_error>> exchange(table& t, std::uint32_t seq, std::vector<std::uint32_t>& sent) {
  auto answer = t.wait(seq, 3s);
  sent.push_back(seq);
  co_return co_await answer;
}

task<std::expected<std::string, runtime_error>> short_form(table& t, std::uint32_t seq) {
  co_return co_await t.wait(seq, 3s);
}

// A peer that answers inside send(), before the procedure reaches co_await.
task<std::expected<std::string, runtime_error>> answered_during_send(table& t, std::uint32_t seq) {
  auto answer = t.wait(seq, 3s);
  const bool delivered = t.complete(seq, "synchronous answer");
  if (!delivered) co_return std::unexpected(runtime_error::internal_error);
  co_return co_await answer;
}

// Registers and gives up before awaiting.
task<bool> registers_then_abandons(table& t, std::uint32_t seq) {
  {
    auto answer = t.wait(seq, 3s);
    if (!t.contains(seq)) co_return false;
  }
  co_return !t.contains(seq);
}

task<std::vector<runtime_error>> twice_same_key(table& t, std::uint32_t seq) {
  auto first = t.wait(seq, 3s);
  auto second = t.wait(seq, 3s);
  std::vector<runtime_error> errors;
  auto r2 = co_await second;
  if (!r2) errors.push_back(r2.error());
  auto r1 = co_await first;
  if (!r1) errors.push_back(r1.error());
  co_return errors;
}

struct pending_test : ::testing::Test {
  test::manual_timers m;
  table pending{m.timers};
  std::vector<std::uint32_t> sent;
};

}  // namespace

TEST_F(pending_test, complete_resumes_the_waiter_with_the_response) {
  test::outcome<std::expected<std::string, runtime_error>> out;
  spawn(exchange(pending, 17, sent), out.sink());
  EXPECT_EQ(sent, (std::vector<std::uint32_t>{17}));
  EXPECT_TRUE(pending.contains(17));
  EXPECT_FALSE(out.done());
  EXPECT_TRUE(pending.complete(17, "response 17"));
  ASSERT_TRUE(out.done());
  EXPECT_EQ(**out.value, "response 17");
  EXPECT_EQ(pending.size(), 0u);
  EXPECT_EQ(m.timers.pending(), 0u) << "the request's timer is disarmed";
}

TEST_F(pending_test, when_no_answer_comes_before_the_timeout_then_wait_returns_timed_out_and_the_key_is_removed) {
  test::outcome<std::expected<std::string, runtime_error>> out;
  spawn(short_form(pending, 5), out.sink());
  m.advance(2999ms);
  EXPECT_FALSE(out.done());
  m.advance(1ms);
  ASSERT_TRUE(out.done());
  EXPECT_EQ(**out.value, std::unexpected(runtime_error::timed_out));
  EXPECT_FALSE(pending.contains(5));
  EXPECT_FALSE(pending.complete(5, "late")) << "a late answer is an unexpected answer";
}

TEST_F(pending_test, an_answer_for_an_unknown_key_is_refused) {
  EXPECT_FALSE(pending.complete(99, "nobody asked"));
  test::outcome<std::expected<std::string, runtime_error>> out;
  spawn(short_form(pending, 1), out.sink());
  EXPECT_FALSE(pending.complete(2, "wrong key"));
  EXPECT_FALSE(out.done());
  EXPECT_TRUE(pending.contains(1));
  EXPECT_TRUE(pending.complete(1, "right key"));
  EXPECT_EQ(**out.value, "right key");
}

TEST_F(pending_test, a_second_answer_for_the_same_key_is_refused) {
  test::outcome<std::expected<std::string, runtime_error>> out;
  spawn(short_form(pending, 1), out.sink());
  EXPECT_TRUE(pending.complete(1, "first"));
  EXPECT_FALSE(pending.complete(1, "duplicate"));
  EXPECT_EQ(**out.value, "first");
}

TEST_F(pending_test, waiting_twice_on_one_key_gives_duplicate_key_and_leaves_the_first_waiter_alone) {
  test::outcome<std::vector<runtime_error>> out;
  spawn(twice_same_key(pending, 4), out.sink());
  EXPECT_FALSE(out.done()) << "the first wait is still outstanding";
  EXPECT_TRUE(pending.complete(4, "for the first"));
  ASSERT_TRUE(out.done());
  EXPECT_EQ(**out.value, (std::vector<runtime_error>{runtime_error::duplicate_key}));
}

TEST_F(pending_test, an_answer_that_arrives_before_the_co_await_is_kept) {
  test::outcome<std::expected<std::string, runtime_error>> out;
  spawn(answered_during_send(pending, 8), out.sink());
  ASSERT_TRUE(out.done());
  EXPECT_EQ(**out.value, "synchronous answer");
  EXPECT_EQ(m.timers.pending(), 0u);
}

TEST_F(pending_test, cancelling_the_waiting_task_ends_the_wait_with_cancelled_and_frees_the_key) {
  cancellation_source source;
  test::outcome<std::expected<std::string, runtime_error>> out;
  spawn(short_form(pending, 3), source.token(), out.sink());
  source.request_cancellation();
  ASSERT_TRUE(out.done());
  EXPECT_EQ(**out.value, std::unexpected(runtime_error::cancelled));
  EXPECT_FALSE(pending.contains(3));
  EXPECT_EQ(m.timers.pending(), 0u);
  EXPECT_FALSE(pending.complete(3, "too late"));
}

TEST_F(pending_test, a_wait_from_an_already_cancelled_task_returns_cancelled_without_suspending) {
  cancellation_source source;
  source.request_cancellation();
  test::outcome<std::expected<std::string, runtime_error>> out;
  spawn(short_form(pending, 3), source.token(), out.sink());
  ASSERT_TRUE(out.done());
  EXPECT_EQ(**out.value, std::unexpected(runtime_error::cancelled));
  EXPECT_EQ(pending.size(), 0u);
  EXPECT_EQ(m.timers.pending(), 0u);
}

TEST_F(pending_test, an_abandoned_registration_takes_its_key_back_out) {
  test::outcome<bool> out;
  spawn(registers_then_abandons(pending, 12), out.sink());
  ASSERT_TRUE(out.done());
  EXPECT_TRUE(**out.value);
  EXPECT_EQ(m.timers.pending(), 0u);
}

TEST_F(pending_test, cancel_all_ends_every_outstanding_request_with_the_given_error) {
  std::vector<test::outcome<std::expected<std::string, runtime_error>>> outs(5);
  for (std::uint32_t i = 0; i < 5; ++i) spawn(short_form(pending, i), outs[i].sink());
  EXPECT_EQ(pending.size(), 5u);
  EXPECT_EQ(pending.cancel_all(runtime_error::cancelled), 5u);
  for (auto& o : outs) {
    ASSERT_TRUE(o.done());
    EXPECT_EQ(**o.value, std::unexpected(runtime_error::cancelled));
  }
  EXPECT_EQ(pending.size(), 0u);
  EXPECT_EQ(m.timers.pending(), 0u);
}

namespace {
struct ue_procedure_key {
  std::uint64_t amf_ue_ngap_id;
  std::uint8_t procedure_code;
  bool operator==(const ue_procedure_key&) const = default;
};
struct ue_procedure_key_hash {
  std::size_t operator()(const ue_procedure_key& k) const noexcept {
    return std::hash<std::uint64_t>{}(k.amf_ue_ngap_id * 256 + k.procedure_code);
  }
};
using ngap_table = pending_requests<ue_procedure_key, int, ue_procedure_key_hash>;

task<std::expected<int, runtime_error>> await_ngap(ngap_table& t, ue_procedure_key k) {
  co_return co_await t.wait(k, 5s);
}
}  // namespace

TEST(pending_requests_keys, a_composite_key_tells_procedures_of_one_ue_apart) {
  test::manual_timers m;
  ngap_table t(m.timers);
  test::outcome<std::expected<int, runtime_error>> setup, release;
  spawn(await_ngap(t, {1, 29}), setup.sink());
  spawn(await_ngap(t, {1, 41}), release.sink());
  EXPECT_TRUE(t.complete({1, 41}, 410));
  EXPECT_FALSE(setup.done());
  EXPECT_EQ(**release.value, 410);
  EXPECT_FALSE(t.complete({2, 29}, 0)) << "another UE's id";
  EXPECT_TRUE(t.complete({1, 29}, 290));
  EXPECT_EQ(**setup.value, 290);
}
