#pragma once
// with_timeout: run a task against a deadline.
//
//   auto answer = co_await with_timeout(timers_, ausf_.authenticate(request), 5s);
//   if (!answer && answer.error() == runtime_error::timed_out) ...
//
// The task starts when the returned task is awaited and runs with its own
// cancellation source, linked to the awaiter's token. Whichever comes first:
// - the task ends: its value is returned (its exception is rethrown);
// - the deadline passes: the task is cancelled, and with_timeout waits for it
//   to end (every runtime awaitable resumes at once on cancellation), then
//   returns runtime_error::timed_out, whatever the task produced meanwhile;
// - the awaiter is cancelled: the task is cancelled likewise, and the result
//   is runtime_error::cancelled.
// So nothing is left behind: no armed timer, no suspended task, no resume later.
// The task must reach a cancellation point (any runtime awaitable) for the
// timeout to take effect; a task blocked on something that ignores
// cancellation is waited for.

#include <coroutine>
#include <expected>
#include <utility>

#include "meridian/runtime/cancellation.hpp"
#include "meridian/runtime/error.hpp"
#include "meridian/runtime/task.hpp"
#include "meridian/runtime/timer_service.hpp"

namespace meridian::runtime {

namespace detail {

// Runs `inner` with a deadline; lives in with_timeout's frame.
template <class T>
class timeout_race : private timer_node {
 public:
  timeout_race(timer_service& timers, task<T>& inner, clock::time_point deadline) noexcept
      : timer_node(&on_deadline), timers_(timers), inner_(inner), deadline_(deadline) {}
  ~timeout_race() {
    if (armed()) timers_.disarm(*this);
  }

  bool await_ready() const noexcept { return false; }

  template <class P>
  std::coroutine_handle<> await_suspend(std::coroutine_handle<P> parent) {
    const cancellation_token parent_token = token_of(parent);
    if (parent_token.cancellation_requested()) {
      parent_cancelled_ = true;  // the inner task never starts
      return parent;
    }
    parent_registration_.arm(parent_token, &on_parent_cancel, this);
    timers_.arm(*this, deadline_);
    auto& promise = inner_.handle().promise();
    promise.token_ = source_.token();
    promise.continuation_ = parent;
    return inner_.handle();
  }

  std::expected<T, runtime_error> await_resume() {
    timers_.disarm(*this);
    parent_registration_.disarm();
    if (timed_out_) return std::unexpected(runtime_error::timed_out);
    if (parent_cancelled_) return std::unexpected(runtime_error::cancelled);
    if constexpr (std::is_void_v<T>) {
      inner_.handle().promise().take();
      return {};
    } else {
      return inner_.handle().promise().take();
    }
  }

 private:
  static void on_deadline(timer_node& n) noexcept {
    auto& self = static_cast<timeout_race&>(n);
    self.timed_out_ = true;
    // May run the inner task to its end and resume the awaiter, which may
    // destroy `self`: nothing touches `self` after this call.
    self.source_.request_cancellation();
  }
  static void on_parent_cancel(void* p) noexcept {
    auto& self = *static_cast<timeout_race*>(p);
    self.timers_.disarm(self);
    self.parent_cancelled_ = true;
    self.source_.request_cancellation();
  }

  timer_service& timers_;
  task<T>& inner_;
  clock::time_point deadline_;
  cancellation_source source_;
  cancellation_registration parent_registration_;
  bool timed_out_ = false;
  bool parent_cancelled_ = false;
};

}  // namespace detail

/// Runs `t` for at most `timeout` from when the result is awaited (see the top of this header).
template <class T>
task<std::expected<T, runtime_error>> with_timeout(timer_service& timers, task<T> t, clock::duration timeout) {
  detail::timeout_race<T> race(timers, t, timers.now() + timeout);
  co_return co_await race;
}

}  // namespace meridian::runtime
