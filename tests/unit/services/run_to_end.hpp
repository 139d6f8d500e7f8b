#pragma once
// Runs a task to its end on this thread and gives its value. The fakes answer
// without suspending, so a task made of calls to them ends inside spawn().

#include <expected>
#include <optional>
#include <utility>

#include "meridian/runtime/task.hpp"

namespace meridian::test {

/// The task's value, or nothing if it did not end (it suspended on something
/// that never resumed it) or ended by an escaped exception.
template <class T>
std::optional<T> run_to_end(runtime::task<T> t) {
  std::optional<T> out;
  runtime::spawn(std::move(t), [&out](std::expected<T, runtime::runtime_error> r) {
    if (r) out.emplace(std::move(*r));
  });
  return out;
}

}  // namespace meridian::test
