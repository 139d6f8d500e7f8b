#pragma once
// The coroutine runtime in one include: task, spawn, cancellation, timers,
// with_timeout, pending_requests, strand. docs/runtime.md shows how a
// procedure is written with them.

#include "meridian/runtime/cancellation.hpp"
#include "meridian/runtime/error.hpp"
#include "meridian/runtime/pending_requests.hpp"
#include "meridian/runtime/strand.hpp"
#include "meridian/runtime/task.hpp"
#include "meridian/runtime/timer_service.hpp"
#include "meridian/runtime/with_timeout.hpp"
