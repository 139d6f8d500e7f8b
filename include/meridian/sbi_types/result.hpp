#pragma once
// What every service operation returns: an awaitable task whose value is the
// response or the problem, so that an in-process call and an HTTP/2 call (the
// `sbi` module, issue 19) look the same to the caller.

#include <expected>

#include "meridian/runtime/task.hpp"
#include "meridian/sbi_types/problem_details.hpp"

namespace meridian::sbi {

/// The response of an operation, or its error. E is problem_details except for
/// the operations whose error body the specification extends (SmContextCreateError,
/// SmContextUpdateError, AccessTokenErr); those types carry a problem_details too,
/// so a transport failure always has somewhere to go.
template <class T, class E = problem_details>
using result = std::expected<T, E>;

/// An operation in flight: `co_await` it for its result.
template <class T, class E = problem_details>
using awaitable = runtime::task<result<T, E>>;

/// The response of an operation answered with 204 No Content.
struct no_content {
  bool operator==(const no_content&) const = default;
};

}  // namespace meridian::sbi
