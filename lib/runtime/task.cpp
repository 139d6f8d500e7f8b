#include "meridian/runtime/task.hpp"

#include <atomic>
#include <stdexcept>

#include "meridian/common/log.hpp"

namespace meridian::runtime {

namespace {
std::atomic<std::uint64_t> escaped{0};
}  // namespace

namespace detail {

void report_escaped_exception(std::exception_ptr e) noexcept {
  escaped.fetch_add(1, std::memory_order_relaxed);
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    try {
      log::get("runtime")->error("exception escaped a spawned procedure (a bug): {}", ex.what());
    } catch (...) {
    }
  } catch (...) {
    try {
      log::get("runtime")->error("non-standard exception escaped a spawned procedure (a bug)");
    } catch (...) {
    }
  }
}

}  // namespace detail

std::uint64_t escaped_exception_count() noexcept { return escaped.load(std::memory_order_relaxed); }

}  // namespace meridian::runtime
