// The RAND and authCtxId source: CSPRNG octets drawn a kilobyte at a time,
// each handed out once, and never repeated by a forked child.

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <set>
#include <vector>

#include "meridian/udm/random_pool.hpp"
#include "meridian/udm/ue_authentication.hpp"

namespace meridian::udm {
namespace {

TEST(random_pool, draws_across_many_refills_are_all_different) {
  random_pool pool;
  std::set<std::array<std::uint8_t, 16>> seen;
  for (int i = 0; i < 1000; ++i) {  // 16,000 octets: 15 refills
    std::array<std::uint8_t, 16> r{};
    ASSERT_TRUE(pool.draw(r));
    EXPECT_TRUE(seen.insert(r).second);
  }
}

TEST(random_pool, a_draw_larger_than_the_pool_goes_straight_to_the_generator) {
  random_pool pool;
  std::vector<std::uint8_t> big(4096, 0);
  ASSERT_TRUE(pool.draw(big));
  EXPECT_GT(std::set<std::uint8_t>(big.begin(), big.end()).size(), 200u);  // not left zero
}

TEST(random_pool, a_forked_child_does_not_repeat_what_its_parent_draws_next) {
  random_pool pool;
  std::array<std::uint8_t, 16> first{};
  ASSERT_TRUE(pool.draw(first));  // the pool now holds 1008 undrawn octets
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::array<std::uint8_t, 16> r{};
    const bool ok = pool.draw(r);
    ::_exit(ok && ::write(fds[1], r.data(), r.size()) == static_cast<ssize_t>(r.size()) ? 0 : 1);
  }
  ::close(fds[1]);
  std::array<std::uint8_t, 16> from_child{};
  const auto n = ::read(fds[0], from_child.data(), from_child.size());
  ::close(fds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_EQ(n, 16);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  std::array<std::uint8_t, 16> from_parent{};
  ASSERT_TRUE(pool.draw(from_parent));
  EXPECT_NE(from_child, from_parent);
}

TEST(random_pool, the_system_rand_source_gives_distinct_rands) {
  auto source = system_rand_source();
  std::set<crypto::rand128> seen;
  for (int i = 0; i < 200; ++i) {
    auto r = source();
    ASSERT_TRUE(r);
    EXPECT_TRUE(seen.insert(*r).second);
  }
}

}  // namespace
}  // namespace meridian::udm
