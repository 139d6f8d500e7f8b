#include "meridian/upf/flat_index.hpp"

#include <random>
#include <unordered_map>

#include <gtest/gtest.h>

namespace meridian::upf {
namespace {

TEST(flat_index, when_keys_are_inserted_then_each_is_found_and_others_are_not) {
  flat_index<int> idx;
  std::vector<int> values(1000);
  for (std::uint32_t k = 0; k < 1000; ++k) ASSERT_TRUE(idx.insert(k * 7, &values[k]));
  for (std::uint32_t k = 0; k < 1000; ++k) EXPECT_EQ(idx.find(k * 7), &values[k]);
  EXPECT_EQ(idx.find(1), nullptr);
  EXPECT_EQ(idx.size(), 1000u);
  EXPECT_LE(idx.size() * 2, idx.bucket_count());
}

TEST(flat_index, when_key_is_present_then_insert_refuses_it) {
  flat_index<int> idx;
  int a = 0, b = 0;
  EXPECT_TRUE(idx.insert(5, &a));
  EXPECT_FALSE(idx.insert(5, &b));
  EXPECT_EQ(idx.find(5), &a);
}

TEST(flat_index, when_reserved_then_inserting_that_many_does_not_rehash) {
  flat_index<int> idx;
  idx.reserve(100'000);
  const std::size_t buckets = idx.bucket_count();
  int v = 0;
  for (std::uint32_t k = 0; k < 100'000; ++k) idx.insert(k, &v);
  EXPECT_EQ(idx.bucket_count(), buckets);
}

// Random inserts and erases checked against std::unordered_map: backward-shift
// deletion must never lose a key that shares a probe run with an erased one.
TEST(flat_index, when_keys_come_and_go_at_random_then_it_agrees_with_a_reference_map) {
  flat_index<int> idx;
  std::unordered_map<std::uint32_t, int*> ref;
  std::vector<int> storage(256);
  std::mt19937 rng(7);
  for (int step = 0; step < 200'000; ++step) {
    const std::uint32_t key = rng() % 512;  // dense keys: long probe runs
    int* value = &storage[rng() % storage.size()];
    if (rng() % 2 == 0) {
      EXPECT_EQ(idx.insert(key, value), ref.emplace(key, value).second);
    } else {
      EXPECT_EQ(idx.erase(key), ref.erase(key) == 1);
    }
    if (step % 1000 == 0) {
      ASSERT_EQ(idx.size(), ref.size());
      for (std::uint32_t k = 0; k < 512; ++k) {
        auto it = ref.find(k);
        ASSERT_EQ(idx.find(k), it == ref.end() ? nullptr : it->second) << "key " << k << " step " << step;
      }
    }
  }
}

}  // namespace
}  // namespace meridian::upf
