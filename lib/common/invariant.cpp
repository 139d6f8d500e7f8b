#include "meridian/common/invariant.hpp"

#include <atomic>
#include <cstdlib>

#include "meridian/common/log.hpp"

namespace meridian::invariant {

namespace {
std::atomic<std::uint64_t> failures{0};
}  // namespace

void report_failure(std::string_view what, const char* file, int line, mode m) noexcept {
  failures.fetch_add(1, std::memory_order_relaxed);
  // Logging may allocate and so throw; a failed invariant must never add a
  // second failure, so the line is best effort.
  try {
    auto logger = log::get("invariant");
    logger->error("invariant failed at {}:{}: {}", file, line, what);
    if (m == mode::abort) logger->flush();
  } catch (...) {
  }
  if (m == mode::abort) std::abort();
}

std::uint64_t failure_count() noexcept { return failures.load(std::memory_order_relaxed); }

}  // namespace meridian::invariant
