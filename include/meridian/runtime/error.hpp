#pragma once
// Why an awaited runtime operation did not produce its value. Procedures branch
// on these values, never on text.

#include <string_view>

namespace meridian::runtime {

enum class runtime_error {
  timed_out,      ///< the deadline (with_timeout, pending_requests::wait) passed first
  cancelled,      ///< the awaiting procedure's cancellation was requested
  duplicate_key,  ///< pending_requests::wait on a key that is already awaited
  internal_error, ///< an exception escaped a spawned procedure: a bug, logged and counted
};

/// "timed_out", "cancelled", ... for log lines.
std::string_view to_string(runtime_error e) noexcept;

}  // namespace meridian::runtime
