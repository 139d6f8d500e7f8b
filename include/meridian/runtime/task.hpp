#pragma once
// task<T>: the coroutine type every Meridian procedure and service operation
// returns.
//
//   task<registration_result> registration::run() {
//     send(registration_accept{...});
//     auto complete = co_await table_.wait(key, t3550_);       // answer or timer
//     if (!complete) co_return registration_result::t3550_expired;
//     ...
//   }
//
// - Lazy: calling a task function only creates its frame; nothing runs until
//   the task is awaited (`co_await f()` or `co_await std::move(t)`) or spawned.
// - Symmetric transfer: awaiting a task jumps straight into it, and its end
//   jumps straight back into the awaiter, so long chains of tasks that finish
//   without suspending do not grow the stack (GCC needs -O1 or more for the
//   tail call; clang always does it).
// - Move-only; destroying a task that never started destroys its frame.
//   Never destroy a task that is suspended inside (its owner awaits it until
//   it ends; cancel it to make it end early).
// - Cancellation: an awaited task inherits its awaiter's cancellation token;
//   spawn() gives the root its token. See cancellation.hpp.
// - Exceptions: input from the wire never throws in Meridian, so an exception
//   inside a task is an internal bug. It is stored and rethrown into the
//   awaiting task at its co_await; if it reaches a spawned root, it is logged
//   on the "runtime" logger, counted (escaped_exception_count()), and the
//   completion callback gets runtime_error::internal_error. The process goes on.
//
// Rules that keep GCC 12 out of its coroutine bugs (see docs/runtime.md):
// never make a lambda with captures a coroutine (its closure dies before the
// frame does: write a function taking its arguments by value); take
// coroutine parameters by value, not by reference, unless the referent
// outlives the task for sure; keep co_await operands simple (a call that
// returns the awaitable), and name an awaitable you build in several steps.

#include <concepts>
#include <coroutine>
#include <cstdint>
#include <exception>
#include <expected>
#include <optional>
#include <type_traits>
#include <utility>

#include "meridian/runtime/cancellation.hpp"
#include "meridian/runtime/error.hpp"

namespace meridian::runtime {

template <class T = void>
class task;

namespace detail {

// What every task promise shares: where to go back to, the token, the exception.
class promise_base {
 public:
  std::suspend_always initial_suspend() const noexcept { return {}; }

  struct final_awaiter {
    bool await_ready() const noexcept { return false; }
    template <class P>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<P> self) const noexcept {
      const std::coroutine_handle<> next = self.promise().continuation_;
      return next ? next : std::noop_coroutine();
    }
    void await_resume() const noexcept {}
  };
  final_awaiter final_suspend() const noexcept { return {}; }

  void unhandled_exception() noexcept { exception_ = std::current_exception(); }

  const cancellation_token& cancellation() const noexcept { return token_; }

  std::coroutine_handle<> continuation_;
  cancellation_token token_;
  std::exception_ptr exception_;
};

template <class T>
class task_promise : public promise_base {
 public:
  task<T> get_return_object() noexcept;

  template <class U = T>
    requires std::constructible_from<T, U&&>
  void return_value(U&& v) noexcept(std::is_nothrow_constructible_v<T, U&&>) {
    value_.emplace(std::forward<U>(v));
  }

  T take() {
    if (exception_) std::rethrow_exception(exception_);
    return std::move(*value_);
  }
  std::expected<T, runtime_error> take_expected() noexcept(std::is_nothrow_move_constructible_v<T>);

  std::optional<T> value_;
};

template <>
class task_promise<void> : public promise_base {
 public:
  task<void> get_return_object() noexcept;
  void return_void() const noexcept {}

  void take() const {
    if (exception_) std::rethrow_exception(exception_);
  }
  std::expected<void, runtime_error> take_expected() const noexcept;
};

/// The token of the coroutine `h` if its promise carries one (tasks and
/// spawned roots do), else a token that is never cancelled.
template <class P>
cancellation_token token_of(std::coroutine_handle<P> h) noexcept {
  if constexpr (requires(const P& p) {
                  { p.cancellation() } -> std::convertible_to<const cancellation_token&>;
                })
    return h.promise().cancellation();
  else
    return {};
}

/// Logs an exception that reached a spawned root and counts it.
void report_escaped_exception(std::exception_ptr e) noexcept;

template <class T>
std::expected<T, runtime_error> task_promise<T>::take_expected() noexcept(std::is_nothrow_move_constructible_v<T>) {
  if (exception_) {
    report_escaped_exception(exception_);
    return std::unexpected(runtime_error::internal_error);
  }
  return std::move(*value_);
}

inline std::expected<void, runtime_error> task_promise<void>::take_expected() const noexcept {
  if (exception_) {
    report_escaped_exception(exception_);
    return std::unexpected(runtime_error::internal_error);
  }
  return {};
}

}  // namespace detail

/// A lazy coroutine producing a T (see the top of this header).
template <class T>
class [[nodiscard]] task {
 public:
  using promise_type = detail::task_promise<T>;
  using handle_type = std::coroutine_handle<promise_type>;
  using value_type = T;

  task() noexcept = default;
  task(task&& o) noexcept : h_(std::exchange(o.h_, {})) {}
  task& operator=(task&& o) noexcept {
    if (this != &o) {
      if (h_) h_.destroy();
      h_ = std::exchange(o.h_, {});
    }
    return *this;
  }
  task(const task&) = delete;
  task& operator=(const task&) = delete;
  ~task() {
    if (h_) h_.destroy();
  }

  /// False for a default-constructed or moved-from task.
  bool valid() const noexcept { return static_cast<bool>(h_); }
  /// True once the task has run to its end.
  bool done() const noexcept { return h_ && h_.done(); }

  /// Replaces the token the task will run with (before it starts; awaiting
  /// from another task overrides it with the awaiter's).
  void set_cancellation(cancellation_token token) noexcept { h_.promise().token_ = std::move(token); }

  class awaiter {
   public:
    explicit awaiter(handle_type h) noexcept : h_(h) {}
    bool await_ready() const noexcept { return false; }
    template <class P>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<P> parent) noexcept {
      if constexpr (std::is_base_of_v<detail::promise_base, P>) h_.promise().token_ = parent.promise().token_;
      h_.promise().continuation_ = parent;
      return h_;
    }
    T await_resume() { return h_.promise().take(); }

   private:
    handle_type h_;
  };

  /// Starts the task and resumes the awaiter with its value (or rethrows its exception).
  awaiter operator co_await() && noexcept { return awaiter(h_); }

  /// For the runtime's own awaitables (spawn, with_timeout, strand).
  handle_type handle() const noexcept { return h_; }

 private:
  friend promise_type;
  explicit task(handle_type h) noexcept : h_(h) {}
  handle_type h_;
};

namespace detail {

template <class T>
task<T> task_promise<T>::get_return_object() noexcept {
  return task<T>(std::coroutine_handle<task_promise<T>>::from_promise(*this));
}
inline task<void> task_promise<void>::get_return_object() noexcept {
  return task<void>(std::coroutine_handle<task_promise<void>>::from_promise(*this));
}

/// Awaits a task and gives its outcome as an expected, exceptions turned into
/// runtime_error::internal_error (logged and counted). For roots.
template <class T>
class expected_awaiter {
 public:
  explicit expected_awaiter(typename task<T>::handle_type h) noexcept : h_(h) {}
  bool await_ready() const noexcept { return false; }
  template <class P>
  std::coroutine_handle<> await_suspend(std::coroutine_handle<P> parent) noexcept {
    h_.promise().token_ = token_of(parent);
    h_.promise().continuation_ = parent;
    return h_;
  }
  std::expected<T, runtime_error> await_resume() { return h_.promise().take_expected(); }

 private:
  typename task<T>::handle_type h_;
};

/// The frame of a spawned root: starts at once, frees itself at its end.
class detached {
 public:
  struct promise_type {
    // The root's token is the coroutine's cancellation_token parameter, if it has one.
    template <class... Args>
    explicit promise_type(Args&... args) noexcept {
      (take_token(args), ...);
    }
    void take_token(const cancellation_token& t) noexcept { token_ = t; }
    template <class A>
    void take_token(const A&) const noexcept {}

    detached get_return_object() const noexcept { return {}; }
    std::suspend_never initial_suspend() const noexcept { return {}; }
    std::suspend_never final_suspend() const noexcept { return {}; }
    void return_void() const noexcept {}
    // Only a throwing completion callback can get here; that breaks spawn's contract.
    [[noreturn]] void unhandled_exception() const noexcept { std::terminate(); }
    const cancellation_token& cancellation() const noexcept { return token_; }
    cancellation_token token_;
  };
};

template <class T, class F>
detached run_detached(task<T> t, cancellation_token, F on_done) {
  std::expected<T, runtime_error> outcome = co_await expected_awaiter<T>(t.handle());
  on_done(std::move(outcome));
}

struct ignore_outcome {
  template <class E>
  void operator()(E&&) const noexcept {}
};

}  // namespace detail

/// Starts `t` now, on this thread: it runs until its first suspension before
/// spawn returns (all of it, if it never suspends). When it ends,
/// `on_done(std::expected<T, runtime_error>)` is called on the thread that
/// resumed it last; the error is runtime_error::internal_error if an exception
/// escaped (a bug). `on_done` must not throw. This is how non-coroutine code
/// (an Asio handler, a test) starts a procedure; inside a task, co_await instead.
template <class T, class F>
  requires std::invocable<F&, std::expected<T, runtime_error>>
void spawn(task<T> t, cancellation_token token, F on_done) {
  detail::run_detached(std::move(t), std::move(token), std::move(on_done));
}

template <class T, class F>
  requires std::invocable<F&, std::expected<T, runtime_error>>
void spawn(task<T> t, F on_done) {
  spawn(std::move(t), cancellation_token{}, std::move(on_done));
}

/// Fire and forget: the outcome is dropped (an escaped exception is still logged and counted).
template <class T>
void spawn(task<T> t, cancellation_token token = {}) {
  spawn(std::move(t), std::move(token), detail::ignore_outcome{});
}

/// `co_await current_cancellation()` gives the running task's token.
class current_cancellation {
 public:
  bool await_ready() const noexcept { return false; }
  template <class P>
  bool await_suspend(std::coroutine_handle<P> h) noexcept {
    token_ = detail::token_of(h);
    return false;  // never suspends
  }
  cancellation_token await_resume() noexcept { return std::move(token_); }

 private:
  cancellation_token token_;
};

/// Exceptions that reached a spawned root since the process started (bugs).
std::uint64_t escaped_exception_count() noexcept;

}  // namespace meridian::runtime
