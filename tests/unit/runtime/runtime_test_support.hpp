#pragma once
// Helpers shared by the runtime's tests: a manual clock with its timers, and a
// place where a spawned task leaves its outcome.

#include <expected>
#include <optional>
#include <utility>

#include "meridian/common/clock.hpp"
#include "meridian/runtime/error.hpp"
#include "meridian/runtime/timer_service.hpp"

namespace meridian::runtime::test {

struct manual_timers {
  manual_clock clk;
  timer_service timers{clk};

  /// Moves the clock and fires what became due.
  void advance(clock::duration d) {
    clk.advance(d);
    timers.run_due();
  }
};

/// spawn(t, out.sink()) stores the outcome here.
template <class T>
struct outcome {
  std::optional<std::expected<T, runtime_error>> value;
  auto sink() {
    return [this](std::expected<T, runtime_error> r) { value.emplace(std::move(r)); };
  }
  bool done() const { return value.has_value(); }
};

}  // namespace meridian::runtime::test
