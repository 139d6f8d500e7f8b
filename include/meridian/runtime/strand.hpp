#pragma once
// strand: one object's procedures, one at a time, in arrival order.
//
// A UE context lives on one event-loop thread, so its data needs no lock; but a
// procedure suspends (waiting for an answer or a timer), and another procedure
// of the same UE must not run its steps in between (TS 23.502 serialises, for
// instance, a Service Request behind a running Registration). Give each such
// object a strand and start its procedures on it:
//
//   ue.strand_.spawn(registration_procedure(ue, msg), [](auto outcome) { ... });
//
// The procedure holds the strand from its first step to its end, across every
// co_await; procedures spawned meanwhile queue and start, in order, when it
// ends. Inside a task, `auto held = co_await s.lock();` takes the strand for as
// long as `held` (a strand::guard) lives.
//
// - Not reentrant: a procedure holding the strand must not wait for it again
//   (it would wait for itself).
// - Work starts inline when the strand is free; the next waiter is started
//   through the io_context (asio::post) when the holder releases, so a chain of
//   procedures never grows the stack. Run the io_context (tests: io.poll()).
// - Queued work observes its cancellation token: cancelled while queued, it
//   ends with runtime_error::cancelled without having held the strand.
// - Allocation-light: a waiter is a node inside its coroutine frame; spawn()
//   and dispatch() cost one coroutine frame each.
// - One thread. The strand must outlive its work: cancel queued procedures and
//   let them end before destroying the object that owns it.

#include <coroutine>
#include <cstddef>
#include <expected>
#include <optional>
#include <utility>

#include "meridian/runtime/cancellation.hpp"
#include "meridian/runtime/error.hpp"
#include "meridian/runtime/task.hpp"

namespace asio {
class io_context;
}

namespace meridian::runtime {

class strand {
 public:
  /// Ownership of the strand; releases it when destroyed. Move-only.
  class guard {
   public:
    guard() noexcept = default;
    guard(guard&& o) noexcept : strand_(std::exchange(o.strand_, nullptr)) {}
    guard& operator=(guard&& o) noexcept {
      if (this != &o) {
        release();
        strand_ = std::exchange(o.strand_, nullptr);
      }
      return *this;
    }
    ~guard() { release(); }
    /// Hands the strand to the next waiter now (a no-op if not owning).
    void release() noexcept {
      if (strand_) std::exchange(strand_, nullptr)->release();
    }
    bool owns() const noexcept { return strand_ != nullptr; }

   private:
    friend class strand;
    explicit guard(strand* s) noexcept : strand_(s) {}
    strand* strand_ = nullptr;
  };

  /// What `co_await s.lock()` waits on: gives std::expected<guard, runtime_error>.
  class lock_awaiter {
   public:
    lock_awaiter(const lock_awaiter&) = delete;
    lock_awaiter& operator=(const lock_awaiter&) = delete;
    ~lock_awaiter() { strand_.unlink(*this); }

    bool await_ready() const noexcept { return false; }
    template <class P>
    bool await_suspend(std::coroutine_handle<P> h) noexcept {
      return strand_.enqueue(*this, h, detail::token_of(h));
    }
    std::expected<guard, runtime_error> await_resume() noexcept {
      if (state_ != state::granted) return std::unexpected(runtime_error::cancelled);
      return guard(&strand_);
    }

   private:
    friend class strand;
    enum class state { idle, queued, granted, cancelled };
    explicit lock_awaiter(strand& s) noexcept : strand_(s) {}
    static void on_cancel(void* self) noexcept;

    strand& strand_;
    state state_ = state::idle;
    lock_awaiter* prev_ = nullptr;
    lock_awaiter* next_ = nullptr;
    std::coroutine_handle<> waiter_;
    cancellation_registration registration_;
  };

  /// The strand posts the start of each next waiter to `io` (which must outlive it).
  explicit strand(asio::io_context& io) noexcept : io_(io) {}
  strand(const strand&) = delete;
  strand& operator=(const strand&) = delete;
  ~strand();

  /// `auto held = co_await s.lock();` (see the top of this header).
  lock_awaiter lock() noexcept { return lock_awaiter(*this); }

  /// Runs `t` holding the strand, after the work queued before it; then calls
  /// `on_done(std::expected<T, runtime_error>)` with the strand already released.
  /// Starts inline if the strand is free. `on_done` must not throw.
  template <class T, class F>
    requires std::invocable<F&, std::expected<T, runtime_error>>
  void spawn(task<T> t, cancellation_token token, F on_done);
  template <class T, class F>
    requires std::invocable<F&, std::expected<T, runtime_error>>
  void spawn(task<T> t, F on_done) {
    spawn(std::move(t), cancellation_token{}, std::move(on_done));
  }

  /// Runs the plain function `fn()` holding the strand, in order with the
  /// procedures; inline if the strand is free. `fn` must not throw.
  template <class F>
  void dispatch(F fn);

  /// True while some work holds the strand (or is being handed it).
  bool busy() const noexcept { return held_; }
  /// How many are queued behind the holder.
  std::size_t queued() const noexcept { return queued_; }

 private:
  bool enqueue(lock_awaiter& a, std::coroutine_handle<> h, const cancellation_token& token) noexcept;
  void unlink(lock_awaiter& a) noexcept;
  void release() noexcept;

  asio::io_context& io_;
  bool held_ = false;
  lock_awaiter* head_ = nullptr;
  lock_awaiter* tail_ = nullptr;
  std::size_t queued_ = 0;
};

namespace detail {

template <class T, class F>
detached run_on_strand(strand& s, task<T> t, cancellation_token, F on_done) {
  std::optional<std::expected<T, runtime_error>> outcome;
  {
    std::expected<strand::guard, runtime_error> held = co_await s.lock();
    if (held)
      outcome.emplace(co_await expected_awaiter<T>(t.handle()));
    else
      outcome.emplace(std::unexpected(held.error()));
  }  // released before on_done, which may destroy the strand's owner
  on_done(std::move(*outcome));
}

template <class F>
detached run_function_on_strand(strand& s, F fn) {
  std::expected<strand::guard, runtime_error> held = co_await s.lock();
  if (held) fn();
}

}  // namespace detail

template <class T, class F>
  requires std::invocable<F&, std::expected<T, runtime_error>>
void strand::spawn(task<T> t, cancellation_token token, F on_done) {
  detail::run_on_strand(*this, std::move(t), std::move(token), std::move(on_done));
}

template <class F>
void strand::dispatch(F fn) {
  detail::run_function_on_strand(*this, std::move(fn));
}

}  // namespace meridian::runtime
