#pragma once
// How N4 installs rules in the data path (datapath.hpp is the rest of the
// seam). Nobody waits for a worker: each operation returns at once and its
// result arrives later through a completion, called on the N4 thread (datapath_engine posts it onto the N4 io_context), so the
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

  /// Installs a new session (Session Establishment); `done` gets the result.
  virtual void establish_async(session_rules rules, establish_completion done) = 0;
  /// Replaces the rules of session `rules.seid_` (Session Modification),
  /// keeping its measurements and buffered packets. When a FAR changes from
  /// buffering to forwarding, the buffered packets leave by the new FAR. On
  /// error the old rules stay in force. `done` gets the queried URRs' usage or the error.
  virtual void modify_async(session_rules rules, modify_options options, modify_completion done) = 0;
  /// Removes the session (Session Deletion); `done` gets the final
  /// measurement of each of its URRs, or nothing for an unknown session.
  virtual void remove_async(seid id, remove_completion done) = 0;
};

}  // namespace meridian::upf
