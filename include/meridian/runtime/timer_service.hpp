#pragma once
// Timers on the injected clock (meridian::clock), for every 3GPP timer a
// procedure runs (T3550, T3560, TNGRELOCprep, Time To Wait, PFCP T1, ...).
//
// One timer_service per event-loop thread keeps every pending timer in one
// indexed min-heap keyed by (deadline, arming order): arming and cancelling are
// O(log n), firing the earliest is O(log n), and no timer allocates (its heap
// node lives inside the awaiting object or the `timer`), so hundreds of
// thousands of UEs with a timer or two each cost one pointer per timer in the
// heap's vector.
//
// Who fires the timers:
// - in production, construct with the thread's asio::io_context: one
//   asio::steady_timer is kept armed for the earliest deadline and calls
//   run_due() when it expires (the clock must then be system_clock_source);
// - in tests, construct without one and call `clock.advance(d); timers.run_due();`
//   to fire what is due, in deadline order, with no sleeping.
//
// Due timers resume their coroutines (or run their callbacks) inline, inside
// run_due(). Everything here belongs to one thread. The service must outlive
// the timers and awaiters that use it; if it is destroyed first, they are left
// disarmed and never fire.

#include <chrono>
#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <vector>

#include "meridian/common/clock.hpp"
#include "meridian/runtime/cancellation.hpp"
#include "meridian/runtime/error.hpp"
#include "meridian/runtime/task.hpp"

namespace asio {
class io_context;
}

namespace meridian::runtime {

class timer_service;

namespace detail {

// One entry of the timer heap, embedded in whoever waits: no allocation per timer.
class timer_node {
 public:
  static constexpr std::size_t not_armed = std::numeric_limits<std::size_t>::max();
  using fire_fn = void (*)(timer_node&) noexcept;

  explicit timer_node(fire_fn fire) noexcept : fire_(fire) {}
  timer_node(const timer_node&) = delete;
  timer_node& operator=(const timer_node&) = delete;

  bool armed() const noexcept { return index_ != not_armed; }
  clock::time_point deadline() const noexcept { return deadline_; }

 private:
  friend class meridian::runtime::timer_service;
  clock::time_point deadline_{};
  std::uint64_t sequence_ = 0;       // arming order: ties fire first-armed first
  std::size_t index_ = not_armed;    // position in the heap while armed
  fire_fn fire_;                     // called once the node has left the heap
};

}  // namespace detail

class sleep_awaiter;

/// The timers of one event-loop thread (see the top of this header).
class timer_service {
 public:
  /// Timers fired by run_due() only (tests with a manual_clock).
  explicit timer_service(const meridian::clock& clk);
  /// Timers fired by one asio::steady_timer on `io` (production; `io` must outlive this).
  timer_service(const meridian::clock& clk, asio::io_context& io);
  ~timer_service();
  timer_service(const timer_service&) = delete;
  timer_service& operator=(const timer_service&) = delete;

  clock::time_point now() const noexcept { return clock_.now(); }

  /// Fires every timer whose deadline is at or before now(), earliest first
  /// (same deadline: first armed first), including timers that the callbacks
  /// arm already due. Returns how many fired.
  std::size_t run_due();

  /// The earliest pending deadline, if any timer is armed.
  std::optional<clock::time_point> next_deadline() const noexcept;
  /// How many timers are armed.
  std::size_t pending() const noexcept { return heap_.size(); }

  /// `co_await timers.sleep_until(tp)`: resumes with {} at tp, or with
  /// runtime_error::cancelled as soon as the awaiting task is cancelled.
  /// A deadline already passed completes without suspending.
  sleep_awaiter sleep_until(clock::time_point deadline) noexcept;
  sleep_awaiter sleep_for(clock::duration d) noexcept;

  /// Low level, for the runtime's own awaitables and `timer`: (re)arms `node`
  /// at `deadline`, or takes it out of the heap. disarm returns whether it was armed.
  void arm(detail::timer_node& node, clock::time_point deadline);
  bool disarm(detail::timer_node& node) noexcept;

 private:
  class io_driver;

  bool earlier(const detail::timer_node* a, const detail::timer_node* b) const noexcept;
  void place(std::size_t i, detail::timer_node* n) noexcept;
  void sift_up(std::size_t i) noexcept;
  void sift_down(std::size_t i) noexcept;
  void remove_at(std::size_t i) noexcept;

  const meridian::clock& clock_;
  std::vector<detail::timer_node*> heap_;
  std::uint64_t next_sequence_ = 0;
  std::unique_ptr<io_driver> driver_;
};

/// A callback timer for code that is not a coroutine (an Asio-style handler):
///   timer t3512(timers); t3512.arm_after(54min, [this] { on_t3512_expiry(); });
/// Destroying or re-arming it cancels the pending expiry. The callback may
/// destroy the timer itself.
class timer : private detail::timer_node {
 public:
  explicit timer(timer_service& service) noexcept : timer_node(&fire), service_(service) {}
  ~timer() { cancel(); }

  void arm_at(clock::time_point deadline, std::move_only_function<void()> on_expiry);
  void arm_after(clock::duration d, std::move_only_function<void()> on_expiry) {
    arm_at(service_.now() + d, std::move(on_expiry));
  }
  /// Returns true if the timer was armed (its callback will now never run).
  bool cancel() noexcept;

  using timer_node::armed;
  using timer_node::deadline;

 private:
  static void fire(timer_node& n) noexcept;
  timer_service& service_;
  std::move_only_function<void()> on_expiry_;
};

/// What `co_await timers.sleep_until(tp)` waits on. Built by timer_service only.
class sleep_awaiter : private detail::timer_node {
 public:
  sleep_awaiter(const sleep_awaiter&) = delete;
  sleep_awaiter& operator=(const sleep_awaiter&) = delete;
  ~sleep_awaiter() {
    if (armed()) service_.disarm(*this);
  }

  bool await_ready() const noexcept { return false; }
  template <class P>
  bool await_suspend(std::coroutine_handle<P> h) noexcept {
    return suspend(h, detail::token_of(h));
  }
  std::expected<void, runtime_error> await_resume() const noexcept {
    if (cancelled_) return std::unexpected(runtime_error::cancelled);
    return {};
  }

 private:
  friend class timer_service;
  sleep_awaiter(timer_service& s, clock::time_point deadline) noexcept
      : timer_node(&fire), service_(s), wake_at_(deadline) {}
  bool suspend(std::coroutine_handle<> h, const cancellation_token& token) noexcept;
  static void fire(timer_node& n) noexcept;
  static void on_cancel(void* self) noexcept;

  timer_service& service_;
  clock::time_point wake_at_;
  std::coroutine_handle<> waiter_;
  cancellation_registration registration_;
  bool cancelled_ = false;
};

inline sleep_awaiter timer_service::sleep_until(clock::time_point deadline) noexcept {
  return sleep_awaiter(*this, deadline);
}
inline sleep_awaiter timer_service::sleep_for(clock::duration d) noexcept { return sleep_until(now() + d); }

}  // namespace meridian::runtime
