#include "meridian/runtime/strand.hpp"

#include <asio/io_context.hpp>
#include <asio/post.hpp>

#include "meridian/common/invariant.hpp"

namespace meridian::runtime {

strand::~strand() {
  MERIDIAN_INVARIANT(!held_ && head_ == nullptr, "a strand is idle when its owner destroys it");
}

bool strand::enqueue(lock_awaiter& a, std::coroutine_handle<> h, const cancellation_token& token) noexcept {
  if (token.cancellation_requested()) {
    a.state_ = lock_awaiter::state::cancelled;
    return false;
  }
  if (!held_) {
    held_ = true;
    a.state_ = lock_awaiter::state::granted;
    return false;
  }
  a.state_ = lock_awaiter::state::queued;
  a.waiter_ = h;
  a.prev_ = tail_;
  a.next_ = nullptr;
  if (tail_)
    tail_->next_ = &a;
  else
    head_ = &a;
  tail_ = &a;
  ++queued_;
  a.registration_.arm(token, &lock_awaiter::on_cancel, &a);
  return true;
}

void strand::unlink(lock_awaiter& a) noexcept {
  a.registration_.disarm();
  if (a.state_ != lock_awaiter::state::queued) return;
  if (a.prev_)
    a.prev_->next_ = a.next_;
  else
    head_ = a.next_;
  if (a.next_)
    a.next_->prev_ = a.prev_;
  else
    tail_ = a.prev_;
  a.prev_ = a.next_ = nullptr;
  a.state_ = lock_awaiter::state::idle;
  --queued_;
}

void strand::release() noexcept {
  lock_awaiter* next = head_;
  if (!next) {
    held_ = false;
    return;
  }
  // Ownership passes straight to the next waiter (held_ stays true, so nothing
  // can overtake it); it starts from the io_context, not from this stack.
  unlink(*next);
  next->state_ = lock_awaiter::state::granted;
  asio::post(io_, [h = next->waiter_] { h.resume(); });
}

void strand::lock_awaiter::on_cancel(void* p) noexcept {
  auto& self = *static_cast<lock_awaiter*>(p);
  self.strand_.unlink(self);
  self.state_ = state::cancelled;
  self.waiter_.resume();
}

}  // namespace meridian::runtime
