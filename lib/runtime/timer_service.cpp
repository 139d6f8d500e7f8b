#include "meridian/runtime/timer_service.hpp"

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>

#include "meridian/common/invariant.hpp"

namespace meridian::runtime {

// Keeps one asio::steady_timer armed for the earliest deadline. It re-arms only
// when a new timer becomes earlier than the armed one; a cancelled earliest
// timer just costs one early wake-up that finds nothing due and re-arms.
class timer_service::io_driver {
 public:
  io_driver(asio::io_context& io, timer_service& service)
      : timer_(io), service_(service), alive_(std::make_shared<io_driver*>(this)) {}
  ~io_driver() {
    // Handlers still queued in the io_context see the null and do nothing.
    *alive_ = nullptr;
    timer_.cancel();
  }

  void schedule(clock::time_point deadline) {
    if (armed_ && deadline >= armed_for_) return;
    armed_ = true;
    armed_for_ = deadline;
    const std::uint64_t generation = ++generation_;
    timer_.expires_after(deadline - service_.now());
    timer_.async_wait([alive = alive_, generation](const std::error_code& ec) {
      io_driver* self = *alive;
      // A superseded wait (aborted, or already queued when re-armed) is ignored.
      if (ec || !self || generation != self->generation_) return;
      self->on_expiry();
    });
  }

 private:
  void on_expiry() {
    armed_ = false;
    service_.run_due();
    if (auto next = service_.next_deadline()) schedule(*next);
  }

  asio::steady_timer timer_;
  timer_service& service_;
  std::shared_ptr<io_driver*> alive_;
  bool armed_ = false;
  clock::time_point armed_for_{};
  std::uint64_t generation_ = 0;
};

timer_service::timer_service(const meridian::clock& clk) : clock_(clk) {}

timer_service::timer_service(const meridian::clock& clk, asio::io_context& io)
    : clock_(clk), driver_(std::make_unique<io_driver>(io, *this)) {}

timer_service::~timer_service() {
  driver_.reset();
  // Whatever is still armed stays disarmed: its owner may still destroy it later.
  for (detail::timer_node* n : heap_) n->index_ = detail::timer_node::not_armed;
}

bool timer_service::earlier(const detail::timer_node* a, const detail::timer_node* b) const noexcept {
  return a->deadline_ < b->deadline_ || (a->deadline_ == b->deadline_ && a->sequence_ < b->sequence_);
}

void timer_service::place(std::size_t i, detail::timer_node* n) noexcept {
  heap_[i] = n;
  n->index_ = i;
}

void timer_service::sift_up(std::size_t i) noexcept {
  detail::timer_node* n = heap_[i];
  while (i > 0) {
    const std::size_t parent = (i - 1) / 2;
    if (!earlier(n, heap_[parent])) break;
    place(i, heap_[parent]);
    i = parent;
  }
  place(i, n);
}

void timer_service::sift_down(std::size_t i) noexcept {
  detail::timer_node* n = heap_[i];
  const std::size_t size = heap_.size();
  for (;;) {
    std::size_t child = 2 * i + 1;
    if (child >= size) break;
    if (child + 1 < size && earlier(heap_[child + 1], heap_[child])) ++child;
    if (!earlier(heap_[child], n)) break;
    place(i, heap_[child]);
    i = child;
  }
  place(i, n);
}

void timer_service::remove_at(std::size_t i) noexcept {
  detail::timer_node* removed = heap_[i];
  detail::timer_node* last = heap_.back();
  heap_.pop_back();
  removed->index_ = detail::timer_node::not_armed;
  if (last == removed) return;
  place(i, last);
  if (i > 0 && earlier(last, heap_[(i - 1) / 2]))
    sift_up(i);
  else
    sift_down(i);
}

void timer_service::arm(detail::timer_node& node, clock::time_point deadline) {
  disarm(node);
  node.deadline_ = deadline;
  node.sequence_ = next_sequence_++;
  heap_.push_back(&node);
  sift_up(heap_.size() - 1);
  if (driver_ && node.index_ == 0) driver_->schedule(deadline);
}

bool timer_service::disarm(detail::timer_node& node) noexcept {
  if (!node.armed()) return false;
  MERIDIAN_INVARIANT(node.index_ < heap_.size() && heap_[node.index_] == &node,
                     "an armed timer sits at its heap index");
  if (node.index_ >= heap_.size() || heap_[node.index_] != &node) {
    node.index_ = detail::timer_node::not_armed;
    return false;
  }
  remove_at(node.index_);
  return true;
}

std::size_t timer_service::run_due() {
  const clock::time_point now = clock_.now();
  std::size_t fired = 0;
  while (!heap_.empty() && heap_.front()->deadline_ <= now) {
    detail::timer_node* n = heap_.front();
    remove_at(0);
    ++fired;
    n->fire_(*n);  // may destroy n, arm or disarm others: the loop re-reads the heap
  }
  return fired;
}

std::optional<clock::time_point> timer_service::next_deadline() const noexcept {
  if (heap_.empty()) return std::nullopt;
  return heap_.front()->deadline_;
}

// timer

void timer::arm_at(clock::time_point deadline, std::move_only_function<void()> on_expiry) {
  on_expiry_ = std::move(on_expiry);
  service_.arm(*this, deadline);
}

bool timer::cancel() noexcept {
  // armed() first: a timer outliving its service must not call into it.
  const bool was_armed = armed() && service_.disarm(*this);
  on_expiry_ = nullptr;
  return was_armed;
}

void timer::fire(timer_node& n) noexcept {
  auto& self = static_cast<timer&>(n);
  // Taken out first: the callback may destroy or re-arm the timer.
  auto callback = std::move(self.on_expiry_);
  self.on_expiry_ = nullptr;
  if (callback) callback();
}

// sleep_awaiter

bool sleep_awaiter::suspend(std::coroutine_handle<> h, const cancellation_token& token) noexcept {
  if (token.cancellation_requested()) {
    cancelled_ = true;
    return false;
  }
  if (wake_at_ <= service_.now()) return false;
  waiter_ = h;
  registration_.arm(token, &on_cancel, this);
  service_.arm(*this, wake_at_);
  return true;
}

void sleep_awaiter::fire(timer_node& n) noexcept {
  auto& self = static_cast<sleep_awaiter&>(n);
  self.registration_.disarm();
  self.waiter_.resume();
}

void sleep_awaiter::on_cancel(void* p) noexcept {
  auto& self = *static_cast<sleep_awaiter*>(p);
  self.service_.disarm(self);
  self.cancelled_ = true;
  self.waiter_.resume();
}

}  // namespace meridian::runtime
