#pragma once
// The repository's group commit: a thread that owns the writer store and
// runs whatever writes have queued since its last commit as one transaction
// (one sync), then posts each write's answer back to the event loop.

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "meridian/udr/data_repository.hpp"

namespace meridian::udr {

/// One write and where its answer goes (called on the loop thread).
struct pending_write {
  write_op op_;
  std::function<void(store_result<write_outcome>)> done_;
};

class data_repository::committer {
 public:
  committer(std::unique_ptr<subscriber_store> store, executor post);
  /// Commits everything queued, posts the answers, and joins the thread.
  ~committer();
  committer(const committer&) = delete;
  committer& operator=(const committer&) = delete;

  /// Queues a turn's writes for the next transaction (any thread).
  void submit(std::vector<pending_write> writes);

  data_repository_counters counters() const;

 private:
  void run();
  void commit(std::vector<pending_write> batch);

  std::unique_ptr<subscriber_store> store_;
  executor post_;

  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<pending_write> queue_;
  bool stopping_ = false;

  std::atomic<std::uint64_t> commits_{0}, writes_{0}, failed_commits_{0}, largest_batch_{0};
  std::thread thread_;  // last: starts once everything above exists
};

}  // namespace meridian::udr
