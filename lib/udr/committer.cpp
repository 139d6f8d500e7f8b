#include "committer.hpp"

#include "meridian/common/log.hpp"

namespace meridian::udr {

data_repository::committer::committer(std::unique_ptr<subscriber_store> store, executor post)
    : store_(std::move(store)), post_(std::move(post)), thread_([this] { run(); }) {}

data_repository::committer::~committer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void data_repository::committer::submit(std::vector<pending_write> writes) {
  if (writes.empty()) return;
  {
    std::lock_guard lock(mutex_);
    if (queue_.empty()) {
      queue_ = std::move(writes);
    } else {
      for (auto& w : writes) queue_.push_back(std::move(w));
    }
  }
  wake_.notify_one();
}

void data_repository::committer::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and nothing left to commit
    // Everything that queued while the last transaction synced goes into this one.
    std::vector<pending_write> batch = std::move(queue_);
    queue_.clear();
    lock.unlock();
    commit(std::move(batch));
    lock.lock();
  }
}

void data_repository::committer::commit(std::vector<pending_write> batch) {
  std::vector<write_op> ops;
  ops.reserve(batch.size());
  for (auto& w : batch) ops.push_back(std::move(w.op_));
  auto outcomes = store_->apply(ops);

  if (outcomes) {
    commits_.fetch_add(1, std::memory_order_relaxed);
    writes_.fetch_add(batch.size(), std::memory_order_relaxed);
    std::uint64_t largest = largest_batch_.load(std::memory_order_relaxed);
    while (batch.size() > largest &&
           !largest_batch_.compare_exchange_weak(largest, batch.size(), std::memory_order_relaxed)) {
    }
  } else {
    failed_commits_.fetch_add(1, std::memory_order_relaxed);
    // Store errors name tables and files, never key material.
    log::get("udr")->error("a transaction of {} write(s) failed: {}", batch.size(), outcomes.error().message());
  }
  // One hop back to the loop for the whole batch; answers in submission order.
  post_([batch = std::move(batch), outcomes = std::move(outcomes)]() mutable {
    for (std::size_t i = 0; i < batch.size(); ++i) {
      if (outcomes)
        batch[i].done_((*outcomes)[i]);
      else
        batch[i].done_(std::unexpected(outcomes.error()));
    }
  });
}

data_repository_counters data_repository::committer::counters() const {
  return data_repository_counters{.commits_ = commits_.load(std::memory_order_relaxed),
                                  .writes_ = writes_.load(std::memory_order_relaxed),
                                  .failed_commits_ = failed_commits_.load(std::memory_order_relaxed),
                                  .largest_batch_ = largest_batch_.load(std::memory_order_relaxed),
                                  .sqn_conflicts_ = 0};
}

}  // namespace meridian::udr
