#pragma once
// Internal invariants: conditions that only a bug in Meridian can break.
//
//   MERIDIAN_INVARIANT(heap_index_ < heap_.size(), "armed timer has a heap slot");
//
// A failed invariant in a release build (NDEBUG) logs one error line on the
// "invariant" logger with file:line and the text, increments a process-wide
// counter (failure_count(), for tests and metrics), and execution continues:
// one UE's broken state must not take the whole network function down. In a
// debug build it logs and then aborts, so the bug is found where it happened.
//
// NEVER use it for input from the wire or from a file or configuration: a
// malformed message or a bad key is not a bug in Meridian. Such input gets an
// error value, a counter, a log line at the boundary and the protocol's own
// answer; configuration errors raise config_error at start-up.

#include <cstdint>
#include <string_view>

namespace meridian::invariant {

/// What a failed invariant does after it is logged and counted.
enum class mode {
  log_and_continue,  ///< release builds (NDEBUG)
  abort,             ///< debug builds
};

/// The mode MERIDIAN_INVARIANT uses in this translation unit.
#ifdef NDEBUG
#define MERIDIAN_INVARIANT_MODE ::meridian::invariant::mode::log_and_continue
#else
#define MERIDIAN_INVARIANT_MODE ::meridian::invariant::mode::abort
#endif

/// Logs "invariant failed at file:line: what", counts it, and aborts if `m`
/// is mode::abort. Called by MERIDIAN_INVARIANT; tests call it with an explicit
/// mode so that they do not depend on NDEBUG.
void report_failure(std::string_view what, const char* file, int line, mode m) noexcept;

/// How many invariants have failed in this process since it started.
std::uint64_t failure_count() noexcept;

}  // namespace meridian::invariant

/// Checks an internal invariant (see the top of this header). `what` is a
/// string literal that says what should have held. `cond` is evaluated once.
#define MERIDIAN_INVARIANT(cond, what)                                                          \
  do {                                                                                          \
    if (!(cond)) [[unlikely]]                                                                   \
      ::meridian::invariant::report_failure((what), __FILE__, __LINE__, MERIDIAN_INVARIANT_MODE); \
  } while (false)
