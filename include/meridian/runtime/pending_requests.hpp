#pragma once
// pending_requests<Key, Response>: outstanding requests keyed by transaction id
// (a PFCP Sequence Number, an NGAP UE id + procedure code, an SBI call id).
//
//   // register first, then send: an answer that comes back synchronously
//   // (an in-process peer) is then not lost
//   auto answer = pending_.wait(sequence_number, t1);
//   send(request);
//   std::expected<pfcp::message, runtime_error> r = co_await answer;
//
//   // where answers arrive (the socket handler):
//   if (!pending_.complete(header.sequence_number, std::move(msg)))
//     ++counters_.unexpected_responses;   // unknown key or second answer: count, never crash
//
// wait() registers the key at once and arms its timer; `co_await` on the
// returned awaiter gives the response, runtime_error::timed_out when the
// timeout passes first, runtime_error::cancelled when the awaiting task is
// cancelled (or cancel_all() is called), or runtime_error::duplicate_key when
// the key was already awaited (the first waiter is untouched). Destroying the
// awaiter without awaiting it takes the key back out.
//
// complete() resumes the waiting task inline, before it returns. One thread;
// the table and its timer_service must outlive every awaiter.

#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "meridian/runtime/cancellation.hpp"
#include "meridian/runtime/error.hpp"
#include "meridian/runtime/task.hpp"
#include "meridian/runtime/timer_service.hpp"

namespace meridian::runtime {

template <class Key, class Response, class Hash = std::hash<Key>, class KeyEqual = std::equal_to<Key>>
class pending_requests {
 public:
  using result_type = std::expected<Response, runtime_error>;

  /// One outstanding request; what `co_await` waits on. Cannot move.
  class awaiter : private detail::timer_node {
   public:
    awaiter(const awaiter&) = delete;
    awaiter& operator=(const awaiter&) = delete;
    ~awaiter() { withdraw(); }

    bool await_ready() const noexcept { return outcome_.has_value(); }
    template <class P>
    bool await_suspend(std::coroutine_handle<P> h) noexcept {
      const cancellation_token token = detail::token_of(h);
      if (token.cancellation_requested()) {
        withdraw();
        outcome_.emplace(std::unexpected(runtime_error::cancelled));
        return false;
      }
      registration_.arm(token, &on_cancel, this);
      waiter_ = h;
      return true;
    }
    result_type await_resume() noexcept(std::is_nothrow_move_constructible_v<Response>) {
      return std::move(*outcome_);
    }

   private:
    friend class pending_requests;
    awaiter(pending_requests& table, Key key, clock::duration timeout)
        : timer_node(&on_timeout), table_(table), timers_(table.timers_), key_(std::move(key)),
          serial_(table.next_serial_++) {
      if (!table_.waiting_.try_emplace(key_, this).second) {
        outcome_.emplace(std::unexpected(runtime_error::duplicate_key));
        return;
      }
      registered_ = true;
      timers_.arm(*this, timers_.now() + timeout);
    }

    // Out of the table and the timer heap, without resuming anyone.
    void withdraw() noexcept {
      registration_.disarm();
      if (armed()) timers_.disarm(*this);
      if (registered_) {
        registered_ = false;
        table_.waiting_.erase(key_);
      }
    }

    // The one way a registered request ends: record, clean up, resume the waiter.
    void settle(result_type outcome) noexcept {
      withdraw();
      outcome_.emplace(std::move(outcome));
      if (auto h = std::exchange(waiter_, {})) h.resume();  // may destroy *this
    }

    static void on_timeout(timer_node& n) noexcept {
      static_cast<awaiter&>(n).settle(std::unexpected(runtime_error::timed_out));
    }
    static void on_cancel(void* p) noexcept {
      static_cast<awaiter*>(p)->settle(std::unexpected(runtime_error::cancelled));
    }

    pending_requests& table_;
    timer_service& timers_;
    Key key_;
    std::uint64_t serial_;  // registration order, for cancel_all
    bool registered_ = false;
    std::optional<result_type> outcome_;
    std::coroutine_handle<> waiter_;
    cancellation_registration registration_;
  };

  explicit pending_requests(timer_service& timers) : timers_(timers) {}
  pending_requests(const pending_requests&) = delete;
  pending_requests& operator=(const pending_requests&) = delete;
  ~pending_requests() {
    // Awaiters still registered are forgotten without being resumed; destroying
    // them later must not touch this table.
    for (auto& [key, a] : waiting_) a->registered_ = false;
  }

  /// Registers `key` now, with `timeout` from now (see the top of this header).
  [[nodiscard]] awaiter wait(Key key, clock::duration timeout) { return awaiter(*this, std::move(key), timeout); }

  /// Delivers the answer for `key`. False, and nothing happens, if no request
  /// with that key is outstanding: an unexpected or duplicate answer from the peer.
  bool complete(const Key& key, Response response) {
    auto it = waiting_.find(key);
    if (it == waiting_.end()) return false;
    it->second->settle(std::move(response));
    return true;
  }

  /// Ends every outstanding request with `why` (e.g. the association to the peer
  /// was lost). Requests registered by the resumed tasks meanwhile are kept.
  /// Returns how many were ended.
  std::size_t cancel_all(runtime_error why = runtime_error::cancelled) {
    const std::uint64_t registered_before = next_serial_;
    std::vector<Key> keys;
    keys.reserve(waiting_.size());
    for (const auto& entry : waiting_) keys.push_back(entry.first);
    std::size_t ended = 0;
    for (const Key& key : keys) {
      auto it = waiting_.find(key);
      // A resumed task may have ended a later request or registered the key anew.
      if (it == waiting_.end() || it->second->serial_ >= registered_before) continue;
      ++ended;
      it->second->settle(std::unexpected(why));
    }
    return ended;
  }

  bool contains(const Key& key) const { return waiting_.contains(key); }
  std::size_t size() const noexcept { return waiting_.size(); }

 private:
  timer_service& timers_;
  std::unordered_map<Key, awaiter*, Hash, KeyEqual> waiting_;
  std::uint64_t next_serial_ = 0;
};

}  // namespace meridian::runtime
