#pragma once
// The building block of the service fakes: one operation that records every
// call's arguments and answers with the results a test scripted, in order.
// An operation called with nothing scripted answers SYSTEM_FAILURE, so a test
// that forgot to script an answer fails on its assertions instead of hanging.

#include <concepts>
#include <cstddef>
#include <deque>
#include <functional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "meridian/sbi_types/problem_details.hpp"
#include "meridian/sbi_types/result.hpp"

namespace meridian::test {

template <class Result, class... Args>
class scripted_operation {
 public:
  using error_type = typename Result::error_type;

  /// Answer the next call with the result made of `a` (a value, or
  /// std::unexpected(error)); calls beyond the script answer SYSTEM_FAILURE.
  /// Built in place: GCC 12 at -O3 reports a false maybe-uninitialized when an
  /// expected holding vectors is moved into the queue.
  template <class... A>
    requires std::constructible_from<Result, A&&...>
  void will_answer(A&&... a) {
    script_.emplace_back(std::forward<A>(a)...);
  }
  /// Answer every call from now on by computing it from the arguments.
  void will_answer_with(std::function<Result(const Args&...)> f) { computed_ = std::move(f); }

  /// What the operation was called with, oldest first.
  const std::vector<std::tuple<Args...>>& calls() const noexcept { return calls_; }
  std::size_t call_count() const noexcept { return calls_.size(); }
  /// The `I`th argument of the last call (precondition: it was called).
  template <std::size_t I>
  const auto& last() const {
    return std::get<I>(calls_.back());
  }

  /// Called by the fake's override.
  Result answer(Args... args) {
    calls_.emplace_back(args...);
    if (!script_.empty()) {
      Result r = std::move(script_.front());
      script_.pop_front();
      return r;
    }
    if (computed_) return computed_(args...);
    // Every error type of the interfaces is a problem_details, holds one in
    // `error_`, or has it as an alternative.
    auto problem = sbi::problem_details::of(sbi::cause::system_failure, "fake: no answer scripted");
    error_type e{};
    if constexpr (requires { e.error_ = problem; })
      e.error_ = std::move(problem);
    else
      e = std::move(problem);
    return Result(std::unexpect, std::move(e));
  }

 private:
  std::deque<Result> script_;
  std::function<Result(const Args&...)> computed_;
  std::vector<std::tuple<Args...>> calls_;
};

}  // namespace meridian::test
