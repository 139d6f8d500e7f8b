#pragma once
// The session_installer of datapath.hpp without the wait: each operation
// returns at once and its result arrives later through a completion, called
// on the N4 thread (datapath_engine posts it onto the N4 io_context), so the
// N4 event loop keeps serving other peers and sessions while a worker
// applies the rules between two of its batches. Operations on one session
// are applied in the order they were started (each worker runs its commands
// in order), so a modification may be started before the establishment's
// completion has arrived.

#include <expected>
#include <functional>
#include <optional>
#include <vector>

#include "meridian/upf/datapath.hpp"

namespace meridian::upf {

class async_session_installer {
 public:
  using establish_completion = std::move_only_function<void(std::expected<void, rules_error>)>;
  using modify_completion = std::move_only_function<void(std::expected<std::vector<urr_usage>, rules_error>)>;
  using remove_completion = std::move_only_function<void(std::optional<std::vector<urr_usage>>)>;

  virtual ~async_session_installer() = default;

  /// session_installer::establish; `done` gets the result.
  virtual void establish_async(session_rules rules, establish_completion done) = 0;
  /// session_installer::modify; `done` gets the queried URRs' usage or the error.
  virtual void modify_async(session_rules rules, modify_options options, modify_completion done) = 0;
  /// session_installer::remove; `done` gets the final measurements, or nothing for an unknown session.
  virtual void remove_async(seid id, remove_completion done) = 0;
};

}  // namespace meridian::upf
