#pragma once
// Running a service operation from a test: to its end (the in-process fakes
// answer without suspending), or started and left to end later (a gate in a
// fake holds it); and reading a result's cause.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <expected>
#include <optional>
#include <span>

#include "meridian/runtime/task.hpp"
#include "meridian/sbi_types/result.hpp"

namespace meridian::test {

/// The task's value, or nothing if it did not end (it suspended on something
/// that never resumed it) or ended by an escaped exception.
template <class T>
std::optional<T> run(runtime::task<T> t) {
  std::optional<T> out;
  runtime::spawn(std::move(t), [&out](std::expected<T, runtime::runtime_error> r) {
    if (r) out.emplace(std::move(*r));
  });
  return out;
}

/// Starts a task that may suspend; its value lands in `out` when it ends.
template <class T>
void start(runtime::task<T> t, std::optional<T>& out) {
  runtime::spawn(std::move(t), [&out](std::expected<T, runtime::runtime_error> r) {
    if (r) out.emplace(std::move(*r));
  });
}

/// The cause of an operation's problem; nothing when it succeeded or did not end.
template <class T>
std::optional<sbi::cause> cause_of(const std::optional<sbi::result<T>>& r) {
  if (!r || *r) return std::nullopt;
  return r->error().cause_;
}

/// N octets of `b` as an array (RAND, AUTN out of a vector); fails the test on another size.
template <std::size_t N>
std::array<std::uint8_t, N> array_of(std::span<const std::uint8_t> b) {
  std::array<std::uint8_t, N> a{};
  EXPECT_EQ(b.size(), N);
  std::copy_n(b.begin(), std::min(N, b.size()), a.begin());
  return a;
}

}  // namespace meridian::test
