// "Answered only once durable", checked against a real crash: a child process
// advances one subscriber's SQN as fast as it can (vectors in flight, group
// commit) and reports each answered SQN down a pipe; it is killed with
// SIGKILL mid-stream; the file, reopened, holds an SQN at least as high as
// every one that was answered, and no SQN was answered twice.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <set>

#include "meridian/udr/data_repository.hpp"
#include "meridian/udr/sqlite_store.hpp"
#include "udr_test_support.hpp"

namespace meridian::udr {
namespace {

// One vector's SQN (read, next SEQ, compare-and-swap), written to `fd` once answered.
runtime::task<void> vectors_forever(nudr_data_repository& repo, model::supi supi, int fd) {
  for (;;) {
    auto subs = co_await repo.query_auth_subs_data(supi);
    if (!subs || !subs->sequence_number_ || !subs->sequence_number_->sqn_) _exit(3);
    const std::string current = *subs->sequence_number_->sqn_;
    sequence_number next = *subs->sequence_number_;
    const std::uint64_t value = (*sqn_from_hex(current) + 32) & sqn_max;
    next.sqn_ = sqn_to_hex(value);
    std::vector<authentication_subscription_patch> patch;
    patch.push_back({.op_ = sbi::patch_operation::test, .path_ = "/sequenceNumber/sqn", .from_ = std::nullopt,
                     .value_ = current});
    patch.push_back({.op_ = sbi::patch_operation::replace, .path_ = "/sequenceNumber", .from_ = std::nullopt,
                     .value_ = std::move(next)});
    auto done = co_await repo.modify_authentication_subscription(supi, std::move(patch));
    if (done && ::write(fd, &value, sizeof value) != static_cast<ssize_t>(sizeof value)) _exit(4);
  }
}

[[noreturn]] void child(const std::filesystem::path& path, int fd) {
  test::loop loop;
  auto repo = open_sqlite_repository(path, loop.post());
  if (!repo) _exit(2);
  const auto supi = test::supi_of("imsi-001010000000001");
  for (int i = 0; i < 16; ++i) runtime::spawn(vectors_forever(**repo, supi, fd), [](auto) {});
  // Bounded: the parent kills us long before this.
  loop.run_until([] { return false; });
  _exit(5);
}

TEST(udr_crash, after_kill_9_the_store_holds_every_answered_sqn_and_none_was_answered_twice) {
  test::temp_dir dir;
  const auto path = dir.file("udr.db");
  {
    auto store = open_sqlite_store(path);
    ASSERT_TRUE(store);
    ASSERT_TRUE((*store)->insert(test::plain_subscriber("imsi-001010000000001")));
  }
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::close(fds[0]);
    child(path, fds[1]);
  }
  ::close(fds[1]);

  std::vector<std::uint64_t> answered;
  auto read_some = [&] {
    std::uint64_t v = 0;
    const ssize_t n = ::read(fds[0], &v, sizeof v);
    if (n == static_cast<ssize_t>(sizeof v)) answered.push_back(v);
    return n > 0;
  };
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (answered.size() < 300 && std::chrono::steady_clock::now() < deadline && read_some()) {
  }
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status)) << "the child ended by itself, status " << status;
  while (read_some()) {  // what it answered before it died
  }
  ::close(fds[0]);
  ASSERT_GE(answered.size(), 300u);

  const std::set<std::uint64_t> distinct(answered.begin(), answered.end());
  EXPECT_EQ(distinct.size(), answered.size()) << "an SQN was answered twice";
  auto store = open_sqlite_store(path);
  ASSERT_TRUE(store);
  auto a = (*store)->find_authentication(test::supi_of("imsi-001010000000001"));
  ASSERT_TRUE(a && *a);
  EXPECT_GE((*a)->sqn_.sqn_, *distinct.rbegin()) << "an answered SQN was lost";
}

}  // namespace
}  // namespace meridian::udr
