#pragma once
// `meridian subscriber set`: read a subscriber, change what the operator
// named, write it back. The stored SQN is written only when the operator gave
// --sqn: a UDR serving the same store may advance it between the read and the
// write, and writing back the SQN read would let it hand out used SQNs again.

#include <expected>
#include <optional>
#include <string>
#include <variant>

#include "meridian/subscriber_admin/admin_config.hpp"
#include "meridian/subscriber_admin/keys_file.hpp"
#include "meridian/subscriber_admin/subscriber_options.hpp"
#include "meridian/udr/subscriber_store.hpp"

namespace meridian::subscriber_admin {

/// Why nothing changed: a one-line reason about what was typed (an unknown
/// subscriber, a bad option), or the store's own error.
using set_error = std::variant<std::string, udr::store_error>;

/// Applies `keys` (when given: K and OP/OPc) and `options` to the stored
/// subscriber `supi` and stores it, in one write; the SQN state stays as
/// stored unless options.sqn_ is given. Returns the subscriber as written.
std::expected<udr::subscriber, set_error> set_subscriber(udr::subscriber_store& store, const model::supi& supi,
                                                         const std::optional<subscriber_keys>& keys,
                                                         const subscriber_options& options,
                                                         const subscriber_defaults& defaults);

}  // namespace meridian::subscriber_admin
