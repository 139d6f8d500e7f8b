#include "meridian/runtime/error.hpp"

namespace meridian::runtime {

std::string_view to_string(runtime_error e) noexcept {
  switch (e) {
    case runtime_error::timed_out:
      return "timed_out";
    case runtime_error::cancelled:
      return "cancelled";
    case runtime_error::duplicate_key:
      return "duplicate_key";
    case runtime_error::internal_error:
      return "internal_error";
  }
  return "unknown";
}

}  // namespace meridian::runtime
