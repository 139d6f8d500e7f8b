#include "meridian/runtime/cancellation.hpp"

namespace meridian::runtime {

bool cancellation_source::request_cancellation() noexcept {
  detail::cancellation_state* s = state_;
  if (!s || s->requested) return false;
  s->requested = true;
  // A callback may resume a coroutine that destroys this source (and so drops
  // its reference) or other registrations: keep the state alive, and unlink
  // each registration before running it so that the list is always consistent.
  detail::add_reference(s);
  while (cancellation_registration* r = s->head) {
    s->head = r->next_;
    if (s->head)
      s->head->prev_ = nullptr;
    else
      s->tail = nullptr;
    r->prev_ = r->next_ = nullptr;
    r->state_ = nullptr;
    const auto fn = r->fn_;
    void* const context = r->context_;
    --s->references;     // the registration's; ours keeps s alive, so never the last
    fn(context);         // r may no longer exist from here on
  }
  detail::release(s);
  return true;
}

bool cancellation_registration::arm(const cancellation_token& token, callback fn, void* context) noexcept {
  disarm();
  detail::cancellation_state* s = token.state_;
  if (!s || s->requested) return false;
  detail::add_reference(s);
  state_ = s;
  fn_ = fn;
  context_ = context;
  prev_ = s->tail;
  next_ = nullptr;
  if (s->tail)
    s->tail->next_ = this;
  else
    s->head = this;
  s->tail = this;
  return true;
}

void cancellation_registration::disarm() noexcept {
  detail::cancellation_state* s = state_;
  if (!s) return;
  if (prev_)
    prev_->next_ = next_;
  else
    s->head = next_;
  if (next_)
    next_->prev_ = prev_;
  else
    s->tail = prev_;
  prev_ = next_ = nullptr;
  state_ = nullptr;
  detail::release(s);
}

}  // namespace meridian::runtime
