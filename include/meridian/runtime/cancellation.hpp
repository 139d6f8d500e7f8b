#pragma once
// Cooperative cancellation of procedures.
//
// A cancellation_source owns the right to cancel; cancellation_tokens are cheap
// copies that observe it. Every task carries a token (a child task awaited by a
// parent inherits the parent's), and every runtime awaitable (sleep,
// pending_requests::wait, strand::lock, with_timeout) registers on the awaiting
// task's token: when cancellation is requested the awaitable resumes its task at
// once with runtime_error::cancelled (an error value, never an exception). A
// task that does its own work between awaits can check
// `(co_await current_cancellation()).cancellation_requested()`.
//
// Single-threaded by design, like everything in the runtime: a source, its
// tokens and its registrations belong to one thread (one io_context). To cancel
// from another thread, post the request to that thread.

#include <cstddef>
#include <utility>

namespace meridian::runtime {

class cancellation_registration;

namespace detail {

// Shared by a source and its tokens; counts its owners (not atomically: one thread).
struct cancellation_state {
  std::size_t references = 1;
  bool requested = false;
  // Registrations still waiting, in registration order.
  cancellation_registration* head = nullptr;
  cancellation_registration* tail = nullptr;
};

inline void add_reference(cancellation_state* s) noexcept {
  if (s) ++s->references;
}
inline void release(cancellation_state* s) noexcept {
  if (s && --s->references == 0) delete s;
}

}  // namespace detail

/// Observes one cancellation_source; a default-constructed token is never cancelled.
class cancellation_token {
 public:
  cancellation_token() noexcept = default;
  cancellation_token(const cancellation_token& o) noexcept : state_(o.state_) { detail::add_reference(state_); }
  cancellation_token(cancellation_token&& o) noexcept : state_(std::exchange(o.state_, nullptr)) {}
  cancellation_token& operator=(cancellation_token o) noexcept {
    std::swap(state_, o.state_);
    return *this;
  }
  ~cancellation_token() { detail::release(state_); }

  /// True once the source asked for cancellation.
  bool cancellation_requested() const noexcept { return state_ && state_->requested; }
  /// False for a default-constructed token, which nothing can cancel.
  bool can_be_cancelled() const noexcept { return state_ != nullptr; }

 private:
  friend class cancellation_source;
  friend class cancellation_registration;
  explicit cancellation_token(detail::cancellation_state* s) noexcept : state_(s) { detail::add_reference(s); }
  detail::cancellation_state* state_ = nullptr;
};

/// The right to cancel the procedures that hold its tokens. Copies share one state.
class cancellation_source {
 public:
  cancellation_source() : state_(new detail::cancellation_state) {}
  cancellation_source(const cancellation_source& o) noexcept : state_(o.state_) { detail::add_reference(state_); }
  cancellation_source(cancellation_source&& o) noexcept : state_(std::exchange(o.state_, nullptr)) {}
  cancellation_source& operator=(cancellation_source o) noexcept {
    std::swap(state_, o.state_);
    return *this;
  }
  ~cancellation_source() { detail::release(state_); }

  cancellation_token token() const noexcept { return cancellation_token(state_); }
  bool cancellation_requested() const noexcept { return state_ && state_->requested; }

  /// Marks the state cancelled and runs every registration's callback, in
  /// registration order, on this thread, before returning. Callbacks may
  /// resume coroutines that destroy this source or register anew; both are
  /// safe. Returns false if cancellation had already been requested.
  bool request_cancellation() noexcept;

 private:
  detail::cancellation_state* state_;
};

/// A callback run when a token is cancelled. Lives inside the awaiting object
/// (no allocation), unregisters itself when destroyed, and cannot move while
/// registered. Runtime awaitables use it; procedure code rarely needs it.
class cancellation_registration {
 public:
  using callback = void (*)(void* context) noexcept;

  cancellation_registration() noexcept = default;
  cancellation_registration(const cancellation_registration&) = delete;
  cancellation_registration& operator=(const cancellation_registration&) = delete;
  ~cancellation_registration() { disarm(); }

  /// Registers `fn(context)` to run when `token` is cancelled. Returns false,
  /// registering nothing and calling nothing, if the token cannot be cancelled
  /// or is already cancelled (the caller then acts on that itself).
  bool arm(const cancellation_token& token, callback fn, void* context) noexcept;
  /// Unregisters; a no-op if not registered or already run.
  void disarm() noexcept;
  bool armed() const noexcept { return state_ != nullptr; }

 private:
  friend class cancellation_source;
  detail::cancellation_state* state_ = nullptr;  // referenced while registered
  cancellation_registration* prev_ = nullptr;
  cancellation_registration* next_ = nullptr;
  callback fn_ = nullptr;
  void* context_ = nullptr;
};

}  // namespace meridian::runtime
